"""The output is switched as a whole: whatever happens to a build (killed at any moment,
a full disk), the output folder holds one build's complete outputs, the previous or
the new, and the next build clears what was left and succeeds."""
import os
import random
import shutil
import signal
import subprocess
import sys
import time

import psutil
import pytest

from pipeline.build import build
from pipeline.generations import BUILDS, CURRENT
from pipeline.cli import SOME_INPUTS_FAILED
from tests.test_parallel import many_documents, outputs

EXIT_CANNOT_WRITE = 73


def command(raw, out, *args):
    return [sys.executable, "-m", "pipeline", "build", "--raw", str(raw), "--out", str(out),
            "--quiet", *args]


def change(raw):
    """A second version of the corpus: a document changed, one added, one removed."""
    (raw / "doc_001.txt").write_text("一、新的措施\n给予最高100万元奖励。\n", encoding="utf-8")
    (raw / "doc_new.txt").write_text("一、另一项措施\n补贴不超过20%。\n", encoding="utf-8")
    (raw / "doc_002.txt").unlink()


def through_current(out):
    """The outputs read through the folder `current` names, resolved once."""
    return outputs(out / os.readlink(out / CURRENT))


def leftovers(out):
    return ([p.name for p in out.glob(".*") if p.name not in (".cache", ".lock", BUILDS)]
            + [p.name for p in out.rglob("*.tmp")])


def test_a_build_killed_at_any_moment_leaves_the_old_or_the_new_outputs_whole(tmp_path):
    """kill -9 of the build's main process at moments spread over a build: the tables
    (and texts and workbook) are all the last finished build's; the worker processes
    die with it; the next build removes what was left and writes the new outputs."""
    raw = many_documents(tmp_path / "raw", 120)
    out = tmp_path / "out"
    build(raw, out, workers=1, progress=False)
    old = outputs(out)
    change(raw)
    build(raw, tmp_path / "clean", workers=1, progress=False)
    new = outputs(tmp_path / "clean")
    started = time.monotonic()
    timed = subprocess.run(command(raw, tmp_path / "timed", "--workers", "2"), timeout=600)
    assert timed.returncode == SOME_INPUTS_FAILED       # broken.txt is an error row
    duration = time.monotonic() - started
    moments = random.Random(7).sample(range(1, 100), 12)
    seen = set()
    for percent in sorted(moments):
        proc = subprocess.Popen(command(raw, out, "--workers", "2", "--force"),
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(duration * percent / 100)
        workers = psutil.Process(proc.pid).children(recursive=True) if proc.poll() is None else []
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        _, alive = psutil.wait_procs(workers, timeout=5)
        assert not alive, f"workers alive 5 s after their build was killed at {percent}%"
        found = outputs(out)
        assert found in (old, new), f"a mix of outputs after a kill at {percent}%"
        assert through_current(out) == found
        seen.add("new" if found == new else "old")
    # 3: the tables are written, and many_documents' broken.txt is an error row
    assert subprocess.run(command(raw, out, "--workers", "2"), timeout=600).returncode == SOME_INPUTS_FAILED
    assert outputs(out) == new
    assert not leftovers(out)
    assert len(list((out / BUILDS).iterdir())) <= 2      # the one in place and the one before


def test_a_reader_of_the_layout_before_generations_keeps_its_paths(tmp_path):
    """An output folder written before generations (real files, a real text/ folder)
    becomes links to the current generation; the old files are gone, the paths work."""
    raw = many_documents(tmp_path / "raw", 3)
    out = tmp_path / "out"
    (out / "text").mkdir(parents=True)
    (out / "text" / "gone.txt").write_text("x", encoding="utf-8")
    (out / "amounts.csv").write_text("old", encoding="utf-8")
    (out / ".amounts.csv.partial").write_text("left by a killed build", encoding="utf-8")
    build(raw, out, workers=1, progress=False)
    build(raw, tmp_path / "clean", workers=1, progress=False)
    assert outputs(out) == outputs(tmp_path / "clean")
    assert os.readlink(out / "amounts.csv") == f"{CURRENT}/amounts.csv"
    assert os.readlink(out / "text") == f"{CURRENT}/text"
    assert not (out / "text" / "gone.txt").exists() and not leftovers(out)


@pytest.fixture
def small_disk(tmp_path):
    """A 3 MB file system of its own (tmpfs), grown to 64 MB by `grow()`."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(disk)],
                             capture_output=True, text=True)
    if mounted.returncode:
        pytest.skip(f"cannot mount a small tmpfs here (needs root): {mounted.stderr.strip()}")

    def grow():
        subprocess.run(["mount", "-o", "remount,size=64m", str(disk)], check=True)
    try:
        yield disk, grow
    finally:
        subprocess.run(["umount", "-l", str(disk)])


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_full_disk_fails_with_one_message_and_the_previous_outputs_whole(tmp_path, small_disk,
                                                                         workers):
    disk, grow = small_disk
    raw = many_documents(tmp_path / "raw", 2)
    out = disk / "out"
    build(raw, out, workers=1, progress=False)
    old = outputs(out)
    shutil.rmtree(raw)
    many_documents(raw, 400)             # some 10 MB of outputs: more than the disk holds
    failed = subprocess.run(command(raw, out, "--workers", workers), capture_output=True,
                            text=True, timeout=600)
    assert failed.returncode == EXIT_CANNOT_WRITE, failed.stderr
    assert "No space left on device" in failed.stderr and "previous build's" in failed.stderr
    assert "Traceback" not in failed.stderr
    assert outputs(out) == old
    assert not leftovers(out) and len(list((out / BUILDS).iterdir())) == 1
    grow()
    again = subprocess.run(command(raw, out, "--workers", workers), capture_output=True, text=True,
                           timeout=600)
    assert again.returncode == SOME_INPUTS_FAILED and "broken.txt" in again.stderr, again.stderr
    build(raw, tmp_path / "clean", workers=1, progress=False)
    assert outputs(out) == outputs(tmp_path / "clean")
