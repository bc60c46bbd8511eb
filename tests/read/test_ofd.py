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
