"""F1 per input format: every labelled document rendered as PDF (both engines; drawn by
reportlab, and exported by LibreOffice from the Word file where `soffice` is installed),
Word, HTML and — for the short ones — a scan read by OCR, scored against its fixture.

    .venv/bin/python bench/formats.py [--ocr-docs N]
"""
from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.process import process_file  # noqa: E402
from pipeline.validate import SCORED, Score, load_fixture, score_document  # noqa: E402
from tests.read import make_inputs as mk  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"
RAW = ROOT / "data" / "raw"
# format → (render, suffix, PDF engine)
FORMATS = {
    "txt": (None, ".txt", None),
    "pdf (pdfium)": (mk.render_pdf, ".pdf", "pdfium"),
    "pdf (pdfplumber)": (mk.render_pdf, ".pdf", "pdfplumber"),
    "docx": (mk.render_docx, ".docx", None),
    "html": (mk.render_html, ".html", None),
}


# PDFs as LibreOffice exports them (its curly quotes are drawn out of order)
SOFFICE_FORMATS = {
    "pdf (LO, pdfium)": (mk.render_soffice_pdf, ".pdf", "pdfium"),
    "pdf (LO, plumber)": (mk.render_soffice_pdf, ".pdf", "pdfplumber"),
}


def scan(source, path: Path) -> None:
    rendered = path.with_suffix(".rendered.pdf")
    mk.render_pdf(source, rendered)
    mk.render_scanned_pdf(rendered, path, dpi=200)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--ocr-docs", type=int, default=3, help="the N shortest documents also as scans")
    args = ap.parse_args()
    fixtures = {p.stem: load_fixture(p) for p in sorted(FIXTURES.glob("*.yaml"))}
    by_size = sorted(fixtures, key=lambda d: (RAW / f"{d}.txt").stat().st_size)
    formats = dict(FORMATS)
    if mk.soffice():
        formats.update(SOFFICE_FORMATS)
    else:
        print("LibreOffice is not installed (apt-get install libreoffice-writer): "
              "its PDFs are not scored", flush=True)
    formats["scan (OCR)"] = (scan, ".pdf", None)
    totals = {fmt: {t: Score() for t in SCORED} for fmt in formats}
    with tempfile.TemporaryDirectory() as tmp:
        for fmt, (render, suffix, engine) in formats.items():
            docs = by_size[:args.ocr_docs] if fmt == "scan (OCR)" else list(fixtures)
            for doc_id in docs:
                if render is None:
                    path = RAW / f"{doc_id}.txt"
                else:
                    path = Path(tmp) / re.sub(r"\W+", "_", fmt) / f"{doc_id}{suffix}"
                    path.parent.mkdir(parents=True, exist_ok=True)
                    render(mk.load_source(f"{doc_id}.txt"), path)
                doc = process_file(path, doc_id, path.name, pdf_engine=engine)
                for table, score in score_document(fixtures[doc_id], doc).items():
                    totals[fmt][table].add(score)
            print(f"{fmt:<18} ({len(docs)} documents)  " +
                  "  ".join(f"{t} {s.f1:.3f}" for t, s in totals[fmt].items()), flush=True)


if __name__ == "__main__":
    main()
