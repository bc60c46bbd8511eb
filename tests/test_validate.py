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


def test_a_wrong_role_keeps_the_match_and_is_listed_with_its_sentence(tmp_path):
    def change(f):
        for entry in f["amounts"]:
            entry["role"] = "fine"
    scores = validate(fixture_dir(tmp_path, change), RAW)[SEED]["amounts"]
    assert scores.fn == 0 and scores.fp == 0
    assert scores.roles == scores.tp and scores.roles_agree == 0
    assert len(scores.disagreements) == scores.roles
    assert any("最高可给予【150万元】的创业担保贷款" in d for d in scores.disagreements)


def test_an_instrument_is_scored_on_benefits_only(tmp_path):
    def change(f):
        for entry in f["amounts"]:
            if entry["span"] == "150万元":
                entry.update(role="benefit", instrument="贷款")
            else:
                entry.update(role="other", instrument="奖励")    # no benefit: not scored
    scores = validate(fixture_dir(tmp_path, change), RAW)[SEED]["amounts"]
    assert scores.instruments == 1 and scores.instruments_agree == 1


def test_entries_without_a_role_are_not_scored(tmp_path):
    def change(f):
        for entry in f["amounts"] + f["percentages"]:
            entry.pop("role", None)
            entry.pop("instrument", None)
    scores = validate(fixture_dir(tmp_path, change), RAW)[SEED]
    assert scores["amounts"].roles == scores["percentages"].roles == 0


def test_the_report_prints_role_agreement_per_document(tmp_path, capsys):
    def change(f):
        for entry in f["percentages"]:
            entry["role"] = "target"
    folder = fixture_dir(tmp_path, change)
    main(["validate", "--fixtures", str(folder), "--raw", str(RAW)])
    out = capsys.readouterr().out
    assert "ALL figures" in out and f"ROLE     {SEED} percentages" in out
