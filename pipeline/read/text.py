"""Plain text and Markdown, in whatever encoding the file is in.

Chinese government text files are often GB18030/GBK rather than UTF-8, so the
encoding is detected (charset-normalizer), not assumed.
"""
from __future__ import annotations

import codecs
import re
from pathlib import Path

from pipeline.model import RawDocument
from pipeline.read.errors import ReadError

# the detector's guesses for Chinese text all decode as their superset GB18030
CHINESE_ENCODINGS = {"gb2312", "gbk", "gb18030", "hz", "big5"}
# share of characters that may be controls before a file counts as binary
MAX_CONTROL_SHARE = 0.01
CONTROL_RE = re.compile(rb"[\x00-\x08\x0e-\x1f]")   # controls other than \t \n \v \f \r
CHINESE_RE = re.compile(r"[\u4e00-\u9fff]")


def decode(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8")
    for bom, enc in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(enc)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes     # rarely needed, so imported only here

    best = from_bytes(data).best()
    if best is None:
        raise ReadError("undecodable bytes: not UTF-8, GB18030 or any encoding the detector knows")
    enc = best.encoding.lower().replace("_", "")
    return data.decode("gb18030" if enc in CHINESE_ENCODINGS else best.encoding, errors="strict")


def check_is_text(text: str) -> None:
    # controls are ASCII: they are counted in the text's ASCII characters alone, a small
    # share of a Chinese text
    controls = len(CONTROL_RE.findall(text.encode("ascii", "ignore")))
    if "\x00" in text or controls > MAX_CONTROL_SHARE * max(len(text), 1):
        raise ReadError("binary content, not text (control bytes throughout the file)")
    if not CHINESE_RE.search(text):
        raise ReadError("no Chinese text found in the file")


def read_text(data: bytes, path: Path) -> RawDocument:
    text = decode(data)
    check_is_text(text)
    fmt = "md" if path.suffix.lower() in {".md", ".markdown"} else "txt"
    return RawDocument(text=text.replace("\r\n", "\n").replace("\r", "\n"), format=fmt)
