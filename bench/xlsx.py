"""The workbook writer alone: openpyxl (write-only) against XlsxWriter (constant memory).

Each writes the same 100,000 rows × 8 columns (four strings, Chinese text among them,
and four numbers, some absent) to a file under bench/out/, the way the pipeline writes
a sheet: header frozen, filter on. XlsxWriter, the faster, is the one
`pipeline/write.py` uses, and it is measured twice: through its own per-cell calls, and
as the pipeline feeds it, batches of rows made Arrow columns and rendered column by
column into its constant-memory row stream (`StreamedSheet`, what its calls write),
the workbook deflated by ISA-L. Times include making the columns and closing the file
(the zip).
Run: `python bench/xlsx.py [--rows N]` (`make bench` calls it).
"""
from __future__ import annotations

import argparse
import os
import random
import sys
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "bench" / "out"
HEADER = ["doc_id", "clause_id", "span", "value", "lower", "upper", "qualifier", "start"]


def sample_rows(n: int) -> list[tuple]:
    rng = random.Random(5)
    spans = ["150万元", "500万元", "5000 元", "不超过100万元", "最高200万元", "1亿元"]
    rows = []
    for i in range(n):
        value = float(rng.randrange(1, 10_000) * 10_000)
        rows.append((f"doc_{i // 40:06d}", f"{rng.randrange(1, 9)}/({rng.randrange(1, 9)})",
                     rng.choice(spans), value, None if i % 3 else value, value,
                     rng.choice(["exact", "max", "min"]), rng.randrange(0, 20_000)))
    return rows


def xlsxwriter_sheet(path: Path, worksheet_class=None):
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False,
                                           "strings_to_urls": False, "strings_to_formulas": False})
    sheet = book.add_worksheet("amounts", worksheet_class=worksheet_class)
    sheet.write_row(0, 0, HEADER, book.add_format({"bold": True}))
    sheet.freeze_panes(1, 0)
    return book, sheet


def write_xlsxwriter(path: Path, rows: list[tuple]) -> None:
    """XlsxWriter's own per-cell calls, as the pipeline first wrote its workbook."""
    book, sheet = xlsxwriter_sheet(path)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, (int, float)):
                sheet.write_number(r, c, value)
            else:
                sheet.write_string(r, c, value)
    sheet.autofilter(0, 0, len(rows), len(HEADER) - 1)
    book.close()


def write_streamed(path: Path, rows: list[tuple]) -> None:
    """What `pipeline.write.XlsxBook` does: XlsxWriter, batches of columns rendered into
    its row stream, the zip by ISA-L."""
    import pyarrow as pa

    from pipeline.write import BATCH, StreamedSheet, isal_packaging

    types = [pa.string()] * 3 + [pa.float64()] * 3 + [pa.string(), pa.int64()]
    book, sheet = xlsxwriter_sheet(path, StreamedSheet)
    for i in range(0, len(rows), BATCH):
        part = rows[i:i + BATCH]
        batch = pa.RecordBatch.from_arrays([pa.array(c, type=t) for c, t in zip(zip(*part), types)],
                                           names=HEADER)
        sheet.write_batch(1 + i, batch)
    sheet.autofilter(0, 0, len(rows), len(HEADER) - 1)
    with isal_packaging([sheet]):
        book.close()


def write_openpyxl(path: Path, rows: list[tuple]) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet("amounts")
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:H{len(rows) + 1}"
    bold = Font(bold=True)
    header = []
    for name in HEADER:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)


WRITERS = {"openpyxl (write-only)": write_openpyxl,
           "XlsxWriter (constant memory)": write_xlsxwriter,
           "XlsxWriter, batches of columns": write_streamed}


def measure(rows: list[tuple], repeat: int = 1) -> dict[str, tuple[float, float, int]]:
    """writer → (best of `repeat` timed runs in seconds, peak Python heap in MB while
    writing, from one more run under tracemalloc, file size)."""
    OUT.mkdir(parents=True, exist_ok=True)
    results = {}
    for name, write in WRITERS.items():
        path = OUT / f"xlsx_{write.__name__}.xlsx"
        best = float("inf")
        for _ in range(repeat):
            start = time.perf_counter()
            write(path, rows)
            best = min(best, time.perf_counter() - start)
        tracemalloc.start()
        write(path, rows)
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
        results[name] = (best, peak, path.stat().st_size)
    return results


def report(rows: int, results) -> list[str]:
    lines = [f"XLSX writer, {rows:,} rows × {len(HEADER)} columns ({os.cpu_count()} cores):"]
    fastest = min(results, key=lambda k: results[k][0])
    for name, (seconds, peak, size) in results.items():
        mark = "  ← used" if name == fastest else ""
        lines.append(f"  {name:<30} {seconds:6.2f} s  {rows / seconds:9,.0f} rows/s  "
                     f"{rows * len(HEADER) / seconds:10,.0f} cells/s  "
                     f"heap peak {peak:5.1f} MB  {size / 1e6:5.1f} MB file{mark}")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=2, help="timed runs per writer (best is kept)")
    args = parser.parse_args()
    rows = sample_rows(args.rows)
    print("\n".join(report(args.rows, measure(rows, args.repeat))))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    raise SystemExit(main())
