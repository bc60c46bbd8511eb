import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.extract.numerals import (
    NUMERAL_RE, SPACE, Uncertain, alternation, not_followed_by, parse_numeral, read_numeral,
    read_quantity, stands_alone, trailing_magnitude,
)


def test_arabic_thousands_separators_and_decimals():
    assert parse_numeral("1,500") == 1500
    assert parse_numeral("1.5") == 1.5
    assert parse_numeral("10,000.233") == 10000.233
    assert parse_numeral("1,050,000,000") == 1050000000


def test_full_width_digits():
    assert parse_numeral("１５０") == 150
    assert parse_numeral("１．０７５３") == 1.0753
    assert parse_numeral("４，５６５") == 4565


def test_spaces_inside_a_numeral():
    assert parse_numeral("80 万") == 800000
    assert parse_numeral("三千 九百 六十五") == 3965
    assert parse_numeral("7万 5千 4百") == 75400


@pytest.mark.parametrize("written, value", [
    ("五十", 50), ("一百五十", 150), ("三千五百万", 35000000), ("两千万", 20000000),
    ("一亿二千万", 120000000), ("十万", 100000), ("十五", 15), ("一十二", 12),
    ("九十九万九千九百九十九亿九千九百九十九万九千九百九十九", 99999999999999),
])
def test_chinese_numerals(written, value):
    assert parse_numeral(written) == value


def test_chinese_decimals():
    assert parse_numeral("零点五") == 0.5
    assert parse_numeral("十五点七") == 15.7
    assert parse_numeral("两千万点五五四四") == 20000000.5544
    assert parse_numeral("一百点123") == 100.123


def test_zero_holds_a_place():
    assert parse_numeral("一千零二十四") == 1024
    assert parse_numeral("一亿零三十五万零八十九") == 100350089
    assert parse_numeral("五亿零六") == 500000006


def test_digit_by_digit():
    assert parse_numeral("二〇二二") == 2022
    assert parse_numeral("一七二零点一") == 1720.1
    assert parse_numeral("壹壹壹壹") == 1111


def test_capital_numerals_of_finance():
    assert parse_numeral("壹佰万") == 1000000
    assert parse_numeral("贰仟") == 2000
    assert parse_numeral("拾") == 10
    assert parse_numeral("陆万柒仟伍佰伍拾陆") == 67556


def test_traditional_forms():
    assert parse_numeral("四十五億四千零四萬") == 4540040000
    assert parse_numeral("兩千四百五") == 2450
    assert parse_numeral("肆佰陸拾") == 460


def test_mixed_arabic_and_chinese():
    assert parse_numeral("1.2万亿") == 1.2e12
    assert parse_numeral("3千万") == 30000000
    assert parse_numeral("5百万") == 5000000
    assert parse_numeral("100万三千") == 1003000
    assert parse_numeral("200亿零四千230") == 20000004230


def test_spoken_shorthand_after_a_unit():
    assert parse_numeral("一千二") == 1200
    assert parse_numeral("两万二") == 22000
    assert parse_numeral("百二") == 120


def test_wan_wan_and_wan_yi():
    assert parse_numeral("四万万") == 400000000
    assert parse_numeral("十万亿") == 10**13


def test_half_before_a_unit():
    assert parse_numeral("半百") == 50


def test_bare_magnitude_is_one_of_it():
    assert parse_numeral("亿") == 1e8
    assert parse_numeral("千万") == 1e7


def test_reading_is_exact():
    assert read_numeral("36.57亿") == Decimal(3657000000)
    assert read_numeral("１．０７５３") == Decimal("1.0753")


@pytest.mark.parametrize("written", [
    "1,500", "１．０７５３", "80 万", "三千五百万", "二〇二二", "壹佰万", "1.2万亿", "零点五",
    "7万 5千 4百", "两千万点五五四四",
])
def test_pattern_matches_the_whole_numeral(written):
    assert NUMERAL_RE.fullmatch(written)


def test_pattern_stops_where_the_numeral_ends():
    assert NUMERAL_RE.match("2025年").group() == "2025"
    assert NUMERAL_RE.match("150万元").group() == "150万"
    assert NUMERAL_RE.match("1 200").group() == "1 200"  # thousands groups, read by read_quantity
    assert NUMERAL_RE.match("1 0 0 0元").group() == "1 0 0 0"


@pytest.mark.parametrize("written, low, high", [
    ("四五千", 4000, 5000), ("两三万", 20000, 30000), ("三五百万", 3e6, 5e6), ("八九亿", 8e8, 9e8),
    ("十几万", 1e5, 2e5), ("几十万", 1e5, 1e6), ("数十万", 1e5, 1e6), ("数百万", 1e6, 1e7),
    ("一百零几万", 1e6, 1.1e6), ("十五六万", 1.5e5, 1.6e5), ("20几万", 2e5, 3e5),
    ("1 0 0 0", 1000, 1000), ("10 000", 10000, 10000), ("一千二", 1200, 1200),
])
def test_quantity_a_numeral_allows(written, low, high):
    assert read_quantity(written) == (low, high)


@pytest.mark.parametrize("written", ["1 00 0", "2 3000", "1万1万", "五千五千", "1亿1亿", "1,2"])
def test_numerals_not_read_with_certainty(written):
    with pytest.raises(Uncertain):
        read_quantity(written)


def test_magnitude_a_range_shares():
    assert trailing_magnitude("2000万") == "万"
    assert trailing_magnitude("5千万") == "千万"
    assert trailing_magnitude("一千五百万") == "万"
    assert trailing_magnitude("10") == ""
    assert trailing_magnitude("一千五百") == ""


def test_numeral_inside_a_word_or_code_does_not_stand_alone():
    assert not stands_alone("统一", 1, "一")
    assert not stands_alone("大陆", 1, "陆")
    assert not stands_alone("第一", 1, "一")
    assert not stands_alone("B2B", 1, "2")
    assert stands_alone("给予50", 2, "50")
    assert stands_alone("陆万", 0, "陆万")


def flat_alternation(words, guards=None, spaced=False) -> str:
    """The plain form `alternation` stands for: every word, the longest first."""
    guards = guards or {}
    join = SPACE if spaced else ""
    return "|".join(join.join(map(re.escape, word)) + guards.get(word, "")
                    for word in sorted(set(words), key=len, reverse=True))


# few characters, so that words share beginnings and run into one another
WORD_CHARS = "不超过低"
WORDS = st.lists(st.text(alphabet=WORD_CHARS, min_size=1, max_size=4), min_size=1, max_size=10)


@st.composite
def words_and_text(draw):
    """Words, guards on some of them, and a text made of the words (some with their
    characters spaced apart, as PDF text has them), spaces and other characters."""
    words = draw(WORDS)
    not_after = draw(st.dictionaries(st.sampled_from(words), st.text(alphabet=WORD_CHARS + "元", max_size=2)))
    pieces = st.one_of(st.sampled_from(words), st.sampled_from(words).map(" ".join),
                       st.text(alphabet=WORD_CHARS + " 元", max_size=2))
    text = "".join(draw(st.lists(pieces, max_size=12)))
    return words, not_followed_by(not_after), text


@given(words_and_text(), st.booleans())
def test_word_tree_matches_like_the_longest_first_list(words_guards_text, spaced):
    words, guards, text = words_guards_text
    tree = re.compile(alternation(words, guards, spaced))
    flat = re.compile(flat_alternation(words, guards, spaced))
    for start in range(len(text) + 1):
        found, expected = tree.match(text, start), flat.match(text, start)
        assert (found and found.span()) == (expected and expected.span())
    assert [m.span() for m in tree.finditer(text)] == [m.span() for m in flat.finditer(text)]
