"""The batch: every supported file under the raw folder into the output tables.

Documents are processed by `process_file` in worker processes (all cores by
default), or on a Dask cluster, and their rows are written in `doc_id` order, so
any number of workers writes the same bytes. Results are cached by the file's
content, the options and the pipeline's code, so a rebuild processes only what changed.
"""
from __future__ import annotations

import hashlib
import logging
import os
import pickle
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import __version__
from pipeline.read import SUPPORTED_SUFFIXES, ReadError
from pipeline.tables import TABLES, document_rows
from pipeline.write import TableSink

log = logging.getLogger("pipeline")

CHUNK = 64              # documents handed out at a time, per worker
CACHE_DIR = ".cache"    # under the output folder


@dataclass(frozen=True)
class Input:
    path: Path
    doc_id: str
    source: str          # relative to the raw folder, with forward slashes


@dataclass
class Result:
    source: str
    doc_id: str
    rows: dict | None = None
    text: str = ""
    error: str = ""


@dataclass
class Summary:
    documents: int = 0
    from_cache: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)
    rows: Counter = field(default_factory=Counter)
    seconds: float = 0.0

    def report(self) -> str:
        lines = [f"{self.documents} documents read ({self.from_cache} unchanged, from cache), "
                 f"{len(self.errors)} errors, {self.seconds:.1f} s"]
        lines += [f"  {t:<12} {self.rows[t]:>9} rows" for t in TABLES]
        lines += [f"  error: {source}: {reason}" for source, reason in self.errors]
        return "\n".join(lines)


def discover(raw: Path) -> list[Input]:
    """Every supported file under `raw`, with its doc_id (the stem; `stem.ext` where
    two inputs share a stem), sorted by doc_id."""
    paths = sorted(p for p in raw.rglob("*")
                   if p.is_file() and not p.name.startswith(".")
                   and p.suffix.lower() in SUPPORTED_SUFFIXES)
    stems = Counter(p.stem for p in paths)
    inputs, used = [], set()
    for p in paths:
        doc_id = p.stem if stems[p.stem] == 1 else p.name
        while doc_id in used:   # the same name in two folders
            doc_id = f"{doc_id}_{len(used)}"
        used.add(doc_id)
        inputs.append(Input(p, doc_id, p.relative_to(raw).as_posix()))
    return sorted(inputs, key=lambda i: i.doc_id)


def code_fingerprint() -> str:
    """The pipeline's version and the hash of its code: a cache entry from other
    code is never reused."""
    h = hashlib.sha256(__version__.encode())
    for path in sorted(Path(__file__).parent.rglob("*.py")):
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def process_one(item: Input, pdf_engine: str | None, data: bytes | None = None) -> Result:
    """The unit of work a worker runs: never raises, a bad file is a `Result` with an error."""
    from pipeline.process import process_file

    try:
        doc = process_file(item.path, item.doc_id, item.source, pdf_engine=pdf_engine, data=data)
    except ReadError as e:
        return Result(item.source, item.doc_id, error=str(e))
    except Exception as e:  # a bug must not stop the batch; it is reported per file
        return Result(item.source, item.doc_id, error=f"internal error: {type(e).__name__}: {e}")
    return Result(item.source, item.doc_id, rows=document_rows(doc), text=doc.text)


class Cache:
    """One pickle per document, keyed by content, options and code."""

    def __init__(self, folder: Path, salt: str):
        self.folder = folder
        self.salt = salt
        folder.mkdir(parents=True, exist_ok=True)

    def key(self, item: Input, digest: str) -> Path:
        k = hashlib.sha256(f"{self.salt}|{digest}|{item.doc_id}|{item.source}".encode()).hexdigest()
        return self.folder / k[:2] / f"{k}.pkl"

    def get(self, path: Path) -> Result | None:
        try:
            with open(path, "rb") as f:
                return pickle.load(f)
        except (OSError, pickle.UnpicklingError, EOFError):
            return None

    def put(self, path: Path, result: Result) -> None:
        path.parent.mkdir(exist_ok=True)
        tmp = path.with_suffix(".tmp")
        with open(tmp, "wb") as f:
            pickle.dump(result, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)


def file_digest(path: Path) -> str:
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def run_local(items: list[Input], workers: int, pdf_engine):
    if workers <= 1 or len(items) <= 1:
        for item in items:
            yield process_one(item, pdf_engine)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        chunk = max(1, min(CHUNK, len(items) // (workers * 4) or 1))
        yield from pool.map(process_one, items, [pdf_engine] * len(items), chunksize=chunk)


def run_dask(items: list[Input], address: str, pdf_engine):
    """The same function on a Dask cluster; files travel as bytes, so workers need
    no shared disk. Results come back in input order, a window at a time."""
    from distributed import Client

    with Client(address) as client:
        window = max(CHUNK, 4 * sum(client.nthreads().values()))
        for i in range(0, len(items), window):
            part = items[i:i + window]
            futures = [client.submit(process_one, item, pdf_engine, item.path.read_bytes(),
                                     pure=False) for item in part]
            yield from client.gather(futures)


class Progress:
    """A bar on a terminal, a log line every few seconds elsewhere."""

    def __init__(self, total: int, enabled: bool):
        self.total, self.done, self.started, self.last = total, 0, time.monotonic(), 0.0
        self.bar = None
        if enabled and sys.stderr.isatty():
            from tqdm import tqdm
            self.bar = tqdm(total=total, unit="doc", file=sys.stderr)
        self.enabled = enabled

    def update(self, n: int = 1) -> None:
        self.done += n
        if self.bar:
            self.bar.update(n)
            return
        now = time.monotonic()
        if self.enabled and (now - self.last > 5 or self.done == self.total):
            self.last = now
            rate = self.done / max(now - self.started, 1e-9)
            left = (self.total - self.done) / rate if rate else 0
            log.info("%d/%d documents, %.1f doc/s, %.0f s left", self.done, self.total, rate, left)

    def close(self) -> None:
        if self.bar:
            self.bar.close()


def build(raw: Path, out: Path, workers: int | None = None, scheduler: str | None = None,
          force: bool = False, pdf_engine: str | None = None, progress: bool = True,
          workbook: bool = True) -> Summary:
    started = time.monotonic()
    items = discover(raw)
    workers = workers or os.cpu_count() or 1
    cache = Cache(out / CACHE_DIR, f"{code_fingerprint()}|{pdf_engine}")
    keys = {item.doc_id: cache.key(item, file_digest(item.path)) for item in items}
    cached = {} if force else {d: r for d, k in keys.items() if (r := cache.get(k)) is not None}
    todo = [item for item in items if item.doc_id not in cached]
    summary = Summary(documents=len(items), from_cache=len(cached))
    bar = Progress(len(items), progress)
    bar.update(len(cached))
    fresh = run_dask(todo, scheduler, pdf_engine) if scheduler else run_local(todo, workers, pdf_engine)
    sink = TableSink(out, workbook=workbook)
    try:
        pending = iter(fresh)
        for item in items:
            result = cached.get(item.doc_id)
            if result is None:
                result = next(pending)
                if not result.error:  # a failure may be fixed by installing a tool: retry it
                    cache.put(keys[item.doc_id], result)
                bar.update()
            if result.error:
                log.warning("%s: %s", result.source, result.error)
                summary.errors.append((result.source, result.error))
                sink.add("errors", [(result.source, result.error)])
                continue
            for table, rows in result.rows.items():
                sink.add(table, rows)
            sink.add_text(result.doc_id, result.text)
        sink.commit()
    except BaseException:
        sink.abort()
        raise
    finally:
        bar.close()
    summary.rows.update(sink.counts)
    summary.seconds = time.monotonic() - started
    return summary
