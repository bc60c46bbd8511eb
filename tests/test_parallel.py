"""Many workers, a Dask cluster and the cache all write what one worker writes."""
import shutil

import pytest

from pipeline.build import build
from pipeline.tables import TABLES
from tests.conftest import RAW

OUTPUTS = [f"{t}.csv" for t in TABLES] + ["errors.csv"] + [f"{t}.parquet" for t in TABLES]


@pytest.fixture
def corpus(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    (raw / "broken.txt").write_bytes(b"\x00\x01\x02" * 100)
    return raw


def outputs(out):
    files = {name: (out / name).read_bytes() for name in OUTPUTS}
    files.update({f"text/{p.name}": p.read_bytes() for p in sorted((out / "text").iterdir())})
    return files


def test_two_workers_write_the_same_bytes_as_one(corpus, tmp_path):
    build(corpus, tmp_path / "one", workers=1, progress=False)
    build(corpus, tmp_path / "two", workers=2, progress=False)
    assert outputs(tmp_path / "one") == outputs(tmp_path / "two")


def test_dask_local_cluster_writes_the_same_tables(corpus, tmp_path):
    distributed = pytest.importorskip("distributed")
    build(corpus, tmp_path / "local", workers=1, progress=False)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        build(corpus, tmp_path / "dask", scheduler=cluster.scheduler_address, progress=False)
    assert outputs(tmp_path / "local") == outputs(tmp_path / "dask")


def test_rebuild_after_adding_one_file_processes_one_file(corpus, tmp_path):
    out = tmp_path / "out"
    first = build(corpus, out, workers=1, progress=False)
    assert first.from_cache == 0
    shutil.copy(RAW / "004_7ada625db814d714.txt", corpus / "new_copy.txt")
    second = build(corpus, out, workers=1, progress=False)
    # the broken file is retried each time: a missing tool may have been installed since
    assert second.documents - second.from_cache == 2
    assert "new_copy" in (out / "documents.csv").read_text(encoding="utf-8-sig")


def test_cached_rebuild_writes_the_same_bytes_and_force_ignores_the_cache(corpus, tmp_path):
    out = tmp_path / "out"
    build(corpus, out, workers=1, progress=False)
    before = outputs(out)
    again = build(corpus, out, workers=1, progress=False)
    assert again.from_cache == again.documents - 1
    assert outputs(out) == before
    forced = build(corpus, out, workers=1, progress=False, force=True)
    assert forced.from_cache == 0
    assert outputs(out) == before


def test_changed_file_is_processed_again(corpus, tmp_path):
    out = tmp_path / "out"
    build(corpus, out, workers=1, progress=False)
    path = corpus / "004_7ada625db814d714.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("10万元", "20万元"), encoding="utf-8")
    summary = build(corpus, out, workers=1, progress=False)
    assert summary.documents - summary.from_cache == 2
    assert "20万元" in (out / "amounts.csv").read_text(encoding="utf-8-sig")
