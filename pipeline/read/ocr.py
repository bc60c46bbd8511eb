"""Scanned pages: a PDF page with no text layer, read by Tesseract (chi_sim).

The PDF reader sends here each page that has images but no text. The page is
rasterised with pypdfium2 and read with Tesseract's Simplified Chinese model; the lines
come back with their positions (in points, like the text engines' lines), so the PDF
reader drops headers and page numbers and joins wrapped lines the same way. Tesseract
puts a space between Chinese characters: a space next to a Chinese character goes.
"""
from __future__ import annotations

import contextlib
import functools
import os
import re
import shutil
import statistics
import subprocess

import pypdfium2
import pytesseract

from pipeline.read.errors import ReadError
from pipeline.read.pdf import TextLine, is_cjk

LANGUAGE = "chi_sim"
# measured on 16 pt official-document pages: at 200 dpi (characters ~45 px tall) the
# chi_sim model reads more characters right than at 300 or 400, and 1.5× faster
DPI = 200
# words Tesseract is less sure of than this (0–100) are noise: speckles, rules, stamps
MIN_CONFIDENCE = 10
# Tesseract's OpenMP threads fight over the cores (3× slower on 2 cores); the batch
# runs one document per core anyway
THREADS = "1"
# a dash between two figures that the model read as 一 (`500一2000万元`, `6%一10%`): no
# Chinese text writes 一 between Arabic figures
DASH_READ_AS_YI_RE = re.compile(r"(?<=[\d%％])一(?=\d)")
# the model reads full-width punctuation as ASCII; next to Chinese it is full-width
FULL_WIDTH = {",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "?": "？", "!": "！"}
INSTALL = "install the Debian packages tesseract-ocr tesseract-ocr-chi-sim (scripts/install-system-deps.sh)"


@functools.lru_cache(maxsize=4)
def languages(command: str, tessdata: str | None) -> frozenset[str]:
    """The language models the `tesseract` at `command` has (cached per binary and data dir)."""
    out = subprocess.run([command, "--list-langs"], capture_output=True, text=True, timeout=60)
    return frozenset(line.strip() for line in out.stdout.splitlines()[1:] if line.strip())


def check_tesseract() -> None:
    command = shutil.which(pytesseract.pytesseract.tesseract_cmd)
    if command is None:
        raise ReadError(f"the PDF is scanned (no text layer) and needs OCR, but Tesseract is not installed: {INSTALL}")
    if LANGUAGE not in languages(command, os.environ.get("TESSDATA_PREFIX")):
        raise ReadError(
            f"the PDF is scanned (no text layer) and needs OCR, but Tesseract has no Simplified Chinese "
            f"model ({LANGUAGE}): {INSTALL}"
        )


def ocr_lines(page: pypdfium2.PdfPage) -> list[TextLine]:
    check_tesseract()
    scale = DPI / 72
    image = page.render(scale=scale, grayscale=True).to_pil()
    try:
        with environment(OMP_THREAD_LIMIT=THREADS):
            data = pytesseract.image_to_data(image, lang=LANGUAGE, output_type=pytesseract.Output.DICT)
    except pytesseract.TesseractError as e:
        raise ReadError(f"Tesseract failed on a scanned page: {e.message.strip()}") from None
    words: dict[tuple[int, int, int], list[int]] = {}
    for i, text in enumerate(data["text"]):
        if text.strip() and float(data["conf"][i]) >= MIN_CONFIDENCE:
            words.setdefault((data["block_num"][i], data["par_num"][i], data["line_num"][i]), []).append(i)
    lines = []
    for indices in words.values():
        # the ink of a Chinese character is about its font size; brackets and
        # punctuation stand out both ways, so the median word is the line's size
        size = statistics.median(data["height"][i] for i in indices)
        text = DASH_READ_AS_YI_RE.sub("—", join_words([data["text"][i].strip() for i in indices]))
        left = min(data["left"][i] for i in indices)
        right = max(data["left"][i] + data["width"][i] for i in indices)
        top = min(data["top"][i] for i in indices)
        bottom = max(data["top"][i] + data["height"][i] for i in indices)
        lines.append(TextLine(text, left / scale, right / scale, top / scale, bottom / scale, size / scale))
    return lines


@contextlib.contextmanager
def environment(**variables: str):
    """Set environment variables for the programs started inside, unless already set."""
    added = {k: v for k, v in variables.items() if k not in os.environ}
    os.environ.update(added)
    try:
        yield
    finally:
        for k in added:
            os.environ.pop(k, None)


def join_words(words: list[str]) -> str:
    """Words as Tesseract splits them, with no space next to a Chinese character.

    Tesseract separates every Chinese character; a typed space next to one (`每年 5000
    元`) cannot be told from those by the gap, so it goes too.
    """
    out = words[0]
    for word in words[1:]:
        out += word if is_cjk(out[-1]) or is_cjk(word[0]) else " " + word
    return full_width_punctuation(out)


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
