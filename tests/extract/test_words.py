"""jieba's cuts of names, reading only the dictionary entries a cut needs, are jieba's."""
import logging
import re

import jieba
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.extract import words
from tests.conftest import RAW

jieba.setLogLevel(logging.WARNING)


@pytest.fixture(scope="module")
def texts():
    """Every run of Chinese characters, letters and digits in the labelled documents."""
    found = set()
    for path in sorted(RAW.glob("*")):
        if path.suffix in (".txt", ".md"):
            found.update(re.findall(r"[\u4e00-\u9fff0-9A-Za-z]{2,40}", path.read_text("utf-8")))
    return sorted(found)


def test_cuts_are_jiebas_on_every_run_of_text_in_the_documents(texts):
    assert len(texts) > 1_000
    assert [words.cut(t) for t in texts] == [jieba.lcut(t, HMM=False) for t in texts]


CHARS = list("市场监督管理局财政科技省县区人民政府委员会发展和改革工业信息化商务国资教育卫生健康"
             "住房城乡建设自然资源生态环境交通运输农业农村水利文化旅游广电体育应急统计税务"
             "人力社会保障金融办公室中心开发新区港口航空") + list("AB12 ,.、（）-_")


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from(CHARS), min_size=1, max_size=60))
def test_cuts_of_any_text_are_jiebas(text):
    assert words.cut(text) == jieba.lcut(text, HMM=False)


def test_a_dictionary_made_anew_holds_jiebas_entries_for_a_names_substrings(tmp_path):
    jieba.initialize()
    path = tmp_path / "words.sqlite3"
    words.make_dictionary(path)
    name = "市场监督管理局（知识产权局）"
    entries = words.Dictionary(path).entries(name)
    substrings = {name[i:j] for i in range(len(name)) for j in range(i + 1, len(name) + 1)}
    assert entries == {w: jieba.dt.FREQ[w] for w in substrings if w in jieba.dt.FREQ}
    assert {"市场", "监督", "管理局", "知识产权"} <= set(entries)
    assert words.Dictionary(path).connection().execute("SELECT total FROM meta").fetchone() == (jieba.dt.total,)


def test_where_the_dictionary_cannot_be_written_it_is_filled_in_memory(tmp_path, monkeypatch, caplog):
    jieba.initialize()
    nowhere = tmp_path / "no such folder" / "words.sqlite3"
    monkeypatch.setattr(words, "dictionary_path", lambda: nowhere)
    words.dictionary.cache_clear()
    try:
        dictionary = words.dictionary()
        assert dictionary.path is None and "cannot be copied" in caplog.text
        assert dictionary.entries("市场") == {w: jieba.dt.FREQ[w] for w in ("市", "市场", "场")}
        assert words.cut("市场监督管理局") == jieba.lcut("市场监督管理局", HMM=False)
    finally:
        words.dictionary.cache_clear()
