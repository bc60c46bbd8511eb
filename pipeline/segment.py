"""Segmentation: the numbered clauses of a cleaned text, as a tree of paths.

GB/T 9704 numbers official documents `一、` > `（一）` > `1.` > `（1）`; regulations
number `第X章` > `第X节` > `第X条` > `（一）` > `1.` > `（1）`. The ranks are fixed and a
level may be skipped; a clause nests under the nearest open clause of a higher rank.
"""
from __future__ import annotations

import bisect
import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from pipeline.extract.numerals import read_numeral
from pipeline.model import Clause

CN_DIGITS = "零〇一二三四五六七八九十百两"
# a 第X章/节/条 number, its digits possibly spaced out by a conversion (`第 1 0 条`)
SPACED_NUMBER = rf"[{CN_DIGITS}\d](?:\s?[{CN_DIGITS}\d]){{0,7}}"
DOTS = ".．、﹒"          # the dot after `1` and its variants

# marker kind → pattern at the start of a paragraph; the group `n` is the number
MARKER_PATTERNS = {
    "chapter": rf"第\s*(?P<n_chapter>{SPACED_NUMBER})\s*章",
    "section": rf"第\s*(?P<n_section>{SPACED_NUMBER})\s*节",
    # `第三条规定的…` and `第三条至第五条` are running text, not an article
    "article": rf"第\s*(?P<n_article>{SPACED_NUMBER})\s*条(?!规定|的|所|至|到|和|或|、|第|中|之|款|项)",
    # `一、` but not `一、二类新药` (a list of numbers)
    "cn_top": rf"(?P<n_cn_top>[{CN_DIGITS}]+)\s*[{DOTS}](?![\d{CN_DIGITS}])",
    "cn_paren": rf"[（(]\s*(?P<n_cn_paren>[{CN_DIGITS}]+)\s*[）)]|(?P<n_cn_half>[{CN_DIGITS}]+)[）)]",
    # `1.` `1．` `1、` but not `1.5` or a year `2022年`
    "num": rf"(?P<n_num>\d{{1,3}})\s*[{DOTS}](?!\d)",
    "num_paren": r"[（(]\s*(?P<n_num_paren>\d{1,3})\s*[）)]",
}
# A marker's spaces (`\s`) stay inside its line, so that the pattern finds the same
# markers in a whole text as in each line alone.
MARKER_RE = re.compile(
    "|".join(f"(?P<{k}>{p})" for k, p in MARKER_PATTERNS.items()).replace(r"\s", r"[^\S\n]"))
MARKER_PATTERNS_NUM_RE = re.compile(MARKER_PATTERNS["num"])
# a marker at the start of a line after the first, found by one search of the whole
# text: the engine skips from one line break to the next
MARKER_AFTER_BREAK_RE = re.compile(rf"\n(?:{MARKER_RE.pattern})")
# A marker that counts only where the numbering expects its number (`Marker.tentative`):
# - in a line a crawler ran together, one after a sentence's end (`。` `；`) or after the
#   bracket closing a list (`…配合）（二）`);
MARKER_AFTER_STOP_RE = re.compile(rf"[。；;）)][^\S\n]*(?:{MARKER_RE.pattern})")
# - a number glued to what follows at the start of a line (`1.80周岁及以上的`: a `1.`
#   where a 1 is expected, `1.8` elsewhere).
GLUED_NUM_RE = re.compile(r"(?:^|(?<=\n))(?P<num>(?P<n_num>\d{1,3})[.．﹒])(?=\d)")
# what ends a heading: a marker right after a heading with no punctuation of its own
# (`一、持续提升投资建设便利度（一）优化…`) is looked for up to the first of these
HEADING_PUNCTUATION_RE = re.compile(r"[。；;，,：:！？!?]")
# an attachment list begun on the `附件：` line (`附件：1. …`): the items on the lines
# after it (`2. …`) continue that list, they are no clauses
ATTACHMENT_LIST_RE = re.compile(r"附件[：:]\s*(?P<n>\d{1,2})\s*[.．、﹒]")
# characters compared to tell a paragraph stored twice (a flip-book's page repeated)
REPEAT_PROBE = 20
COPY_SPACES = " \u3000\n"          # what a page break changes between the two copies

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
    line_end: int         # end of its paragraph line (or where the next marker starts)
    written: str
    tentative: bool = False   # counts only if it continues its level's sequence


# marker kind → the group holding its number (`n_cn_half` is the other of cn_paren's)
NUMBER_GROUPS = {kind: f"n_{kind}" for kind in MARKER_PATTERNS}


def find_markers(text: str) -> list[Marker]:
    """The markers at the start of the text's lines, in order."""
    first = MARKER_RE.match(text)
    found = MARKER_AFTER_BREAK_RE.finditer(text)
    line_end = line_ends(text)
    return [as_marker(text, m, line_end(m.end())) for m in ([first, *found] if first else found)]


def as_marker(text: str, m: re.Match, line_end: int, tentative: bool = False) -> Marker:
    kind = m.lastgroup
    number = m.group(NUMBER_GROUPS[kind]) or m.group("n_cn_half")
    return Marker(kind, marker_number(number), m.start(kind), m.end(), line_end,
                  m.group(kind).strip(), tentative)


def line_ends(text: str):
    """A function giving the end of the line holding an offset of `text`: the line
    breaks are found once, each line's end by bisection (looking for it from every
    marker costs a line of n run-on markers n² steps)."""
    breaks = [m.start() for m in re.finditer("\n", text)] + [len(text)]
    return lambda offset: breaks[bisect_left(breaks, offset)]


def find_candidates(text: str) -> list[Marker]:
    """The markers at the start of lines, and the tentative ones (run-on lines, numbers
    glued to their text), in order."""
    markers = {m.start: m for m in find_markers(text)}
    line_end = line_ends(text)
    for m in MARKER_AFTER_STOP_RE.finditer(text):
        marker = as_marker(text, m, line_end(m.end()), tentative=True)
        markers.setdefault(marker.start, marker)
    for m in GLUED_NUM_RE.finditer(text):
        marker = as_marker(text, m, line_end(m.end()), tentative=True)
        markers.setdefault(marker.start, marker)
    return [markers[k] for k in sorted(markers)]


def marker_after_heading(text: str, marker: Marker) -> Marker | None:
    """A marker right after the heading of `marker`'s clause on the same line, with no
    punctuation between (a run-on line: `一、持续提升投资建设便利度（一）优化…`)."""
    stop = min(marker.line_end, marker.end + HEADING_MAX + 1)
    punct = HEADING_PUNCTUATION_RE.search(text, marker.end, stop)
    stop = punct.start() if punct else stop
    for i in range(marker.end + 1, stop):
        if text[i] in "（(":
            m = MARKER_RE.match(text, i)
            if m and m.lastgroup in ("cn_paren", "num_paren"):
                return as_marker(text, m, marker.line_end, tentative=True)   # on its line
    return None


@lru_cache(maxsize=1024)
def marker_number(written: str) -> int:
    """A marker's number as an integer: `十二` → 12, `1 0` → 10 (documents repeat the
    same few)."""
    return int(read_numeral(SPACES_RE.sub("", written)))


@lru_cache(maxsize=1024)
def path_part(kind: str, written: str) -> str:
    """A marker's part of a clause path: `（一）` → `(一)`, `1.` → `1`, `第 2 条` → `第2条`."""
    written = SPACES_RE.sub("", written)
    if kind in ("cn_paren", "num_paren"):
        return f"({written.strip('（()）')})"
    return written.rstrip(DOTS)


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


def accepted_markers(text: str) -> tuple[list[Marker], dict[str, int], list[tuple[int, int, int]]]:
    """The markers that count, the ranks of the document's family, and the copies of
    paragraphs the source stored twice: (index of the marker copied, start, end).

    A tentative marker counts only where the numbering expects it; the state that
    tells this is the same the segmentation keeps, so it is kept here too."""
    candidates = find_candidates(text)
    if not candidates:
        return [], OFFICIAL_RANKS, []
    sure = [m for m in candidates if not m.tentative]
    first = sure[0] if sure else candidates[0]
    ranks = REGULATION_RANKS if first.kind in REGULATION_KINDS else OFFICIAL_RANKS
    stack: list[tuple[int, int]] = []      # the open markers: (rank, index in accepted)
    last_number: dict[tuple[int, str], int] = {}
    last_anywhere: dict[str, int] = {}
    accepted: list[Marker] = []
    last_of_kind: dict[str, int] = {}      # kind → index in accepted
    copies: list[tuple[int, int, int]] = []
    first_copy: dict[int, int] = {}         # index in accepted → where its first copy starts
    queue = list(reversed(candidates))
    while queue:
        marker = queue.pop()
        if accepted and marker.start < accepted[-1].end:
            continue
        if in_attachment_list(text, marker):
            continue
        last = last_of_kind.get(marker.kind)
        if last is not None and stored_twice(text, marker, accepted[last]):
            # the words copied end where the next clause or the first copy begins
            until = accepted[last + 1].start if last + 1 < len(accepted) else marker.start
            until = first_copy.setdefault(last, min(until, marker.start))
            copies.append((last, marker.start, copy_end(text, accepted[last].start, until, marker.start)))
            continue
        rank = ranks[marker.kind]
        if marker.tentative:
            open_ranks = [(r, i) for r, i in stack if r < rank]
            parent = open_ranks[-1][1] if open_ranks else -1
            if marker.number == 1:
                ok = not stack or stack[-1][0] < rank or (parent, marker.kind) not in last_number
            else:
                ok = marker.number in (last_number.get((parent, marker.kind), 0) + 1,
                                       last_anywhere.get(marker.kind, 0) + 1)
            if not ok:
                continue
        while stack and stack[-1][0] >= rank:
            stack.pop()
        parent = stack[-1][1] if stack else -1
        last_number[(parent, marker.kind)] = marker.number
        last_anywhere[marker.kind] = marker.number
        stack.append((rank, len(accepted)))
        last_of_kind[marker.kind] = len(accepted)
        if accepted and accepted[-1].line_end > marker.start:   # on the same line
            accepted[-1].line_end = marker.start
        accepted.append(marker)
        nxt = marker_after_heading(text, marker)
        if nxt and (not queue or queue[-1].start > nxt.start):
            queue.append(nxt)
    return accepted, ranks, copies


def in_attachment_list(text: str, marker: Marker) -> bool:
    """Whether a `2.` at the start of a line continues the list of attachments that the
    `附件：1. …` line (or its items) above began."""
    if marker.kind != "num" or marker.number < 2:
        return False
    number, line_start = marker.number, marker.start
    while line_start > 0:
        above_start = text.rfind("\n", 0, line_start - 1) + 1
        above = text[above_start:line_start - 1]
        m = ATTACHMENT_LIST_RE.match(above)
        if m:
            return int(m.group("n")) == number - 1
        item = MARKER_PATTERNS_NUM_RE.match(above)
        if not item or int(item.group("n_num")) != number - 1:
            return False
        number, line_start = number - 1, above_start
    return False


def stored_twice(text: str, marker: Marker, last: Marker) -> bool:
    """Whether the marker repeats the last one of its kind, number and words alike: a
    paragraph the source stored twice (a flip-book's page held again whole), no
    restarted numbering, which starts again from 1."""
    if marker.number != last.number or marker.number == 1:
        return False
    def words(m: Marker) -> str:               # a page break may cut the first copy
        return SPACES_RE.sub("", text[m.end:m.end + 2 * REPEAT_PROBE])[:REPEAT_PROBE]
    return words(marker) == words(last)


def copy_end(text: str, original: int, until: int, copy: int) -> int:
    """Where the copy that starts at `copy` stops repeating the words from `original` to
    `until`, character for character; line breaks and spaces do not count, since a
    page break may cut the first copy where the second runs on."""
    i, j, end = original, copy, copy
    while i < until and j < len(text):
        if text[i] in COPY_SPACES:
            i += 1
        elif text[j] in COPY_SPACES:
            j += 1
        elif text[i] == text[j]:
            i, j = i + 1, j + 1
            end = j
        else:
            break
    return end


def segment(text: str) -> tuple[list[Clause], list[str]]:
    """The clauses of `text` and the warnings about their numbering and its debris.

    A clause ends at the next marker, or where the notice it belongs to ends: at the
    signature block after the last clause, or, anywhere, at an attachment's heading
    and the signature block above it. A notice's end closes all its clauses: the text
    up to the next marker is in none, and that marker nests under none of them."""
    markers, ranks, copies = accepted_markers(text)
    if not markers:
        return [], []
    tail = tail_start(text, markers[-1].line_end)
    attachments = [m.start("heading") for m in ATTACHMENT_HEADING_RE.finditer(text)]
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
        notice_ends = notice_end(text, marker.line_end, end, attachments)
        if notice_ends is not None:
            end = notice_ends
        own_text = text[marker.start:end].rstrip("\n")
        level, heading = len(stack) + 1, heading_of(text, marker)
        # the fields in Clause's order, given by position: a clause is made in about
        # half the time keywords take
        clause = Clause(clause_id, parent_id, level, marker.written, heading,
                        marker.start, marker.start + len(own_text), own_text)
        clauses.append(clause)
        stack.append((rank, clause))
        if notice_ends is not None:
            stack.clear()
    for copied, copy_start, copy_stop in copies:
        clauses[copied].copies += ((copy_start, copy_stop),)
        warnings.append(f"text stored twice: {clauses[copied].clause_id} again at offsets "
                        f"{copy_start}-{copy_stop}, counted once")
    return clauses, warnings


# lines that begin the signature block after the last clause, and that make up a
# signature block above an attachment's heading
TAIL_RE = re.compile(
    r"^(抄送|主办|督办|承办|附件|联系人|联系电话)[：:]"
    r"|^(\d{4}|[〇○零一二三四五六七八九]{4})\s*年\s*[\d〇○一二三四五六七八九十]{1,2}\s*月"
    r"\s*[\d〇○一二三四五六七八九十]{1,3}\s*日(印发|发布)?$"
)
SIGNATURE_RE = re.compile(r"^[\u4e00-\u9fff（）()、 \u3000]{2,30}(政府|办公室|办公厅|局|委员会|委|厅|部|院|会|中心)$")
# a signature's bracketed note: （此件公开发布）, （此件主动公开）
NOTE_RE = re.compile(r"^[（(][^（）()]{1,20}[）)]$")
# an attachment's heading alone on its line (`附件`, `附件1`, `附件二：`): the notice
# above it has ended. Found by one search of the text (a line break, then 附件).
ATTACHMENT_HEADING_RE = re.compile(
    rf"\n(?P<heading>附件[^\S\n]*(?:[\d{CN_DIGITS}]{{1,3}}[^\S\n]*)?(?:[：:][^\S\n]*)?)(?=\n|$)")


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


def notice_end(text: str, after: int, before: int, attachments: list[int]) -> int | None:
    """Where a notice ends between the end of a clause's first line (`after`) and the
    next marker (`before`): at the first attachment heading there, or above it where
    the signature block before it begins (its `附件：` list, signing bodies, date,
    bracketed note, `抄送：` lines). None if no attachment begins there."""
    k = bisect.bisect_right(attachments, after)
    if k == len(attachments) or attachments[k] >= before:
        return None
    first = text.find("\n", after) + 1          # the clause's second line
    start = end = attachments[k]
    # numbered lines walked over are an attachment list's items only under a `附件：` line
    items = False
    while end > first:
        line_start = text.rfind("\n", 0, end - 1) + 1
        line = text[line_start:end - 1]
        if MARKER_PATTERNS_NUM_RE.match(line):
            items = True
        elif (TAIL_RE.match(line) or SIGNATURE_RE.match(line) or NOTE_RE.match(line)) \
                and (not items or line.startswith("附件")):
            start, items = line_start, False
        else:
            break
        end = line_start
    return start
