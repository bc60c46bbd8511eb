"""Tell a file's format by its first bytes, falling back to its suffix."""
from __future__ import annotations

# leading bytes → format; checked before the suffix
MAGIC = (
    (b"%PDF-", "pdf"),
    (b"PK\x03\x04", "zip"),                       # docx and other OOXML files are zips
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"), # legacy .doc (OLE compound file)
)

SUFFIX_FORMAT = {
    ".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md",
}


def sniff_format(data: bytes, suffix: str) -> str:
    head = data[:8]
    for magic, fmt in MAGIC:
        if head.startswith(magic):
            return fmt
    return SUFFIX_FORMAT.get(suffix.lower(), suffix.lower().lstrip("."))
