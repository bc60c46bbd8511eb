from pipeline.segment import find_markers, segment


def ids(text):
    return [c.clause_id for c in segment(text)[0]]


def test_official_ranks_allow_a_skipped_level():
    text = "一、降低融资成本\n1. 加大支持力度。内容。\n2. 降低担保成本。\n二、降低企业负担\n3. 减轻税费负担。\n"
    assert ids(text) == ["一", "一/1", "一/2", "二", "二/3"]


def test_stray_marker_closes_the_clause_before_it():
    text = "五、强化服务\n18. 优化营商环境。内容。\n（四）健全机制。内容。\n（五）支持发展。\n"
    clauses, warnings = segment(text)
    assert [c.clause_id for c in clauses] == ["五", "五/18", "五/(四)", "五/(五)"]
    assert [c.parent_id for c in clauses] == ["", "五", "五", "五"]
    assert any("（四）" in w for w in warnings)


def test_numbering_running_through_sections_is_not_a_break():
    text = "一、甲\n（一）子一。\n（二）子二。\n二、乙\n（三）子三。\n"
    clauses, warnings = segment(text)
    assert ids(text) == ["一", "一/(一)", "一/(二)", "二", "二/(三)"]
    assert warnings == []


def test_article_inside_an_official_document_ranks_with_arabic_items():
    assert ids("二、总体要求\n(一)基本原则。\n第 2 条 具体内容。\n") == ["二", "二/(一)", "二/(一)/第2条"]


def test_regulation_ranks_items_below_articles():
    text = "第一章　总则\n第一条　（目的和依据）\n为了规范，制定本办法。\n第二条 本办法适用于全市。\n（一）第一项；\n1. 细目。\n第二章 管理\n第三条 内容。\n"
    clauses, _ = segment(text)
    assert [c.clause_id for c in clauses] == [
        "第一章", "第一章/第一条", "第一章/第二条", "第一章/第二条/(一)", "第一章/第二条/(一)/1",
        "第二章", "第二章/第三条"]
    assert [c.level for c in clauses] == [1, 2, 2, 3, 4, 1, 2]


def test_marker_in_running_text_is_not_a_clause():
    assert ids("一、总则\n按第3条执行，依照第三条规定的程序办理。\n") == ["一"]


def test_headings():
    text = ("一、进一步降低企业融资成本\n1. 加大对中小企业财税支持力度。统筹安排资金。\n"
            "第一条\n（目的和依据）\n为了规范。\n第二条\n本办法适用于新片区。\n第一章　总　则\n")
    headings = {c.clause_id.split("/")[-1]: c.heading for c in segment(text)[0]}
    assert headings["一"] == "进一步降低企业融资成本"
    assert headings["1"] == "加大对中小企业财税支持力度"
    assert headings["第一条"] == "目的和依据"
    assert headings["第二条"] == ""
    assert headings["第一章"] == "总则"


def test_heading_longer_than_forty_characters_is_empty():
    text = "一、" + "很长的标题" * 9 + "\n"
    assert segment(text)[0][0].heading == ""


def test_clause_text_excludes_children_and_offsets_point_at_it():
    text = "前言。\n一、总体要求\n（一）指导思想。内容。\n"
    clauses, _ = segment(text)
    assert clauses[0].text == "一、总体要求"
    for c in clauses:
        assert text[c.start:c.end] == c.text


def test_signature_block_after_the_last_clause_is_not_a_clause():
    text = "一、总则\n1. 内容。\n焦作市人民政府办公室\n2022年5月6日印发\n"
    last = segment(text)[0][-1]
    assert last.text == "1. 内容。"


def test_restarted_numbering_gets_an_occurrence_suffix():
    text = "申报条件\n（一）甲。\n（二）乙。\n申报程序\n（一）丙。\n"
    clauses, warnings = segment(text)
    assert [c.clause_id for c in clauses] == ["(一)", "(二)", "(一)#2"]
    assert warnings


def test_marker_numbers():
    written = ("一", "十", "十八", "二十", "四十九", "一百零五", "12")
    text = "".join(f"（{n}）内容。\n" for n in written)
    assert [m.number for m in find_markers(text)] == [1, 10, 18, 20, 49, 105, 12]
