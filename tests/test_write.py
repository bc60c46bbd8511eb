"""The writers: batches of rows written as the csv module and XlsxWriter's own calls
write them row by row."""
import csv
import io
import math
import re
import zipfile
import zlib

import pyarrow as pa
import xlsxwriter
from hypothesis import given, settings
from hypothesis import strategies as st
from isal import isal_zlib
from openpyxl import load_workbook

from pipeline.tables import COLUMNS
from pipeline.write import (DEFLATE_LEVEL, SHEETS, StreamedSheet, XlsxBook, csv_cell, csv_lines, isal_packaging,
                            string_bytes)

SCHEMA = pa.schema([("s1", pa.string()), ("s2", pa.string()), ("s3", pa.string()),
                    ("f1", pa.float64()), ("f2", pa.float64()), ("f3", pa.float64()),
                    ("s4", pa.string()), ("s5", pa.string()), ("i1", pa.int64()), ("b1", pa.bool_())])
# every kind of value a row may hold, and strings XlsxWriter does not write as they are
AWKWARD_ROWS = [
    ("doc", "一/1", "150万元", 1500000.0, None, 1500000.0, "max", "最高", 433, True),
    ("doc", "", "5000 元", 5000.0, 5000.0, 0.30000000000000004, "exact", "", None, False),
    ("doc", "二", "a < b & c > d", math.nan, 0.5, 1e-07, "", " 前导空格", 0, None),
    ("doc", "三", "尾随空格 ", 1.5e12, -3.0, 2.5e20, "tab\tinside", "x\ny", 1, True),
    ("doc", "四", "control\x01char", 12.0, 1e16, 99.5, "_x0041_ literal", "\ufffe", 3, False),
    ("doc", "五", "长" * 20_000, 1.0, None, None, "", "", 5, None),          # over a cell's limit
    ("doc", "六", "inf", math.inf, -math.inf, 1.0, "", "", 7, True),
    ("doc", "七", "<r>rich</r>", 1.0, 2.0, 3.0, "", "", 9, False),
    (None, None, None, None, None, None, None, None, None, None),       # nothing to write
    ("doc", "八", "", None, None, None, None, None, None, None),
    ("\u3000全角空格\u3000", "_x", "x_x00Z_", -0.0, 123456.78, 1 / 3, "\r\n", "a\u2028", -5, True),
]
NUMBER_RE = re.compile(r"<v>([-0-9.][^<]*)</v>")


def batch_of(rows):
    return pa.RecordBatch.from_arrays([pa.array(col, type=f.type) for col, f in zip(zip(*rows), SCHEMA)],
                                      schema=SCHEMA)


def sheet_xml(tmp_path, name, fill):
    """The sheet's XML, numbers to XlsxWriter's 16 significant digits as Python reads
    them: 1E-07 and 1e-7 alike, and 0.30000000000000004 (written so that it reads back
    the same) as XlsxWriter's 0.3."""
    path = tmp_path / f"{name}.xlsx"
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False,
                                           "strings_to_urls": False, "strings_to_formulas": False,
                                           "nan_inf_to_errors": True})
    sheet = book.add_worksheet("t", worksheet_class=StreamedSheet)
    sheet.write_row(0, 0, SCHEMA.names, book.add_format({"bold": True}))
    fill(sheet)
    with isal_packaging([sheet]):
        book.close()
    with zipfile.ZipFile(path) as z:
        xml = z.read("xl/worksheets/sheet1.xml").decode()
    return NUMBER_RE.sub(lambda m: f"<v>{float(f'{float(m[1]):.16G}')!r}</v>", xml), path


def by_cell(rows):
    def fill(sheet):
        for r, row in enumerate(rows, 1):
            sheet._write_cells(r, row)
    return fill


def in_batches(rows, cut):
    def fill(sheet):
        for first, part in ((1, rows[:cut]), (1 + cut, rows[cut:])):
            if part:
                sheet.write_batch(first, batch_of(part))
    return fill


def test_batches_write_what_xlsxwriter_writes_cell_by_cell(tmp_path):
    rows = AWKWARD_ROWS * 3
    expected, path = sheet_xml(tmp_path, "by_cell", by_cell(rows))
    assert "<v>1500000.0</v>" in expected and "_x0001_" in expected and "preserve" in expected
    got, got_path = sheet_xml(tmp_path, "batches", in_batches(rows, 4))
    assert got == expected
    # numbers read back exactly, to the last digit
    read = list(load_workbook(got_path, read_only=True)["t"].values)[1:]
    for row, back in zip(rows, read):
        for value, cell in zip(row[3:6], back[3:6]):
            if isinstance(value, float) and math.isfinite(value):
                assert cell == value


TEXT = st.text(st.sampled_from(list("ab 政策\t\n\u3000&<>_x0F\x01\ufffe")), max_size=8)
NUMBER = st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True), )
ROW = st.tuples(st.one_of(st.none(), TEXT), TEXT, TEXT, NUMBER, NUMBER, NUMBER, TEXT, TEXT,
                st.one_of(st.none(), st.integers(-2**53, 2**53)), st.one_of(st.none(), st.booleans()))


@settings(max_examples=60, deadline=None)
@given(st.lists(ROW, min_size=1, max_size=12), st.integers(0, 12))
def test_any_rows_in_batches_read_as_xlsxwriter_writes_them(tmp_path_factory, rows, cut):
    tmp_path = tmp_path_factory.mktemp("rows")
    cut = min(cut, len(rows))
    assert sheet_xml(tmp_path, "batches", in_batches(rows, cut))[0] == \
        sheet_xml(tmp_path, "by_cell", by_cell(rows))[0]


def csv_module(rows) -> bytes:
    """What the csv module writes for the rows' `csv_cell`s."""
    f = io.StringIO(newline="")
    csv.writer(f).writerows([csv_cell(v) for v in row] for row in rows)
    return f.getvalue().encode()


def test_csv_lines_are_what_the_csv_module_writes():
    rows = AWKWARD_ROWS * 2 + [("a,b", 'say "hi"', "line\r\nbreak", 0.1, 1e-05, 1.5e-05,
                                "\x00", ",", 2**53, False)]
    got = bytes(string_bytes(csv_lines(batch_of(rows))))
    assert got == csv_module(rows)
    assert b'"a,b","say ""hi""","line\r\nbreak",0.1,1e-05,' in got
    assert b",1500000,,1500000,max," in got and b",1500000000000,-3,2.5e+20," in got


CSV_TEXT = st.text(st.sampled_from(list('ab 政,"\r\n\t\x00\u3000')), max_size=8)
CSV_ROW = st.tuples(st.one_of(st.none(), CSV_TEXT), CSV_TEXT, CSV_TEXT, NUMBER, NUMBER,
                    st.floats(-1e20, 1e20), CSV_TEXT, CSV_TEXT,
                    st.one_of(st.none(), st.integers(-2**63, 2**63 - 1)),
                    st.one_of(st.none(), st.booleans()))


@settings(max_examples=200, deadline=None)
@given(st.lists(CSV_ROW, min_size=1, max_size=12))
def test_any_rows_as_csv_lines_are_what_the_csv_module_writes(rows):
    assert bytes(string_bytes(csv_lines(batch_of(rows)))) == csv_module(rows)


def test_a_table_longer_than_a_sheet_continues_on_the_next(tmp_path, monkeypatch):
    import pipeline.write as write

    monkeypatch.setattr(write, "EXCEL_MAX_ROWS", 5)
    book = XlsxBook(tmp_path / "book.xlsx")
    add(book, "references", [("d", "", "t", f"n{i}", i, i + 1) for i in range(6)])
    add(book, "references", [("d", "", "t", "n6", 6, 7)])
    book.close()
    sheets = load_workbook(tmp_path / "book.xlsx")
    numbers = [[r[3] for r in sheets[name].iter_rows(min_row=2, values_only=True)]
               for name in ("references", "references (2)")]
    assert numbers == [["n0", "n1", "n2", "n3"], ["n4", "n5", "n6"]]
    assert sheets["references (2)"]["A1"].value == "doc_id"
    assert not list(tmp_path.glob(".xlsx-*"))


def test_the_workbook_is_deflated_by_isal_and_reads_back(tmp_path):
    rows = [("d", f"{i}", "关于印发《若干措施》的通知" * 3, f"豫政〔2022〕{i}号", i, i + 9)
            for i in range(2_000)]
    book = XlsxBook(tmp_path / "book.xlsx")
    add(book, "references", rows)
    book.close()
    sheet = f"xl/worksheets/sheet{SHEETS.index('references') + 1}.xml"
    with zipfile.ZipFile(tmp_path / "book.xlsx") as z:
        assert z.testzip() is None                  # every entry's checksum holds
        info, data = z.getinfo(sheet), z.read(sheet)
    assert "豫政〔2022〕1999号" in data.decode()
    # the rows, deflated by ISA-L as they were written, are in the entry as they are,
    # between the parts of the sheet before and after them
    assert info.compress_type == zipfile.ZIP_DEFLATED
    raw = raw_entry(tmp_path / "book.xlsx", info)
    row_xml = data[data.index(b"<sheetData>") + len(b"<sheetData>"):data.index(b"</sheetData>")]
    isal = isal_zlib.compressobj(DEFLATE_LEVEL, zlib.DEFLATED, -15)
    deflated_rows = isal.compress(row_xml) + isal.flush(zlib.Z_SYNC_FLUSH)
    assert len(deflated_rows) > 0.8 * len(raw) and deflated_rows in raw
    python_zlib = zlib.compressobj(6, zlib.DEFLATED, -15)
    assert python_zlib.compress(row_xml) + python_zlib.flush(zlib.Z_SYNC_FLUSH) not in raw
    read = load_workbook(tmp_path / "book.xlsx", read_only=True)["references"]
    assert [tuple(r) for r in read.iter_rows(min_row=2, values_only=True)] == \
        [tuple(v if v != "" else None for v in row) for row in rows]


def raw_entry(path, info: zipfile.ZipInfo) -> bytes:
    """An entry's bytes as stored (deflated), after its local header."""
    with open(path, "rb") as f:
        f.seek(info.header_offset)
        header = f.read(30)
        f.seek(int.from_bytes(header[26:28], "little") + int.from_bytes(header[28:30], "little"), 1)
        return f.read(info.compress_size)


def add(book, table, rows):
    schema = pa.schema([(c, {"str": pa.string(), "int": pa.int64()}[k]) for c, k in COLUMNS[table]])
    book.add(table, pa.RecordBatch.from_arrays(
        [pa.array(col, type=f.type) for col, f in zip(zip(*rows), schema)], schema=schema))


def test_a_workbook_zipped_by_xlsxwriter_itself_has_the_rows_too(tmp_path):
    path = tmp_path / "plain.xlsx"
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("t", worksheet_class=StreamedSheet)
    sheet.write_row(0, 0, SCHEMA.names)
    sheet.write_batch(1, batch_of(AWKWARD_ROWS[:2]))
    book.close()
    read = list(load_workbook(path, read_only=True)["t"].values)
    assert read[0] == tuple(SCHEMA.names) and read[1][:4] == ("doc", "一/1", "150万元", 1500000)
