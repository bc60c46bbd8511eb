import pytest

from pipeline.extract.percentages import extract_percentages


def one(text):
    """The single percentage in `text`; its span must be the text it points at."""
    [m] = extract_percentages(text)
    assert m.kind == "percentage"
    assert text[m.start:m.end] == m.span
    return m


def bounds(m):
    return m.value, m.lower, m.upper, m.qualifier


# SPEC 4

def test_fall_to_below_is_a_ceiling():
    m = one("平均担保费率降至1%以下")
    assert (m.span, *bounds(m), m.cue) == ("1%", 1, None, 1, "max", "以下")


def test_and_above_is_a_floor():
    m = one("预留该部分采购项目预算总额的30%以上")
    assert (*bounds(m), m.cue) == (30, 30, None, "min", "以上")


def test_not_lower_than_is_a_floor():
    m = one("预留给小微企业的比例不低于60%")
    assert (*bounds(m), m.cue) == (60, 60, None, "min", "不低于")


def test_range_with_a_dash():
    m = one("给予小微企业报价6%—10%的价格扣除")
    assert (m.span, *bounds(m), m.unit) == ("6%—10%", None, 6, 10, "range", "percent")


def test_range_in_a_bracket_after_a_range_is_its_own_mention():
    ms = extract_percentages("报价6%—10%（工程项目为3%—5%）")
    assert [(m.lower, m.upper) for m in ms] == [(6, 10), (3, 5)]


# forms

@pytest.mark.parametrize("text, value", [
    ("20%", 20), ("1.5%", 1.5), ("２０％", 20), ("５．５％", 5.5),
    ("百分之二十", 20), ("百分之三点五", 3.5), ("百分之百", 100), ("百分之２．４", 2.4),
    ("千分之五", 0.5), ("5‰", 0.5), ("万分之一", 0.01), ("1‱", 0.01),
])
def test_percent_forms(text, value):
    m = one(text)
    assert (m.span, m.value, m.unit) == (text, value, "percent")


@pytest.mark.parametrize("text, value", [
    ("三成", 30), ("9.5成", 95), ("七成六", 76), ("三成半", 35), ("半成", 5), ("两成", 20),
])
def test_tenths(text, value):
    assert one(text).value == value


@pytest.mark.parametrize("text, value", [
    ("八折", 80), ("7.5折", 75), ("75折", 75), ("七五折", 75), ("对折", 50), ("一折", 10),
])
def test_discounts(text, value):
    assert one(text).value == value


def test_percentage_points():
    m = one("贷款利率降低2个百分点")
    assert (m.span, m.value, m.unit) == ("2个百分点", 2, "point")
    assert one("下降０.４个百分点").value == 0.4


@pytest.mark.parametrize("text", ["6%—10%", "6—10%", "百分之六至百分之十", "3%~5%", "6%-10%",
                                  "6%到10%", "百分之六至十"])
def test_range_forms(text):
    m = one(text)
    assert (m.span, m.qualifier) == (text, "range")
    assert m.value is None and m.lower < m.upper


def test_range_of_points():
    m = one("降低1-2个百分点")
    assert (m.lower, m.upper, m.unit) == (1, 2, "point")


def test_list_gives_one_mention_per_figure():
    assert [m.value for m in extract_percentages("分别达到70%、80%和90%")] == [70, 80, 90]


def test_list_shares_the_cue_before_the_first():
    ms = extract_percentages("不低于70%、80%和90%")
    assert [(m.lower, m.cue) for m in ms] == [(70, "不低于"), (80, "不低于"), (90, "不低于")]


def test_a_bracket_repeating_the_bound_is_not_a_second_mention():
    m = one("持股比例50%以下（含50%）")
    assert (m.upper, m.qualifier) == (50, "max")


def test_negated_cue_reaches_across_the_base_of_the_percentage():
    m = one("给予不超过实际发生额50%的资助")
    assert (*bounds(m), m.cue) == (50, None, 50, "max", "不超过")


def test_minimum_wage_is_no_cue():
    assert one("按照当地最低工资标准的70%给予就业见习补贴").qualifier == "exact"


def test_reach_is_a_lower_bound_across_the_base():
    m = one("人员数量达到企业现有在职职工人数20%")
    assert (*bounds(m), m.cue) == (20, 20, None, "min", "达到")


def test_reach_and_a_cue_after_give_the_cue_after():
    assert one("比例达到50%以上").cue == "以上"


def test_limit_reaches_across_words():
    m = one("补贴比例最高为企业实际支出的50%")
    assert (*bounds(m), m.cue) == (50, None, 50, "max", "最高")


@pytest.mark.parametrize("text, value", [
    ("给予三分之一的补助", 33.333333), ("五分之一", 20), ("3分之1", 33.333333), ("十分之一", 10),
])
def test_fractions_are_shares(text, value):
    m = one(text)
    assert (m.value, m.unit) == (value, "fraction")


def test_approximate_tenths_are_a_range():
    assert bounds(one("七八成")) == (None, 70, 80, "range")
    assert bounds(one("百分之二三十")) == (None, 20, 30, "range")


def test_negative_percentage():
    assert one("增长率为负2%").value == -2


def test_a_percentage_not_read_with_certainty_is_left_out_and_named():
    warnings = []
    assert extract_percentages("一、比例为" + "1万" * 26 + "%。", warnings) == []
    assert warnings


def test_figures_in_a_formula_all_count():
    ms = extract_percentages("（4801元/人月×60%×20%）×30%=248.8元/人月")
    assert [m.value for m in ms] == [60, 20, 30]


def test_approximation():
    m = one("增长约15%左右")
    assert (*bounds(m), m.cue) == (15, None, None, "approx", "约")


# not percentages

@pytest.mark.parametrize("text", [
    "2/3", "五百分之2333", "十分之重要",
    "集成电路", "形成合力", "降低成本", "完成任务", "固定资产加速折旧", "按1:1折算",
    "一成不变", "https://www.test.com/search?q=30%25%2020%", "issn%280024%2D9114%29",
    "16—24岁", "百户重点企业",
])
def test_not_percentages(text):
    assert extract_percentages(text) == []
