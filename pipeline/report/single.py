"""One document's review page standing alone (its style and script inline), from the
pipeline's result for it: what `show --html` writes."""
from __future__ import annotations

from pipeline.model import ExtractedDocument
from pipeline.report import asset, page
from pipeline.tables import COLUMNS, document_rows


def standalone_page(doc: ExtractedDocument) -> str:
    tables = document_rows(doc)
    rows = {t: [dict(zip((c for c, _ in COLUMNS[t]), row)) for row in tables[t]] for t in tables}
    return page.render(rows["documents"][0], doc.text, rows,
                       {"css_text": asset("report.css"), "js_text": asset("document.js")})
