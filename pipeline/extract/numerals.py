"""Numerals as policy documents write them, read into numbers.

One definition serves every extractor: `NUMERAL` is the regular-expression fragment
that finds a numeral, `read_numeral` reads what it found (exactly, as a `Decimal`),
`parse_numeral` gives the same as a float.

What counts as a numeral:
- Arabic digits, half- or full-width, with thousands separators and decimals:
  `1,500`, `1.5`, `１５０`, `１．０７５３`, `.5`;
- Chinese numerals in every common form: `五十`, `一百五十`, `三千五百万`, `两千万`,
  `一亿二千万`, `十万`, `零点五`, the spoken shorthand `一千二` (1200) and `两万二`
  (22000), and strings of digits read digit by digit (`二〇二二`, `一七二零`);
- the capital numerals of finance (大写: `壹佰万`, `贰仟`, `拾`) and traditional forms
  (`萬`, `億`, `兩`, `陸`);
- mixtures of both (`1.2万亿`, `3千万`, `5百万`, `100万三千`), with spaces inside
  (`80 万`, `三千 九百 六十五`).
Signs are not part of a numeral: negative figures do not occur in policy text.
"""
from __future__ import annotations

import re
import string
from decimal import Decimal
from functools import lru_cache

# Chinese digits and their values: everyday, capital (大写) and traditional forms.
DIGITS: dict[str, int] = {
    "零": 0, "〇": 0, "○": 0,
    "一": 1, "壹": 1,
    "二": 2, "两": 2, "兩": 2, "俩": 2, "倆": 2, "贰": 2, "貳": 2,
    "三": 3, "叁": 3, "叄": 3,
    "四": 4, "肆": 4,
    "五": 5, "伍": 5,
    "六": 6, "陆": 6, "陸": 6,
    "七": 7, "柒": 7,
    "八": 8, "捌": 8,
    "九": 9, "玖": 9,
}
# Units below 万 multiply the digit before them; a bare 十 is 一十.
SMALL_UNITS: dict[str, int] = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
# Section units: 万 multiplies what was written since the last 亿, 亿 all before it
# (so 十万亿 and 1.2万亿 come out right, and 四万万 is 4亿).
LARGE_UNITS: dict[str, int] = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
# One character written for two.
SHORTHANDS: dict[str, str] = {"廿": "二十", "卅": "三十"}
DECIMAL_POINTS = "点點"
HALF = "半"                      # only before a unit: 半百 = 50

MAGNITUDES = "".join(SMALL_UNITS) + "".join(LARGE_UNITS)
CHINESE = "".join(DIGITS) + MAGNITUDES + "".join(SHORTHANDS)

# horizontal space that may sit inside a numeral or between it and its unit
SPACE = r"[ \t\u3000\xa0]{0,4}"


def alternation(words, guards: dict[str, str] | None = None, spaced: bool = False) -> str:
    """A pattern for any of `words`, the longest first. `guards[word]` is a lookahead
    the text after that word must pass (`(?!化|论)`); with `spaced`, a word's
    characters may stand apart (不 超 过), as text converted from PDF has them.

    The words are written as a tree of their shared beginnings (`不(?:超(?:过|出)?|低于)`
    for 不超过, 不超出, 不超, 不低于), where a word that goes on is tried before one
    that ends: the words that match at one place begin one another, so they are tried
    longest first, as in a plain list sorted by length. The tree is matched faster
    than the list and compiled faster, most of all with `spaced`."""
    guards = guards or {}
    join = SPACE if spaced else ""
    tree: dict = {}
    for word in words:
        node = tree
        for c in word:
            node = node.setdefault(c, {})
        node[_WORD_END] = guards.get(word, "")

    def branches(node: dict) -> str:
        return "|".join(re.escape(c) + rest(child) for c, child in node.items() if c != _WORD_END)

    def rest(node: dict) -> str:
        """The pattern for what may follow a tree node's character."""
        on = [c for c in node if c != _WORD_END]
        if not on:
            return node[_WORD_END]
        goes_on = join + (f"(?:{branches(node)})" if len(on) > 1 else branches(node))
        if _WORD_END not in node:
            return goes_on
        return f"(?:{goes_on}|{node[_WORD_END]})"

    return branches(tree)


_WORD_END = ""          # the key of a word's end in `alternation`'s tree


def not_followed_by(chars: dict[str, str]) -> dict[str, str]:
    """Guards for `alternation` from the characters that may not follow each word."""
    return {word: f"(?![{c}])" for word, c in chars.items() if c}
_ARABIC = (
    r"(?:[0-9０-９]{1,3}(?:[,，][0-9０-９]{3})+(?![0-9０-９])|[0-9０-９]+)(?:[.．][0-9０-９]+)?"
    r"|[.．][0-9０-９]+"
)
_CHINESE_RUN = rf"(?:{HALF}(?=[{MAGNITUDES}]))?[{CHINESE}](?:{SPACE}[{CHINESE}])*"
# an Arabic number may follow Chinese characters directly, or after a space where the
# character before is a unit (7万 5千 4百)
_THEN_ARABIC = rf"(?:(?<=[{MAGNITUDES}]){SPACE})?(?:{_ARABIC})"
_INTEGER = (
    rf"(?:(?:{_ARABIC})(?:{SPACE}{_CHINESE_RUN}(?:{_THEN_ARABIC}{SPACE}{_CHINESE_RUN})*(?:{_THEN_ARABIC})?)?"
    rf"|{_CHINESE_RUN}(?:{_THEN_ARABIC}{SPACE}{_CHINESE_RUN})*(?:{_THEN_ARABIC})?)"
)
_DIGIT_CHARS = "".join(DIGITS)
_FRACTION = rf"(?:{SPACE}[{DECIMAL_POINTS}]{SPACE}(?:[0-9０-９]+|[{_DIGIT_CHARS}](?:{SPACE}[{_DIGIT_CHARS}])*))"

# The fragment every extractor uses to find a numeral (no groups inside).
NUMERAL = rf"(?:{_INTEGER}{_FRACTION}?)"
NUMERAL_RE = re.compile(NUMERAL)

# characters that make a numeral a real figure rather than a bare magnitude (万元)
FIGURE_CHARS = frozenset("0123456789０１２３４５６７８９" + _DIGIT_CHARS + HALF)

_PLAIN = str.maketrans({
    **{c: str(v) for c, v in DIGITS.items()},
    **{c: "十" for c, v in SMALL_UNITS.items() if v == 10},
    **{c: "百" for c, v in SMALL_UNITS.items() if v == 100},
    **{c: "千" for c, v in SMALL_UNITS.items() if v == 1000},
    "萬": "万", "億": "亿", "點": "点",
    **{chr(0xFF10 + i): str(i) for i in range(10)},
    "．": ".",
    " ": None, "\t": None, "\u3000": None, "\xa0": None, ",": None, "，": None,
})
_TOKEN_RE = re.compile(r"\d+(?:\.\d+)?|\.\d+|.")   # numbers, and every other character alone
_LEADING_ARABIC_RE = re.compile(r"[0-9０-９,，.．]+")
_TRAILING_LARGE_RE = re.compile(r"[万萬亿億]+$")
_UNIT_VALUES = {"十": 10, "百": 100, "千": 1000, "万": 10**4, "亿": 10**8}


def _plain(written: str) -> str:
    """Spaces and separators dropped; every digit, Chinese or full-width, as 0-9."""
    for short, long in SHORTHANDS.items():
        written = written.replace(short, long)
    return written.translate(_PLAIN)


def _read_integer(plain: str) -> Decimal:
    """An integer part in plain form (`1亿2千万`, `2022`, `3千5百`)."""
    tokens = _TOKEN_RE.findall(plain)
    if not tokens:
        return Decimal(0)
    if all(t.isdigit() for t in tokens):
        # Arabic digits, or Chinese digits read one by one (二〇二二 → 2022)
        return Decimal("".join(tokens))
    total = Decimal(0)      # everything up to the last 亿, already multiplied
    section = Decimal(0)    # since the last 亿, including whole 万s
    small = Decimal(0)      # since the last 万 or 亿
    pending: Decimal | None = None   # a number waiting for its unit
    lone_digit = False               # it is one digit, not after 零 (for 一千二)
    last_unit = 0
    for token in tokens:
        if token == HALF:
            pending, lone_digit = Decimal("0.5"), False
        elif token[0].isdigit() or token[0] == ".":
            # 零 read as 0 joins the digit after it (一千零二十 → 1, 千, 02, 十)
            pending, lone_digit = Decimal(token), len(token) == 1 and token != "0"
        elif token in SMALL_UNITS:
            unit = _UNIT_VALUES[token]
            small += (pending if pending is not None else 1) * unit
            pending, last_unit = None, unit
        elif token == "万":
            if not (section or small or pending):
                pending = Decimal(1)            # a bare 万 (超万元)
            section = (section + small + (pending or 0)) * 10**4
            small, pending, last_unit = Decimal(0), None, 10**4
        elif token == "亿":
            if not (total or section or small or pending):
                pending = Decimal(1)            # a bare 亿 (超亿元)
            total = (total + section + small + (pending or 0)) * 10**8
            section, small, pending, last_unit = Decimal(0), Decimal(0), None, 10**8
    if pending is not None and lone_digit and last_unit >= 100:
        pending *= last_unit // 10          # 一千二 = 1200, 两万二 = 22000
    return total + section + small + (pending or 0)


@lru_cache(maxsize=4096)
def read_numeral(written: str) -> Decimal:
    """The number a numeral stands for, exactly: `三千五百万` → 35000000.

    Cached: documents write the same few numerals (clause numbers, 10%, 50万元) over
    and over."""
    plain = _plain(written)
    if "点" not in plain:
        return _read_integer(plain)
    whole, _, fraction = plain.partition("点")
    integer = _read_integer(whole)
    digits = "".join(c for c in fraction if c.isdigit())
    return integer + Decimal(f"0.{digits or 0}")


def parse_numeral(written: str) -> float:
    """The number a numeral stands for, as a float: `1.2万亿` → 1.2e12."""
    return float(read_numeral(written))


def trailing_magnitude(written: str) -> str:
    """The magnitude a numeral ends with, which a range's first figure shares.

    `2000万` → `万`, `5千万` → `千万`, `一千五百万` → `万`; `10` and `一千五百` → ``.
    """
    arabic = _LEADING_ARABIC_RE.match(written)
    if arabic:
        rest = _plain(written[arabic.end():])
        return rest if all(c in _UNIT_VALUES for c in rest) else ""
    m = _TRAILING_LARGE_RE.search(written)
    return m.group() if m else ""


def has_magnitude(written: str) -> bool:
    """Whether a numeral carries any unit character (十 百 千 万 亿)."""
    return any(c in _UNIT_VALUES for c in _plain(written))


def is_figure(written: str) -> bool:
    """Whether a numeral writes a digit, not only a magnitude (`万`, `百万`)."""
    return any(c in FIGURE_CHARS for c in written)


# Right before a numeral, these make it part of a code or an address (B2B, %20, v1.5).
NOT_BEFORE_NUMERAL = frozenset(string.ascii_letters + "%/&?#@_.．")
# Right before a Chinese numeral, these make it part of a word or an ordinal
# (统一, 唯一, 同一, 之一, 逐一, 单一, 专一, 万一, 第一).
WORD_BEFORE_CHINESE = frozenset("第统唯同之逐单专归划万")
# Capital digits that are everyday words too (大陆, 队伍, 拾取): alone after a Chinese
# character they are the word.
CAPITAL_WORDS = frozenset("陆陸伍拾")


def stands_alone(text: str, start: int, written: str) -> bool:
    """Whether the numeral `written` at `start` in `text` is a figure of its own, not
    part of a code (B2B, %20), a word (统一, 大陆) or an ordinal (第一)."""
    if start == 0:
        return True
    before = text[start - 1]
    if before in NOT_BEFORE_NUMERAL:
        return False
    if written[0] in CHINESE or written[0] == HALF:
        if before in WORD_BEFORE_CHINESE:
            return False
        if written.strip() in CAPITAL_WORDS and "\u4e00" <= before <= "\u9fff":
            return False
    return True


# Characters a figure's run may hold: numerals, separators, decimal points, spaces and
# the marks joining a range (500—2000万元).
_RUN = f"0-9０-９.．,，{CHINESE}{DECIMAL_POINTS}{HALF} \t\u3000\xa0—–―－~～〜至到-"
_FIRST = "0123456789０１２３４５６７８９.．" + CHINESE + HALF
_MAX_RUN = 60
_candidates_cache: dict[tuple[str, str], tuple[re.Pattern, frozenset]] = {}


def find_figures(text: str, pattern: re.Pattern, unit_starts: str,
                 extra_first: str = "") -> list[re.Match]:
    """The matches of `pattern` in `text`, in order and not overlapping, where
    `pattern` matches a numeral (or begins with one of `extra_first`) and then a unit
    that begins with one of `unit_starts`.

    The same matches as `pattern.finditer(text)` (for numerals up to 60 characters),
    found many times faster: the regular-expression engine skips to the runs of
    numeral characters that a unit follows, and only there is `pattern` tried, at each
    place in the run a numeral may start.
    """
    key = (unit_starts, extra_first)
    if key not in _candidates_cache:
        candidates = re.compile(
            rf"[{re.escape(_FIRST + extra_first)}][{_RUN}]{{0,{_MAX_RUN}}}+"
            rf"(?=[ \t\u3000\xa0]*[{re.escape(unit_starts)}])"
        )
        _candidates_cache[key] = candidates, frozenset(_FIRST + extra_first)
    candidates, first = _candidates_cache[key]
    found, pos = [], 0
    while c := candidates.search(text, pos):
        pos = c.end()
        for i in range(c.start(), c.end()):
            if text[i] in first:
                m = pattern.match(text, i)
                if m:
                    found.append(m)
                    pos = max(pos, m.end())
                    break
    return found
