"""Policy text damaged the way conversions damage it, for the fuzz tests and `make fuzz`.

`cases(n, seed)` takes real sentences from the documents in data/raw, makes documents
of one to forty of them and mutates each a few times: characters deleted, duplicated (a piece of up to four characters repeated
up to 40 times, often at a digit, as `1万1万1万…`), swapped, and brackets, digits,
figures' units, cue words and clause markers inserted (once, twice or 30 times). The same seed gives the same cases.
"""
from __future__ import annotations

import random
import re
from pathlib import Path

RAW = Path(__file__).resolve().parents[2] / "data" / "raw"
INSERTS = (
    "（", "）", "(", ")", "【", "】", "〔", "〕", "1", "0", "5", "１", "一", "十", "万", "亿",
    "%", "％", "元", "万元", "—", "-", "~", "至", "以上", "以下", "最高", "不超过", "几", "数",
    "一、", "（一）", "1.", "第一条", "\n", " ", "\u3000", "、", "，", "。", "分之", "负",
    "1万", "5千", "3百", "二十", "可给予", "给予", "奖励", "补助", "每人", "（含）",
)


def sentences() -> list[str]:
    """The sentences of the raw documents that hold a digit or a figure's unit."""
    found = []
    for path in sorted(RAW.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for s in re.split(r"(?<=[。；\n])", text):
            if 4 <= len(s) <= 400 and re.search(r"[0-9０-９%％元万亿]", s):
                found.append(s)
    return found


def mutate(text: str, rng: random.Random, most: int = 6) -> str:
    """`text` with one to `most` mutations; a repeat is of a piece next to a digit where
    the text has one (`1万1万1万…`, `万元万元…`): those are the runs that make a
    backtracking pattern slow."""
    for _ in range(rng.randint(1, most)):
        if not text:
            text = rng.choice(INSERTS)
        i = rng.randrange(len(text))
        kind = rng.randrange(6)
        if kind == 0:
            text = text[:i] + text[i + 1:]
        elif kind in (1, 2):
            digits = [m.start() for m in re.finditer(r"[0-9０-９一二三四五六七八九十百千万亿]", text)]
            if kind == 2 and digits:
                i = rng.choice(digits)
            piece = text[i:i + rng.randint(1, 4)]
            text = text[:i] + piece * rng.randint(2, 40) + text[i:]
        elif kind == 3 and i + 1 < len(text):
            text = text[:i] + text[i + 1] + text[i] + text[i + 2:]
        else:
            text = text[:i] + rng.choice(INSERTS) * rng.choice((1, 1, 1, 2, 30)) + text[i:]
    return text


def cases(n: int, seed: int = 0) -> list[str]:
    """`n` damaged documents, each of one to forty sentences (in the order drawn), with
    one to six mutations and three more for every ten sentences."""
    rng = random.Random(seed)
    pool = sentences()
    texts = []
    for _ in range(n):
        k = rng.randint(1, 40)
        texts.append(mutate("".join(rng.sample(pool, k)), rng, most=6 + 3 * (k // 10)))
    return texts
