"""Responsible units: the labelled lists that close a measure.

`（责任单位：市财政局、科技局）`, `（牵头单位：市工信委，配合单位：市科技局、财政局）`,
`责任部门：…` and the document-level `主办：` / `督办：` / `承办单位：` lines. Names are
normalised as SPEC section 5 says; jieba tells the prefix `市` from the word `市场`.
"""
from __future__ import annotations

import re
from functools import lru_cache

from pipeline.extract import words
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
# characters that make a name a place or a kind of place (团市委, 示范区管委会, 各区);
# not 乡/村, which occur in words (城乡, 乡村振兴局)
PLACE_CHARS = set("省市县区州")
TRAILING_DROP_RE = re.compile(r"(等(相关)?(部门|单位))?[、，,；;。．.\s]*$")
SPACES_RE = re.compile(r"\s+")
TRAILING_NOTE_RE = re.compile(r"[（(〔【\[［]([^（()）〔〕【】\[\]［］]+)[）)〕】\]］]$")


def load_dictionary() -> None:
    """Open jieba's dictionary now (made the first time on a machine) rather than at
    the first name."""
    words.dictionary().connection()


@lru_cache(maxsize=4096)
def first_word(name: str) -> str:
    return words.cut(name)[0]


def admin_prefix(name: str) -> str:
    """The prefix 省/市/县/区 the name starts with as a word, else ''."""
    if not name or name[0] not in ADMIN_PREFIXES:
        return ""
    word = first_word(name)
    if word == name[0] or word[1:] in FUSED_PREFIX_WORDS:
        return name[0]
    return ""


def names_a_place(name: str, places: tuple[str, ...]) -> bool:
    return (name.startswith("各")
            or any(p and p in name for p in places)
            or not PLACE_CHARS.isdisjoint(name[1:]))


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
    name = SPACES_RE.sub("", raw)
    name = TRAILING_DROP_RE.sub("", name)
    note = ""
    m = TRAILING_NOTE_RE.search(name)
    if m and m.start() > 0:
        note = m.group(1)
        name = TRAILING_DROP_RE.sub("", name[:m.start()])
    return name, note


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


def extract_units(text: str, places: tuple[str, ...] = ()) -> list[UnitMention]:
    """Every unit of every labelled list in `text`.

    `places` are the document's own place names (焦作, 许昌), so that 焦作海关 keeps
    its own name instead of inheriting `市`.
    """
    found: list[UnitMention] = []
    for role, body, offset in list_bodies(text):
        prefix = ""
        position = 0
        for raw, start, end in split_items(body, offset):
            name, note = normalise(raw)
            if not name:
                continue
            own = admin_prefix(name)
            if own:
                prefix = own
            elif prefix and not names_a_place(name, places):
                name = prefix + name
            position += 1
            written = text[start:end].strip()
            found.append(UnitMention(role=role, name=name, raw=written, note=note,
                                     position=position, start=start, end=end))
    found.sort(key=lambda u: (u.start, u.position))
    return found
