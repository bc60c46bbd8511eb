"""Plain text and Markdown, in whatever encoding the file is in.

Chinese government text files are often GB18030/GBK rather than UTF-8, and texts from
Taiwan and Hong Kong are in Big5, so the encoding is found, not assumed. The two
Chinese encodings decode most of each other's bytes without error (Big5 bytes are
nearly all valid GB18030) into garbage, so where the bytes are not UTF-8 each is
tried and the one whose text is plausible Chinese wins: the share of its characters
that are common ones (GB2312's first level, the 3,755 most used simplified
characters, or Big5's first level, the 5,401 most used traditional ones). Where
neither is plausible, charset-normalizer's guess is tried; where that is not either,
the file is an error rather than garbage rows.
"""
from __future__ import annotations

import codecs
import functools
import re
from pathlib import Path

from pipeline.model import RawDocument
from pipeline.read.errors import ReadError

# the detector's guesses for simplified Chinese text all decode as their superset GB18030
CHINESE_ENCODINGS = {"gb2312", "gbk", "gb18030", "hz"}
# the encodings of Chinese tried on bytes that are not UTF-8 (Big5 as its Hong Kong
# superset, which also holds the Microsoft code page's additions)
CANDIDATES = {"gb18030": "GB18030", "big5hkscs": "Big5"}
# a decoding is plausible Chinese when at least this share of its characters (besides
# ASCII and punctuation) are common ones: measured 0.99–1.0 for the right decoding of
# the 18 texts of data/raw in GB18030 and in Big5, 0.29–0.44 for their Big5 bytes read
# as GB18030
MIN_COMMON_SHARE = 0.8
# share of characters that may be controls before a file counts as binary
MAX_CONTROL_SHARE = 0.01
CONTROL_RE = re.compile(rb"[\x00-\x08\x0e-\x1f]")   # controls other than \t \n \v \f \r
CHINESE_RE = re.compile(r"[\u4e00-\u9fff]")
# general, CJK and full-width punctuation, not counted for plausibility
PUNCTUATION_RE = re.compile(r"[\u2000-\u206f\u3000-\u303f\uff00-\uffef\u00a0-\u00bf]")


def decode(data: bytes) -> str:
    return decode_as(data)[0]


def decode_as(data: bytes) -> tuple[str, str]:
    """The text and the name of the encoding it was read in."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8"), "UTF-8"
    for bom, enc in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(enc), "UTF-16"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    tried = {}
    for encoding, name in CANDIDATES.items():
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        tried[name] = (common_share(text), text)
    if tried:
        name, (share, text) = max(tried.items(), key=lambda item: item[1][0])
        if share >= MIN_COMMON_SHARE:
            return text, name
    from charset_normalizer import from_bytes     # rarely needed, so imported only here

    best = from_bytes(data).best()
    if best is not None:
        encoding = "gb18030" if best.encoding.lower().replace("_", "") in CHINESE_ENCODINGS else best.encoding
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            text = ""
        if text and (common_share(text) >= MIN_COMMON_SHARE or not CHINESE_RE.search(text)):
            return text, best.encoding      # a text with no Chinese at all is told so by check_is_text
    if not tried:
        raise ReadError("undecodable bytes: not UTF-8, GB18030, Big5 or any encoding the detector knows")
    shares = ", ".join(f"as {name} {share:.0%}" for name, (share, _) in tried.items())
    raise ReadError(f"the bytes decode to no plausible Chinese text (common characters {shares}; "
                    f"a text reads at least {MIN_COMMON_SHARE:.0%}): not UTF-8, and no encoding fits; "
                    "save the file as UTF-8")


@functools.cache
def common_characters() -> frozenset[str]:
    """GB2312's level 1 (rows 16–55) and Big5's level 1 (lead bytes A4–C6): the most
    used simplified and traditional characters, as the two standards chose them."""
    chars = set()
    for encoding, leads, trails in (("gb2312", range(0xB0, 0xD8), range(0xA1, 0xFF)),
                                    ("big5", range(0xA4, 0xC7), [*range(0x40, 0x7F), *range(0xA1, 0xFF)])):
        for lead in leads:
            for trail in trails:
                try:
                    chars.add(bytes((lead, trail)).decode(encoding))
                except UnicodeDecodeError:
                    pass
    return frozenset(chars)


def common_share(text: str) -> float:
    """The share of the text's characters, ASCII and punctuation aside, that are common
    Chinese characters."""
    common = common_characters()
    counted = [ch for ch in text if ord(ch) > 127 and not PUNCTUATION_RE.match(ch)]
    if not counted:
        return 0.0
    return sum(ch in common for ch in counted) / len(counted)


def check_is_text(text: str) -> None:
    # controls are ASCII: they are counted in the text's ASCII characters alone, a small
    # share of a Chinese text
    controls = len(CONTROL_RE.findall(text.encode("ascii", "ignore")))
    if "\x00" in text or controls > MAX_CONTROL_SHARE * max(len(text), 1):
        raise ReadError("binary content, not text (control bytes throughout the file)")
    if not CHINESE_RE.search(text):
        raise ReadError("no Chinese text found in the file")


def read_text(data: bytes, path: Path) -> RawDocument:
    text, encoding = decode_as(data)
    check_is_text(text)
    fmt = "md" if path.suffix.lower() in {".md", ".markdown"} else "txt"
    # traditional characters are kept as written; the extractors' cue words are
    # simplified, so the document is flagged for a reviewer
    warnings = [f"read as {encoding}: traditional Chinese, extracted as written"] if encoding == "Big5" else []
    return RawDocument(text=text.replace("\r\n", "\n").replace("\r", "\n"), format=fmt, warnings=warnings)
