"""The report's files: what each page holds, read without a browser (tests/report/
test_browser.py runs them in one)."""
import json
import re
import shutil
from html.parser import HTMLParser

import pyarrow as pa
import pyarrow.parquet as pq

import pipeline.report
from pipeline.cli import main
from pipeline.process import process_file
from pipeline.report import page_name, write_report
from pipeline.report.page import Highlight, cue_place, marked_text, number
from tests.conftest import RAW
from tests.report.conftest import MARKUP_ID


def readings(html: str) -> list[dict]:
    data = re.search(r'<script type="application/json" id="readings">(.*?)</script>', html, re.S).group(1)
    return json.loads(data)


class Tags(HTMLParser):
    """The elements opened and closed, to check they nest."""

    def __init__(self):
        super().__init__()
        self.stack, self.ok, self.scripts = [], True, []

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.scripts.append(dict(attrs))
        if tag not in ("meta", "link", "input", "br"):
            self.stack.append(tag)

    def handle_endtag(self, tag):
        self.ok = self.ok and bool(self.stack) and self.stack.pop() == tag


def test_build_writes_a_page_per_document(built):
    site = built / "report"
    documents = pq.read_table(built / "documents.parquet").column("doc_id").to_pylist()
    assert sorted(p.name for p in (site / "docs").iterdir()) == sorted(page_name(d) for d in documents)
    assert (site / "index.html").exists() and (site / "data" / "figures-0000.js").exists()
    html = (site / "index.html").read_text(encoding="utf-8")
    assert "http://" not in html and "https://" not in html          # nothing from a network


def test_every_figure_has_its_reading(built):
    html = (built / "report" / "docs" / "000_3d6e5cfce5c82a4b.html").read_text(encoding="utf-8")
    shown = {}
    for r in readings(html):                # in text order: the first of a span is kept
        shown.setdefault((r["kind"], r["span"]), dict(r["fields"]))
    amounts = [r for r in pq.read_table(built / "amounts.parquet").to_pylist()
               if r["doc_id"] == "000_3d6e5cfce5c82a4b"]
    assert amounts
    for row in amounts:
        reading = shown[("amount", row["span"])]
        assert [reading[c] for c in ("value", "lower", "upper", "qualifier", "cue", "per")] == \
            [number(row["value"]), number(row["lower"]), number(row["upper"]), row["qualifier"],
             row["cue"] or "", row["per"] or ""]
        assert f'id="f-{row["start"]}-{row["end"]}"' in html
    unit = shown[("unit", "市人力资源社会保障局")]
    assert unit["name"] == "市人力资源社会保障局" and unit["role"] == "责任"
    assert unit["clause"] == "一/1 加大对中小企业财税支持力度"


def test_markup_from_a_document_is_text(built):
    html = (built / "report" / "docs" / f"{MARKUP_ID}.html").read_text(encoding="utf-8")
    tags = Tags()
    tags.feed(html)
    assert tags.ok and not tags.stack
    assert tags.scripts == [{"type": "application/json", "id": "readings"}, {"src": "../assets/document.js"}]
    assert "<script>alert" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert any(r["span"] == "市财政局<b>" for r in readings(html))      # the reading keeps it as text


def test_cue_is_found_before_inside_or_after_the_figure():
    text = "最高可给予150万元。单户500万元以上的，年营业收入超亿元，不超过。"

    def at(word):
        return text.index(word), text.index(word) + len(word)

    assert cue_place(text, *at("150万元"), "最高") == at("最高")
    assert cue_place(text, *at("500万元"), "以上") == at("以上")
    assert cue_place(text, *at("超亿元"), "超") == at("超亿")[:1] + (at("超亿")[0] + 1,)
    assert cue_place(text, *at("500万元"), "不超过") is None     # in another sentence
    assert cue_place(text, *at("150万元"), "") is None


def test_crossing_highlights_still_nest():
    text = "甲乙丙丁戊己"
    marks = [Highlight("unit", 0, 4, {}), Highlight("amount", 2, 6, {}, anchor="f-2-6", cue=(5, 6))]
    html = marked_text(text, marks, [{"start": 0}])
    tags = Tags()
    tags.feed(html)
    assert tags.ok and not tags.stack
    assert re.sub("<[^>]+>", "", html) == text


def test_page_names_are_file_names():
    assert page_name("000_3d6e5cfce5c82a4b") == "000_3d6e5cfce5c82a4b.html"
    assert page_name("上海 临港/../x?#") != page_name("上海 临港/../y?#")
    assert re.fullmatch(r"doc-[0-9a-f]{16}\.html", page_name("上海 临港/../x?#"))


def test_figures_come_in_chunks(built, tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline.report, "CHUNK", 10)
    site = write_report(built, tmp_path / "site")
    n = pq.read_metadata(built / "amounts.parquet").num_rows + pq.read_metadata(built / "percentages.parquet").num_rows
    chunks = sorted((site / "data").glob("figures-*.js"))
    assert len(chunks) == -(-n // 10) > 1
    assert f'"chunks":{len(chunks)}' in (site / "data" / "documents.js").read_text(encoding="utf-8")


def test_report_command(built, tmp_path, capsys):
    assert main(["report", "--processed", str(built), "--out", str(tmp_path / "again")]) == 0
    assert (tmp_path / "again" / "index.html").exists()
    assert main(["report", "--processed", str(tmp_path / "nothing")]) == 2
    assert "no build" in capsys.readouterr().err


def test_show_writes_a_page_that_stands_alone(tmp_path):
    html_path = tmp_path / "review.html"
    assert main(["show", str(RAW / "004_7ada625db814d714.txt"), "--html", str(html_path)]) == 0
    html = html_path.read_text(encoding="utf-8")
    assert "<style>" in html and 'src="' not in html and 'href="../' not in html
    doc = process_file(RAW / "004_7ada625db814d714.txt", "004_7ada625db814d714", "004_7ada625db814d714.txt")
    kinds = [r["kind"] for r in readings(html)]
    assert kinds.count("percentage") == len(doc.percentages) and kinds.count("amount") == len(doc.amounts)


def test_a_page_whose_document_is_unchanged_is_kept(built, tmp_path):
    site = tmp_path / "site"
    write_report(built, site)
    page = site / "docs" / f"{MARKUP_ID}.html"
    first = page.stat().st_ino
    assert pipeline.report.write_site(built, tmp_path / "again", previous=site) == 0
    assert (tmp_path / "again" / "docs" / page.name).stat().st_ino == first
    # a document's text rewritten: its page is made again, the others are kept
    text = built / "text" / f"{MARKUP_ID}.txt"
    text.write_text(text.read_text(encoding="utf-8"), encoding="utf-8")
    write_report(built, site)
    assert page.stat().st_ino != first
    assert (site / "docs" / "004_7ada625db814d714.html").exists()


def test_the_index_takes_the_figures_table_where_there_is_one(built, tmp_path):
    """With a `figures` table (one row per figure with its sentence) the index lists its
    rows, sentence and all; here one is made of the amounts and their sentences."""
    folder = tmp_path / "tables"
    shutil.copytree(built, folder, ignore=shutil.ignore_patterns("report"))
    amounts = pq.read_table(folder / "amounts.parquet").to_pylist()
    for row in amounts:
        text = (folder / "text" / f"{row['doc_id']}.txt").read_text(encoding="utf-8")
        start = max(text.rfind("。", 0, row["start"]) + 1, text.rfind("\n", 0, row["start"]) + 1)
        row |= {"kind": "amount", "sentence": text[start:text.find("。", row["end"]) + 1]}
    pq.write_table(pa.Table.from_pylist(amounts), folder / "figures.parquet")
    site = write_report(folder)
    data = (site / "data" / "figures-0000.js").read_text(encoding="utf-8")
    listed = json.loads(data[data.index("(") + 1:data.rindex(")")])
    fields = pipeline.report.FIGURE_FIELDS
    assert len(listed) == len(amounts)
    assert {r[fields.index("kind")] for r in listed} == {"amount"}
    assert listed[0][fields.index("sentence")] == amounts[0]["sentence"] and "。" in amounts[0]["sentence"]
