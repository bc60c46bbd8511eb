"""The PDF reader on official documents rendered with an embedded CJK font."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline.clean import clean
from pipeline.read import ReadError, read_file
from pipeline.read.pdf import DEFAULT_PDF_ENGINE, ENGINES, read_pdf
from tests.read import make_inputs as mk
from tests.conftest import RAW
from tests.read.conftest import JIAOZUO, XUCHANG, needs_font, needs_soffice

pytestmark = needs_font


def read(rendered: mk.RenderedPdf, engine: str = DEFAULT_PDF_ENGINE):
    return read_pdf(rendered.path.read_bytes(), rendered.path, engine=engine)


def pages_of(doc) -> list[str]:
    """Each page's text; a paragraph the page break wrapped runs on with no break between."""
    ends = doc.page_starts[1:] + [len(doc.text)]
    return [doc.text[a:b].rstrip("\n") for a, b in zip(doc.page_starts, ends)]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", [JIAOZUO, XUCHANG])
def test_text_is_the_source_text(inputs, name, engine):
    doc = read(inputs.pdf(name), engine)
    source = inputs.source(name)
    assert doc.format == "pdf" and not doc.ocr
    assert mk.strip_space(doc.text) == mk.strip_space("".join(p.text for p in source.paragraphs))


@needs_soffice
@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", [JIAOZUO, XUCHANG])
def test_libreoffice_pdf_text_is_the_source_text(inputs, name, engine):
    # LibreOffice draws the curly quotes (another font) after the run around them:
    # read in the file's order they came out as `市工“”业和信息化局`
    path, expected = inputs.soffice_pdf(name)
    doc = read_pdf(path.read_bytes(), path, engine=engine)
    assert "“" in expected
    assert mk.strip_space(doc.text) == mk.strip_space(expected)


@needs_soffice
def test_line_left_short_by_a_character_carried_down_with_a_mark_is_joined(inputs):
    # LibreOffice keeps `；` off a line's start and carries `员` down with it: the line
    # above ends two characters short of the margin, and still continues
    path, _ = inputs.soffice_pdf("beijing_talent_introduction_measures.txt")
    lines = read_pdf(path.read_bytes(), path).text.split("\n")
    assert "(一)在京注册的重要国际组织或国际组织分支机构聘用的核心人员；" in lines


@pytest.mark.parametrize("engine", ENGINES)
def test_page_starts_mark_where_each_page_begins(inputs, engine):
    rendered = inputs.pdf(JIAOZUO)
    doc = read(rendered, engine)
    assert len(rendered.pages) >= 5
    assert len(doc.page_starts) == len(rendered.pages)
    assert doc.page_starts[0] == 0 and doc.page_starts == sorted(doc.page_starts)
    for got, expected in zip(pages_of(doc), rendered.pages):
        assert mk.strip_space(got) == mk.strip_space(expected)


@pytest.mark.parametrize("engine", ENGINES)
def test_running_header_and_page_numbers_are_removed(inputs, engine):
    rendered = inputs.pdf(JIAOZUO)
    doc = read(rendered, engine)
    # the header repeats the 文号, which the first page also has in its body, once
    assert rendered.header == "焦政办〔2022〕17号"
    assert doc.text.count("焦政办〔2022〕17号") == 1
    assert not re.search(r"—\s*\d+\s*—", doc.text)


@pytest.mark.parametrize("style", sorted(mk.PAGE_NUMBER_STYLES))
def test_page_number_styles_are_removed(inputs, style):
    rendered = inputs.pdf(XUCHANG, number_style=style)
    doc = read(rendered)
    for got, expected in zip(pages_of(doc), rendered.pages):
        assert mk.strip_space(got) == mk.strip_space(expected)


@pytest.mark.parametrize("engine", ENGINES)
def test_lines_wrapped_inside_a_paragraph_are_joined(inputs, engine):
    lines = read(inputs.pdf(JIAOZUO), engine).text.split("\n")
    preamble = next(line for line in lines if line.startswith("为贯彻落实"))
    assert preamble.endswith("制定以下政策措施。")          # four lines on the page, one paragraph
    assert "一、进一步降低企业融资成本" in lines                 # a heading stays its own paragraph


@pytest.mark.parametrize("engine", ENGINES)
def test_page_final_and_page_initial_lines_are_kept_whole(inputs, engine):
    text = read(inputs.pdf(JIAOZUO), engine).text
    assert "人行焦作市中心支行、市财政\n局〔国资委〕)" in text


@needs_font
@pytest.mark.parametrize("engine", ENGINES)
def test_paragraph_wrapped_by_the_page_break_is_one_paragraph(tmp_path, engine):
    # ten paragraphs of four lines on pages of ~22: the page break falls inside one
    paragraphs = [f"第{n}条 " + "本办法所称参保人员应当按照规定缴纳长期护理保险费用，" * 4 + "并享受待遇。"
                  for n in range(1, 11)]
    source = mk.Source("wrapped", [mk.Paragraph([p], "body") for p in paragraphs])
    rendered = mk.render_pdf(source, tmp_path / "wrapped.pdf")
    assert any(not page.endswith("。") for page in rendered.pages[:-1])
    doc = read(rendered, engine)
    assert [line.replace(" ", "") for line in doc.text.split("\n")] == [p.replace(" ", "") for p in paragraphs]
    assert len(doc.page_starts) == len(rendered.pages)


@needs_font
def test_word_space_the_line_wrap_falls_on_is_kept(tmp_path):
    # issuers listed with spaces between them (`广州市财政局 广州市民政局`); the lead-in is
    # lengthened until a line ends at a space, which the PDF draws: the paragraph keeps it
    names = " ".join(["广州市财政局", "广州市民政局", "广州市医疗保障局"] * 4)
    mk.render_pdf(mk.Source("font", [mk.Paragraph(["字体"], "body")]), tmp_path / "font.pdf")
    texts = ("根据" + "各" * n + names + "的意见执行。" for n in range(28))
    text = next(t for t in texts if any(line.endswith(" ") for line in mk.wrap(
        t, mk.BODY_SIZE, mk.TEXT_W - 2 * mk.BODY_SIZE, mk.TEXT_W)[:-1]))
    rendered = mk.render_pdf(mk.Source("spaced", [mk.Paragraph([text], "body")]), tmp_path / "spaced.pdf")
    assert read(rendered, "pdfium").text == text


@pytest.mark.parametrize("engine", ENGINES)
def test_page_break_inside_unit_name_is_rejoined_by_cleaning(inputs, engine):
    doc = read(inputs.pdf(JIAOZUO), engine)
    cleaned = clean(doc.text, doc.page_starts).text
    assert "人行焦作市中心支行、市财政局〔国资委〕)" in cleaned
    assert "（责任单位：市人力资源社会保障局、教育局" in cleaned
    assert "按照辅导备案登记等时间节点，对企业给予不超过 1500 万元补助" in cleaned


@pytest.mark.parametrize("engine", ENGINES)
def test_letter_spaced_chinese_gets_no_spaces(inputs, engine):
    # the masthead is set with 8 pt between characters; pdfplumber's x_tolerance splits it
    text = read(inputs.pdf(JIAOZUO), engine).text
    assert text.startswith("焦作市人民政府办公室文件\n")
    assert not mk.untyped_spaces(text, (RAW / JIAOZUO).read_text(encoding="utf-8"))


@pytest.mark.parametrize("engine", ENGINES)
def test_fake_bold_headings_are_not_doubled(inputs, engine):
    # headings drawn twice, 0.35 pt apart; pdfplumber doubles every character, pdfium
    # merged only part of this one (`…服务功能建设 和服务功能建设`)
    lines = read(inputs.pdf("shanghai_lingang_shuangte_opinions.txt"), engine).text.split("\n")
    assert "六、加快基础设施和服务功能建设" in lines


def test_engine_is_chosen_by_keyword(inputs):
    rendered = inputs.pdf(XUCHANG)
    assert DEFAULT_PDF_ENGINE == "pdfium"
    plumber = read_file(rendered.path, pdf_engine="pdfplumber")
    assert mk.strip_space(plumber.text) == mk.strip_space(read_file(rendered.path).text)
    with pytest.raises(ValueError, match="pdfium"):
        read_pdf(rendered.path.read_bytes(), rendered.path, engine="poppler")


def test_pdf_named_txt_is_read_as_pdf(inputs, tmp_path):
    disguised = tmp_path / "notice.txt"
    disguised.write_bytes(inputs.pdf(XUCHANG).path.read_bytes())
    doc = read_file(disguised)
    assert doc.format == "pdf" and doc.page_starts


# ---------------------------------------------------------------- unreadable PDFs


def test_truncated_pdf(inputs, tmp_path):
    data = inputs.pdf(XUCHANG).path.read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ReadError, match="truncated"):
        read_file(path)


def test_zero_byte_pdf(tmp_path):
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    with pytest.raises(ReadError, match="empty"):
        read_file(path)
    with pytest.raises(ReadError, match="empty"):
        read_pdf(b"", path)


def test_password_protected_pdf(inputs, tmp_path):
    path = tmp_path / "locked.pdf"
    mk.render_pdf(inputs.source(XUCHANG), path, encrypt="secret")
    with pytest.raises(ReadError, match="password-protected"):
        read_file(path)


def test_damaged_pdf(inputs, tmp_path):
    data = inputs.pdf(XUCHANG).path.read_bytes()
    path = tmp_path / "damaged.pdf"
    path.write_bytes(data[:9] + b"\x00" * (len(data) - 200) + data[-191:])   # header and trailer kept
    with pytest.raises(ReadError, match="damaged"):
        read_file(path)


def test_web_page_saved_as_pdf(tmp_path):
    path = tmp_path / "download.pdf"
    path.write_text("<!DOCTYPE html><html><body><h1>404 页面不存在</h1></body></html>", encoding="utf-8")
    with pytest.raises(ReadError, match="HTML page"):
        read_file(path)


def test_pdf_with_no_text_at_all(tmp_path):
    from reportlab.pdfgen.canvas import Canvas

    path = tmp_path / "blank.pdf"
    canvas = Canvas(str(path))
    canvas.line(50, 50, 200, 200)
    canvas.showPage()
    canvas.save()
    with pytest.raises(ReadError, match="no text"):
        read_file(Path(path))
