"""The writers: the workbook's streamed rows are what XlsxWriter itself writes."""
import math
import zipfile
import zlib

import xlsxwriter
from isal import isal_zlib
from openpyxl import load_workbook

from pipeline.tables import COLUMNS
from pipeline.write import DEFLATE_LEVEL, StreamedSheet, XlsxBook

# every kind of value a row may hold, and strings XlsxWriter does not write as they are
AWKWARD_ROWS = [
    ("doc", "一/1", "150万元", 1500000.0, None, 1500000.0, "max", "最高", 433, 439),
    ("doc", "", "5000 元", 5000.0, 5000.0, 5000.0, "exact", "", None, True),
    ("doc", "二", "a < b & c > d", math.nan, 0.5, 1e-07, "", " 前导空格", 0, False),
    ("doc", "三", "尾随空格 ", 12345678901234567890, -3, 2.5e20, "tab\tinside", "x\ny", 1, 2),
    ("doc", "四", "control\x01char", "_x0041_ literal", "\ufffe", "引号\"", "", "", 3, 4),
    ("doc", "五", "长" * 20_000, 1.0, None, None, "", "", 5, 6),          # over a cell's limit
    ("doc", "六", "inf", math.inf, -math.inf, 1.0, "", "", 7, 8),
    ("doc", "七", "<r>rich</r>", 1, 2, 3, "", "", 9, 10),
    (None, None, None, None, None, None, None, None, None, None),       # nothing to write
    ("doc", "八", "", None, None, None, None, None, None, None),
]


def sheet_xml(tmp_path, name, fill):
    path = tmp_path / f"{name}.xlsx"
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False,
                                           "strings_to_urls": False, "strings_to_formulas": False,
                                           "nan_inf_to_errors": True})
    sheet = book.add_worksheet("t", worksheet_class=StreamedSheet)
    sheet.write_row(0, 0, [f"col{i}" for i in range(10)], book.add_format({"bold": True}))
    fill(sheet)
    book.close()
    with zipfile.ZipFile(path) as z:
        return z.read("xl/worksheets/sheet1.xml").decode()


def test_streamed_rows_are_the_bytes_xlsxwriter_writes_cell_by_cell(tmp_path):
    def by_cell(sheet):
        for r, row in enumerate(AWKWARD_ROWS * 3, 1):
            sheet._write_cells(r, row)

    def streamed(sheet):
        rows = AWKWARD_ROWS * 3
        sheet.write_rows(1, rows[:4])
        sheet.write_rows(5, rows[4:])

    expected = sheet_xml(tmp_path, "by_cell", by_cell)
    assert "<v>1500000</v>" in expected and "_x0001_" in expected
    assert sheet_xml(tmp_path, "streamed", streamed) == expected


def test_a_table_longer_than_a_sheet_continues_on_the_next(tmp_path, monkeypatch):
    import pipeline.write as write

    monkeypatch.setattr(write, "EXCEL_MAX_ROWS", 5)
    book = XlsxBook(tmp_path / "book.xlsx")
    book.add("references", [("d", "", "t", f"n{i}", i, i + 1) for i in range(6)])
    book.add("references", [("d", "", "t", "n6", 6, 7)])
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
    book.add("references", rows)
    book.close()
    sheet = f"xl/worksheets/sheet{list(COLUMNS).index('references') + 1}.xml"
    with zipfile.ZipFile(tmp_path / "book.xlsx") as z:
        assert z.testzip() is None                  # every entry's checksum holds
        info, data = z.getinfo(sheet), z.read(sheet)
    assert "豫政〔2022〕1999号" in data.decode()
    isal = isal_zlib.compressobj(DEFLATE_LEVEL, zlib.DEFLATED, -15)
    python_zlib = zlib.compressobj(6, zlib.DEFLATED, -15)
    assert info.compress_type == zipfile.ZIP_DEFLATED
    assert info.compress_size == len(isal.compress(data) + isal.flush())
    assert info.compress_size != len(python_zlib.compress(data) + python_zlib.flush())
    read = load_workbook(tmp_path / "book.xlsx", read_only=True)["references"]
    assert [tuple(r) for r in read.iter_rows(min_row=2, values_only=True)] == \
        [tuple(v if v != "" else None for v in row) for row in rows]
