"""Typed spaces and bracket widths read from the ink of a real scan: a page rendered
with a CJK font, rasterised at 200 dpi and read by PP-OCR (pipeline/read/spacing.py)."""
from __future__ import annotations

import pytest

from pipeline.read import read_file
from tests.read import make_inputs as mk
from tests.read.conftest import needs_font

# each paragraph short enough to stay on one line (a space at a wrap leaves no ink)
SPACED = "中级工每人每年 5000 元，最高 200 万元"
UNSPACED = "中级工每人每年5000元，最高200万元"
NAMES = "根据《国家医保局 财政部关于试点的意见》"
DATE = "该办法于2022年5月16日起施行"
HALF_PERCENT = "财政补助比例为50%的项目"
FULL_PERCENT = "财政补助比例为100％的项目"
# a paragraph the layout wraps at the space after 1900: the space is at the line's end
FILLER = "本市对购买新能源汽车的个人消费者发放汽车消费礼包"
HALF_WIDTH = "印发《引进人才管理办法(试行)》的通知"
FULL_WIDTH = "印发《引进人才管理办法（试行）》的通知"


@pytest.fixture(scope="module")
def scanned_text(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("spacing")
    # justified lines around it show where the text's right edge is
    lines = [SPACED, UNSPACED, NAMES, DATE, HALF_WIDTH, FULL_WIDTH, HALF_PERCENT, FULL_PERCENT, FILLER * 4 + "。", wrapped_at_space()]
    source = mk.Source("spacing", [mk.Paragraph([line], "body") for line in lines])
    pdf = mk.render_pdf(source, folder / "page.pdf", header="")
    mk.render_scanned_pdf(pdf.path, folder / "scan.pdf", dpi=200)
    return read_file(folder / "scan.pdf").text


@needs_font
def wrapped_at_space() -> str:
    """A paragraph whose first line ends `1900 ` as the PDF lays it out (justified)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if mk.FONT_NAME not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(mk.FONT_NAME, mk.font_file(), subfontIndex=0))
    for n in range(1, len(FILLER)):
        text = f"{FILLER[:n]}，每辆可申领 1900 元的礼包，另可领取加油储值卡一张。"
        first = mk.wrap(text, mk.BODY_SIZE, mk.TEXT_W - 2 * mk.BODY_SIZE, mk.TEXT_W)[0]
        if first.endswith("1900 "):
            return text
    raise AssertionError("no filler wraps the paragraph at the space")


@needs_font
def test_typed_space_at_a_line_wrap_is_recovered(scanned_text):
    """Justified, the line stops short of the right edge by the space the wrap left."""
    assert "每辆可申领 1900 元的礼包" in scanned_text


@needs_font
def test_typed_space_between_figure_and_yuan_is_recovered(scanned_text):
    assert SPACED in scanned_text


@needs_font
def test_figures_set_close_to_chinese_get_no_space(scanned_text):
    assert UNSPACED in scanned_text
    assert DATE in scanned_text


@needs_font
def test_typed_space_between_two_names_is_recovered(scanned_text):
    assert NAMES in scanned_text


@needs_font
def test_brackets_keep_the_width_set_on_the_page(scanned_text):
    assert HALF_WIDTH in scanned_text
    assert FULL_WIDTH in scanned_text


@needs_font
def test_percent_sign_keeps_the_width_set_on_the_page(scanned_text):
    assert HALF_PERCENT in scanned_text
    assert FULL_PERCENT in scanned_text
