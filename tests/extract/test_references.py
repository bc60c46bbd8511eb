from pipeline.extract.references import extract_references


def test_title_and_number():
    text = "为贯彻落实《河南省人民政府办公厅关于印发中小企业纾困帮扶政策措施的通知》（豫政办〔2021〕76号）精神"
    [r] = extract_references(text)
    assert (r.cited_title, r.cited_number) == ("河南省人民政府办公厅关于印发中小企业纾困帮扶政策措施的通知", "豫政办〔2021〕76号")
    assert text[r.start:r.end] == "豫政办〔2021〕76号"


def test_number_without_title_after_a_verb():
    [r] = extract_references("按照国科发火〔2016〕32号文件执行")
    assert (r.cited_title, r.cited_number) == ("", "国科发火〔2016〕32号")


def test_year_brackets_and_spaces_are_normalised():
    refs = extract_references("依据京政发[2009] 14号、沪府发(2016)8号和国发［2020］ 1 号")
    assert [r.cited_number for r in refs] == ["京政发〔2009〕14号", "沪府发〔2016〕8号", "国发〔2020〕1号"]


def test_every_citation_is_a_row():
    assert len(extract_references("见国办发〔2018〕123号。又见国办发〔2018〕123号。")) == 2


def test_own_number_is_not_a_reference():
    assert extract_references("焦政办〔2022〕17号\n", own_number="焦政办〔2022〕17号") == []


def test_title_without_number_is_not_a_reference():
    assert extract_references("根据《中华人民共和国劳动法》，制定本规定。") == []


def test_title_holding_another_title_with_mismatched_marks():
    text = ("为落实《山东省商务厅等5部门关于印发<山东省手机、平板购新补贴实施细则》的通知》（鲁商字〔2025〕2号）、"
            "《商务部办公厅关于印发〈购新补贴实施方案〉的通知》（商办流通函[2025]7号）等文件要求")
    refs = extract_references(text)
    assert [(r.cited_title, r.cited_number) for r in refs] == [
        ("山东省商务厅等5部门关于印发<山东省手机、平板购新补贴实施细则》的通知", "鲁商字〔2025〕2号"),
        ("商务部办公厅关于印发〈购新补贴实施方案〉的通知", "商办流通函〔2025〕7号")]
