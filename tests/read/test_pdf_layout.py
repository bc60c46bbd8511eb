"""Fields and cited titles read from PDFs laid out as offices lay them out: a centred
title whose joint issuers stand one a line, a cited title whose joint issuers a line's
wrap parts at a space, word spaces LibreOffice leaves as gaps next to Chinese, a 文号
set letter-spaced. PDFs drawn by reportlab, and exported by LibreOffice from Word."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline.process import process_file
from pipeline.read.pdf import ENGINES, read_pdf
from tests.read import make_inputs as mk
from tests.read.conftest import needs_font, needs_soffice

pytestmark = needs_font

NUMBER = "穗医保规字〔2024〕1号"
# joint issuers with and without a place's name at their start: glued, only the first
# kind could be told apart
ISSUERS = ["广州市医疗保障局", "广州市财政局", "国家医保局", "民政部"]
TITLE = "关于印发长期护理保险试行办法的通知"
RECIPIENTS = "各区财政局、民政局、卫生健康局，各有关单位："
# the body: more lines than the title has, in body type
BODY = ["一、本办法适用于本市行政区域内的长期护理保险参保筹资、待遇享受、管理及经办服务等活动。",
        "二、市医疗保障行政部门主管本市长期护理保险工作，负责组织实施本办法；市医疗保险经办机构负责参保筹资、经办服务和协议管理工作。",
        "三、市财政、民政、卫生健康、人力资源社会保障等部门按照各自职能开展相关工作。",
        "四、本办法自2024年3月1日起施行，有效期5年。"]
CITED_ISSUERS = "广州市人力资源和社会保障局 广州市财政局 广州市卫生局"
CITED = f"《{CITED_ISSUERS}关于广州市社会医疗保险统筹基金支付门诊特定项目费用范围及标准的通知》（穗人社发〔2014〕52号）"


@pytest.fixture(autouse=True)
def font():
    """The CJK font registered with reportlab, which `mk.wrap` measures text in."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if mk.FONT_NAME not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(mk.FONT_NAME, mk.font_file(), subfontIndex=0))


def process(path: Path, engine: str):
    return process_file(path, path.stem, path.name, pdf_engine=engine)


def drawn_pdf(paragraphs: list[mk.Paragraph], path: Path) -> Path:
    mk.render_pdf(mk.Source(path.stem, paragraphs), path)
    return path


def word_pdf(paragraphs: list[tuple[str, int, bool]], path: Path) -> Path:
    """A Word file exported to PDF by LibreOffice; paragraphs are (text, size in pt,
    centred), a "\\n" in a text a line break inside its paragraph (Shift+Enter)."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document = docx.Document()
    for text, size, centred in paragraphs:
        paragraph = document.add_paragraph()
        if centred:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for k, line in enumerate(text.split("\n")):
            run = paragraph.add_run(line)
            run.font.size = Pt(size)
            if k < text.count("\n"):
                run.add_break()
    source = path.with_suffix(".docx")
    document.save(str(source))
    mk.convert_with_soffice(source, "pdf", path.parent / f"{path.stem}-lo").replace(path)
    return path


# ---------------------------------------------------------------- a title's joint issuers


@pytest.mark.parametrize("engine", ENGINES)
def test_title_with_joint_issuers_on_centred_lines(tmp_path, engine):
    # the title type breaks the title where it has spaces: each issuer on a centred
    # line of its own, the last with the title's words
    title = " ".join(ISSUERS) + TITLE
    path = drawn_pdf([mk.Paragraph([NUMBER], "center"), mk.Paragraph([title], "title"),
                      mk.Paragraph([RECIPIENTS], "body"), *(mk.Paragraph([p], "body") for p in BODY)],
                     tmp_path / "title.pdf")
    laid_out = [line.text for line in mk.layout(mk.Source("t", [mk.Paragraph([title], "title")]))]
    assert laid_out[:3] == ISSUERS[:3]
    meta = process(path, engine).meta
    assert meta.title == "".join(ISSUERS) + TITLE
    assert meta.issuer == "、".join(ISSUERS)
    assert meta.doc_number == NUMBER
    assert meta.recipients == RECIPIENTS.rstrip("：")


@needs_soffice
@pytest.mark.parametrize("engine", ENGINES)
def test_title_with_joint_issuers_on_lines_of_a_word_paragraph(tmp_path, engine):
    # one centred paragraph in 二号 (22 pt), its issuers parted by line breaks
    path = word_pdf([(NUMBER, 16, True), ("\n".join(ISSUERS) + TITLE, 22, True),
                     (RECIPIENTS, 16, False), *((p, 16, False) for p in BODY)], tmp_path / "title.pdf")
    meta = process(path, engine).meta
    assert meta.title == "".join(ISSUERS) + TITLE
    assert meta.issuer == "、".join(ISSUERS)
    assert meta.doc_number == NUMBER


# ---------------------------------------------------------------- a cited title's joint issuers


def wrapped_at_a_space(lines: tuple[str, str]) -> bool:
    """Whether a line ends on an issuer's name, with or without the space after it, and
    the next starts with the next issuer's."""
    return lines[0].rstrip().endswith(("局", "委员会")) and lines[1].startswith("广州市")


def lines_as_drawn(path: Path) -> list[tuple[str, str]]:
    """Each two lines one after the other on a page, as pdfium gives them."""
    import pypdfium2

    pairs = []
    document = pypdfium2.PdfDocument(str(path))
    for page in document:
        lines = page.get_textpage().get_text_range().split("\r\n")
        pairs += zip(lines, lines[1:])
    document.close()
    return pairs


def citing(n: int) -> list[str]:
    """Paragraphs citing CITED after lead-ins one character longer each (a half-width
    `1` in half of them), so that a line's wrap falls at each place of the title."""
    texts = [f"根据第{batch}批" + "各" * k + CITED + "执行。" for batch in (1, 10) for k in range(n)]
    return [f"{i + 1}.{text}" for i, text in enumerate(texts)]


@pytest.mark.parametrize("engine", ENGINES)
def test_cited_title_wrapped_at_the_space_between_its_issuers(tmp_path, engine):
    # reportlab's layout keeps a space at the line's end, drawn, where it fits, and
    # drops it where it does not: the PDF has no space between the two names
    texts = citing(28)
    pairs = [pair for t in texts for lines in [mk.wrap(t, mk.BODY_SIZE, mk.TEXT_W - 2 * mk.BODY_SIZE, mk.TEXT_W)]
             for pair in zip(lines, lines[1:]) if wrapped_at_a_space(pair)]
    assert {pair[0].endswith(" ") for pair in pairs} == {True, False}
    path = drawn_pdf([mk.Paragraph(["一、办法"], "heading")] + [mk.Paragraph([t], "body") for t in texts],
                     tmp_path / "cited.pdf")
    titles = [ref.cited_title for _, ref in process(path, engine).references]
    assert titles == [CITED[1:CITED.index("》")]] * len(texts)


@needs_soffice
@pytest.mark.parametrize("engine", ENGINES)
def test_cited_title_wrapped_at_the_space_between_its_issuers_in_a_word_export(tmp_path, engine):
    texts = citing(40)
    path = word_pdf([("一、办法", 11, False)] + [(t, 11, False) for t in texts], tmp_path / "cited.pdf")
    assert sum(map(wrapped_at_a_space, lines_as_drawn(path))) >= 2
    titles = [ref.cited_title for _, ref in process(path, engine).references]
    assert titles == [CITED[1:CITED.index("》")]] * len(texts)


def test_issuers_written_glued_in_a_cited_title_stay_glued(tmp_path):
    cited = "《广州市财政局广州市民政局关于做好社会救助工作的通知》（穗财社〔2020〕8号）"
    path = drawn_pdf([mk.Paragraph(["一、办法"], "heading"), mk.Paragraph([f"1.根据{cited}执行。"], "body")],
                     tmp_path / "glued.pdf")
    assert [ref.cited_title for _, ref in process(path, "pdfium").references] == [cited[1:cited.index("》")]]


# ---------------------------------------------------------------- spaces


@needs_soffice
@pytest.mark.parametrize("engine", ENGINES)
def test_word_spaces_next_to_chinese_in_a_word_export(tmp_path, engine):
    # LibreOffice draws no space next to Chinese text, only a gap; between Chinese and
    # digits it sets a narrower gap of its own where the text has no space (autospace)
    paragraphs = ["第一条 为健全本市社会保障制度体系，制定本办法。",
                  "1.购买新车发票金额 10（不含）万元以下，可申领 1900 元的汽车消费礼包。",
                  "2.最高可给予150万元的创业担保贷款，期限3年。",
                  "3.《国家医保局 财政部关于扩大长期护理保险制度试点的指导意见》（医保发〔2020〕37号）。"]
    path = word_pdf([(p, 11, False) for p in paragraphs], tmp_path / "spaces.pdf")
    assert read_pdf(path.read_bytes(), path, engine=engine).text.split("\n") == paragraphs


@pytest.mark.parametrize("engine", ENGINES)
def test_word_space_at_a_line_end_is_kept(tmp_path, engine):
    # a wrap that falls on a word space the PDF draws at the line's end (`1900 ` / `元`)
    # (where the space does not fit on the line, reportlab's layout drops it: such texts
    # are left out)
    texts = [f"{n + 1}.可申领" + "各" * n + "汽车消费礼包 1900 元，加油储值卡 1000 元。" for n in range(30)]
    wrapped = {t: mk.wrap(t, mk.BODY_SIZE, mk.TEXT_W - 2 * mk.BODY_SIZE, mk.TEXT_W) for t in texts}
    texts = [t for t in texts if "".join(wrapped[t]) == t]
    assert any(line.endswith(" ") for t in texts for line in wrapped[t][:-1])
    path = drawn_pdf([mk.Paragraph([t], "body") for t in texts], tmp_path / "spaced.pdf")
    assert read_pdf(path.read_bytes(), path, engine=engine).text.split("\n") == texts


@pytest.mark.parametrize("engine", ENGINES)
def test_letter_spaced_doc_number_reads_whole(tmp_path, engine):
    # the first line set as a masthead: 24 pt, 8 pt between characters, digits included
    path = drawn_pdf([mk.Paragraph([NUMBER], "banner"), mk.Paragraph(["广州市财政局" + TITLE], "title"),
                      *(mk.Paragraph([p], "body") for p in BODY)], tmp_path / "number.pdf")
    assert mk.layout(mk.Source("n", [mk.Paragraph([NUMBER], "banner")]))[0].char_space > 0
    assert read_pdf(path.read_bytes(), path, engine=engine).text.split("\n")[0] == NUMBER
    assert process(path, engine).meta.doc_number == NUMBER


@pytest.mark.parametrize("engine", ENGINES)
def test_line_justified_wide_gets_no_spaces(inputs, engine):
    # `罗力科  电话：020-38458076   邮箱：` is set 5.5 pt apart, the e-mail address after
    # it being too long for the line, and pdfium makes up a space between every two
    # of its characters (`罗 力 科 电 话 ：`): a space between two Chinese characters
    # comes out only where the text has one
    name = "dongguan_hitech_product_notice_repost_messy.txt"
    source = "\n".join(p.text for p in inputs.source(name).paragraphs)
    assert any(line.char_space > 0.3 * mk.BODY_SIZE and "  " in line.text
               for line in mk.layout(inputs.source(name)))
    spaced = re.compile(r"[\u4e00-\u9fff：] +[\u4e00-\u9fff：]")
    got = read_pdf(inputs.pdf(name).path.read_bytes(), inputs.pdf(name).path, engine=engine).text
    assert {re.sub(" +", " ", m) for m in spaced.findall(got)} <= {re.sub(" +", " ", m) for m in spaced.findall(source)}
