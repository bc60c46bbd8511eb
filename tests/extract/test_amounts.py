import pytest

from pipeline.extract.amounts import extract_amounts


def one(text):
    """The single amount in `text`; its span must be the text it points at."""
    [m] = extract_amounts(text)
    assert m.kind == "amount"
    assert text[m.start:m.end] == m.span
    return m


def bounds(m):
    return m.value, m.lower, m.upper, m.qualifier


# SPEC 3, Jiaozuo

def test_jiaozuo_highest_may_be_granted_is_a_ceiling():
    m = one("签订1年以上劳动合同的小微企业，最高可给予150万元的创业担保贷款。")
    assert (m.span, *bounds(m), m.cue) == ("150万元", 1500000, None, 1500000, "max", "最高")


def test_jiaozuo_amount_and_above_is_a_floor():
    m = one("对单户担保金额500万元以上的小微企业收取的担保费率不超过1.5%。")
    assert (*bounds(m), m.cue) == (5000000, 5000000, None, "min", "以上")


def test_jiaozuo_rate_per_person_per_year():
    m = extract_amounts("按中级工每人每年 5000 元、高级工 6000 元的标准给予补贴。")[0]
    assert (m.span, *bounds(m), m.per) == ("5000 元", 5000, 5000, 5000, "exact", "每人每年")


def test_jiaozuo_not_lower_than_with_spaces():
    m = one("培训保障经费不低于 80 万元。")
    assert (m.span, *bounds(m), m.cue) == ("80 万元", 800000, 800000, None, "min", "不低于")


def test_jiaozuo_chained_cue_is_one_cue():
    m = one("给予最高不超过 100 万元的奖励")
    assert (*bounds(m), m.cue) == (1000000, None, 1000000, "max", "最高不超过")


# SPEC 3, Xuchang

def test_xuchang_range_shares_the_unit_after_the_second_figure():
    m = one("将年产值达到500—2000万元的小微企业作为上规模培育的目标对象")
    assert (m.span, *bounds(m)) == ("500—2000万元", None, 5000000, 20000000, "range")


def test_xuchang_over_a_yi_is_a_floor_with_the_cue_in_the_span():
    m = one("加快培育一批年营业收入超亿元的科技“小巨人”企业")
    assert (m.span, *bounds(m), m.cue) == ("超亿元", 1e8, 1e8, None, "min", "超")


def test_reach_is_a_lower_bound():
    m = one("年销售额达到300万元的企业")
    assert (*bounds(m), m.cue) == (3000000, 3000000, None, "min", "达到")
    assert bounds(one("年营业额首次达到5000万元")) == (5e7, 5e7, None, "min")


def test_reach_yields_to_a_cue_before_it():
    assert one("最高可达到50万元").qualifier == "max"


def test_breaking_through_a_bare_magnitude():
    m = one("产值首次突破亿元")
    assert (*bounds(m), m.cue) == (1e8, 1e8, None, "min", "首次突破")


# SPEC 3, figures read whole

def test_digits_spaced_one_by_one():
    m = one("每人每月1 0 0 0元")
    assert (m.value, m.per) == (1000, "每人每月")


@pytest.mark.parametrize("text, value", [
    ("补贴10 000元", 10000), ("补贴1,500,000元", 1500000), ("补贴１５００元", 1500),
])
def test_thousands_groups_and_full_width(text, value):
    assert one(text).value == value


@pytest.mark.parametrize("text", ["补贴1 00 0元", "一、比例为1万1万1万元", "补贴五千五千元"])
def test_a_figure_not_read_with_certainty_is_left_out_and_named(text):
    warnings = []
    assert extract_amounts(text, warnings) == []
    assert len(warnings) == 1 and "amount not read" in warnings[0]


def test_a_figure_after_a_digit_on_the_line_above_is_left_out():
    warnings = []
    assert extract_amounts("给予\n3\n150万元", warnings) == [] and warnings


@pytest.mark.parametrize("text, lower, upper, cue", [
    ("四五千元", 4000, 5000, ""), ("两三万元", 20000, 30000, ""), ("三五百万元", 3e6, 5e6, ""),
    ("八九亿元", 8e8, 9e8, ""), ("十几万元", 1e5, 2e5, "几"), ("几十万元", 1e5, 1e6, "几"),
    ("数十万元", 1e5, 1e6, "数"), ("数百万元", 1e6, 1e7, "数"), ("二十几万元", 2e5, 3e5, "几"),
])
def test_approximate_quantities_are_ranges(text, lower, upper, cue):
    m = one(text)
    assert (*bounds(m), m.cue) == (None, lower, upper, "range", cue)


def test_negative_figure():
    m = one("利润为负1200万元")
    assert (m.value, m.span) == (-12000000, "负1200万元")
    assert one("担负100万元的费用").value == 1000000
    assert one("利润为負12萬元").value == -120000


def test_currency_word_before_the_figure():
    m = one("奖励人民币1万元")
    assert (m.value, m.currency, m.span) == (10000, "CNY", "1万元")


# SPEC 3, cues across words and brackets, lists, ranges

def test_cue_reaches_into_a_bracket():
    assert bounds(one("额度上限（30万元）")) == (300000, None, 300000, "max")


def test_limit_reaches_the_figure_of_a_bracket_and_the_figure_after_it():
    ms = extract_amounts("最高不超过实际投资额与额度上限（30万元）之和的110万元")
    assert [(m.value, m.qualifier, m.cue) for m in ms] == [
        (300000, "max", "上限"), (1100000, "max", "最高不超过")]


def test_a_sentence_mark_stops_a_cue():
    assert one("最高为企业实际支出，给予50万元").qualifier == "exact"


def test_cue_before_a_list_governs_each_figure():
    ms = extract_amounts("分别不少于60万元、40万元、5万元")
    assert [(m.lower, m.qualifier) for m in ms] == [(6e5, "min"), (4e5, "min"), (5e4, "min")]


@pytest.mark.parametrize("text, span", [
    ("10万元及以上不足50万元", "10万元及以上不足50万元"),
    ("10万元以上、50万元以下", "10万元以上、50万元以下"),
    ("10万元（含）-50万元", "10万元（含）-50万元"),
    ("10万元至50万元", "10万元至50万元"),
])
def test_range_forms_of_spec_3(text, span):
    m = one(text)
    assert (m.span, *bounds(m)) == (span, None, 100000, 500000, "range")


def test_inclusion_brackets_with_the_unit_once_or_twice():
    assert bounds(one("10（含）-15（不含）万元")) == (None, 100000, 150000, "range")
    m = one("15（含）万元-25（不含）万元")
    assert (m.span, *bounds(m), m.cue) == ("15（含）万元-25（不含）万元", None, 150000, 250000, "range", "")


# every figure counts

def test_figures_in_a_formula_all_count():
    amounts = extract_amounts("（4801元/人月×60%×20%）×30%=248.8元/人月")
    assert [(m.span, m.value, m.per) for m in amounts] == [
        ("4801元", 4801, "每人每月"), ("248.8元", 248.8, "每人每月")]


# units and currencies

@pytest.mark.parametrize("text, value", [
    ("3元", 3), ("15万元", 150000), ("2亿元", 2e8), ("5千元", 5000), ("3百万元", 3e6),
    ("1.2万亿元", 1.2e12), ("3千万元", 3e7),
])
def test_money_units(text, value):
    assert one(text).value == value


def test_jiao_and_fen_after_yuan():
    assert one("3元5角").value == 3.5
    assert one("贰仟肆佰贰拾壹元零贰分").value == 2421.02


def test_capital_jiao_and_fen_alone_are_money():
    assert one("叁角贰分").value == 0.32


def test_kuai_qian_is_yuan():
    assert one("小王捡了100块钱").value == 100
    assert one("花费我三块").value == 3


def test_kuai_as_a_measure_word_is_not_money():
    assert extract_amounts("划出一块地建设产业园") == []


def test_capital_numerals_with_zheng():
    m = one("人民币壹佰万元整")
    assert (m.span, m.value, m.currency) == ("壹佰万元整", 1000000, "CNY")


@pytest.mark.parametrize("text, currency, value", [
    ("1200亿美元", "USD", 1.2e11), ("1欧元", "EUR", 1), ("每股1.95港元", "HKD", 1.95),
    ("5000万港币", "HKD", 5e7), ("1万亿日元", "JPY", 1e12), ("300万英镑", "GBP", 3e6),
    ("1.0092瑞士法郎", "CHF", 1.0092), ("5306亿台币", "TWD", 5.306e11),
    ("20万新台币", "TWD", 2e5),
])
def test_currencies(text, currency, value):
    m = one(text)
    assert (m.currency, m.value) == (currency, value)


def test_wan_before_a_currency_word():
    assert one("注册资本100万人民币").value == 1e6


def test_currency_named_before_the_figure():
    m = one("港币500元")
    assert (m.currency, m.value) == ("HKD", 500)


def test_full_width_digits():
    assert one("兑换１．０７５３美元").value == 1.0753


def test_thousands_separator():
    assert one("补贴1,500元").value == 1500


def test_chinese_numerals():
    assert one("给予五十万元奖励").value == 500000
    assert one("一次性奖励一亿二千万元").value == 1.2e8


# bounds and cues

@pytest.mark.parametrize("text, qualifier, cue", [
    ("最多50万元", "max", "最多"), ("上限为50万元", "max", "上限"), ("50万元封顶", "max", "封顶"),
    ("50万元以内", "max", "以内"), ("不高于50万元", "max", "不高于"),
    ("不少于50万元", "min", "不少于"), ("超过50万元", "min", "超过"), ("超50万元", "min", "超"),
    ("逾50万元", "min", "逾"),
    ("50万元起", "min", "起"), ("50万元及以上", "min", "及以上"),
    ("50万元（含）以上", "min", "（含）以上"),
])
def test_cue_words(text, qualifier, cue):
    m = one(text)
    assert (m.qualifier, m.cue) == (qualifier, cue)


def test_upper_bound_leaves_lower_empty_and_keeps_the_value():
    m = one("最高50万元")
    assert (m.value, m.lower, m.upper) == (500000, None, 500000)


def test_cue_as_written_before_a_modifier():
    assert one("原则上不超过50万元").cue == "原则上不超过"


def test_words_between_cue_and_figure_are_not_the_cue():
    assert one("最高给予一次性奖励100万元").cue == "最高"


def test_negated_cue_reaches_across_a_short_phrase():
    m = one("给予不超过项目总投资额500万元的补助")
    assert (m.qualifier, m.cue) == ("max", "不超过")


def test_minimum_as_part_of_a_noun_is_no_cue():
    assert one("按最低工资标准的2000元发放").qualifier == "exact"


def test_yu_after_the_figure_is_a_floor():
    m = one("总投资500余万元")
    assert (m.span, *bounds(m), m.cue) == ("500余万元", 5e6, 5e6, None, "min", "余")


def test_duo_after_the_figure_is_a_floor():
    m = one("3000多欧元")
    assert (m.value, m.lower, m.qualifier, m.currency) == (3000, 3000, "min", "EUR")


def test_approximation_gives_the_value_only():
    m = one("约100万元左右")
    assert (*bounds(m), m.cue) == (1e6, None, None, "approx", "约")
    assert one("近100万元").qualifier == "approx"


@pytest.mark.parametrize("text", [
    "100万元至500万元", "100万元到500万元", "100—500万元", "100-500万元", "100~500万元",
    "100万元及以上至500万元", "100万元以上至500万元",
])
def test_ranges(text):
    m = one(text)
    assert (m.span, *bounds(m)) == (text, None, 1e6, 5e6, "range")


def test_range_written_with_and_above_to():
    m = one("年营业收入1000万元及以上至5000万元的企业")
    assert (m.span, m.lower, m.upper, m.cue) == ("1000万元及以上至5000万元", 1e7, 5e7, "及以上至")


def test_range_between_two_figures():
    m = one("在50万元与100万元之间")
    assert (m.lower, m.upper, m.qualifier) == (5e5, 1e6, "range")


def test_floor_and_ceiling_side_by_side_are_one_range():
    m = one("并处一万元以上三万元以下罚款")
    assert (m.span, *bounds(m)) == ("一万元以上三万元以下", None, 10000, 30000, "range")


def test_a_bracket_repeating_the_bound_is_not_a_second_mention():
    m = one("50万元以下（含50万元）")
    assert (m.upper, m.qualifier) == (500000, "max")


def test_a_bracket_after_the_bound_is_read_with_it():
    m = one("近3年累计自主投入5000万元以上(含)")
    assert (m.lower, m.cue) == (5e7, "以上")


def test_listed_figures_share_the_cue_before_the_first():
    amounts = extract_amounts("分别不低于10万元、20万元和30万元")
    assert [(m.value, m.qualifier, m.cue) for m in amounts] == [
        (1e5, "min", "不低于"), (2e5, "min", "不低于"), (3e5, "min", "不低于")]


# per

@pytest.mark.parametrize("text, per", [
    ("每户补贴2000元", "每户"), ("每家企业最高奖励50万元", "每家企业"),
    ("每个项目给予100万元", "每个项目"), ("一次性给予每个3万元的资助", "每个"),
    ("企业每认定1件高新技术产品给予1000元补助", "每认定1件高新技术产品"),
    ("补贴标准为500元/人", "每人"), ("4801元/人月", "每人每月"), ("每人500元/月", "每人每月"),
])
def test_rate_base(text, per):
    assert one(text).per == per


def test_rate_base_is_not_carried_to_a_later_figure():
    assert extract_amounts("中级工每人每年 5000 元、高级工 6000 元")[1].per == ""


def test_rate_base_across_the_verb_that_gives_it():
    assert one("每人每月发放生活补贴3000元").per == "每人每月"
    assert one("每年安排资金1000万元").per == ""      # no verb of giving between


def test_no_rate_base_without_one_written():
    assert one("单个企业年补助金额不超过1万元").per == ""


# not amounts

@pytest.mark.parametrize("text", [
    "培训人数不少于 500 人", "培育 200 家省级以上企业", "累计次数不得超过3次",
    "力争到 2025 年", "补贴期限最长不超过12个月", "焦政办〔2022〕17号", "按第1条执行",
    "联系电话：0391-3568888", "16—24岁失业青年", "“企业纾困 360”平台", "坚持“6543”工作法",
    "开展“万人助万企”活动", "在全市百户重点企业中开展", "统一元数据标准", "推动城乡二元结构改革",
    "6月1日元旦", "好几万元的投入", "每千元营业收入", "一元化管理",
    "大陆元", "形成“三角债”",
])
def test_not_amounts(text):
    assert extract_amounts(text) == []


def test_offsets_point_into_the_text():
    text = "对企业给予不超过 1500 万元补助，最高 200 万元。"
    for m in extract_amounts(text):
        assert text[m.start:m.end] == m.span


def test_a_bare_magnitude_with_a_bound_after_it_is_one_of_it():
    m = one("在我区总投资亿元以上农业项目")
    assert (m.span, *bounds(m), m.cue) == ("亿元", 1e8, 1e8, None, "min", "以上")
    assert extract_amounts("单位：万元") == []


def test_list_items_repeating_the_rate_base_share_the_cue():
    ms = extract_amounts("基金最高支付限额为职工参保人员每人每月1,000元、居民参保人员每人每月500元，")
    assert [(m.value, m.qualifier, m.cue, m.per) for m in ms] == [
        (1000, "max", "最高", "每人每月"), (500, "max", "最高", "每人每月")]


def test_list_items_with_words_of_their_own_do_not_share_the_cue():
    ms = extract_amounts("最高补助10万元、其他企业给予5万元")
    assert [m.qualifier for m in ms] == ["max", "exact"]


# 万 without 元 as money: a giving word before it, a slash rate base after it

@pytest.mark.parametrize("text, span, low, high, per", [
    ("根据巡查工程类别进行补助，一类水库补助1.5万/人/年；", "1.5万", 15000, 15000, "每人每年"),
    ("二类堤防根据堤防长度补助0.18~0.35万/人/年；", "0.18~0.35万", 1800, 3500, "每人每年"),
    ("对新引进的博士给予生活补贴2万/人。", "2万", 20000, 20000, "每人"),
    ("村集体发放奖励1亿 / 年", "1亿", 100000000, 100000000, "每年"),
])
def test_bare_wan_given_as_a_rate_is_money(text, span, low, high, per):
    m = one(text)
    assert (m.span, m.lower, m.upper, m.currency, m.per) == (span, low, high, "CNY", per)


@pytest.mark.parametrize("text", [
    "新增蓄水能力5万m³，补助到位。",          # a measure after 万
    "全年接待游客1万/人次。",                 # a rate with no word giving money
    "补助资金用于培训1万人。",                # a count, no slash base
    "补助标准见附件。\n全年接待游客1万/人次",  # the giving word in an earlier phrase
    "补助文件2020/01/02印发",                  # a date's slashes
])
def test_bare_wan_that_is_no_money_is_not_read(text):
    assert extract_amounts(text) == []


def test_a_chain_of_slash_bases_is_one_per():
    m = one("每人补助3000元/人/年")
    assert (m.value, m.per) == (3000, "每人每年")


def test_a_line_break_before_a_thousands_separator_leaves_the_figure_out():
    # `1\n,000元` is 1000 broken by a conversion: `000元` alone would be a wrong 0
    warnings = []
    assert extract_amounts("每人每月1\n,000元", warnings) == [] and warnings


def test_a_numeral_with_a_leading_zero_is_a_part_of_a_longer_one():
    assert [m.span for m in extract_amounts("每人每月1 \n 000元，另给予0元、0.5元")] == ["0元", "0.5元"]
