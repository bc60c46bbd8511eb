"""Page images: a scanned or photographed page as `.png`, `.jpg` or `.tif` (a
multi-page TIFF is a multi-page document), read by OCR and laid out as the PDF reader
lays out a page's lines."""
from __future__ import annotations

import io
import warnings
from pathlib import Path

from PIL import Image, ImageSequence, UnidentifiedImageError

from pipeline.model import RawDocument
from pipeline.read.errors import ReadError
from pipeline.read.ocr import DPI, image_lines
from pipeline.read.pdf import assemble

# a page of A4 at 600 dpi is 35 million pixels; an image far larger is no page (and
# decoding it would take gigabytes)
MAX_PIXELS = 100_000_000
# pages taller or wider than this are scaled down before OCR: 200 dpi A4 is 2339 px tall
MAX_SIDE = 3500


def read_image(data: bytes, path: Path) -> RawDocument:
    pages = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                for frame in ImageSequence.Iterator(image):
                    if frame.width * frame.height > MAX_PIXELS:
                        raise ReadError(f"the image is {frame.width}×{frame.height} pixels, too large for a "
                                        f"page (at most {MAX_PIXELS:,} pixels)")
                    page = frame.convert("L")
                    scale = page_scale(frame)
                    if max(page.size) > MAX_SIDE:
                        shrink = MAX_SIDE / max(page.size)
                        page = page.resize((round(page.width * shrink), round(page.height * shrink)))
                        scale *= shrink
                    pages.append(image_lines(page, scale))
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning) as e:
        raise ReadError(f"the image cannot be decoded ({e})") from None
    except (OSError, SyntaxError, ValueError) as e:    # truncated or damaged image data
        raise ReadError(f"the image is damaged and cannot be decoded ({e})") from None
    text, starts = assemble(pages)
    if not text.strip():
        raise ReadError("no text found in the image by OCR")
    return RawDocument(text=text, format="image", page_starts=starts, ocr=True)


def page_scale(image: Image.Image) -> float:
    """Pixels per point: from the resolution the image records, else the resolution
    scans are usually made at."""
    dpi = image.info.get("dpi")
    try:
        x = float(dpi[0]) if dpi else 0.0
    except (TypeError, ValueError, IndexError):
        x = 0.0
    return (x if 50 <= x <= 1200 else DPI) / 72
