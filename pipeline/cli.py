"""Command line: `python -m pipeline build | validate | show | report | annotate`."""
from __future__ import annotations

import argparse
import errno
import logging
import os
import sys
from pathlib import Path

DEFAULT_RAW = Path("data/raw")
DEFAULT_OUT = Path("data/processed")
DEFAULT_FIXTURES = Path("tests/fixtures")
PDF_ENGINES = ("pdfium", "pdfplumber")
EXIT_CANNOT_WRITE = 73      # sysexits.h's EX_CANTCREAT: a full disk, a read-only folder
EXIT_BUSY = 75              # EX_TEMPFAIL: another build holds the output folder
# errors of writing, not of the program: a message, not a traceback
WRITE_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS, errno.EIO, errno.EACCES, errno.EPERM}


def write_failure(e: OSError) -> bool:
    """Whether `e` is the disk's (or the folder's) refusal to take what was written.
    Arrow's errors carry no number, only the system's message."""
    return e.errno in WRITE_ERRORS or any(os.strerror(n) in str(e) for n in WRITE_ERRORS)


def megabytes(value: str) -> int:
    return int(float(value) * (1 << 20))
OCR_ENGINES = ("rapidocr", "tesseract")
# `build`'s exit status when the tables were written but some inputs could not be read
SOME_INPUTS_FAILED = 3


def fail(message: str, code: int = 2) -> int:
    """One line naming the problem, on stderr, and the exit status."""
    print(f"error: {message}", file=sys.stderr)
    return code


def use_ocr_engine(args) -> None:
    """The OCR engine for this process and the worker processes it starts (they read
    the setting from the environment they inherit)."""
    from pipeline.read.ocr import ENGINE_VARIABLE, ocr_engine

    if getattr(args, "ocr_engine", None):
        os.environ[ENGINE_VARIABLE] = args.ocr_engine
    ocr_engine()        # a wrong name in the environment is a ReadError naming it


def cmd_build(args) -> int:
    from pipeline.build import build
    from pipeline.guard import Limits
    from pipeline.lock import Busy
    from pipeline.read import ReadError

    if not args.raw.is_dir():
        return fail(f"raw folder {args.raw} does not exist")
    try:
        use_ocr_engine(args)
    except ReadError as e:
        return fail(str(e))
    try:
        summary = build(args.raw, args.out, workers=args.workers, scheduler=args.scheduler,
                        force=args.force, pdf_engine=args.pdf_engine, progress=not args.quiet,
                        workbook=not args.no_xlsx, wait=args.wait,
                        limits=Limits(args.doc_timeout, args.doc_memory))
    except Busy as e:
        return fail(str(e), EXIT_BUSY)
    except OSError as e:
        if not write_failure(e):
            raise
        return fail(f"the build could not write its outputs: {e.strerror or e}"
                    f"{f' ({e.filename})' if e.filename else ''}; the tables in {args.out}/ are still "
                    "the previous build's, and what this one wrote is removed", EXIT_CANNOT_WRITE)
    print(summary.report())
    print(f"tables {'in' if summary.up_to_date else 'written to'} {args.out}/")
    if summary.failed:
        n = len(summary.failed)
        print(f"{n} input{'s' if n > 1 else ''} could not be read (listed in {args.out}/errors.csv); "
              f"exit status {SOME_INPUTS_FAILED}", file=sys.stderr)
        return SOME_INPUTS_FAILED
    return 0


def cmd_validate(args) -> int:
    from pipeline.read import ReadError
    from pipeline.validate import report, totals, validate

    if not args.raw.is_dir():
        return fail(f"raw folder {args.raw} does not exist")
    if not args.fixtures.is_dir() or not any(args.fixtures.glob("*.yaml")):
        return fail(f"no fixture: {args.fixtures} holds no .yaml file")
    try:
        use_ocr_engine(args)
        results = validate(args.fixtures, args.raw, pdf_engine=args.pdf_engine)
    except FileNotFoundError as e:
        return fail(str(e))
    except ReadError as e:
        return fail(str(e), 1)
    print(report(results))
    below = [t for t, s in totals(results).items() if s.f1 < args.min_f1]
    if below:
        print(f"\nF1 under {args.min_f1} for: {', '.join(below)}", file=sys.stderr)
        return 1
    return 0


def cmd_show(args) -> int:
    from pipeline.process import process_file
    from pipeline.read import ReadError
    from pipeline.show import render

    if not args.file.exists():
        return fail(f"{args.file}: file not found")
    if not args.file.is_file():
        return fail(f"{args.file}: not a file")
    try:
        use_ocr_engine(args)
        doc = process_file(args.file, args.file.stem, args.file.name, pdf_engine=args.pdf_engine)
    except ReadError as e:
        return fail(f"{args.file}: {e}", 1)
    except OSError as e:
        return fail(f"{args.file}: cannot read the file: {e.strerror or e}")
    print(render(doc))
    if args.html:
        from pipeline.report.single import standalone_page

        args.html.write_text(standalone_page(doc), encoding="utf-8")
        print(f"\nreview page written to {args.html}")
    return 0


def no_build(processed: Path) -> bool:
    return not (processed / "documents.parquet").exists()


def cmd_report(args) -> int:
    from pipeline.generations import Generations
    from pipeline.report import write_report

    if no_build(args.processed):
        return fail(f"no build in {args.processed}; run `python -m pipeline build` first")
    # a build's outputs are links into its generation folder: the report is written
    # there, beside the tables it reads, not over the link
    folder = Generations(args.processed).current() or args.processed
    out = write_report(folder, args.out)
    print(f"report written to {out}/ (open {out / 'index.html'})")
    return 0


def cmd_annotate(args) -> int:
    from pipeline.annotate import annotate

    if no_build(args.processed):
        return fail(f"no build in {args.processed}; run `python -m pipeline build` first")
    out = args.out or args.processed / "annotations.spacy"
    n = annotate(args.processed, out)
    print(f"{n} documents written to {out} (spaCy DocBin, span group 'sc')")
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m pipeline",
                                description="Chinese policy documents into traceable tables.")
    sub = p.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="read every file under --raw, write the tables to --out")
    b.add_argument("--raw", type=Path, default=DEFAULT_RAW, help="input folder (default %(default)s)")
    b.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default %(default)s)")
    b.add_argument("--workers", type=int, default=None, help="worker processes (default: all cores)")
    b.add_argument("--scheduler", default=None, metavar="tcp://HOST:PORT",
                   help="run on this Dask scheduler instead of local processes")
    b.add_argument("--force", action="store_true", help="ignore the cache, process every file")
    b.add_argument("--no-xlsx", action="store_true", help="skip the Excel workbook")
    b.add_argument("--quiet", action="store_true", help="no progress output")
    b.add_argument("--wait", action="store_true",
                   help="when another build is writing to --out, wait for it (default: exit at once)")
    b.add_argument("--doc-timeout", type=float, default=120.0, metavar="SECONDS",
                   help="a document taking longer in a worker is stopped and becomes an error row "
                        "(default %(default)g)")
    b.add_argument("--doc-memory", type=megabytes, default=None, metavar="MB",
                   help="memory a document may use in a worker before it becomes an error row "
                        "(default: the machine's memory shared among the workers and the build)")
    b.set_defaults(func=cmd_build)

    v = sub.add_parser("validate", help="score the pipeline against the hand-labelled fixtures")
    v.add_argument("--raw", type=Path, default=DEFAULT_RAW)
    v.add_argument("--fixtures", type=Path, default=DEFAULT_FIXTURES)
    v.add_argument("--min-f1", type=float, default=0.0,
                   help="exit non-zero when any table's overall F1 is under this")
    v.set_defaults(func=cmd_validate)

    s = sub.add_parser("show", help="print one document's clause tree and what was found")
    s.add_argument("file", type=Path)
    s.add_argument("--html", type=Path, default=None,
                   help="also write the document's review page (text highlighted, readings on click)")
    s.set_defaults(func=cmd_show)

    r = sub.add_parser("report", help="write the review report (a static site) from a build's tables")
    r.add_argument("--processed", type=Path, default=DEFAULT_OUT, help="a build's output folder")
    r.add_argument("--out", type=Path, default=None, help="default: PROCESSED/report")
    r.set_defaults(func=cmd_report)

    a = sub.add_parser("annotate", help="a build's spans as a spaCy DocBin, for model training or review")
    a.add_argument("--processed", type=Path, default=DEFAULT_OUT, help="a build's output folder")
    a.add_argument("--out", type=Path, default=None, help="default: PROCESSED/annotations.spacy")
    a.set_defaults(func=cmd_annotate)

    for sp in (b, v, s):
        sp.add_argument("--pdf-engine", choices=PDF_ENGINES, default=None,
                        help="PDF text engine (default: pdfium, the fast one)")
        sp.add_argument("--ocr-engine", choices=OCR_ENGINES, default=None,
                        help="OCR engine for scanned pages and page images (default: rapidocr, "
                             "PP-OCR on onnxruntime; tesseract where installed)")
    return p


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except BrokenPipeError:
        # the reader of the output went away (`… | head`): the work is done, nothing
        # more to say; stdout is pointed at devnull so that Python's own flush at exit
        # does not fail again
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def run() -> None:
    """The command line's entry point: `main`, then the process ends at once. Every
    file a command writes is closed when it returns; what the interpreter would do
    next is free every object and module one by one, 0.08 s after a build (pyarrow
    and numpy loaded), serial time at the end of every run, which nothing needs."""
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:     # the reader went away after the last line
        pass
    os._exit(code)
