"""The tables: their columns (SPEC section 7) and one document's rows.

Rows are derived from the extracted document in this one place; the writers only
serialise them.
"""
from __future__ import annotations

from pipeline.figures import FIGURE_COLUMNS, figure_rows
from pipeline.model import ExtractedDocument

# table → [(column, type)], SPEC's columns first and in SPEC's order, then extras
COLUMNS: dict[str, list[tuple[str, str]]] = {
    "documents": [
        ("doc_id", "str"), ("source", "str"), ("format", "str"), ("sha256", "str"),
        ("title", "str"), ("issuer", "str"), ("doc_number", "str"),
        ("signed_date", "str"), ("printed_date", "str"), ("recipients", "str"),
        ("n_clauses", "int"), ("n_amounts", "int"), ("n_percentages", "int"),
        ("n_units", "int"), ("warnings", "str"),
        ("n_references", "int"), ("ocr", "bool"), ("pages", "int"),
    ],
    "clauses": [
        ("doc_id", "str"), ("clause_id", "str"), ("parent_id", "str"), ("level", "int"),
        ("marker", "str"), ("heading", "str"), ("text", "str"), ("start", "int"),
        ("end", "int"), ("page", "int"),
    ],
    "amounts": [
        ("doc_id", "str"), ("clause_id", "str"), ("span", "str"), ("value", "float"),
        ("lower", "float"), ("upper", "float"), ("qualifier", "str"), ("cue", "str"),
        ("currency", "str"), ("per", "str"), ("start", "int"), ("end", "int"),
        ("role", "str"), ("instrument", "str"),
    ],
    "percentages": [
        ("doc_id", "str"), ("clause_id", "str"), ("span", "str"), ("value", "float"),
        ("lower", "float"), ("upper", "float"), ("qualifier", "str"), ("cue", "str"),
        ("unit", "str"), ("start", "int"), ("end", "int"), ("role", "str"), ("instrument", "str"),
    ],
    "units": [
        ("doc_id", "str"), ("clause_id", "str"), ("role", "str"), ("name", "str"),
        ("raw", "str"), ("note", "str"), ("position", "int"), ("start", "int"), ("end", "int"),
    ],
    "references": [
        ("doc_id", "str"), ("clause_id", "str"), ("cited_title", "str"),
        ("cited_number", "str"), ("start", "int"), ("end", "int"),
    ],
    "errors": [("source", "str"), ("reason", "str")],
    # every amount and percentage with what a reader needs beside it (figures.py)
    "figures": FIGURE_COLUMNS,
}
TABLES = [t for t in COLUMNS if t != "errors"]


def document_rows(doc: ExtractedDocument) -> dict[str, list[tuple]]:
    """Every table's rows for one document, in document order."""
    d = doc.doc_id
    meta = doc.meta
    rows = {
        "documents": [(
            d, doc.source, doc.format, doc.sha256, meta.title, meta.issuer, meta.doc_number,
            meta.signed_date, meta.printed_date, meta.recipients, len(doc.clauses),
            len(doc.amounts), len(doc.percentages), len(doc.units), "; ".join(doc.warnings),
            len(doc.references), doc.ocr, doc.pages,
        )],
        "clauses": [
            (d, c.clause_id, c.parent_id, c.level, c.marker, c.heading, c.text, c.start,
             c.end, c.page)
            for c in doc.clauses
        ],
        "amounts": [
            (d, cid, m.span, m.value, m.lower, m.upper, m.qualifier, m.cue,
             m.currency or "CNY", m.per, m.start, m.end, m.role, m.instrument)
            for cid, m in doc.amounts
        ],
        "percentages": [
            (d, cid, m.span, m.value, m.lower, m.upper, m.qualifier, m.cue,
             m.unit or "percent", m.start, m.end, m.role, m.instrument)
            for cid, m in doc.percentages
        ],
        "units": [
            (d, cid, u.role, u.name, u.raw, u.note, u.position, u.start, u.end)
            for cid, u in doc.units
        ],
        "references": [
            (d, cid, r.cited_title, r.cited_number, r.start, r.end)
            for cid, r in doc.references
        ],
        "figures": figure_rows(doc),
    }
    return rows
