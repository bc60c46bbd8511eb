from pipeline.extract.units import extract_units


def names(text):
    return [(u.role, u.name, u.note, u.position) for u in extract_units(text)]


def test_bracketed_list_with_inherited_prefix_and_note():
    text = "内容。（责任单位：市人力资源社会保障局、金融工作局、财政局〔国资委〕）"
    assert names(text) == [("责任", "市人力资源社会保障局", "", 1), ("责任", "市金融工作局", "", 2),
                           ("责任", "市财政局", "国资委", 3)]


def test_lead_and_partner_lists_are_two_lists():
    text = "（牵头单位：市工信委，配合单位：市科技局、财政局）"
    assert names(text) == [("牵头", "市工信委", "", 1), ("配合", "市科技局", "", 1), ("配合", "市财政局", "", 2)]


def test_unit_split_by_a_page_break_was_joined_by_cleaning():
    assert names("（责任单位：市金融工作局、市财政局〔国资委〕)")[-1] == ("责任", "市财政局", "国资委", 2)


def test_brackets_inside_a_name_do_not_split_it():
    text = "（责任单位：市工业和信息化局、财政局〔国资委〕，各县〔市、区〕人民政府、市城乡一体化示范区管委会）"
    assert [n for _, n, _, _ in names(text)] == ["市工业和信息化局", "市财政局", "各县〔市、区〕人民政府",
                                                 "市城乡一体化示范区管委会"]


def test_market_regulator_is_not_the_city_prefix():
    text = "（责任单位：市中级法院、检察院、公安局、市场监管局）"
    assert [n for _, n, _, _ in names(text)] == ["市中级法院", "市检察院", "市公安局", "市市场监管局"]


def test_names_that_name_a_place_keep_their_own():
    text = "（责任单位：市金融工作局、焦作银保监分局、人行焦作市中心支行、焦作海关、团市委）"
    assert [n for _, n, _, _ in names(text)] == [
        "市金融工作局", "焦作银保监分局", "人行焦作市中心支行", "焦作海关", "团市委"]


def test_no_earlier_prefix_leaves_the_item_as_written():
    text = "（牵头单位：市金融办，配合单位：人行许昌中心支行、银监局、市财政局、工信委）"
    assert [n for _, n, _, _ in names(text)] == ["市金融办", "人行许昌中心支行", "银监局", "市财政局", "市工信委"]


def test_trailing_department_words_and_punctuation_are_dropped():
    text = "（责任单位：市财政局〔国资委〕等部门）（责任单位：市工商联、人力资源社会保障局、）"
    assert names(text) == [("责任", "市财政局", "国资委", 1), ("责任", "市工商联", "", 1),
                           ("责任", "市人力资源社会保障局", "", 2)]


def test_document_level_lines():
    text = "正文。\n主办：市工信委\n督办：市政府办公室五科\n"
    assert names(text) == [("主办", "市工信委", "", 1), ("督办", "市政府办公室五科", "", 1)]


def test_responsible_department_line():
    assert names("责任部门：省财政厅、发展改革委\n") == [("责任", "省财政厅", "", 1), ("责任", "省发展改革委", "", 2)]


def test_label_in_running_text_is_not_a_list():
    assert names("由市财政局作为牵头单位：负责统筹。") == []


def test_offsets_point_at_the_item():
    text = "（责任单位：市科技局、财政局）"
    for u in extract_units(text):
        assert text[u.start:u.end] == u.raw


def test_place_names_come_from_the_list_of_divisions():
    # 合肥 is a prefecture-level city: the unit keeps its own name after a 省 item
    text = "（责任单位：省商务厅、人行合肥中心支行、中国出口信用保险公司安徽分公司、地方金融监管局）"
    assert [n for _, n, _, _ in names(text)] == [
        "省商务厅", "人行合肥中心支行", "中国出口信用保险公司安徽分公司", "省地方金融监管局"]


def test_a_division_name_inside_another_word_is_not_a_place():
    # 和平 (a district of Tianjin) inside 和平利用, 东方 (a city in Hainan) inside 东方红
    text = "（责任单位：市科技局、和平利用办公室、东方红广场管理处）"
    assert [n for _, n, _, _ in names(text)] == ["市科技局", "市和平利用办公室", "市东方红广场管理处"]


def test_bodies_directly_under_a_level_keep_their_name():
    text = "（责任单位：市委组织部、市直机关工委、财政局）（责任单位：县直各单位）"
    assert [n for _, n, _, _ in names(text)] == ["市委组织部", "市直机关工委", "市财政局", "县直各单位"]


def test_lists_that_name_the_role_after_the_units():
    text = ("加快通关。（省商务厅牵头，合肥海关配合）培育主体。（合肥海关负责）"
            "优化服务（省商务厅牵头，省发展改革委、省财政厅按职责分工配合）。")
    assert names(text) == [("牵头", "省商务厅", "", 1), ("配合", "合肥海关", "", 1),
                           ("责任", "合肥海关", "", 1),
                           ("牵头", "省商务厅", "", 1), ("配合", "省发展改革委", "", 1),
                           ("配合", "省财政厅", "", 2)]


def test_role_after_list_with_summing_up_words_and_regions():
    text = "（国家发展改革委牵头，住房城乡建设部等国务院相关部门及各地区按职责分工负责）"
    assert names(text) == [("牵头", "国家发展改革委", "", 1), ("责任", "住房城乡建设部", "", 1),
                           ("责任", "各地区", "", 2)]


def test_a_unit_named_with_the_role_word_itself():
    text = "（省十大新兴产业推进组工作专班牵头单位牵头，省十大新兴产业推进组工作专班成员单位按职责分工配合）"
    assert names(text) == [("牵头", "省十大新兴产业推进组工作专班牵头单位", "", 1),
                           ("配合", "省十大新兴产业推进组工作专班成员单位", "", 1)]


def test_brackets_that_do_not_end_every_part_with_a_role_are_not_lists():
    assert names("（由市政府统一组织，各区配合）（见附件，市财政局负责）") == []
    assert names("各部门要密切配合（含负责）") == []


def test_a_prefixed_name_jieba_keeps_as_one_word_is_prefixed():
    # jieba cuts 省公安厅 as one word: it is 省 + 公安厅, not a word starting with 省
    text = "（省商务厅牵头，省版权局、省公安厅、商务厅按职责分工配合）"
    assert [n for _, n, _, _ in names(text)] == ["省商务厅", "省版权局", "省公安厅", "省商务厅"]


def test_a_bare_deng_closing_a_list_is_dropped():
    text = "（省发展改革委牵头，省财政厅、人力资源社会保障厅等按职责分工负责）"
    assert names(text) == [("牵头", "省发展改革委", "", 1), ("责任", "省财政厅", "", 1),
                           ("责任", "省人力资源社会保障厅", "", 2)]
