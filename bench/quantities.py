"""Throughput of the number reading: amounts and percentages, one core.

Builds a long policy-like corpus from the documents in data/raw (each repeated until
the whole is at least 20 MB of UTF-8), runs `extract_amounts` and
`extract_percentages` over every document as the pipeline does, and prints MB of
UTF-8 text per second for each and for both together. The time is the process's CPU
time, so the figure is one core's throughput even on a busy machine.

Run: `python bench/quantities.py [--mb 20]`.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline.extract.amounts import extract_amounts  # noqa: E402
from pipeline.extract.percentages import extract_percentages  # noqa: E402

RAW = REPO / "data" / "raw"


def corpus(megabytes: float) -> list[str]:
    """The raw documents, repeated in turn until they hold `megabytes` MB of UTF-8."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(RAW.glob("*.txt"))]
    if not texts:
        sys.exit(f"no documents in {RAW}")
    docs, size, target = [], 0, megabytes * 1e6
    while size < target:
        for text in texts:
            docs.append(text)
            size += len(text.encode("utf-8"))
    return docs


def rate(extract, docs: list[str], megabytes: float) -> tuple[float, int]:
    """MB/s and the number of mentions found."""
    start = time.process_time()
    found = sum(len(extract(d)) for d in docs)
    return megabytes / (time.process_time() - start), found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=20.0, help="corpus size in MB (default 20)")
    args = parser.parse_args()
    docs = corpus(args.mb)
    megabytes = sum(len(d.encode("utf-8")) for d in docs) / 1e6
    print(f"corpus: {len(docs)} documents, {megabytes:.1f} MB of UTF-8")
    amounts, n_amounts = rate(extract_amounts, docs, megabytes)
    print(f"amounts:      {amounts:6.1f} MB/s  ({n_amounts} mentions)")
    percentages, n_percentages = rate(extract_percentages, docs, megabytes)
    print(f"percentages:  {percentages:6.1f} MB/s  ({n_percentages} mentions)")
    both, _ = rate(lambda d: extract_amounts(d) + extract_percentages(d), docs, megabytes)
    print(f"both:         {both:6.1f} MB/s")


if __name__ == "__main__":
    main()
