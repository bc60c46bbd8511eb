"""One bad document costs that document only: a time limit, a memory ceiling, and a
worker killed mid-document, in real worker processes (and on Dask)."""
import os
import signal
import threading
import time

import pandas as pd
import psutil
import pytest

from pipeline.build import build
from pipeline.guard import Limits
from pipeline.tables import COLUMNS
from tests.conftest import RAW, SEEDS
from tests.test_parallel import many_documents

HUGE = "huge"       # the slow document's doc_id


def with_huge_document(folder, copies: int):
    """A small corpus and one document of `copies` seed documents run together: its
    processing really takes long (some 5 ms a copy) and takes memory (its text, 12 KB a
    copy, read, decoded and cleaned)."""
    raw = many_documents(folder, 12)
    seed = (RAW / SEEDS[0]).read_text(encoding="utf-8")
    (raw / f"{HUGE}.txt").write_text(seed * copies, encoding="utf-8")
    return raw


def tables(out):
    return {t: pd.read_csv(out / f"{t}.csv", encoding="utf-8-sig", keep_default_na=False)
            for t in COLUMNS}


def without(found: dict, doc_id: str, source: str) -> dict:
    """The tables without one document's rows (its error row included)."""
    kept = {}
    for table, frame in found.items():
        if table == "errors":
            kept[table] = frame[frame.source != source].reset_index(drop=True)
        else:
            kept[table] = frame[frame.doc_id != doc_id].reset_index(drop=True)
    return kept


def assert_same_tables(a: dict, b: dict):
    for table in COLUMNS:
        pd.testing.assert_frame_equal(a[table], b[table], check_dtype=False)


@pytest.fixture
def clean(tmp_path):
    """The tables of a clean build of the corpus without the huge document."""
    def made(raw):
        small = tmp_path / "small"
        small.mkdir()
        for p in raw.iterdir():
            if p.stem != HUGE:
                (small / p.name).write_bytes(p.read_bytes())
        build(small, tmp_path / "clean", workers=1, progress=False)
        return tables(tmp_path / "clean")
    return made


def test_a_document_over_the_time_limit_is_an_error_row_and_the_batch_goes_on(tmp_path, clean):
    raw = with_huge_document(tmp_path / "raw", 2000)
    started = time.monotonic()
    summary = build(raw, tmp_path / "out", workers=2, progress=False, limits=Limits(seconds=1))
    assert time.monotonic() - started < 60
    assert (f"{HUGE}.txt", "the document could not be processed: it took longer than 1 s "
            "(--doc-timeout)") in summary.errors
    found = tables(tmp_path / "out")
    assert_same_tables(without(found, HUGE, f"{HUGE}.txt"), clean(raw))
    assert not (tmp_path / "out" / "text" / f"{HUGE}.txt").exists()


def test_the_time_limit_holds_in_the_builds_own_process(tmp_path, clean):
    """`--workers 1`: no worker to kill; an alarm stops the document's Python code."""
    raw = with_huge_document(tmp_path / "raw", 2000)
    summary = build(raw, tmp_path / "out", workers=1, progress=False, limits=Limits(seconds=1))
    assert (f"{HUGE}.txt", "the document could not be processed: it took longer than 1 s "
            "(--doc-timeout)") in summary.errors
    assert_same_tables(without(tables(tmp_path / "out"), HUGE, f"{HUGE}.txt"), clean(raw))


def test_the_time_limit_holds_on_dask(tmp_path, clean):
    distributed = pytest.importorskip("distributed")
    raw = with_huge_document(tmp_path / "raw", 2000)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        summary = build(raw, tmp_path / "out", scheduler=cluster.scheduler_address,
                        progress=False, limits=Limits(seconds=1))
    assert (f"{HUGE}.txt", "the document could not be processed: it took longer than 1 s "
            "(--doc-timeout)") in summary.errors
    assert_same_tables(without(tables(tmp_path / "out"), HUGE, f"{HUGE}.txt"), clean(raw))


def test_a_document_over_the_memory_ceiling_is_an_error_row_and_the_worker_goes_on(tmp_path, clean):
    raw = with_huge_document(tmp_path / "raw", 8000)      # 100 MB of text
    summary = build(raw, tmp_path / "out", workers=2, progress=False,
                    limits=Limits(memory=64 << 20))
    assert (f"{HUGE}.txt", "the document could not be processed: it needs more memory than a "
            "document may use (--doc-memory)") in summary.errors
    assert_same_tables(without(tables(tmp_path / "out"), HUGE, f"{HUGE}.txt"), clean(raw))


def test_a_worker_killed_mid_document_costs_that_document_only(tmp_path, clean):
    """A worker process killed with SIGKILL (what the OOM killer sends) while it works
    on the slow document: that document is an error row, every other one is there."""
    raw = with_huge_document(tmp_path / "raw", 3000)
    me = psutil.Process()
    before = {p.pid for p in me.children()}
    killed = []

    def kill_the_busiest_worker():
        time.sleep(2)           # the small documents are done; the huge one is running
        workers = [p for p in me.children() if p.pid not in before]
        busiest = max(workers, key=lambda p: p.cpu_times().user)
        killed.append(busiest.pid)
        os.kill(busiest.pid, signal.SIGKILL)

    killer = threading.Thread(target=kill_the_busiest_worker)
    killer.start()
    summary = build(raw, tmp_path / "out", workers=2, progress=False)
    killer.join()
    assert killed
    assert (f"{HUGE}.txt", "the document could not be processed: the worker ran out of memory "
            "(killed by SIGKILL)") in summary.errors
    assert_same_tables(without(tables(tmp_path / "out"), HUGE, f"{HUGE}.txt"), clean(raw))
    assert {p.pid for p in me.children()} == before         # every worker reaped


def test_a_failing_build_kills_its_workers_at_once(tmp_path, monkeypatch):
    """The writer fails while a worker is on a slow document: the build ends now, not
    when the document is done, and no worker is left."""
    import pipeline.build as batch
    import pipeline.write as write

    monkeypatch.setattr(batch, "CHUNK", 2)      # the slow document in a task of its own
    raw = with_huge_document(tmp_path / "raw", 3000)
    me = psutil.Process()
    before = {p.pid for p in me.children()}

    def fails(self, table, rows):
        raise RuntimeError("the writer failed")

    monkeypatch.setattr(write.TableSink, "add", fails)
    started = time.monotonic()
    with pytest.raises(RuntimeError, match="the writer failed"):
        build(raw, tmp_path / "out", workers=2, progress=False)
    assert time.monotonic() - started < 10
    assert {p.pid for p in me.children()} == before
    assert not (tmp_path / "out" / "current").exists()


def test_workers_end_with_the_build(tmp_path):
    raw = many_documents(tmp_path / "raw", 6)
    me = psutil.Process()
    before = {p.pid for p in me.children()}
    build(raw, tmp_path / "out", workers=2, progress=False)
    assert {p.pid for p in me.children()} == before


def test_a_build_killed_leaves_no_task_on_dask(tmp_path):
    """kill -9 of a build running on a cluster: the scheduler drops its tasks."""
    import subprocess
    import sys

    distributed = pytest.importorskip("distributed")
    raw = many_documents(tmp_path / "raw", 300)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        def tasks():
            return client.run_on_scheduler(lambda dask_scheduler: len(dask_scheduler.tasks))
        proc = subprocess.Popen([sys.executable, "-m", "pipeline", "build", "--raw", str(raw),
                                 "--out", str(tmp_path / "out"), "--scheduler",
                                 cluster.scheduler_address, "--quiet"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        while not tasks():
            assert time.monotonic() < deadline and proc.poll() is None
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        deadline = time.monotonic() + 30
        while tasks():
            assert time.monotonic() < deadline, "tasks left on the cluster 30 s after the build died"
            time.sleep(0.1)
