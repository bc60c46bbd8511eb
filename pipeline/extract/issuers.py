"""Bodies' names: whether a text names issuing bodies, and joint issuers told apart.

Joint issuers are written side by side, parted by spaces (`广州市医疗保障局 广州市财政局`)
or glued (`济南市商务局济南市财政局`, where a body's name ends and a place's name begins).
The document's fields (its issuer, masthead and signature) and the titles it cites are
read with them.
"""
from __future__ import annotations

import re

from pipeline.extract.places import division_names

# the bodies that issue documents, by the last word of their names
ORG_SUFFIX = r"(政府|办公室|办公厅|局|委员会|委|厅|部|院|会|中心|协会|办|署|行|组)"
ISSUER_LINE_RE = re.compile(rf"^[\u4e00-\u9fff、“” \u3000]{{2,60}}{ORG_SUFFIX}$")
SPACES_RE = re.compile(r"[ \u3000\t]+")


def is_org_list(text: str) -> bool:
    """Whether `text` is one or more bodies' names (a masthead's, a signature's)."""
    return bool(text) and all(ISSUER_LINE_RE.match(n) for n in split_issuers(text))


def split_issuers(text: str) -> list[str]:
    """Joint issuers written side by side: by spaces (`广州市医疗保障局 广州市财政局`) or
    glued (`济南市商务局济南市财政局`), a body's name ending where a place's name begins."""
    names = []
    for part in SPACES_RE.split(text.strip()):
        start = 0
        for m in re.finditer(ORG_SUFFIX, part):
            if m.end() < len(part) and starts_with_place(part, m.end()) and m.end() - start >= 4:
                names.append(part[start:m.end()])
                start = m.end()
        if part[start:]:
            names.append(part[start:])
    return names


def starts_with_place(text: str, pos: int) -> bool:
    """Whether a division's full name (with its suffix: 广州市) begins at `pos`."""
    places = division_names()
    return any(text[pos:pos + k] in places and text[pos + k - 1] in "省市县区州旗盟"
               for k in range(2, 9))


def spaced_apart(issuers: str) -> str:
    """Joint issuers that the text parts with spaces, each parted so: a space that a
    line's wrap took away (`…广州市财政局` / `广州市卫生局…`: a PDF draws no space at the
    end of a line, or its reader loses it) is put back. Issuers written glued, or not
    all bodies' names, stay as written."""
    parts = re.split(f"({SPACES_RE.pattern})", issuers)
    if len(parts) < 3 or not is_org_list(issuers):
        return issuers
    return "".join(p if SPACES_RE.fullmatch(p) else " ".join(split_issuers(p)) for p in parts)
