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


def test_article_numbers_spaced_out_by_a_conversion():
    text = "第 9 条 甲。\n第 1 0 条 乙。\n第 2 6 条 丙。\n"
    assert ids(text) == ["第9条", "第10条", "第26条"]
    assert [m.number for m in find_markers(text)] == [9, 10, 26]


def test_the_dots_variants_after_a_number():
    text = "一﹒总则\n1﹒甲。\n2．乙。\n3、丙。\n"
    assert ids(text) == ["一", "一/1", "一/2", "一/3"]


def test_run_on_line_is_read_as_the_page_showed_it():
    text = ("各省人民政府：为优化营商环境，提出以下意见。一、持续提升投资建设便利度（一）优化审批流程。"
            "按第3条执行，一、二类新药除外。（国家发展改革委牵头，各地区按职责分工负责）（二）提升审批效率。"
            "内容（住房城乡建设部负责）。二、简化审批（三）降低准入门槛。国务院办公厅2020年7月15日\n")
    clauses, _ = segment(text)
    assert [c.clause_id for c in clauses] == ["一", "一/(一)", "一/(二)", "二", "二/(三)"]
    assert [c.heading for c in clauses] == ["持续提升投资建设便利度", "优化审批流程", "提升审批效率",
                                            "简化审批", "降低准入门槛"]
    assert clauses[1].text.endswith("按职责分工负责）")


def test_a_marker_that_breaks_the_sequence_mid_line_is_running_text():
    text = "一、总则\n（一）甲。（三）不在此处开始。\n"
    assert ids(text) == ["一", "一/(一)"]


def test_a_number_glued_to_its_text_is_a_marker_only_where_expected():
    text = "一、救助对象\n1.80周岁及以上的老人。\n2.残疾人。\n"
    assert ids(text) == ["一", "一/1", "一/2"]
    text = "一、补贴标准\n1.甲。\n1.5倍以内的部分。\n"
    assert ids(text) == ["一", "一/1"]


def test_article_ranks_where_the_dot_does_in_an_official_document():
    text = "一、总体要求\n（一）指导思想\n第 2 条 内容。\n"
    assert ids(text) == ["一", "一/(一)", "一/(一)/第2条"]


def test_attachment_list_items_are_no_clauses():
    text = "一、甲\n（一）内容。\n十二、本通知自印发之日起施行。\n附件：1. 病种范围及标准\n2. 准入标准\n3. 审核表\n广州市医疗保障局\n"
    assert ids(text) == ["一", "一/(一)", "十二"]


def test_a_paragraph_stored_twice_is_one_clause():
    text = ("一、产业\n4.支持品牌建设。内容。\n5.培育壮大经营主体。对获国家级\n奖励10万元。\n"
            "5.培育壮大经营主体。对获国家级奖励10万元。\n6.发展农机。内容。\n二、附则\n1.甲。\n1.乙。\n")
    clauses, _ = segment(text)
    assert [c.clause_id for c in clauses] == ["一", "一/4", "一/5", "一/6", "二", "二/1", "二/1#2"]


def test_markdown_headings_for_chapters_and_articles():
    from pipeline.clean import clean
    raw = "# 第一章 总则\n\n# 第一条 目的和依据\n\n为了规范补贴，制定本细则。\n\n# 第二条 适用范围\n\n本细则适用于本市。\n"
    clauses, _ = segment(clean(raw).text)
    assert [(c.clause_id, c.heading) for c in clauses] == [
        ("第一章", "总则"), ("第一章/第一条", "目的和依据"), ("第一章/第二条", "适用范围")]


def test_children_of_a_restarted_marker_extend_its_path():
    text = "一、通知\n二、附件说明\n附件\n一、总则\n（一）甲\n（二）乙\n（三）丙\n5.内容。\n"
    assert ids(text)[-4:] == ["一#2/(一)", "一#2/(二)", "一#2/(三)", "一#2/(三)/5"]


# A notice, its signature, then an attachment written as a table one cell per line (no
# markers), then a second attachment numbered from 一、 again: the layout of a notice
# that issues a standard with its tables.
NOTICE_WITH_ATTACHMENTS = (
    "某市医疗保障局 某市财政局关于印发门诊特定病种费用标准的通知\n"
    "各有关单位：\n"
    "现就有关事项通知如下：\n"
    "一、门诊特定病种的范围按附件1执行。\n"
    "（一）参保人员须经定点医疗机构审核确认。\n"
    "二、统筹基金按以下比例支付。\n"
    "三、本通知自2019年7月1日起实施，有效期5年。\n"
    "附件：1. 门诊特定病种范围及最高支付限额\n"
    "2. 门诊特定病种准入标准\n"
    "某市医疗保障局 某市财政局\n"
    "2019年6月14日\n"
    "（此件主动公开）\n"
    "附件1\n"
    "门诊特定病种范围及最高支付限额\n"
    "序号\n病种名称\n职工医保\n城乡居民医保\n"
    "1\n高血压病\n200元/月\n50元/月\n"
    "2\n糖尿病\n300元/月\n80元/月\n"
    "附件2\n"
    "门诊特定病种准入标准\n"
    "一、高血压病\n"
    "（一）符合高血压诊断标准。\n"
)


def test_a_signature_before_an_attachment_closes_the_notices_clauses():
    clauses, _ = segment(NOTICE_WITH_ATTACHMENTS)
    by_id = {c.clause_id: c for c in clauses}
    assert list(by_id) == ["一", "一/(一)", "二", "三", "一#2", "一#2/(一)"]
    assert by_id["三"].text == "三、本通知自2019年7月1日起实施，有效期5年。"
    assert by_id["一#2"].parent_id == ""


def test_a_table_attachment_after_the_signature_is_in_no_clause():
    from pipeline.process import extract_text
    amounts = extract_text(NOTICE_WITH_ATTACHMENTS)["amounts"]
    table = [(clause, m.span) for clause, m in amounts if m.span in ("200元", "50元", "300元", "80元")]
    assert table == [("", "200元"), ("", "50元"), ("", "300元"), ("", "80元")]


def test_an_attachment_heading_without_a_signature_ends_the_last_clause():
    text = ("一、补贴范围。\n二、补贴标准见附件。\n附件\n补贴标准表\n档次\n金额\n一档\n3000元\n")
    clauses, _ = segment(text)
    assert [c.text for c in clauses] == ["一、补贴范围。", "二、补贴标准见附件。"]


def test_an_attachment_numbered_below_the_notice_nests_under_none_of_its_clauses():
    text = ("一、总体要求。\n二、工作措施。\n（一）加强领导。\n某市人民政府办公室\n2024年3月1日\n"
            "附件\n某市实施细则\n（一）适用范围。\n1.本市企业。\n")
    assert ids(text) == ["一", "二", "二/(一)", "(一)", "(一)/1"]


def test_a_date_inside_a_clause_does_not_close_it():
    text = ("一、申报时间\n"
            "2024年3月1日\n"
            "逾期不予受理。\n"
            "二、政策清单\n"
            "序号\n发文单位\n发文日期\n补贴标准\n"
            "1\n某市财政局\n2023年5月1日\n每户补贴500万元\n"
            "三、本办法自2024年1月1日起施行。\n"
            "四、申报截止\n"
            "（一）2024年6月30日\n"
            "逾期不予受理。\n")
    clauses, _ = segment(text)
    assert [c.text for c in clauses] == [
        "一、申报时间\n2024年3月1日\n逾期不予受理。",
        "二、政策清单\n序号\n发文单位\n发文日期\n补贴标准\n1\n某市财政局\n2023年5月1日\n每户补贴500万元",
        "三、本办法自2024年1月1日起施行。",
        "四、申报截止",
        "（一）2024年6月30日\n逾期不予受理。"]


def test_the_figures_of_a_paragraph_stored_twice_count_once():
    # a flip-book re-post: item 5 cut by a page end, then stored again whole
    from pipeline.clean import clean
    from pipeline.process import extract_text
    raw = ("关于培育农业农村新动能的若干政策意见\n一、提升发展效益农业\n"
           "4.支持农业品牌建设。对新认定的品牌奖励2万元。\n"
           "5.培育壮大农业产业经营主体。对获国家级、省级、市级（百\n\n"
           "龙工程）农业龙头企业称号，分别一次性奖励10万元、5万元、1万元。\n"
           "5.培育壮大农业产业经营主体。对获国家级、省级、市级（百龙工程）农业龙头企业称号，"
           "分别一次性奖励10万元、5万元、1万元。\n"
           "6.鼓励发展农业机械化。对示范基地奖励3万元，补助不超过投入的30%。\n")
    parts = extract_text(clean(raw).text)
    assert [(clause, m.span) for clause, m in parts["amounts"]] == [
        ("一/4", "2万元"), ("一/5", "10万元"), ("一/5", "5万元"), ("一/5", "1万元"), ("一/6", "3万元")]
    assert [(clause, m.span) for clause, m in parts["percentages"]] == [("一/6", "30%")]
    assert [c.clause_id for c in parts["clauses"]] == ["一", "一/4", "一/5", "一/6"]
    assert any("一/5" in w and "twice" in w for w in parts["warnings"])


def test_what_the_second_copy_adds_to_a_paragraph_stored_twice_counts():
    # the first copy ends where its page did; the whole paragraph, stored again, goes on
    from pipeline.process import extract_text
    text = ("一、提升发展效益农业\n"
            "5.培育壮大农业产业经营主体。对获国家级龙头企业称号的奖励10万元。\n"
            "5.培育壮大农业产业经营主体。对获国家级龙头企业称号的奖励10万元。对新获得示范性合作社的奖励3万元。\n"
            "6.鼓励发展农业机械化。\n")
    amounts = extract_text(text)["amounts"]
    assert [(clause, m.span) for clause, m in amounts] == [("一/5", "10万元"), ("一/5", "3万元")]
