"""Scanned PDFs: pages rendered to images and wrapped in a PDF, read back by Tesseract."""
from __future__ import annotations

import difflib
import re

import pytest

from pipeline.read import ReadError, read_file
from tests.read import make_inputs as mk
from tests.read.conftest import JIAOZUO, needs_font, needs_tesseract

pytestmark = needs_font
SCANNED_PAGES = 2


def similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, mk.strip_space(a), mk.strip_space(b), autojunk=False).ratio()


@pytest.fixture(scope="module")
def scanned(inputs):
    return inputs.scanned_pdf(JIAOZUO, pages=SCANNED_PAGES)


@pytest.fixture(scope="module")
def ocr_doc(scanned):
    return read_file(scanned)


@needs_tesseract
def test_scanned_pdf_is_read_by_ocr(inputs, ocr_doc):
    doc = ocr_doc
    assert doc.format == "pdf" and doc.ocr
    assert len(doc.page_starts) == SCANNED_PAGES
    expected = inputs.pdf(JIAOZUO).pages[:SCANNED_PAGES]
    assert similarity(doc.text, "".join(expected)) >= 0.9
    assert "— 1 —" not in doc.text and "— 2 —" not in doc.text


@needs_tesseract
def test_ocr_puts_no_spaces_between_chinese_characters(ocr_doc):
    text = ocr_doc.text
    assert not re.search(r"[\u4e00-\u9fff] +[\u4e00-\u9fff]", text)
    assert "最高可给予150万元的创业担保贷款" in text


def test_missing_tesseract_names_the_packages(scanned, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))        # a machine without the tesseract program
    with pytest.raises(ReadError, match="tesseract-ocr tesseract-ocr-chi-sim"):
        read_file(scanned)


@needs_tesseract
def test_missing_chinese_model_names_the_packages(scanned, monkeypatch, tmp_path):
    monkeypatch.setenv("TESSDATA_PREFIX", str(tmp_path))   # Tesseract with no language data
    with pytest.raises(ReadError, match="chi_sim.*tesseract-ocr-chi-sim"):
        read_file(scanned)
