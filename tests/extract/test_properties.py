"""Property tests: any amount or percentage, written in any form a policy uses, with or
without a cue word, inside a sentence, comes back with exactly its value and bounds; and
the extractors' fast search finds what a full scan of the text finds."""
from decimal import Decimal

from hypothesis import assume, given
from hypothesis import strategies as st

from pipeline.extract import amounts, percentages
from pipeline.extract.amounts import extract_amounts
from pipeline.extract.numerals import CAPITAL_WORDS, find_figures
from pipeline.extract.percentages import extract_percentages

PLAIN_DIGITS = "零一二三四五六七八九"
CAPITAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
PLAIN_UNITS = ("千", "百", "十", "")
CAPITAL_UNITS = ("仟", "佰", "拾", "")
FULL_WIDTH = str.maketrans("0123456789.,", "０１２３４５６７８９．，")

# cue words before and after a figure → the bound they set
CUES_BEFORE = {"": "exact", "最高": "max", "不超过": "max", "最高不超过": "max",
               "原则上不超过": "max", "不低于": "min", "超过": "min", "约": "approx"}
CUES_AFTER = {"": "exact", "以上": "min", "以下": "max", "以内": "max", "左右": "approx"}


def _below_10000(n: int, digits: str, units: tuple[str, ...]) -> str:
    written, gap = "", False
    for place, unit in zip((1000, 100, 10, 1), units):
        d = n // place % 10
        if d == 0:
            gap = bool(written)
        else:
            written += (digits[0] if gap else "") + digits[d] + unit
            gap = False
    return written


def chinese(n: int, capital: bool = False) -> str:
    """`n` written in Chinese numerals as a document writes it (一亿零三十五万零八十九)."""
    digits, units = (CAPITAL_DIGITS, CAPITAL_UNITS) if capital else (PLAIN_DIGITS, PLAIN_UNITS)
    yi, rest = divmod(n, 10**8)
    wan, low = divmod(rest, 10**4)
    written = chinese(yi, capital) + "亿" if yi else ""
    if wan:
        zero = digits[0] if written and wan < 1000 else ""
        written += zero + _below_10000(wan, digits, units) + "万"
    if low:
        zero = digits[0] if written and (low < 1000 or not wan) else ""
        written += zero + _below_10000(low, digits, units)
    return written


@st.composite
def written_amounts(draw):
    """(the figure as written with its unit, its value in yuan)."""
    form = draw(st.sampled_from(["arabic", "grouped", "full-width", "wan", "yi", "chinese",
                                 "chinese-wan", "capital"]))
    space = draw(st.sampled_from(["", " "]))
    if form in ("arabic", "grouped", "full-width"):
        n = draw(st.integers(1, 10**9))
        written = f"{n:,}" if form == "grouped" else str(n)
        if form == "full-width":
            written = written.translate(FULL_WIDTH)
        return f"{written}{space}元", Decimal(n)
    if form in ("wan", "yi"):
        hundredths = draw(st.integers(1, 10**6))
        number = Decimal(hundredths) / 100
        unit, scale = ("万元", 10**4) if form == "wan" else ("亿元", 10**8)
        return f"{number}{space}{unit}", number * scale
    if form == "chinese-wan":
        n = draw(st.integers(1, 9999))
        return f"{chinese(n)}万元", Decimal(n * 10**4)
    n = draw(st.integers(1, 10**12))
    written = chinese(n, capital=form == "capital")
    # 伍, 陆 and 拾 alone after a Chinese character are words (队伍, 大陆, 拾取), which the
    # reader leaves alone on purpose: a missed amount is better than a wrong one
    assume(written not in CAPITAL_WORDS)
    return f"{written}元", Decimal(n)


def expected_bounds(qualifier, value):
    return {"exact": (value, value), "max": (None, value), "min": (value, None),
            "approx": (None, None)}[qualifier]


def cue_pair(draw_before, draw_after):
    """A cue before or after (not both: they could disagree) and the bound it sets."""
    if draw_after:
        return "", draw_after, CUES_AFTER[draw_after]
    return draw_before, "", CUES_BEFORE[draw_before]


@given(written_amounts(), st.sampled_from(sorted(CUES_BEFORE)), st.sampled_from(sorted(CUES_AFTER)))
def test_amount_comes_back_exactly(amount, before, after):
    written, value = amount
    before, after, qualifier = cue_pair(before, after)
    text = f"对符合条件的企业，给予{before}{written}{after}的一次性奖励。"
    [m] = extract_amounts(text)
    assert m.span == written and text[m.start:m.end] == written
    assert m.value == float(value)
    assert (m.lower, m.upper) == expected_bounds(qualifier, float(value))
    assert m.qualifier == qualifier and m.currency == "CNY"


@given(written_amounts(), written_amounts())
def test_range_comes_back_exactly(low, high):
    (low_written, low_value), (high_written, high_value) = sorted([low, high], key=lambda a: a[1])
    text = f"年营业收入在{low_written}至{high_written}之间的企业"
    [m] = extract_amounts(text)
    assert (m.value, m.lower, m.upper, m.qualifier) == (
        None, float(low_value), float(high_value), "range")


@st.composite
def written_percentages(draw):
    """(the percentage as written, its value in percent, its unit)."""
    form = draw(st.sampled_from(["sign", "full-width", "words", "points"]))
    if form == "words":
        n = draw(st.integers(1, 100))
        return f"百分之{chinese(n)}", Decimal(n), "percent"
    tenths = draw(st.integers(1, 2000))
    number = Decimal(tenths) / 10
    if form == "sign":
        return f"{number}%", number, "percent"
    if form == "full-width":
        return f"{number}％".translate(FULL_WIDTH), number, "percent"
    return f"{number}个百分点", number, "point"


@given(written_percentages(), st.sampled_from(sorted(CUES_BEFORE)), st.sampled_from(sorted(CUES_AFTER)))
def test_percentage_comes_back_exactly(percentage, before, after):
    written, value, unit = percentage
    before, after, qualifier = cue_pair(before, after)
    text = f"补贴比例{before}{written}{after}，由市财政承担。"
    [m] = extract_percentages(text)
    assert m.span == written and text[m.start:m.end] == written
    assert (m.value, m.unit, m.qualifier) == (float(value), unit, qualifier)
    assert (m.lower, m.upper) == expected_bounds(qualifier, float(value))


# text made of the characters figures, units and cue words are written with
FIGURE_SOUP = st.text(
    alphabet="0123456789１２一二三四五六七八九十百千万亿零两壹贰拾佰元美%％成折分之个点—至到 .,，、以上下最高约余多块角整每人/",
    max_size=40,
)


@given(FIGURE_SOUP)
def test_fast_search_finds_what_a_full_scan_finds(text):
    for pattern, starts, extra in ((amounts._AMOUNT_RE, amounts._UNIT_STARTS, ""),
                                   (percentages._PERCENT_RE, percentages._UNIT_STARTS, "对")):
        fast = [m.span() for m in find_figures(text, pattern, starts, extra)]
        assert fast == [m.span() for m in pattern.finditer(text)]
