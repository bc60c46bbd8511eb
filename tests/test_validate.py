"""The validator itself: a wrong fixture must score below 1, and the CLI must fail."""

import yaml

from pipeline.cli import main
from pipeline.validate import load_fixture, totals, validate
from tests.conftest import FIXTURES, RAW

SEED = "000_3d6e5cfce5c82a4b"


def fixture_dir(tmp_path, change):
    folder = tmp_path / "fixtures"
    folder.mkdir()
    fixture = load_fixture(FIXTURES / f"{SEED}.yaml")
    change(fixture)
    (folder / f"{SEED}.yaml").write_text(yaml.safe_dump(fixture, allow_unicode=True), encoding="utf-8")
    return folder


def test_a_wrong_value_is_one_miss_and_one_spurious_row(tmp_path):
    def change(f):
        f["amounts"][0]["value"] = 1
    scores = validate(fixture_dir(tmp_path, change), RAW)[SEED]["amounts"]
    assert (scores.fn, scores.fp) == (1, 1)
    assert scores.missed and scores.spurious


def test_a_wrong_qualifier_is_reported_with_what_the_pipeline_has(tmp_path):
    def change(f):
        f["amounts"][0]["qualifier"] = "range"
    scores = validate(fixture_dir(tmp_path, change), RAW)[SEED]["amounts"]
    assert scores.fn == 1
    assert "pipeline has qualifier" in scores.missed[0]


def test_a_key_left_out_is_not_checked(tmp_path):
    def change(f):
        for entry in f["units"]:
            entry.pop("position", None)
    assert totals(validate(fixture_dir(tmp_path, change), RAW))["units"].f1 == 1.0


def test_missing_entries_lower_recall(tmp_path):
    def change(f):
        f["clauses"].append({"id": "九/99", "heading": "不存在"})
    score = validate(fixture_dir(tmp_path, change), RAW)[SEED]["clauses"]
    assert score.recall < 1.0 and score.precision == 1.0


def test_cli_exit_code_follows_the_threshold(tmp_path, capsys):
    def change(f):
        for entry in f["percentages"]:
            entry["value"] = -1
    folder = fixture_dir(tmp_path, change)
    assert main(["validate", "--fixtures", str(folder), "--raw", str(RAW), "--min-f1", "0.98"]) == 1
    assert main(["validate", "--fixtures", str(folder), "--raw", str(RAW)]) == 0
    assert "MISSED" in capsys.readouterr().out


def test_all_fixtures_are_parseable_and_complete():
    for path in FIXTURES.glob("*.yaml"):
        fixture = load_fixture(path)
        assert (RAW / f"{fixture['doc_id']}.txt").exists() or list(RAW.glob(f"{fixture['doc_id']}.*"))
        for key in ("document", "clauses", "amounts", "percentages", "units", "references"):
            assert key in fixture, (path.name, key)
        ids = [c["id"] for c in fixture["clauses"]]
        assert len(ids) == len(set(ids)), path.name
