"""The review report: a static site a person opens from disk (no server, no network)
to check what was read from each document.

`report/index.html` lists every document, the errors and every figure (filterable,
sortable, each linking to its place in its document); `report/docs/*.html` is one page
per document (`pipeline.report.page`). The index's rows are in script files of a few
thousand rows each, loaded one after another (a page opened from file:// may not fetch
files, but may load scripts), and shown a page at a time, so ten thousand documents
open at once.
"""
from __future__ import annotations

import csv
import hashlib
import html
import json
import multiprocessing
import os
import pickle
import re
import shutil
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from importlib import resources
from itertools import repeat
from pathlib import Path
from urllib.parse import quote

import pyarrow.parquet as pq

from pipeline.report import page
from pipeline.write import FileWriter

FOLDER = "report"
CHUNK = 5000            # figures per data file of the index
PAGES_PER_BATCH = 250   # document pages a process writes at a time
FINGERPRINTS = ".pages.json"    # each page's `fingerprint`, for the next report
# what a page needs of a clause (its text is in the document's text already)
CLAUSE_FIELDS = ["doc_id", "clause_id", "parent_id", "heading", "start"]
SAFE_NAME = re.compile(r"[\w\-.]{1,120}")       # a doc_id usable as a file name as it is
DOC_FIELDS = ["doc_id", "title", "doc_number", "issuer", "date", "format", "n_clauses", "n_amounts",
              "n_percentages", "n_units", "n_references", "warnings"]
FIGURE_FIELDS = ["doc", "clause_id", "heading", "kind", "span", "value", "lower", "upper",
                 "qualifier", "cue", "unit", "per", "role", "instrument", "start", "end", "sentence"]
# the columns of a figure's row the index's fields come from: the document's id for its
# number in the index (`doc`), and an amount's currency shown as its unit
FIGURE_SOURCE = ["doc_id", *FIGURE_FIELDS[1:], "currency"]


def asset(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


def page_name(doc_id: str) -> str:
    """The document page's file name: the doc_id where it is a plain name, else a hash."""
    if SAFE_NAME.fullmatch(doc_id) and not doc_id.startswith("."):
        return f"{doc_id}.html"
    return f"doc-{hashlib.sha256(doc_id.encode()).hexdigest()[:16]}.html"


def read_rows(folder: Path, table: str, columns: list[str] | None = None) -> list[dict]:
    path = folder / f"{table}.parquet"
    return pq.read_table(path, columns=columns).to_pylist() if path.exists() else []


def read_tuples(folder: Path, table: str, columns: list[str]) -> list[tuple]:
    """The table's rows as tuples of `columns` (None in a column it lacks), read as
    lists, a column at a time."""
    path = folder / f"{table}.parquet"
    if not path.exists():
        return []
    have = set(pq.read_schema(path).names)
    read = pq.read_table(path, columns=[c for c in columns if c in have])
    lists = read.to_pydict()
    return list(zip(*(lists[c] if c in have else repeat(None, read.num_rows) for c in columns)))


def write_pages(site: Path, texts: Path, documents: list[tuple[dict, dict]]) -> int:
    """The pages of `documents`, each (its documents row, its rows of the other tables)."""
    links = {"css": "../assets/report.css", "js": "../assets/document.js"}
    files = FileWriter()        # creating a file costs a millisecond here: done meanwhile
    try:
        for doc, own in documents:
            text_path = texts / f"{doc['doc_id']}.txt"
            text = text_path.read_text(encoding="utf-8") if text_path.exists() else ""
            files.write(site / "docs" / page_name(doc["doc_id"]),
                        page.render(doc, text, own, links, index_href="../index.html").encode("utf-8"))
        files.close()
    except BaseException:
        files.abandon()
        raise
    return len(documents)


def pages_everywhere(site: Path, texts: Path, documents: list[tuple[dict, dict]]) -> None:
    """The pages written by a process per core, a batch at a time: a page is some 4 ms
    of Python, 40 s for 10,000 documents on one core. (Processes started afresh, not
    forked: the build that calls this has threads running.)"""
    if len(documents) < PAGES_PER_BATCH * 2:
        write_pages(site, texts, documents)
        return
    workers = min(os.cpu_count() or 1, len(documents) // PAGES_PER_BATCH)
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        batches = [documents[i:i + PAGES_PER_BATCH] for i in range(0, len(documents), PAGES_PER_BATCH)]
        for done in pool.map(write_pages, repeat(site), repeat(texts), batches):
            pass


def by_doc(rows: list[dict]) -> dict[str, list[dict]]:
    grouped = defaultdict(list)
    for row in rows:
        grouped[row["doc_id"]].append(row)
    return grouped


def doc_date(doc: dict):
    date = doc.get("signed_date") or doc.get("printed_date")
    return date.isoformat() if date else ""


def figure_rows(folder: Path, index: dict[str, int], headings: dict) -> list[list]:
    """The index's figures: the `figures` table where the build has one, else every
    amount and percentage; role and instrument where the tables have them. The table's
    columns are read as lists, only those shown: rows as dicts of every column cost
    more than the rest of the index."""
    rows = read_tuples(folder, "figures", FIGURE_SOURCE)
    if not rows:
        rows = [tuple(dict(r, kind=kind).get(f) for f in FIGURE_SOURCE)
                for table, kind in (("amounts", "amount"), ("percentages", "percentage"))
                for r in read_rows(folder, table)]
        rows.sort(key=lambda r: (index.get(r[0], -1), r[FIGURE_SOURCE.index("start")]))
    heading, unit = FIGURE_FIELDS.index("heading"), FIGURE_FIELDS.index("unit")
    out = []
    for r in rows:
        if r[0] not in index:
            continue
        row = [index[r[0]], *r[1:len(FIGURE_FIELDS)]]
        row[heading] = row[heading] or headings.get((r[0], r[1]), "")
        row[unit] = row[unit] or r[-1]          # an amount's currency
        out.append(row)
    return out


def data_script(statement: str, value) -> str:
    return f"{statement}({json.dumps(value, ensure_ascii=False, separators=(',', ':'), default=str)});\n"


def index_page(documents: list[dict], errors: list[dict], roles: list[str],
               qualifiers: list[str], kinds: list[str]) -> str:
    def options(values):
        return "".join(f'<option value="{html.escape(v)}">{html.escape(v)}</option>' for v in values)

    error_rows = "".join(f"<tr><td>{html.escape(e['source'] or '')}</td><td>{html.escape(e['reason'] or '')}</td></tr>"
                         for e in errors)
    errors_html = (f'<table id="errors"><thead><tr><th>文件</th><th>原因</th></tr></thead><tbody>{error_rows}</tbody></table>'
                   if errors else '<p class="none" id="errors">（没有无法读取的文件）</p>')
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>政策文件审阅报告</title>
<link rel="stylesheet" href="assets/report.css">
</head>
<body class="index">
<header><h1>政策文件审阅报告</h1>
<p>{len(documents)} 个文件，{len(errors)} 个无法读取。点击文件标题查看全文与高亮；数字表的每行链接到它在原文中的位置。</p>
<nav class="sections"><a href="#documents-section">文件</a><a href="#errors-section">错误</a><a href="#figures-section">数字</a></nav></header>
<section id="documents-section"><h2>文件</h2>
<p class="controls"><input id="doc-filter" type="search" placeholder="筛选：标题、文号、发文机关"></p>
<table id="documents" class="rows"><thead><tr><th>标题</th><th>文号</th><th>发文机关</th><th>日期</th><th>格式</th>
<th>条款</th><th>金额</th><th>百分比</th><th>单位</th><th>引用</th><th>警告</th></tr></thead><tbody></tbody></table>
<p class="pager" id="doc-pager"></p>
</section>
<section id="errors-section"><h2>错误</h2>{errors_html}</section>
<section id="figures-section"><h2>数字</h2>
<form class="controls" id="figure-filters" onsubmit="return false">
<input id="f-text" type="search" placeholder="文字：原文、标题、条款、句子">
<label>角色 <select id="f-role"><option value="">全部</option>{options(roles)}<option value="(none)">（无）</option></select></label>
<label>限定 <select id="f-qualifier"><option value="">全部</option>{options(qualifiers)}</select></label>
<label>类别 <select id="f-kind"><option value="">全部</option>{options(kinds)}</select></label>
<label>数值 <input id="f-min" type="number" step="any" placeholder="最小"> – <input id="f-max" type="number" step="any" placeholder="最大"></label>
</form>
<p id="figure-status" class="status"></p>
<table id="figures" class="rows"><thead><tr>
<th data-sort="doc">文件</th><th data-sort="clause_id">条款</th><th data-sort="span">原文</th><th data-sort="kind">类别</th>
<th data-sort="number" class="num">数值</th><th data-sort="lower" class="num">下限</th><th data-sort="upper" class="num">上限</th>
<th data-sort="qualifier">限定</th><th data-sort="cue">提示词</th><th data-sort="per">基准</th><th data-sort="role">角色</th><th data-sort="instrument">工具</th>
</tr></thead><tbody></tbody></table>
<p class="pager" id="figure-pager"></p>
</section>
<script src="assets/index.js"></script>
<script src="data/documents.js"></script>
</body>
</html>
"""


def fingerprint(doc: dict, own: dict, text: Path, version: bytes) -> str:
    """What a document's page is made of: its rows, its text's size and time (a text
    is rewritten only when it changes) and the page's code."""
    try:
        st = os.stat(text)
        made_of = [doc, own, st.st_size, st.st_mtime_ns]
    except OSError:
        made_of = [doc, own]
    return hashlib.sha256(version + pickle.dumps(made_of, protocol=5)).hexdigest()


def kept(previous: Path | None, name: str, site: Path) -> bool:
    """Link the page `name` of the previous report into `site`; False where it cannot."""
    if previous is None:
        return False
    try:
        os.link(previous / "docs" / name, site / "docs" / name)
        return True
    except OSError:
        return False


def write_site(folder: Path, site: Path, previous: Path | None = None) -> int:
    """Every file of the report, from the tables in `folder`, into the empty `site`.
    A page whose document is as it was when the `previous` report was made is taken
    from it as it is. Returns the number of pages written anew."""
    documents = read_rows(folder, "documents")
    clauses = read_rows(folder, "clauses", CLAUSE_FIELDS)
    headings = {(c["doc_id"], c["clause_id"]): c.get("heading") or "" for c in clauses}
    rows = {"clauses": by_doc(clauses)}
    for table in ("amounts", "percentages", "units", "references"):
        rows[table] = by_doc(read_rows(folder, table))
    index = {d["doc_id"]: i for i, d in enumerate(documents)}
    (site / "docs").mkdir(parents=True)
    (site / "data").mkdir()
    (site / "assets").mkdir()
    for name in ("report.css", "document.js", "index.js"):
        (site / "assets" / name).write_text(asset(name), encoding="utf-8")
    version = resources.files(__package__).joinpath("page.py").read_bytes()
    before = load_fingerprints(previous)
    prints, fresh = {}, []
    for doc in documents:
        own = {t: rows[t].get(doc["doc_id"], []) for t in rows}
        name = page_name(doc["doc_id"])
        prints[name] = fingerprint(doc, own, folder / "text" / f"{doc['doc_id']}.txt", version)
        if before.get(name) != prints[name] or not kept(previous, name, site):
            fresh.append((doc, own))
    pages_everywhere(site, folder / "text", fresh)
    (site / FINGERPRINTS).write_text(json.dumps(prints), encoding="utf-8")
    figures = figure_rows(folder, index, headings)
    chunks = max(1, -(-len(figures) // CHUNK))
    for i in range(chunks):
        (site / "data" / f"figures-{i:04d}.js").write_text(
            data_script("REPORT.addFigures", figures[i * CHUNK:(i + 1) * CHUNK]), encoding="utf-8")
    listed = [[doc_date(d) if f == "date" else d.get(f) for f in DOC_FIELDS] + [quote(page_name(d["doc_id"]))]
              for d in documents]
    (site / "data" / "documents.js").write_text(
        data_script("REPORT.setDocuments", {"fields": DOC_FIELDS + ["page"],
                                            "figureFields": FIGURE_FIELDS, "chunks": chunks,
                                            "rows": listed}), encoding="utf-8")
    errors = [] if not (folder / "errors.csv").exists() else read_errors(folder / "errors.csv")
    roles = sorted({r[FIGURE_FIELDS.index("role")] for r in figures} - {None, ""})
    qualifiers = sorted({r[FIGURE_FIELDS.index("qualifier")] for r in figures} - {None, ""})
    (site / "index.html").write_text(
        index_page(documents, errors, roles, qualifiers, ["amount", "percentage"]), encoding="utf-8")
    return len(fresh)


def load_fingerprints(previous: Path | None) -> dict[str, str]:
    try:
        return json.loads((previous / FINGERPRINTS).read_text(encoding="utf-8"))
    except (OSError, TypeError, ValueError):     # no previous report, or not one of ours
        return {}


def read_errors(path: Path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def write_report(folder: Path, out: Path | None = None, previous: Path | None = None) -> Path:
    """The report of the tables in `folder`, written to `out` (default `folder/report`)
    under a temporary name and put in place whole. The pages of documents that did not
    change are taken from the `previous` report (default: the one at `out`)."""
    out = out or folder / FOLDER
    previous = previous or out
    tmp = out.with_name(f".{out.name}.partial")
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        write_site(folder, tmp, previous if previous.is_dir() else None)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    old = out.with_name(f".{out.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if out.exists():
        os.replace(out, old)
    os.replace(tmp, out)
    shutil.rmtree(old, ignore_errors=True)
    return out
