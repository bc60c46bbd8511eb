"""Every hand-labelled fixture, scored: each table at F1 ≥ 0.98 over all of them."""
import pytest

from pipeline.validate import report, totals, validate
from tests.conftest import FIXTURES, RAW

MIN_F1 = 0.98


@pytest.fixture(scope="module")
def results():
    return validate(FIXTURES, RAW)


def test_at_least_seven_documents_are_labelled(results):
    assert {"000_3d6e5cfce5c82a4b", "004_7ada625db814d714"} <= set(results)
    assert len(results) >= 7


@pytest.mark.parametrize("table", ["documents", "clauses", "amounts", "percentages", "units", "references"])
def test_table_f1_over_all_fixtures(results, table):
    score = totals(results)[table]
    assert score.f1 >= MIN_F1, report(results)
