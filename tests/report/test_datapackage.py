"""datapackage.json describes every CSV, and the tables written validate against it."""
import json

import frictionless

from pipeline.datapackage import write_datapackage
from pipeline.fields import columns, words
from pipeline.tables import COLUMNS


def test_package_describes_every_table(built):
    package = json.loads((built / "datapackage.json").read_text(encoding="utf-8"))
    resources = {r["name"]: r for r in package["resources"]}
    assert set(resources) == set(COLUMNS)
    for table, resource in resources.items():
        fields = resource["schema"]["fields"]
        assert [f["name"] for f in fields] == [c for c, _ in COLUMNS[table]]
        assert all(f["title"] and f["description"] == words(table, f["name"])[1] for f in fields)
    types = {f["name"]: f["type"] for f in resources["documents"]["schema"]["fields"]}
    assert types["printed_date"] == "date" and types["n_clauses"] == "integer" and types["ocr"] == "boolean"
    assert resources["documents"]["schema"]["primaryKey"] == ["doc_id"]
    assert resources["clauses"]["schema"]["primaryKey"] == ["doc_id", "clause_id"]
    assert resources["amounts"]["schema"]["foreignKeys"][0]["reference"] == {"resource": "documents",
                                                                             "fields": ["doc_id"]}
    assert [c for c, k in columns("amounts") if k == "float"] == ["value", "lower", "upper"]


def test_tables_validate_against_the_package(built):
    report = frictionless.validate(str(built / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "message"])[:10]
    rows = {task.name: task.stats.get("rows", 0) for task in report.tasks}
    assert rows["amounts"] == len((built / "amounts.csv").read_text(encoding="utf-8-sig").splitlines()) - 1


def test_a_wrong_cell_fails_validation(built, tmp_path):
    """The validation reads the cells: a number that is not one is caught."""
    for path in built.glob("*.csv"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    lines = (tmp_path / "amounts.csv").read_text(encoding="utf-8-sig").splitlines(keepends=True)
    cells = lines[1].split(",")
    cells[3] = "一百五十万"             # value
    lines[1] = ",".join(cells)
    (tmp_path / "amounts.csv").write_text("".join(lines), encoding="utf-8-sig")
    write_datapackage(tmp_path)
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert not report.valid
    assert any(e.type == "type-error" for task in report.tasks for e in task.errors)
