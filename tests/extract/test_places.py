from pipeline.extract.places import division_names, is_place


def test_divisions_by_full_name_and_stem():
    for name in ("合肥市", "合肥", "安徽省", "安徽", "鹿城区", "鹿城", "温岭市", "温岭", "越秀区"):
        assert is_place(name), name


def test_autonomous_divisions_without_their_peoples():
    for name in ("广西", "内蒙古", "延边", "黔东南", "积石山", "宁夏"):
        assert is_place(name), name


def test_one_character_stems_and_groupings_are_not_places():
    for word in ("忠", "城", "县", "市辖区", "省直辖县级行政区划", "市场", "中心"):
        assert not is_place(word), word


def test_the_list_is_the_whole_country():
    # some 3,200 divisions of county level and above, each with its stem
    assert len(division_names()) > 5000
