"""OFD (GB/T 33190, the national fixed-layout format): the text of its pages.

An OFD file is a zip of XML parts: `OFD.xml` names each document's root
(`Doc_0/Document.xml`), which lists its pages in order; each page's `Content.xml`
holds layers of `TextObject`s, each placed by its `Boundary` (x y width height, in mm)
with one or more `TextCode`s (a run of text at X, Y inside the boundary, Y its
baseline, `DeltaX` the advances of its characters). Each run becomes a line with its
position in points, and the PDF reader's layout steps take it from there: runs on one
row are joined left to right, the running header and page numbers dropped, the
layout's wraps joined. Templates (`Template` pages: letterheads, headers) and
annotations are page furniture and are not read.

No package on the registry reads OFD text without a PDF toolchain behind it
(`easyofd` converts through PyMuPDF and reportlab), so the XML is read here with
lxml: with no entity expansion, no DTD, no network and a size cap on every part, so a
hostile file costs no more than its size.
"""
from __future__ import annotations

import io
import posixpath
import re
import zipfile
from pathlib import Path

from lxml import etree

from pipeline.model import RawDocument
from pipeline.read.errors import ReadError
from pipeline.read.pdf import TextLine, assemble

OFD_NS = "http://www.ofdspec.org/2016"
MM = 72 / 25.4                      # points per millimetre
# an XML part larger than this, once unzipped, is not a page a person wrote (a zip bomb)
MAX_PART_BYTES = 32 * 1024 * 1024
MAX_PAGES = 5000
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                         remove_comments=True)
NUMBER_RE = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def local(tag) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def children(element, name: str):
    return (child for child in element if local(child.tag) == name)


def descendants(element, name: str):
    return (node for node in element.iter() if local(node.tag) == name)


def child_text(element, path: tuple[str, ...]) -> str | None:
    for name in path:
        element = next(children(element, name), None)
        if element is None:
            return None
    return (element.text or "").strip()


class Package:
    """The zip archive, each XML part read with a size cap and a safe parser."""

    def __init__(self, data: bytes):
        try:
            self.archive = zipfile.ZipFile(io.BytesIO(data))
        except zipfile.BadZipFile:
            raise ReadError("the OFD file is corrupt: not a readable zip archive (truncated or damaged); "
                            "download or export it again") from None
        self.names = {name.lstrip("/"): name for name in self.archive.namelist()}

    def xml(self, name: str):
        member = self.names.get(name.lstrip("/"))
        if member is None:
            raise ReadError(f"the OFD file is incomplete: its part {name} is missing")
        info = self.archive.getinfo(member)
        if info.file_size > MAX_PART_BYTES:
            raise ReadError(f"the OFD part {name} unzips to {info.file_size:,} bytes, more than the "
                            f"{MAX_PART_BYTES:,} a page may hold")
        try:
            with self.archive.open(member) as f:
                data = f.read(MAX_PART_BYTES + 1)
        except Exception as e:      # zip, zlib and struct errors of a damaged member
            raise ReadError(f"the OFD file is corrupt: its part {name} is damaged ({e})") from None
        if len(data) > MAX_PART_BYTES:
            raise ReadError(f"the OFD part {name} is larger than the {MAX_PART_BYTES:,} bytes a page may hold")
        try:
            return etree.fromstring(data, PARSER)
        except etree.XMLSyntaxError as e:
            raise ReadError(f"the OFD file is corrupt: its part {name} is not well-formed XML ({e})") from None


def resolve(base: str, location: str) -> str:
    """A part's location: absolute (`/Doc_0/…`) from the package root, else relative to
    the folder of the part that names it."""
    location = location.strip().replace("\\", "/")
    if location.startswith("/"):
        return location.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(base), location))


def numbers(value: str | None) -> list[float]:
    return [float(n) for n in NUMBER_RE.findall(value or "")]


def advances(delta_x: str | None, count: int, size: float) -> list[float]:
    """The DeltaX list expanded: `g N d` stands for N advances of d."""
    tokens = (delta_x or "").split()
    out: list[float] = []
    k = 0
    while k < len(tokens) and len(out) < count:
        if tokens[k] == "g" and k + 2 < len(tokens):
            try:
                out.extend([float(tokens[k + 2])] * int(tokens[k + 1]))
            except ValueError:
                break
            k += 3
        else:
            try:
                out.append(float(tokens[k]))
            except ValueError:
                break
            k += 1
    out = out[:max(count - 1, 0)]
    return out + [size] * (max(count - 1, 0) - len(out))


def page_lines(content) -> list[TextLine]:
    """Every text run of a page's content, in points from the page's top-left corner.

    A run spans its visible characters: spaces before them (typed indentation) leave
    the run indented, and a space after them is the space a wrap fell on (`spaced`).
    The run's text is its characters as placed (`exact`): where a wrap parts two Latin
    letters or digits without a space, the layout broke a word or number (`1` / `00%`),
    as Chinese typesetting does."""
    lines = []
    for obj in descendants(content, "TextObject"):
        box = numbers(obj.get("Boundary"))
        if len(box) < 4:
            continue
        size = (numbers(obj.get("Size")) or [box[3]])[0]
        x, y = 0.0, size
        for code in children(obj, "TextCode"):
            text = code.text or ""
            x = (numbers(code.get("X")) or [x])[0]
            y = (numbers(code.get("Y")) or [y])[0]
            visible = text.strip()
            if not visible:
                continue
            steps = advances(code.get("DeltaX"), len(text), size)
            first = len(text) - len(text.lstrip())
            last = first + len(visible) - 1
            left, baseline = box[0] + x + sum(steps[:first]), box[1] + y
            right = box[0] + x + sum(steps[:last]) + size
            lines.append(TextLine(visible, left * MM, right * MM, (baseline - size) * MM, baseline * MM,
                                  size * MM, spaced=visible != text.lstrip(), exact=True))
    return lines


def read_ofd(data: bytes, path: Path) -> RawDocument:
    package = Package(data)
    root = package.xml("OFD.xml")
    if local(root.tag) != "OFD":
        raise ReadError(f"not an OFD file: its OFD.xml holds <{local(root.tag)}>, not <ofd:OFD>")
    doc_roots = [child_text(body, ("DocRoot",)) for body in children(root, "DocBody")]
    doc_roots = [r for r in doc_roots if r]
    if not doc_roots:
        raise ReadError("the OFD file names no document (OFD.xml has no DocBody/DocRoot)")
    pages: list[list[TextLine]] = []
    for doc_root in doc_roots:          # a package may hold several documents, read in turn
        doc_path = resolve("OFD.xml", doc_root)
        document = package.xml(doc_path)
        for listing in children(document, "Pages"):
            for page in children(listing, "Page"):
                location = page.get("BaseLoc")
                if not location:
                    continue
                if len(pages) >= MAX_PAGES:
                    raise ReadError(f"the OFD file has more than {MAX_PAGES} pages")
                pages.append(page_lines(package.xml(resolve(doc_path, location))))
    if not pages:
        raise ReadError("the OFD file has no pages")
    text, starts = assemble(pages)
    if not text.strip():
        raise ReadError("the OFD file has no text on its pages (scanned pages as images are not read)")
    return RawDocument(text=text, format="ofd", page_starts=starts)
