"""The interval a figure's wording allows: cue words, ranges, qualifiers (SPEC 3-4).

An extractor finds its figures (a numeral with its unit) and hands them here in text
order; `BoundReader.read` looks at the words around each one and says what the wording
allows:

- exact: the figure alone (lower = upper = value).
- max: a cue before it (最高, 不超过, 最高不超过, 原则上不超过, 上限 …) or after it
  (以下, 以内, 封顶); upper = value.
- min: a cue before it (不低于, 不少于, 超过, 超, 逾 …) or after it (以上, 及以上,
  （含）以上, 起), or 余/多 written after the figure (500余万元); lower = value. A
  threshold reached (达到, 首次达到, 突破, 首次突破; 达 right before its figure) is a
  lower bound unless another cue stands before it (最高可达到50万元: max).
- range: two figures joined by —, -, ~, 至 or 到 (6%—10%; 500—2000万元, where the
  extractor lets the unit after the second figure apply to both; A以上至B, A及以上至B;
  A（含）-B, 10（含）-15（不含）万元; A和B之间), or a lower and an upper bound written
  side by side (1000万元以上5000万元以下, A及以上不足B, A以上、B以下): value empty,
  lower and upper the two figures. An approximate figure (四五千元, 十几万元) is a range
  of its own, handed over by the extractor as a figure with a `lead`.
- approx: 约, 近, 左右 …: the value only, no bounds.

Between a cue and its figure may stand words that do not change the bound
(最高可给予150万元 → cue 最高). Further away, a cue governs its figure across words and
whole brackets, within 32 characters and as long as no sentence mark (，；。 and their
half-width forms, a line end) and no other figure outside brackets (an Arabic digit, a
%) comes between: the negated comparisons (不超过实际发生额50%), the threshold words
(达到企业现有在职职工人数20%), and the limit words (最高, 最多, 上限, 封顶, 最低, 最少,
至多, 至少) where a connector or a bracket follows them (补贴比例最高为企业实际支出的
50%; 额度上限（30万元）). Followed by a noun a limit word is part of it (最低工资标准
的70%: exact); a comparison without negation (超过, 低于, 高于) binds only the figure it
stands before (超过部分按50%: exact). A cue followed by a whole bracket with a figure in
it is that figure's (最高不超过…额度上限（30万元）之和的110%: 30万元 max by 上限, 110%
max by 最高不超过); the nearest cue wins, written whole (最高不超过, not 超过). Figures listed after a cue with 、/和 share it
(不低于70%、80%和90%), and so do items that repeat the first one's rate base with their
own words before it (最高支付限额为职工每人每月1,000元、居民每人每月500元). A bracket after a figure that only restates the bound
(50%以下（含50%）) is read with the bound; a figure inside it is not a second mention.

Linear time: the words before a figure are matched one at a time in atomic groups (a
word once matched is not split otherwise when the match fails), the far cue's gap is
a possessive repetition of a character or a whole bracket, and every look is confined
to a window of a fixed size before the figure.

`cue` is the word as written. Where a cue before and one after agree (约…左右) the one
before is given, unless it is a threshold word (达到50%以上: 以上, the word next to the
figure); where they disagree the one after, which binds closer, wins. For a
range the cue is the joining word (至, 及以上至; a dash or tilde is no word, so no cue)
or, for two bounds side by side, both cues joined by `…` (以上…以下); such a range's span
runs over both bounds' wording (一万元以上三万元以下).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from pipeline.extract.numerals import SPACE, Uncertain, alternation, find_figures, not_followed_by

# Cue words written before a figure → the bound they set.
CUES_BEFORE: dict[str, str] = {
    "最高": "max", "最多": "max", "至多": "max", "上限": "max", "封顶": "max",
    "不足": "max", "不到": "max", "未满": "max", "未达到": "max",
    "低于": "max", "少于": "max", "小于": "max",
    "小于等于": "max", "小于或等于": "max", "小于或者等于": "max",
    "最低": "min", "最少": "min", "至少": "min",
    "超过": "min", "超出": "min", "超": "min", "逾": "min",
    "高于": "min", "大于": "min", "多于": "min",
    "大于等于": "min", "大于或等于": "min", "大于或者等于": "min",
    "≤": "max", "≦": "max", "<=": "max", "<": "max", "＜": "max",
    "≥": "min", "≧": "min", ">=": "min", ">": "min", "＞": "min",
    "约": "approx", "大约": "approx", "约为": "approx", "大概": "approx", "大致": "approx",
    "近": "approx", "将近": "approx", "接近": "approx",
}
# Negated comparisons (不超过, 不得低于 …): built from these two tables. They may
# stand a short phrase away from their figure: 不超过实际发生额50%.
NEGATIONS = ("不得", "不应", "不宜", "不能", "不可", "不会", "不", "未")
NEGATED_COMPARISONS: dict[str, str] = {
    "超过": "max", "超出": "max", "超": "max", "高于": "max", "多于": "max", "大于": "max",
    "低于": "min", "少于": "min", "小于": "min",
}
FAR_CUES: dict[str, str] = {
    neg + verb: bound for neg in NEGATIONS for verb, bound in NEGATED_COMPARISONS.items()
}
CUES_BEFORE.update(FAR_CUES)
# A threshold reached (年营业额首次达到5000万元, 产值首次突破亿元): a lower bound,
# unless another cue stands before it (最高可达到50万元: 最高 decides).
REACH_CUES: dict[str, str] = {
    "达到": "min", "首次达到": "min", "突破": "min", "首次突破": "min",
    "达": "min",          # 达到 in the written register (占比达30%); right before its figure only
}
# Cues naming a limit: besides the negated comparisons, these reach across words to
# their figure (补贴比例最高为企业实际支出的50%) where a connector or a bracket follows
# them (额度上限（30万元）); followed by a noun they are part of it (最低工资标准的70%).
CAP_CUES = ("最高", "最多", "至多", "上限", "封顶", "最低", "最少", "至少")
# Words that join the cue after them into one cue: 原则上不超过.
CUE_MODIFIERS = ("原则上", "一般")
# Words that may stand between a cue and its figure without being part of the cue:
# 最高可给予150万元, 上限为100万元, 最高给予一次性奖励50万元.
CONNECTORS = (
    "可给予", "给予", "予以", "可以", "可", "一次性", "奖励", "补助", "补贴", "资助",
    "支持", "扶持", "为", "是", "达到", "达", "按照", "按", "获得", "享受", "提供",
    "累计", "金额", "额度", "标准", "支付",
)
# Cue words written after a figure → the bound they set.
CUES_AFTER: dict[str, str] = {
    "以上": "min", "及以上": "min", "或以上": "min", "或者以上": "min", "之上": "min",
    "起": "min", "起步": "min", "或更多": "min", "或者更多": "min",
    "余": "min", "多": "min",                 # 五百多 (in running text)
    "以下": "max", "及以下": "max", "以内": "max", "之内": "max", "之下": "max",
    "封顶": "max", "为限": "max", "为上限": "max",
    "左右": "approx", "上下": "approx",
}
# Written inside a figure, between the numeral and its magnitude or unit (500余万元,
# 3000多欧元, 二十几万元): more than the figure.
INNER_CUES: dict[str, str] = {"余": "min", "多": "min", "几": "min"}
# What may not follow a cue word after a figure for it to be one (起草, 上下游, 余额 …).
NOT_AFTER_CUE: dict[str, str] = {
    "起": "草诉见来止始算征", "上下": "游级班车楼", "余": "额下量粮", "多": "次项种家样方层元年",
}
# Marks joining the two figures of a range: punctuation, which is no cue word, and words.
RANGE_PUNCTUATION = r"(?:—{1,2}|–|―|－|-|~|～|〜)"
RANGE_JOIN = rf"(?:{RANGE_PUNCTUATION}|至|到)"
# A bracket saying whether a range's end is in it: 10（含）-15（不含）万元.
INCLUSION = r"[（(]不?含[）)]"
# What may stand between a lower and an upper bound written side by side.
PAIR_GAP = r"[\s,，、]*(?:且|并且|而且|同时|的同时|但|并)?\s*"
# What joins the items of a list that share the cue before the first.
LIST_JOIN = rf"{SPACE}(?:、|和|及|与|或|以及){SPACE}"

_HSPACE = r"[ \t\u3000\xa0]"
# punctuation, digits and the percent sign: the words before a figure stop there
_BOUNDARY = r"，。；：、,;:！？!?\n\r（）()【】\[\]《》“”\"0-9０-９%％"
_WINDOW = 24
# How far a cue reaches across words, and what it does not reach across: a sentence
# mark (SPEC: ，；。), a line end, another figure outside brackets (a digit, a %).
_FAR_WINDOW = 32
_FAR_STOPS = r"，。；,;！？!?\n\r0-9０-９%％‰"
# punctuation that no word before a figure holds (an extractor's words neither): those
# words are looked for only after the last of these in the window
_LAST_STOP_RE = re.compile(r"(?s).*[，。；：、,;:！？!?\n\r（）()【】\[\]《》“”\"]")


def _alternation(words, guards=None) -> str:
    return alternation(words, guards, spaced=True)


def _unspaced(word: str) -> str:
    return re.sub(r"[ \t\u3000\xa0]", "", word)


_CUE_CHAIN = (
    rf"(?:{_alternation(CUE_MODIFIERS)})?(?:{_alternation(CUES_BEFORE)})"
    rf"(?:{SPACE}(?:{_alternation(CUES_BEFORE)}))*"
)
# a far cue, then the words up to the figure: any but the stops, whole brackets (with
# a figure inside or not), and the bracket the figure stands in (上限（30万元）).
# Each repetition takes a character or a whole bracket, one way only (possessive).
_FAR_RE = re.compile(
    rf"(?P<cue>{_CUE_CHAIN}|{_alternation(REACH_CUES)})(?P<gap>(?:[^{_FAR_STOPS}（）()]|[（(][^（）()\n]*+[）)])*+[（(]?)\Z"
)
_CONNECTOR_OR_BRACKET_RE = re.compile(rf"{SPACE}(?:{_alternation(CONNECTORS)}|[（(])")
_BRACKET_WITH_FIGURE_RE = re.compile(rf"{SPACE}[（(][^（）()\n]*[0-9０-９][^（）()\n]*[）)]")
_BRACKET = rf"[（(]{SPACE}不?含[^（）()\n]{{0,16}}?[）)]"
_AFTER_RE = re.compile(
    rf"{SPACE}(?P<b1>{_BRACKET})?{SPACE}(?P<cue>{_alternation(CUES_AFTER, not_followed_by(NOT_AFTER_CUE))})?(?P<b2>{SPACE}{_BRACKET})?"
)
_JOIN_GAP_RE = re.compile(
    rf"{SPACE}(?:(?:及|或|[（(]含[）)]){SPACE})?(?:以上)?{SPACE}(?P<join>{RANGE_JOIN}){SPACE}\Z"
)
_BETWEEN_GAP_RE = re.compile(rf"{SPACE}(?:和|与|及|至|到){SPACE}\Z")
_BETWEEN_END_RE = re.compile(rf"{SPACE}之?间")
_PAIR_GAP_RE = re.compile(rf"{PAIR_GAP}\Z")
_LIST_GAP_RE = re.compile(rf"{LIST_JOIN}\Z")
# a list item that repeats the first one's rate base with its own words before it
# (最高支付限额为职工每人每月1,000元、居民每人每月500元)
_PARALLEL_GAP_RE = re.compile(r"、[^，。；,;：:！？!?\n\r0-9０-９%％（）()]{1,16}")
_ANY_CUE_RE = re.compile(_CUE_CHAIN)


def _parallel(gap: str, first: "_Bound", item: "_Bound") -> bool:
    """Whether a figure after `gap` is an item of the list the first figure began: the
    words between hold no cue, and the item states the same rate base as the first."""
    per = item.before.get("per")
    return bool(per and per == first.before.get("per")
                and _PARALLEL_GAP_RE.fullmatch(gap) and not _ANY_CUE_RE.search(gap))


@dataclass
class Figure:
    """One figure an extractor found: a numeral with its unit, value in base units."""

    start: int                     # span: first digit (or a cue that is part of it) …
    end: int                       # … to the unit
    value: Decimal
    after: int = -1                # where the words after it begin (past 元/人月); -1: end
    lead: Decimal | None = None    # first figure of a range sharing the unit (500—2000万元)
    join: str = ""                 # the mark joining lead and figure
    inner_cue: str = ""            # 余/多 written inside the figure (500余万元)
    cue: str = ""                  # a cue that is part of the figure (超亿元)
    qualifier: str = ""            # the bound that cue sets
    payload: Any = None            # what the extractor wants back (currency, unit …)

    @property
    def words_after(self) -> int:
        return self.end if self.after < 0 else self.after


@dataclass
class Reading:
    """What the wording allows for one mention: a figure, or two read as a range."""

    start: int
    end: int
    value: float | None
    lower: float | None
    upper: float | None
    qualifier: str
    cue: str
    figures: tuple[Figure, ...]
    before: dict[str, str] = field(default_factory=dict)  # extractor's words before it


@dataclass
class _Bound:
    qualifier: str = "exact"
    cue: str = ""
    source: str = ""               # attached | inner | after | before | list
    words_start: int = 0           # where the cue before the figure begins
    words_end: int = 0             # where the cue after the figure (and its bracket) ends
    cue_end: int = 0               # where the cue word after the figure ends
    before: dict[str, str] = field(default_factory=dict)


def _bounds(qualifier: str, value: Decimal) -> tuple[float | None, float | None]:
    v = float(value)
    return {
        "exact": (v, v), "max": (None, v), "min": (v, None), "approx": (None, None),
    }[qualifier]


class BoundReader:
    """Reads the bounds of figures.

    `before_words` adds an extractor's own words that may stand before a figure (a
    pattern with named groups, returned in `Reading.before`; no punctuation in them);
    `before_word_starts` and `before_word_ends` hold every character such a word may
    begin and end with.
    """

    def __init__(self, before_words: str = "", before_word_starts: str = "",
                 before_word_ends: str = ""):
        extra = f"|{before_words}" if before_words else ""
        connectors = _alternation(CONNECTORS)
        # each repetition takes one word, the first that fits, and keeps it (an atomic
        # group): a failing match is not retried with the words split otherwise (可给予
        # as 可 + 给予), which takes time exponential in their number. (Not `*+`: with
        # named groups inside, Python 3.11's re reports wrong spans for it.)
        self._before_re = re.compile(
            rf"(?:(?>(?P<cue>{_CUE_CHAIN})|(?P<reach>{_alternation(REACH_CUES)})|{connectors}{extra}|{_HSPACE}))*\Z"
        )
        # the words before a figure are only tried where the character before it can
        # end one: most figures have none, and this keeps the reading fast
        self._word_ends = frozenset(
            "".join(w[-1] for w in (*CUES_BEFORE, *CONNECTORS)) + before_word_ends + " \t\u3000\xa0"
        )
        # ... and only from the characters that can begin one
        self._word_starts_re = _one_of(
            "".join(w[0] for w in (*CUE_MODIFIERS, *CUES_BEFORE, *REACH_CUES, *CONNECTORS))
            + before_word_starts + " \t\u3000\xa0"
        )

    def _read_before(self, text: str, start: int) -> tuple[str, int, dict[str, str]]:
        """The cue before a figure (as written), where it starts, the extractor's groups."""
        offset = max(0, start - _WINDOW)
        window = text[offset:start]
        groups: dict[str, str] = {}
        if window and window[-1] in self._word_ends:
            stop = _LAST_STOP_RE.match(window)
            m = _leftmost_match(self._before_re, self._word_starts_re, window,
                                stop.end() if stop else 0)
            if m:
                groups = {k: v for k, v in m.groupdict().items() if v and k not in ("cue", "reach")}
                if m.group("cue"):
                    return m.group("cue"), offset + m.start("cue"), groups
                if m.group("reach"):
                    return m.group("reach"), offset + m.start("reach"), groups
        offset = max(0, start - _FAR_WINDOW)
        far = _far_cue(text[offset:start])
        if far:
            return far.group("cue"), offset + far.start("cue"), groups
        return "", start, groups

    def _bound(self, text: str, fig: Figure) -> _Bound:
        """The bound the words around one figure set, and where those words lie."""
        cue, cue_start, before = self._read_before(text, fig.start)
        b = _Bound(words_start=fig.start, words_end=fig.words_after,
                   cue_end=fig.words_after, before=before)
        after = _AFTER_RE.match(text, fig.words_after)
        after_cue = after.group("cue") or ""
        if after.group("b1") or after_cue or after.group("b2"):
            b.words_end = after.end()
        if after_cue:
            b.cue_end = after.end("cue")
            if re.fullmatch(r"[（(]含[）)]", after.group("b1") or ""):
                after_cue = after.group("b1") + after_cue          # （含）以上
        if fig.cue:
            b.qualifier, b.cue, b.source = fig.qualifier, fig.cue, "attached"
        elif fig.inner_cue:
            b.qualifier, b.cue, b.source = INNER_CUES[fig.inner_cue], fig.inner_cue, "inner"
        elif after_cue:
            b.qualifier, b.cue, b.source = CUES_AFTER[_unspaced(after.group("cue"))], after_cue, "after"
            if cue and _qualifier_of(cue) == b.qualifier and _last_word(cue) not in REACH_CUES:
                b.cue, b.words_start = cue, cue_start            # 约…左右: the word before
        elif cue:
            b.qualifier, b.cue, b.source, b.words_start = _qualifier_of(cue), cue, "before", cue_start
        return b

    def read(self, text: str, figures: list[Figure]) -> list[Reading]:
        """The readings of `figures` (in text order) in `text`."""
        readings: list[Reading] = []
        prev: tuple[Figure, _Bound] | None = None   # the last single figure, for merging
        consumed = 0
        for fig in figures:
            if fig.start < consumed:
                continue                       # restates the bound before it: 以下（含50%）
            b = self._bound(text, fig)
            consumed = max(consumed, b.words_end)
            if fig.lead is not None:
                readings.append(self._range(fig, fig.lead, fig.value, _join_cue(fig.join),
                                            b.before, (fig,)))
                prev = None
                continue
            merged = self._merge(text, prev, fig, b) if prev else None
            if merged:
                readings[-1] = merged
                prev = None
                continue
            if prev and b.source == "" and prev[1].source in ("before", "list") \
                    and (_LIST_GAP_RE.match(text[prev[1].words_end:fig.start])
                         or _parallel(text[prev[1].words_end:fig.start], prev[1], b)):
                b.qualifier, b.cue, b.source = prev[1].qualifier, prev[1].cue, "list"
                b.before = {**prev[1].before, **b.before}
            lower, upper = _bounds(b.qualifier, fig.value)
            readings.append(Reading(fig.start, fig.end, float(fig.value), lower, upper,
                                    b.qualifier, b.cue, (fig,), b.before))
            prev = (fig, b)
        return readings

    def _merge(self, text: str, prev: tuple[Figure, _Bound], fig: Figure, b: _Bound):
        """Two neighbouring figures read as one range, or None."""
        first, fb = prev
        join = _JOIN_GAP_RE.match(text[first.words_after:fig.start])
        if join and b.words_start == fig.start:
            cue = _join_cue(text[first.words_after:fig.start])
            return self._range(fig, first.value, fig.value, cue, fb.before, (first, fig),
                               start=first.start)
        if _BETWEEN_GAP_RE.match(text[first.words_after:fig.start]) \
                and _BETWEEN_END_RE.match(text, fig.words_after):
            cue = text[first.words_after:fig.start].strip(" \t\u3000\xa0")
            return self._range(fig, first.value, fig.value, cue, fb.before, (first, fig),
                               start=first.start)
        pair = {fb.qualifier, b.qualifier}
        if pair == {"min", "max"} and fb.source != "list" \
                and _PAIR_GAP_RE.match(text[fb.words_end:b.words_start]):
            low, high = (first, fig) if fb.qualifier == "min" else (fig, first)
            # the span runs over the wording of both bounds: 一万元以上三万元以下
            end = b.cue_end if b.source == "after" else fig.end
            return self._range(fig, low.value, high.value, f"{fb.cue}…{b.cue}", fb.before,
                               (first, fig), start=first.start, end=end)
        return None

    @staticmethod
    def _range(fig, low, high, cue, before, figures, start=None, end=None) -> Reading:
        return Reading(fig.start if start is None else start, fig.end if end is None else end,
                       None, float(low), float(high), "range", cue, figures, before)


def _one_of(chars: str) -> re.Pattern:
    """A pattern for any one of `chars`."""
    return re.compile(f"[{re.escape(''.join(sorted(set(chars))))}]")


_CUE_STARTS_RE = _one_of("".join(w[0] for w in (*CUE_MODIFIERS, *CUES_BEFORE, *REACH_CUES)))
_CUE_WORD_RE = re.compile(_alternation((*CUES_BEFORE, *REACH_CUES)))


def _far_cue(window: str) -> re.Match | None:
    """The cue that reaches across words to a figure at the end of `window`: a negated
    comparison (不超过实际发生额50%), a threshold reached (达到企业现有在职职工人数20%),
    or a limit word followed by a connector or a
    bracket (最高为企业实际支出的50%, 上限（30万元）). A cue followed by a whole bracket
    with a figure in it is that figure's (额度上限（30万元）之和的110%: not the 110%'s).
    The nearest cue wins, written whole (最高不超过, not 超过)."""
    if not _CUE_WORD_RE.search(window):
        return None                            # most windows hold no cue word at all
    best, best_key = None, None
    for s in _CUE_STARTS_RE.finditer(window):
        m = _FAR_RE.match(window, s.start())
        if not m:
            continue
        cue = _unspaced(m.group("cue"))
        if _BRACKET_WITH_FIGURE_RE.match(window, m.end("cue")):
            continue
        last = _last_word(cue)
        if last == "达":
            continue                           # 下达, 表达: too short a word to reach far
        if last not in FAR_CUES and last not in REACH_CUES and not (
                any(w in cue for w in CAP_CUES) and _CONNECTOR_OR_BRACKET_RE.match(window, m.end("cue"))):
            continue
        # a threshold word yields to another cue before it (最高可达到…的30%)
        key = (last not in REACH_CUES, m.end("cue"), -m.start())
        if best_key is None or key > best_key:
            best, best_key = m, key
    return best


def _leftmost_match(pattern: re.Pattern, starts: re.Pattern, window: str,
                    pos: int = 0) -> re.Match | None:
    """What `pattern.search(window, pos)` finds, for a pattern that can match anything
    but the empty string at the end only from a character `starts` matches: tried from
    those characters alone, instead of from every one (None where nothing but that
    empty string matches)."""
    for start in starts.finditer(window, pos):
        m = pattern.match(window, start.start())
        if m:
            return m
    return None


def _join_cue(written: str) -> str:
    """The cue of a range written with a joining word (至, 及以上至); a dash or a tilde
    only marks the range and is no cue word."""
    written = re.sub(INCLUSION, "", written).strip(" \t\u3000\xa0")   # 10（含）-15万元
    return "" if re.fullmatch(RANGE_PUNCTUATION, written) else written


def _last_word(cue: str) -> str:
    """The last cue word of a (possibly chained) cue, which decides its bound."""
    cue = _unspaced(cue)
    if cue in REACH_CUES:
        return cue
    for modifier in CUE_MODIFIERS:
        if cue.startswith(modifier) and cue[len(modifier):]:
            cue = cue[len(modifier):]
    for length in range(len(cue), 0, -1):
        if cue[-length:] in CUES_BEFORE:
            return cue[-length:]
    raise KeyError(cue)


def _qualifier_of(cue: str) -> str:
    """The bound a (possibly chained) cue sets: its last word decides (最高不超过)."""
    word = _last_word(cue)
    return REACH_CUES.get(word) or CUES_BEFORE[word]


# between two figures: only the mark that joins a range's ends
_JOINED_RE = re.compile(rf"[ \t\u3000\xa0\r\n]*{RANGE_JOIN}[ \t\u3000\xa0\r\n]*")


def certain_figures(text: str, pattern: re.Pattern, unit_starts: str, figure, kind: str,
                    warnings: list[str] | None = None, extra_first: str = "") -> list[Figure]:
    """What `figure(text, match)` reads at each match of `pattern` (`find_figures`),
    leaving out what cannot be read with certainty — a figure that raises `Uncertain`,
    the other end of a range whose first end was left out, a numeral over 60
    characters — and naming each in `warnings` (when given) as a `kind` not read."""
    def warn(start: int, end: int, reason: str) -> None:
        if warnings is not None:
            warnings.append(f"{kind} not read at {start}: {text[start:end][:40]!r} ({reason})")

    too_long: list[tuple[int, int]] = []
    figures, unread = [], -1
    for m in find_figures(text, pattern, unit_starts, extra_first=extra_first, too_long=too_long):
        try:
            if unread >= 0 and _JOINED_RE.fullmatch(text, unread, m.start()):
                raise Uncertain("the other end of its range is not read")
            found = figure(text, m)
        except Uncertain as e:
            warn(m.start(), m.end(), str(e))
            unread = m.end()
            continue
        if found:
            figures.append(found)
    for start, end in too_long:
        warn(start, end, "a numeral longer than 60 characters")
    return figures
