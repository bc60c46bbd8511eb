"""A large corpus made from the documents in data/raw/, for the benchmark.

Each generated document is one of the raw documents varied, so that no two are alike
and the cache cannot shortcut the work: its figures are changed (digits redrawn, the
same number of them, so a figure stays a figure), its place names swapped for others,
and the bodies of its clauses shuffled among the clauses of the same kind (the markers
stay in order, so the clause tree keeps its shape). One document in ten is written in
GB18030 and one in twenty is Markdown, as real collections mix them. Documents go into
sub-folders of a thousand, like an archive would hold them.

Run: `python bench/corpus.py N [--out DIR]`; `bench/run.py` calls `make_corpus`.
"""
from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RAW = REPO / "data" / "raw"
OUT = REPO / "bench" / "out"
GENERATOR = "corpus v2"     # written into the stamp; change it when the variations change
PER_FOLDER = 1000

# places named in the raw documents → the places put in their stead
PLACES = ("焦作", "许昌", "北京", "海淀", "上海", "临港", "东莞", "中山", "浦东")
PROVINCES = ("河南", "广东")
OTHER_PROVINCES = ("湖北", "湖南", "江西", "安徽", "山东", "河北", "四川", "福建", "浙江", "江苏")
OTHER_PLACES = ("洛阳", "开封", "南阳", "苏州", "无锡", "宁波", "温州", "佛山", "珠海", "惠州",
                "绵阳", "宜昌", "襄阳", "株洲", "赣州", "泉州", "潍坊", "烟台", "保定", "唐山",
                "大同", "包头", "柳州", "桂林", "遵义", "曲靖", "天水", "西宁", "银川", "昌吉")
PLACE_RE = re.compile("|".join(PLACES + PROVINCES))
# a run of digits that is a figure: not a year (2022年), not part of a 文号 (〔2022〕17号),
# not a clause number at the start of a line
FIGURE_RE = re.compile(r"(?<![\d〔\[［.．])(?<!^)\d+(?![\d年〕\]］号])", re.M)
# a clause marker at the start of a line (the same families segmentation knows)
MARKER_RE = re.compile(r"^[ \u3000]*(第[一二三四五六七八九十百\d]+[章节条]|[一二三四五六七八九十]+、|"
                       r"[（(][一二三四五六七八九十]+[）)]|\d{1,3}[.．、](?!\d)|[（(]\d{1,3}[）)])")


def redraw(match: re.Match, rng: random.Random) -> str:
    digits = match.group()
    if len(digits) == 1:
        return str(rng.randint(1, 9))
    return str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in digits[1:])


def shuffle_clauses(text: str, rng: random.Random) -> str:
    """Swap the bodies of clauses whose markers are of the same kind."""
    lines = text.split("\n")
    blocks: list[list[str]] = [[]]          # blocks[0]: the text before the first clause
    markers: list[tuple[str, str]] = []     # (kind, marker as written) of blocks[1:]
    for line in lines:
        m = MARKER_RE.match(line)
        if m:
            written = m.group()
            kind = re.sub(r"[一二三四五六七八九十百\d]+", "N", written.strip())
            markers.append((kind, written))
            blocks.append([line[m.end():]])
        else:
            blocks[-1].append(line)
    by_kind: dict[str, list[int]] = {}
    for i, (kind, _) in enumerate(markers):
        by_kind.setdefault(kind, []).append(i)
    bodies = blocks[1:]
    shuffled = list(bodies)
    for indices in by_kind.values():
        order = indices[:]
        rng.shuffle(order)
        for target, source in zip(indices, order):
            shuffled[target] = bodies[source]
    out = list(blocks[0])
    for (_, written), body in zip(markers, shuffled):
        out.append(written + body[0])
        out.extend(body[1:])
    return "\n".join(out)


def vary(text: str, rng: random.Random) -> str:
    swap = {p: rng.choice(OTHER_PLACES) for p in PLACES}
    swap.update({p: rng.choice(OTHER_PROVINCES) for p in PROVINCES})
    text = PLACE_RE.sub(lambda m: swap[m.group()], text)
    text = FIGURE_RE.sub(lambda m: redraw(m, rng), text)
    return shuffle_clauses(text, rng)


def make_corpus(n: int, folder: Path, seed: int = 0) -> tuple[int, int]:
    """`n` documents under `folder` (made once; reused while the stamp matches).
    Returns (documents, bytes)."""
    stamp = folder / ".corpus"
    expected = f"{GENERATOR} n={n} seed={seed}"
    if stamp.exists() and stamp.read_text().split("\n")[0] == expected:
        return n, int(stamp.read_text().split("\n")[1])
    if folder.exists():
        shutil.rmtree(folder)
    sources = [(p.stem, p.read_text(encoding="utf-8")) for p in sorted(RAW.glob("*.txt"))]
    total = 0
    for i in range(n):
        rng = random.Random(seed * 1_000_003 + i)
        stem, text = sources[i % len(sources)]
        text = vary(text, rng)
        suffix = ".md" if i % 20 == 7 else ".txt"
        encoding = "gb18030" if i % 10 == 3 else "utf-8"
        path = folder / f"{i // PER_FOLDER:04d}" / f"{i:07d}_{stem[:24]}{suffix}"
        path.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode(encoding, errors="replace")
        path.write_bytes(data)
        total += len(data)
    stamp.write_text(f"{expected}\n{total}\n")
    return n, total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of documents")
    parser.add_argument("--out", type=Path, default=None, help="folder (default bench/out/corpus-N)")
    args = parser.parse_args()
    folder = args.out or OUT / f"corpus-{args.n}"
    n, size = make_corpus(args.n, folder)
    print(f"{folder}: {n} documents, {size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
