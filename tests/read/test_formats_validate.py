"""Each labelled document as PDF, Word, HTML, OFD and scan, scored against its fixture.

A reader must give the rest of the pipeline what the text version gives it: every
table scores F1 ≥ 0.98 for each format (or, where the text version itself scores
lower, at least what it scores). A scan goes through OCR (PP-OCR, the default
engine), whose rare misread characters may cost a row: its F1 over all tables must
reach 0.97.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.process import process_file
from pipeline.validate import Score, load_fixture, report, score_document
from tests.conftest import FIXTURES, RAW
from tests.read import make_inputs as mk
from tests.read.conftest import XUCHANG, needs_font

MIN_F1 = 0.98
MIN_OCR_F1 = 0.97
FIXTURE_IDS = sorted(p.stem for p in FIXTURES.glob("*.yaml"))
# format → (suffix, PDF engine)
FORMATS = {"pdf": (".pdf", "pdfium"), "pdf-pdfplumber": (".pdf", "pdfplumber"),
           "docx": (".docx", None), "html": (".html", None), "ofd": (".ofd", None)}


def cases() -> list:
    return [pytest.param(doc_id, fmt, id=f"{doc_id}-{fmt}") for doc_id in FIXTURE_IDS for fmt in FORMATS]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Each labelled document written in each format, named DOC_ID.suffix as in data/raw."""
    folder = tmp_path_factory.mktemp("formats")
    made: dict[tuple[str, str], Path] = {}

    def path_of(doc_id: str, suffix: str) -> Path:
        if (doc_id, suffix) not in made:
            source = mk.load_source(f"{doc_id}.txt")
            path = folder / suffix.lstrip(".") / f"{doc_id}{suffix}"
            path.parent.mkdir(exist_ok=True)
            {".pdf": mk.render_pdf, ".docx": mk.render_docx, ".html": mk.render_html,
             ".ofd": mk.render_ofd}[suffix](source, path)
            made[doc_id, suffix] = path
        return made[doc_id, suffix]
    return path_of


@pytest.fixture(scope="module")
def text_scores():
    scores = {}

    def of(doc_id: str) -> dict[str, Score]:
        if doc_id not in scores:
            path = RAW / f"{doc_id}.txt"
            scores[doc_id] = score_document(load_fixture(FIXTURES / f"{doc_id}.yaml"),
                                            process_file(path, doc_id, path.name))
        return scores[doc_id]
    return of


@needs_font
@pytest.mark.parametrize(("doc_id", "fmt"), cases())
def test_format_scores_as_the_text_version(built, text_scores, doc_id, fmt):
    suffix, engine = FORMATS[fmt]
    path = built(doc_id, suffix)
    scores = score_document(load_fixture(FIXTURES / f"{doc_id}.yaml"),
                            process_file(path, doc_id, path.name, pdf_engine=engine))
    baseline = text_scores(doc_id)
    for table, score in scores.items():
        need = min(MIN_F1, baseline[table].f1)
        assert score.f1 >= need, f"{fmt} {table}: F1 {score.f1:.3f} < {need:.3f}\n" + report({doc_id: scores})


@needs_font
def test_scanned_document_scores_after_ocr(tmp_path):
    doc_id = Path(XUCHANG).stem
    rendered = tmp_path / "rendered.pdf"
    mk.render_pdf(mk.load_source(XUCHANG), rendered)
    scan = tmp_path / f"{doc_id}.pdf"
    mk.render_scanned_pdf(rendered, scan)
    doc = process_file(scan, doc_id, scan.name)
    assert doc.ocr
    scores = score_document(load_fixture(FIXTURES / f"{doc_id}.yaml"), doc)
    total = Score()
    for score in scores.values():
        total.add(score)
    assert total.f1 >= MIN_OCR_F1, report({doc_id: scores})
