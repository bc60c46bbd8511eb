"""Where one document's time goes: each stage timed alone over a sample of the corpus.

The stages are the ones `pipeline.process.process_file` runs, in its order, then the
rows, the pickling that carries a result to the writer and the cache, and the writer
(`pipeline.write`: CSV, Parquet and texts, then the workbook). Times are per document and in MB
of input per second for the stage alone, on one core. Run:
`python bench/stages.py [--docs N]` (`bench/run.py` prints it too).
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import pyarrow as pa  # noqa: E402
from corpus import OUT, make_corpus  # noqa: E402

from pipeline.build import Result
from pipeline.discover import discover  # noqa: E402
from pipeline.clean import clean, page_of  # noqa: E402
from pipeline.extract.amounts import extract_amounts  # noqa: E402
from pipeline.extract.metadata import extract_metadata  # noqa: E402
from pipeline.extract.percentages import extract_percentages  # noqa: E402
from pipeline.extract.references import extract_references  # noqa: E402
from pipeline.extract.units import extract_units  # noqa: E402
from pipeline.process import ClauseIndex, process_file  # noqa: E402
from pipeline.read import read_file  # noqa: E402
from pipeline.segment import segment  # noqa: E402
from pipeline.tables import document_rows  # noqa: E402
from pipeline.write import BATCH, TableSink, XlsxBook, to_batch  # noqa: E402


def time_stages(paths: list[Path]) -> tuple[dict[str, float], int]:
    """stage → seconds over all `paths`, and their bytes."""
    spent: dict[str, float] = defaultdict(float)
    size = 0
    clock = time.perf_counter

    def timed(stage, f, *args):
        start = clock()
        value = f(*args)
        spent[stage] += clock() - start
        return value

    extract_units("（责任单位：市财政局、市场监管局）")   # loads jieba's dictionary once, untimed
    for path in paths:
        data = path.read_bytes()
        size += len(data)
        raw = timed("read (decode, check)", read_file, path, data)
        cleaned = timed("clean", clean, raw.text, raw.page_starts)
        text = cleaned.text
        clauses, _ = timed("segment", segment, text)
        body_start = clauses[0].start if clauses else len(text)
        meta = timed("metadata", extract_metadata, text, body_start)
        for clause in clauses:
            clause.page = page_of(clause.start, cleaned.page_starts)
        index = timed("clause index", ClauseIndex, clauses)
        amounts = timed("amounts", extract_amounts, text)
        percentages = timed("percentages", extract_percentages, text)
        units = timed("units", extract_units, text)
        references = timed("references", extract_references, text, meta.doc_number)
        timed("clause lookup", lambda: [index.clause_at(m.start)
                                        for m in amounts + percentages + units + references])
    return spent, size


def time_rows_and_writing(paths: list[Path]) -> dict[str, float]:
    spent: dict[str, float] = defaultdict(float)
    clock = time.perf_counter
    pa.array([1.0])                     # pyarrow's first conversion imports pandas: untimed
    with tempfile.TemporaryDirectory(dir=OUT) as folder:
        sink = TableSink(Path(folder), workbook=False)
        book = XlsxBook(Path(folder) / "book.xlsx")
        kept: dict[str, list] = defaultdict(list)
        for path in paths:
            doc = process_file(path, path.stem, path.name)
            start = clock()
            result = Result(path.name, doc.doc_id, rows=document_rows(doc), text=doc.text)
            spent["rows"] += clock() - start
            start = clock()
            payload = result.pack()
            spent["pickle (worker → writer, cache)"] += clock() - start
            start = clock()
            result = Result.unpack(payload)
            spent["unpickle"] += clock() - start
            start = clock()
            for table, rows in result.rows.items():
                sink.add(table, rows)
            sink.add_text(result.doc_id, result.text)
            spent["write CSV, Parquet, texts"] += clock() - start
            for table, rows in result.rows.items():
                kept[table].extend(rows)
        start = clock()
        sink.commit()
        spent["write CSV, Parquet, texts"] += clock() - start
        # the workbook takes the columns the Parquet writer made (timed above)
        for table, rows in kept.items():
            for i in range(0, len(rows), BATCH):
                part = rows[i:i + BATCH]
                batch = to_batch(table, part)
                start = clock()
                book.add(table, batch)
                spent["write XLSX rows"] += clock() - start
        start = clock()
        book.close()
        spent["write XLSX: close (zip)"] += clock() - start
    return spent


def report(docs: int) -> list[str]:
    folder = OUT / "corpus-stages"
    make_corpus(docs, folder)
    paths = [i.path for i in discover(folder).inputs]
    spent, size = time_stages(paths)
    spent.update(time_rows_and_writing(paths))
    total = sum(spent.values())
    lines = [f"Stages, one core, {docs} documents, {size / 1e6:.1f} MB "
             f"({total / docs * 1e3:.2f} ms a document, {size / total / 1e6:.2f} MB/s in all):"]
    for stage, seconds in sorted(spent.items(), key=lambda kv: -kv[1]):
        lines.append(f"  {stage:<34} {seconds / docs * 1e3:6.3f} ms/doc  {seconds / total:6.1%}"
                     f"  {size / seconds / 1e6:8.1f} MB/s")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=500)
    args = parser.parse_args()
    print("\n".join(report(args.docs)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
