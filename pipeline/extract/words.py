"""jieba's segmentation of short names, without loading its whole dictionary.

jieba loads its prefix dictionary (half a million words and prefixes of words, with
their frequencies) into a dict before its first cut: some 0.7 s in every process that
cuts anything, longer than a worker spends on a hundred documents. The units table only
asks it where the first word of a name ends (`市场监管局` or `市` + `财政局`), and
a cut only ever looks up the substrings of the text it cuts. So the dictionary is kept
in an SQLite file, made once from jieba's own (in the temporary folder, where jieba
keeps its cache), and for each name only the words among its substrings are read from
it, in one query: jieba then cuts the name with exactly the entries it would have
looked up, and gives exactly its own answer (a test compares the two).
"""
from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
import tempfile
from functools import lru_cache
from pathlib import Path

from pipeline.imports import missing

# jieba imports pkg_resources (0.1 s) only to open its own files, which it opens by
# path without it
with missing("pkg_resources"):
    import jieba

jieba.setLogLevel(logging.WARNING)
log = logging.getLogger("pipeline")

QUERY_SIZE = 500        # substrings per query, below SQLite's limit on parameters
SOURCE = Path(jieba.__file__).with_name(jieba.DEFAULT_DICT_NAME)   # jieba's own dictionary


class Dictionary:
    """jieba's prefix dictionary in SQLite: words (and prefixes of words, frequency 0)
    with their frequencies, the total of the frequencies, the longest word's length."""

    def __init__(self, path: Path | None):
        self.path = path        # None: no file could be written; each process fills one in memory
        self.pid = -1
        self.db: sqlite3.Connection | None = None
        self.total = self.longest = 0

    def connection(self) -> sqlite3.Connection:
        """A connection of this process's own (one made before a fork is not shared)."""
        if self.pid != os.getpid():
            if self.path is None:
                self.db = sqlite3.connect(":memory:")
                fill(self.db)
            else:
                self.db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
            self.total, self.longest = self.db.execute("SELECT total, longest FROM meta").fetchone()
            self.pid = os.getpid()
        return self.db

    def entries(self, text: str) -> dict[str, int]:
        """The dictionary's entries among the substrings of `text`."""
        db = self.connection()
        subs = list({text[i:j] for i in range(len(text))
                     for j in range(i + 1, min(i + self.longest, len(text)) + 1)})
        found: dict[str, int] = {}
        for k in range(0, len(subs), QUERY_SIZE):
            part = subs[k:k + QUERY_SIZE]
            found.update(db.execute(
                f"SELECT word, n FROM words WHERE word IN ({','.join('?' * len(part))})", part))
        return found


def dictionary_path() -> Path:
    """The SQLite file for this jieba and its dictionary file."""
    st = SOURCE.stat()
    key = hashlib.sha256(f"{jieba.__version__}|{SOURCE}|{st.st_size}|{st.st_mtime_ns}".encode())
    return Path(tempfile.gettempdir()) / f"policy-pipeline-jieba-{key.hexdigest()[:16]}.sqlite3"


def make_dictionary(path: Path) -> None:
    """jieba's prefix dictionary, as jieba builds it, into `path` (a second or two,
    once a machine). Written under another name and renamed: processes starting at
    once may each make it, and none reads a half-written file."""
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    db = sqlite3.connect(tmp)
    try:
        fill(db)
    finally:
        db.close()
    os.replace(tmp, path)


def fill(db: sqlite3.Connection) -> None:
    """jieba's prefix dictionary, as jieba builds it, into the tables of `db`."""
    with open(SOURCE, "rb") as f:
        freq, total = jieba.dt.gen_pfdict(f)
    with db:
        db.execute("CREATE TABLE words (word TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID")
        db.executemany("INSERT INTO words VALUES (?, ?)", sorted(freq.items()))
        db.execute("CREATE TABLE meta (total INTEGER, longest INTEGER)")
        db.execute("INSERT INTO meta VALUES (?, ?)", (total, max(map(len, freq))))


@lru_cache(maxsize=1)
def dictionary() -> Dictionary:
    path = dictionary_path()
    if not path.exists():
        try:
            make_dictionary(path)
        except (OSError, sqlite3.Error) as e:     # a temporary folder that cannot be written
            log.warning("jieba's dictionary cannot be copied to %s (%s): "
                        "each process loads it into memory", path, e)
            return Dictionary(None)
    return Dictionary(path)


@lru_cache(maxsize=1)
def tokenizer() -> jieba.Tokenizer:
    """A jieba tokenizer marked loaded; its dictionary is set for each name it cuts."""
    tk = jieba.Tokenizer()
    tk.initialized = True
    return tk


def cut(text: str) -> list[str]:
    """`jieba.lcut(text, HMM=False)`, reading only the dictionary entries it needs."""
    words = dictionary()
    tk = tokenizer()
    tk.FREQ = words.entries(text)
    tk.total = words.total
    return tk.lcut(text, HMM=False)
