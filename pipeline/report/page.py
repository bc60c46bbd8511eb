"""One document's review page: its header fields, the clause tree as an outline, the
cleaned text with every amount, percentage, unit and reference highlighted by kind
(the cue word marked), each highlight's normalised reading on click, and a side list
of the document's figures.

Everything taken from a document is escaped: text through `html.escape`, readings as
JSON that the page's script shows with `textContent`, never as markup.
"""
from __future__ import annotations

import html
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field

FIGURES = ("amounts", "percentages")
KINDS = {"amounts": "amount", "percentages": "percentage", "units": "unit", "references": "reference"}
KIND_NAMES = {"amount": "金额", "percentage": "百分比", "unit": "责任单位", "reference": "引用"}
# the reading shown for a highlight, by kind: the columns of its table, in this order
READING = {
    "amount": ["value", "lower", "upper", "qualifier", "cue", "currency", "per", "role", "instrument"],
    "percentage": ["value", "lower", "upper", "qualifier", "cue", "unit", "role", "instrument"],
    "unit": ["name", "role", "raw", "note", "position"],
    "reference": ["cited_number", "cited_title"],
}
NUMBERS = {"value", "lower", "upper"}
HEADER = [("doc_number", "文号"), ("issuer", "发文机关"), ("signed_date", "成文日期"),
          ("printed_date", "印发日期"), ("recipients", "主送机关"), ("format", "格式"),
          ("source", "来源文件"), ("pages", "页数")]
COUNTS = [("n_clauses", "条款"), ("n_amounts", "金额"), ("n_percentages", "百分比"),
          ("n_units", "责任单位"), ("n_references", "引用")]
# a cue governs a figure with none of these between them (SPEC section 3)
CUE_BOUNDARY = re.compile(r"[，,。；;\n]")
CUE_REACH = 60      # characters around a figure a cue is looked for


def number(x) -> str:
    """1500000 → 1,500,000; 33.333333 → 33.333333; absent → ""."""
    if x is None or x != x:
        return ""
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.6f}".rstrip("0")


def cell(column: str, x) -> str:
    if column in NUMBERS:
        return number(x)
    return "" if x is None else str(x)


@dataclass
class Highlight:
    kind: str
    start: int
    end: int
    row: dict
    anchor: str = ""                        # the id links point to
    cue: tuple[int, int] | None = None      # where its cue word is, in the text
    reading: list = field(default_factory=list)


def cue_place(text: str, start: int, end: int, cue: str) -> tuple[int, int] | None:
    """Where the cue word of the figure at start..end is: inside the figure (`超亿元`),
    else the nearest occurrence before it (`最高`) or after it (`以上`) with no `，；。`
    between."""
    if not cue:
        return None
    inside = text.find(cue, start, end)
    if inside >= 0:
        return inside, inside + len(cue)
    left = max(start - CUE_REACH, 0)
    for stop in CUE_BOUNDARY.finditer(text, left, start):
        left = stop.end()
    after = CUE_BOUNDARY.search(text, end)
    right = min(after.start() if after else len(text), end + CUE_REACH)
    before = text.rfind(cue, left, start)
    behind = text.find(cue, end, right)
    places = [p for p in (before, behind) if p >= 0]
    if not places:
        return None
    at = min(places, key=lambda p: start - p - len(cue) if p < start else p - end)
    return at, at + len(cue)


def highlights(text: str, rows: dict[str, list[dict]], headings: dict[str, str]) -> list[Highlight]:
    """Every row of the document's mention tables as a highlight, in text order."""
    found, seen = [], set()
    for table, kind in KINDS.items():
        for row in rows.get(table, []):
            h = Highlight(kind, row["start"], row["end"], row)
            if kind in ("amount", "percentage"):
                anchor = f"f-{h.start}-{h.end}"
                h.anchor = "" if anchor in seen else anchor
                seen.add(anchor)
                h.cue = cue_place(text, h.start, h.end, row.get("cue") or "")
            clause = row.get("clause_id") or ""
            h.reading = [[c, cell(c, row.get(c))] for c in READING[kind]]
            h.reading.append(["clause", f"{clause} {headings.get(clause, '')}".strip() or "（条款之外）"])
            found.append(h)
    found.sort(key=lambda h: (h.start, -h.end))
    return found


def marked_text(text: str, marks: list[Highlight], clauses: list[dict]) -> str:
    """The text, escaped, with each highlight a <mark>, each cue a <span class=cue> and
    each clause's start an anchor. Marks nest; one that crosses the end of the mark it
    starts in is cut there (the reading still gives it whole)."""
    events = [(c["start"], c["start"], 0, "clause", c) for c in clauses]
    for i, h in enumerate(marks):
        events.append((h.start, h.end, 1, "mark", (i, h)))
        if h.cue:
            events.append((h.cue[0], h.cue[1], 1, "cue", (i, h)))
    events.sort(key=lambda e: (e[0], e[2], -e[1]))
    out: list[str] = []
    open_ends: list[tuple[int, str]] = []      # (end, closing tag) of the open elements
    at = 0

    def emit(upto: int) -> None:
        """The text up to `upto`, closing the elements that end before it."""
        nonlocal at
        while open_ends and open_ends[-1][0] <= upto:
            end, tag = open_ends.pop()
            out.append(html.escape(text[at:end]) + tag)
            at = end
        out.append(html.escape(text[at:upto]))
        at = upto

    for start, end, _, what, item in events:
        if start > len(text):           # offsets past the text: nothing to mark
            continue
        emit(start)
        if what == "clause":
            out.append(f'<span class="clause-anchor" id="c-{start}"></span>')
            continue
        if open_ends:
            end = min(end, open_ends[-1][0])
        i, h = item
        if what == "mark":
            anchor = f' id="{h.anchor}"' if h.anchor else ""
            out.append(f'<mark class="hl {h.kind}"{anchor} data-i="{i}" tabindex="0">')
            open_ends.append((end, "</mark>"))
        else:
            out.append(f'<span class="cue" data-for="{i}" title="提示词">')
            open_ends.append((end, "</span>"))
    emit(len(text))
    return "".join(out)


def outline(clauses: list[dict]) -> str:
    """The clause tree as nested lists, each entry a link to its clause."""
    children = defaultdict(list)
    ids = {c["clause_id"] for c in clauses}
    for c in clauses:
        parent = c.get("parent_id") or ""
        children[parent if parent in ids else ""].append(c)

    def tree(parent: str, depth: int) -> str:
        items = []
        for c in children.get(parent, []):
            label = html.escape(f"{c['clause_id']}  {c.get('heading') or ''}".strip())
            sub = tree(c["clause_id"], depth + 1) if depth < 12 else ""
            items.append(f'<li><a href="#c-{c["start"]}">{label}</a>{sub}</li>')
        return f"<ul>{''.join(items)}</ul>" if items else ""

    return tree("", 0) or '<p class="none">（无编号条款）</p>'


def figure_list(marks: list[Highlight]) -> str:
    items = []
    for i, h in enumerate(marks):
        if h.kind not in ("amount", "percentage") or not h.anchor:
            continue
        r = h.row
        bounds = " .. ".join(number(r.get(b)) or "·" for b in ("lower", "upper"))
        role = r.get("role") or ""
        summary = f"{number(r.get('value')) or bounds} {r.get('qualifier') or ''} {role}".strip()
        items.append(f'<li class="{h.kind}"><a href="#{h.anchor}" data-i="{i}">'
                     f'<span class="span">{html.escape(r["span"])}</span> '
                     f'<span class="sum">{html.escape(summary)}</span></a></li>')
    return f"<ol>{''.join(items)}</ol>" if items else '<p class="none">（无金额或百分比）</p>'


def header(doc: dict) -> str:
    rows = [f"<tr><th>{label}</th><td>{html.escape(cell(key, doc.get(key)))}</td></tr>"
            for key, label in HEADER if cell(key, doc.get(key))]
    counts = "，".join(f"{label} {doc.get(key) or 0}" for key, label in COUNTS)
    rows.append(f"<tr><th>数量</th><td>{html.escape(counts)}</td></tr>")
    warnings = [w for w in (doc.get("warnings") or "").split("; ") if w]
    if warnings:
        items = "".join(f"<li>{html.escape(w)}</li>" for w in warnings)
        rows.append(f'<tr class="warnings"><th>警告</th><td><ul>{items}</ul></td></tr>')
    return f'<table class="fields">{"".join(rows)}</table>'


def script_json(value) -> str:
    """JSON safe inside a <script> element: no `<`, `>` or `&` that could end it."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


def render(doc: dict, text: str, rows: dict[str, list[dict]], assets: dict[str, str],
           index_href: str = "") -> str:
    """The page of one document. `doc`: its documents row; `rows`: its rows of clauses,
    amounts, percentages, units and references; `assets`: the page's stylesheet and
    script, each as a link (`{"css": href, "js": href}`) or inline (`{"css_text": …,
    "js_text": …}`) for a page that must stand alone."""
    clauses = sorted(rows.get("clauses", []), key=lambda c: c["start"])
    headings = {c["clause_id"]: c.get("heading") or "" for c in clauses}
    marks = highlights(text, rows, headings)
    readings = [{"kind": h.kind, "name": KIND_NAMES[h.kind], "span": text[h.start:h.end],
                 "fields": h.reading} for h in marks]
    title = doc.get("title") or doc["doc_id"]
    css = (f'<link rel="stylesheet" href="{html.escape(assets["css"])}">' if "css" in assets
           else f"<style>{assets['css_text']}</style>")
    js = (f'<script src="{html.escape(assets["js"])}"></script>' if "js" in assets
          else f"<script>{assets['js_text']}</script>")
    back = f'<a class="back" href="{html.escape(index_href)}">← 全部文件</a>' if index_href else ""
    legend = "".join(f'<span class="hl {k}">{name}</span>' for k, name in KIND_NAMES.items())
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
{css}
</head>
<body class="document">
<header>{back}
<h1>{html.escape(title)}</h1>
<p class="doc-id">{html.escape(doc["doc_id"])}</p>
{header(doc)}
<p class="legend">{legend}<span class="cue">提示词</span> 点击高亮查看识别结果</p>
</header>
<main>
<nav class="outline" aria-label="条款"><h2>条款</h2>{outline(clauses)}</nav>
<article class="text" lang="zh-CN">{marked_text(text, marks, clauses)}</article>
<aside class="figures" aria-label="数字"><h2>数字</h2>{figure_list(marks)}</aside>
</main>
<div id="reading" role="dialog" aria-label="识别结果" hidden></div>
<script type="application/json" id="readings">{script_json(readings)}</script>
{js}
</body>
</html>
"""
