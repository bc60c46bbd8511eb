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
A sign is not part of a numeral; `sign_before` reads 负 before a figure.

`read_quantity` is what an extractor reads a figure's numeral with: it gives the
interval the numeral allows (a single number twice, or the range of an approximate
numeral: 四五千, 十几万, 数百万) and raises `Uncertain` where a numeral cannot be read
with certainty (`1 00 0`, `1万1万`), so that the figure is left out and named in the
document's warnings instead of being written wrong.
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
# Digits of Arabic numbers, half- and full-width.
_D = "[0-9０-９]"
# An Arabic number: digits, then groups after a comma or one or two spaces (thousands
# groups `1,500` `10 000`, and digits a conversion spaced out one by one, `1 0 0 0`),
# then decimals. Which groupings are a number is decided by `read_quantity`, not here:
# the pattern takes every group so that no figure is read from its last digits
# (`1 0 0 0元` is never `0元`). Possessive (`++`, `*+`): each piece is matched one way
# only, so a failing match cannot retry it (linear time).
_ARABIC = (
    rf"{_D}++(?:(?:[,，]|[ \t\u3000\xa0]{{1,2}})(?={_D}){_D}++)*+(?:[.．]{_D}++)?+"
    rf"|[.．]{_D}++"
)
# Approximate digits: 几 (十几, 几十, 二十几) and 数 before a magnitude (数十, 数百);
# 数 ending a noun (基数, 人数, 系数 …) is that noun, not a digit.
APPROXIMATE = "几数"
NOUNS_BEFORE_SHU = "基系人总户次件个倍指分笔岁参函份页字项名台套股位条款家年天月"
_ELEMENT = (
    rf"(?:[{CHINESE}几]|(?<![{NOUNS_BEFORE_SHU}])数(?={SPACE}[{MAGNITUDES}]))"
)
_CHINESE_RUN = rf"(?:{HALF}(?=[{MAGNITUDES}]))?{_ELEMENT}(?:{SPACE}{_ELEMENT})*"
# an Arabic number may follow Chinese characters directly, or after a space where the
# character before is a unit (7万 5千 4百). The space is one to four characters, never
# none: an optional group that can match nothing, repeated, is tried both ways at
# every repetition — exponential time on `1万1万1万…`.
_THEN_ARABIC = rf"(?:(?<=[{MAGNITUDES}])[ \t\u3000\xa0]{{1,4}})?(?:{_ARABIC})"
_INTEGER = (
    rf"(?:(?:{_ARABIC})(?:{SPACE}{_CHINESE_RUN}(?:{_THEN_ARABIC}{SPACE}{_CHINESE_RUN})*(?:{_THEN_ARABIC})?)?"
    rf"|{_CHINESE_RUN}(?:{_THEN_ARABIC}{SPACE}{_CHINESE_RUN})*(?:{_THEN_ARABIC})?)"
)
_DIGIT_CHARS = "".join(DIGITS)
_FRACTION = rf"(?:{SPACE}[{DECIMAL_POINTS}]{SPACE}(?:{_D}++|[{_DIGIT_CHARS}](?:{SPACE}[{_DIGIT_CHARS}])*))"

# The fragment every extractor uses to find a numeral (no groups inside).
NUMERAL = rf"(?:{_INTEGER}{_FRACTION}?)"
NUMERAL_RE = re.compile(NUMERAL)

# characters that make a numeral a real figure rather than a bare magnitude (万元)
FIGURE_CHARS = frozenset("0123456789０１２３４５６７８９" + _DIGIT_CHARS + HALF + APPROXIMATE)

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
_LEADING_ARABIC_RE = re.compile(r"[0-9０-９,，.．][0-9０-９,，.． \t\u3000\xa0]*")
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


class Uncertain(ValueError):
    """A numeral that cannot be read with certainty; the message says why."""


_GROUPS_RE = re.compile(r"[0-9０-９]+(?:(?:[,，]|[ \t\u3000\xa0]{1,2})[0-9０-９]+)+")
_SEPARATOR_RE = re.compile(r"[,，]|[ \t\u3000\xa0]{1,2}")
_ZEROS = "零〇○"
_CHINESE_DIGIT_RUN_RE = re.compile(rf"[{_DIGIT_CHARS}]{{2,}}")
_MIXED_DIGITS_RE = re.compile(rf"[{_DIGIT_CHARS}][0-9０-９]|[0-9０-９][{_DIGIT_CHARS}]")
_APPROXIMATE_RE = re.compile(f"[{APPROXIMATE}]")
# pairs of digits that name a range of two neighbours (四五千, 两三万) and 三五 (3 to 5)
_PAIRS = {(d, d + 1) for d in range(1, 9)} | {(3, 5)}


def _check_groups(written: str) -> None:
    """Arabic digit groups are one number in two forms only: spaced out one by one
    (`1 0 0 0`), or thousands (`1,500`, `10 000`: 1-3 digits, then groups of 3 with
    one separator throughout)."""
    for run in _GROUPS_RE.findall(written):
        groups = _SEPARATOR_RE.split(run)
        separators = set(_SEPARATOR_RE.findall(run))
        one_by_one = all(len(g) == 1 for g in groups) and not separators & {",", "，"}
        thousands = (len(separators) == 1 and 1 <= len(groups[0]) <= 3
                     and all(len(g) == 3 for g in groups[1:]))
        if not (one_by_one or thousands):
            raise Uncertain(f"digits grouped irregularly in {written!r}")


def _check_sections(plain: str) -> None:
    """A numeral's units in an order a number is written in: below 万 each unit
    smaller than the one before (五千五千 is no number), 万 and 亿 once per section
    (1万1万 is none; 四万万 and 十万亿, the units side by side, are)."""
    tokens = _TOKEN_RE.findall(plain)
    last_small, since_large, pending = 10**5, "", False   # (亿 multiplies all before it)
    large_seen: dict[str, bool] = {}
    for token in tokens:
        if token[0].isdigit() or token[0] == "." or token == HALF:
            if pending:
                raise Uncertain(f"two numbers side by side in {plain!r}")
            pending, since_large = True, since_large + token
        elif token in SMALL_UNITS:
            unit = _UNIT_VALUES[token]
            if unit >= last_small:
                raise Uncertain(f"units out of order in {plain!r}")
            last_small, pending, since_large = unit, False, since_large + token
        elif token in ("万", "亿"):
            if since_large and large_seen.get(token):
                raise Uncertain(f"{token} written twice in {plain!r}")
            if token == "亿":
                large_seen = {}
            large_seen[token] = True
            last_small, pending, since_large = 10**5, False, ""


def _approximate(written: str) -> tuple[Decimal, Decimal] | None:
    """The range an approximate numeral allows, or None for an exact one.

    - 几 or 数 as a digit: before a unit it stands for 1 to 10 of it (几十 10..100,
      数百万 1e6..1e7, 几万 1e4..1e5); after one, for 0 to 10 in the ones place (十几
      10..20, 二十几万 200000..300000, 一百零几万 1000000..1100000);
    - two neighbouring digits (and 三五) before a unit or ending the numeral:
      either one (四五千 4000..5000, 十五六万 150000..160000, 三五百万 3e6..5e6).
    """
    compact = re.sub(r"[ \t\u3000\xa0]", "", written)
    approximate = _APPROXIMATE_RE.findall(compact)
    if len(approximate) > 1:
        raise Uncertain(f"more than one approximate digit in {written!r}")
    if approximate:
        i = compact.index(approximate[0])
        before, after, digits = compact[:i], compact[i + 1:], "一二"
        if before and before[-1] in "0０":
            before, digits = before[:-1], "12"           # 20几: the 几 is the ones
        elif before and (before[-1].isdigit() or before[-1] in _DIGIT_CHARS and before[-1] not in _ZEROS):
            raise Uncertain(f"approximate digit after a digit in {written!r}")
        leading = not before or (bool(after) and after[0] in SMALL_UNITS)
        one = read_quantity(before + digits[0] + after)[0]
        place = read_quantity(before + digits[1] + after)[0] - one
        low = one if leading else one - place
        return low, one + 9 * place
    integer = re.split(f"[{DECIMAL_POINTS}]", compact)[0]     # decimals: digit by digit
    for run in _CHINESE_DIGIT_RUN_RE.finditer(integer):
        digits = run.group()
        if any(c in _ZEROS for c in digits):
            continue                                     # 二〇二二, 一千零二: digit by digit
        if len(digits) == 2 and (DIGITS[digits[0]], DIGITS[digits[1]]) in _PAIRS:
            head, tail = compact[:run.start()], compact[run.end():]
            return (read_quantity(head + digits[0] + tail)[0],
                    read_quantity(head + digits[1] + tail)[0])
        if len(digits) == len(integer):
            continue                                     # 一一, 壹壹壹壹: digit by digit
        raise Uncertain(f"digits side by side in {written!r}")
    return None


@lru_cache(maxsize=4096)
def read_quantity(written: str) -> tuple[Decimal, Decimal]:
    """The interval a numeral allows: (n, n) for an exact one, the range for an
    approximate one (see `_approximate`). Raises `Uncertain` for a numeral that cannot
    be read with certainty: digits grouped irregularly (`1 00 0`, `2 3000`), units out
    of order or repeated (`1万1万`, `五千五千`), a Chinese digit against an Arabic one."""
    _check_groups(written)
    if _MIXED_DIGITS_RE.search(written):
        raise Uncertain(f"Chinese and Arabic digits side by side in {written!r}")
    approximate = _approximate(written)
    if approximate:
        return approximate
    plain = _plain(written)
    _check_sections(plain.partition("点")[0])
    value = read_numeral(written)
    return value, value


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


# Written right before a figure, 负 (負) makes it negative (负1200万元) where it begins a
# word: alone, or after these (为负, 至负); after another character it ends a word
# (担负, 抱负) and is no sign.
SIGN_AFTER = frozenset("为是至到达值约率额和与及或、：:（(")
# 正负 and ± before a figure allow it either sign: a range the pipeline does not read.
BOTH_SIGNS = ("正负", "±")


def sign_before(text: str, start: int) -> int:
    """Where a figure starting at `start` begins with its sign: `start - 1` after a
    negative sign, else `start`. Raises `Uncertain` after 正负 or ±."""
    for both in BOTH_SIGNS:
        if text.startswith(both, start - len(both)):
            raise Uncertain(f"{both} before {text[start:start + 12]!r}")
    if start and text[start - 1] in "负負":
        before = text[start - 2] if start >= 2 else ""
        if not ("\u4e00" <= before <= "\u9fff") or before in SIGN_AFTER:
            return start - 1
    return start


_ARABIC_DIGITS = "0123456789０１２３４５６７８９"


def cut_off(text: str, start: int) -> bool:
    """Whether a figure found at `start` may be the end of a longer number: right after
    an Arabic digit (or a separator after one), or after a digit and a line break
    with spaces or a range's dash (a figure broken over two lines, a page number above
    it: `1\n50万元`, `500\n—2000万元`).
    A numeral written with a leading zero (`000元`, `05%`) is always such a part.
    Reading it would be reading a part."""
    if start + 1 < len(text) and text[start] in "0０" and text[start + 1] in _ARABIC_DIGITS:
        return True
    if not start:
        return False
    before = text[start - 1]
    if before in _ARABIC_DIGITS:
        return True
    if before in ".．,，":        # after a separator, a line break may stand before it: 1\n,000元
        j = start - 1
        while j and start - j < 8 and text[j - 1] in " \t\u3000\xa0\r\n":
            j -= 1
        return j >= 1 and text[j - 1] in _ARABIC_DIGITS
    i = start
    while i and start - i < 8 and text[i - 1] in " \t\u3000\xa0\r\n—–―－~～〜-%％":
        i -= 1
    if not (i < start and i > 0 and "\n" in text[i:start]):
        return False
    return text[i - 1] in _DIGITS_AND_UNITS or (
        text[i - 1] in ".．,，" and i >= 2 and text[i - 2] in _ARABIC_DIGITS)   # 1.\n5万元


# Characters a figure's run may hold: numerals, separators, decimal points, spaces and
# the marks joining a range (500—2000万元).
_RUN = f"0-9０-９.．,，{CHINESE}{APPROXIMATE}{DECIMAL_POINTS}{HALF} \t\u3000\xa0—–―－~～〜至到-"
_FIRST = "0123456789０１２３４５６７８９.．" + CHINESE + APPROXIMATE + HALF
_MAX_RUN = 60
_candidates_cache: dict[tuple[str, str], tuple[re.Pattern, frozenset]] = {}


def find_figures(text: str, pattern: re.Pattern, unit_starts: str,
                 extra_first: str = "", too_long: list | None = None) -> list[re.Match]:
    """The matches of `pattern` in `text`, in order and not overlapping, where
    `pattern` matches a numeral (or begins with one of `extra_first`) and then a unit
    that begins with one of `unit_starts`.

    The same matches as `pattern.finditer(text)` (for numerals up to 60 characters),
    found many times faster: the regular-expression engine skips to the runs of
    numeral characters that a unit follows, and only there is `pattern` tried, at each
    place in the run a numeral may start. A run longer than 60 characters is not read
    (its end is no figure of its own); its place is added to `too_long`.
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
        if c.start() and text[c.start() - 1] in _LONG_RUN:
            if too_long is not None:
                too_long.append((c.start(), c.end()))
            continue
        for i in range(c.start(), c.end()):
            if text[i] in first:
                m = pattern.match(text, i)
                if m:
                    found.append(m)
                    pos = max(pos, m.end())
                    break
    return found


# before a candidate run, a character that continues it: the run was cut at _MAX_RUN
_PAGE_LABEL_RE = re.compile(r"[—–―－~-][ \t\u3000\xa0]*[0-9]+[ \t\u3000\xa0]*[—–―－~-][ \t\u3000\xa0]*(?:\n|\Z)")


def runs_on(text: str, end: int) -> bool:
    """Whether a figure ending at `end` runs on over a line break into a range's
    dash and a further figure (`6%\n—10%`): read alone it would be half a range."""
    i = end
    while i < len(text) and i - end < 8 and text[i] in " \t\u3000\xa0\r\n":
        i += 1
    if "\n" not in text[end:i] or i >= len(text) or text[i] not in "—–―－~～〜-至到":
        return False
    if _PAGE_LABEL_RE.match(text, i):
        return False                           # - 12 -: a page's number on its own line
    i += 1
    while i < len(text) and i - end < 12 and text[i] in " \t\u3000\xa0\r\n":
        i += 1
    return i < len(text) and text[i] in _DIGITS_AND_UNITS


_DIGITS_AND_UNITS = frozenset(_ARABIC_DIGITS + CHINESE)
_LONG_RUN = frozenset("0123456789０１２３４５６７８９" + CHINESE + APPROXIMATE)
