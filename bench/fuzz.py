"""Mutation fuzz of the whole processing: no document may take a second.

Runs `pipeline.process.process_file` (reading, cleaning, segmenting, every extractor)
on policy documents (one to forty real sentences) damaged the way conversions damage text
(`tests/robustness/mutations.py`), each as a plain-text document, and reports the
slowest cases. Exits non-zero when a case takes longer than the limit or raises
(a `ReadError`, the reader's clear refusal, is an answer, not a failure).

Run: `python bench/fuzz.py [--cases 5000] [--seed 0] [--limit 1.0]`.
"""
from __future__ import annotations

import argparse
import signal
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline.process import process_file  # noqa: E402
from pipeline.read import ReadError  # noqa: E402
from tests.robustness.mutations import cases  # noqa: E402


class Abandoned(Exception):
    """A case stopped after `ABANDON` seconds (one that backtracks could run for hours)."""


ABANDON = 10


def _abandon(signum, frame):
    raise Abandoned


def timed(text: str) -> float:
    """Seconds the whole processing of `text` as a .txt document takes (a snippet the
    reader refuses, with no Chinese left in it, is processed too: it is an answer);
    `ABANDON` for a case stopped at that time."""
    signal.signal(signal.SIGALRM, _abandon)
    signal.alarm(ABANDON)
    start = time.perf_counter()
    try:
        process_file(Path("fuzz.txt"), "fuzz", "fuzz.txt", data=text.encode("utf-8"))
    except ReadError:
        pass
    except Abandoned:
        return float(ABANDON)
    finally:
        signal.alarm(0)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--limit", type=float, default=1.0, help="seconds a case may take")
    args = parser.parse_args()
    texts = cases(args.cases, args.seed)
    times = sorted(((timed(t), t) for t in texts), reverse=True)
    slow = [(s, t) for s, t in times if s > args.limit]
    print(f"{len(texts)} cases (seed {args.seed}): slowest {times[0][0]:.3f} s, "
          f"median {times[len(times) // 2][0] * 1000:.1f} ms, over {args.limit} s: {len(slow)}")
    for seconds, text in times[:5]:
        print(f"  {seconds:.3f} s  {text[:80]!r}")
    sys.exit(1 if slow else 0)


if __name__ == "__main__":
    main()
