"""PP-OCR on onnxruntime (`rapidocr`) as an OCR engine, the default.

The detection and recognition models (PP-OCRv6, Chinese) are files inside the
`rapidocr` wheel: nothing is fetched at run time, and a machine with no network reads
scans as well as any (tests/read/test_ocr.py checks it). The settings are those
measured best on policy scans (docs/performance.md):

- no angle classifier: pages are upright, and the classifier turned some normal lines
  upside down, which were then read as nothing;
- text detected on the page scaled to at most 960 px on its longer side: as accurate
  as the default (at least 736 px on the shorter side) and twice as fast;
- one onnxruntime and one OpenCV thread: the build runs one document per core, and
  threads fighting over the cores made each page slower.
"""
from __future__ import annotations

import functools
from dataclasses import replace

import numpy as np
from PIL import Image

from pipeline.read.errors import ReadError
from pipeline.read.ocr import full_width_punctuation
from pipeline.read.pdf import TextLine
from pipeline.read.spacing import LineSpacing, line_spacing, wrapped_at_space

# a pixel darker than this (0–255) is ink
INK = 128
SETTINGS = {
    "Global.use_cls": False,
    "Global.log_level": "warning",
    "Det.limit_type": "max",
    "Det.limit_side_len": 960,
    # where each character was read from, to find the typed spaces PP-OCR leaves out
    "Global.return_word_box": True,
    "Global.return_single_char_box": True,
    "EngineConfig.onnxruntime.intra_op_num_threads": 1,
    "EngineConfig.onnxruntime.inter_op_num_threads": 1,
}


@functools.cache
def engine():
    """One engine per process, made on the first scanned page (loading the models
    takes about a second)."""
    try:
        import cv2
        from rapidocr import RapidOCR
    except ImportError as e:
        raise ReadError(f"the page is scanned and needs OCR, but the Python package rapidocr (or onnxruntime) "
                        f"does not import ({e}); reinstall the project (pip install -e .)") from None
    cv2.setNumThreads(1)
    return RapidOCR(params=SETTINGS)


def rapid_lines(image: Image.Image) -> list[TextLine]:
    """The text boxes PP-OCR finds, in pixels, each narrowed to the ink inside it.

    A detected box is the text's area grown by a margin that depends on its shape (a
    box of one character grows by a third of its height, a long line's by a few per
    cent), so the box's height is no measure of the type's size: the layout steps
    would take a title's last character on a line of its own for another size of type
    and not join it. The ink's extent is the type's, as a text layer gives it.
    """
    grey = image.convert("L")
    result = engine()(np.asarray(grey.convert("RGB")))
    if result.boxes is None:
        return []
    ink = np.asarray(grey) < INK
    # each line's characters with their boxes; a line whose boxes do not spell its text
    # (the package dropped one) keeps the text as read
    words = result.word_results if len(result.word_results or ()) == len(result.txts) else [()] * len(result.txts)
    lines, spacings = [], []
    for box, text, characters in zip(result.boxes, result.txts, words):
        xs, ys = box[:, 0], box[:, 1]
        left, right = max(int(xs.min()), 0), int(np.ceil(xs.max()))
        top, bottom = max(int(ys.min()), 0), int(np.ceil(ys.max()))
        inside = ink[top:bottom, left:right]
        read_whole = "".join(c for c, _, _ in characters) == "".join(text.split())
        # PP-OCR reads most brackets right, but not all: next to Chinese they are
        # full-width (GB/T 15834), unless the ink shows a half-width one
        text = full_width_punctuation(text)
        spacing = LineSpacing(text, None, None, None)
        if read_whole:
            centres = [(min(x for x, _ in corners) + max(x for x, _ in corners)) / 2 - left
                       for _, _, corners in characters]
            spacing = line_spacing(text, centres, inside)
            text = spacing.text
            # the cells' edges on the page, not in the box
            spacing = spacing._replace(start=None if spacing.start is None else left + spacing.start,
                                       end=None if spacing.end is None else left + spacing.end)
        rows = np.flatnonzero(inside.any(axis=1))
        columns = np.flatnonzero(inside.any(axis=0))
        if len(rows) and len(columns):
            left, right = left + int(columns[0]), left + int(columns[-1]) + 1
            top, bottom = top + int(rows[0]), top + int(rows[-1]) + 1
        lines.append(TextLine(text, float(left), float(right), float(top), float(bottom), float(bottom - top)))
        spacings.append(spacing)
    return [replace(line, spaced=True) if spaced else line for line, spaced in zip(lines, wrapped_at_space(spacings))]
