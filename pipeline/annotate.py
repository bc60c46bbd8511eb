"""The extraction as a spaCy annotation layer: one `Doc` per document, every clause
marker, amount, percentage, unit and reference a labelled span over the cleaned text.

This is what model builders take from the pipeline: `annotate` turns a build's tables
into a DocBin (`annotations.spacy`) to train or evaluate a tagger on. (A person checks
a document in the review report, `pipeline.report`.)
The tokens are single characters (spaCy's `char` segmentation for Chinese), so every
offset in the tables is a token boundary and no span is lost to tokenisation.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd
import spacy
from spacy.tokens import Doc, DocBin, Span

SPANS_KEY = "sc"     # the span group spaCy's span categorizer reads by default
LABELS = {"amounts": "AMOUNT", "percentages": "PERCENT", "units": "UNIT", "references": "REFERENCE"}


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


def annotate(processed: Path, out: Path) -> int:
    """A DocBin of every document in a build's output folder; returns the number of docs."""
    # a mention outside every clause has a null clause_id: its span's id is ""
    frames = {t: pd.read_parquet(processed / f"{t}.parquet").fillna({"clause_id": ""})
              for t in ("clauses", *LABELS)}
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
