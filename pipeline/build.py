"""The batch: every supported file under the raw folder into the output tables.

Documents are processed by `process_file` in worker processes (all cores by
default), or on a Dask cluster, and their rows are written in `doc_id` order, so
any number of workers writes the same bytes. Results are cached by the file's
content, the options and the pipeline's code, so a rebuild processes only what changed;
a rebuild where nothing changed at all rewrites nothing.

Memory stays flat however many documents there are: work is handed out a few
batches ahead of the writer, and each document's result, fresh or cached, is loaded
only when its turn to be written comes.
"""
from __future__ import annotations

import hashlib
import logging
import os
import pickle
import shutil
import sys
import time
import zlib
from collections import Counter, deque
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager, nullcontext
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from functools import lru_cache
from itertools import chain, islice
from operator import itemgetter
from pathlib import Path
from typing import NamedTuple

import pyarrow as pa

from pipeline import __version__
from pipeline.generations import Generations, remove
from pipeline.guard import (FAILED, IDLE, GuardedPool, Limits, TookTooLong, document_started,
                            guarded_call, time_limit)
from pipeline.imports import missing
from pipeline.publish import WRITTEN, write_beside_tables
from pipeline.lock import locked
from pipeline.read import SUPPORTED_SUFFIXES, ReadError
from pipeline.tables import COLUMNS, TABLES, document_rows
from pipeline.write import SCHEMAS, Span, TableSink, to_batch, write_file

log = logging.getLogger("pipeline")

# a task handed to a worker holds up to CHUNK text files: each task costs about 2 ms
# besides its documents (columns made and sent, a future, a wake-up of the writer),
# 8% of a two-worker build with tasks of 8 (docs/performance.md)
CHUNK = 32
# what a document of a kind counts for against CHUNK: reading a PDF or Word file takes
# longer than a text file (and a scan's OCR far longer), so their tasks hold fewer, and
# the progress and the last tasks' balance between the workers stay fine-grained
COST = {".pdf": 8, ".doc": 8, ".docx": 4, ".docm": 4}
# tasks per worker handed out ahead of the writer: enough work (some 500 documents on
# two cores) for the workers to go on while the writer turns 20,000 rows into Parquet
# and workbook columns, a few tenths of a second
AHEAD = 8
# the rows buffered in every table are also written when these many documents are
# left, not all at the end: after the workers have stopped, what is left to write runs
# on one core while the others wait (0.4 s of a 10 s build on two cores). Each write is
# a quarter of the one before, so the writer's work stays spread out while the workers
# finish, and few writes are added (each costs some 25 ms however few its rows)
END_AT = frozenset({4096, 1024, 256, 64, 16})
WORKER_NICE = 5         # worker processes' scheduling priority below the writer's
CACHE_DIR = ".cache"    # under the output folder
DIGESTS = "digests.pickle"      # in the cache folder: stat signature → sha256, per input path
MANIFEST = "manifest.pickle"    # in the cache folder: what the last build read and wrote
CACHE_INDEX = "index.pickle"    # in a code fingerprint's folder: cache key → where its entry is
# where a clause's text, start and end are in its row
CLAUSE_TEXT, CLAUSE_START, CLAUSE_END = ([c for c, _ in COLUMNS["clauses"]].index(name)
                                         for name in ("text", "start", "end"))
# a file changed within this long of being hashed may change again unseen within the
# file system's clock tick; its digest is not remembered (git's "racily clean" entries)
RACY_NS = 2_000_000_000


@dataclass(frozen=True, slots=True)
class Input:
    file: str            # the file's path (a string: a million Paths weigh too much)
    doc_id: str
    source: str          # relative to the raw folder, with forward slashes

    @property
    def path(self) -> Path:
        return Path(self.file)


@dataclass
class Result:
    source: str
    doc_id: str
    rows: dict | None = None
    text: str = ""
    error: str = ""
    sha256: str = ""     # of the bytes that were processed
    # the file's stat signature when it was read, where its digest may be remembered
    signature: tuple | None = None

    def pack(self) -> bytes:
        """Pickled, each clause's text left out where it is the document's text from the
        clause's start to its end (as segmenting cuts it): the clauses hold most of the
        text a second time, and the payload crosses a pipe and is cached."""
        rows = self.rows
        if rows and rows.get("clauses"):
            text = self.text
            rows = dict(rows, clauses=[
                row[:CLAUSE_TEXT] + (None,) + row[CLAUSE_TEXT + 1:]
                if row[CLAUSE_TEXT] == text[row[CLAUSE_START]:row[CLAUSE_END]] else row
                for row in rows["clauses"]])
        return pickle.dumps(replace(self, rows=rows), protocol=pickle.HIGHEST_PROTOCOL)

    @staticmethod
    def unpack(payload: bytes) -> Result:
        """What `pack` pickled, the clauses' texts cut from the document's text again."""
        result = pickle.loads(payload)
        if result.rows and result.rows.get("clauses"):
            text = result.text
            result.rows["clauses"] = [
                row[:CLAUSE_TEXT] + (text[row[CLAUSE_START]:row[CLAUSE_END]],) + row[CLAUSE_TEXT + 1:]
                if row[CLAUSE_TEXT] is None else row
                for row in result.rows["clauses"]]
        return result


@dataclass
class Summary:
    documents: int = 0
    from_cache: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)
    rows: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    up_to_date: bool = False    # nothing changed since the last build: nothing was written

    def report(self) -> str:
        lines = [f"{self.documents} documents read ({self.from_cache} unchanged, from cache), "
                 f"{len(self.errors)} errors, {self.seconds:.1f} s"]
        if self.up_to_date:
            lines.append("  nothing changed since the last build: the tables are up to date")
        lines += [f"  {t:<12} {self.rows[t]:>9} rows" for t in TABLES]
        lines += [f"  error: {source}: {reason}" for source, reason in self.errors]
        return "\n".join(lines)


def discover(raw: Path) -> list[Input]:
    """Every supported file under `raw`, with its doc_id (the stem; `stem.ext` where
    two inputs share a stem), sorted by doc_id."""
    found = sorted(parts for parts in files_under(str(raw))
                   if not parts[-1].startswith(".")
                   and os.path.splitext(parts[-1])[1].lower() in SUPPORTED_SUFFIXES)
    stems = Counter(os.path.splitext(parts[-1])[0] for parts in found)
    inputs, used = [], set()
    for parts in found:
        name = parts[-1]
        stem = os.path.splitext(name)[0]
        doc_id = stem if stems[stem] == 1 else name
        while doc_id in used:   # the same name in two folders
            doc_id = f"{doc_id}_{len(used)}"
        used.add(doc_id)
        inputs.append(Input(os.path.join(str(raw), *parts), doc_id, "/".join(parts)))
    return sorted(inputs, key=lambda i: i.doc_id)


def files_under(folder: str, parts: tuple[str, ...] = ()):
    """The path of every file under `folder`, as a tuple of names relative to it (the
    order of `Path`s), with links to files but not into linked folders, as
    `Path.rglob` goes; `os.scandir` knows which entries are folders without a `stat`
    each, some ten times as fast for 10,000 files."""
    with os.scandir(os.path.join(folder, *parts)) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                yield from files_under(folder, parts + (entry.name,))
            elif entry.is_file():
                yield parts + (entry.name,)


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """The pipeline's version and the hash of its code: a cache entry from other
    code is never reused."""
    h = hashlib.sha256(__version__.encode())
    for path in sorted(Path(__file__).parent.rglob("*.py")):
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def process_one(item: Input, pdf_engine: str | None, data: bytes | None = None,
                seconds: float | None = None) -> Result:
    """One document's work: never raises, a bad file is a `Result` with an error. Read
    here (not given as `data`), the file's stat signature comes with it, and the digest
    of a file that failed too, for the build to remember. `seconds`: a time limit kept
    in this process (a worker's is kept by the build, `pipeline.guard`)."""
    from pipeline.process import process_file

    signature = None
    try:
        if data is None:
            signature = stat_signature(os.stat(item.file))
            data = item.path.read_bytes()
            if racy(signature):
                signature = None
        with time_limit(seconds) if seconds else nullcontext():
            doc = process_file(item.path, item.doc_id, item.source, pdf_engine=pdf_engine, data=data)
    except (Exception, TookTooLong) as e:
        if isinstance(e, TookTooLong):
            reason = FAILED + str(e)
        elif isinstance(e, ReadError):
            reason = str(e)
        elif isinstance(e, OSError) and data is None:     # gone, or not readable
            reason = f"cannot read the file: {e.strerror or e}"
        elif isinstance(e, MemoryError):        # over the worker's ceiling (guard.py)
            reason = FAILED + "it needs more memory than a document may use (--doc-memory)"
        else:                                           # a bug must not stop the batch
            reason = f"internal error: {type(e).__name__}: {e}"
        return Result(item.source, item.doc_id, error=reason, signature=signature,
                      sha256=hashlib.sha256(data).hexdigest() if data is not None else "")
    return Result(item.source, item.doc_id, rows=document_rows(doc), text=doc.text,
                  sha256=doc.sha256, signature=signature)


@dataclass
class Task:
    """What a worker returns for a few documents: its code fingerprint (a cluster may
    run other code than the client), each document's packed `Result` (pickled in the
    worker, so the writer caches the bytes without pickling them again) and, where the
    worker wrote the texts (`done` is set), each `Result` without its rows and text,
    with the rows of all the documents as Arrow columns per table (`columns`, each an
    Arrow IPC message: some eight times as fast to send as a pickled batch) and how
    many rows each document has in each (`sizes`): the writer then never unpickles the
    rows one by one nor turns them into columns itself."""

    fingerprint: str
    payloads: list[bytes | Stored | None]
    done: list[Result] | None = None
    columns: dict | None = None
    sizes: list[dict] | None = None

    def documents(self):
        """(packed result, or where the worker stored it in the cache (`Stored`), or
        None for a failure it did not store; `Result` or None, whether its text is
        written, its rows as `Span`s of the columns by table or None), a document at a
        time."""
        if self.done is None:
            yield from ((payload, None, False, None) for payload in self.payloads)
            return
        columns = {table: pa.ipc.read_record_batch(pa.py_buffer(message), SCHEMAS[table])
                   for table, message in self.columns.items()}
        at = dict.fromkeys(columns, 0)
        for payload, result, sizes in zip(self.payloads, self.done, self.sizes):
            pieces = {}
            for table, n in sizes.items():
                if n:
                    start = at[table]
                    pieces[table] = Span(columns[table], start, start + n)
                    at[table] = start + n
            yield payload, result, True, pieces


def process_batch(items: list[Input], pdf_engine: str | None, data: list[bytes] | None = None,
                  texts: str | None = None, cache: tuple[str, int] | None = None,
                  failed: dict[int, str] | None = None) -> Task:
    """A task: a few documents. Given `texts` (the folder the texts are staged in, on
    this machine), the worker writes each document's text there itself — creating a
    file is the costliest thing the writer would otherwise do for a document — and
    returns the rows as columns (`Task`). Given `cache` too (the cache's folder and the
    first pack number free for workers), it appends the packed results to a pack of its
    own there and returns where they are instead of the bytes. `failed`: the documents
    (by index) that killed a worker before, and why; they are not processed again."""
    data = data or [None] * len(items)
    failed = failed or {}
    task = Task(code_fingerprint(), [])
    if texts:
        task.done, task.sizes = [], []
        rows: dict[str, list] = {table: [] for table in COLUMNS}
    for i, (item, d) in enumerate(zip(items, data)):
        document_started(i)
        if i in failed:
            result = Result(item.source, item.doc_id, error=failed[i])
        else:
            result = process_one(item, pdf_engine, d)
        task.payloads.append(result.pack() if not (cache and result.error) else None)
        if not texts:
            continue
        sizes = {}
        if not result.error:
            write_file(Path(texts) / f"{result.doc_id}.txt", result.text.encode("utf-8"))
            for table, table_rows in result.rows.items():
                rows[table].extend(table_rows)
                sizes[table] = len(table_rows)
        task.done.append(replace(result, rows=None, text=""))
        task.sizes.append(sizes)
    document_started(IDLE)
    if texts:
        task.columns = {table: to_batch(table, r).serialize().to_pybytes()
                        for table, r in rows.items() if r}
        if cache:
            task.payloads = WorkerPack.store(*cache, task.payloads)
    return task


class Stored(NamedTuple):
    """Where a worker stored a packed `Result` in the cache: an entry of its index."""
    pack: int
    offset: int
    length: int
    crc: int


class WorkerPack:
    """The pack file a worker process appends the packed results it makes to, one per
    worker and build (the first free number from the one the build gives), so the
    results do not cross the pipe to the writer and the writer does not write them
    (160 MB for 10,000 documents). The writer indexes what it is told is there; a
    worker that dies leaves bytes no index names."""

    file = None
    folder = ""
    pack = 0

    @classmethod
    def store(cls, folder: str, first: int, payloads: list[bytes | None]) -> list[Stored | None]:
        if not any(payloads):
            return payloads
        if cls.file is None or cls.folder != folder or cls.pack < first:
            cls._open(folder, first)
        at = cls.file.seek(0, os.SEEK_END)
        stored = []
        for payload in payloads:
            if payload is None:
                stored.append(None)
                continue
            stored.append(Stored(cls.pack, at, len(payload), zlib.crc32(payload)))
            at += len(payload)
        cls.file.write(b"".join(p for p in payloads if p is not None))
        cls.file.flush()            # in the file before the writer indexes it
        return stored

    @classmethod
    def _open(cls, folder: str, first: int) -> None:
        if cls.file is not None:
            cls.file.close()
        pack = first
        while True:
            try:
                fd = os.open(Path(folder) / pack_name(pack), os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666)
                break
            except FileExistsError:         # another worker's
                pack += 1
        cls.file, cls.folder, cls.pack = os.fdopen(fd, "wb"), folder, pack


class Cache:
    """Pickled `Result`s keyed by content, options and code, in a few large files.

    A build appends the entries it makes to a pack file of its own (and each local
    worker those it makes to one of its own, `WorkerPack`) and, when it ends, saves
    the index (key → pack, offset, length, checksum); a build that fails leaves
    entries no index names, never an index naming what is not there. Entries live in a
    folder per code fingerprint and options; a build removes the folders of other code
    and forgets the entries of files it no longer reads, and packs mostly holding such
    entries are rewritten, so the cache holds about one corpus' worth of results. One
    file a build instead of one a document: creating a file costs more than writing
    the entry (docs/performance.md).
    """

    def __init__(self, root: Path, salt: str):
        self.root = root
        self.salt = salt
        self.folder = root / hashlib.sha256(salt.encode()).hexdigest()[:16]
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except (FileExistsError, NotADirectoryError):   # a file where a folder belongs
            log.warning("the cache %s is damaged: it is ignored and made again", root)
            remove(root)
            self.folder.mkdir(parents=True)
        self.index: dict[str, tuple[int, int, int, int]] = \
            load_state(self.folder / CACHE_INDEX, is_cache_index) or {}
        self.packs: dict[int, object] = {}          # pack number → open file, for reading
        self.pack = max(self._packs(), default=0) + 1
        self.writer = None                          # this build's pack, opened on the first entry
        self.written = 0

    def key(self, item: Input, digest: str) -> str:
        return hashlib.sha256(f"{self.salt}|{digest}|{item.doc_id}|{item.source}".encode()).hexdigest()

    def __contains__(self, key: str) -> bool:
        return key in self.index

    def get(self, key: str) -> Result | None:
        """The entry, or None where it cannot be read back as it was written."""
        payload = self._read(key)
        try:
            return None if payload is None else Result.unpack(payload)
        except Exception:
            return None

    def _read(self, key: str) -> bytes | None:
        """The entry's bytes, None if they are not what was written."""
        try:
            pack, offset, length, crc = self.index[key]
            if pack == self.pack and self.writer:
                self.writer.flush()
            f = self.packs.get(pack) or self.packs.setdefault(pack, open(self._path(pack), "rb"))
            f.seek(offset)
            data = f.read(length)
        except (KeyError, OSError):
            return None
        return data if len(data) == length and zlib.crc32(data) == crc else None

    def put(self, key: str, payload: bytes) -> None:
        """Store a pickled `Result`: appended to this build's pack, indexed in memory."""
        if self.writer is None:
            self.writer = open(self._path(self.pack), "ab")
            self.written = self.writer.tell()
        self.writer.write(payload)
        self.index[key] = (self.pack, self.written, len(payload), zlib.crc32(payload))
        self.written += len(payload)

    def save(self, keep: set[str]) -> None:
        """Keep the entries in `keep` only, rewrite packs that are mostly forgotten
        entries, save the index, and remove other code's folders."""
        self.close()
        self.index = {k: v for k, v in self.index.items() if k in keep}
        live: Counter = Counter()
        for pack, _, length, _ in self.index.values():
            live[pack] += length
        sizes = {pack: self._path(pack).stat().st_size for pack in self._packs()}
        stale = {pack for pack, size in sizes.items() if live[pack] * 2 < size or not size}
        if any(live[pack] for pack in stale):
            self._rewrite(stale, above=max(sizes))
        dump_pickle(self.folder / CACHE_INDEX, self.index)
        for pack in stale:
            remove(self._path(pack))
        for folder in self.root.iterdir():
            if folder.is_dir() and folder != self.folder:
                shutil.rmtree(folder, ignore_errors=True)

    def _rewrite(self, packs: set[int], above: int) -> None:
        """Copy the entries still indexed in `packs` into a new pack, numbered above
        `above` and this build's own (workers' packs may be numbered higher)."""
        self.pack = max(self.pack, above) + 1
        moving = [(key, entry) for key, entry in self.index.items() if entry[0] in packs]
        for key, _ in sorted(moving, key=lambda kv: kv[1][:2]):
            payload = self._read(key)
            if payload is None:
                del self.index[key]
            else:
                self.put(key, payload)
        self.close()

    def close(self) -> None:
        if self.writer:
            self.writer.close()
            self.writer = None
        for f in self.packs.values():
            f.close()
        self.packs.clear()

    def adopt(self, key: str, stored: Stored) -> None:
        """Index an entry a worker wrote into a pack of its own."""
        self.index[key] = tuple(stored)

    def _path(self, pack: int) -> Path:
        return self.folder / pack_name(pack)

    def _packs(self) -> list[int]:
        """The numbers of the pack files there are (other files are not the cache's)."""
        return [int(p.stem) for p in self.folder.glob("*.pack") if p.stem.isdigit()]


def pack_name(pack: int) -> str:
    return f"{pack:06d}.pack"


def file_digest(path: Path | str) -> str:
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


class Digests:
    """The sha256 of every input, read again only when the file may have changed.

    A file's digest is reused while its size, modification and change times and inode
    are what they were when it was hashed; a write changes them (and restoring an
    old modification time changes the change time). A file changed within
    `RACY_NS` of being hashed could change again within the same clock tick, so its
    digest is not remembered: it is hashed again next time.
    """

    def __init__(self, path: Path, read: bool = True):
        """`read` false: the index is only written (the files are hashed by the workers,
        `remember`), so the last build's is not loaded."""
        self.path = path
        self.known: dict[str, tuple] = (load_state(path, is_digests) or {}) if read else {}
        self.seen: dict[str, tuple] = {}     # the files of this build: what is saved

    def digest(self, file: str) -> str:
        """The file's sha256; "" where it cannot be read (processing it says why)."""
        name = os.path.abspath(file)
        try:
            signature = stat_signature(os.stat(name))
            known = self.known.pop(name, None)
            digest = known[1] if known and known[0] == signature else file_digest(name)
        except OSError:
            return ""
        if not racy(signature):
            self.seen[name] = (signature, digest)
        return digest

    def remember(self, file: str, signature: tuple, digest: str) -> None:
        """The digest of a file hashed elsewhere (by a worker), with its signature then."""
        self.seen[os.path.abspath(file)] = (signature, digest)

    def save(self) -> None:
        dump_pickle(self.path, self.seen)


def stat_signature(st: os.stat_result) -> tuple:
    return st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino


def racy(signature: tuple) -> bool:
    """Whether the file changed too recently for its digest to be remembered."""
    return time.time_ns() - max(signature[1], signature[2]) <= RACY_NS


def load_state(path: Path, valid):
    """The pickled value at `path`, or None where there is none that `valid` accepts:
    a missing file is a miss; a damaged one (unreadable, truncated, of another shape,
    written by other code) is a miss with a warning, and the build writes it anew."""
    try:
        with open(path, "rb") as f:
            value = pickle.load(f)
        if valid(value):
            return value
    except FileNotFoundError:
        return None
    except Exception:
        pass
    log.warning("%s is damaged: it is ignored and made again", path)
    return None


def is_cache_index(value) -> bool:
    """key → (pack, offset, length, crc), all of them whole numbers, none negative.
    Checked a column at a time with C-level `map`s (some 10 ms for 85,000 entries; a
    loop over the entries took twenty times as long, on every rebuild)."""
    if not isinstance(value, dict):
        return False
    entries = value.values()
    if not (kinds(value) <= {str} and kinds(entries) <= {tuple} and set(map(len, entries)) <= {4}):
        return False
    numbers = list(chain.from_iterable(entries))
    return kinds(numbers) <= {int} and min(numbers, default=0) >= 0


def is_digests(value) -> bool:
    """path → (stat signature: four whole numbers, sha256), checked as the index is."""
    if not isinstance(value, dict):
        return False
    known = value.values()
    if not (kinds(value) <= {str} and kinds(known) <= {tuple} and set(map(len, known)) <= {2}):
        return False
    signatures = list(map(itemgetter(0), known))
    return (kinds(signatures) <= {tuple} and set(map(len, signatures)) <= {4}
            and kinds(chain.from_iterable(signatures)) <= {int}
            and kinds(map(itemgetter(1), known)) <= {str})


def kinds(values) -> set:
    return set(map(type, values))


def is_manifest(value) -> bool:
    return (isinstance(value, dict) and type(value.get("state")) is str
            and type(value.get("outputs")) is str
            and isinstance(value.get("errors"), list)
            and all(type(e) is tuple and len(e) == 2 and all(type(x) is str for x in e)
                    for e in value["errors"])
            and isinstance(value.get("rows"), dict)
            and all(type(n) is int for n in value["rows"].values()))


def dump_pickle(path: Path, value) -> None:
    """Written whole or not at all (a temporary file renamed over the old one); on a
    failure, a full disk say, the temporary file is removed and the old one kept."""
    tmp = path.with_suffix(".tmp")
    try:
        with open(tmp, "wb") as f:
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        if path.is_dir() and not path.is_symlink():     # a folder where the file belongs
            remove(path)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def output_signature(out: Path, workbook: bool, texts: bytes | None = None) -> str:
    """The size and time of every file written, hashed; "" where one is missing.
    `texts`: the texts' part (`texts_signature`), where taken already."""
    names = [f"{t}.{ext}" for t in TABLES for ext in ("csv", "parquet")] + ["errors.csv"] + WRITTEN
    if workbook:
        names.append("policy_tables.xlsx")
    h = hashlib.sha256()
    try:
        for name in names:
            st = os.stat(out / name)
            h.update(f"{name}|{st.st_size}|{st.st_mtime_ns}\n".encode())
    except OSError:     # a file is missing
        return ""
    texts = texts_signature(out / "text") if texts is None else texts
    if texts is None:
        return ""
    h.update(texts)
    return h.hexdigest()


SCANDIR_FD = os.scandir in os.supports_fd     # not on Windows


def texts_signature(folder: Path) -> bytes | None:
    """The size and time of every text in `folder`, None where it cannot be read. The
    same after the folder is renamed: a build takes it from the staging folder while
    the folder is put in place, so the files are looked up through the folder's
    descriptor, not its path."""
    try:
        fd = os.open(folder, os.O_RDONLY) if SCANDIR_FD else None
    except OSError:
        return None
    try:
        entries = sorted(os.scandir(folder if fd is None else fd), key=lambda e: e.name)
        lines = []
        for entry in entries:
            st = entry.stat()       # relative to the descriptor where there is one
            lines.append(f"text/{entry.name}|{st.st_size}|{st.st_mtime_ns}\n")
        return "".join(lines).encode()
    except OSError:
        return None
    finally:
        if fd is not None:
            os.close(fd)


def tasks(items: list[Input]):
    """The items in consecutive groups, a task each, of at most `CHUNK` by their `COST`
    (one item at least)."""
    task, load = [], 0
    for item in items:
        cost = COST.get(os.path.splitext(item.file)[1].lower(), 1)
        if task and load + cost > CHUNK:
            yield task
            task, load = [], 0
        task.append(item)
        load += cost
    if task:
        yield task


def in_order(submit, tasks, window: int):
    """The results of `submit(task)` for every task, in the tasks' order, with at most
    `window` tasks handed out and not yet consumed. `submit` returns a future; the first
    `window` tasks are handed out at once, so work starts before the first result is
    asked for."""
    tasks = iter(tasks)
    pending = deque(submit(t) for t in islice(tasks, window))

    def results():
        while pending:
            result = pending.popleft().result()
            pending.extend(submit(t) for t in islice(tasks, 1))
            yield result
    return results()


def start_worker() -> None:
    """A worker process's start: below the writer's priority (the writer is the one
    that cannot be split), with the code and jieba's dictionary loaded before the first
    document, while the writer still finds the inputs.

    A worker does not need pandas, which pyarrow imports at its first conversion of a
    list (0.25 s) only to ask whether the list is a pandas object: it is kept out of
    the worker. (Not out of the writer: a program that calls `build` may use pyarrow's
    pandas conversions.)"""
    os.nice(WORKER_NICE)
    with missing("pandas"):
        import pipeline.process  # noqa: F401
        pa.array([0])           # pyarrow asks for pandas now, once, and not again
    from pipeline.extract.units import load_dictionary

    load_dictionary()


@contextmanager
def worker_pool(workers: int, limits: Limits):
    """A pool of `workers` watched-over processes (`pipeline.guard`), started now, not
    at the first task; killed at once if the build fails."""
    pool = GuardedPool(workers, limits, initializer=start_worker)
    try:
        yield pool
    except BaseException:
        pool.shutdown(failed=True)
        raise
    pool.shutdown()


@contextmanager
def run_local(items: list[Input], workers: int, pdf_engine, texts: str | None = None,
              pool: GuardedPool | None = None, cache: tuple[str, int] | None = None,
              limits: Limits = Limits()):
    """Each item's packed `Result` (or where it is stored), the `Result` itself where it
    is at hand (else None), whether its text is written and its rows as columns (else
    None), in order (`Task.documents`): in this process for one worker (the writer
    writes the texts), else in a pool of processes (`pool`, or one of its own) that
    write them into `texts`, and the packed results into the cache (`cache`: its folder
    and the first pack number free for them), if given."""
    if workers <= 1 or len(items) <= 1:
        yield ((result.pack(), result, False, None)
               for result in (process_one(item, pdf_engine, seconds=limits.seconds) for item in items))
        return
    with nullcontext(pool) if pool else worker_pool(workers, limits) as pool:
        done = in_order(lambda batch: pool.submit(process_batch, batch, pdf_engine, None, texts,
                                                  cache if texts else None),
                        tasks(items), workers * AHEAD)
        yield (document for task in done for document in task.documents())


@contextmanager
def run_dask(items: list[Input], address: str, pdf_engine, limits: Limits = Limits()):
    """The same on a Dask cluster; files travel as bytes, so workers need no shared disk.
    Each Dask worker thread runs its tasks in a watched-over child process of its own
    (`pipeline.guard`), under the same limits as local workers."""
    from distributed import Client

    expected = code_fingerprint()

    def checked(results):
        for task in results:
            if task.fingerprint != expected:
                raise RuntimeError("a Dask worker runs other pipeline code than this client "
                                   f"(code {task.fingerprint}, here {expected}): install the same "
                                   "version on every worker")
            yield from task.documents()

    with Client(address) as client:
        threads = sum(client.nthreads().values())
        log.info("Dask scheduler %s: %d workers, %d threads", address,
                 len(client.nthreads()), threads)

        def submit(batch):
            return client.submit(guarded_call, process_batch, batch, limits, start_worker, pdf_engine,
                                 [item.path.read_bytes() for item in batch], pure=False)
        # a build that ends, fails or is killed releases its tasks with its client: the
        # scheduler drops those not started, and a running one ends within the limits
        yield checked(in_order(submit, tasks(items), max(threads, 1) * AHEAD))


class Progress:
    """A bar on a terminal, a log line every few seconds elsewhere."""

    def __init__(self, total: int, enabled: bool):
        self.total, self.done, self.started, self.last = total, 0, time.monotonic(), time.monotonic()
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

    def warn(self, message: str) -> None:
        """A warning that does not tear the bar."""
        if self.bar:
            self.bar.write(message, file=sys.stderr)
        else:
            log.warning("%s", message)

    def close(self) -> None:
        if self.bar:
            self.bar.close()


@dataclass
class Plan:
    """What a build has to do: every input, its content's digest, and whether it must be
    processed (no usable cache entry). Kept lean, a few hundred bytes a document."""

    items: list[Input]
    digests: list[str]
    todo: bytearray          # 1 where the item is processed, aligned with `items`
    state: str               # hash of the options and every input's cache key
    damaged: int = 0         # cache entries found but unreadable when their turn came
    # where the inputs were not hashed when planned: the digest index their digests,
    # learnt from the workers' results, are remembered in
    index: Digests | None = None

    def fresh(self) -> list[Input]:
        return [item for item, t in zip(self.items, self.todo) if t]

    def learn(self, i: int, result: Result) -> str:
        """Item `i`'s digest from its result, remembered with the file's signature."""
        self.digests[i] = result.sha256
        if result.signature and result.sha256:
            self.index.remember(self.items[i].file, result.signature, result.sha256)
        return result.sha256


def plan(items: list[Input], cache: Cache, force: bool, workbook: bool, hash_now: bool = True) -> Plan:
    """What to process. Where every document will be processed anyway (`hash_now`
    false) the inputs are not read here: the workers hash what they read, and the
    digests and the plan's state are filled in as their results come (`Plan.learn`)."""
    if not hash_now:
        return Plan(items, [""] * len(items), bytearray(b"\x01") * len(items), "",
                    index=Digests(cache.root / DIGESTS, read=False))
    index = Digests(cache.root / DIGESTS)
    digests = [index.digest(item.file) for item in items]
    index.save()
    del index
    todo = bytearray(len(items))
    for i, (item, digest) in enumerate(zip(items, digests)):
        todo[i] = force or cache.key(item, digest) not in cache
    return Plan(items, digests, todo, plan_state(items, digests, cache, workbook))


def plan_state(items: list[Input], digests: list[str], cache: Cache, workbook: bool) -> str:
    """A hash of the options and every input's cache key: equal when nothing changed."""
    state = hashlib.sha256(f"{cache.salt}|{workbook}".encode())
    for item, digest in zip(items, digests):
        state.update(f"{item.doc_id}|{item.source}|{cache.key(item, digest)}\n".encode())
    return state.hexdigest()


def build(raw: Path, out: Path, workers: int | None = None, scheduler: str | None = None,
          force: bool = False, pdf_engine: str | None = None, progress: bool = True,
          workbook: bool = True, wait: bool = False, limits: Limits | None = None) -> Summary:
    """Build the tables of every input under `raw` into `out`. Only one build at a time
    writes to `out` (`wait`: wait for the one that does, else `Busy` is raised); all
    its outputs go into a new generation folder, put in place as a whole at the end
    (`pipeline.generations`). `limits`: each document's time and memory in workers."""
    started = time.monotonic()
    workers = workers or os.cpu_count() or 1
    limits = limits or Limits()
    with ExitStack() as stack:
        stack.enter_context(locked(out, wait))
        output = Generations(out)
        output.clean()
        cache = Cache(out / CACHE_DIR, f"{code_fingerprint()}|{pdf_engine}")
        every = force or not cache.index        # every document will be processed
        pool = None
        if every and not scheduler and workers > 1:
            # the workers start up while the inputs are found
            pool = stack.enter_context(worker_pool(workers, limits))
        work = plan(discover(raw), cache, force, workbook, hash_now=not every)

        def run(batch, texts=None):
            if not batch:
                return nullcontext(iter(()))
            if scheduler:
                return run_dask(batch, scheduler, pdf_engine, limits)
            return run_local(batch, workers, pdf_engine, texts, pool,
                             (str(cache.folder), cache.pack + 1), limits)

        previous = None if force else load_state(cache.root / MANIFEST, is_manifest)
        retried: dict[str, bytes] = {}
        if previous and previous["state"] == work.state:
            retried, same = retry_failures(work, dict(previous["errors"]), run)
            if same and previous["outputs"] == output_signature(out, workbook):
                log.info("%d documents, none changed since the last build", len(work.items))
                return Summary(documents=len(work.items), from_cache=len(work.items) - len(retried),
                               errors=list(previous["errors"]), rows=Counter(previous["rows"]),
                               seconds=time.monotonic() - started, up_to_date=True)

        summary = Summary(documents=len(work.items), from_cache=len(work.items) - sum(work.todo))
        if progress:
            n = sum(work.todo)
            where = (f"the Dask cluster at {scheduler}" if scheduler else
                     "this process" if workers <= 1 or n <= 1 else f"{workers} worker processes")
            log.info("%d documents: %d unchanged, %d to process in %s",
                     len(work.items), summary.from_cache, n, where)
        staged = output.stage()
        sink = None
        bar = Progress(len(work.items), progress)
        try:
            sink = TableSink(staged, workbook=workbook, previous=output.current())
            with run([item for item in work.fresh() if item.doc_id not in retried],
                     str(sink.texts)) as fresh:
                left = len(work.items)
                for result, text_written, columns in results_in_order(work, cache, fresh, retried,
                                                                      pdf_engine):
                    bar.update()
                    left -= 1
                    if left in END_AT:
                        sink.flush()        # the same documents each time: the same bytes
                    if result.error:
                        bar.warn(f"{result.source}: {result.error}")
                        summary.errors.append((result.source, result.error))
                        sink.add("errors", [(result.source, result.error)])
                        sink.drop_text(result.doc_id)   # a worker killed while writing it
                        continue
                    for table, rows in (result.rows if columns is None else columns).items():
                        sink.add(table, rows)
                    if not text_written:
                        sink.add_text(result.doc_id, result.text)
            if work.damaged:
                bar.warn(f"{work.damaged} damaged cache entries were ignored; "
                         "their documents were processed again")
            # after the last document one core finishes the tables; another saves
            # what the next build needs to know meanwhile, and takes the texts' sizes
            # and times for the manifest (the texts are all written by now)
            with ThreadPoolExecutor(max_workers=1, thread_name_prefix="state") as side:
                saved = side.submit(remember, work, cache, workbook)
                text_sizes = side.submit(texts_signature, sink.finish_texts())
                sink.commit(created=workbook_time(work.items))
                saved.result()
            summary.from_cache = sum(1 for t in work.todo if not t) - work.damaged
            summary.rows.update(sink.counts)
            before_switch(staged, summary, previous=output.current())
            output.switch(staged)       # the outputs are in place from here on
        except BaseException:
            if sink:
                sink.abort()
            try:
                cache.close()       # on a full disk its last bytes cannot be written
            except OSError:
                pass
            remove(staged)
            raise
        finally:
            bar.close()
        try:
            output.tidy()
            dump_pickle(cache.root / MANIFEST, {
                "state": work.state, "outputs": output_signature(out, workbook, text_sizes.result()),
                "errors": summary.errors, "rows": dict(summary.rows)})
        except OSError as e:    # the next build will not know it is up to date: it builds again
            log.warning("the outputs are in place, but the record of this build could not be "
                        "saved (%s)", e.strerror or e)
        summary.seconds = time.monotonic() - started
        return summary


def before_switch(staged: Path, summary: Summary, previous: Path | None = None) -> None:
    """The last step of a build before its outputs are put in place: whatever else a
    build makes from its tables (a report, a database) is written into `staged`, the
    new generation's folder, which holds every table and text by now. Anything written
    there is switched in with the tables, and gets its link in the output folder.
    `previous`: the last build's folder, whose unchanged report pages are linked."""
    write_beside_tables(staged, previous=previous)


def workbook_time(items: list[Input]) -> datetime:
    """The time the workbook says it was made: `SOURCE_DATE_EPOCH` where set (the
    reproducible-builds convention), else the newest input's modification time, so
    that the same inputs make the same bytes."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), timezone.utc)
    newest = 0
    for item in items:
        try:
            newest = max(newest, os.stat(item.file).st_mtime_ns)
        except OSError:         # gone since: its error row says so
            pass
    return datetime.fromtimestamp(newest // 1_000_000_000, timezone.utc)


def remember(work: Plan, cache: Cache, workbook: bool) -> None:
    """The digest index, the plan's state (where the inputs were hashed by the workers)
    and the cache's index, saved for the next build."""
    if work.index:
        work.index.save()
        work.state = plan_state(work.items, work.digests, cache, workbook)
    cache.save({cache.key(item, digest) for item, digest in zip(work.items, work.digests)})


def retry_failures(work: Plan, failed: dict[str, str], run) -> tuple[dict[str, bytes], bool]:
    """Where all that is left to process is inputs that failed last time (`failed`:
    source → reason), process them again: a missing tool may be installed by now.
    Returns their results by doc_id, and whether each failed the same way again."""
    todo = work.fresh()
    if not all(item.source in failed for item in todo):
        return {}, False
    with run(todo) as results:
        retried = {item.doc_id: payload for item, (payload, *_) in zip(todo, results)}
    return retried, all(r.error == failed[r.source] for r in map(Result.unpack, retried.values()))


def results_in_order(work: Plan, cache: Cache, fresh, retried: dict[str, bytes], pdf_engine):
    """Every document's `Result`, in doc_id order, whether a worker wrote its text, and
    its rows as columns where a worker made them (the `Result` then has no rows): from
    the cache, loaded only now, or fresh from the workers (and then cached)."""
    for i, (item, digest, todo) in enumerate(zip(work.items, work.digests, work.todo)):
        payload, result, written, columns = None, None, False, None
        if todo:
            payload = retried.pop(item.doc_id, None)
            if payload is None:
                payload, result, written, columns = next(fresh)
        else:
            result = cache.get(cache.key(item, digest))
            if result is None:          # the entry went bad since it was found
                work.damaged += 1
                payload = process_batch([item], pdf_engine).payloads[0]
        if todo or result is None:      # processed now, not read from the cache
            result = result or Result.unpack(payload)
            if not digest:              # not hashed when planned
                digest = work.learn(i, result)
            # a failure is not cached but retried: a missing tool may be installed since
            if not result.error and result.sha256 == digest:
                if isinstance(payload, Stored):     # by the worker, in a pack of its own
                    cache.adopt(cache.key(item, digest), payload)
                else:
                    cache.put(cache.key(item, digest), payload)
        yield result, written, columns
