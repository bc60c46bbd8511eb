"""The short version of `make fuzz`: a few hundred damaged policy snippets, each one's
whole processing (reading included) done in under a second."""
from __future__ import annotations

import time
from pathlib import Path

from pipeline.process import process_file
from pipeline.read import ReadError
from tests.robustness.mutations import cases

LIMIT = 1.0


def test_damaged_snippets_are_processed_quickly():
    slow = []
    for text in cases(300, seed=20261203):
        start = time.perf_counter()
        try:
            process_file(Path("fuzz.txt"), "fuzz", "fuzz.txt", data=text.encode("utf-8"))
        except ReadError:
            pass                               # no Chinese left: refused, with a reason
        seconds = time.perf_counter() - start
        if seconds > LIMIT:
            slow.append((round(seconds, 2), text[:60]))
    assert not slow
