"""The spaCy annotation layer: spans over the cleaned text, as the tables have them."""
import pandas as pd
import spacy
from spacy.tokens import DocBin

from pipeline.annotate import SPANS_KEY, annotate
from pipeline.build import build


def test_docbin_spans_are_the_table_spans(seed_dir, tmp_path):
    out = tmp_path / "out"
    build(seed_dir, out, workers=1, progress=False)
    assert annotate(out, out / "annotations.spacy") == 2
    docs = list(DocBin().from_disk(out / "annotations.spacy").get_docs(spacy.blank("zh").vocab))
    amounts = pd.read_parquet(out / "amounts.parquet")
    for doc in docs:
        doc_id = doc.user_data["doc_id"]
        spans = [s.text for s in doc.spans[SPANS_KEY] if s.label_ == "AMOUNT"]
        assert spans == list(amounts[amounts.doc_id == doc_id].span)
        assert doc.text == (out / "text" / f"{doc_id}.txt").read_text(encoding="utf-8")
