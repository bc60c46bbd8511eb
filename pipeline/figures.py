"""The `figures` table: one row per amount and per percentage, with what a reader needs
beside it without a lookup — the document's title, 文号, issuer and date, the clause's
heading, the sentence the figure stands in, its role and instrument, and the units
responsible for its clause — so that a question such as "every subsidy ceiling above
1,000,000 yuan" is one filter (`role = benefit`, `upper > 1000000`).
"""
from __future__ import annotations

from pipeline.extract.roles import sentence_spans
from pipeline.model import ExtractedDocument

FIGURE_COLUMNS: list[tuple[str, str]] = [
    ("doc_id", "str"), ("title", "str"), ("doc_number", "str"), ("issuer", "str"),
    ("date", "str"),                    # signed, else printed (YYYY-MM-DD)
    ("clause_id", "str"),
    ("heading", "str"),                 # the clause's, else the nearest on its path
    ("sentence", "str"), ("sentence_start", "int"), ("sentence_end", "int"),
    ("kind", "str"),                    # amount | percentage
    ("span", "str"), ("value", "float"), ("lower", "float"), ("upper", "float"),
    ("qualifier", "str"), ("cue", "str"),
    ("currency", "str"),                # amounts: ISO code
    ("unit", "str"),                    # percentages: percent | point | fraction
    ("per", "str"), ("role", "str"), ("instrument", "str"),
    ("units", "str"),                   # 责任：市财政局、市科技局；配合：…
    ("start", "int"), ("end", "int"),
]


def figure_rows(doc: ExtractedDocument) -> list[tuple]:
    """The document's figures, in text order."""
    if not doc.amounts and not doc.percentages:
        return []
    meta = doc.meta
    head = (doc.doc_id, meta.title, meta.doc_number, meta.issuer, meta.signed_date or meta.printed_date)
    text = doc.text
    clauses = {c.clause_id: c for c in doc.clauses}
    units = clause_units(doc)
    around: dict[str, tuple] = {}          # clause → (heading, units)
    sentences: dict[tuple[int, int], str] = {}     # one string for the figures of a sentence
    figures = sorted(doc.amounts + doc.percentages, key=lambda f: f[1].start)
    rows = []
    for (cid, m), span in zip(figures, sentence_spans(text, [(m.start, m.end) for _, m in figures])):
        if cid not in around:
            around[cid] = (on_path(cid, clauses, lambda c: c.heading),
                           on_path(cid, clauses, lambda c: units.get(c.clause_id, "")))
        sentence = sentences.get(span)
        if sentence is None:
            sentence = sentences[span] = text[span[0]:span[1]]
        # the mention's fields in one unpacking: a named tuple's field read by name is a
        # call each, fourteen of them a figure
        kind, written, start, end, value, lower, upper, qualifier, cue, currency, unit, per, role, \
            instrument = m
        if kind == "amount":
            currency, unit = currency or "CNY", ""
        else:
            currency, unit = "", unit or "percent"
        heading, listed = around[cid]
        rows.append((*head, cid, heading, sentence, *span, kind, written, value, lower, upper,
                     qualifier, cue, currency, unit, per, role, instrument, listed, start, end))
    return rows


def on_path(clause_id: str, clauses: dict, get) -> str:
    """The first non-empty `get(clause)` from the clause up through its parents."""
    clause = clauses.get(clause_id)
    while clause is not None:
        if found := get(clause):
            return found
        clause = clauses.get(clause.parent_id)
    return ""


def clause_units(doc: ExtractedDocument) -> dict[str, str]:
    """Each clause's responsible units, grouped by role in the order listed:
    `牵头：省商务厅；配合：省发展改革委、省财政厅`."""
    by_clause: dict[str, dict[str, list[str]]] = {}
    for cid, u in doc.units:
        if cid:
            names = by_clause.setdefault(cid, {}).setdefault(u.role, [])
            if u.name not in names:
                names.append(u.name)
    return {cid: "；".join(f"{role}：{'、'.join(names)}" for role, names in roles.items())
            for cid, roles in by_clause.items()}
