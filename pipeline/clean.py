"""Cleaning: from a reader's raw text to the text every offset points into.

One paragraph a line. Blank lines and layout indentation go; Markdown debris
(`##`, `**`, `---`, HTML comments) goes; a paragraph that a page break or a hard wrap
cut mid-sentence is joined back (`力争\\n\\n全市每年培育…`, `市财政\\n\\n局〔国资委〕`).
The document's own characters stay as they are: full-width brackets stay full-width,
spaces inside a line stay.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from pipeline.segment import MARKER_RE

OPENING = "（(〔【[［《“‘"
CLOSING = "）)〕】]］》”’"
# a paragraph ending in one of these is unfinished
NON_FINAL = "，、,（(〔【[［《“—-+/×"
# a line starting with one of these continues the line before
CONTINUING = "）)〕】]］》”，、。；,;：:"
# a running-text paragraph of at least this many characters that ends without
# punctuation was cut by a wrap or a page break
MIN_CUT_PARAGRAPH = 20

BRACKET_RE = re.compile(f"[{re.escape(OPENING + CLOSING)}]")
COMMENT_RE = re.compile(r"<!--.*?-->", re.S)
RULE_RE = re.compile(r"^\s*([-*_=]\s*){3,}$")                  # --- *** ___ ===
HEADING_DEBRIS_RE = re.compile(r"^\s*(#{1,6}\s*|>\s*)+")       # # Title, > quote
BOLD_RE = re.compile(r"\*\*|__")
# the characters all that debris is made of: a line without any of them is only trimmed
DEBRIS_CHARS = "-*_=#>"
DEBRIS_CHARS_RE = re.compile(f"[{re.escape(DEBRIS_CHARS)}]")      # for a line
# lines that stand on their own even after an unfinished paragraph: a date, a
# 抄送：-style line, and (with it) a clause marker
STANDALONE = r"^(\d{4}|[〇○零一二三四五六七八九]{4})年.{1,6}日|^(抄送|主办|督办|承办|附件)[：:]"
STANDALONE_RE = re.compile(f"{MARKER_RE.pattern}|{STANDALONE}")
SPACE = " \t\u3000\u00a0\ufeff\u200b"


@dataclass
class CleanText:
    text: str
    page_starts: list[int] | None     # offset in `text` where each page begins


def trim(line: str) -> str:
    return line.strip(SPACE)


def strip_debris(line: str) -> str:
    if not DEBRIS_CHARS_RE.search(line):
        return trim(line)
    if RULE_RE.match(line):
        return ""
    line = HEADING_DEBRIS_RE.sub("", line)
    line = BOLD_RE.sub("", line)
    return line.strip(SPACE)


def open_brackets(paragraph: str) -> int:
    depth = 0
    for ch in BRACKET_RE.findall(paragraph):
        if ch in OPENING:
            depth += 1
        elif ch in CLOSING and depth:
            depth -= 1
    return depth


def is_cut(paragraph: str, following: str) -> bool:
    """Whether `paragraph` was cut mid-sentence and `following` continues it."""
    if STANDALONE_RE.match(following):
        return False
    if following[0] in CONTINUING:
        return True
    last = paragraph[-1]
    if last in NON_FINAL or open_brackets(paragraph):
        return True
    if last in "。！？；：:;!?…" or last in CLOSING:
        return False
    is_prose = "，" in paragraph or "。" in paragraph
    return is_prose and len(paragraph) >= MIN_CUT_PARAGRAPH


def join(left: str, right: str) -> str:
    if left[-1:].isascii() and left[-1:].isalnum() and right[:1].isascii() and right[:1].isalnum():
        return left + " " + right
    return left + right


def clean(raw: str, page_starts: list[int] | None = None) -> CleanText:
    raw = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    raw = COMMENT_RE.sub(lambda m: "\n" * m.group().count("\n"), raw)  # keep offsets of lines
    paragraphs: list[str] = []
    # (raw offset of a line, paragraph index, offset inside the paragraph) for page
    # mapping, kept only for paged formats
    anchors: list[tuple[int, int, int]] = []
    paged = page_starts is not None
    # most documents hold no debris character at all: their lines are only trimmed
    # (in a whole text, `in` finds a character several times as fast as the pattern
    # finds any of them)
    has_debris = any(c in raw for c in DEBRIS_CHARS)
    tidy = strip_debris if has_debris else trim
    offset = 0
    for raw_line in raw.split("\n"):
        line = tidy(raw_line)
        if line:
            if paragraphs and is_cut(paragraphs[-1], line):
                joined = join(paragraphs[-1], line)
                if paged:
                    anchors.append((offset, len(paragraphs) - 1, len(joined) - len(line)))
                paragraphs[-1] = joined
            else:
                if paged:
                    anchors.append((offset, len(paragraphs), 0))
                paragraphs.append(line)
        offset += len(raw_line) + 1
    text = "\n".join(paragraphs)
    if text:
        text += "\n"
    return CleanText(text=text, page_starts=map_pages(page_starts, anchors, paragraphs))


def map_pages(page_starts, anchors, paragraphs) -> list[int] | None:
    if page_starts is None:
        return None
    starts_of_paragraphs = []
    total = 0
    for p in paragraphs:
        starts_of_paragraphs.append(total)
        total += len(p) + 1
    raw_offsets = [a[0] for a in anchors]
    mapped = []
    for raw_start in page_starts:
        i = bisect.bisect_left(raw_offsets, raw_start)
        if i >= len(anchors):
            mapped.append(total)
            continue
        _, paragraph, inside = anchors[i]
        mapped.append(starts_of_paragraphs[paragraph] + inside)
    return mapped


def page_of(offset: int, page_starts: list[int] | None) -> int | None:
    """1-based page number of a cleaned-text offset, None for unpaged formats."""
    if not page_starts:
        return None
    return max(1, bisect.bisect_right(page_starts, offset))
