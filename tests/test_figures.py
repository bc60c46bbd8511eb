"""The figures table: one row per amount and percentage, readable without a lookup."""
import csv
import datetime as dt

import pandas as pd
import pytest
from openpyxl import load_workbook

from pipeline.build import build
from pipeline.figures import FIGURE_COLUMNS, figure_rows
from pipeline.process import process_file
from tests.conftest import RAW

SEED = "000_3d6e5cfce5c82a4b"
# the seed's limits a firm must be under or over (授信, 担保金额, 月销售额), not benefits
NOT_BENEFITS = ("1000万元", "500万元", "15万元")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    raw = tmp_path_factory.mktemp("raw")
    for name in (f"{SEED}.txt", "004_7ada625db814d714.txt"):
        (raw / name).write_bytes((RAW / name).read_bytes())
    out = tmp_path_factory.mktemp("out")
    build(raw, out, workers=1, progress=False)
    return out


def test_one_row_per_amount_and_percentage_in_text_order():
    doc = process_file(RAW / f"{SEED}.txt", SEED, f"{SEED}.txt")
    rows = [dict(zip([c for c, _ in FIGURE_COLUMNS], r)) for r in figure_rows(doc)]
    assert len(rows) == len(doc.amounts) + len(doc.percentages)
    assert [r["start"] for r in rows] == sorted(r["start"] for r in rows)
    for r in rows:
        assert doc.text[r["start"]:r["end"]] == r["span"]
        assert r["sentence"] == doc.text[r["sentence_start"]:r["sentence_end"]]
        assert r["sentence_start"] <= r["start"] < r["end"] <= r["sentence_end"]
        assert "。" not in r["sentence"]
        assert r["title"] == doc.meta.title and r["date"] == doc.meta.printed_date


def test_heading_is_the_nearest_on_the_clause_s_path():
    doc = process_file(RAW / "004_7ada625db814d714.txt", "004", "004.txt")
    clauses = {c.clause_id: c for c in doc.clauses}
    for r in figure_rows(doc):
        clause = clauses.get(r[5])
        while clause is not None and not clause.heading:
            clause = clauses.get(clause.parent_id)
        assert r[6] == (clause.heading if clause else "")


def test_units_of_the_clause_are_joined_with_their_role():
    doc = process_file(RAW / f"{SEED}.txt", SEED, f"{SEED}.txt")
    names = {}
    for cid, u in doc.units:
        names.setdefault(cid, []).append(u.name)
    for r in figure_rows(doc):
        if r[5] in names:
            assert r[-3] == "责任：" + "、".join(dict.fromkeys(names[r[5]]))


def test_the_ceiling_question_is_one_filter(built):
    """"Every subsidy ceiling above 1,000,000 yuan": role = benefit, upper > 1000000."""
    figures = pd.read_csv(built / "figures.csv", encoding="utf-8-sig")
    answer = figures[(figures["role"] == "benefit") & (figures["upper"] > 1_000_000)]
    assert len(answer)
    assert (answer["kind"] == "amount").all()
    assert not answer["span"].isin(NOT_BENEFITS).any()
    assert answer["instrument"].str.len().gt(0).all()
    assert "150万元" in set(answer["span"])


def test_figures_csv_has_a_bom_and_the_columns_in_order(built):
    assert (built / "figures.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    with open(built / "figures.csv", encoding="utf-8-sig", newline="") as f:
        assert next(csv.reader(f)) == [c for c, _ in FIGURE_COLUMNS]
    assert list(pd.read_parquet(built / "figures.parquet").columns) == [c for c, _ in FIGURE_COLUMNS]


def test_figures_is_the_workbook_s_first_sheet_with_readable_numbers(built):
    book = load_workbook(built / "policy_tables.xlsx")
    sheet = book.worksheets[0]
    assert sheet.title == "figures" and sheet.freeze_panes == "A2" and sheet.auto_filter.ref
    header = [c.value for c in sheet[1]]
    seen = set()
    for row in sheet.iter_rows(min_row=2):
        kind, value, date = (row[header.index(n)] for n in ("kind", "value", "date"))
        assert isinstance(date.value, dt.datetime) and date.is_date
        if value.value is None:
            continue
        seen.add(kind.value)
        if kind.value == "amount":
            assert value.number_format.startswith("#,##0"), value.number_format
        else:
            assert value.number_format.endswith('"%"'), value.number_format
    assert seen == {"amount", "percentage"}


def test_show_prints_each_figure_s_role_and_instrument(capsys):
    from pipeline.cli import main

    assert main(["show", str(RAW / f"{SEED}.txt")]) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if line.strip().startswith(("¥", "%"))]
    assert lines and all(" = " in line for line in lines)
    assert any("150万元" in line and line.endswith("= benefit 贷款") for line in lines)
