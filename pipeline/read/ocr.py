"""Scanned pages and page images: character recognition, lines in points.

The PDF reader sends here each page that has images but no text; the image reader
sends every page of a `.png`, `.jpg` or `.tif`. A page becomes lines with their
positions (in points, like the text engines' lines), so the PDF reader's layout steps
drop headers and page numbers and join wrapped lines the same way for scans.

Two engines:

- `rapidocr` (the default): PaddleOCR's PP-OCR detection and recognition models run on
  onnxruntime, from the `rapidocr` package, whose wheel carries the Chinese models
  (nothing is downloaded at run time, nothing to install but the Python package).
  On policy scans it reads over 99% of the characters right (docs/performance.md).
- `tesseract`: Tesseract's Simplified Chinese model, where the system packages are
  installed; faster but it misreads brackets and figures far more often.

The engine is chosen with `--ocr-engine` (which sets `POLICY_OCR_ENGINE`, so that the
worker processes started by the build read the same setting).
"""
from __future__ import annotations

import os
import re
from dataclasses import replace
from typing import TYPE_CHECKING

from pipeline.read.errors import ReadError
from pipeline.read.pdf import TextLine, is_cjk

if TYPE_CHECKING:
    from PIL.Image import Image

ENGINES = ("rapidocr", "tesseract")
DEFAULT_OCR_ENGINE = "rapidocr"
ENGINE_VARIABLE = "POLICY_OCR_ENGINE"
# pages are rendered at 200 dpi (characters of 16 pt ~45 px tall): both engines read
# more characters right there than at 300 dpi, and faster
DPI = 200
# a dash between two figures that Tesseract read as 一 (`500一2000万元`, `6%一10%`): no
# Chinese text writes 一 between Arabic figures
DASH_READ_AS_YI_RE = re.compile(r"(?<=[\d%％])一(?=\d)")
# a page label `-45-` with a dash read as 一 (`-45一`): no line of Chinese text is a
# number between a dash and 一
PAGE_LABEL_YI_RE = re.compile(r"^(?:([-—–－])(\d{1,4})一|一(\d{1,4})([-—–－]))$")
# the year of a 文号 in 〔 〕 with one of the two read as another bracket (`〔2018]`,
# `[2018〕`): no text pairs 〔 with another bracket
YEAR_BRACKET_RE = re.compile(r"〔(\d{4})[\]】)）}]|[\[【(（{](\d{4})〕")
# Tesseract reads full-width punctuation as ASCII; next to Chinese it is full-width
FULL_WIDTH = {",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "?": "？", "!": "！"}
SPACE_NEXT_TO_CJK_RE = re.compile(r" +")


def ocr_engine() -> str:
    engine = os.environ.get(ENGINE_VARIABLE) or DEFAULT_OCR_ENGINE
    if engine not in ENGINES:
        raise ReadError(f"unknown OCR engine {engine!r} in {ENGINE_VARIABLE}; choose one of {', '.join(ENGINES)}")
    return engine


def page_lines(page) -> list[TextLine]:
    """The lines of a scanned PDF page (a `pypdfium2.PdfPage`)."""
    scale = DPI / 72
    return image_lines(page.render(scale=scale, grayscale=True).to_pil(), scale)


def image_lines(image: Image, scale: float) -> list[TextLine]:
    """The lines of a page image; `scale` is pixels per point."""
    if ocr_engine() == "tesseract":
        from pipeline.read.tesseract import tesseract_lines

        lines = [replace(line, text=tidy(line.text)) for line in tesseract_lines(image)]
    else:
        from pipeline.read.rapid import rapid_lines

        lines = rapid_lines(image)
    return [TextLine(page_label_dashes(paired_year_brackets(line.text.strip())), line.x0 / scale, line.x1 / scale, line.top / scale,
                     line.bottom / scale, line.size / scale, line.spaced)
            for line in lines if line.text.strip()]


def paired_year_brackets(line: str) -> str:
    return YEAR_BRACKET_RE.sub(lambda m: f"〔{m.group(1) or m.group(2)}〕", line)


def page_label_dashes(line: str) -> str:
    match = PAGE_LABEL_YI_RE.match(line)
    if match is None:
        return line
    dash = match.group(1) or match.group(4)
    return f"{dash}{match.group(2) or match.group(3)}{dash}"


def tidy(line: str) -> str:
    """A line Tesseract read as the text layer would hold it: no space next to a
    Chinese character (Tesseract puts one between every two; a typed space next to one,
    as in `每年 5000 元`, cannot be told from those), a dash between figures, full-width
    punctuation next to Chinese (its model reads the full-width marks as ASCII)."""
    line = SPACE_NEXT_TO_CJK_RE.sub(
        lambda m: "" if next_to_cjk(line, m.start(), m.end()) else " ", line.strip())
    return full_width_punctuation(DASH_READ_AS_YI_RE.sub("—", line))


def next_to_cjk(line: str, start: int, end: int) -> bool:
    return (start > 0 and is_cjk(line[start - 1])) or (end < len(line) and is_cjk(line[end]))


def full_width_punctuation(line: str) -> str:
    """ASCII punctuation next to Chinese, as the model reads the full-width marks."""
    chars = list(line)
    quotes_open = False
    for k, ch in enumerate(chars):
        before = chars[k - 1] if k else ""
        after = chars[k + 1] if k + 1 < len(chars) else ""
        if ch in "“”":
            quotes_open = ch == "“"
        elif ch == '"' and (is_cjk(before) or is_cjk(after) or not before or not after):
            chars[k] = "”" if quotes_open else "“"
            quotes_open = not quotes_open
        elif ch in FULL_WIDTH and ((before and is_cjk(before)) or (after and is_cjk(after))):
            chars[k] = FULL_WIDTH[ch]
    return "".join(chars)

