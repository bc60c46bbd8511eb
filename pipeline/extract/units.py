"""Responsible units: the labelled lists that close a measure.

`（责任单位：市财政局、科技局）`, `（牵头单位：市工信委，配合单位：市科技局、财政局）`,
`责任部门：…`, the document-level `主办：` / `督办：` / `承办单位：` lines, and the lists
that name the role after the units (`（省商务厅牵头，合肥海关配合）`,
`（国家发展改革委牵头，各地区、各有关部门按职责分工负责）`). Names are normalised as
SPEC section 5 says; jieba tells the prefix `市` from the word `市场`, and the list of
administrative divisions (`places.py`) tells a name that names a place.
"""
from __future__ import annotations

import re
from functools import lru_cache

from pipeline.extract import words
from pipeline.extract.places import is_place
from pipeline.model import UnitMention

# 责任单位 → role 责任; the label without 单位/部门 is the role
ROLES = ("责任", "牵头", "配合", "协办", "参与", "实施", "主办", "督办", "承办", "主责", "协同")
LABEL = rf"(?P<role>{'|'.join(ROLES)})(?:单位|部门)?\s*[：:]"
LABEL_RE = re.compile(LABEL)
# a list either sits in brackets after a measure, or is a line of its own; both are
# looked for from one character (each bracket, the line break before the line), which
# the regular-expression engine finds many times faster than any of a set
LIST_OPEN_RES = tuple(re.compile(rf"{re.escape(bracket)}\s*(?={'|'.join(ROLES)})")
                      for bracket in "（(")
LINE_LIST_RE = re.compile(rf"\n{LABEL}")

OPENING = "（(〔【[［"
CLOSING = "）)〕】]］"
SEPARATORS = "、，,；;"
# where a bracketed list may end: a bracket (they nest) or the end of the line
LIST_END_RE = re.compile(f"[{re.escape(OPENING + CLOSING)}\n]")
# the characters that decide where an item ends: brackets and separators
ITEM_MARK_RE = re.compile(f"[{re.escape(OPENING + CLOSING + SEPARATORS)}]")
ADMIN_PREFIXES = ("省", "市", "县", "区")
# a first word that is a prefix fused with what it governs (市政府 = 市 + 政府)
FUSED_PREFIX_WORDS = {"政府", "委", "人民政府", "人大", "政协", "委员会"}
# a first word of a prefix and 直 (市直机关工委: the bodies directly under the city)
DIRECT_WORDS = {p + "直" for p in ADMIN_PREFIXES}
# a first word that is a prefixed body's whole name (省公安厅, 市公安局), not a word such
# as 市场 or 区域 that starts with the prefix's character
BODY_ENDS = ("局", "厅", "委", "办", "院", "会", "部", "署", "中心", "组")
# characters that make a name a kind of place (团市委, 示范区管委会, 各区, 县级市);
# not 乡/村, which occur in words (城乡, 乡村振兴局)
PLACE_CHARS = set("省市县区州")
# `等部门`, `等国务院相关部门`, a bare `等`: the rest of a list summed up (after the
# item's last 等, which the words between cannot hold)
TRAILING_ETC_RE = re.compile(r"等(?:[^、，,；;等]{0,12}(?:部门|单位))?")
# marks an item may end with (and whitespace)
TRAILING_MARKS = "、，,；;。．."

# Lists that name the role after the units: `（A牵头，B、C按职责分工配合）`. Each part
# between `，` ends with its role word; the role word of `负责` is 责任.
ROLE_AFTER = {"牵头": "牵头", "配合": "配合", "负责": "责任"}
# how a role word may be introduced (按职责分工负责, 分别负责)
ROLE_AFTER_LEADS = ("按职责分工", "按职责", "分别", "共同")
# the end of such a list: a role word and the closing bracket, found first; the list's
# opening bracket is then looked for backwards, at most this far
ROLE_AFTER_END_RE = re.compile(r"(牵头|配合|负责)[）)]")
ROLE_AFTER_MAX = 300
# brackets nested inside one item (`各县〔市、区〕`) are few: deeper is no list, and the
# search stops there (so that a run of closing brackets is not read again and again)
ROLE_AFTER_DEPTH = 3
# items of one part: 、 and 及 (国务院相关部门及各地区)
ROLE_AFTER_ITEM_RE = re.compile(r"[、及]")
SPACES_RE = re.compile(r"\s+")
TRAILING_NOTE_RE = re.compile(r"[（(〔【\[［]([^（()）〔〕【】\[\]［］]+)[）)〕】\]］]$")


def load_dictionary() -> None:
    """Open jieba's dictionary now (made the first time on a machine) rather than at
    the first name."""
    words.dictionary().connection()


@lru_cache(maxsize=4096)
def name_words(name: str) -> tuple[str, ...]:
    """The name cut into words by jieba (documents name the same units over and over)."""
    return tuple(words.cut(name))


def first_word(name: str) -> str:
    return name_words(name)[0]


def admin_prefix(name: str) -> str:
    """The prefix 省/市/县/区 the name starts with as a word, else ''."""
    if not name or name[0] not in ADMIN_PREFIXES:
        return ""
    word = first_word(name)
    if (word == name[0] or word[1:] in FUSED_PREFIX_WORDS or word[:2] in DIRECT_WORDS
            or word.endswith(BODY_ENDS)):
        return name[0]
    return ""


def names_a_place(name: str) -> bool:
    """Whether a name names a place of its own: it starts with 各, holds a kind of place
    after its first character (团市委), or one of its words, as jieba cuts it, is an
    administrative division (人行合肥中心支行). Whole words only: a division's name
    inside another word (和平 in 和平利用) is not a place."""
    return (name.startswith("各")
            or not PLACE_CHARS.isdisjoint(name[1:])
            or any(is_place(w) for w in name_words(name)))


def split_items(body: str, offset: int) -> list[tuple[str, int, int]]:
    """Split a list on 、，,； but never inside brackets; items with their offsets."""
    items, depth, start = [], 0, 0
    for m in ITEM_MARK_RE.finditer(body):
        ch = m.group()
        if ch in OPENING:
            depth += 1
        elif ch in CLOSING:
            if depth:
                depth -= 1
        elif depth == 0:                # a separator outside brackets
            i = m.start()
            items.append((body[start:i], offset + start, offset + i))
            start = i + 1
    items.append((body[start:], offset + start, offset + len(body)))
    return items


@lru_cache(maxsize=4096)
def normalise(raw: str) -> tuple[str, str]:
    """(name, note) of one item as written.

    Cached: documents name the same units over and over."""
    name = drop_trailing(SPACES_RE.sub("", raw))
    note = ""
    m = TRAILING_NOTE_RE.search(name)
    if m and m.start() > 0:
        note = m.group(1)
        name = drop_trailing(name[:m.start()])
    return name, note


def drop_trailing(name: str) -> str:
    """`name` without the marks it ends with and the `等…部门` summing up the rest of
    its list before them. Looked for from the end, not with a pattern searched from
    every place: a run of marks inside an item would cost its length squared."""
    end = len(name)
    while end and (name[end - 1] in TRAILING_MARKS or name[end - 1].isspace()):
        end -= 1
    etc = name.rfind("等", 0, end)
    if etc >= 0 and TRAILING_ETC_RE.fullmatch(name, etc, end):
        end = etc
    return name[:end]


def list_bodies(text: str):
    """(role, body, offset of body) for every labelled list in the text."""
    # a document has a few lists: sorting them is cheaper than merging the searches
    opened = sorted((m for r in LIST_OPEN_RES for m in r.finditer(text)), key=re.Match.start)
    for m in opened:
        depth, end = 1, len(text)
        for b in LIST_END_RE.finditer(text, m.end()):
            ch = b.group()
            if ch in OPENING:
                depth += 1
            elif ch in CLOSING:
                depth -= 1
                if depth == 0:
                    end = b.start()
                    break
            else:                       # the end of the line
                end = b.start()
                break
        yield from labelled_parts(text[m.end():end], m.end())
    for start, label_end in line_labels(text):
        line_end = text.find("\n", label_end)
        line_end = len(text) if line_end < 0 else line_end
        yield from labelled_parts(text[start:line_end], start)


def line_labels(text: str):
    """(start, end) of every label that begins a line (主办：)."""
    first = LABEL_RE.match(text)
    if first:
        yield first.start(), first.end()
    for m in LINE_LIST_RE.finditer(text, first.end() if first else 0):
        yield m.start("role"), m.end()


def labelled_parts(segment: str, offset: int):
    labels = list(LABEL_RE.finditer(segment))
    for k, label in enumerate(labels):
        if k == 0 and segment[:label.start()].strip():
            return  # text before the label: not a list
        end = labels[k + 1].start() if k + 1 < len(labels) else len(segment)
        yield label.group("role"), segment[label.end():end], offset + label.end()


def role_after_lists(text: str):
    """(role, body, offset of body) for every part of every list that names the role
    after its units (`（省商务厅牵头，合肥海关配合）`), in text order."""
    for end in ROLE_AFTER_END_RE.finditer(text):
        close = end.end() - 1
        start = opening_of(text, close)
        if start < 0:
            continue
        parts = split_parts(text, start + 1, close)
        read = [role_after_part(text, a, b) for a, b in parts]
        if all(read):                   # every part ends with its role word: a list
            yield from read


def opening_of(text: str, close: int) -> int:
    """The bracket that the one at `close` closes, looked for backwards on its line."""
    depth = 0
    for i in range(close - 1, max(-1, close - ROLE_AFTER_MAX), -1):
        ch = text[i]
        if ch in CLOSING:
            depth += 1
            if depth > ROLE_AFTER_DEPTH:
                return -1
        elif ch in OPENING:
            if depth == 0:
                return i if ch in "（(" else -1
            depth -= 1
        elif ch == "\n":
            return -1
    return -1


def split_parts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The spans between the `，` (and `；`) of text[start:end] outside brackets."""
    parts, depth, a = [], 0, start
    for m in ITEM_MARK_RE.finditer(text, start, end):
        ch = m.group()
        if ch in OPENING:
            depth += 1
        elif ch in CLOSING:
            depth = max(0, depth - 1)
        elif depth == 0 and ch in "，,；;":
            parts.append((a, m.start()))
            a = m.end()
    parts.append((a, end))
    return parts


def role_after_part(text: str, start: int, end: int):
    """(role, body, offset) of one part `B、C按职责分工配合`, or None when it does not end
    with a role word or names nothing before it."""
    part = text[start:end]
    word = part[-2:]
    if word not in ROLE_AFTER:
        return None
    body = part[:-2]
    for lead in ROLE_AFTER_LEADS:
        if body.endswith(lead):
            body = body[:-len(lead)]
            break
    if len(body.strip()) < 2 or "。" in body:    # a unit's name has two characters or more
        return None
    return ROLE_AFTER[word], body, start


def split_role_after_items(body: str, offset: int) -> list[tuple[str, int, int]]:
    """Items of a role-after part, split on 、 and 及 outside brackets."""
    items = []
    for raw, a, b in split_items(body, offset):
        pos = a
        for m in ROLE_AFTER_ITEM_RE.finditer(raw):
            items.append((raw[pos - a:m.start()], pos, a + m.start()))
            pos = a + m.end()
        items.append((raw[pos - a:], pos, b))
    return items


def extract_units(text: str) -> list[UnitMention]:
    """Every unit of every responsibility list in `text`."""
    found: list[UnitMention] = []
    lists = [(role, body, offset, split_items) for role, body, offset in list_bodies(text)]
    lists += [(role, body, offset, split_role_after_items)
              for role, body, offset in role_after_lists(text)]
    for role, body, offset, split in lists:
        prefix = ""
        position = 0
        for raw, start, end in split(body, offset):
            name, note = normalise(raw)
            if not name:
                continue
            own = admin_prefix(name)
            if own:
                prefix = own
            elif prefix and not names_a_place(name):
                name = prefix + name
            position += 1
            written = text[start:end].strip()
            found.append(UnitMention(role=role, name=name, raw=written, note=note,
                                     position=position, start=start, end=end))
    found.sort(key=lambda u: (u.start, u.position))
    return found
