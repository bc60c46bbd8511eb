"""Scanned pages: pages rendered to images, wrapped in a PDF or saved as image files,
read back by OCR — PP-OCR on onnxruntime by default, Tesseract on request."""
from __future__ import annotations

import difflib
import json
import re
import subprocess
import sys

import pytest
from PIL import Image

from pipeline.read import ReadError, read_file
from pipeline.read.ocr import ENGINE_VARIABLE
from tests.conftest import RAW, ROOT
from tests.read import make_inputs as mk
from tests.read.conftest import JIAOZUO, needs_font, needs_tesseract

SCANNED_PAGES = 2
# a scan in the repository (3 pages of 200-dpi images), and the text it shows: the OCR
# tests that need no font to render a scan first
HAIDIAN_SCAN = RAW / "formats" / "haidian_returnee_talent_scanned.pdf"
HAIDIAN_TEXT = RAW / "beijing_haidian_returnee_talent_application_4level.txt"


def similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, mk.strip_space(a), mk.strip_space(b), autojunk=False).ratio()


@pytest.fixture(scope="module")
def scanned(inputs):
    return inputs.scanned_pdf(JIAOZUO, pages=SCANNED_PAGES)


@pytest.fixture(scope="module")
def expected(inputs):
    return "".join(inputs.pdf(JIAOZUO).pages[:SCANNED_PAGES])


@pytest.fixture(scope="module")
def ocr_doc(scanned):
    return read_file(scanned)


@needs_font
def test_scanned_pdf_is_read_by_the_default_engine(ocr_doc, expected):
    doc = ocr_doc
    assert doc.format == "pdf" and doc.ocr
    assert len(doc.page_starts) == SCANNED_PAGES
    assert similarity(doc.text, expected) >= 0.98
    assert "— 1 —" not in doc.text and "— 2 —" not in doc.text


@needs_font
def test_ocr_reads_figures_brackets_and_joins_wrapped_lines(ocr_doc):
    text = ocr_doc.text
    assert not mk.untyped_spaces(text, (RAW / JIAOZUO).read_text(encoding="utf-8"))
    assert "最高可给予150万元的创业担保贷款" in text
    assert "豫政办〔2021〕76号" in text
    # the first clause runs over four lines of the page: one paragraph again
    assert re.search(r"^1\. ?加大对中小企业财税支持力度。.*创业担保贷款。", text, re.M)


@needs_font
def test_page_images_are_read_as_documents(inputs, tmp_path, expected):
    """A scan saved as PNG pages, and as one multi-page TIFF: each frame a page."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(inputs.pdf(JIAOZUO).path))
    pages = [pdf[i].render(scale=200 / 72, grayscale=True).to_pil().convert("L") for i in range(SCANNED_PAGES)]
    pdf.close()
    png = tmp_path / "page.png"
    pages[0].save(png, dpi=(200, 200))
    doc = read_file(png)
    assert doc.format == "image" and doc.ocr
    assert "最高可给予150万元的创业担保贷款" in doc.text
    tiff = tmp_path / "scan.tif"
    pages[0].save(tiff, save_all=True, append_images=pages[1:], dpi=(200, 200), compression="tiff_lzw")
    doc = read_file(tiff)
    assert len(doc.page_starts) == SCANNED_PAGES
    assert similarity(doc.text, expected) >= 0.98


def test_damaged_and_oversized_images_are_errors(tmp_path):
    image = tmp_path / "page.png"
    Image.new("L", (400, 300), 255).save(image)
    cut = tmp_path / "cut.png"
    cut.write_bytes(image.read_bytes()[:60])
    with pytest.raises(ReadError, match="damaged|cannot be decoded"):
        read_file(cut)
    with pytest.raises(ReadError, match="no text found"):
        read_file(image)
    huge = tmp_path / "huge.png"
    Image.new("1", (12_000, 12_000), 1).save(huge)       # a small file of 144 million pixels
    with pytest.raises(ReadError, match="too large|cannot be decoded"):
        read_file(huge)


NO_NETWORK = """
import json, socket, sys
from pathlib import Path

class NoNetwork(socket.socket):
    def connect(self, *args):
        raise OSError("no network in this test")
    connect_ex = connect

def refuse(*args, **kwargs):
    raise OSError("no network in this test")

socket.socket = NoNetwork
socket.create_connection = refuse
socket.getaddrinfo = refuse
from pipeline.read import read_file
doc = read_file(Path(sys.argv[1]))
print(json.dumps({"ocr": doc.ocr, "text": doc.text}))
"""


def test_default_engine_needs_no_network_nor_system_package(tmp_path):
    """The models are inside the installed package: with every socket refused, no
    model cache in a fresh home folder and no system program on the PATH, the scan
    reads as well as ever."""
    env = {"PATH": str(tmp_path), "HOME": str(tmp_path), "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", NO_NETWORK, str(HAIDIAN_SCAN)], capture_output=True,
                         text=True, env=env, cwd=tmp_path, timeout=600)
    assert out.returncode == 0, out.stderr[-2000:]
    doc = json.loads(out.stdout.splitlines()[-1])
    assert doc["ocr"] and similarity(doc["text"], HAIDIAN_TEXT.read_text(encoding="utf-8")) >= 0.98


@needs_font
@needs_tesseract
def test_tesseract_engine_on_request(scanned, expected, monkeypatch):
    monkeypatch.setenv(ENGINE_VARIABLE, "tesseract")
    doc = read_file(scanned)
    assert doc.ocr and len(doc.page_starts) == SCANNED_PAGES
    assert similarity(doc.text, expected) >= 0.9
    assert not mk.untyped_spaces(doc.text, (RAW / JIAOZUO).read_text(encoding="utf-8"))


def test_missing_tesseract_names_the_packages(monkeypatch, tmp_path):
    monkeypatch.setenv(ENGINE_VARIABLE, "tesseract")
    monkeypatch.setenv("PATH", str(tmp_path))        # a machine without the tesseract program
    with pytest.raises(ReadError, match="tesseract-ocr tesseract-ocr-chi-sim"):
        read_file(HAIDIAN_SCAN)


@needs_font
@needs_tesseract
def test_missing_chinese_model_names_the_packages(scanned, monkeypatch, tmp_path):
    monkeypatch.setenv(ENGINE_VARIABLE, "tesseract")
    monkeypatch.setenv("TESSDATA_PREFIX", str(tmp_path))   # Tesseract with no language data
    with pytest.raises(ReadError, match="chi_sim.*tesseract-ocr-chi-sim"):
        read_file(scanned)


def test_unknown_engine_is_an_error(monkeypatch):
    monkeypatch.setenv(ENGINE_VARIABLE, "abbyy")
    with pytest.raises(ReadError, match="unknown OCR engine 'abbyy'"):
        read_file(HAIDIAN_SCAN)
