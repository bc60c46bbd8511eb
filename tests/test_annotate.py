"""The spaCy annotation layer: spans over the cleaned text, as the tables have them."""
import pandas as pd
import spacy
from spacy.tokens import DocBin

from pipeline.annotate import SPANS_KEY, annotate, render_html
from pipeline.build import build
from pipeline.cli import main
from pipeline.process import process_file
from tests.conftest import RAW


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


def test_review_page_highlights_every_amount(tmp_path):
    path = RAW / "000_3d6e5cfce5c82a4b.txt"
    doc = process_file(path, path.stem, path.name)
    page = render_html(doc)
    assert page.count("AMOUNT") >= len(doc.amounts)
    assert "<html" in page.lower()


def test_show_writes_the_review_page(tmp_path, capsys):
    html = tmp_path / "review.html"
    assert main(["show", str(RAW / "004_7ada625db814d714.txt"), "--html", str(html)]) == 0
    assert "一/(一)" in capsys.readouterr().out
    assert "PERCENT" in html.read_text(encoding="utf-8")
