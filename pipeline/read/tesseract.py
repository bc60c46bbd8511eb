"""Tesseract (chi_sim) as an OCR engine: `--ocr-engine tesseract`, where installed.

Lines come back in pixels of the image, their text as Tesseract splits its words
(a space between every two Chinese characters; `ocr.tidy` removes those).
"""
from __future__ import annotations

import contextlib
import functools
import os
import shutil
import statistics
import subprocess

import pytesseract
from PIL import Image

from pipeline.read.errors import ReadError
from pipeline.read.pdf import TextLine

LANGUAGE = "chi_sim"
# words Tesseract is less sure of than this (0–100) are noise: speckles, rules, stamps
MIN_CONFIDENCE = 10
# Tesseract's OpenMP threads fight over the cores (3× slower on 2 cores); the batch
# runs one document per core anyway
THREADS = "1"
INSTALL = "install the Debian packages tesseract-ocr tesseract-ocr-chi-sim (scripts/install-system-deps.sh)"


@functools.lru_cache(maxsize=4)
def languages(command: str, tessdata: str | None) -> frozenset[str]:
    """The language models the `tesseract` at `command` has (cached per binary and data dir)."""
    out = subprocess.run([command, "--list-langs"], capture_output=True, text=True, timeout=60)
    return frozenset(line.strip() for line in out.stdout.splitlines()[1:] if line.strip())


def check_tesseract() -> None:
    command = shutil.which(pytesseract.pytesseract.tesseract_cmd)
    if command is None:
        raise ReadError(f"the page is scanned (no text layer) and the OCR engine chosen is Tesseract, "
                        f"which is not installed: {INSTALL}")
    if LANGUAGE not in languages(command, os.environ.get("TESSDATA_PREFIX")):
        raise ReadError(
            f"the page is scanned (no text layer) and the OCR engine chosen is Tesseract, which has no "
            f"Simplified Chinese model ({LANGUAGE}): {INSTALL}"
        )


def tesseract_lines(image: Image.Image) -> list[TextLine]:
    check_tesseract()
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
        lines.append(TextLine(
            " ".join(data["text"][i].strip() for i in indices),
            min(data["left"][i] for i in indices),
            max(data["left"][i] + data["width"][i] for i in indices),
            min(data["top"][i] for i in indices),
            max(data["top"][i] + data["height"][i] for i in indices),
            size))
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
