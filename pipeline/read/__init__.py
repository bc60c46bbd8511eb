"""Readers: one per format, each turning a file into the same `RawDocument`.

The format is decided by the file's content where the bytes say it (a PDF or a Word
file named `.txt` is read as what it is), else by its suffix.
"""
from __future__ import annotations

from pathlib import Path

from pipeline.model import RawDocument
from pipeline.read.errors import ReadError
from pipeline.read.sniff import sniff_format
from pipeline.read.text import read_text

# suffix → reader; readers for other formats register here
READERS = {
    "txt": read_text,
    "md": read_text,
}

SUPPORTED_SUFFIXES = {".txt", ".md", ".markdown", ".text"}


def read_file(path: Path, data: bytes | None = None, pdf_engine: str | None = None) -> RawDocument:
    """Read one input file; raise `ReadError` with a reason a person can act on.

    `data` is the file's bytes when the caller has them already; `pdf_engine`
    selects the PDF text engine (None: the reader's default).
    """
    if data is None:
        data = path.read_bytes()
    if not data.strip():
        raise ReadError("the file is empty")
    fmt = sniff_format(data, path.suffix)
    reader = READERS.get(fmt)
    if reader is None:
        raise ReadError(f"no reader for format {fmt!r}")
    if fmt == "pdf" and pdf_engine:
        return reader(data, path, engine=pdf_engine)
    return reader(data, path)


__all__ = ["READERS", "SUPPORTED_SUFFIXES", "ReadError", "read_file"]
