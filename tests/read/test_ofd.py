"""OFD (GB/T 33190): packages the tests write themselves from the labelled texts, with
lxml and zipfile, read back page by page; damaged and hostile packages are errors."""
from __future__ import annotations

import io
import re
import zipfile

import pytest

from pipeline.process import process_file
from pipeline.read import ReadError, read_file
from pipeline.validate import load_fixture, score_document
from tests.conftest import FIXTURES
from tests.read import make_inputs as mk
from tests.read.conftest import JIAOZUO, XUCHANG


@pytest.fixture(scope="module")
def ofd(tmp_path_factory):
    folder = tmp_path_factory.mktemp("ofd")
    made = {}

    def make(name: str):
        if name not in made:
            path = folder / f"{name.removesuffix('.txt')}.ofd"
            made[name] = path, mk.render_ofd(mk.load_source(name), path)
        return made[name]
    return make


def rewritten(path, tmp_path, change) -> bytes:
    """The package with each part passed through `change(name, data)` (None drops it)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            data = change(item.filename, source.read(item))
            if data is not None:
                archive.writestr(item.filename, data)
    return buffer.getvalue()


@pytest.mark.parametrize("name", [JIAOZUO, XUCHANG])
def test_text_is_the_source_text_in_reading_order(ofd, name):
    path, expected = ofd(name)
    doc = read_file(path)
    assert doc.format == "ofd"
    assert mk.strip_space(doc.text) == mk.strip_space(expected)       # no header, no page numbers
    assert len(doc.page_starts) > 1 and doc.page_starts[0] == 0
    assert not re.search(r"— \d+ —", doc.text)


def test_wrapped_lines_are_joined_and_paragraphs_kept(ofd):
    text = read_file(ofd(JIAOZUO)[0]).text
    assert re.search(r"^1\. ?加大对中小企业财税支持力度。.*但累计次数不得超过3次。", text, re.M)
    assert "\n二、降低企业负担\n" in text


@pytest.mark.parametrize("name", [JIAOZUO, XUCHANG])
def test_ofd_scores_as_the_text_version(ofd, name):
    doc_id = name.removesuffix(".txt")
    path, _ = ofd(name)
    fixture = load_fixture(FIXTURES / f"{doc_id}.yaml")
    from tests.conftest import RAW

    baseline = score_document(fixture, process_file(RAW / name, doc_id, name))
    scores = score_document(fixture, process_file(path, doc_id, path.name))
    for table, score in scores.items():
        assert score.f1 >= min(0.98, baseline[table].f1), f"{table}: {score.f1:.3f}"


def test_ofd_named_otherwise_is_read_as_ofd(ofd, tmp_path):
    path = tmp_path / "document.zip.txt"
    path.write_bytes(ofd(XUCHANG)[0].read_bytes())
    assert read_file(path).format == "ofd"


def test_truncated_ofd(ofd, tmp_path):
    data = ofd(XUCHANG)[0].read_bytes()
    path = tmp_path / "cut.ofd"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ReadError, match="OFD file is corrupt"):
        read_file(path)


def test_ofd_with_a_page_missing(ofd, tmp_path):
    path = tmp_path / "missing.ofd"
    path.write_bytes(rewritten(ofd(XUCHANG)[0], tmp_path,
                               lambda name, data: None if name.endswith("Page_1/Content.xml") else data))
    with pytest.raises(ReadError, match="Page_1/Content.xml is missing"):
        read_file(path)


def test_ofd_with_broken_xml(ofd, tmp_path):
    path = tmp_path / "broken.ofd"
    path.write_bytes(rewritten(ofd(XUCHANG)[0], tmp_path,
                               lambda name, data: data[: len(data) // 2] if name.endswith("Content.xml") else data))
    with pytest.raises(ReadError, match="not well-formed XML"):
        read_file(path)


def test_ofd_entities_are_not_expanded(ofd, tmp_path):
    laughs = ('<!DOCTYPE ofd:Page [<!ENTITY a "政策政策政策政策政策政策政策政策政策政策">'
              + "".join(f'<!ENTITY {chr(98 + k)} "{("&" + chr(97 + k) + ";") * 10}">' for k in range(8))
              + "]>")

    def change(name, data):
        if name.endswith("Page_0/Content.xml"):
            head, body = data.split(b"?>", 1)
            return head + b"?>" + laughs.encode("utf-8") + body.replace(
                b"</ofd:TextCode>", b"&i;</ofd:TextCode>", 1)
        return data
    path = tmp_path / "laughs.ofd"
    path.write_bytes(rewritten(ofd(XUCHANG)[0], tmp_path, change))
    try:
        doc = read_file(path)
    except ReadError as e:               # libxml2 refuses the amplification outright: as good
        assert "entity" in str(e)
        return
    assert len(doc.text) < 2 * len(read_file(ofd(XUCHANG)[0]).text)


def test_ofd_zip_bomb_part_is_refused(ofd, tmp_path):
    def change(name, data):
        return data + b" " * (33 * 1024 * 1024) if name.endswith("Page_0/Content.xml") else data
    path = tmp_path / "bomb.ofd"
    path.write_bytes(rewritten(ofd(XUCHANG)[0], tmp_path, change))
    assert path.stat().st_size < 1024 * 1024
    with pytest.raises(ReadError, match="Content.xml unzips to"):
        read_file(path)


def test_ofd_without_text_says_so(tmp_path):
    path = tmp_path / "blank.ofd"
    ns = mk.OFD_NS
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("OFD.xml", f'<ofd:OFD xmlns:ofd="{ns}"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml'
                                    '</ofd:DocRoot></ofd:DocBody></ofd:OFD>')
        archive.writestr("Doc_0/Document.xml", f'<ofd:Document xmlns:ofd="{ns}"><ofd:Pages>'
                                               '<ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/>'
                                               '</ofd:Pages></ofd:Document>')
        archive.writestr("Doc_0/Pages/Page_0/Content.xml", f'<ofd:Page xmlns:ofd="{ns}"><ofd:Content>'
                                                           '<ofd:Layer ID="2"/></ofd:Content></ofd:Page>')
    with pytest.raises(ReadError, match="no text on its pages"):
        read_file(path)


# ---------------------------------------------------------------- layouts, one page each

EM = mk.BODY_SIZE


def body(lines: list[str], first_baseline: float = 200.0) -> list[mk.Run]:
    """A paragraph set as GB/T 9704 sets it: indented two characters, every line but the
    last justified to the right margin; the wraps fall where the lines say."""
    runs = []
    for i, text in enumerate(lines):
        x = mk.LEFT + (2 * EM if i == 0 else 0.0)
        space = 0.0
        if i < len(lines) - 1:
            used = sum(mk.advance(ch, EM) for ch in text)
            space = (mk.LEFT + mk.TEXT_W - x - used) / (len(text) - 1)
        runs.append(mk.Run(text, x, first_baseline + i * mk.PITCH, EM, space))
    return runs


def stacked(*paragraphs: list[str]) -> list[mk.Run]:
    runs: list[mk.Run] = []
    for lines in paragraphs:
        runs += body(lines, 200.0 + len(runs) * mk.PITCH)
    return runs


def read_runs(tmp_path, runs: list[mk.Run]) -> str:
    path = tmp_path / "layout.ofd"
    mk.write_ofd([runs], path)
    return read_file(path).text


def test_a_wrap_inside_a_number_or_address_joins_without_a_space(tmp_path):
    # Chinese typesetting breaks a Latin run anywhere: the wrap draws no space
    text = read_runs(tmp_path, stacked(
        ["（一）居民参保人员生活照料费用的限额标准为每人每月2", "00元；"],
        ["（二）经评估享受二级待遇的，由长护险基金按照1", "00%的比例支付；"],
        ["（三）登录互联网举报受理平台网站www.1233", "9.gov.cn提交材料。"],
    ))
    assert text.splitlines() == ["（一）居民参保人员生活照料费用的限额标准为每人每月200元；",
                                 "（二）经评估享受二级待遇的，由长护险基金按照100%的比例支付；",
                                 "（三）登录互联网举报受理平台网站www.12339.gov.cn提交材料。"]


def test_a_wrap_on_a_word_space_keeps_the_space(tmp_path):
    # the TextCode keeps the space the wrap fell on, at the end of the line
    text = read_runs(tmp_path, stacked(
        ["1. 购买新车发票金额 10（不含）万元以下，可申领 1900 ", "元的汽车消费礼包。"],
        ["第一条 为保障失能人员基本照护需求，根据《国家医保局 ",
         "财政部关于扩大长期护理保险制度试点的指导意见》，制定本办法。"],
    ))
    assert text.splitlines() == [
        "1. 购买新车发票金额 10（不含）万元以下，可申领 1900 元的汽车消费礼包。",
        "第一条 为保障失能人员基本照护需求，根据《国家医保局 财政部关于扩大长期护理保险制度试点的指导意见》，制定本办法。"]


def test_runs_of_one_line_join_as_placed(tmp_path):
    """Writers set a line as several TextObjects (a run, a character each): pieces side
    by side join without a space, a gap as wide as a space is one."""
    y, x = 200.0, mk.LEFT + 2 * EM
    pieces = ["补助金额为", "1", "00", "万元，适用", "RCEP", "原产地规则。"]
    runs = []
    for piece in pieces:
        runs.append(mk.Run(piece, x, y, EM))
        x += sum(mk.advance(ch, EM) for ch in piece) + (EM / 2 if piece == "RCEP" else 0.0)
    runs += body(["本办法自印发之日起施行，有效期至二〇二七年十二月三十一日，由市财政局负责解释。"], y + mk.PITCH)
    text = read_runs(tmp_path, runs)
    assert text.splitlines()[0] == "补助金额为100万元，适用RCEP 原产地规则。"


def test_typed_indentation_starts_a_paragraph(tmp_path):
    # the indent is two ideographic spaces in the TextCode, the run placed at the margin
    first = ["第一条 为规范补贴资金管理，提高资金使用效益，根据有关规定，结合本市实际，",
             "制定本办法。本办法所称补贴资金，是指市级财政安排的专项资金。本办法适用于全市"]
    runs = body(first)
    runs[-1] = mk.Run(first[-1], mk.LEFT, runs[-1].baseline, EM, runs[0].char_space)
    following = "\u3000\u3000第二条 补贴资金的管理和使用遵循公开、公平、公正的原则。"
    runs.append(mk.Run(following, mk.LEFT, runs[-1].baseline + mk.PITCH, EM))
    lines = read_runs(tmp_path, runs).splitlines()
    assert lines[-1] == "第二条 补贴资金的管理和使用遵循公开、公平、公正的原则。"
    assert lines[-2].endswith("本办法适用于全市")


def test_a_title_over_several_centred_lines_is_one_title(tmp_path):
    """GB/T 9704 breaks a long title over centred lines, here between its issuers."""
    def centred(text, baseline, size):
        w = sum(mk.advance(ch, size) for ch in text)
        return mk.Run(text, mk.LEFT + (mk.TEXT_W - w) / 2, baseline, size)

    runs = [centred("临商发〔2025〕3号", 120, EM),
            centred("临江市商务局", 170, 22.0),
            centred("临江市财政局", 210, 22.0),
            centred("临江市市场监督管理局关于印发临江市家电以旧换新补贴实施细则的通知", 250, 22.0),
            mk.Run("各县（区）商务局、财政局、市场监督管理局：", mk.LEFT, 300, EM)]
    runs += stacked(["现将《临江市家电以旧换新补贴实施细则》印发给你们，请结合实际认真贯彻落实。执行中遇到的问题，",
                     "请及时向市商务局反映。"],
                    ["一、补贴对象。在本市购买列入补贴范围家电产品的个人消费者，每人每类限补贴一件。补贴标准",
                     "为产品销售价格的15%，每件最高不超过2000元。"])
    for k, run in enumerate(runs[5:]):
        run.baseline = 340 + k * mk.PITCH
    path = tmp_path / "title.ofd"
    mk.write_ofd([runs], path)
    doc = process_file(path, "title", path.name)
    assert doc.meta.title == "临江市商务局临江市财政局临江市市场监督管理局关于印发临江市家电以旧换新补贴实施细则的通知"
    assert doc.meta.doc_number == "临商发〔2025〕3号"
    assert doc.meta.issuer == "临江市商务局、临江市财政局、临江市市场监督管理局"
