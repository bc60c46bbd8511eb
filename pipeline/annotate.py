"""The extraction as a spaCy annotation layer: one `Doc` per document, every clause
marker, amount, percentage, unit and reference a labelled span over the cleaned text.

This is what reviewers and model builders take from the pipeline: `show --html`
renders the spans with displaCy for checking a document by eye, and `annotate` turns a
build's tables into a DocBin (`annotations.spacy`) to train or evaluate a tagger on.
The tokens are single characters (spaCy's `char` segmentation for Chinese), so every
offset in the tables is a token boundary and no span is lost to tokenisation.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd
import spacy
from spacy import displacy
from spacy.tokens import Doc, DocBin, Span

from pipeline.model import ExtractedDocument

SPANS_KEY = "sc"     # the span group displaCy's span style reads
LABELS = {"amounts": "AMOUNT", "percentages": "PERCENT", "units": "UNIT", "references": "REFERENCE"}
COLORS = {"AMOUNT": "#ffd882", "PERCENT": "#a6e3a1", "UNIT": "#89dceb", "REFERENCE": "#f5c2e7",
          "CLAUSE": "#e5e5e5"}


@lru_cache(maxsize=1)
def blank_chinese():
    return spacy.blank("zh")


def to_spacy(doc_id: str, text: str, spans: list[tuple[int, int, str, str]]) -> Doc:
    """A character-token Doc of `text` with `spans` as (start, end, label, id)."""
    chars = list(text)
    sdoc = Doc(blank_chinese().vocab, words=chars, spaces=[False] * len(chars))
    group = [Span(sdoc, start, end, label=label, span_id=span_id)
             for start, end, label, span_id in spans if 0 <= start < end <= len(chars)]
    sdoc.spans[SPANS_KEY] = sorted(group, key=lambda s: (s.start, s.end))
    sdoc.user_data["doc_id"] = doc_id
    return sdoc


def spans_of(doc: ExtractedDocument) -> list[tuple[int, int, str, str]]:
    spans = [(c.start, c.start + len(c.marker), "CLAUSE", c.clause_id) for c in doc.clauses]
    for table, label in LABELS.items():
        spans += [(item.start, item.end, label, clause_id) for clause_id, item in getattr(doc, table)]
    return spans


def render_html(doc: ExtractedDocument) -> str:
    """A page showing the cleaned text with every extracted span highlighted."""
    sdoc = to_spacy(doc.doc_id, doc.text, spans_of(doc))
    return displacy.render(sdoc, style="span", page=True, minify=True,
                           options={"spans_key": SPANS_KEY, "colors": COLORS})


def annotate(processed: Path, out: Path) -> int:
    """A DocBin of every document in a build's output folder; returns the number of docs."""
    frames = {t: pd.read_parquet(processed / f"{t}.parquet") for t in ("clauses", *LABELS)}
    by_doc = {t: dict(tuple(f.groupby("doc_id"))) for t, f in frames.items()}
    docs = DocBin(store_user_data=True)
    ids = pd.read_parquet(processed / "documents.parquet", columns=["doc_id"]).doc_id
    for doc_id in ids:
        text = (processed / "text" / f"{doc_id}.txt").read_text(encoding="utf-8")
        spans = []
        clauses = by_doc["clauses"].get(doc_id)
        if clauses is not None:
            spans += [(int(r.start), int(r.start) + len(r.marker), "CLAUSE", r.clause_id)
                      for r in clauses.itertuples()]
        for table, label in LABELS.items():
            rows = by_doc[table].get(doc_id)
            if rows is not None:
                spans += [(int(r.start), int(r.end), label, r.clause_id) for r in rows.itertuples()]
        docs.add(to_spacy(doc_id, text, spans))
    tmp = out.with_name(f".{out.name}.partial")
    docs.to_disk(tmp)
    tmp.replace(out)
    return len(ids)
