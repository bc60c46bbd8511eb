"""Percentages (SPEC section 4): `extract_percentages(text) -> list[Mention]`.

Forms, with the value in percent units:
- a sign after the numeral: `20%`, `２０％`, `1.5%`; per mille `5‰` (0.5) and per
  myriad `1‱` (0.01);
- a fraction word before it: `百分之二十`, `百分之三点五`, `千分之五` (0.5), `万分之一`
  (0.01);
- shares written as Chinese fractions, unit `fraction`, the value in percent rounded
  to 6 decimals: `三分之一` (33.333333), `五分之一` (20), `3分之1`, `一百分之二` (2).
  A share is less than the whole: a numerator larger than the denominator is no share
  (`五百分之2333`). Arabic `2/3` is not read: it is too often a date or a ratio;
- tenths: `三成` (30), `七成六` (76), `三成半` (35), `半成` (5);
- discounts, the price paid: `八折` (80), `7.5折`, `75折` and `七五折` (75), `对折` (50);
- percentage points, unit `point`: `2个百分点`.
- approximate figures as ranges, like amounts (`numerals.read_quantity`): `七八成`
  (70..80), `百分之二三十` (20..30), `十几个百分点` (10..20);
- `负` before a figure makes it negative (`负2%`).
A figure that cannot be read with certainty (`1 00 0%`, `1万1万%`) is left out and
named in the warnings. Ranges (`6%—10%`, `6—10%`, `10（含）-15%`, `百分之六至百分之十`,
`3%~5%`) and bounds are read by
`bounds.BoundReader`; a list (`70%、80%和90%`) gives one mention per figure. A `%` that
encodes a character in a web address (`%20`, `%2F`) is not a percentage.
"""
from __future__ import annotations

import re
from decimal import Decimal

from pipeline.extract.bounds import INCLUSION, RANGE_JOIN, BoundReader, Figure, certain_figures
from pipeline.extract.numerals import (
    CHINESE, DIGITS, HALF, NUMERAL, SPACE, Uncertain, alternation, cut_off, has_magnitude,
    not_followed_by, read_quantity, runs_on, sign_before, stands_alone,
)
from pipeline.model import Mention

# Signs and words written after a numeral → (unit, factor to percent). 成 and 折 are
# read by their own rules below.
AFTER_NUMERAL: dict[str, tuple[str, str]] = {
    "%": ("percent", "1"), "％": ("percent", "1"), "‰": ("percent", "0.1"),
    "\\%": ("percent", "1"),               # LaTeX from a PDF conversion: $15\%$
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
    rf"(?=[0-9０-９{_DIGITS}十拾])(?P<den>{NUMERAL}){SPACE}分{SPACE}之{SPACE}(?P<numer>{NUMERAL})"
    rf"|(?:(?P<lead>{NUMERAL}){SPACE}(?:{INCLUSION}{SPACE})?(?P<join>{RANGE_JOIN}){SPACE})?"
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
_UNIT_STARTS = "".join({w[0] for w in AFTER_NUMERAL}) + "分（("


def _percent(written: str, unit_word: str) -> tuple[Decimal, Decimal]:
    """A numeral written before `unit_word`, in percent: (low, high)."""
    low, high = read_quantity(written)
    unit = re.sub(r"\s", "", unit_word)
    if unit == "折" and low == high:
        digits = [c for c in written if c.isdigit() or c in DIGITS]
        if len(digits) == 2 and not has_magnitude(written) and low == low.to_integral():
            return low, high                   # 75折, 七五折: the two digits are the percent
    factor = Decimal(AFTER_NUMERAL[unit][1])
    return low * factor, high * factor


def _share(text: str, m: re.Match) -> Figure | None:
    """A Chinese fraction (三分之一) as a share in percent, or None where it is none."""
    den, numer = read_quantity(m.group("den")), read_quantity(m.group("numer"))
    if den[0] != den[1] or numer[0] != numer[1] or not 0 < numer[0] < den[0]:
        return None                            # 几分之一, 五百分之2333: no share
    value = round(numer[0] * 100 / den[0], 6)
    return Figure(m.start(), m.end(), value, payload="fraction")


def _figure(text: str, m: re.Match) -> Figure | None:
    """The figure a match writes, or None where it is no percentage. Raises
    `Uncertain` where it is one but cannot be read with certainty."""
    if m.group("den"):
        if not stands_alone(text, m.start(), m.group("den")):
            return None
        return _share(text, m)
    if m.group("word"):
        if not stands_alone(text, m.start(), m.group("word")):
            return None
        return Figure(m.start(), m.end(), Decimal(WORDS[m.group("word")]), payload="percent")
    if m.group("before"):
        start = m.start()
        if start and (text[start - 1] in CHINESE or text[start - 1].isdigit()):
            return None                        # 五百分之2333 after a failed share
        factor = Decimal(BEFORE_NUMERAL[re.sub(r"\s", "", m.group("before"))])
        low, high = (v * factor for v in read_quantity(m.group("pnum")))
        signed = sign_before(text, start)
        sign = -1 if signed < start else 1
        if m.group("pnum2"):                   # 百分之六至十
            return Figure(signed, m.end(), read_quantity(m.group("pnum2"))[1] * factor * sign,
                          lead=low * sign, join=m.group("pjoin"), payload="percent")
        if low != high:                        # 百分之二三十
            return _signed(Figure(signed, m.end(), high, lead=low, join=_approx_cue(m.group("pnum")),
                                  payload="percent"), sign)
        return Figure(signed, m.end(), high * sign, payload="percent")

    start = m.start("lead") if m.group("lead") else m.start("num")
    if not stands_alone(text, start, text[start:m.end("num")]):
        return None
    if cut_off(text, start):
        raise Uncertain(f"digits run on before {text[start:m.end()]!r}")
    unit_word = m.group("unit")
    if unit_word == "%" and _URL_ESCAPE_RE.match(text, m.end("unit")):
        return None                            # %20 in a web address
    signed = sign_before(text, start)
    sign = -1 if signed < start else 1
    unit = AFTER_NUMERAL[re.sub(r"\s", "", unit_word)][0]
    low, value = _percent(m.group("num"), unit_word)
    end = m.end("unit")
    tail = (m.group("tail") or "").strip()
    if tail:                                   # 七成六 = 76, 三成半 = 35
        if low != value:
            raise Uncertain(f"tenths after a range in {text[start:m.end()]!r}")
        value += Decimal(5) if tail == HALF else read_quantity(tail)[0]
        low, end = value, m.end()
    if runs_on(text, end):
        raise Uncertain(f"a range broken over lines after {text[signed:end]!r}")
    lead, join = None, m.group("join") or ""
    if low != value:                           # 七八成, 十几个百分点
        lead, join = low, _approx_cue(m.group("num"))
    if m.group("lead"):
        lead = _percent(m.group("lead"), unit_word)[0]
    return _signed(Figure(signed, end, value, lead=lead, join=join, payload=unit), sign)


def _approx_cue(written: str) -> str:
    """The word that makes a numeral approximate (几, 数), if one does."""
    return next((c for c in written if c in "几数"), "")


def _signed(figure: Figure, sign: int) -> Figure:
    """The figure with 负 before it: negative, a range's ends swapped."""
    if sign > 0:
        return figure
    figure.value = -figure.value
    if figure.lead is not None:
        figure.lead, figure.value = figure.value, -figure.lead
    return figure


def extract_percentages(text: str, warnings: list[str] | None = None) -> list[Mention]:
    """Every percentage (and percentage point, and share) in `text`, in text order. A
    figure that cannot be read with certainty is left out and named in `warnings`."""
    figures = certain_figures(text, _PERCENT_RE, _UNIT_STARTS, _figure, "percentage", warnings,
                              extra_first="对")
    return [
        Mention(kind="percentage", span=text[r.start:r.end], start=r.start, end=r.end,
                value=r.value, lower=r.lower, upper=r.upper, qualifier=r.qualifier,
                cue=r.cue, unit=r.figures[-1].payload)
        for r in _READER.read(text, figures)
    ]

