"""Every pattern that runs on document text runs in time linear in its input.

Each extractor (and cleaning, segmentation and a document's whole processing) reads
texts that repeat a piece 10, 100, 1,000 and 10,000 times: `1万` before `%`, before
`元` and before nothing (what kept the percentage reader busy for minutes before its
numeral pattern was rewritten), the pieces other patterns repeat (brackets, list
items, markers, 文号 years), and sentences holding the examples of SPEC sections 1-6
(30, 100 and 300 times: they are long). The time per character (the fastest of three
calls, each from empty memo caches, the garbage collector paused) may grow by a factor of 3 at most across the sizes
of 1,000 characters or more whose call takes 5 ms or more, where a call's own overhead
does not dominate (100,000 times, or 3,000 for the examples, where fewer than two sizes
take that long); a single call of more than 10 s fails at once. A measure over the
limit is taken again twice before the test fails (the machine may be busy).

A failure names the module whose patterns backtrack; see the docstrings of
`pipeline/extract/numerals.py` and `bounds.py` for how theirs were made linear.
"""
from __future__ import annotations

import gc
import signal
import sys
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
# SPEC 1, 2, 5 and 6's examples: fields, markers, unit lists, references
SPEC_OTHER_EXAMPLES = (
    "温岭市人民政府文件温政发〔2020〕57号温岭市人民政府关于印发若干意见的通知各镇人民政府，：\n"
    "【发布部门】国务院【发文字号】国发〔2020〕1号【发布日期】2020.01.01\n"
    "一、 （一） 第 2 条 1．1﹒（1）第 1 0 条 1.80周岁及以上的 按第3条执行。（二）一、二类新药\n"
    "（责任单位：市人力资源社会保障局、金融工作局、市财政\n\n局〔国资委〕、各县〔市、区〕人民政府等部门）"
    "（省商务厅牵头，省发展改革委、省财政厅配合）（国家发展改革委牵头，各地区、各有关部门按职责分工负责）\n"
    "《河南省人民政府办公厅关于印发中小企业纾困帮扶政策措施的通知》（豫政办〔2021〕76号）"
    "按照国科发火〔2016〕32号文件，国发[2016]3号，国发(2016)4号。\n"
)
PIECES = {"1万 before %": ("一、比例为", "1万", "%。"), "1万 before 元": ("一、比例为", "1万", "元。"),
          "1万 alone": ("一、比例为", "1万", "。"), "SPEC 3-4 examples": ("一、", SPEC_EXAMPLES, ""),
          "SPEC 1-2, 5-6 examples": ("", SPEC_OTHER_EXAMPLES, ""),
          "open brackets": ("（责任单位：", "（", "）"), "list items": ("（责任单位：", "市财政局、", "）"),
          "markers": ("", "一、（一）1.", "\n"), "document numbers": ("《通知》", "〔2021〕", "76号"),
          "dots in a list item": ("（责任单位：市财政局", "．", "x）"), "dashes on a line": ("", "-", "x\n"),
          "table cells under a header": ("统筹基金最高支付限额\n", "1\n病种\n200元/月\n", "")}
REPEATS = (10, 100, 1000, 10000)
MORE = 100000           # a further size for the fast readers, whose 10,000 is too quick
COMPARED = 1000         # characters: below that, a call's own overhead dominates its time
MEASURABLE = 0.005      # seconds: a shorter call's time is mostly noise
MAX_RATIO = 3.0


class TooSlow(Exception):
    pass


def _alarm(signum, frame):
    raise TooSlow


def _memo_caches() -> list:
    """The pipeline's memo caches (`lru_cache` of more than one entry; a cache of one
    holds a resource, a dictionary or a tokenizer, not answers)."""
    caches = []
    for name, module in list(sys.modules.items()):
        if name.startswith("pipeline"):
            for value in vars(module).values():
                parameters = getattr(value, "cache_parameters", None)
                if parameters and parameters()["maxsize"] != 1:
                    caches.append(value)
    return caches


MEMO_CACHES = _memo_caches()


def clear_caches() -> None:
    """Empty the memo caches, so that a repeated call is timed doing its work again,
    not looking up its last answer."""
    for cache in MEMO_CACHES:
        cache.cache_clear()


def seconds_per_call(extract, text: str, runs: int = 3) -> float:
    """The fastest of `runs` calls, each from empty memo caches, with the garbage
    collector paused: its passes over every live object grow with the number of rows
    a call makes (100,000 units), which is no pattern's doing."""
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(10)
    try:
        best = float("inf")
        for _ in range(runs):
            clear_caches()
            gc.collect()
            gc.disable()
            start = time.perf_counter()
            extract(text)
            best = min(best, time.perf_counter() - start)
            gc.enable()
        return best
    finally:
        gc.enable()
        signal.alarm(0)


def cases():
    for name in EXTRACTORS:
        for piece in PIECES:
            yield pytest.param(name, piece, id=f"{name}-{piece}")


def per_character(name: str, piece: str) -> dict[int, float]:
    """Seconds per character of `name` on `piece` repeated, at each size that is long
    enough to compare (a further, larger size where fewer than two are)."""
    before, repeated, after = PIECES[piece]
    repeats = REPEATS if len(repeated) < 20 else (30, 100, 300)   # the examples are long
    per_char = {}
    for n in (*repeats, MORE if len(repeated) < 20 else 3000):
        if n not in repeats and len(per_char) >= 2:
            break
        text = before + repeated * n + after
        try:
            seconds = seconds_per_call(EXTRACTORS[name], text)
        except TooSlow:
            pytest.fail(f"{name} on {piece} x{n} ({len(text)} characters) takes over 10 s")
        if len(text) >= COMPARED and seconds >= MEASURABLE:
            per_char[n] = seconds / len(text)
    return per_char


def growth(per_char: dict[int, float]) -> float:
    """The largest factor by which the time per character grows from a size to a larger
    one (a time that falls with size is the call's overhead, not a pattern's cost)."""
    sizes = sorted(per_char)
    return max((per_char[b] / per_char[a] for i, a in enumerate(sizes) for b in sizes[i + 1:]),
               default=1.0)


@pytest.mark.parametrize("name, piece", list(cases()))
def test_time_per_character_stays_flat(name, piece):
    per_char = per_character(name, piece)
    for _ in range(2):              # on a shared machine, measure again before failing
        if growth(per_char) <= MAX_RATIO:
            break
        again = per_character(name, piece)
        per_char = {n: min(t, again.get(n, t)) for n, t in per_char.items()}
    ratio = growth(per_char)
    assert ratio <= MAX_RATIO, (
        f"{name} on {piece}: time per character grows {ratio:.1f}x across sizes "
        + ", ".join(f"x{n}: {t * 1e6:.2f} µs" for n, t in per_char.items()))
