"""The batch end to end: real files in a folder, every table written."""
import csv
import time

import pandas as pd
import pyarrow.parquet as pq
import pytest
from openpyxl import load_workbook

from pipeline.build import build
from pipeline.tables import COLUMNS, TABLES
from pipeline.write import SHEETS

SPEC_COLUMNS = {
    "documents": ["doc_id", "source", "format", "sha256", "title", "issuer", "doc_number",
                  "signed_date", "printed_date", "recipients", "n_clauses", "n_amounts",
                  "n_percentages", "n_units", "warnings"],
    "clauses": ["doc_id", "clause_id", "parent_id", "level", "marker", "heading", "text",
                "start", "end", "page"],
    "amounts": ["doc_id", "clause_id", "span", "value", "lower", "upper", "qualifier", "cue",
                "currency", "per", "start", "end", "role", "instrument"],
    "percentages": ["doc_id", "clause_id", "span", "value", "lower", "upper", "qualifier", "cue",
                    "unit", "start", "end", "role", "instrument"],
    "units": ["doc_id", "clause_id", "role", "name", "raw", "note", "position"],
    "references": ["doc_id", "clause_id", "cited_title", "cited_number", "start", "end"],
}


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def test_every_file_spec_lists_is_written(seed_dir, tmp_path):
    out = tmp_path / "out"
    build(seed_dir, out, workers=1, progress=False)
    for table in TABLES + ["errors"]:
        assert (out / f"{table}.csv").read_bytes().startswith(b"\xef\xbb\xbf"), table
    for table in TABLES:
        assert (out / f"{table}.parquet").exists()
    assert (out / "policy_tables.xlsx").exists()
    assert sorted(p.name for p in (out / "text").iterdir()) == [
        "000_3d6e5cfce5c82a4b.txt", "004_7ada625db814d714.txt"]
    assert not list(out.glob(".*.partial"))


def test_csv_headers_start_with_spec_columns_in_order(seed_dir, tmp_path):
    build(seed_dir, tmp_path / "out", workers=1, progress=False)
    for table, spec in SPEC_COLUMNS.items():
        header = read_csv(tmp_path / "out" / f"{table}.csv")[0]
        assert header[:len(spec)] == spec, table


def test_numbers_are_plain_and_absent_values_empty(seed_dir, tmp_path):
    build(seed_dir, tmp_path / "out", workers=1, progress=False)
    rows = read_csv(tmp_path / "out" / "amounts.csv")
    header, body = rows[0], rows[1:]
    by_span = {r[header.index("span")]: r for r in body}
    row = by_span["150万元"]
    assert row[header.index("value")] == "1500000"
    assert row[header.index("upper")] == "1500000"
    assert row[header.index("lower")] == ""


def test_offsets_point_into_the_written_text(seed_dir, tmp_path):
    out = tmp_path / "out"
    build(seed_dir, out, workers=1, progress=False)
    texts = {p.stem: p.read_text(encoding="utf-8") for p in (out / "text").iterdir()}
    for table, column in (("amounts", "span"), ("percentages", "span"), ("clauses", "text"),
                          ("units", "raw"), ("references", "cited_number")):
        frame = pd.read_csv(out / f"{table}.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
        assert len(frame), table
        for _, r in frame.iterrows():
            piece = texts[r["doc_id"]][int(r["start"]):int(r["end"])]
            if table == "references":
                assert r[column] in piece.replace("[", "〔").replace("]", "〕") or piece
            else:
                assert piece.strip() == r[column].strip(), (table, r[column], piece)


def test_document_counts_add_up(seed_dir, tmp_path):
    out = tmp_path / "out"
    build(seed_dir, out, workers=1, progress=False)
    docs = pd.read_parquet(out / "documents.parquet")
    for table, column in (("clauses", "n_clauses"), ("amounts", "n_amounts"),
                          ("percentages", "n_percentages"), ("units", "n_units")):
        counts = pd.read_parquet(out / f"{table}.parquet").groupby("doc_id").size()
        for _, d in docs.iterrows():
            assert d[column] == counts.get(d["doc_id"], 0), (table, d["doc_id"])


def test_parquet_matches_csv(seed_dir, tmp_path):
    out = tmp_path / "out"
    build(seed_dir, out, workers=1, progress=False)
    for table in TABLES:
        parquet = pq.read_table(out / f"{table}.parquet")
        assert parquet.column_names == [c for c, _ in COLUMNS[table]]
        assert parquet.num_rows == len(read_csv(out / f"{table}.csv")) - 1


def test_workbook_has_a_sheet_per_table_with_frozen_filtered_header(seed_dir, tmp_path):
    out = tmp_path / "out"
    build(seed_dir, out, workers=1, progress=False)
    book = load_workbook(out / "policy_tables.xlsx", read_only=False)
    assert book.sheetnames == SHEETS and SHEETS[0] == "figures" and sorted(SHEETS) == sorted(COLUMNS)
    sheet = book["amounts"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref
    header = [c.value for c in sheet[1]]
    assert header == [c for c, _ in COLUMNS["amounts"]]
    values = [r[header.index("value")] for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert 1500000 in values


def test_bad_inputs_become_error_rows_and_the_batch_goes_on(seed_dir, tmp_path):
    (seed_dir / "empty.txt").write_bytes(b"")
    (seed_dir / "junk.txt").write_bytes(bytes(range(256)) * 40)
    (seed_dir / "latin.txt").write_bytes("nothing Chinese here".encode())
    out = tmp_path / "out"
    summary = build(seed_dir, out, workers=1, progress=False)
    errors = read_csv(out / "errors.csv")
    assert errors[0] == ["source", "reason"]
    reasons = {r[0]: r[1] for r in errors[1:]}
    assert set(reasons) == {"empty.txt", "junk.txt", "latin.txt"}
    assert "empty" in reasons["empty.txt"]
    assert all(reasons.values())
    assert len(summary.errors) == 3
    assert len(read_csv(out / "documents.csv")) == 3   # header + both seeds


def test_gb18030_and_bom_inputs_read_like_utf8(seed_dir, tmp_path):
    text = (seed_dir / "004_7ada625db814d714.txt").read_text(encoding="utf-8")
    (seed_dir / "004_7ada625db814d714.txt").unlink()
    (seed_dir / "gbk.txt").write_bytes(text.encode("gb18030"))
    (seed_dir / "bom.txt").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    out = tmp_path / "out"
    build(seed_dir, out, workers=1, progress=False)
    assert (out / "text" / "gbk.txt").read_text(encoding="utf-8") == \
        (out / "text" / "bom.txt").read_text(encoding="utf-8")
    amounts = pd.read_csv(out / "amounts.csv", encoding="utf-8-sig")
    assert (amounts.doc_id == "gbk").sum() == (amounts.doc_id == "bom").sum() > 0


def test_a_failed_build_leaves_the_previous_tables_whole(seed_dir, tmp_path, monkeypatch):
    out = tmp_path / "out"
    build(seed_dir, out, workers=1, progress=False)
    before = (out / "amounts.csv").read_bytes()

    import pipeline.write as write

    def broken(self, table, rows):
        raise OSError("disk full")

    monkeypatch.setattr(write.TableSink, "add_text", broken)
    try:
        build(seed_dir, out, workers=1, progress=False, force=True)
    except OSError:
        pass
    assert (out / "amounts.csv").read_bytes() == before
    assert not list(out.glob(".*.partial"))


def test_shared_stem_gets_the_extension(tmp_path, seed_dir):
    text = (seed_dir / "004_7ada625db814d714.txt").read_bytes()
    (seed_dir / "same.txt").write_bytes(text)
    (seed_dir / "same.md").write_bytes(text)
    build(seed_dir, tmp_path / "out", workers=1, progress=False)
    docs = pd.read_csv(tmp_path / "out" / "documents.csv", encoding="utf-8-sig")
    assert {"same.txt", "same.md"} <= set(docs.doc_id)


def test_discover_finds_what_rglob_finds_in_the_same_order(tmp_path):
    from collections import Counter

    from pipeline.build import discover
    from pipeline.read import SUPPORTED_SUFFIXES

    raw = tmp_path / "raw"
    for name in ("a/x.txt", "b/x.txt", "a/.hidden/y.md", ".z.txt", "c-d/q.TXT", "c/q.txt",
                 "c/x.y.html", "c/notes.xyz", "c d/深圳 政策.md"):
        (raw / name).parent.mkdir(parents=True, exist_ok=True)
        (raw / name).write_text("一、总则\n", encoding="utf-8")
    (raw / "link.txt").symlink_to(raw / "a" / "x.txt")
    (raw / "broken.txt").symlink_to(raw / "nowhere.txt")
    (raw / "linked").symlink_to(raw / "a", target_is_directory=True)
    paths = sorted(p for p in raw.rglob("*") if p.is_file() and not p.name.startswith(".")
                   and p.suffix.lower() in SUPPORTED_SUFFIXES)
    stems = Counter(p.stem for p in paths)
    expected, used = [], set()
    for p in paths:
        doc_id = p.stem if stems[p.stem] == 1 else p.name
        while doc_id in used:
            doc_id = f"{doc_id}_{len(used)}"
        used.add(doc_id)
        expected.append((str(p), doc_id, p.relative_to(raw).as_posix()))
    found = discover(raw)
    got = [(i.file, i.doc_id, i.source) for i in found.inputs]
    assert got == sorted(expected, key=lambda e: e[1])
    assert dict(found.problems) == {"broken.txt": found.problems[0][1], "c/notes.xyz": "skipped: unsupported format"}
    assert found.problems[0][1].startswith("broken symbolic link")
    assert {"link", "q.TXT", "q.txt", "y", "x.y", "深圳 政策"} <= {d for _, d, _ in got}
    assert sum(d.startswith("x.txt") for _, d, _ in got) == 2 and len(got) == 8


def test_a_reader_that_goes_away_does_not_make_the_build_fail(tmp_path):
    """`python -m pipeline build … | head`: the summary's reader has gone; the build has
    written everything and exits quietly."""
    import os
    import subprocess
    import sys

    from tests.conftest import RAW

    read, write = os.pipe()
    os.close(read)                  # every write to the pipe now fails: EPIPE
    proc = subprocess.run([sys.executable, "-m", "pipeline", "build", "--raw", str(RAW), "--out",
                           str(tmp_path / "out"), "--workers", "1", "--quiet"],
                          stdout=write, stderr=subprocess.PIPE, text=True, timeout=600)
    os.close(write)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert (tmp_path / "out" / "clauses.csv").exists()


def test_the_command_line_prints_everything_and_passes_its_exit_code_on(tmp_path):
    """The command ends its process without the interpreter's teardown: what it printed
    reaches the reader whole, and a failure's exit code is the process's."""
    import os
    import subprocess
    import sys

    from pipeline.build import discover
    from tests.conftest import RAW

    # stdout buffered, as it is by default into a pipe
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}

    def run(*args):
        return subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True,
                              text=True, timeout=600, env=env)

    built = run("build", "--raw", str(RAW), "--out", str(tmp_path / "out"), "--workers", "2", "--quiet")
    assert built.returncode == 0, built.stderr
    lines = built.stdout.splitlines()
    assert lines[0].startswith(f"{len(discover(RAW).inputs)} documents read")
    assert lines[-1] == f"tables written to {tmp_path / 'out'}/"
    assert (tmp_path / "out" / "policy_tables.xlsx").stat().st_size > 0
    missing = run("build", "--raw", str(tmp_path / "nowhere"), "--out", str(tmp_path / "x"))
    assert missing.returncode == 2 and "does not exist" in missing.stderr
    assert run("build", "--no-such-option").returncode == 2       # argparse's own exit


def test_a_build_failing_while_it_puts_the_tables_in_place_keeps_them_whole(seed_dir, tmp_path, monkeypatch):
    """The caches' indexes are saved while the tables are put in place: when that
    fails, the previous tables stay whole and the next build is right."""
    import pipeline.write as write

    out = tmp_path / "out"
    build(seed_dir, out, workers=1, progress=False)
    before = {p.name: p.read_bytes() for p in out.glob("*.csv")}
    (seed_dir / "new.txt").write_text("一、新的措施\n给予最高100万元奖励。\n", encoding="utf-8")

    def broken(self, *args):
        raise OSError("disk full")

    with monkeypatch.context() as m:
        m.setattr(write.XlsxBook, "close", broken)
        with pytest.raises(OSError, match="disk full"):
            build(seed_dir, out, workers=1, progress=False)
    assert {p.name: p.read_bytes() for p in out.glob("*.csv")} == before
    summary = build(seed_dir, out, workers=1, progress=False)
    assert not summary.up_to_date and not summary.errors
    build(seed_dir, tmp_path / "scratch", workers=1, progress=False)
    assert {p.name: p.read_bytes() for p in out.glob("*.csv")} == \
        {p.name: p.read_bytes() for p in (tmp_path / "scratch").glob("*.csv")}
    assert "100万元" in (out / "amounts.csv").read_text(encoding="utf-8-sig")


def database_rows(path) -> dict:
    """What a DuckDB file holds, table by table: its bytes differ on every write (the
    file's header carries a random salt), its contents must not."""
    import duckdb

    con = duckdb.connect(str(path), read_only=True)
    try:
        names = [r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()]
        return {n: con.execute(f'SELECT * FROM "{n}" ORDER BY ALL').fetchall() for n in sorted(names)}
    finally:
        con.close()


def test_three_reruns_write_the_same_bytes_workbook_included(seed_dir, tmp_path, monkeypatch):
    """The workbook says it was made at the newest input's time, not now."""
    import zipfile

    runs = []
    for n in range(3):
        out = tmp_path / f"run{n}"
        build(seed_dir, out, workers=1 + n % 2, progress=False)
        runs.append({p.name: database_rows(p) if p.name == "policy.duckdb" else p.read_bytes()
                     for p in out.iterdir() if p.is_file()})
        time.sleep(1.1)         # a workbook stamped with the time of writing would differ
    assert runs[0] == runs[1] == runs[2] and "policy_tables.xlsx" in runs[0]
    assert runs[0]["policy.duckdb"]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    build(seed_dir, tmp_path / "epoch", workers=1, progress=False)
    with zipfile.ZipFile(tmp_path / "epoch" / "policy_tables.xlsx") as book:
        core = book.read("docProps/core.xml").decode()
    assert core.count("2023-11-14T22:13:20Z") == 2          # created and modified
