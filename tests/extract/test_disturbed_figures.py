"""A figure damaged the way conversions damage it comes back with its value, or not at
all — never with another value (SPEC 3: a wrong number is the worst error).

Every amount and percentage labelled in the fixtures (tests/fixtures/*.yaml) is found
in its document's cleaned text and written again with the debris PDF, Word and web
conversions leave: digits spaced out one by one, full-width digits, a line break inside
the figure, a page number on its own line next to it. The extractor, run on the
document so changed, may find the figure with its labelled value (a range with its two
ends) or miss it; any figure it reports over the changed place with another value fails
the test.
"""
from __future__ import annotations

from functools import lru_cache

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from pipeline.clean import clean
from pipeline.extract.amounts import extract_amounts
from pipeline.extract.percentages import extract_percentages
from tests.conftest import FIXTURES, RAW

EXTRACT = {"amounts": extract_amounts, "percentages": extract_percentages}
ARABIC = "0123456789"
FULL_WIDTH = str.maketrans(ARABIC + ".,%", "０１２３４５６７８９．，％")
PAGE_NUMBERS = ("\n3\n", "\n- 12 -\n", "\n—3—\n", "\n第 2 页\n", "\n3 \n")


@lru_cache(maxsize=None)
def cleaned(doc_id: str) -> str:
    return clean((RAW / f"{doc_id}.txt").read_text(encoding="utf-8")).text


def labelled_figures() -> list[tuple[str, str, int, str, float | None, float | None, float | None]]:
    """(table, doc_id, offset, span, value, lower, upper) of every labelled figure whose
    span the extractor finds at a place in the cleaned text with its labelled value."""
    figures = []
    for path in sorted(FIXTURES.glob("*.yaml")):
        fixture = yaml.safe_load(path.read_text(encoding="utf-8"))
        doc_id = fixture["doc_id"]
        if not (RAW / f"{doc_id}.txt").exists():
            continue
        text = cleaned(doc_id)
        for table in EXTRACT:
            found = {(m.start, m.span): m for m in EXTRACT[table](text)}
            for item in fixture.get(table) or []:
                span = item.get("span")
                if not span:
                    continue
                for (start, written), m in found.items():
                    if written == span and (m.value, m.lower, m.upper) == (
                            item["value"], item["lower"], item["upper"]):
                        figures.append((table, doc_id, start, span, m.value, m.lower, m.upper))
                        break
    return figures


FIGURES = labelled_figures()


def test_the_fixtures_give_figures_to_disturb():
    assert len({f[0] for f in FIGURES}) == 2 and len(FIGURES) >= 40


def spaced_digits(span: str, _: int) -> str:
    """Digits spaced out one by one: 1500万元 → 1 5 0 0万元."""
    out = span[0]
    for before, c in zip(span, span[1:]):
        out += (" " if before in ARABIC and c in ARABIC else "") + c
    return out


def full_width(span: str, _: int) -> str:
    return span.translate(FULL_WIDTH)


def line_break_inside(span: str, at: int) -> str:
    cut = 1 + at % (len(span) - 1)
    return span[:cut] + "\n" + span[cut:]


def page_number_before(span: str, at: int) -> str:
    return PAGE_NUMBERS[at % len(PAGE_NUMBERS)] + span


def page_number_after(span: str, at: int) -> str:
    return span + PAGE_NUMBERS[at % len(PAGE_NUMBERS)]


DISTURBANCES = [spaced_digits, full_width, line_break_inside, page_number_before, page_number_after]


def same(a: float | None, b: float | None) -> bool:
    return a is b if a is None or b is None else abs(a - b) <= 1e-9 * max(1.0, abs(a))


def one_end_of(m, value, lower, upper) -> bool:
    """Whether `m` is one end of the labelled range with the bound it sets there (the
    other half broken off: `一\n万元以上三万元以下` still says 三万元以下)."""
    return value is None and (
        (m.qualifier == "min" and same(m.lower, lower) and same(m.value, lower))
        or (m.qualifier == "max" and same(m.upper, upper) and same(m.value, upper)))


@pytest.mark.skipif(not FIGURES, reason="no labelled figure found in the fixtures")
@given(st.sampled_from(FIGURES), st.sampled_from(DISTURBANCES), st.integers(0, 10**6))
def test_a_disturbed_figure_keeps_its_value_or_is_left_out(figure, disturb, at):
    table, doc_id, start, span, value, lower, upper = figure
    text = cleaned(doc_id)
    written = disturb(span, at)
    changed = text[:start] + written + text[start + len(span):]
    end = start + len(written)
    warnings: list[str] = []
    for m in EXTRACT[table](changed, warnings):
        if m.end <= start or m.start >= end:
            continue                                   # another figure of the document
        # the value (a range's two ends) must be the labelled one; the bound a cue sets may
        # be lost where a page number stands between the cue and the figure
        ends = (m.lower, m.upper) if m.value is None else ()
        assert (same(m.value, value) and ends == ((lower, upper) if value is None else ())
                or one_end_of(m, value, lower, upper)), (
            f"{doc_id}: {span!r} written {written!r} read as {m.span!r} "
            f"= {m.value} [{m.lower}, {m.upper}], labelled {value} [{lower}, {upper}]")
