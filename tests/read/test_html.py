"""The HTML reader on article pages as government sites publish them."""
from __future__ import annotations

import pytest

from pipeline.read import ReadError, read_file
from pipeline.read.html import read_html
from tests.read import make_inputs as mk
from tests.read.conftest import JIAOZUO, XUCHANG

SITE_FURNITURE = ("首页", "政务公开", "当前位置", "热点专题", "字体", "打印", "分享到", "新浪微博",
                  "相关文件", "网站标识码", "豫ICP备", "统计代码", "fontSize", "请输入关键字")


def read(path):
    return read_html(path.read_bytes(), path)


@pytest.mark.parametrize("name", [JIAOZUO, XUCHANG])
def test_text_is_the_article_of_a_gbk_page(inputs, name):
    path, expected = inputs.html(name)
    assert b'charset=gbk' in path.read_bytes()
    path.read_bytes().decode("gbk")                    # really GBK-encoded
    doc = read(path)
    assert doc.format == "html"
    assert mk.strip_space(doc.text) == mk.strip_space(expected)


def test_navigation_footer_scripts_and_share_bar_are_left_out(inputs):
    text = read(inputs.html(JIAOZUO)[0]).text
    for furniture in SITE_FURNITURE:
        assert furniture not in text


def test_paragraphs_and_br_are_line_breaks(inputs):
    lines = read(inputs.html(JIAOZUO)[0]).text.split("\n")
    assert "一、进一步降低企业融资成本" in lines
    # a paragraph copied from a PDF keeps the page break as <br>: the cleaner's to join
    assert any(line.endswith("人行焦作市中心支行、市财政") for line in lines)
    assert "局〔国资委〕)" in lines


def test_a_wrap_in_the_source_between_chinese_characters_is_no_space(inputs):
    text = read(inputs.html(JIAOZUO)[0]).text
    assert "《焦作市中小企业纾困帮扶政策措施》已经市政府同意" in text


def test_gb2312_page_with_characters_outside_gb2312(tmp_path):
    # 镕 and 堃 are GBK-only; pages declaring gb2312 use them all the same
    path = tmp_path / "page.htm"
    body = "<p>关于表彰朱镕基、王堃等同志的决定，奖励10万元。</p>" * 3
    path.write_bytes(f'<html><head><meta charset="gb2312"></head><body><div id="zoom">{body}</div>'
                     "</body></html>".encode("gbk"))
    assert "朱镕基、王堃" in read(path).text


def test_page_without_charset_declaration(tmp_path):
    path = tmp_path / "page.html"
    body = "<p>各县（市、区）人民政府，市人民政府各部门：现将有关事项通知如下。</p>" * 3
    path.write_bytes(f"<html><body><div class='article'>{body}</div></body></html>".encode("gb18030"))
    assert "各县（市、区）人民政府" in read(path).text


def test_page_lying_about_its_charset(tmp_path):
    path = tmp_path / "page.html"
    body = "<p>对符合条件的企业给予最高50万元奖励，责任单位：市财政局。</p>" * 3
    path.write_bytes(f'<html><head><meta charset="gbk"></head><body><div id="zoom">{body}</div>'
                     "</body></html>".encode("utf-8"))
    assert "最高50万元奖励" in read(path).text


def test_unnamed_container_is_found_by_its_chinese_text(tmp_path):
    path = tmp_path / "page.html"
    path.write_bytes("""<html><head><meta charset="utf-8"></head><body>
<div class="l"><p>网站导航</p><p>联系我们</p></div>
<div class="xl_con"><p>一、加大财税支持</p><p>对当年新招用人员的小微企业，最高可给予150万元的创业担保贷款。</p>
<p>（责任单位：市人力资源社会保障局、财政局）</p></div>
<div class="r"><p>版权所有</p></div></body></html>""".encode("utf-8"))
    assert read(path).text.split("\n") == [
        "一、加大财税支持", "对当年新招用人员的小微企业，最高可给予150万元的创业担保贷款。",
        "（责任单位：市人力资源社会保障局、财政局）"]


def test_headline_outside_the_container_is_kept(tmp_path):
    path = tmp_path / "page.html"
    path.write_bytes("""<html><head><meta charset="utf-8"></head><body>
<h1>焦作市人民政府办公室关于印发焦作市中小企业纾困帮扶政策措施的通知</h1>
<div class="TRS_Editor"><p>各县（市、区）人民政府：</p><p>现印发给你们，请认真贯彻落实。</p></div>
</body></html>""".encode("utf-8"))
    assert read(path).text.split("\n")[0] == "焦作市人民政府办公室关于印发焦作市中小企业纾困帮扶政策措施的通知"


def test_html_named_txt_is_read_as_html(inputs, tmp_path):
    disguised = tmp_path / "notice.txt"
    disguised.write_bytes(inputs.html(XUCHANG)[0].read_bytes())
    doc = read_file(disguised)
    assert doc.format == "html" and "许政〔2016〕8号" in doc.text and "网站标识码" not in doc.text


def test_page_without_chinese_text(tmp_path):
    path = tmp_path / "empty.html"
    path.write_bytes(b"<html><body><div id='zoom'><p>404 Not Found</p></div></body></html>")
    with pytest.raises(ReadError, match="no Chinese text"):
        read_file(path)


def test_unclosed_tags_by_the_thousand_are_refused_at_once(tmp_path):
    """100,000 unclosed <div>: refused in well under a second, not minutes."""
    import time

    path = tmp_path / "deep.html"
    path.write_text("<html><body>" + "<div>" * 100_000 + "一、政策文本</body></html>", encoding="utf-8")
    started = time.monotonic()
    with pytest.raises(ReadError, match="nest more than 256 deep"):
        read_file(path)
    assert time.monotonic() - started < 10


def test_a_page_nested_deep_but_within_the_cap_is_read(tmp_path):
    path = tmp_path / "nested.html"
    path.write_text("<html><body>" + "<div>" * 250 + "<p>一、政策文本的第一条。</p>" + "</div>" * 250
                    + "</body></html>", encoding="utf-8")
    assert read_file(path).text == "一、政策文本的第一条。"
