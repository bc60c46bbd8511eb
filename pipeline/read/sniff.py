"""Tell a file's format by its bytes, falling back to its suffix.

A PDF, a Word, OFD or image file or an HTML page is read as what it is whatever it is named (a
`.txt` that is really a PDF); the suffix decides only where the bytes do not.
"""
from __future__ import annotations

import io
import zipfile

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"   # legacy Office (OLE compound file)
# PDF readers accept the header anywhere in the first 1024 bytes
PDF_HEADER_WINDOW = 1024

SUFFIX_FORMAT = {
    ".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md",
    ".pdf": "pdf", ".docx": "docx", ".docm": "docx", ".doc": "doc",
    ".html": "html", ".htm": "html", ".shtml": "html", ".xhtml": "html",
    ".ofd": "ofd", ".wps": "wps", ".wpt": "wps", ".rtf": "rtf", ".odt": "odt",
    ".png": "image", ".jpg": "image", ".jpeg": "image", ".tif": "image", ".tiff": "image",
}
# image files' first bytes: PNG, JPEG, TIFF (little- and big-endian)
IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")

# a zip archive's tell-tale member → format
ZIP_MEMBERS = (
    ("word/document.xml", "docx"),
    ("xl/workbook.xml", "xlsx"),
    ("ppt/presentation.xml", "pptx"),
    ("content.xml", "odt"),
    ("OFD.xml", "ofd"),
)
# streams named in an OLE file's directory (UTF-16 names) → format
OLE_STREAMS = (
    ("WordDocument", "doc"),
    ("EncryptedPackage", "docx"),      # a password-protected .docx; its reader says so
    ("Workbook", "xls"),
    ("PowerPoint Document", "ppt"),
)
HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<meta", b"<body")


def zip_format(data: bytes, suffix_format: str) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        # a damaged archive: its name is the best guess; the reader explains the damage
        return suffix_format if suffix_format in ("docx", "ofd") else "zip"
    for member, fmt in ZIP_MEMBERS:
        if member in names:
            return fmt
    # a zip named .docx that is no Word file goes to the Word reader, which says so
    return "docx" if suffix_format == "docx" else "zip"


def ole_format(data: bytes, suffix_format: str) -> str:
    for stream, fmt in OLE_STREAMS:
        if stream.encode("utf-16-le") in data:
            # WPS Writer files are Word 97 files inside: the name tells which it was saved as
            return "wps" if fmt == "doc" and suffix_format == "wps" else fmt
    return "ole"


def looks_like_html(data: bytes) -> bool:
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith(HTML_STARTS) or (head.startswith(b"<") and b"<html" in head)


def sniff_format(data: bytes, suffix: str) -> str:
    by_suffix = SUFFIX_FORMAT.get(suffix.lower(), suffix.lower().lstrip("."))
    if b"%PDF-" in data[:PDF_HEADER_WINDOW]:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return zip_format(data, by_suffix)
    if data.startswith(OLE_MAGIC):
        return ole_format(data, by_suffix)
    if data.startswith(IMAGE_MAGIC):
        return "image"
    if data.startswith(b"{\\rtf"):
        return "rtf"
    if looks_like_html(data):
        return "html"
    return by_suffix
