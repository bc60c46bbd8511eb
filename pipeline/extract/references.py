"""References: citations of other documents by their number (文号).

`《…的通知》（豫政办〔2021〕76号）`, `按照国科发火〔2016〕32号文件`. The year's brackets
are written many ways (〔〕 [] ［］ () （） 【】); the table writes them as 〔〕.
"""
from __future__ import annotations

import re

from pipeline.extract.issuers import spaced_apart
from pipeline.model import Reference

YEAR_OPENINGS = "〔[［(（【"
# the year and what follows it, after the opening bracket
YEAR_CLOSED = r"\s*(?P<year>(?:19|20)\d{2})\s*[〕\]］)）】]"
YEAR_BRACKETS = rf"[{re.escape(YEAR_OPENINGS)}]{YEAR_CLOSED}"
PREFIX_MAX = 12
NUMBER_AFTER_YEAR = r"\s*(?P<no>第?\d{1,5})\s*号"
NUMBER_AFTER_PREFIX = YEAR_BRACKETS + NUMBER_AFTER_YEAR
NUMBER_RE = re.compile(rf"(?P<prefix>[\u4e00-\u9fff]{{1,{PREFIX_MAX}}}){NUMBER_AFTER_PREFIX}")
# the part from the bracketed year on, one pattern for each opening bracket: the
# regular-expression engine finds one character many times faster than any of a set
NUMBER_TAIL_RES = tuple(re.compile(re.escape(opening) + YEAR_CLOSED + NUMBER_AFTER_YEAR)
                        for opening in YEAR_OPENINGS)
# words that end the sentence before an issuer's abbreviation (按照国科发火〔2016〕…)
LEAD_WORDS_RE = re.compile(
    r"^.*(按照|根据|依据|参照|依照|对照|遵照|贯彻|落实|执行|印发|转发|结合|见|即|和|及|与|或|的|按|依|据|以|为|并)"
)
# a title's closing mark right before a number: `》（` with spaces
TITLE_END_RE = re.compile(r"》\s*[（(]?\s*$")
TITLE_MAX = 200
# a cited title may hold another (`《…印发〈…实施细则〉的通知》`), its marks written in any
# of the angle-bracket forms, even mismatched (`<…实施细则》`)
TITLE_OPENING = "《〈<"
TITLE_CLOSING = "》〉>"


def normalise_number(prefix: str, year: str, number: str) -> str:
    return f"{prefix}〔{year}〕{number}号"


def find_numbers(text: str):
    """The matches of `NUMBER_RE.finditer(text)`, found from the bracketed year back to
    the prefix. A scan from every character that may start a prefix — nearly every
    character of a Chinese text — made this the slowest extractor. The prefix is the
    run of Chinese characters that ends at the bracket, so the leftmost match for a
    bracket starts where that run does, at most 12 characters back."""
    # tails never overlap (an opening bracket is never inside one), so those of every
    # bracket, in text order, are the tails of any bracket (a text has a few: sorting
    # them is cheaper than merging the searches)
    tails = sorted((m for r in NUMBER_TAIL_RES for m in r.finditer(text)), key=re.Match.start)
    pos = 0
    for tail in tails:
        floor = max(pos, tail.start() - PREFIX_MAX)
        start = tail.start()
        while start > floor and "\u4e00" <= text[start - 1] <= "\u9fff":
            start -= 1
        if start < tail.start():
            m = NUMBER_RE.match(text, start)
            pos = m.end()
            yield m


def title_before(text: str, start: int) -> str:
    """The `《title》` that ends right before `start`, without its marks; '' if none."""
    end = TITLE_END_RE.search(text, max(0, start - 10), start)
    if not end:
        return ""
    depth = 0
    for i in range(end.start() - 1, max(-1, end.start() - TITLE_MAX - 1), -1):
        ch = text[i]
        if ch in TITLE_CLOSING:
            depth += 1
        elif ch in TITLE_OPENING:
            if depth == 0:
                title = text[i + 1:end.start()]
                return title if ch == "《" and len(title) >= 2 else ""
            depth -= 1
        elif ch == "\n":
            break
    return ""


def extract_references(text: str, own_number: str = "") -> list[Reference]:
    refs = []
    for m in find_numbers(text):
        prefix = LEAD_WORDS_RE.sub("", m.group("prefix"))
        if not prefix:
            continue
        start = m.start("prefix") + len(m.group("prefix")) - len(prefix)
        cited = normalise_number(prefix, m.group("year"), m.group("no"))
        if cited == own_number:
            continue
        head, about, rest = title_before(text, start).partition("关于")
        title = spaced_apart(head) + about + rest if about else head
        refs.append(Reference(cited_title=title, cited_number=cited, start=start, end=m.end()))
    return refs
