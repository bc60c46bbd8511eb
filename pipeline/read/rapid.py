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

import numpy as np
from PIL import Image

from pipeline.read.errors import ReadError
from pipeline.read.pdf import TextLine

SETTINGS = {
    "Global.use_cls": False,
    "Global.log_level": "warning",
    "Det.limit_type": "max",
    "Det.limit_side_len": 960,
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
    """The text boxes PP-OCR finds, in pixels; each box's height is its line's size."""
    result = engine()(np.asarray(image.convert("RGB")))
    if result.boxes is None:
        return []
    lines = []
    for box, text in zip(result.boxes, result.txts):
        xs, ys = box[:, 0], box[:, 1]
        top, bottom = float(ys.min()), float(ys.max())
        lines.append(TextLine(text, float(xs.min()), float(xs.max()), top, bottom, bottom - top))
    return lines
