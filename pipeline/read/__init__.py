"""Readers: one per format, each turning a file into the same `RawDocument`.

The format is decided by the file's content where the bytes say it (a PDF or a Word
file named `.txt` is read as what it is), else by its suffix.
"""
from __future__ import annotations

from pathlib import Path

from pipeline.model import RawDocument
from pipeline.read.errors import ReadError
from pipeline.read.docx import read_doc, read_docx, read_odt, read_rtf, read_wps
from pipeline.read.pdf import DEFAULT_PDF_ENGINE, ENGINES, read_pdf
from pipeline.read.sniff import SUFFIX_FORMAT, sniff_format
from pipeline.read.text import read_text


def read_html(data: bytes, path: Path) -> RawDocument:
    """`pipeline.read.html.read_html`, imported with the first HTML file: BeautifulSoup
    takes longer to import than a batch of text documents takes to process."""
    from pipeline.read.html import read_html

    return read_html(data, path)


def read_ofd(data: bytes, path: Path) -> RawDocument:
    from pipeline.read.ofd import read_ofd

    return read_ofd(data, path)


def read_image(data: bytes, path: Path) -> RawDocument:
    """`pipeline.read.image.read_image`, imported with the first image: the OCR engine
    is large."""
    from pipeline.read.image import read_image

    return read_image(data, path)


# format → reader; readers for other formats register here
READERS = {
    "txt": read_text,
    "md": read_text,
    "pdf": read_pdf,
    "docx": read_docx,
    "doc": read_doc,
    "html": read_html,
    "ofd": read_ofd,
    "wps": read_wps,
    "rtf": read_rtf,
    "odt": read_odt,
    "image": read_image,
}

SUPPORTED_SUFFIXES = frozenset(SUFFIX_FORMAT)
# formats whose files are never an HTML page; one that is, is a saved error page
BINARY_FORMATS = {"pdf", "docx", "doc", "ofd", "wps", "odt", "image"}


def read_file(path: Path, data: bytes | None = None, pdf_engine: str | None = None) -> RawDocument:
    """Read one input file; raise `ReadError` with a reason a person can act on.

    `data` is the file's bytes when the caller has them already; `pdf_engine`
    selects the PDF text engine (None: the reader's default).
    """
    if data is None:
        data = path.read_bytes()
    if not data.strip():
        raise ReadError("the file is empty (0 bytes)" if not data else "the file holds only whitespace")
    fmt = sniff_format(data, path.suffix)
    named = SUFFIX_FORMAT.get(path.suffix.lower())
    if named in BINARY_FORMATS and fmt == "html":
        raise ReadError(f"the file is named {path.suffix} but holds an HTML page "
                        "(a web page saved in place of the document?); download the document again")
    reader = READERS.get(fmt)
    if reader is None:
        raise ReadError(f"no reader for {fmt} files; readable formats: {', '.join(sorted(READERS))}")
    if fmt == "pdf" and pdf_engine:
        return reader(data, path, engine=pdf_engine)
    return reader(data, path)


__all__ = ["DEFAULT_PDF_ENGINE", "ENGINES", "READERS", "SUPPORTED_SUFFIXES", "ReadError", "read_file"]
