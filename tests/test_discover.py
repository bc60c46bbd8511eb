"""The raw folder walked safely, and a batch's results told honestly: unsupported files
listed, link loops and unreadable folders as error rows, duplicates warned of, and an
exit status that says when inputs failed."""
from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.build import build
from pipeline.discover import SKIPPED, discover
from tests.conftest import RAW, ROOT, SEEDS


def errors_of(out: Path) -> dict[str, str]:
    with open(out / "errors.csv", encoding="utf-8-sig", newline="") as f:
        return {row["source"]: row["reason"] for row in csv.DictReader(f)}


def documents_of(out: Path) -> set[str]:
    with open(out / "documents.csv", encoding="utf-8-sig", newline="") as f:
        return {row["source"] for row in csv.DictReader(f)}


def cli(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True, text=True,
                          timeout=600, cwd=ROOT, **kwargs)


def test_link_loops_and_links_out_of_the_folder_are_error_rows(seed_dir, tmp_path):
    (seed_dir / "sub").mkdir()
    (seed_dir / "sub" / "back").symlink_to(seed_dir, target_is_directory=True)   # a loop through a folder
    (seed_dir / "self").symlink_to(seed_dir / "self")                              # a link to itself
    (seed_dir / "a.txt").symlink_to(seed_dir / "b.txt")                            # two links in a ring
    (seed_dir / "b.txt").symlink_to(seed_dir / "a.txt")
    outside = tmp_path / "outside.txt"
    outside.write_bytes((RAW / SEEDS[0]).read_bytes())
    (seed_dir / "out.txt").symlink_to(outside)
    (seed_dir / "inside.txt").symlink_to(seed_dir / SEEDS[1])                      # read as that file
    (seed_dir / "again").symlink_to(seed_dir / "sub", target_is_directory=True)    # read where it is
    out = tmp_path / "out"
    summary = build(seed_dir, out, workers=1, progress=False)
    errors = errors_of(out)
    assert errors["sub/back"].startswith("symbolic link loop")
    assert errors["self"].startswith("symbolic link loop")
    assert errors["a.txt"].startswith("symbolic link loop") and errors["b.txt"].startswith("symbolic link loop")
    assert "outside the raw folder" in errors["out.txt"] and str(outside) in errors["out.txt"]
    assert "again" not in errors
    assert documents_of(out) == {*SEEDS, "inside.txt"}
    assert len(summary.failed) == 5


# run as root, the build is started by setpriv without root's power to read any folder
# (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH), so that a chmod 000 folder is unreadable to it
AS_NON_ROOT = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search",
               "--inh-caps", "-dac_override,-dac_read_search"]


def test_an_unreadable_folder_is_an_error_row_and_the_batch_goes_on(tmp_path):
    """A real chmod 000 folder. Root reads it anyway, so when the tests run as root the
    build runs without the capabilities that let root read any folder."""
    prefix = []
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("running as root, which reads any folder, and setpriv is not installed to drop "
                        "that power: apt-get install util-linux")
        prefix = AS_NON_ROOT
    top = tmp_path
    try:
        raw = top / "raw"
        raw.mkdir()
        for name in SEEDS:
            shutil.copy(RAW / name, raw / name)
        locked = raw / "locked"
        locked.mkdir()
        shutil.copy(RAW / SEEDS[0], locked / "hidden_from_us.txt")
        os.chmod(locked, 0)
        out = top / "out"
        proc = subprocess.run([*prefix, sys.executable, "-m", "pipeline", "build", "--raw", str(raw), "--out", str(out),
                               "--workers", "1", "--quiet", "--no-xlsx"], capture_output=True, text=True,
                              timeout=600, cwd=ROOT,
                              env={**os.environ, "HOME": str(top), "PYTHONPATH": str(ROOT)})
        assert proc.returncode == 3, proc.stderr
        assert "Traceback" not in proc.stderr
        assert errors_of(out) == {"locked": "cannot read the folder: Permission denied"}
        assert documents_of(out) == set(SEEDS)
        assert "error: locked: cannot read the folder: Permission denied" in proc.stdout
    finally:
        os.chmod(top / "raw" / "locked", 0o755)       # so that pytest can remove it


def test_a_deep_tree_does_not_hit_the_recursion_limit(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    folders = [raw]
    for _ in range(sys.getrecursionlimit() + 50):
        folders.append(folders[-1] / "d")
        folders[-1].mkdir()
    (folders[-1] / "x.txt").write_bytes((RAW / SEEDS[0]).read_bytes())
    try:
        assert [i.doc_id for i in discover(raw).inputs] == ["x"]
    finally:
        # pytest removes old temporary folders recursively: this one is too deep for it
        (folders[-1] / "x.txt").unlink()
        for folder in reversed(folders[1:]):
            folder.rmdir()


def test_unsupported_files_are_listed_and_do_not_fail_the_build(seed_dir, tmp_path):
    for name in ("budget.xls", "photo.heic", "README"):
        (seed_dir / name).write_bytes(b"not a document we read")
    out = tmp_path / "out"
    proc = cli("build", "--raw", str(seed_dir), "--out", str(out), "--workers", "1", "--quiet")
    assert proc.returncode == 0, proc.stderr
    assert errors_of(out) == {n: SKIPPED for n in ("README", "budget.xls", "photo.heic")}
    assert "skipped 3 files of an unsupported format: README, budget.xls, photo.heic" in proc.stdout
    assert "0 errors" in proc.stdout
    # a rebuild where only an unsupported file was added is no "nothing changed"
    (seed_dir / "notes.pages").write_bytes(b"x")
    again = build(seed_dir, out, workers=1, progress=False)
    assert not again.up_to_date and "notes.pages" in errors_of(out)


def test_duplicates_and_shared_stems_are_warned_of(seed_dir, tmp_path):
    from tests.read import make_inputs as mk

    jiaozuo = Path(SEEDS[0]).stem
    mk.render_docx(mk.load_source(SEEDS[0]), seed_dir / f"{jiaozuo}.docx")     # the same document as Word
    shutil.copy(seed_dir / SEEDS[1], seed_dir / "copy_of_xuchang.txt")          # the same bytes
    out = tmp_path / "out"
    proc = cli("build", "--raw", str(seed_dir), "--out", str(out), "--workers", "1", "--quiet")
    assert proc.returncode == 0, proc.stderr
    warnings = [line for line in proc.stdout.splitlines() if line.startswith("  warning:")]
    assert len(warnings) == 3, proc.stdout
    shared, same_bytes, same_fields = warnings
    assert f"share the stem '{jiaozuo}'" in shared
    assert f"{jiaozuo}.docx → {jiaozuo}.docx" in shared and f"{jiaozuo}.txt → {jiaozuo}.txt" in shared
    assert "the same bytes" in same_bytes and "004_7ada625db814d714.txt, copy_of_xuchang.txt" in same_bytes
    assert "焦政办〔2022〕17号" in same_fields and f"{jiaozuo}.docx, {jiaozuo}.txt" in same_fields
    up_to_date = cli("build", "--raw", str(seed_dir), "--out", str(out), "--workers", "1", "--quiet")
    assert "nothing changed" in up_to_date.stdout and up_to_date.stdout.count("  warning:") == 3


def test_failed_inputs_give_exit_status_3_with_the_tables_written(seed_dir, tmp_path):
    (seed_dir / "broken.pdf").write_bytes(b"%PDF-1.4 cut short")
    out = tmp_path / "out"
    proc = cli("build", "--raw", str(seed_dir), "--out", str(out), "--workers", "1", "--quiet")
    assert proc.returncode == 3
    assert "1 input could not be read" in proc.stderr and "Traceback" not in proc.stderr
    assert documents_of(out) == set(SEEDS) and set(errors_of(out)) == {"broken.pdf"}


def test_make_data_reports_failed_inputs_and_does_not_fail(seed_dir, tmp_path):
    if shutil.which("make") is None:
        pytest.skip("make is not installed: apt-get install make")
    (seed_dir / "broken.pdf").write_bytes(b"%PDF-1.4 cut short")
    proc = subprocess.run(["make", "-s", "data", f"RAW={seed_dir}", f"OUT={tmp_path / 'out'}",
                           f"PY={sys.executable}", f"STAMP={ROOT / 'pyproject.toml'}"],
                          capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert "some inputs could not be read" in proc.stdout


@pytest.mark.parametrize("args, message", [
    (["show", "no/such/file.txt"], "error: no/such/file.txt: file not found"),
    (["show", "data"], "error: data: not a file"),
    (["validate", "--raw", "no/such/folder"], "error: raw folder no/such/folder does not exist"),
    (["validate", "--fixtures", "data/raw"], "error: no fixture: data/raw holds no .yaml file"),
    (["build", "--raw", "no/such/folder"], "error: raw folder no/such/folder does not exist"),
])
def test_wrong_paths_are_one_line_and_exit_status_2(args, message):
    proc = cli(*args)
    assert proc.returncode == 2
    assert proc.stderr.strip() == message


def test_a_fixture_without_its_input_is_one_line(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(RAW / SEEDS[0], raw / SEEDS[0])
    proc = cli("validate", "--raw", str(raw))
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1 and "no input for doc_id" in proc.stderr
