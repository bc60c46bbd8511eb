"""Amounts of money (SPEC section 3): `extract_amounts(text) -> list[Mention]`.

A figure is a numeral (`numerals.NUMERAL`) followed by a money unit: 元 and its
multiples written into the numeral (万元, 亿元, 千元, 百万元, 万亿元), 角/分 after 元
(3元5角), 块(钱), a currency word (美元 → USD, 港元/港币 → HKD …, with 万/亿 before it:
1200亿美元), or 人民币. `超亿元`, `上千万元`, `近百万元` write the figure with the cue
(span from the cue). Capital numerals (贰分, 叁角) stand as money on their own. The
bounds (最高, 以上, 500—2000万元 …) are read by `bounds.BoundReader`.

A figure is read whole through conversion debris (`numerals.read_quantity`): digits
spaced out one by one (`每人每月1 0 0 0元` → 1000, never `0元`), thousands groups
after commas or spaces (`10 000元`), full-width digits. Approximate quantities are
ranges, value empty (`四五千元` 4000..5000, `三五百万元`, `十几万元` 100000..200000,
`几十万元`/`数十万元` 100000..1000000, `数百万元` 1e6..1e7; cue `几`/`数` where written).
`负` right before a figure makes it negative (`负1200万元`, span from 负); after 正负 or
± the figure is not read. `10（含）-15（不含）万元` and `15（含）万元-25（不含）万元` are
ranges, the unit written once or twice. `产值首次突破亿元` is a lower bound of 1e8, the
cue in the span as in `超亿元`; `总投资亿元以上` is one too (a bare 亿元 or 万元 with
以上/以下/以内 after it is one of it; alone, `单位：万元`, it is a column's unit).
A figure in bare 万 or 亿 followed by a slash rate base is money in 万元/亿元 where a
word giving money (`MONEY_GIVING`) stands before it in its phrase: `补助1.5万/人/年`
→ 15000 每人每年, `补助0.18~0.35万/人/年` → 1800..3500; `5万m³`, `接待1万/人次` and
`培训1万人` are no amounts.

What cannot be read with certainty is left out and named in the warnings passed to
`extract_amounts`, never written wrong: digits grouped irregularly (`1 00 0元`), a
numeral that is no number (`1万1万元`), a run of numeral characters longer than 60, a
figure right after a digit (across a line break or a page number: `1\n50万元`), a
figure whose range was cut by a line break (`500\n—2000万元`) and the other end of a
range whose first figure was not read.

Not amounts: counts (100人, 200家, 3次), years and dates, document numbers, clause
numbers, ages — none of them carries a money unit; vague words (好几万元, 成千上万元)
and bases (每千元) carry no figure.

Time is linear in the text: the patterns are built so that no part of a match can be
matched in two ways (see `numerals.NUMERAL`, `bounds.BoundReader`), and
`numerals.find_figures` tries the full pattern only on runs of numeral characters of
at most 60 that a unit follows.

`per`, the rate's base, is read where the document states it next to the figure:
- before it, as a chain of 每 + measure word (+ a noun), possibly with cue or
  connecting words between: `每人每年 5000 元` → 每人每年, `每家企业最高…`
  → 每家企业, `一次性给予每个3万元` → 每个;
- before it across the verb that gives it: `每人每月发放生活补贴3000元` → 每人每月
  (a 每 phrase, one of PER_VERBS, then a few words, no punctuation);
- after the unit, as a slash or a chain of them: `元/人月` → 每人每月, `元/人/年` →
  每人每年, `元/亩` → 每亩. The slash form is
  written in the 每 form so that one base reads the same however it was written;
  a base before and one after are joined (`每人500元/月` → 每人每月).
A base is not carried over to later figures (`中级工每人每年 5000 元、高级工 6000 元`:
the 6000 has no per) unless they are listed straight after with 、/和.
"""
from __future__ import annotations

import re
from decimal import Decimal

from pipeline.extract.bounds import INCLUSION, RANGE_JOIN, BoundReader, Figure, certain_figures
from pipeline.extract.numerals import (
    CHINESE, DIGITS, NUMERAL, SPACE, Uncertain, alternation, cut_off, is_figure, read_numeral,
    read_quantity, runs_on, sign_before, stands_alone, trailing_magnitude,
)
from pipeline.model import Mention

# Currency words written after a figure → (ISO code, value of one in that currency).
CURRENCIES: dict[str, tuple[str, str]] = {
    "元": ("CNY", "1"), "圆": ("CNY", "1"), "块钱": ("CNY", "1"), "块": ("CNY", "1"),
    "人民币": ("CNY", "1"),
    "美元": ("USD", "1"), "美金": ("USD", "1"), "美分": ("USD", "0.01"),
    "欧元": ("EUR", "1"), "港元": ("HKD", "1"), "港币": ("HKD", "1"),
    "日元": ("JPY", "1"), "英镑": ("GBP", "1"), "瑞士法郎": ("CHF", "1"),
    "新台币": ("TWD", "1"), "台币": ("TWD", "1"),
    "澳门元": ("MOP", "1"), "澳门币": ("MOP", "1"), "澳元": ("AUD", "1"),
    "加元": ("CAD", "1"), "加拿大元": ("CAD", "1"), "新加坡元": ("SGD", "1"),
    "新西兰元": ("NZD", "1"), "韩元": ("KRW", "1"), "卢布": ("RUB", "1"),
    "卢比": ("INR", "1"), "泰铢": ("THB", "1"), "林吉特": ("MYR", "1"),
    "奈拉": ("NGN", "1"), "兰特": ("ZAR", "1"),
}
# What may not follow a currency word for it to be one: 一元化, 元数据, 二元结构,
# 1日元旦 (a date), 一块地 (块 as a measure word: only 块钱 or 块 at a word's end).
NOT_AFTER_CURRENCY: dict[str, str] = {
    "元": "(?!化|论|数据|素|件|器|组|结构|体制|格局|并存|主义|函数|方程|旦|宵|首|帅|老|朝|曲|音)",
    "日元": "(?!旦)",
    "块": "(?![\u4e00-\u9fff])",
}
# Currency words written before the figure (人民币100万元, 港币500元): they name the
# currency of a following 元 or 圆.
CURRENCY_BEFORE: dict[str, str] = {
    "人民币": "CNY", "美元": "USD", "港币": "HKD", "港元": "HKD", "欧元": "EUR",
    "日元": "JPY", "英镑": "GBP", "新台币": "TWD",
}
# Fractional units after the main unit (3元5角2分, 两美元又三美分) → (currency, value).
SUBUNITS: dict[str, tuple[str, str]] = {
    "角": ("CNY", "0.1"), "毛": ("CNY", "0.1"), "分": ("CNY", "0.01"), "美分": ("USD", "0.01"),
}
NOT_AFTER_SUBUNIT: dict[str, str] = {
    "角": "(?!色|度|落|逐|膜)", "毛": "(?!利|巾|病|衣|笔|泽)", "分": "(?!钟|之|别|类|配|期|批|级)",
}
# Capital digits that with 角/分 alone are money (叁角, 贰分): finance writes them.
CAPITAL_DIGITS = "壹贰貳叁叄肆伍陆陸柒捌玖"
# Cues written as part of a figure that has no digit (超亿元, 上千万元, 近百万元).
ATTACHED_CUES: dict[str, str] = {
    "超过": "min", "超": "min", "逾": "min", "过": "min", "上": "min", "近": "approx",
    "首次突破": "min", "突破": "min", "首次达到": "min", "达到": "min",   # 产值首次突破亿元
}
# Before a magnitude without digits, these make it vague or a base, not a figure
# (每千元, 成千上万元, 余万元); before 几 or 数, 好 makes it vague (好几万元).
VAGUE_BEFORE = frozenset("数几每好成余多")

# The rate's base before a figure: 每 + measure word, maybe a noun (每人每年, 每家企业).
PER_MEASURES = (
    "人次", "人", "户", "家", "名", "位", "个", "件", "项", "种", "台", "套", "次", "批",
    "篇", "场", "期", "所", "座", "张", "部", "辆", "股", "吨", "亩", "平方米", "立方米",
    "千瓦时", "千瓦", "度", "份", "床", "年", "月", "日", "天", "周", "季度", "学年",
    "学期", "小时", "课时", "学时",
)
PER_NOUNS = (
    "企业", "项目", "产品", "单位", "平台", "基地", "团队", "人才", "学员", "学生",
    "毕业生", "岗位", "职工", "员工", "机构", "园区", "载体", "专利", "商标", "证书",
    "品种", "课程", "设备", "孵化器", "众创空间",
)
# The rate's base after a slash (元/人月) → the same base in the 每 form.
PER_AFTER: dict[str, str] = {
    "人·月": "每人每月", "人月": "每人每月", "人·年": "每人每年", "人年": "每人每年",
    "人·天": "每人每天", "人天": "每人每天", "人次": "每人次", "人": "每人",
    "户": "每户", "家": "每家", "个": "每个", "件": "每件", "项": "每项", "台": "每台",
    "套": "每套", "次": "每次", "年": "每年", "月": "每月", "日": "每日", "天": "每天",
    "小时": "每小时", "课时": "每课时", "学时": "每学时", "学年": "每学年", "学期": "每学期",
    "亩": "每亩", "吨": "每吨", "平方米": "每平方米", "㎡": "每平方米", "立方米": "每立方米",
    "千瓦时": "每千瓦时", "度": "每度", "股": "每股", "张": "每张", "床": "每床", "辆": "每辆",
}


# Words that give money: a figure in bare 万 or 亿 that one of them gives, written as
# a rate (`补助1.5万/人/年`), is in 万元/亿元; without one (`1万/人次`) it may count
# anything. 给予 and 发放 have money as their usual object.
MONEY_GIVING = (
    "补助", "补贴", "奖励", "奖补", "资助", "给予", "发放", "支付", "补偿", "津贴",
    "贴息", "申领", "领取",
)
PHRASE_REACH = 30   # characters before a figure searched for a word giving it
# what ends the phrase a giving word must stand in (、 does not: 补助1万/人、2万/户)
_PHRASE_ENDS = "，,。；;：:！!？?\n"

_DIGIT = rf"[0-9０-９{''.join(DIGITS)}]"
_AMOUNT_RE = re.compile(
    rf"(?:(?P<lead>{NUMERAL}){SPACE}(?:{INCLUSION}{SPACE})?(?P<join>{RANGE_JOIN}){SPACE})?"
    rf"(?P<num>{NUMERAL})"
    rf"(?:{SPACE}(?P<inner>[余多]){SPACE}(?P<mult>[十百千万亿拾佰仟萬億]*+))?"
    rf"(?:{SPACE}{INCLUSION}{SPACE}(?P<mult2>[十百千万亿拾佰仟萬億]*+))?"
    rf"(?:{SPACE}(?P<unit>{alternation(CURRENCIES, NOT_AFTER_CURRENCY)})"
    rf"|(?P<rate>(?<=[万亿萬億])(?={SPACE}[/／])))"      # 1.5万/人/年: read only after a giving word
    rf"(?P<whole>{SPACE}整(?![\u4e00-\u9fff]))?"
    rf"|(?P<cap>[{CAPITAL_DIGITS}]){SPACE}(?P<cap_unit>{alternation(('角', '分'), NOT_AFTER_SUBUNIT)})"
)


def _subunit(digit: str, unit: str) -> str:
    return (rf"(?:{SPACE}[又零]?{SPACE}(?P<{digit}>{_DIGIT}){SPACE}"
            rf"(?P<{unit}>{alternation(SUBUNITS, NOT_AFTER_SUBUNIT)}))")


_SUBUNITS_RE = re.compile(_subunit("d1", "u1") + _subunit("d2", "u2") + "?")
_BOUND_AFTER_RE = re.compile(rf"{SPACE}(?:及|或)?(?:以上|以下|以内)")
_PER_AFTER_RE = re.compile(rf"{SPACE}[/／]{SPACE}(?P<per>{alternation(PER_AFTER)})")
# one 每 phrase: 每人, 每家企业, 每种产品, 每认定1件高新技术产品 (a verb and a count
# before the measure word; a noun after it that ends in one of PER_NOUNS)
_PER_PHRASE = (
    rf"每(?:[\u4e00-\u9fff]{{1,4}}?[0-9０-９{''.join(DIGITS)}]+)?(?:{alternation(PER_MEASURES)})"
    rf"(?:[\u4e00-\u9fff]{{0,6}}?(?:{alternation(PER_NOUNS)}))?"
)
_PER_BEFORE = (
    rf"(?P<per>(?:{_PER_PHRASE}{SPACE})+)"
    rf"|(?P<currency>{alternation(CURRENCY_BEFORE)})"
)
# verbs that may stand between a base and its figure (每人每月发放生活补贴3000元)
PER_VERBS = ("发放", "给予", "补贴", "补助", "奖励", "资助", "支付", "可获得", "享受", "领取", "申领",
             "提供")
_PER_ACROSS_VERB = re.compile(
    rf"(?P<per>(?:{_PER_PHRASE}{SPACE})+)(?:{alternation(PER_VERBS)})[\u4e00-\u9fff \t\u3000]{{0,10}}$")
PER_REACH = 40      # characters before a figure searched for a base across a verb
_READER = BoundReader(
    before_words=_PER_BEFORE,
    before_word_starts="每" + "".join(w[0] for w in CURRENCY_BEFORE),
    before_word_ends="".join(w[-1] for w in (*PER_MEASURES, *PER_NOUNS, *CURRENCY_BEFORE)),
)
# the characters a unit begins with (and 余/多/几 between a numeral and its unit)
_UNIT_STARTS = "".join({w[0] for w in CURRENCIES}) + "角分余多（(/／"


def _subunits(text: str, pos: int, currency: str) -> tuple[Decimal, int]:
    """The 角/分 (or 美分) written after a unit at `pos`: their value and end."""
    m = _SUBUNITS_RE.match(text, pos)
    if not m:
        return Decimal(0), pos
    total, end, seen = Decimal(0), pos, []
    for d, u in (("d1", "u1"), ("d2", "u2")):
        unit = m.group(u)
        if not unit or SUBUNITS[unit][0] != currency or unit in seen:
            break
        total += read_numeral(m.group(d)) * Decimal(SUBUNITS[unit][1])
        end, seen = m.end(u), seen + [unit]
    return total, end


def _figure(text: str, m: re.Match) -> Figure | None:
    """The figure a match writes, or None where it is not money after all. Raises
    `Uncertain` where it is money but cannot be read with certainty."""
    if m.group("cap"):
        start = m.start()
        if not stands_alone(text, start, m.group("cap")):
            return None
        currency, one = SUBUNITS[m.group("cap_unit")]
        value = read_numeral(m.group("cap")) * Decimal(one)
        more, end = _subunits(text, m.end(), currency) if m.group("cap_unit") == "角" else (0, m.end())
        return Figure(start, end, value + more, payload=(currency, "", m.group("cap_unit")))

    if m.group("rate") is not None:
        return _rate_figure(text, m)
    num, unit = m.group("num"), m.group("unit")
    mult = (m.group("mult") or "") + (m.group("mult2") or "")   # 500余万元, 15（不含）万元
    start = m.start("lead") if m.group("lead") else m.start("num")
    if not stands_alone(text, start, text[start:m.end("num")]):
        return None
    cue = qualifier = ""
    if not is_figure(num):                     # a magnitude alone: 亿元, 百万元
        for word, bound in ATTACHED_CUES.items():
            if text.startswith(word, start - len(word)):
                cue, qualifier, start = word, bound, start - len(word)
                break
        else:
            if start and text[start - 1] in VAGUE_BEFORE:
                return None
            if num[0] in "万萬亿億" and not (_BOUND_AFTER_RE.match(text, m.end())
                                            and _word_before(text, start)):
                return None                    # 万元 alone: a column's unit; 亿元以上: 1亿
    elif num[0] in "几数" and start and text[start - 1] in VAGUE_BEFORE:
        return None                            # 好几万元
    if cut_off(text, start):
        raise Uncertain(f"digits run on before {text[start:m.end()]!r}")
    signed = sign_before(text, start)
    sign = -1 if signed < start else 1
    currency, one = CURRENCIES[unit]
    low, high = read_quantity(num + mult)
    value = high * Decimal(one) * sign
    end = m.end()
    if not m.group("whole"):
        more, end = _subunits(text, end, currency)
        value += more * sign
    lead, join = None, m.group("join") or ""
    if low != high:                            # 四五千元, 十几万元: a range of its own
        lead, join = low * Decimal(one) * sign, next((c for c in num if c in "几数"), "")
    if m.group("lead"):
        lead = _lead(m.group("lead"), num + mult, high) * Decimal(one) * sign
        join = m.group("join")
    if lead is not None and sign < 0:
        lead, value = value, lead              # 负: the larger magnitude is the lower bound
    if runs_on(text, end):
        raise Uncertain(f"a range broken over lines after {text[signed:end]!r}")
    per, after = _per_after(text, end)
    return Figure(
        signed, end, value, after=after,
        lead=lead, join=join, inner_cue=m.group("inner") or "",
        cue=cue, qualifier=qualifier, payload=(currency, per, unit),
    )


def _lead(lead: str, written: str, high: Decimal) -> Decimal:
    """The lower end of a range whose upper end is `written` (value `high`)."""
    value = read_quantity(lead)[0]
    shared = trailing_magnitude(written)
    if shared and not trailing_magnitude(lead):
        scaled = read_quantity(lead + shared)[0]
        if scaled <= high or value > high:
            return scaled                      # 500—2000万元: both in 万
    return value


def _rate_figure(text: str, m: re.Match) -> Figure | None:
    """A figure in bare 万 or 亿 before a slash: an amount in 万元/亿元 where a rate
    base follows and a word giving money stands before it in its phrase
    (`补助0.18~0.35万/人/年`); otherwise a count or a measure, None."""
    end = m.end()
    per, after = _per_after(text, end)
    start = m.start("lead") if m.group("lead") else m.start("num")
    if not per or not _given(text, start) or not stands_alone(text, start, text[start:m.end("num")]):
        return None
    if cut_off(text, start):
        raise Uncertain(f"digits run on before {text[start:end]!r}")
    mult = (m.group("mult") or "") + (m.group("mult2") or "")
    low, high = read_quantity(m.group("num") + mult)
    lead, join = (low, next((c for c in m.group("num") if c in "几数"), "")) if low != high else (None, "")
    if m.group("lead"):
        lead, join = _lead(m.group("lead"), m.group("num") + mult, high), m.group("join")
    return Figure(start, end, high, after=after, lead=lead, join=join,
                  inner_cue=m.group("inner") or "", payload=("CNY", per, ""))


def _given(text: str, start: int) -> bool:
    """Whether a word of MONEY_GIVING stands before `start` in its phrase."""
    phrase = text[max(0, start - PHRASE_REACH):start]
    cut = max(phrase.rfind(c) for c in _PHRASE_ENDS)
    return any(word in phrase[cut + 1:] for word in MONEY_GIVING)


def _per_after(text: str, end: int) -> tuple[str, int]:
    """The rate base written after a unit ending at `end` as one slash or a chain of
    them (`元/人/年` → 每人每年), and where it ends."""
    per = ""
    while m := _PER_AFTER_RE.match(text, end):
        if PER_AFTER[m.group("per")] in per:
            break
        per, end = per + PER_AFTER[m.group("per")], m.end()
    return per, end


def _word_before(text: str, start: int) -> bool:
    """Whether a word (a Chinese character that is no numeral) stands right before
    `start`: a bare 亿元 after 总投资 is one 亿; after a bracket or a digit it may be
    the end of a figure cut off (`10\n（不含）万元以下`)."""
    return bool(start) and "\u4e00" <= text[start - 1] <= "\u9fff" and text[start - 1] not in CHINESE


def _per(before: str, after: str) -> str:
    """The base written before the figure joined with the one after its unit."""
    before = before.strip(" \t\u3000\xa0")
    if after.startswith(before):
        return after
    if after in before:
        return before
    return before + after


def _per_across_verb(text: str, start: int) -> str:
    m = _PER_ACROSS_VERB.search(text, max(0, start - PER_REACH), start)
    return m.group("per") if m else ""


def extract_amounts(text: str, warnings: list[str] | None = None) -> list[Mention]:
    """Every amount of money in `text`, in text order. A figure that cannot be read
    with certainty is left out and named in `warnings` (when given)."""
    figures = certain_figures(text, _AMOUNT_RE, _UNIT_STARTS, _figure, "amount", warnings)
    mentions = []
    for r in _READER.read(text, figures):
        currency, per_after, unit = r.figures[-1].payload
        if unit in ("元", "圆") and r.before.get("currency"):     # 港币500元
            currency = CURRENCY_BEFORE[r.before["currency"]]
        mentions.append(Mention(
            kind="amount", span=text[r.start:r.end], start=r.start, end=r.end,
            value=r.value, lower=r.lower, upper=r.upper, qualifier=r.qualifier, cue=r.cue,
            currency=currency, per=_per(r.before.get("per", "") or _per_across_verb(text, r.start), per_after),
        ))
    return mentions

