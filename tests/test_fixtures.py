"""Every hand-labelled fixture, scored: each table at F1 ≥ 0.98 over all of them."""
import pytest

from pipeline.validate import agreement, agreement_report, report, share, totals, validate
from tests.conftest import FIXTURES, RAW

MIN_F1 = 0.98
MIN_AGREEMENT = 0.95        # of roles, and of benefits' instruments (SPEC 9)


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


def test_roles_and_instruments_agree_over_the_fixtures_that_carry_them(results):
    figures = agreement(totals(results))
    if not figures.roles:
        pytest.skip("no fixture entry carries a role yet")
    detail = agreement_report(results) + "\n" + "\n".join(
        d for scores in results.values() for table in ("amounts", "percentages")
        for d in (scores[table].disagreements if table in scores else []))
    assert share(figures.roles_agree, figures.roles) >= MIN_AGREEMENT, detail
    assert share(figures.instruments_agree, figures.instruments) >= MIN_AGREEMENT, detail
