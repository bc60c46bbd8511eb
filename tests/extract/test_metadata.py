from pipeline.extract.metadata import extract_metadata

JIAOZUO_FRONT = """焦作市人民政府办公室文件
焦政办〔2022〕17号
焦作市人民政府办公室 关于印发焦作市中小企业纾困帮扶 政策措施的通知
各县（市、区）人民政府，市城乡一体化示范区管委会，市人民政府各部门，各有关单位：
《焦作市中小企业纾困帮扶政策措施》已经市政府同意，现印发给你们，请认真贯彻落实。
"""


def test_official_notice_fields():
    text = JIAOZUO_FRONT + "一、正文\n焦作市人民政府办公室\n2022年5月6日印发\n"
    meta = extract_metadata(text, text.index("一、"))
    assert meta.title == "焦作市人民政府办公室关于印发焦作市中小企业纾困帮扶政策措施的通知"
    assert meta.issuer == "焦作市人民政府办公室"
    assert meta.doc_number == "焦政办〔2022〕17号"
    assert meta.recipients == "各县（市、区）人民政府，市城乡一体化示范区管委会，市人民政府各部门，各有关单位"
    assert (meta.signed_date, meta.printed_date) == ("", "2022-05-06")


def test_title_broken_over_two_lines():
    text = "国务院办公厅关于推进\n政务新媒体健康有序发展的意见\n国办发〔2018〕123号\n一、总体要求\n"
    meta = extract_metadata(text, text.index("一、"))
    assert meta.title == "国务院办公厅关于推进政务新媒体健康有序发展的意见"
    assert meta.issuer == "国务院办公厅"


def test_signed_date_as_written_and_in_chinese_numerals():
    text = "某某办法\n第一条 内容。\n2015年2月2日\n"
    assert extract_metadata(text, text.index("第一条")).signed_date == "2015-02-02"
    text = "某某办法\n第一条 内容。\n二〇一八年二月二十八日\n"
    assert extract_metadata(text, text.index("第一条")).signed_date == "2018-02-28"


def test_decree_number_and_issuer():
    text = "中山市政务数据管理办法\n中山市人民政府令\n（第16号）\n第一章　总　则\n"
    meta = extract_metadata(text, text.index("第一章"))
    assert (meta.title, meta.issuer, meta.doc_number) == ("中山市政务数据管理办法", "中山市人民政府", "中山市人民政府令第16号")


def test_masthead_is_not_the_title_but_names_the_issuer():
    text = "某市人民政府文件\n某政〔2020〕1号\n实施细则\n一、正文\n"
    meta = extract_metadata(text, text.index("一、"))
    assert meta.title == "实施细则"
    assert meta.issuer == "某市人民政府"


def meta_of(text):
    """The fields of a whole text, its front matter ending where its first clause starts."""
    from pipeline.segment import segment
    clauses, _ = segment(text)
    return extract_metadata(text, clauses[0].start if clauses else len(text))


def test_masthead_number_title_and_recipients_glued_on_one_line():
    text = ("温岭市人民政府文件温政发〔2020〕57号温岭市人民政府关于进一步促进民营经济高质量发展的若干意见"
            "各镇人民政府，各街道办事处，市政府直属各单位：\n为进一步激发市场活力，提出如下意见。\n"
            "一、加大财政支持\n内容。\n")
    meta = meta_of(text)
    assert meta.doc_number == "温政发〔2020〕57号"
    assert meta.title == "温岭市人民政府关于进一步促进民营经济高质量发展的若干意见"
    assert meta.issuer == "温岭市人民政府"
    assert meta.recipients == "各镇人民政府，各街道办事处，市政府直属各单位"


def test_signature_date_and_next_parts_title_glued_on_one_line():
    text = ("苍南县人民政府关于印发苍南县农村宅基地管理办法的通知\n苍政发〔2018〕30号\n"
            "各乡镇人民政府，县政府直属各单位：\n现将《苍南县农村宅基地管理办法》印发给你们，请认真贯彻执行。\n"
            "苍南县人民政府2018年4月6日（此件公开发布）苍南县农村宅基地管理办法\n"
            "第一条 为规范农村宅基地管理，制定本办法。\n")
    meta = meta_of(text)
    assert meta.title == "苍南县人民政府关于印发苍南县农村宅基地管理办法的通知"
    assert meta.issuer == "苍南县人民政府"
    assert meta.doc_number == "苍政发〔2018〕30号"
    assert meta.signed_date == "2018-04-06"


def test_title_with_its_number_glued_on():
    text = ("国务院办公厅关于进一步优化营商环境更好服务市场主体的实施意见国办发〔2020〕24号\n"
            "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：党中央、国务院高度重视。一、持续提升便利度"
            "（一）优化审批流程。内容。国务院办公厅2020年7月15日（此件公开发布）\n")
    meta = meta_of(text)
    assert meta.title == "国务院办公厅关于进一步优化营商环境更好服务市场主体的实施意见"
    assert meta.doc_number == "国办发〔2020〕24号"
    assert meta.issuer == "国务院办公厅"
    assert meta.recipients == "各省、自治区、直辖市人民政府，国务院各部委、各直属机构"
    assert (meta.signed_date, meta.printed_date) == ("2020-07-15", "")


def test_state_decrees():
    text = "中华人民共和国国务院令第700号\n《优化营商环境条例》已经国务院常务会议通过，现予公布。\n总理 李克强\n2019年10月22日\n优化营商环境条例\n第一章 总则\n第一条 内容。\n"
    meta = meta_of(text)
    assert (meta.doc_number, meta.issuer, meta.signed_date) == (
        "中华人民共和国国务院令第700号", "国务院", "2019-10-22")
    for line in ("2022年6月6日 中华人民共和国国家安全部令第2号公布", "2022年6月6日中华人民共和国国家安全部令（第2号）公布"):
        text = f"公民举报危害国家安全行为奖励办法\n{line}\n第一章 总 则\n第一条 内容。\n"
        meta = meta_of(text)
        assert (meta.title, meta.doc_number, meta.issuer, meta.signed_date) == (
            "公民举报危害国家安全行为奖励办法", "中华人民共和国国家安全部令第2号", "国家安全部", "2022-06-06"), line


def test_legal_database_header_lines():
    text = ("    【法宝引证码】 CLI.12.6476457\n原文链接：https://www.pkulaw.com/lar/2f52e167.html\n"
            "【发布部门】安徽省商务厅\n【发文字号】皖商办字[2021]12号\n【发布日期】2021.03.05\n"
            "进一步扩大外贸出口若干措施\n一、内容\n")
    meta = meta_of(text)
    assert (meta.title, meta.issuer, meta.doc_number, meta.signed_date) == (
        "进一步扩大外贸出口若干措施", "安徽省商务厅", "皖商办字〔2021〕12号", "2021-03-05")


def test_title_repeated_by_a_database_in_its_own_rendering():
    text = ("【法宝引证码】 CLI.12.1\n原文链接：https://example.org/1\n"
            "某省办公室关于印发某省对接区域全面经济伙伴关系协定(RCEP)实施意见的通知\n"
            "某省办公室关于印发某省对接区域全面经济伙伴关系协定（RCEP）实施意见的通知\n（皖开放办〔2022〕6号）\n"
            "省有关单位：\n一、发展目标\n")
    meta = meta_of(text)
    assert meta.title == "某省办公室关于印发某省对接区域全面经济伙伴关系协定（RCEP）实施意见的通知"
    assert meta.doc_number == "皖开放办〔2022〕6号"
    assert meta.recipients == "省有关单位"


def test_titles_without_guanyu():
    for title in ("鹿城区2021年惠企政策清单", "某省企业职工基本养老保险暂行条例", "某市人才引进实施细则"):
        assert meta_of(f"{title}\n一、内容\n").title == title


def test_title_in_two_lines_without_guanyu():
    assert meta_of("培育农业农村新动能\n实施乡村振兴战略的若干政策意见\n为了加快实施，制定本意见。\n一、内容\n").title \
        == "培育农业农村新动能实施乡村振兴战略的若干政策意见"


def test_joint_issuers_as_the_masthead_lists_them():
    from pipeline.clean import clean
    raw = ("# 济南市商务局\n\n# 济南市发展和改革委员会\n\n# 济南市财政局\n\n# 文件\n\n济商务字〔2025〕6号\n\n"
           "# 关于印发《济南市2025年手机、平板、智能\n\n# 手表（手环）购新补贴实施细则》的通知\n\n"
           "各区县（功能区）商务主管部门、财政局：\n\n为落实《某通知》（商办流通函[2025]7号）等文件要求，现印发给你们。\n\n"
           "# 第一章 总则\n")
    meta = meta_of(clean(raw).text)
    assert meta.title == "关于印发《济南市2025年手机、平板、智能手表（手环）购新补贴实施细则》的通知"
    assert meta.issuer == "济南市商务局、济南市发展和改革委员会、济南市财政局"
    assert meta.doc_number == "济商务字〔2025〕6号"


def test_joint_issuers_in_the_title_by_spaces_or_glued():
    for head in ("广州市医疗保障局 广州市财政局 广州市民政局", "广州市医疗保障局广州市财政局广州市民政局"):
        meta = meta_of(f"穗医保规字〔2024〕1号\n{head}关于印发广州市长期护理保险试行办法的通知\n各有关单位：\n一、内容\n")
        assert meta.issuer == "广州市医疗保障局、广州市财政局、广州市民政局"
        assert meta.title == "广州市医疗保障局广州市财政局广州市民政局关于印发广州市长期护理保险试行办法的通知"


def test_printed_date_wherever_it_stands():
    text = "某市人民政府关于某事的通知\n一、内容\n抄送：市委办公室。\n某市人民政府办公室 2022年5月6日印发\n"
    assert meta_of(text).printed_date == "2022-05-06"


def test_dates_in_running_text_are_not_the_documents():
    text = "某市汽车消费补贴活动公告\n一、活动时间\n2025年9月1日0时至2025年9月30日24时；\n本办法自2025年10月1日起施行。\n"
    meta = meta_of(text)
    assert (meta.signed_date, meta.printed_date) == ("", "")


# Lines as county and city websites publish them, the fields glued together
COUNTY_PAGES = [
    ("瑞安市人民政府办公室文件瑞政办发〔2021〕45号瑞安市人民政府办公室关于印发瑞安市促进"
     "外贸稳增长若干措施的通知各乡镇人民政府、街道办事处，市政府直属各单位：\n现将措施印发给你们。\n一、内容\n",
     ("瑞安市人民政府办公室关于印发瑞安市促进外贸稳增长若干措施的通知", "瑞安市人民政府办公室",
      "瑞政办发〔2021〕45号", "各乡镇人民政府、街道办事处，市政府直属各单位")),
    ("平阳县人民政府关于加快推进农业高质量发展的实施意见平政发〔2019〕12号\n各乡镇人民政府，县政府直属各单位：\n一、内容\n",
     ("平阳县人民政府关于加快推进农业高质量发展的实施意见", "平阳县人民政府", "平政发〔2019〕12号",
      "各乡镇人民政府，县政府直属各单位")),
    ("（宁海县人民政府文件宁政〔2020〕8号）宁海县人民政府关于印发宁海县工业企业技术改造补助办法的通知\n"
     "各乡镇人民政府：\n第一条 内容。\n",
     ("宁海县人民政府关于印发宁海县工业企业技术改造补助办法的通知", "宁海县人民政府", "宁政〔2020〕8号",
      "各乡镇人民政府")),
]


def test_county_pages_with_glued_fields():
    for text, expected in COUNTY_PAGES:
        meta = meta_of(text)
        assert (meta.title, meta.issuer, meta.doc_number, meta.recipients) == expected, text


def test_title_without_guanyu_that_starts_with_its_issuer():
    text = ("国务院办公厅转发国家发展改革委促进民营经济发展若干措施的通知\n国办发〔2019〕3号\n"
            "各省、自治区、直辖市人民政府：\n国家发展改革委《促进民营经济发展若干措施》已经国务院同意，现转发给你们。\n"
            "促进民营经济发展若干措施\n一、内容\n")
    meta = meta_of(text)
    assert meta.title == "国务院办公厅转发国家发展改革委促进民营经济发展若干措施的通知"
    assert meta.issuer == "国务院办公厅"


def test_issuer_from_the_signature_when_nothing_else_names_it():
    text = "长期护理保险试行办法\n第一条 内容。\n广州市医疗保障局            广州市财政局\n2024年1月3日\n"
    meta = meta_of(text)
    assert (meta.issuer, meta.signed_date) == ("广州市医疗保障局、广州市财政局", "2024-01-03")


def test_a_government_sites_table_above_the_document():
    text = ("索引号：001008003004/2020-123456 发布机构：温岭市人民政府 成文日期：2020-06-01 "
            "文号：温政发〔2020〕57号 主题分类：综合政务\n"
            "进一步促进民营经济高质量发展的若干意见\n一、内容\n")
    meta = meta_of(text)
    assert (meta.title, meta.issuer, meta.doc_number, meta.signed_date) == (
        "进一步促进民营经济高质量发展的若干意见", "温岭市人民政府", "温政发〔2020〕57号", "2020-06-01")
