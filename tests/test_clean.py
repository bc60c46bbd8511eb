from pipeline.clean import clean, page_of


def test_page_break_inside_a_sentence_is_joined():
    raw = "（一）支持大众创业。鼓励以租赁等方式向小微企业供应土地。力争\n\n全市每年培育1家省级科技企业孵化器。"
    assert "力争全市每年培育1家" in clean(raw).text


def test_page_break_inside_unit_name_is_joined():
    raw = "2. 降低成本。（责任单位：市金融工作局、市财政\n\n局〔国资委〕)\n"
    assert "市财政局〔国资委〕)" in clean(raw).text


def test_paragraph_ending_with_colon_inside_bracket_continues():
    raw = "补贴期限最长不超过12个月。（责任单位：\n\n市人力资源社会保障局、教育局）"
    assert "（责任单位：市人力资源社会保障局" in clean(raw).text


def test_clause_marker_starts_a_new_paragraph_even_after_an_unfinished_one():
    text = clean("一、进一步降低企业融资成本\n\n1. 加大对中小企业财税支持力度。").text
    assert text.split("\n")[:2] == ["一、进一步降低企业融资成本", "1. 加大对中小企业财税支持力度。"]


def test_short_title_line_is_not_joined_to_the_preamble():
    text = clean("焦作市中小企业纾困帮扶政策措施\n\n为贯彻落实有关精神，制定以下政策措施。").text
    assert text.startswith("焦作市中小企业纾困帮扶政策措施\n为贯彻")


def test_markdown_debris_is_dropped_and_full_width_brackets_kept():
    raw = "# 许昌市人民政府文件\n\n---\n\n## **二、加大要素支撑，破解发展瓶颈**\n\n（四）加大金融支持。\n<!-- INFO END -->\n"
    text = clean(raw).text
    assert text == "许昌市人民政府文件\n二、加大要素支撑，破解发展瓶颈\n（四）加大金融支持。\n"


def test_layout_indentation_is_removed_but_inner_spaces_stay():
    text = clean("\t\t\u3000\u3000第一条\u3000（目的和依据）\n    最高 200 万元。").text
    assert text == "第一条\u3000（目的和依据）\n最高 200 万元。\n"


def test_dates_and_signature_lines_stay_on_their_own():
    raw = "对企业给予不超过1500万元补助，加快发展\n\n2022年5月6日印发"
    assert clean(raw).text.endswith("\n2022年5月6日印发\n")


def test_page_starts_follow_the_text_through_cleaning():
    raw = "一、总则\n\n1. 第一页的内容，继续写下去直到页末然后被\n\n第二页接着写完。\n2. 第二项。\n"
    page2 = raw.index("第二页")
    cleaned = clean(raw, page_starts=[0, page2])
    assert page_of(cleaned.text.index("1. 第一页"), cleaned.page_starts) == 1
    assert page_of(cleaned.text.index("2. 第二项"), cleaned.page_starts) == 2
    assert cleaned.text[cleaned.page_starts[1]:].startswith("第二页")
