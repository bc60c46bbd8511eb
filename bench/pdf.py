"""Pages per second of each PDF engine on a long Chinese PDF.

The PDF (every text in data/raw/ laid out as an official document, ≥50 pages, with an
embedded CJK font) is made once under bench/out/ by the same builder the reader tests
use. Run: `python bench/pdf.py [--repeat N]` (`make bench`).
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.read.make_inputs import RAW, Paragraph, Source, font_file, load_source, render_pdf  # noqa: E402

from pipeline.read.pdf import ENGINES, read_pdf  # noqa: E402

OUT = REPO / "bench" / "out"
MIN_PAGES = 50


def bench_pdf() -> tuple[Path, int]:
    path = OUT / "bench.pdf"
    sources = [load_source(p.name) for p in sorted(RAW.glob("*.txt"))]
    combined = Source("bench", [para for s in sources for para in s.paragraphs])
    pages = render_pdf(combined, path, header="政策文件汇编").pages
    while len(pages) < MIN_PAGES:
        combined.paragraphs += [Paragraph(list(p.parts), p.role) for p in combined.paragraphs]
        pages = render_pdf(combined, path, header="政策文件汇编").pages
    return path, len(pages)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per engine (best is kept)")
    args = parser.parse_args()
    if font_file() is None:
        print("no CJK TrueType font: run scripts/install-system-deps.sh", file=sys.stderr)
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    path, pages = bench_pdf()
    data = path.read_bytes()
    print(f"{path.relative_to(REPO)}: {pages} pages, {len(data) / 1e6:.1f} MB; {os.cpu_count()} cores")
    for engine in ENGINES:
        best = float("inf")
        for _ in range(args.repeat):
            start = time.perf_counter()
            read_pdf(data, path, engine=engine)
            best = min(best, time.perf_counter() - start)
        print(f"{engine:>10}: {pages / best:8.1f} pages/s ({best:.2f} s for {pages} pages)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
