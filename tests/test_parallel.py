"""Many workers, a Dask cluster and the cache all write what one worker writes."""
import pickle
import shutil
from pathlib import Path

import pytest

from pipeline.build import Input, build
from pipeline.tables import TABLES
from tests.conftest import RAW

OUTPUTS = [f"{t}.csv" for t in TABLES] + ["errors.csv"] + [f"{t}.parquet" for t in TABLES] + \
    ["policy_tables.xlsx"]


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


def test_dask_local_cluster_writes_the_same_tables(corpus, tmp_path, monkeypatch):
    distributed = pytest.importorskip("distributed")
    import pipeline.build as batch

    build(corpus, tmp_path / "local", workers=1, progress=False)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        build(corpus, tmp_path / "dask", scheduler=cluster.scheduler_address, progress=False)
        # workers that run other code than the client would fill the cache with its results
        monkeypatch.setattr(batch, "code_fingerprint", lambda: "other code")
        with pytest.raises(RuntimeError, match="other pipeline code"):
            build(corpus, tmp_path / "skew", scheduler=cluster.scheduler_address, progress=False)
    assert outputs(tmp_path / "local") == outputs(tmp_path / "dask")
    assert not (tmp_path / "skew" / "amounts.csv").exists()


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


# -- streaming: work is handed out a window at a time and results are loaded one by one


class FakeFuture:
    def __init__(self, log, value):
        self.log, self.value = log, value

    def result(self):
        self.log.append(("result", self.value))
        return self.value


def test_results_come_in_order_with_a_bounded_number_in_flight():
    from pipeline.build import in_order

    log = []

    def submit(task):
        log.append(("submit", task))
        return FakeFuture(log, task * 10)

    results = in_order(submit, range(20), window=3)
    assert log == [("submit", 0), ("submit", 1), ("submit", 2)]   # work starts at once
    assert list(results) == [t * 10 for t in range(20)]
    in_flight = max_in_flight = 0
    for event, _ in log:
        in_flight += 1 if event == "submit" else -1
        max_in_flight = max(max_in_flight, in_flight)
    assert max_in_flight == 3


def many_documents(folder, n):
    """`n` small variations of the seed documents."""
    folder.mkdir()
    seeds = [(RAW / name).read_text(encoding="utf-8") for name in
             ("000_3d6e5cfce5c82a4b.txt", "004_7ada625db814d714.txt")]
    for i in range(n):
        text = seeds[i % 2].replace("150万元", f"{150 + i}万元").replace("20%", f"{i % 90 + 1}%")
        (folder / f"doc_{i:03d}.txt").write_text(text, encoding="utf-8")
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02" * 100)
    return folder


def test_more_documents_than_the_window_write_the_same_bytes_with_two_workers(tmp_path, monkeypatch):
    import pipeline.build as batch

    monkeypatch.setattr(batch, "CHUNK", 2)      # many tasks, many windows
    monkeypatch.setattr(batch, "AHEAD", 1)
    raw = many_documents(tmp_path / "raw", 30)
    build(raw, tmp_path / "one", workers=1, progress=False)
    build(raw, tmp_path / "two", workers=2, progress=False)
    assert outputs(tmp_path / "one") == outputs(tmp_path / "two")


def test_cached_results_are_loaded_one_at_a_time_as_they_are_written(tmp_path, monkeypatch):
    import pipeline.build as batch
    from pipeline.write import TableSink

    raw = many_documents(tmp_path / "raw", 6)
    out = tmp_path / "out"
    build(raw, out, workers=1, progress=False)
    (raw / "doc_003.txt").write_text("一、新的措施\n给予最高100万元奖励。\n", encoding="utf-8")
    events = []
    get, add_text = batch.Cache.get, TableSink.add_text

    def logged_get(self, path):
        result = get(self, path)
        events.append(("load", result.doc_id))
        return result

    def logged_add_text(self, doc_id, text):
        events.append(("write", doc_id))
        add_text(self, doc_id, text)

    monkeypatch.setattr(batch.Cache, "get", logged_get)
    monkeypatch.setattr(TableSink, "add_text", logged_add_text)
    summary = build(raw, out, workers=1, progress=False)
    assert summary.documents - summary.from_cache == 2     # the changed one, and broken.txt
    expected = []
    for i in range(6):
        if i != 3:
            expected.append(("load", f"doc_{i:03d}"))
        expected.append(("write", f"doc_{i:03d}"))
    assert events == expected


# -- incremental rebuilds


def test_rebuild_with_nothing_changed_writes_nothing(corpus, tmp_path):
    out = tmp_path / "out"
    first = build(corpus, out, workers=1, progress=False)
    # every output, not the cache nor the lock (where each build notes who holds it)
    written = {p: p.stat().st_mtime_ns for p in out.rglob("*")
               if ".cache" not in p.parts and p.name != ".lock"}
    again = build(corpus, out, workers=1, progress=False)
    assert again.up_to_date
    assert (again.documents, again.errors, again.rows) == (first.documents, first.errors, first.rows)
    assert again.from_cache == again.documents - 1      # the broken file is tried again
    assert {p: p.stat().st_mtime_ns for p in written} == written
    (out / "units.csv").unlink()                        # an output gone: written again
    third = build(corpus, out, workers=1, progress=False)
    assert not third.up_to_date and third.from_cache == again.from_cache
    assert (out / "units.csv").exists()


def test_unchanged_files_are_not_hashed_again(tmp_path, monkeypatch):
    import pipeline.build as batch

    monkeypatch.setattr(batch, "RACY_NS", 0)            # the files were written just now
    raw = many_documents(tmp_path / "raw", 4)
    build(raw, tmp_path / "out", workers=1, progress=False)
    hashed = []
    digest = batch.file_digest
    monkeypatch.setattr(batch, "file_digest", lambda path: hashed.append(path) or digest(path))
    build(raw, tmp_path / "out", workers=1, progress=False)
    assert hashed == []


def test_a_first_build_leaves_hashing_to_the_workers_and_remembers_their_digests(tmp_path, monkeypatch):
    import pipeline.build as batch

    monkeypatch.setattr(batch, "RACY_NS", 0)            # the files were written just now
    raw = many_documents(tmp_path / "raw", 12)
    hashed = []
    digest = batch.file_digest
    monkeypatch.setattr(batch, "file_digest", lambda path: hashed.append(path) or digest(path))
    first = build(raw, tmp_path / "out", workers=2, progress=False)
    assert hashed == [] and first.documents == 13 and len(first.errors) == 1
    remembered = batch.load_state(tmp_path / "out" / ".cache" / batch.DIGESTS, batch.is_digests)
    assert {Path(name).name: d for name, (_, d) in remembered.items()} == \
        {p.name: digest(p) for p in raw.iterdir()}
    again = build(raw, tmp_path / "out", workers=2, progress=False)
    assert again.up_to_date and hashed == []


def test_a_file_rewritten_with_its_old_size_and_time_is_processed_again(tmp_path, monkeypatch):
    import os

    import pipeline.build as batch

    monkeypatch.setattr(batch, "RACY_NS", 0)
    raw = many_documents(tmp_path / "raw", 4)
    out = tmp_path / "out"
    build(raw, out, workers=1, progress=False)
    path = raw / "doc_001.txt"
    before = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace("10万元", "90万元"), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    summary = build(raw, out, workers=1, progress=False)
    assert summary.documents - summary.from_cache == 2     # doc_001 and broken.txt
    assert "90万元" in (out / "amounts.csv").read_text(encoding="utf-8-sig")


def test_a_damaged_cache_entry_is_processed_again(corpus, tmp_path):
    out = tmp_path / "out"
    build(corpus, out, workers=1, progress=False)
    before = outputs(out)
    pack = next((out / ".cache").rglob("*.pack"))
    data = bytearray(pack.read_bytes())
    data[100:110] = b"not a pickle"[:10]          # inside the first entry
    pack.write_bytes(bytes(data))
    (out / "units.csv").unlink()
    summary = build(corpus, out, workers=1, progress=False)
    assert summary.documents - summary.from_cache == 2
    assert outputs(out) == before


def test_the_cache_keeps_one_entry_per_document_of_the_current_code(tmp_path):
    raw = many_documents(tmp_path / "raw", 4)
    out = tmp_path / "out"
    stale = out / ".cache" / "0123456789abcdef"
    stale.mkdir(parents=True)
    (stale / "000001.pack").write_bytes(b"from other code")
    build(raw, out, workers=1, progress=False)
    (raw / "doc_002.txt").write_text("一、新的措施\n给予最高100万元奖励。\n", encoding="utf-8")
    build(raw, out, workers=1, progress=False)
    assert not stale.exists()
    (folder,) = [f for f in (out / ".cache").iterdir() if f.is_dir()]
    index = pickle.loads((folder / "index.pickle").read_bytes())
    assert len(index) == 4                                   # broken.txt is not cached
    # the second build's pack holds the changed document; the first's the other three
    packs = sorted(folder.glob("*.pack"))
    assert len(packs) == 2 and {entry[0] for entry in index.values()} == {1, 2}
    for n in (3, 4, 5):
        (raw / "doc_002.txt").write_text(f"一、新的措施\n给予最高{n}00万元奖励。\n", encoding="utf-8")
        build(raw, out, workers=1, progress=False)
    # packs mostly holding forgotten entries are rewritten, the entries read back
    assert sum(p.stat().st_size for p in folder.glob("*.pack")) < 2 * sum(
        entry[2] for entry in pickle.loads((folder / "index.pickle").read_bytes()).values())
    before = outputs(out)
    (out / "units.csv").unlink()
    again = build(raw, out, workers=1, progress=False)
    assert again.documents - again.from_cache == 1 and outputs(out) == before


def test_workers_store_their_results_in_packs_of_their_own(tmp_path, monkeypatch):
    """Pool workers append the packed results to packs of their own; the writer only
    indexes them. The entries read back as those of a build in one process, and stay
    right as later builds change, forget and rewrite them."""
    import pipeline.build as batch

    monkeypatch.setattr(batch, "CHUNK", 3)
    raw = many_documents(tmp_path / "raw", 30)
    build(raw, tmp_path / "one", workers=1, progress=False)
    build(raw, tmp_path / "two", workers=2, progress=False)

    def folder(out):
        (f,) = [f for f in (out / ".cache").iterdir() if f.is_dir()]
        return f

    one, two = folder(tmp_path / "one"), folder(tmp_path / "two")
    assert [p.name for p in one.glob("*.pack")] == ["000001.pack"]
    index = pickle.loads((two / "index.pickle").read_bytes())
    assert len(index) == 30                                  # broken.txt is not cached
    assert not (two / "000001.pack").exists()                # the writer wrote none
    assert not any(p.stat().st_mode & 0o111 for p in two.glob("*.pack"))   # plain files
    assert {entry[0] for entry in index.values()} == {int(p.stem) for p in two.glob("*.pack")} >= {2}
    salt = f"{batch.code_fingerprint()}|None"
    reads = {out: batch.Cache(out / ".cache", salt) for out in (tmp_path / "one", tmp_path / "two")}
    got = {k: reads[tmp_path / "two"].get(k) for k in index}
    assert None not in got.values()
    assert got == {k: reads[tmp_path / "one"].get(k) for k in index}
    for n in (3, 4, 5):
        (raw / "doc_002.txt").write_text(f"一、新的措施\n给予最高{n}00万元奖励。\n", encoding="utf-8")
        build(raw, tmp_path / "two", workers=2, progress=False)
    live = pickle.loads((two / "index.pickle").read_bytes())
    assert sum(p.stat().st_size for p in two.glob("*.pack")) < 2 * sum(e[2] for e in live.values())
    (tmp_path / "two" / "units.csv").unlink()
    again = build(raw, tmp_path / "two", workers=2, progress=False)
    assert again.documents - again.from_cache == 1          # broken.txt, tried again
    build(raw, tmp_path / "scratch", workers=1, progress=False)
    assert outputs(tmp_path / "two") == outputs(tmp_path / "scratch")


def test_the_texts_sizes_are_read_right_while_their_folder_is_put_in_place(tmp_path, monkeypatch):
    """The manifest's record of the texts is taken from the staging folder while another
    thread renames it into place: a rename halfway through changes nothing."""
    import os

    import pipeline.build as batch

    staging = tmp_path / ".text.partial"
    staging.mkdir()
    for i in range(5):
        (staging / f"doc_{i}.txt").write_text("政策" * i, encoding="utf-8")
    expected = batch.texts_signature(staging)
    scandir = os.scandir

    def moved_once_listed(path):
        entries = scandir(path)
        os.replace(staging, tmp_path / "text")      # as commit does, meanwhile
        return entries

    monkeypatch.setattr(batch.os, "scandir", moved_once_listed)
    assert batch.texts_signature(staging) == expected
    monkeypatch.setattr(batch.os, "scandir", scandir)
    assert expected.count(b"\n") == 5 and batch.texts_signature(tmp_path / "text") == expected


# -- progress


def test_progress_is_logged_when_not_on_a_terminal(corpus, tmp_path, caplog):
    caplog.set_level("INFO", logger="pipeline")
    summary = build(corpus, tmp_path / "out", workers=1, progress=True)
    messages = [r.getMessage() for r in caplog.records]
    n = summary.documents
    assert f"{n} documents: 0 unchanged, {n} to process in this process" in messages
    assert any(m.startswith(f"{n}/{n} documents, ") and m.endswith(" s left") for m in messages)
    assert any(m.startswith("broken.txt: ") for m in messages)
    assert "errors" in summary.report() and "documents" in summary.report()


def test_a_pack_of_mostly_forgotten_entries_is_rewritten_with_the_rest(tmp_path):
    from pipeline.build import Cache, Result

    cache = Cache(tmp_path, "salt")
    entries = {f"key{i}": Result(f"{i}.txt", str(i), text="政策" * 500).pack() for i in range(10)}
    for key, payload in entries.items():
        cache.put(key, payload)
    cache.save(set(entries))
    assert [p.name for p in cache.folder.glob("*.pack")] == ["000001.pack"]

    kept = {"key3", "key7"}
    cache = Cache(tmp_path, "salt")
    cache.save(kept)
    cache = Cache(tmp_path, "salt")
    assert [p.name for p in cache.folder.glob("*.pack")] == ["000003.pack"]
    assert {k: cache.get(k) for k in kept} == {k: Result.unpack(entries[k]) for k in kept}
    assert cache.get("key1") is None and "key1" not in cache


def test_a_rebuild_links_the_texts_that_did_not_change(tmp_path):
    raw = many_documents(tmp_path / "raw", 4)
    out = tmp_path / "out"
    build(raw, out, workers=1, progress=False)
    inodes = {p.name: p.stat().st_ino for p in (out / "text").iterdir()}
    (raw / "doc_002.txt").write_text("一、新的措施\n给予最高100万元奖励。\n", encoding="utf-8")
    (out / "text" / "doc_001.txt").write_text("edited by hand", encoding="utf-8")
    build(raw, out, workers=1, progress=False)
    after = {p.name: p.stat().st_ino for p in (out / "text").iterdir()}
    assert after["doc_000.txt"] == inodes["doc_000.txt"] and after["doc_003.txt"] == inodes["doc_003.txt"]
    assert "100万元" in (out / "text" / "doc_002.txt").read_text(encoding="utf-8")
    assert (out / "text" / "doc_001.txt").read_text(encoding="utf-8") != "edited by hand"


def test_a_packed_result_leaves_out_the_clause_texts_and_unpacks_to_the_same():
    from pipeline.build import Input, Result, process_one

    path = sorted(RAW.glob("*.txt"))[0]
    result = process_one(Input(str(path), path.stem, path.name), None)
    clauses = result.rows["clauses"]
    assert len(clauses) > 5
    payload = result.pack()
    assert all(row[6] is None for row in pickle.loads(payload).rows["clauses"])
    assert len(payload) < len(pickle.dumps(result)) - sum(len(row[6].encode()) for row in clauses) / 2
    assert Result.unpack(payload) == result
    # a clause whose text is not the document's text there keeps it
    changed = dict(result.rows, clauses=[clauses[0][:6] + ("其他文字",) + clauses[0][7:]] + clauses[1:])
    other = Result(result.source, result.doc_id, rows=changed, text=result.text)
    assert pickle.loads(other.pack()).rows["clauses"][0][6] == "其他文字"
    assert Result.unpack(other.pack()) == other


def test_rows_from_the_cache_and_columns_from_workers_write_the_same_bytes(tmp_path, monkeypatch):
    """A rebuild mixes rows loaded from the cache with columns made by the workers, in
    batches that cut across both: the tables are those of a build from scratch."""
    import pipeline.write as write

    monkeypatch.setattr(write, "BATCH", 50)
    raw = many_documents(tmp_path / "raw", 30)
    build(raw, tmp_path / "mixed", workers=2, progress=False)
    for i in (1, 2, 9, 17, 18, 19, 28):
        path = raw / f"doc_{i:03d}.txt"
        path.write_text(path.read_text(encoding="utf-8").replace("万元", "元", 1), encoding="utf-8")
    summary = build(raw, tmp_path / "mixed", workers=2, progress=False)
    assert summary.documents - summary.from_cache == 8      # the 7 changed, and broken.txt
    build(raw, tmp_path / "scratch", workers=1, progress=False)
    assert outputs(tmp_path / "mixed") == outputs(tmp_path / "scratch")


def worker_state(path):
    import sys

    from pipeline.build import Input, process_batch

    task = process_batch([Input(path, "doc", "doc.txt")], None, texts=str(Path(path).parent.parent / "texts"))
    return {name: name in sys.modules for name in ("pandas", "pkg_resources")}, task


def test_a_worker_starts_without_pandas_and_pkg_resources_and_works(tmp_path):
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from pipeline.build import Result, start_worker

    (tmp_path / "raw").mkdir()
    (tmp_path / "texts").mkdir()
    path = tmp_path / "raw" / "doc.txt"
    path.write_bytes((RAW / "000_3d6e5cfce5c82a4b.txt").read_bytes())
    spawn = multiprocessing.get_context("spawn")     # a fresh interpreter, not a copy of this one
    with ProcessPoolExecutor(1, mp_context=spawn, initializer=start_worker) as pool:
        loaded, task = pool.submit(worker_state, str(path)).result()
    assert loaded == {"pandas": False, "pkg_resources": False}
    result = Result.unpack(task.payloads[0])
    assert not result.error and len(result.rows["units"]) > 10
    assert task.sizes[0]["units"] == len(result.rows["units"])
    assert (tmp_path / "texts" / "doc.txt").read_text(encoding="utf-8") == result.text


@pytest.mark.parametrize("workers", [1, 2])
def test_a_file_gone_before_it_is_read_is_an_error_and_the_batch_goes_on(tmp_path, monkeypatch, workers):
    import pipeline.build as batch

    raw = many_documents(tmp_path / "raw", 4)
    real = batch.discover

    def with_a_vanished_file(folder):
        return real(folder) + [batch.Input(str(folder / "zz_gone.txt"), "zz_gone", "zz_gone.txt")]

    monkeypatch.setattr(batch, "discover", with_a_vanished_file)
    for _ in range(2):          # a first build (nothing hashed before) and a rebuild (hashed)
        summary = build(raw, tmp_path / "out", workers=workers, progress=False)
        errors = dict(summary.errors)
        assert errors["zz_gone.txt"].startswith("cannot read the file: No such file")
        assert summary.rows["documents"] == 4 and "broken.txt" in errors


def test_tasks_group_documents_in_order_by_what_they_cost(monkeypatch):
    import pipeline.build as batch

    monkeypatch.setattr(batch, "CHUNK", 8)
    names = ["a.txt", "b.pdf", "c.md", "d.PDF", "e.docx", "f.html", "g.txt", "h.doc", "i.txt"]
    items = [Input(f"/raw/{name}", name, name) for name in names]
    groups = list(batch.tasks(items))
    assert [item for group in groups for item in group] == items
    cost = [sum(batch.COST.get(Path(i.file).suffix.lower(), 1) for i in group) for group in groups]
    # a group is closed only when the next item would take it over CHUNK
    assert [[i.file[5:] for i in group] for group in groups] == \
        [["a.txt"], ["b.pdf"], ["c.md"], ["d.PDF"], ["e.docx", "f.html", "g.txt"], ["h.doc"], ["i.txt"]]
    assert all(c <= 8 for c in cost)
    monkeypatch.setattr(batch, "CHUNK", 32)
    assert [len(g) for g in batch.tasks([Input(f"/raw/{i}.txt", str(i), f"{i}.txt") for i in range(70)])] == [32, 32, 6]
    assert list(batch.tasks([])) == []


def test_the_last_documents_rows_are_written_as_they_come_the_same_for_any_workers(tmp_path, monkeypatch):
    """The buffered rows are written when as many documents are left as END_AT says
    (each a Parquet row group), at the same documents whoever made the rows."""
    import pyarrow.parquet as pq

    import pipeline.build as batch
    import pipeline.write as write

    monkeypatch.setattr(write, "BATCH", 10_000)     # no batch fills up: only the rule flushes
    monkeypatch.setattr(batch, "CHUNK", 3)
    raw = many_documents(tmp_path / "raw", 30)      # 31 files with broken.txt
    monkeypatch.setattr(batch, "END_AT", frozenset())       # all at the end
    build(raw, tmp_path / "end", workers=1, progress=False)
    assert pq.ParquetFile(tmp_path / "end" / "clauses.parquet").num_row_groups == 1
    monkeypatch.setattr(batch, "END_AT", frozenset({16, 8, 4, 2, 100}))
    build(raw, tmp_path / "one", workers=1, progress=False)
    build(raw, tmp_path / "two", workers=2, progress=False)
    # flushed when 16, 8, 4 and 2 documents are left, and the rest at the end
    assert pq.ParquetFile(tmp_path / "one" / "clauses.parquet").num_row_groups == 5
    assert outputs(tmp_path / "one") == outputs(tmp_path / "two")
    assert pq.read_table(tmp_path / "one" / "clauses.parquet").equals(
        pq.read_table(tmp_path / "end" / "clauses.parquet"))


# -- a damaged cache is a miss: every kind of damage to every kind of cache file


def damage(path, how: str, wrong_shape):
    data = path.read_bytes()
    if how == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif how == "garbage":
        path.write_bytes(bytes((b * 7 + 3) % 256 for b in data))
    elif how == "empty":
        path.write_bytes(b"")
    elif how == "wrong shape":
        path.write_bytes(pickle.dumps(wrong_shape(pickle.loads(data))))
    elif how == "a folder":
        path.unlink()
        (path / "inside").mkdir(parents=True)


def cache_file(out, which):
    cache = out / ".cache"
    (folder,) = [f for f in cache.iterdir() if f.is_dir()]
    return {"index": folder / "index.pickle", "digests": cache / "digests.pickle",
            "manifest": cache / "manifest.pickle", "pack": sorted(folder.glob("*.pack"))[0]}[which]


# each file read back with entries of another shape than the code expects (the index's
# entries with three numbers gave "not enough values to unpack")
WRONG_SHAPES = {
    "index": lambda index: {key: entry[:3] for key, entry in index.items()},
    "digests": lambda digests: {name: known[1] for name, known in digests.items()},
    "manifest": lambda manifest: dict(manifest, errors=[("only one",)]),
}


@pytest.mark.parametrize("which, how", [
    (which, how) for which in ("index", "digests", "manifest", "pack")
    for how in ("truncated", "garbage", "empty", "wrong shape", "a folder")
    if not (which == "pack" and how == "wrong shape")])      # a pack holds bytes, not a structure
def test_a_damaged_cache_file_is_a_miss_with_one_warning(tmp_path, which, how, caplog, monkeypatch):
    import pipeline.build as batch

    monkeypatch.setattr(batch, "RACY_NS", 0)    # files written just now have their digests remembered
    raw = many_documents(tmp_path / "raw", 8)
    out = tmp_path / "out"
    build(raw, out, workers=2, progress=False)
    before = outputs(out)
    damage(cache_file(out, which), how, WRONG_SHAPES.get(which))
    (raw / "doc_003.txt").write_text("一、新的措施\n给予最高100万元奖励。\n", encoding="utf-8")
    caplog.set_level("WARNING", logger="pipeline")
    build(raw, out, workers=2, progress=False)
    warnings = [r.getMessage() for r in caplog.records if "damaged" in r.getMessage()]
    assert len(warnings) == 1, warnings
    build(raw, tmp_path / "clean", workers=1, progress=False)
    assert outputs(out) == outputs(tmp_path / "clean") != before
    caplog.clear()
    build(raw, out, workers=2, progress=False, force=which == "pack")
    assert not [r for r in caplog.records if "damaged" in r.getMessage()]    # made anew


def test_a_cache_folder_that_is_a_file_is_a_miss(tmp_path, caplog):
    raw = many_documents(tmp_path / "raw", 3)
    out = tmp_path / "out"
    build(raw, out, workers=1, progress=False)
    shutil.rmtree(out / ".cache")
    (out / ".cache").write_bytes(b"not a folder")
    build(raw, out, workers=1, progress=False)
    assert any("damaged" in r.getMessage() for r in caplog.records)
    build(raw, tmp_path / "clean", workers=1, progress=False)
    assert outputs(out) == outputs(tmp_path / "clean")
