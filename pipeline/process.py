"""One document, start to finish: file in, extracted document out.

`process_file` is a pure function of the file's bytes and its options: no shared
state, nothing written. The batch runner (local processes or a Dask cluster) only maps
it over the inputs.
"""
from __future__ import annotations

import bisect
import hashlib
from pathlib import Path

from pipeline.clean import clean, page_of
from pipeline.extract.amounts import extract_amounts
from pipeline.extract.metadata import extract_metadata
from pipeline.extract.percentages import extract_percentages
from pipeline.extract.references import extract_references
from pipeline.extract.roles import with_roles
from pipeline.extract.units import extract_units
from pipeline.model import Clause, ExtractedDocument
from pipeline.read import read_file
from pipeline.segment import segment


class ClauseIndex:
    """Finds the clause whose own text holds an offset ('' outside every clause)."""

    def __init__(self, clauses: list[Clause]):
        self.clauses = sorted(clauses, key=lambda c: c.start)
        self.starts = [c.start for c in self.clauses]

    def clause_at(self, offset: int) -> str:
        i = bisect.bisect_right(self.starts, offset) - 1
        if i >= 0 and offset < self.clauses[i].end:
            return self.clauses[i].clause_id
        return ""


class StoredCopies:
    """The spans of text the source stored a second time (`Clause.copies`)."""

    def __init__(self, clauses: list[Clause]):
        self.spans = sorted(span for clause in clauses for span in clause.copies)
        self.starts = [start for start, _ in self.spans]

    def holds(self, start: int, end: int) -> bool:
        """Whether start..end lies inside one copy (copies never overlap: each repeats
        words stored before the first copy)."""
        i = bisect.bisect_right(self.starts, start) - 1
        return i >= 0 and end <= self.spans[i][1]


def extract_text(text: str, page_starts: list[int] | None = None) -> dict:
    """Every table's rows for one cleaned text (the part of processing after reading)."""
    clauses, warnings = segment(text)
    body_start = clauses[0].start if clauses else len(text)
    meta = extract_metadata(text, body_start)
    for clause in clauses:
        clause.page = page_of(clause.start, page_starts)
    index = ClauseIndex(clauses)
    # text the source stored twice is read once: what is found in its second copy
    # (the clause's `copies`) is left out, as the segment's warning says
    copies = StoredCopies(clauses)

    def located(items):
        return [(index.clause_at(item.start), item) for item in items
                if not copies.holds(item.start, item.end)]

    # a figure that cannot be read with certainty is left out and named in `warnings`
    amounts, percentages = with_roles(text, extract_amounts(text, warnings),
                                      extract_percentages(text, warnings))
    return dict(
        meta=meta,
        clauses=clauses,
        amounts=located(amounts),
        percentages=located(percentages),
        units=located(extract_units(text)),
        references=located(extract_references(text, meta.doc_number)),
        warnings=warnings,
    )


def process_file(path: Path, doc_id: str, source: str, pdf_engine: str | None = None,
                 data: bytes | None = None) -> ExtractedDocument:
    """Read, clean, segment and extract one file. Raises `ReadError` for bad input.

    `data` is the file's bytes where the caller has them (a remote worker has no
    access to the path); otherwise the file is read from `path`.
    """
    if data is None:
        data = path.read_bytes()
    raw = read_file(path, data=data, pdf_engine=pdf_engine)
    cleaned = clean(raw.text, raw.page_starts)
    parts = extract_text(cleaned.text, cleaned.page_starts)
    return ExtractedDocument(
        doc_id=doc_id,
        source=source,
        format=raw.format,
        sha256=hashlib.sha256(data).hexdigest(),
        text=cleaned.text,
        ocr=raw.ocr,
        pages=len(raw.page_starts) if raw.page_starts else None,
        **{k: v for k, v in parts.items() if k != "warnings"},
        warnings=raw.warnings + parts["warnings"],
    )
