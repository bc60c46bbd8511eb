from pipeline.extract.units import extract_units


def names(text, places=()):
    return [(u.role, u.name, u.note, u.position) for u in extract_units(text, places)]


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
    assert [n for _, n, _, _ in names(text, ("焦作",))] == [
        "市金融工作局", "焦作银保监分局", "人行焦作市中心支行", "焦作海关", "团市委"]


def test_no_earlier_prefix_leaves_the_item_as_written():
    text = "（牵头单位：市金融办，配合单位：人行许昌中心支行、银监局、市财政局、工信委）"
    assert [n for _, n, _, _ in names(text, ("许昌",))] == ["市金融办", "人行许昌中心支行", "银监局", "市财政局", "市工信委"]


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
