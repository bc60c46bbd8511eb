"""What each figure is (SPEC section 9): `role` and, for a benefit, `instrument`.

Decided from the figure's own sentence (the text between `。` `；` `！` `？` or line
ends around it) by what its words say, never by the figure's size. The sentence is cut
into phrases at `，` `：`; the figure's phrase speaks first:

1. the noun the figure qualifies, after it in its phrase: `给予30万元奖励` and
   `100万元的创业担保贷款` (benefit), `…的罚款` (fine), `1亿元的引导资金` (budget),
   `15万元以下的小规模纳税人`, `500万元以下的部分` (threshold);
2. else the nearest word before it in its phrase: `固定资产投资`, `年营业收入`
   (threshold), `给予`, `补贴标准`, `预留` (benefit), `设立`, `经费` (budget), `力争`
   (target). A word joined to the figure by `的` is its base, not its subject
   (`技术交易额的10%` is a share of the turnover), and is passed over; so are words
   that only measure what stands before them (`比例`, `标准`, `金额`: `补贴比例` is
   the subsidy's);
3. else the frame of the sentence: a phrase ending in `的` before the main clause
   (`对…达到20%的，给予…`) is a condition; a target word earlier in the sentence
   (`力争`, `到2025年`) makes an indicator a target; the nearest word in the other
   phrases (a benefit named before: `给予一次性奖励，最高100万元`); a rate's base
   (`每人每年`) in a sentence that names a benefit. A bound ending its phrase (a range,
   or `以上`/`以下` after it) with a benefit opening the next phrase is a condition:
   `发票金额 10（含）-15（不含）万元，可申领 3200 元的礼包`.

An indicator (`覆盖率`, and for percentages the beneficiary's own figures such as
`营业收入`) is a threshold inside a condition and a target otherwise. A figure in
brackets right after another is a variant of it and takes its role; a comparison sign
(`≥20%`) writes a condition; what the beneficiary pays himself (`由申请人…支付`) is
`other`. Roles a kind of figure does not have (a fine in percent, a target in money)
are `other`.

The instrument is the nearest name of a benefit after the figure in its phrase, else
before it, else the nearest in the sentence; of two joined (`资助补贴`) the specific one
(`贴息补助` → 贴息), else the last.
"""
from __future__ import annotations

import re
from pipeline.extract.numerals import alternation
from pipeline.model import Mention

SENTENCE_ENDS = "。；;！!？?\n"
PHRASE_ENDS = "，,：:"

# The word naming a benefit → its base form (SPEC 9): the most specific where two are
# joined, so compounds come before their parts (the longest match wins).
INSTRUMENTS: dict[str, str] = {
    "奖励补贴": "奖补", "奖励补助": "奖补", "奖补": "奖补", "以奖代补": "奖补",
    "贴息补助": "贴息", "贴息补贴": "贴息", "贷款贴息": "贴息", "贴息": "贴息",
    "创业担保贷款": "贷款", "担保贷款": "贷款", "贷款": "贷款",
    "担保费补贴": "补贴", "担保": "担保",
    "担保费率": "担保", "担保费": "担保",     # a cap on what the beneficiary pays for it
    "风险补偿": "补偿", "补偿": "补偿",
    "奖励": "奖励", "奖金": "奖励", "奖励金": "奖励",
    # a benefit's money (奖补资金不超过30万元), unless a programme sets it aside (安排…)
    "奖补资金": "奖补", "补助资金": "补助", "奖励资金": "奖励", "补贴资金": "补贴",
    "补贴": "补贴", "补助": "补助", "资助": "资助", "救助": "救助", "津贴": "津贴",
    "减免": "减免", "免征": "免征", "免收": "免征", "返还": "返还", "退还": "返还",
    "扶持": "扶持", "资金支持": "扶持", "慰问金": "救助", "优惠": "优惠",
    "支付": "支付",                # what an insurance fund pays (基金按90%的比例支付)
    "预留": "预留",                # a share of procurement kept for small firms
    "价格扣除": "扣除", "扣除": "扣除",   # the small firm's price counts less
    # benefits in kind, named by what is handed out
    "礼包": "礼包", "储值卡": "储值卡", "消费券": "消费券", "购物卡": "购物卡", "代金券": "代金券",
}
# Words that tell a figure's role when they follow it in its phrase, the figure
# qualifying them (`…以下的企业`) — besides the instruments, which make it a benefit.
AFTER: dict[str, str] = {
    "罚款": "fine", "罚金": "fine",
    "资金": "budget", "基金": "budget", "经费": "budget", "预算": "budget",
    # the one who must meet a condition: a figure before them sizes them
    "企业": "threshold", "项目": "threshold", "纳税人": "threshold", "单位": "threshold",
    "个体工商户": "threshold", "商户": "threshold", "主体": "threshold", "公司": "threshold",
    "机构": "threshold", "工程": "threshold", "合同": "threshold", "客户": "threshold",
    "融资": "threshold",            # the size of a round raised: 7000万元以上股权类现金融资
    "部分": "threshold",            # a tier's boundary: 500万元以下的部分
    "采购": "threshold",            # a procurement's size: 200万元以下的采购项目
}
# Words that tell a figure's role when they stand before it (the nearest wins).
BEFORE: dict[str, str] = {
    # what the beneficiary must have reached (for a percentage, an indicator)
    "投资": "threshold", "营业收入": "threshold", "主营业务收入": "threshold",
    "营收": "threshold", "销售额": "threshold", "销售收入": "threshold",
    "营业额": "threshold", "产值": "threshold", "授信": "threshold",
    "资本": "threshold", "纳税": "threshold", "税收": "threshold",     # 注册资本, 实收资本
    "投入": "threshold", "融资": "threshold",     # what a firm has spent or raised
    "交易额": "threshold", "出口额": "threshold", "进出口额": "threshold",
    "合同额": "threshold", "融资额": "threshold", "利润": "threshold",
    "总资产": "threshold", "研发投入": "threshold", "研发费用": "threshold",
    "收入": "threshold", "采购": "threshold", "营业": "threshold",
    "价格": "threshold", "售价": "threshold",     # what a bought good may cost to qualify
    # money for a programme as a whole
    "资金": "budget", "经费": "budget", "基金": "budget", "总规模": "budget",
    "设立": "budget", "安排": "budget", "筹集": "budget", "统筹": "budget",
    "罚款": "fine", "罚金": "fine",
    # what the policy gives (the instruments count as well)
    "给予": "benefit", "发放": "benefit", "一次性": "benefit", "申领": "benefit",
    "领取": "benefit", "予以": "benefit",
    "共计": "budget", "总计": "budget",           # a programme's total
    # what the beneficiary pays himself: no benefit, whatever the verb after
    "申请人": "own", "个人缴费": "own", "个人负担": "own", "个人自付": "own", "自付": "own",
    "缴费": "own",
    # what the policy aims at
    "力争": "target", "目标": "target", "确保": "target",
    "覆盖率": "indicator", "普及率": "indicator", "占比": "indicator", "比重": "indicator",
}
# Instruments too general to name a compound they stand in: `资助补贴` is a 补贴,
# `贴息补助` a 贴息 (of two joined, the specific one, else the last).
GENERAL = frozenset({"奖励", "补贴", "补助", "资助", "扶持", "支付", "优惠", "津贴"})
# Verbs that set money aside for a programme (安排奖补资金1000万元)
SET_ASIDE = frozenset({"设立", "安排", "筹集", "统筹"})
# Words measuring what stands before them (补贴比例, 奖励金额): passed over.
MEASURES = ("比例", "标准", "金额", "额度", "上限", "总额", "幅度", "水平")
# Target words anywhere earlier in the sentence: `到2025年，…达到…`.
TARGET_FRAME = re.compile(r"力争|目标|确保|到20\d\d年|至20\d\d年|20\d\d年(?:底|前)")
# A phrase opening a condition that a main clause answers (对…的，给予…).
CONDITION_OPENS = ("对", "凡", "对于", "如", "若")
# A comparison sign before a figure writes a condition (变异率≥20%).
COMPARISON = re.compile(r"[≥≤＞＜><]")
# A bracket opened right after a figure, up to the next figure: an aside on it
ASIDE = re.compile(r"\s*(?:及以上|以上|及以下|以下|以内|左右)?\s*[（(][^，。；（(）)]{0,24}")
ASIDE_REACH = 32
# A phrase giving the rate a benefit is computed by (按技术交易额的10%，给予…).
RATE_OPENS = ("按", "按照", "依")
# Only bound words between a figure and the benefit after it: the figure bounds a
# condition and the benefit is the main clause (`1000万元以上奖励10万元`).
BOUND_ONLY = re.compile(r"\s*(?:[（(]含[）)])?(?:及|或)?(?:以上|以下|以内|及以上|及以下)[（(]?含?[）)]?\s*")
ROLE_AT = Mention._fields.index("role")     # instrument follows it
ROLES = {"amount": ("benefit", "threshold", "budget", "fine", "other"),
         "percentage": ("benefit", "threshold", "target", "other")}

_WORDS = {**{w: "benefit" for w in INSTRUMENTS}, **AFTER, **BEFORE, **{w: "measure" for w in MEASURES}}
_WORD_RE = re.compile(alternation(_WORDS))
_BENEFIT_RE = re.compile(alternation([w for w, role in _WORDS.items() if role == "benefit"]))


_NOT_SENTENCE_END = re.compile(f"[^{SENTENCE_ENDS}]*")
_TO_LAST_SENTENCE_END = re.compile(f"(?s).*[{SENTENCE_ENDS}]")
_PHRASE_END = re.compile(f"[{PHRASE_ENDS}]")
_TO_LAST_PHRASE_END = re.compile(f"(?s).*[{PHRASE_ENDS}]")


def sentence_spans(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The offsets of the sentence holding each of `spans` (in text order). A sentence
    end before a span is looked for only from where the span before starts (there is
    none between that one's sentence start and it), by one backtracking match in C; a
    span ending within the sentence found before ends with it: the text is read about
    once, however many sentences and figures it has."""
    sentences = []
    start, end = 0, -1          # the last sentence found
    last_lo = last_hi = 0       # the span before
    for lo, hi in spans:
        before = _TO_LAST_SENTENCE_END.match(text, last_lo, lo)
        if before:
            start = before.end()
        if not last_hi <= hi <= end:
            end = _NOT_SENTENCE_END.match(text, hi).end()
        sentences.append((start, end))
        last_lo, last_hi = lo, hi
    return sentences


def with_roles(text: str, *kinds: list[Mention]) -> list[list[Mention]]:
    """Each list of mentions (amounts, percentages: each in text order) with their role
    and instrument set; the text's sentences are found once for all of them."""
    every = sorted((m.start, m.end) for mentions in kinds for m in mentions)
    spans = dict(zip(every, sentence_spans(text, every)))
    return [classified(text, mentions, spans) for mentions in kinds]


# A table written one cell per line (a converted web page or PDF): a figure alone on its
# line (`200元/月`) has no words of its own; the header of its column names what it is.
# Walking up from the cell over the table's other short lines (row numbers, names, other
# cells), the first line holding a role word is that header (`统筹基金最高支付限额`); a
# line of prose (a sentence end, a long line) means the figure is in no such table.
CELL_REST = re.compile(r"[\s/／每元月年日天次人户件]*")   # what a cell holds beside its figure
TABLE_LINE = 40             # a table's lines are short; prose is longer
TABLE_REACH = 20_000        # characters up from a cell to its header, at most
_SENTENCE_INSIDE = re.compile("[。；;]")     # a line holding one is prose


class ColumnHeaders:
    """The header line of the table column each bare cell stands in. Cells are asked in
    text order, and the walk up from a cell stops at the cell found before it: above
    that line it would cross the same lines again, so a table of n cells is read once,
    not n times."""

    def __init__(self, text: str):
        self.text = text
        self.cell_line = -1             # the line start of the cell asked last
        self.header: str | None = None  # its header, or None
        self.header_end = 0             # where that header's line ends

    def of(self, m: Mention) -> str | None:
        text = self.text
        lo = text.rfind("\n", 0, m.start) + 1
        hi = text.find("\n", m.end)
        hi = len(text) if hi < 0 else hi
        if not (CELL_REST.fullmatch(text, lo, m.start) and CELL_REST.fullmatch(text, m.end, hi)):
            return None
        header, header_end = self._walk_up(lo)
        self.cell_line, self.header, self.header_end = lo, header, header_end
        return header

    def _walk_up(self, lo: int) -> tuple[str | None, int]:
        text = self.text
        floor = max(0, lo - TABLE_REACH)
        end = lo - 1
        while end > floor:
            start = text.rfind("\n", 0, end) + 1
            line = text[start:end].strip()
            if len(line) > TABLE_LINE or _SENTENCE_INSIDE.search(line):
                return None, 0
            if _WORD_RE.search(line):
                return line, end
            if start == self.cell_line:     # the cell above: its header (or none) is this one's
                return (self.header, self.header_end) if self.header_end > floor else (None, 0)
            end = start - 1
        return None, 0


def classified(text: str, mentions: list[Mention], spans: dict) -> list[Mention]:
    out = []
    sentence = None
    headers = ColumnHeaders(text)
    for m in mentions:
        header = headers.of(m)
        if header is not None:
            # the header and the cell read as one sentence
            cell = text[m.start:m.end]
            virtual = header + cell
            shifted = m._replace(start=len(header), end=len(virtual))
            out.append(with_role(m, *Sentence(virtual, 0, len(virtual)).classify(shifted)))
            sentence = None
            continue
        span = spans[m.start, m.end]
        if sentence is None or sentence.start != span[0]:
            sentence = Sentence(text, *span)
        last = out[-1] if out else None
        if last and sentence.start <= last.end and m.start - last.end <= ASIDE_REACH \
                and ASIDE.fullmatch(text, last.end, m.start):
            # a variant of the figure before: 人数20%（超过100人的企业达到10%）
            out.append(with_role(m, last.role, last.instrument))
            continue
        out.append(with_role(m, *sentence.classify(m)))
    return out


def with_role(m: Mention, role: str, instrument: str) -> Mention:
    """`m` with its role and instrument, made from its fields as a tuple (`_replace`
    costs three times as much, and `Mention(...)` parses fourteen arguments)."""
    return tuple.__new__(Mention, (*m[:ROLE_AT], role, instrument, *m[ROLE_AT + 2:]))


class Sentence:
    """One sentence, for its figures. A figure's phrase is where its role is read, so
    the words are looked up phrase by phrase (a phrase once for all its figures), and
    what the rest of the sentence must tell (a benefit after, a target frame before)
    by one search each: a long sentence costs little more than its figures' phrases."""

    def __init__(self, text: str, start: int, end: int):
        self.text = text
        self.start = start
        self.end = end
        self._words: dict[tuple[int, int], list[tuple]] = {}
        self._last_benefit: int | None = None     # where the last benefit word starts
        self._target_end: int | None = None       # where the first target frame ends

    def words(self, lo: int, hi: int) -> list[tuple]:
        """(start, end, word, role) of every lexicon word in the phrase `lo`..`hi`."""
        key = (lo, hi)
        found = self._words.get(key)
        if found is None:
            found = self._words[key] = [(*w.span(), w[0], _WORDS[w[0]])
                                        for w in _WORD_RE.finditer(self.text, lo, hi)]
        return found

    def phrase(self, start: int, end: int) -> tuple[int, int]:
        """The phrase around `start`..`end`; for a figure in brackets, up to the closing
        bracket (`加油储值卡（价值1100元）及800元的…补贴`: the aside is about the card)."""
        text = self.text
        before = _TO_LAST_PHRASE_END.match(text, self.start, start)
        lo = before.end() if before else self.start
        after = _PHRASE_END.search(text, end, self.end)
        hi = after.start() if after else self.end
        opened = max(text.rfind("（", lo, start), text.rfind("(", lo, start))
        if opened >= 0 and max(text.rfind("）", opened, start), text.rfind(")", opened, start)) < 0:
            closed = [i for i in (text.find("）", end, hi), text.find(")", end, hi)) if i >= 0]
            hi = min(closed, default=hi)
        return lo, hi

    def benefit_after(self, offset: int) -> bool:
        if self._last_benefit is None:        # looked for once, when a figure asks
            found = [w.start() for w in _BENEFIT_RE.finditer(self.text, self.start, self.end)]
            self._last_benefit = found[-1] if found else -1
        return self._last_benefit >= offset

    def target_before(self, offset: int) -> bool:
        if self._target_end is None:
            found = TARGET_FRAME.search(self.text, self.start, self.end)
            self._target_end = found.end() if found else self.end + 1
        return self._target_end <= offset

    def classify(self, m: Mention) -> tuple[str, str]:
        lo, hi = self.phrase(m.start, m.end)
        role = self.role(m, lo, hi)
        if role not in ROLES[m.kind]:
            role = "other"
        return role, (self.instrument(m, lo, hi) if role == "benefit" else "")

    def role(self, m: Mention, lo: int, hi: int) -> str:
        text = self.text
        words = self.words(lo, hi)
        before_words = [w for w in words if w[1] <= m.start]
        before = self.nearest_before(m, before_words)
        if before and before[3] == "own" and not any(
                start < before[0] and word == "基金" for start, _, word, _ in before_words):
            return "other"  # unless a fund pays with him (由基金和申请人各按50%的比例支付)
        # 1. the noun it qualifies, up to the next verb of its phrase
        verb_after = False
        for start, end, word, role in words:
            if start < m.end or role in ("measure", "target", "indicator", "own"):
                continue
            gap = text[m.end:start]
            if gap.count("（") + gap.count("(") > gap.count("）") + gap.count(")"):
                continue            # in a bracketed aside
            if word in BEFORE and word not in AFTER and word not in INSTRUMENTS:
                verb_after = role == "benefit"      # 按…的10%给予: a rate of what is given
                break
            if role == "benefit" and BOUND_ONLY.fullmatch(gap) and (before is None or before[3] != "benefit"):
                return "threshold"  # 1000万元以上奖励…: the bound of a condition
            if role == "threshold" and "的" not in gap and not BOUND_ONLY.fullmatch(gap):
                continue            # not what the figure qualifies (…30%以上专门面向中小企业)
            return role
        # 2. the nearest word before it
        if before and before[2].endswith("资金") and any(
                end <= before[0] and word in SET_ASIDE for _, end, word, _ in before_words):
            return "budget"
        if before:
            return self.resolve(before[3], m, lo, hi)
        # 3. the frame of the sentence
        if self.condition(lo, hi) or COMPARISON.search(text, max(lo, m.start - 2), m.start) \
                or self.bound_then_benefit(m, hi):
            return "threshold"
        if verb_after or (text[lo:m.start].lstrip().startswith(RATE_OPENS) and self.benefit_after(hi)):
            return "benefit"
        if self.target_before(m.start):
            return "target"
        if lo > self.start:         # the phrase before: 给予一次性奖励，最高100万元
            previous = self.phrase(lo - 1, lo - 1)
            for start, end, word, role in reversed(self.words(*previous)):
                if role in ("benefit", "fine", "budget", "target"):
                    return role
        if m.per and self.benefit_after(self.start):
            return "benefit"
        return "other"

    def nearest_before(self, m: Mention, words: list[tuple]):
        """Of the phrase's `words` before the figure, the nearest that tells a role."""
        text = self.text
        for word in reversed(words):
            start, end, w, role = word
            if role == "measure" or (w in AFTER and w not in BEFORE):
                continue
            if role in ("threshold", "indicator", "budget") and "的" in text[end:m.start]:
                continue            # a base: the figure is a share of it
            return word
        return None

    def resolve(self, role: str, m: Mention, lo: int, hi: int) -> str:
        """An indicator's or a size's role by the frame it stands in."""
        if role == "indicator" or (role == "threshold" and m.kind == "percentage"):
            if self.target_before(m.start):
                return "target"
            if role == "threshold" or self.condition(lo, hi):
                return "threshold"
            return "target"
        return role

    def condition(self, lo: int, hi: int) -> bool:
        """Whether the phrase is a condition a later phrase answers: it ends in 的
        (`…达到20%的，给予…`), or opens with 对/凡 and a benefit follows."""
        if hi >= self.end:
            return False
        phrase = self.text[lo:hi].strip()
        return phrase.endswith("的") or (phrase.startswith(CONDITION_OPENS) and self.benefit_after(hi))

    def bound_then_benefit(self, m: Mention, hi: int) -> bool:
        """Whether the figure is a bound ending its phrase (a range, or 以上/以下 after
        it) and the next phrase opens with a benefit: a tier's condition
        (`发票金额 10（含）-15（不含）万元，可申领 3200 元的…礼包`)."""
        gap = self.text[m.end:hi]
        if hi >= self.end or not (m.qualifier == "range" and not gap.strip() or BOUND_ONLY.fullmatch(gap)):
            return False
        following = [w for w in self.words(*self.phrase(hi + 1, hi + 1)) if w[3] != "measure"]
        return bool(following) and following[0][3] == "benefit"

    def instrument(self, m: Mention, lo: int, hi: int) -> str:
        """The benefit's name: the nearest instrument after the figure in its phrase,
        else before it in its phrase, else the nearest in the sentence."""
        found = compounds(self.words(lo, hi))
        after = [i for start, i in found if m.end <= start]
        if after:
            return after[0]
        before = [i for start, i in found if start < m.start]
        if before:
            return before[-1]
        found = compounds(self.words(self.start, self.end))
        if not found:
            return ""
        return min(found, key=lambda f: abs(f[0] - m.start))[1]


def compounds(words: list[tuple]) -> list[tuple[int, str]]:
    """(start, instrument) of each name of a benefit among `words`, two joined
    (`资助补贴`) being one: the specific one of them, else the last."""
    found = []
    last_end = -1
    for start, end, word, _ in words:
        base = INSTRUMENTS.get(word)
        if base is None:
            continue
        if start == last_end and (base not in GENERAL or found[-1][1] in GENERAL):
            found[-1] = (found[-1][0], base)
        elif start != last_end:
            found.append((start, base))
        last_end = end
    return found
