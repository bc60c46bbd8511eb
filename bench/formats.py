"""F1 per input format: every labelled document rendered as PDF (both engines), Word,
HTML, OFD, WPS and as a scan read by OCR (both engines), scored against its fixture.
For the scans also the characters read right (1 − the character error rate against
the text each page holds, whitespace aside) and the seconds per page.

    .venv/bin/python bench/formats.py [--ocr-docs N] [--only FORMAT ...] [--docs ID ...] [--per-doc] [--keep DIR]
"""
from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pipeline.process  # noqa: E402
from pipeline.process import process_file  # noqa: E402
from pipeline.read import read_file  # noqa: E402
from pipeline.read.ocr import ENGINE_VARIABLE  # noqa: E402
from pipeline.validate import SCORED, Score, load_fixture, score_document  # noqa: E402
from pipeline.validate import report as differences  # noqa: E402
from tests.read import make_inputs as mk  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"
RAW = ROOT / "data" / "raw"


def scan(source, path: Path) -> list[str]:
    """The document as a 200-dpi scan; returns the text of each page."""
    rendered = path.with_suffix(".rendered.pdf")
    pages = mk.render_pdf(source, rendered).pages
    mk.render_scanned_pdf(rendered, path, dpi=200)
    return pages


# format → (render, suffix, PDF engine, OCR engine, what it needs or None)
FORMATS = {
    "txt": (None, ".txt", None, None, None),
    "pdf (pdfium)": (mk.render_pdf, ".pdf", "pdfium", None, "font"),
    "pdf (pdfplumber)": (mk.render_pdf, ".pdf", "pdfplumber", None, "font"),
    "docx": (mk.render_docx, ".docx", None, None, None),
    "html": (mk.render_html, ".html", None, None, None),
    "ofd": (mk.render_ofd, ".ofd", None, None, None),
    "wps": (mk.render_wps, ".wps", None, None, "soffice"),
    # PDFs as LibreOffice exports them from Word (its curly quotes are drawn out of order)
    "pdf (LO, pdfium)": (mk.render_soffice_pdf, ".pdf", "pdfium", None, "soffice"),
    "pdf (LO, plumber)": (mk.render_soffice_pdf, ".pdf", "pdfplumber", None, "soffice"),
    "scan (rapidocr)": (scan, ".pdf", None, "rapidocr", "font"),
    "scan (tesseract)": (scan, ".pdf", None, "tesseract", "tesseract"),
}
NEEDS = {
    "font": (mk.font_file, "no CJK TrueType font (fonts-wqy-zenhei)"),
    "soffice": (mk.soffice, "no LibreOffice (libreoffice-writer)"),
    "tesseract": (lambda: __import__("shutil").which("tesseract"), "no Tesseract (tesseract-ocr-chi-sim)"),
}


def edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def page_texts(text: str, starts: list[int]) -> list[str]:
    ends = starts[1:] + [len(text)]
    return [text[s:e] for s, e in zip(starts, ends)]


class Reading:
    """`read_file` for `process_file`, keeping what it read: the scans' text before
    cleaning, page by page, without reading (OCR) each scan twice."""

    def __init__(self):
        self.last = None
        pipeline.process.read_file = self

    def __call__(self, path, data=None, pdf_engine=None):
        self.last = read_file(path, data=data, pdf_engine=pdf_engine)
        return self.last


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--ocr-docs", type=int, default=0, help="only the N shortest documents as scans (0: all)")
    ap.add_argument("--only", nargs="*", help="only these formats (names as printed)")
    ap.add_argument("--docs", nargs="*", help="only the documents whose id starts with one of these")
    ap.add_argument("--per-doc", action="store_true",
                    help="also each document's F1 per table, and the rows it misses or adds where one is under 1")
    ap.add_argument("--keep", type=Path, help="write the rendered files into DIR (kept) rather than a temporary folder")
    args = ap.parse_args()
    fixtures = {p.stem: load_fixture(p) for p in sorted(FIXTURES.glob("*.yaml"))
                if not args.docs or p.stem.startswith(tuple(args.docs))}
    by_size = sorted(fixtures, key=lambda d: (RAW / f"{d}.txt").stat().st_size)
    reading = Reading()
    with tempfile.TemporaryDirectory() as scratch:
        tmp = args.keep or scratch
        for fmt, (render, suffix, pdf_engine, ocr_engine, needs) in FORMATS.items():
            if args.only and fmt not in args.only:
                continue
            if needs and not NEEDS[needs][0]():
                print(f"{fmt:<18} skipped: {NEEDS[needs][1]}", flush=True)
                continue
            docs = by_size[:args.ocr_docs] if ocr_engine and args.ocr_docs else list(fixtures)
            if ocr_engine:
                os.environ[ENGINE_VARIABLE] = ocr_engine
            totals = {t: Score() for t in SCORED}
            errors = characters = pages = 0
            seconds = 0.0
            imperfect = {}
            for doc_id in docs:
                if render is None:
                    path = RAW / f"{doc_id}.txt"
                    expected = None
                else:
                    path = Path(tmp) / re.sub(r"\W+", "_", fmt) / f"{doc_id}{suffix}"
                    path.parent.mkdir(parents=True, exist_ok=True)
                    expected = render(mk.load_source(f"{doc_id}.txt"), path)
                started = time.monotonic()
                doc = process_file(path, doc_id, path.name, pdf_engine=pdf_engine)
                seconds += time.monotonic() - started
                scores = score_document(fixtures[doc_id], doc)
                for table, score in scores.items():
                    totals[table].add(score)
                if args.per_doc and any(s.f1 < 1 for s in scores.values()):
                    imperfect[doc_id] = scores
                if ocr_engine:
                    raw = reading.last
                    for got, want in zip(page_texts(raw.text, raw.page_starts), expected):
                        got, want = mk.strip_space(got), mk.strip_space(want)
                        errors += edit_distance(got, want)
                        characters += len(want)
                    pages += len(expected)
            mean = sum(s.f1 for s in totals.values()) / len(totals)
            line = (f"{fmt:<18} ({len(docs)} documents)  mean F1 {mean:.3f}  "
                    + "  ".join(f"{t} {s.f1:.3f}" for t, s in totals.items()))
            if ocr_engine:
                line += (f"\n{'':<18} {pages} pages, {characters} characters: {1 - errors / characters:.4f} read right "
                         f"(CER {errors / characters:.2%}), {seconds / pages:.1f} s per page "
                         f"(reading, cleaning and extracting; one thread)")
            os.environ.pop(ENGINE_VARIABLE, None)
            print(line, flush=True)
            if imperfect:
                print(differences(imperfect), flush=True)


if __name__ == "__main__":
    main()
