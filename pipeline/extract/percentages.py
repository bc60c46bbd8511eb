"""Percentages (SPEC section 4): `extract_percentages(text) -> list[Mention]`.

Forms, with the value in percent units:
- a sign after the numeral: `20%`, `２０％`, `1.5%`; per mille `5‰` (0.5) and per
  myriad `1‱` (0.01);
- a fraction word before it: `百分之二十`, `百分之三点五`, `千分之五` (0.5), `万分之一`
  (0.01). A numeral before the word makes it a plain fraction (`一百分之二`, 0.02),
  which is not a percentage, no more than `2/3` or `三分之二` are;
- tenths: `三成` (30), `七成六` (76), `三成半` (35), `半成` (5);
- discounts, the price paid: `八折` (80), `7.5折`, `75折` and `七五折` (75), `对折` (50);
- percentage points, unit `point`: `2个百分点`.
Ranges (`6%—10%`, `6—10%`, `百分之六至百分之十`, `3%~5%`) and bounds are read by
`bounds.BoundReader`; a list (`70%、80%和90%`) gives one mention per figure. A `%` that
encodes a character in a web address (`%20`, `%2F`) is not a percentage.
"""
from __future__ import annotations

import re
from decimal import Decimal

from pipeline.extract.bounds import RANGE_JOIN, BoundReader, Figure
from pipeline.extract.numerals import (
    CHINESE, DIGITS, HALF, NUMERAL, SPACE, alternation, find_figures, has_magnitude, not_followed_by,
    read_numeral, stands_alone,
)
from pipeline.model import Mention

# Signs and words written after a numeral → (unit, factor to percent). 成 and 折 are
# read by their own rules below.
AFTER_NUMERAL: dict[str, tuple[str, str]] = {
    "%": ("percent", "1"), "％": ("percent", "1"), "‰": ("percent", "0.1"),
    "‱": ("percent", "0.01"),
    "个百分点": ("point", "1"), "個百分點": ("point", "1"), "百分点": ("point", "1"),
    "成": ("percent", "10"),                # tenths
    "折": ("percent", "10"),                # discounts: 八折 pays 80%
}
# Fraction words written before a numeral → factor to percent.
BEFORE_NUMERAL: dict[str, str] = {
    "百分之": "1", "佰分之": "1", "千分之": "0.1", "仟分之": "0.1",
    "万分之": "0.01", "萬分之": "0.01",
}
# Whole words.
WORDS: dict[str, str] = {"对折": "50", "半折": "50", "半成": "5"}
# What may not follow 成/折 for them to be tenths or a discount (成本, 成立, 折旧 …).
NOT_AFTER: dict[str, str] = {
    "成": "本果立为员效功熟交长绩品套型都就份分批片群规像色年人家形全事材活亲婚名语药衣倍组不",
    "折": "旧算合现叠腾服返损射价抵让成",
}
# What may follow a digit written after 成 for it to belong there (七成六的企业).
TENTHS_TAIL_FOLLOWERS = "的以左及至到"


_DIGITS = "".join(DIGITS)
_PERCENT_RE = re.compile(
    rf"(?:(?P<lead>{NUMERAL}){SPACE}(?P<join>{RANGE_JOIN}){SPACE})?"
    rf"(?P<num>{NUMERAL}){SPACE}(?P<unit>{alternation(AFTER_NUMERAL, not_followed_by(NOT_AFTER), spaced=True)})"
    rf"(?:(?<=成)(?P<tail>{SPACE}[{_DIGITS}](?=[^\u4e00-\u9fff]|[{TENTHS_TAIL_FOLLOWERS}]|\Z)|{HALF}))?"
    rf"|(?P<before>{alternation(BEFORE_NUMERAL, spaced=True)}){SPACE}(?P<pnum>{NUMERAL})"
    rf"(?:{SPACE}(?P<pjoin>{RANGE_JOIN}){SPACE}(?P<pnum2>{NUMERAL})"
    rf"(?!{SPACE}[%％‰‱成折个個分百佰千仟万萬亿億元点點.．0-9０-９{CHINESE}]))?"
    rf"|(?P<word>{'|'.join(WORDS)})"
)
_URL_ESCAPE_RE = re.compile(r"[0-9A-Fa-f]{2}")
_READER = BoundReader()
# the characters a unit begins with; 分 for the fraction words (百分之), 对 for 对折
_UNIT_STARTS = "".join({w[0] for w in AFTER_NUMERAL}) + "分"


def _percent(written: str, unit_word: str) -> Decimal:
    """A numeral written before `unit_word`, in percent."""
    value = read_numeral(written)
    unit = re.sub(r"\s", "", unit_word)
    if unit == "折":
        digits = [c for c in written if c.isdigit() or c in DIGITS]
        if len(digits) == 2 and not has_magnitude(written) and value == value.to_integral():
            return value                       # 75折, 七五折: the two digits are the percent
    return value * Decimal(AFTER_NUMERAL[unit][1])


def _figure(text: str, m: re.Match) -> Figure | None:
    if m.group("word"):
        if not stands_alone(text, m.start(), m.group("word")):
            return None
        return Figure(m.start(), m.end(), Decimal(WORDS[m.group("word")]), payload="percent")
    if m.group("before"):
        start = m.start()
        if start and (text[start - 1] in CHINESE or text[start - 1].isdigit()):
            return None                        # 一百分之二: a fraction
        factor = Decimal(BEFORE_NUMERAL[re.sub(r"\s", "", m.group("before"))])
        value = read_numeral(m.group("pnum")) * factor
        if m.group("pnum2"):                   # 百分之六至十
            return Figure(start, m.end(), read_numeral(m.group("pnum2")) * factor,
                          lead=value, join=m.group("pjoin"), payload="percent")
        return Figure(start, m.end(), value, payload="percent")

    start = m.start("lead") if m.group("lead") else m.start("num")
    if not stands_alone(text, start, text[start:m.end("num")]):
        return None
    unit_word = m.group("unit")
    if unit_word == "%" and _URL_ESCAPE_RE.match(text, m.end("unit")):
        return None                            # %20 in a web address
    unit = AFTER_NUMERAL[re.sub(r"\s", "", unit_word)][0]
    value = _percent(m.group("num"), unit_word)
    end = m.end("unit")
    tail = (m.group("tail") or "").strip()
    if tail:                                   # 七成六 = 76, 三成半 = 35
        value += Decimal(5) if tail == HALF else read_numeral(tail)
        end = m.end()
    lead = _percent(m.group("lead"), unit_word) if m.group("lead") else None
    return Figure(start, end, value, lead=lead, join=m.group("join") or "", payload=unit)


def extract_percentages(text: str) -> list[Mention]:
    """Every percentage (and percentage point) in `text`, in text order."""
    matches = find_figures(text, _PERCENT_RE, _UNIT_STARTS, extra_first="对")
    figures = [f for f in (_figure(text, m) for m in matches) if f]
    return [
        Mention(kind="percentage", span=text[r.start:r.end], start=r.start, end=r.end,
                value=r.value, lower=r.lower, upper=r.upper, qualifier=r.qualifier,
                cue=r.cue, unit=r.figures[-1].payload)
        for r in _READER.read(text, figures)
    ]
