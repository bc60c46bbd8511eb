"""The Word reader on files whose clause numbers are Word's own list numbering."""
from __future__ import annotations

import io
import zipfile

import docx
import pytest

from pipeline.read import ReadError, read_file
from pipeline.read.docx import chinese_counting, read_docx
from tests.read import make_inputs as mk
from tests.read.conftest import JIAOZUO, XUCHANG, needs_soffice

W_NUM_PR = f"{{{mk.W_NS}}}numPr"


def read(path):
    return read_docx(path.read_bytes(), path)


@pytest.mark.parametrize("name", [JIAOZUO, XUCHANG, "beijing_haidian_returnee_talent_application_4level.txt",
                                  "state_council_gov_new_media_opinions.txt"])
def test_text_is_the_source_text(inputs, name):
    path, expected = inputs.docx(name)
    doc = read(path)
    assert doc.format == "docx" and doc.page_starts is None
    assert mk.strip_space(doc.text) == mk.strip_space(expected)


def test_clause_markers_come_from_list_numbering(inputs):
    path, _ = inputs.docx(JIAOZUO)
    paragraphs = docx.Document(str(path)).paragraphs
    numbered = [p for p in paragraphs if p._p.find(f".//{W_NUM_PR}") is not None]
    assert len(numbered) >= 20
    assert numbered[0].text == "进一步降低企业融资成本"          # no typed marker in the file
    lines = read(path).text.split("\n")
    assert "一、进一步降低企业融资成本" in lines
    assert "五、强化企业精准服务" in lines


def test_level_numbered_straight_through_sections(inputs):
    # Jiaozuo numbers 1–18 across 一、…五、: lvlRestart 0 on that level
    text = read(inputs.docx(JIAOZUO)[0]).text
    assert "\n4.减轻中小企业税费负担" in text
    assert "\n18.优化营商环境" in text


def test_start_override_restarts_a_level(inputs):
    # the stray （四） after item 18 is a new list instance starting at 4
    text = read(inputs.docx(JIAOZUO)[0]).text
    assert "\n（四）健全涉企政策制定和执行机制" in text
    assert "\n（五）支持中小企业（含个体工商户）发展" in text


@pytest.mark.parametrize("fmt, lvl_text, markers", [
    ("chineseCounting", "%1、", ["一、", "二、", "三、", "四、", "五、", "六、", "七、", "八、", "九、", "十、", "十一、", "十二、"]),
    ("chineseCounting", "（%1）", ["（一）", "（二）", "（三）"]),
    ("decimal", "%1.", ["1.", "2.", "3."]),
    ("decimal", "（%1）", ["（1）", "（2）", "（3）"]),
    ("ideographTraditional", "%1、", ["甲、", "乙、", "丙、"]),
    ("decimalEnclosedCircle", "%1", ["①", "②", "③"]),
    ("chineseLegalSimplified", "%1、", ["壹、", "贰、", "叁、"]),
    ("upperRoman", "%1.", ["I.", "II.", "III."]),
])
def test_number_formats(tmp_path, fmt, lvl_text, markers):
    path = tmp_path / "list.docx"
    mk.numbered_docx(path, [(fmt, lvl_text)], [(0, "条款", 1)] * len(markers))
    lines = read(path).text.split("\n")
    assert [line.removesuffix("条款").strip() for line in lines if line] == markers


def test_lower_level_restarts_under_each_higher_item(tmp_path):
    path = tmp_path / "nested.docx"
    items = [(0, "甲", 1), (1, "a", 1), (1, "b", 1), (0, "乙", 1), (1, "c", 1), (2, "d", 1), (1, "e", 1)]
    mk.numbered_docx(path, [("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%3.")], items)
    assert read(path).text.split("\n") == ["一、甲", "（一）a", "（二）b", "二、乙", "（一）c", "1. d", "（二）e"]


def test_level_text_with_the_numbers_of_higher_levels(tmp_path):
    # each %n is written in its own level's format, as Word writes it
    path = tmp_path / "outline.docx"
    items = [(0, "总则", 1), (1, "目的", 1), (2, "范围", 1), (1, "依据", 1)]
    mk.numbered_docx(path, [("decimal", "%1."), ("decimal", "%1.%2"), ("lowerLetter", "%1.%2.%3")], items)
    assert read(path).text.split("\n") == ["1. 总则", "1.1 目的", "1.1.a 范围", "1.2 依据"]


def test_list_instances_share_the_count_of_their_definition(tmp_path):
    # two w:num of one abstractNum continue each other; a startOverride restarts
    path = tmp_path / "instances.docx"
    mk.numbered_docx(path, [("decimal", "%1.")], [(0, "a", 1), (0, "b", 2), (0, "c", 3), (0, "d", 3)],
                     overrides={3: {0: 1}})
    assert read(path).text.split("\n") == ["1. a", "2. b", "1. c", "2. d"]


def test_numbering_from_the_paragraph_style(tmp_path):
    path = tmp_path / "styled.docx"
    document = docx.Document()
    for text in ("第一项", "第二项"):
        document.add_paragraph(text, style="List Number")
    document.save(str(path))
    assert read(path).text.split("\n") == ["1. 第一项", "2. 第二项"]


def test_tables_are_read_in_document_order(inputs):
    lines = read(inputs.docx(JIAOZUO)[0]).text.split("\n")
    assert lines[-2:] == ["附件\t联系单位", "1\t焦作市工业和信息化局"]


def test_chinese_counting():
    assert [chinese_counting(n) for n in (1, 10, 11, 20, 99, 100, 105, 110)] == \
        ["一", "十", "十一", "二十", "九十九", "一百", "一百零五", "一百一十"]


@needs_soffice
def test_numbering_agrees_with_libreoffice(inputs, tmp_path):
    # LibreOffice ignores lvlRestart, so this file restarts by startOverride alone
    path = tmp_path / "jiaozuo.docx"
    mk.render_docx(inputs.source(JIAOZUO), path, lvl_restart=False)
    shown = mk.convert_with_soffice(path, "txt:Text (encoded):UTF8", tmp_path / "lo").read_text(encoding="utf-8-sig")
    assert mk.strip_space(read(path).text) == mk.strip_space(shown)


def test_docx_named_txt_is_read_as_word(inputs, tmp_path):
    disguised = tmp_path / "notice.txt"
    disguised.write_bytes(inputs.docx(XUCHANG)[0].read_bytes())
    assert read_file(disguised).format == "docx"


# ---------------------------------------------------------------- legacy .doc


@needs_soffice
def test_legacy_doc_is_converted_with_libreoffice(inputs, tmp_path):
    # a .doc keeps less of Word's numbering than a .docx (LibreOffice's own export numbers
    # 二、's items from 1 again), so the text is checked against LibreOffice's reading of it
    doc_path = mk.convert_with_soffice(inputs.docx(XUCHANG)[0], "doc", tmp_path)
    doc = read_file(doc_path)
    shown = mk.convert_with_soffice(doc_path, "txt:Text (encoded):UTF8", tmp_path / "lo").read_text(encoding="utf-8-sig")
    assert doc.format == "doc"
    assert mk.strip_space(doc.text) == mk.strip_space(shown)
    assert "\n一、推进创业创新，力促转型升级\n（一）支持大众创业。" in doc.text


@needs_soffice
def test_legacy_doc_without_libreoffice_names_the_package(inputs, tmp_path, monkeypatch):
    doc_path = mk.convert_with_soffice(inputs.docx(XUCHANG)[0], "doc", tmp_path)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))    # a machine without soffice
    with pytest.raises(ReadError, match="libreoffice-writer"):
        read_file(doc_path)


# ---------------------------------------------------------------- unreadable Word files


def test_zip_renamed_docx(tmp_path):
    path = tmp_path / "archive.docx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "附件清单")
        archive.writestr("data.csv", "a,b\n1,2\n")
    path.write_bytes(buffer.getvalue())
    with pytest.raises(ReadError, match="not a Word document.*readme.txt"):
        read_file(path)


def test_truncated_docx(inputs, tmp_path):
    data = inputs.docx(XUCHANG)[0].read_bytes()
    path = tmp_path / "cut.docx"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ReadError, match="corrupt"):
        read_file(path)


def test_docx_with_broken_xml(inputs, tmp_path):
    source = zipfile.ZipFile(inputs.docx(XUCHANG)[0])
    path = tmp_path / "broken.docx"
    with zipfile.ZipFile(path, "w") as archive:
        for item in source.infolist():
            data = source.read(item)
            archive.writestr(item, data[: len(data) // 2] if item.filename == "word/document.xml" else data)
    with pytest.raises(ReadError, match="corrupt"):
        read_file(path)


def test_zero_byte_docx(tmp_path):
    path = tmp_path / "empty.docx"
    path.write_bytes(b"")
    with pytest.raises(ReadError, match="empty"):
        read_file(path)


def test_zip_bomb_part_is_refused_without_unzipping(inputs, tmp_path):
    source = zipfile.ZipFile(inputs.docx(XUCHANG)[0])
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            archive.writestr(item.filename, source.read(item), zipfile.ZIP_DEFLATED)
        archive.writestr("word/media/padding.xml", b" " * (65 * 1024 * 1024), zipfile.ZIP_DEFLATED)
    assert path.stat().st_size < 1024 * 1024
    with pytest.raises(ReadError, match="padding.xml unzips to .* zip bomb"):
        read_file(path)


def test_entities_in_the_body_are_not_expanded(inputs, tmp_path):
    """A billion-laughs DTD in document.xml: the entities stay unexpanded, so reading
    costs what the file's size does."""
    source = zipfile.ZipFile(inputs.docx(XUCHANG)[0])
    laughs = ('<!DOCTYPE w:document [<!ENTITY a "政策政策政策政策政策政策政策政策政策政策">'
              + "".join(f'<!ENTITY {chr(98 + k)} "{("&" + chr(97 + k) + ";") * 10}">' for k in range(8))
              + "]>")
    path = tmp_path / "laughs.docx"
    with zipfile.ZipFile(path, "w") as archive:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/document.xml":
                head, body = data.split(b"?>", 1)
                body = body.replace(b"<w:t>", b"<w:t>&i;", 1)
                data = head + b"?>" + laughs.encode("utf-8") + body
            archive.writestr(item, data)
    try:
        doc = read_file(path)
    except ReadError:
        return                           # refused outright is as good
    assert len(doc.text) < 2 * len(read_file(inputs.docx(XUCHANG)[0]).text)


# ---------------------------------------------------------------- WPS


@pytest.fixture(scope="module")
def wps_file(inputs, tmp_path_factory):
    """A WPS Writer file: WPS saves `.wps` in the Word 97 binary format, as LibreOffice
    writes a .doc, so a LibreOffice .doc named .wps is one."""
    folder = tmp_path_factory.mktemp("wps")
    doc = mk.convert_with_soffice(inputs.docx(XUCHANG)[0], "doc", folder)
    return doc.rename(folder / "xuchang.wps")


@needs_soffice
def test_wps_is_converted_with_libreoffice(wps_file, tmp_path):
    doc = read_file(wps_file)
    shown = mk.convert_with_soffice(wps_file, "txt:Text (encoded):UTF8", tmp_path).read_text(encoding="utf-8-sig")
    assert doc.format == "wps"
    assert mk.strip_space(doc.text) == mk.strip_space(shown)
    assert "\n一、推进创业创新，力促转型升级\n（一）支持大众创业。" in doc.text


@needs_soffice
def test_wps_without_libreoffice_names_the_package(wps_file, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))    # a machine without soffice
    with pytest.raises(ReadError, match="WPS Writer file needs LibreOffice.*libreoffice-writer"):
        read_file(wps_file)


def test_title_and_number_under_a_legal_database_header(tmp_path):
    """A legal database's Word export: its header lines (citation code, link) stand above
    the title, each a paragraph of its own; the 文号 is bracketed under the title."""
    from pipeline.process import process_file

    document = docx.Document()
    for text in ("【法宝引证码】 CLI.12.1234567",
                 "原文链接：https://www.pkulaw.com/lar/0123456789abcdef0123456789abcdefbdfb.html",
                 "临江市商务局关于印发临江市家电以旧换新补贴实施细则的通知",
                 "（临商发〔2025〕3号）",
                 "各县（区）商务局：",
                 "　　现将《临江市家电以旧换新补贴实施细则》印发给你们，请认真贯彻执行。",
                 "临江市商务局",
                 "　　2025年3月1日",
                 "一、补贴对象。在本市购买家电产品的个人消费者，补贴标准为销售价格的15%，每件最高不超过2000元。"):
        document.add_paragraph(text)
    path = tmp_path / "header.docx"
    document.save(str(path))
    doc = process_file(path, "header", path.name)
    assert doc.meta.title == "临江市商务局关于印发临江市家电以旧换新补贴实施细则的通知"
    assert doc.meta.doc_number == "临商发〔2025〕3号"
    assert not doc.references                  # its own number is no citation
    assert [m.value for _, m in doc.amounts] == [2000]


def test_renderer_cuts_running_text_only():
    """The files these tests write keep a title, a header field or a web address a
    paragraph of its own; a sentence that stops mid-way goes on in the next line."""
    assert not mk.is_cut("原文链接：https://www.pkulaw.com/lar/0123456789abcdef0123456789abcdefbdfb.html",
                         "临江市商务局关于印发临江市家电以旧换新补贴实施细则的通知")
    assert not mk.is_cut("临江市商务局 临江市财政局 临江市市场监督管理局关于印发临江市家电以旧换新补贴实施细则的通知",
                         "各县（区）商务局、财政局：")
    assert mk.is_cut("对符合条件的企业，按照其上年度实际缴纳的城镇土地使用税给予补助，所需资金由市财政",
                     "局〔国资委〕统筹安排。")


@pytest.mark.parametrize("lines", [
    ["临江市商务局", "临江市财政局关于印发临江市家电以旧换新补贴实施细则的通知"],
    ["临江市商务局 临江市财政局", "关于印发临江市家电以旧换新补贴实施细则的通知"],
])
@pytest.mark.parametrize("by_style", [False, True])
def test_a_title_broken_over_centred_lines_is_one_title(tmp_path, lines, by_style):
    """GB/T 9704 breaks a long title over centred lines: in Word a line break
    (Shift+Enter) in a centred paragraph, centred by itself or by its style."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    from pipeline.process import process_file

    document = docx.Document()
    document.add_paragraph("临商发〔2025〕3号").alignment = WD_ALIGN_PARAGRAPH.CENTER
    if by_style:
        document.styles["Title"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        title = document.add_paragraph(style="Title")
    else:
        title = document.add_paragraph()
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for k, line in enumerate(lines):
        run = title.add_run(line)
        if k < len(lines) - 1:
            run.add_break()
    signature = document.add_paragraph("各县（区）商务局、财政局：")
    signature.add_run().add_break()                  # not centred: the break stays a line
    signature.add_run("现将细则印发给你们，请认真贯彻执行。")
    document.add_paragraph("一、补贴对象。在本市购买家电产品的个人消费者，每件最高不超过2000元。")
    path = tmp_path / "title.docx"
    document.save(str(path))
    assert read(path).text.split("\n")[1:4] == [
        "".join(lines), "各县（区）商务局、财政局：", "现将细则印发给你们，请认真贯彻执行。"]
    doc = process_file(path, "title", path.name)
    assert doc.meta.title == "临江市商务局临江市财政局关于印发临江市家电以旧换新补贴实施细则的通知"
    assert doc.meta.issuer == "临江市商务局、临江市财政局"
