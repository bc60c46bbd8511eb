"""One build at a time writes to an output folder: the second one says who holds it, or
waits for it with --wait. Real build processes, run at the same time."""
import os
import subprocess
import sys
import time

from pipeline.build import build
from pipeline.lock import LOCK_FILE, locked
from pipeline.cli import SOME_INPUTS_FAILED
from tests.test_parallel import many_documents, outputs

EXIT_BUSY = 75


def start(raw, out, *args):
    return subprocess.Popen([sys.executable, "-m", "pipeline", "build", "--raw", str(raw), "--out",
                             str(out), "--quiet", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_a_build_into_a_folder_another_process_holds_exits_naming_the_holder(tmp_path):
    raw = many_documents(tmp_path / "raw", 3)
    out = tmp_path / "out"
    with locked(out):
        proc = start(raw, out, "--workers", "1")
        _, err = proc.communicate(timeout=300)
    assert proc.returncode == EXIT_BUSY
    assert f"another build is writing to {out}: pid {os.getpid()}" in err
    assert "--wait" in err and "Traceback" not in err
    assert not (out / "current").exists()       # nothing written


def test_two_builds_at_once_one_exits_one_waits_and_the_tables_are_whole(tmp_path):
    raw = many_documents(tmp_path / "raw", 150)
    out = tmp_path / "out"
    first = start(raw, out, "--workers", "2")
    deadline = time.monotonic() + 120
    while f"pid {first.pid}:" not in _read(out / LOCK_FILE):
        assert time.monotonic() < deadline and first.poll() is None
        time.sleep(0.05)
    second = start(raw, out, "--workers", "2")
    _, err = second.communicate(timeout=300)
    waiting = start(raw, out, "--workers", "2", "--force", "--wait")
    assert first.wait(timeout=300) == SOME_INPUTS_FAILED, first.stderr.read()
    assert second.returncode == EXIT_BUSY and f"pid {first.pid}: " in err
    _, err = waiting.communicate(timeout=300)
    assert waiting.returncode == SOME_INPUTS_FAILED, err    # broken.txt: an error row
    build(raw, tmp_path / "clean", workers=1, progress=False)
    assert outputs(out) == outputs(tmp_path / "clean")


def _read(path):
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return ""
