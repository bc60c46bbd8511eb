"""Every pattern that runs on document text runs in time linear in its input.

Each extractor (and cleaning, segmentation and a document's whole processing) reads
texts that repeat a piece 10, 100, 1,000 and 10,000 times: `1万` before `%`, before
`元` and before nothing (what kept the percentage reader busy for minutes before its
numeral pattern was rewritten), and sentences holding the examples of SPEC sections
3-4. The time per character (the fastest of a few runs) may differ by a factor of 3
at most across the sizes whose run takes long enough to measure; a single run of more
than 10 s fails at once.

A failure names the module whose patterns backtrack; see the docstrings of
`pipeline/extract/numerals.py` and `bounds.py` for how theirs were made linear.
"""
from __future__ import annotations

import signal
import time

import pytest

from pipeline.clean import clean
from pipeline.extract.amounts import extract_amounts
from pipeline.extract.metadata import extract_metadata
from pipeline.extract.percentages import extract_percentages
from pipeline.extract.references import extract_references
from pipeline.extract.units import extract_units
from pipeline.process import extract_text
from pipeline.segment import segment

EXTRACTORS = {
    "amounts": extract_amounts,
    "percentages": extract_percentages,
    "units": extract_units,
    "references": extract_references,
    "metadata": lambda text: extract_metadata(text, len(text)),
    "segment": segment,
    "clean": clean,
    "process": lambda text: extract_text(clean(text).text),
}
# SPEC 3-4's examples, one sentence
SPEC_EXAMPLES = (
    "最高可给予150万元，单户担保金额500万元以上，中级工每人每年 5000 元，不低于 80 万元，"
    "给予最高不超过 100 万元的奖励，年产值达到500—2000万元，年营业收入超亿元；每人每月1 0 0 0元，"
    "四五千元、两三万元、三五百万元、八九亿元、十几万元、几十万元、数百万元，产值首次突破亿元，"
    "额度上限（30万元），补贴比例最高为企业实际支出的50%，分别不少于60万元、40万元、5万元，"
    "10（含）-15（不含）万元，15（含）万元-25（不含）万元，负1200万元，人民币1万元，"
    "给予三分之一的补助，五分之一，3分之1，降至1%以下，30%以上，不低于60%，报价6%—10%，"
    "百分之二十，5‰，千分之五，万分之一，三成，八折，2个百分点，（4801元/人月×60%×20%）×30%=248.8元/人月。\n"
)
PIECES = {"1万 before %": ("一、比例为", "1万", "%。"), "1万 before 元": ("一、比例为", "1万", "元。"),
          "1万 alone": ("一、比例为", "1万", "。"), "SPEC examples": ("一、", SPEC_EXAMPLES, "")}
REPEATS = (10, 100, 1000, 10000)
MEASURABLE = 0.003      # seconds: shorter runs are mostly the call's own overhead
MAX_RATIO = 3.0


class TooSlow(Exception):
    pass


def _alarm(signum, frame):
    raise TooSlow


def fastest(extract, text: str, runs: int = 3) -> float:
    signal.signal(signal.SIGALRM, _alarm)
    best = float("inf")
    try:
        for _ in range(runs):
            signal.alarm(10)
            start = time.perf_counter()
            extract(text)
            best = min(best, time.perf_counter() - start)
            signal.alarm(0)
    finally:
        signal.alarm(0)
    return best


@pytest.mark.parametrize("piece", PIECES)
@pytest.mark.parametrize("name", EXTRACTORS)
def test_time_per_character_stays_flat(name, piece):
    before, repeated, after = PIECES[piece]
    repeats = REPEATS if len(repeated) < 10 else REPEATS[:3]   # the examples are long
    per_char = {}
    for n in repeats:
        text = before + repeated * n + after
        try:
            seconds = fastest(EXTRACTORS[name], text)
        except TooSlow:
            pytest.fail(f"{name} on {piece} x{n} ({len(text)} characters) takes over 10 s")
        if seconds >= MEASURABLE:
            per_char[n] = seconds / len(text)
    if len(per_char) >= 2:
        ratio = max(per_char.values()) / min(per_char.values())
        assert ratio <= MAX_RATIO, (
            f"{name} on {piece}: time per character varies {ratio:.1f}x across sizes "
            + ", ".join(f"x{n}: {t * 1e6:.2f} µs" for n, t in per_char.items()))
