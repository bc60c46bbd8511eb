"""Roles and instruments (SPEC section 9): one example per kind of wording."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.extract.amounts import extract_amounts
from pipeline.extract.percentages import extract_percentages
from pipeline.extract.roles import SENTENCE_ENDS, sentence_spans, with_roles


def figures(text: str) -> dict[str, tuple[str, str]]:
    """span → (role, instrument) of every amount and percentage in `text`."""
    amounts, percentages = with_roles(text, extract_amounts(text), extract_percentages(text))
    found = amounts + percentages
    return {m.span: (m.role, m.instrument) for m in found}


def role(text: str, span: str) -> str:
    return figures(text)[span][0]


# amounts ------------------------------------------------------------------------------

def test_benefit_named_after_the_figure():
    assert figures("对符合条件的小微企业，最高可给予150万元的创业担保贷款。")["150万元"] == ("benefit", "贷款")


def test_benefit_given_by_a_verb_before_the_figure():
    assert figures("对新认定的企业，给予企业30万元奖励。")["30万元"] == ("benefit", "奖励")


def test_subsidy_standard_with_a_base():
    text = "对参加培训的学徒给予培训补贴，补贴标准为中级工每人每年5000元。"
    assert figures(text)["5000元"] == ("benefit", "补贴")


def test_cumulative_cap_of_a_benefit():
    assert role("单个企业累计获得奖励不超过500万元。", "500万元") == "benefit"


def test_threshold_of_the_beneficiary_s_investment():
    text = "对固定资产投资1000万元及以上的项目，给予20万元补助。"
    assert figures(text) == {"1000万元": ("threshold", ""), "20万元": ("benefit", "补助")}


def test_threshold_of_turnover_written_with_a_cue_inside_the_figure():
    assert role("加快培育一批年营业收入超亿元的科技小巨人企业。", "超亿元") == "threshold"


def test_threshold_sizing_the_noun_it_qualifies():
    assert role("落实月销售额15万元以下的小规模纳税人免征增值税政策。", "15万元") == "threshold"


def test_threshold_of_a_loan_size():
    assert role("强化对单户授信1000万元以下的普惠型小微企业贷款考核。", "1000万元") == "threshold"


def test_budget_of_a_fund_set_up():
    assert role("设立总规模不低于1亿元的创业投资引导资金。", "1亿元") == "budget"


def test_budget_of_a_programme_s_funds():
    assert role("培训保障经费不低于80万元。", "80万元") == "budget"


def test_fine():
    assert role("违反本办法的，由市场监管部门处1万元以上5万元以下的罚款。", "1万元以上5万元以下") == "fine"


def test_a_benefit_s_money_capped_is_a_benefit():
    assert figures("单个项目奖补资金不超过30万元。")["30万元"] == ("benefit", "奖补")


def test_a_benefit_s_money_set_aside_for_a_programme_is_a_budget():
    assert role("市财政每年安排奖补资金1000万元。", "1000万元") == "budget"


def test_the_beneficiary_s_own_spending_is_a_threshold():
    assert role("近3年累计自主投入5000万元以上的创新创业团队。", "5000万元") == "threshold"


def test_a_price_quoted_is_other():
    assert role("回收价格标准为：农药废弃包装袋0.2元/只。", "0.2元") == "other"


def test_conditional_frame_makes_a_condition_of_what_precedes_the_main_clause():
    text = "对当年进出口额首次突破1亿元的，给予一次性奖励10万元。"
    assert figures(text) == {"1亿元": ("threshold", ""), "10万元": ("benefit", "奖励")}


def test_tier_list_given_by_one_verb():
    text = "对首次认定的国家级、省级、市级龙头企业，分别给予50万元、30万元、10万元奖励。"
    assert {r for r, _ in figures(text).values()} == {"benefit"}


def test_bound_before_the_benefit_is_a_condition():
    text = "年销售收入500万元以上奖励2万元。"
    assert figures(text) == {"500万元": ("threshold", ""), "2万元": ("benefit", "奖励")}


def test_bound_of_a_benefit_given_by_a_verb_is_the_benefit_s():
    assert figures("给予人民币1万元以下奖励。")["1万元"] == ("benefit", "奖励")


def test_the_figure_s_size_never_decides():
    small = "对年营业收入100元以上的企业，给予1亿元奖励。"
    assert figures(small) == {"100元": ("threshold", ""), "1亿元": ("benefit", "奖励")}


def test_an_aside_in_brackets_about_a_thing_given_is_that_benefit():
    text = "每辆可领取额度1000元的加油储值卡（价值1100元）及800元的新车商业保险补贴。"
    assert figures(text) == {"1000元": ("benefit", "储值卡"), "1100元": ("benefit", "储值卡"),
                             "800元": ("benefit", "补贴")}


def test_a_bracketed_variant_of_a_figure_takes_its_role():
    text = "招用人员达到企业现有在职职工人数20%（超过100人的企业达到10%）的小微企业，给予贷款。"
    assert figures(text) == {"20%": ("threshold", ""), "10%": ("threshold", "")}


def test_what_the_beneficiary_pays_himself_is_other():
    assert role("失能评估为其他情形的，由申请人按100%的比例支付。", "100%") == "other"


# percentages --------------------------------------------------------------------------

def test_benefit_rate_of_a_base():
    text = "科技成果转化承接单位，按上年度技术交易额的10%，给予最高不超过100万元的奖励。"
    assert figures(text) == {"10%": ("benefit", "奖励"), "100万元": ("benefit", "奖励")}


def test_benefit_standard_raised():
    assert role("补贴标准提高到当地最低工资标准的110%。", "110%") == "benefit"


def test_benefit_share_reserved_in_procurement():
    assert role("预留该部分采购项目预算总额的30%以上专门面向中小企业采购。", "30%") == "benefit"


def test_benefit_price_deduction():
    assert role("评审时给予小微企业报价6%—10%的价格扣除。", "6%—10%") == "benefit"


def test_benefit_cap_on_what_the_beneficiary_pays():
    assert role("逐步将平均担保费率降至1%以下。", "1%") == "benefit"


def test_benefit_share_paid_by_a_fund():
    assert figures("由长护险基金按90%的比例支付。")["90%"] == ("benefit", "支付")


def test_a_fund_paying_with_the_beneficiary_is_a_benefit():
    assert role("由长护险基金和申请人各按50%的比例支付。", "50%") == "benefit"


def test_threshold_share_in_a_condition():
    assert role("对留用见习期满人员比例达到50%以上的，补贴标准提高。", "50%") == "threshold"


def test_threshold_growth_in_a_condition():
    assert role("对营业收入增长超过20%的企业，给予奖励。", "20%") == "threshold"


def test_threshold_written_as_a_comparison():
    assert role("呼气流量峰值日内变异率≥20%。", "20%") == "threshold"


def test_target_rate():
    assert role("到2025年，城乡社区综合服务设施覆盖率达到75%以上。", "75%") == "target"


def test_target_growth():
    assert role("力争全市规模以上工业增加值年均增长20%。", "20%") == "target"


def test_a_statistic_is_other():
    assert role("全省中小企业数量占全省企业总数的97%。", "97%") == "other"


# instruments --------------------------------------------------------------------------

@pytest.mark.parametrize("text, instrument", [
    ("给予一次性奖励10万元。", "奖励"),
    ("给予30万元的奖励补贴。", "奖补"),
    ("给予不超过50万元的贴息补助。", "贴息"),
    ("发放最高20万元创业担保贷款。", "贷款"),
    ("给予风险补偿，最高100万元。", "补偿"),
    ("给予不超过10万元的资助补贴。", "补贴"),
    ("预留该部分采购项目预算总额的30%以上专门面向中小企业采购。", "预留"),
    ("给予小微企业报价6%的价格扣除。", "扣除"),
])
def test_instrument_is_the_most_specific_name_in_its_base_form(text, instrument):
    [(role_, found)] = figures(text).values()
    assert (role_, found) == ("benefit", instrument)


def test_no_instrument_but_for_a_benefit():
    assert figures("对年营业收入1亿元以上的企业给予奖励。")["1亿元"] == ("threshold", "")


# sentences ----------------------------------------------------------------------------

def test_sentence_spans_end_at_sentence_marks_and_lines():
    text = "第一句10元。第二句20元；第三句\n30元"
    starts = [text.index(x) for x in ("10元", "20元", "30元")]
    spans = sentence_spans(text, [(s, s + 3) for s in starts])
    assert [text[a:b] for a, b in spans] == ["第一句10元", "第二句20元", "30元"]


@given(st.text(alphabet="元万，。；\n！?a", max_size=60),
       st.lists(st.tuples(st.integers(0, 60), st.integers(0, 4)), max_size=8))
def test_sentence_spans_are_from_the_last_end_before_to_the_first_end_after(text, picked):
    """Spans in text order, several in one sentence, nested or running over a sentence
    end: each span's sentence is found as if alone."""
    spans = sorted((min(lo, len(text)), min(lo + n, len(text))) for lo, n in picked)
    ends = [i for i, c in enumerate(text) if c in SENTENCE_ENDS]
    expected = [(max([i + 1 for i in ends if i < lo], default=0), min([i for i in ends if i >= hi], default=len(text)))
                for lo, hi in spans]
    assert sentence_spans(text, spans) == expected
@pytest.mark.parametrize("text, bound", [
    ("购买新车发票金额 10（含）-15（不含）万元，可申领 3200 元的汽车消费礼包", "10（含）-15（不含）万元"),
    ("购买新车发票金额 10（不含）万元以下，可申领 1900 元的汽车消费礼包", "10（不含）万元"),
    ("单笔消费满 200 元以上，可领取 20 元消费券", "200 元"),
])
def test_a_bound_with_a_benefit_in_the_next_phrase_is_its_condition(text, bound):
    found = figures(text)
    assert found.pop(bound) == ("threshold", "")
    assert [r for r, _ in found.values()] == ["benefit"]


def test_an_exact_figure_before_a_benefit_phrase_is_no_bound():
    assert role("建设期间每户最高10万元，另给予一次性奖励2万元", "10万元") != "threshold"


# tables written one cell per line -----------------------------------------------------

TABLE = "\n".join(["附件1", "门诊特定病种支付限额", "序号", "病种名称", "统筹基金最高支付限额",
                   "有效期", "1", "高血压病", "200元/月", "长期", "2", "恶性肿瘤", "6000元/月", "2年"])


def test_a_bare_cell_takes_its_role_from_its_column_header():
    assert figures(TABLE)["200元"] == ("benefit", "支付")
    assert figures(TABLE)["6000元"] == ("benefit", "支付")


def test_a_threshold_column_header_makes_its_cells_thresholds():
    table = TABLE.replace("统筹基金最高支付限额", "年营业收入")
    assert role(table, "200元") == "threshold"


def test_a_figure_alone_on_a_line_after_prose_is_no_table_cell():
    text = "企业购买设备的，按设备投资额的一定比例给予补贴，补贴标准如下。\n200元/月\n"
    # no column header above it: the prose line ends the search, the cell keeps its own reading
    assert role(text, "200元") == role("200元/月", "200元")
