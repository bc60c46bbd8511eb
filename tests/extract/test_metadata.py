from pipeline.extract.metadata import extract_metadata, place_names

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


def test_place_names_come_from_the_issuer():
    meta = extract_metadata(JIAOZUO_FRONT, len(JIAOZUO_FRONT))
    assert place_names(meta) == ("焦作",)
