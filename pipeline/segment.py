"""Segmentation: the numbered clauses of a cleaned text, as a tree of paths.

GB/T 9704 numbers official documents `一、` > `（一）` > `1.` > `（1）`; regulations
number `第X章` > `第X节` > `第X条` > `（一）` > `1.` > `（1）`. The ranks are fixed and a
level may be skipped; a clause nests under the nearest open clause of a higher rank.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.extract.numerals import read_numeral
from pipeline.model import Clause

CN_DIGITS = "零〇一二三四五六七八九十百两"

# marker kind → pattern at the start of a paragraph; the group `n` is the number
MARKER_PATTERNS = {
    "chapter": rf"第\s*(?P<n_chapter>[{CN_DIGITS}\d]+)\s*章",
    "section": rf"第\s*(?P<n_section>[{CN_DIGITS}\d]+)\s*节",
    # `第三条规定的…` and `第三条至第五条` are running text, not an article
    "article": rf"第\s*(?P<n_article>[{CN_DIGITS}\d]+)\s*条(?!规定|的|所|至|到|和|或|、|第|中|之|款|项)",
    "cn_top": rf"(?P<n_cn_top>[{CN_DIGITS}]+)\s*[、．.](?!\d)",
    "cn_paren": rf"[（(]\s*(?P<n_cn_paren>[{CN_DIGITS}]+)\s*[）)]|(?P<n_cn_half>[{CN_DIGITS}]+)[）)]",
    # `1.` `1．` `1、` but not `1.5` or a year `2022年`
    "num": r"(?P<n_num>\d{1,3})\s*[.．、](?!\d)",
    "num_paren": r"[（(]\s*(?P<n_num_paren>\d{1,3})\s*[）)]",
}
# A marker's spaces (`\s`) stay inside its line, so that the pattern finds the same
# markers in a whole text as in each line alone.
MARKER_RE = re.compile(
    "|".join(f"(?P<{k}>{p})" for k, p in MARKER_PATTERNS.items()).replace(r"\s", r"[^\S\n]"))
# a marker at the start of a line after the first, found by one search of the whole
# text: the engine skips from one line break to the next
MARKER_AFTER_BREAK_RE = re.compile(rf"\n(?:{MARKER_RE.pattern})")

# ranks by the family of the document's first marker
OFFICIAL_RANKS = {"cn_top": 1, "cn_paren": 2, "num": 3, "article": 3, "num_paren": 4,
                  "chapter": 1, "section": 2}
REGULATION_RANKS = {"chapter": 1, "section": 2, "article": 3, "cn_top": 4, "cn_paren": 4,
                    "num": 5, "num_paren": 6}
REGULATION_KINDS = {"chapter", "section", "article"}

HEADING_MAX = 40
HEADING_TRIM = " \u3000，。；：、,.;:！？!?"
SPACES_RE = re.compile(r"\s+")          # \s covers the full-width space too
BRACKETED_HEADING_RE = re.compile(r"^[（(]([^（）()]{1,20})[）)]$")


@dataclass
class Marker:
    kind: str
    number: int
    start: int            # of the marker in the text
    end: int              # end of the marker
    line_end: int         # end of its paragraph line
    written: str


# marker kind → the group holding its number (`n_cn_half` is the other of cn_paren's)
NUMBER_GROUPS = {kind: f"n_{kind}" for kind in MARKER_PATTERNS}


def find_markers(text: str) -> list[Marker]:
    """The markers at the start of the text's lines, in order."""
    first = MARKER_RE.match(text)
    found = MARKER_AFTER_BREAK_RE.finditer(text)
    markers = []
    for m in [first, *found] if first else found:
        kind = m.lastgroup
        number = m.group(NUMBER_GROUPS[kind]) or m.group("n_cn_half")
        line_end = text.find("\n", m.end())
        markers.append(Marker(kind, marker_number(number), m.start(kind), m.end(),
                              line_end if line_end >= 0 else len(text), m.group(kind).strip()))
    return markers


@lru_cache(maxsize=1024)
def marker_number(written: str) -> int:
    """A marker's number as an integer: `十二` → 12 (documents repeat the same few)."""
    return int(read_numeral(written))


@lru_cache(maxsize=1024)
def path_part(kind: str, written: str) -> str:
    """A marker's part of a clause path: `（一）` → `(一)`, `1.` → `1`, `第 2 条` → `第2条`."""
    written = SPACES_RE.sub("", written)
    if kind in ("cn_paren", "num_paren"):
        return f"({written.strip('（()）')})"
    return written.rstrip("、.．")


def heading_of(text: str, marker: Marker) -> str:
    line = text[marker.end:marker.line_end].strip(" \u3000")
    if marker.kind == "article":
        if not line:  # `第X条` alone on its line: a bracketed heading line may follow
            nxt_end = text.find("\n", marker.line_end + 1)
            line_after = text[marker.line_end + 1:nxt_end if nxt_end >= 0 else len(text)].strip()
            m = BRACKETED_HEADING_RE.match(line_after)
            return m.group(1) if m and not MARKER_RE.match(line_after) else ""
        m = BRACKETED_HEADING_RE.match(line)
        if m:
            return m.group(1)
    if marker.kind in ("chapter", "section"):
        line = SPACES_RE.sub("", line)
    stop = line.find("。")
    head = (line if stop < 0 else line[:stop]).rstrip(HEADING_TRIM)
    return head if len(head) <= HEADING_MAX else ""


def segment(text: str) -> tuple[list[Clause], list[str]]:
    """The clauses of `text` and the warnings about their numbering."""
    markers = find_markers(text)
    if not markers:
        return [], []
    ranks = REGULATION_RANKS if markers[0].kind in REGULATION_KINDS else OFFICIAL_RANKS
    tail = tail_start(text, markers[-1].line_end)
    clauses: list[Clause] = []
    warnings: list[str] = []
    stack: list[tuple[int, Clause]] = []
    last_number: dict[tuple[str, str], int] = {}   # (parent, kind) → number
    last_anywhere: dict[str, int] = {}
    seen_ids: dict[str, int] = {}
    for i, marker in enumerate(markers):
        kind, number = marker.kind, marker.number
        rank = ranks[kind]
        while stack and stack[-1][0] >= rank:
            stack.pop()
        parent_id = stack[-1][1].clause_id if stack else ""
        # a number is expected to start at 1 or follow the last one of its kind, under
        # the same parent or anywhere
        if number != 1 and number != last_number.get((parent_id, kind), 0) + 1 \
                and number != last_anywhere.get(kind, 0) + 1:
            warnings.append(f"numbering breaks its sequence at {marker.written} "
                            f"(offset {marker.start})")
        last_number[(parent_id, kind)] = number
        last_anywhere[kind] = number
        part = path_part(kind, marker.written)
        clause_id = f"{parent_id}/{part}" if parent_id else part
        if clause_id in seen_ids:  # numbering restarted: the n-th occurrence is `id#n`
            seen_ids[clause_id] += 1
            warnings.append(f"clause {clause_id} occurs again; written as {clause_id}#{seen_ids[clause_id]}")
            clause_id = f"{clause_id}#{seen_ids[clause_id]}"
        else:
            seen_ids[clause_id] = 1
        end = markers[i + 1].start if i + 1 < len(markers) else tail
        own_text = text[marker.start:end].rstrip("\n")
        level, heading = len(stack) + 1, heading_of(text, marker)
        # the fields in Clause's order, given by position: a clause is made in about
        # half the time keywords take
        clause = Clause(clause_id, parent_id, level, marker.written, heading,
                        marker.start, marker.start + len(own_text), own_text)
        clauses.append(clause)
        stack.append((rank, clause))
    return clauses, warnings


# lines that begin the signature block after the last clause
TAIL_RE = re.compile(
    r"^(抄送|主办|督办|承办|附件|联系人|联系电话)[：:]"
    r"|^(\d{4}|[〇○零一二三四五六七八九]{4})\s*年\s*[\d〇○一二三四五六七八九十]{1,2}\s*月"
    r"\s*[\d〇○一二三四五六七八九十]{1,3}\s*日(印发|发布)?$"
)
SIGNATURE_RE = re.compile(r"^[\u4e00-\u9fff（）()、 \u3000]{2,30}(政府|办公室|办公厅|局|委员会|委|厅|部|院|会|中心)$")


def tail_start(text: str, after: int) -> int:
    """Where the signature block begins: the end of the last clause."""
    pos = text.find("\n", after)
    if pos < 0:
        return len(text)
    lines = text[pos + 1:].split("\n")
    offset = pos + 1
    for i, line in enumerate(lines):
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if TAIL_RE.match(line) or (SIGNATURE_RE.match(line) and TAIL_RE.match(nxt)):
            return offset
        offset += len(line) + 1
    return len(text)
