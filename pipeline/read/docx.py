"""Word: the body's paragraphs and tables in document order, with list numbers typed in.

Official documents in Word often number their clauses with Word's automatic list
numbering, so `一、` / `（一）` / `1.` are not in the paragraph's text but in
numbering.xml. They are rebuilt as Word shows them: the paragraph's numPr (its own, or
its style's) names a list instance (w:num) and a level; the instance names an abstract
definition whose level gives the start, the number format (chineseCounting → 一,
decimal → 1, …) and the level text (`%1、`, `（%2）`, `%3.`). Counters run per
abstract definition, as Word runs them: a level restarts when a higher level moves on
(unless its lvlRestart says otherwise), and a list instance with a startOverride starts
its level again at that value.

Each table row becomes one line, its cells separated by tabs. Legacy `.doc` files, WPS
Writer files (`.wps`, which many Chinese offices write) and other Writer formats are
converted to .docx with LibreOffice first.
"""
from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.model import RawDocument
from pipeline.read.errors import ReadError

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# an encrypted .docx is an OLE file holding this stream
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
LIBREOFFICE_PACKAGE = "libreoffice-writer"
CONVERT_TIMEOUT = 180  # seconds
# a part of a Word package larger than this, once unzipped, is no document a person
# wrote but a zip bomb; python-docx's XML parser already leaves entities unexpanded
MAX_PART_BYTES = 64 * 1024 * 1024


# ---------------------------------------------------------------- number formats

CN_DIGITS = "零一二三四五六七八九"
CN_CAPITAL = "零壹贰叁肆伍陆柒捌玖"
HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
EARTHLY_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"


def chinese_counting(n: int, digits: str = CN_DIGITS, units: str = "十百千") -> str:
    """一, 十, 十一, 二十, 一百零五 — as Word's chineseCounting writes them."""
    if n <= 0:
        return str(n)
    if n < 10:
        return digits[n]
    parts, zero = [], False
    for value, unit in ((1000, units[2]), (100, units[1]), (10, units[0]), (1, "")):
        d, n = divmod(n, value)
        if d:
            if zero:
                parts.append(digits[0])
            parts.append(digits[d] + unit)
            zero = False
        elif parts:
            zero = True
    text = "".join(parts)
    return text[1:] if text.startswith(digits[1] + units[0]) else text   # 一十二 → 十二


def roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def letters(n: int) -> str:
    """a … z, aa … zz, as Word repeats letters."""
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def cyclic(symbols: str):
    return lambda n: symbols[(n - 1) % len(symbols)]


# numFmt → the number as written; a format not listed here is written as decimal
NUMBER_FORMATS = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "decimalFullWidth": lambda n: str(n).translate({ord(c): 0xFF10 + int(c) for c in "0123456789"}),
    "decimalFullWidth2": lambda n: str(n).translate({ord(c): 0xFF10 + int(c) for c in "0123456789"}),
    "decimalHalfWidth": str,
    "decimalEnclosedCircle": lambda n: chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n),       # ①
    "decimalEnclosedCircleChinese": lambda n: chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n),
    "decimalEnclosedParen": lambda n: chr(0x2474 + n - 1) if 1 <= n <= 20 else f"({n})",      # ⑴
    "decimalEnclosedFullstop": lambda n: chr(0x2488 + n - 1) if 1 <= n <= 20 else f"{n}.",    # ⒈
    "chineseCounting": chinese_counting,
    "chineseCountingThousand": chinese_counting,
    "japaneseCounting": chinese_counting,
    "taiwaneseCounting": chinese_counting,
    "taiwaneseCountingThousand": chinese_counting,     # LibreOffice writes 一、 lists so
    "taiwaneseDigital": lambda n: "".join("〇一二三四五六七八九"[int(d)] for d in str(n)),
    "japaneseDigitalTenThousand": lambda n: "".join("〇一二三四五六七八九"[int(d)] for d in str(n)),
    "ideographEnclosedCircle": lambda n: chr(0x3220 + n - 1) if 1 <= n <= 10 else str(n),   # ㈠
    "ideographDigital": lambda n: "".join("〇一二三四五六七八九"[int(d)] for d in str(n)),
    "chineseLegalSimplified": lambda n: chinese_counting(n, CN_CAPITAL, "拾佰仟"),           # 壹贰叁
    "ideographLegalTraditional": lambda n: chinese_counting(n, CN_CAPITAL, "拾佰仟"),
    "ideographTraditional": cyclic(HEAVENLY_STEMS),                                           # 甲乙丙
    "ideographZodiac": cyclic(EARTHLY_BRANCHES),                                              # 子丑寅
    "upperRoman": roman,
    "lowerRoman": lambda n: roman(n).lower(),
    "upperLetter": lambda n: letters(n).upper(),
    "lowerLetter": letters,
    "none": lambda n: "",
    "bullet": lambda n: "",
}


# ---------------------------------------------------------------- numbering


@dataclass
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    restart: int | None = None        # lvlRestart: restart after this 1-based level; 0 never
    legal: bool = False               # isLgl: higher levels' numbers written as decimal
    suffix: str = "tab"               # what Word puts between number and text


@dataclass
class Numbering:
    """numbering.xml, and the counters as the document is read through."""

    abstract_of: dict[str, str] = field(default_factory=dict)           # numId → abstractNumId
    levels: dict[str, dict[int, Level]] = field(default_factory=dict)    # abstractNumId → ilvl → Level
    overrides: dict[str, dict[int, int]] = field(default_factory=dict)   # numId → ilvl → startOverride
    counters: dict[str, dict[int, int]] = field(default_factory=dict)    # abstractNumId → ilvl → count
    started: set[tuple[str, int]] = field(default_factory=set)           # (numId, ilvl) overrides applied

    @classmethod
    def parse(cls, root) -> Numbering:
        numbering = cls()
        if root is None:
            return numbering
        for abstract in root.iter(f"{W}abstractNum"):
            levels = {}
            for lvl in abstract.iter(f"{W}lvl"):
                levels[int(lvl.get(f"{W}ilvl", "0"))] = parse_level(lvl)
            numbering.levels[abstract.get(f"{W}abstractNumId")] = levels
        for num in root.iter(f"{W}num"):
            num_id = num.get(f"{W}numId")
            ref = num.find(f"{W}abstractNumId")
            if ref is None:
                continue
            numbering.abstract_of[num_id] = ref.get(f"{W}val")
            for override in num.iter(f"{W}lvlOverride"):
                ilvl = int(override.get(f"{W}ilvl", "0"))
                start = override.find(f"{W}startOverride")
                if start is not None:
                    numbering.overrides.setdefault(num_id, {})[ilvl] = int(start.get(f"{W}val", "1"))
                lvl = override.find(f"{W}lvl")
                if lvl is not None:     # a level redefined for this instance only
                    numbering.levels.setdefault(f"num:{num_id}", {})[ilvl] = parse_level(lvl)
        return numbering

    def marker(self, num_id: str, ilvl: int) -> str:
        """The number Word shows for the next paragraph of list `num_id` at level `ilvl`."""
        abstract = self.abstract_of.get(num_id)
        if num_id == "0" or abstract not in self.levels:
            return ""                    # numId 0 switches numbering off
        levels = {**self.levels[abstract], **self.levels.get(f"num:{num_id}", {})}
        level = levels.get(ilvl)
        if level is None:
            return ""
        counters = self.counters.setdefault(abstract, {})
        override = self.overrides.get(num_id, {}).get(ilvl)
        if override is not None and (num_id, ilvl) not in self.started:
            self.started.add((num_id, ilvl))
            counters[ilvl] = override
        elif ilvl in counters:
            counters[ilvl] += 1
        else:
            counters[ilvl] = level.start
        for deeper in [k for k in counters if k > ilvl]:
            restart = levels[deeper].restart if deeper in levels else None
            # lvlRestart n: restart only when level n (1-based) or a higher one moves on
            if restart is None or (restart and ilvl < restart):
                del counters[deeper]
        text = level.text
        for k in range(ilvl, -1, -1):
            placeholder = f"%{k + 1}"
            if placeholder in text:
                count = counters.get(k, levels[k].start if k in levels else 1)
                fmt = "decimal" if level.legal and k != ilvl else (levels[k].fmt if k in levels else "decimal")
                text = text.replace(placeholder, NUMBER_FORMATS.get(fmt, str)(count))
        if level.fmt == "bullet":
            return ""
        if not text or level.suffix == "nothing" or text[-1] in "、）)〕】．":
            return text
        return text + " "


def parse_level(lvl) -> Level:
    def val(tag: str) -> str | None:
        element = lvl.find(f"{W}{tag}")
        return None if element is None else element.get(f"{W}val")

    restart = val("lvlRestart")
    return Level(
        start=int(val("start") or 1),
        fmt=val("numFmt") or "decimal",
        text=val("lvlText") if val("lvlText") is not None else "",
        restart=None if restart is None else int(restart),
        legal=lvl.find(f"{W}isLgl") is not None and val("isLgl") not in ("0", "false"),
        suffix=val("suff") or "tab",
    )


def style_chains(document) -> dict[str, list]:
    """style id → the style and the styles it is basedOn, nearest first."""
    styles = {style.get(f"{W}styleId"): style for style in document.styles.element.iter(f"{W}style")}
    chains = {}
    for style_id in styles:
        chain, based = [], style_id
        while based in styles and styles[based] not in chain:
            chain.append(styles[based])
            parent = styles[based].find(f"{W}basedOn")
            based = None if parent is None else parent.get(f"{W}val")
        chains[style_id] = chain
    return chains


def style_numbering(chains: dict[str, list]) -> dict[str, tuple[str | None, int | None]]:
    """style id → the numId and ilvl its paragraph properties give, following basedOn."""
    resolved = {}
    for style_id, chain in chains.items():
        num_id = ilvl = None
        for style in chain:
            num_pr = style.find(f"{W}pPr/{W}numPr")
            if num_pr is None:
                continue
            num_id = num_id if num_id is not None else attr(num_pr, "numId")
            level = attr(num_pr, "ilvl")
            ilvl = ilvl if ilvl is not None or level is None else int(level)
        resolved[style_id] = (num_id, ilvl)
    return resolved


def style_alignment(chains: dict[str, list]) -> dict[str, str | None]:
    """style id → the paragraph alignment (w:jc) it gives, following basedOn."""
    return {style_id: next((jc.get(f"{W}val") for style in chain
                            if (jc := style.find(f"{W}pPr/{W}jc")) is not None), None)
            for style_id, chain in chains.items()}


def attr(num_pr, tag: str) -> str | None:
    element = num_pr.find(f"{W}{tag}")
    return None if element is None else element.get(f"{W}val")


# ---------------------------------------------------------------- body


def paragraph_text(p) -> str:
    """The text Word shows: runs (also inside hyperlinks, fields and insertions), tabs
    and breaks; not deleted text, not text boxes, not field codes."""
    parts = []
    for node in p.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}cr", f"{W}noBreakHyphen"):
        if any(a.tag in SKIPPED for a in node.iterancestors()):
            continue
        if node.tag == f"{W}t":
            parts.append(node.text or "")
        elif node.tag == f"{W}tab":
            parts.append("\t")
        elif node.tag == f"{W}noBreakHyphen":
            parts.append("-")
        elif node.get(f"{W}type") != "page":
            parts.append("\n")
    return "".join(parts)


def unwrapped(text: str) -> str:
    """A centred paragraph's lines as one: its line breaks only wrap it, as GB/T 9704
    breaks a long title over centred lines (between issuers, before `关于`). Two Latin
    letters or digits the break parts keep a space between them."""
    out = ""
    for line in (line.strip() for line in text.split("\n")):
        latin = out[-1:].isascii() and out[-1:].isalnum() and line[:1].isascii() and line[:1].isalnum()
        out += (" " if latin else "") + line
    return out


# text under these is not shown as the paragraph's text: deleted or moved-away text,
# text boxes (drawn apart from the flow), tab stops in paragraph properties
SKIPPED = {f"{W}del", f"{W}moveFrom", f"{W}txbxContent", f"{W}pPr", f"{W}rPr"}


class BodyReader:
    def __init__(self, document):
        self.numbering = Numbering.parse(numbering_root(document))
        chains = style_chains(document)
        self.styles = style_numbering(chains)
        self.alignment = style_alignment(chains)

    def blocks(self, container) -> list[str]:
        lines = []
        for child in container:
            if child.tag == f"{W}p":
                lines.append(self.paragraph(child))
            elif child.tag == f"{W}tbl":
                lines.extend(self.table(child))
            elif child.tag == f"{W}sdt":                    # content controls wrap blocks
                content = child.find(f"{W}sdtContent")
                if content is not None:
                    lines.extend(self.blocks(content))
        return lines

    def paragraph(self, p) -> str:
        text = paragraph_text(p)
        if "\n" in text and self.centred(p):
            text = unwrapped(text)
        num_id, ilvl = self.list_of(p)
        if num_id is None:
            return text
        # an empty list paragraph still takes its number in Word, but shows nothing
        marker = self.numbering.marker(num_id, ilvl)
        return marker + text if text.strip() else text

    def centred(self, p) -> bool:
        jc = p.find(f"{W}pPr/{W}jc")
        if jc is None:
            style = p.find(f"{W}pPr/{W}pStyle")
            return style is not None and self.alignment.get(style.get(f"{W}val")) == "center"
        return jc.get(f"{W}val") == "center"

    def list_of(self, p) -> tuple[str | None, int]:
        style = p.find(f"{W}pPr/{W}pStyle")
        style_num, style_lvl = self.styles.get(style.get(f"{W}val"), (None, None)) if style is not None else (None, None)
        num_pr = p.find(f"{W}pPr/{W}numPr")
        num_id = attr(num_pr, "numId") if num_pr is not None else None
        level = attr(num_pr, "ilvl") if num_pr is not None else None
        num_id = num_id if num_id is not None else style_num
        ilvl = int(level) if level is not None else (style_lvl or 0)
        return num_id, ilvl

    def table(self, tbl) -> list[str]:
        rows = []
        for tr in tbl.findall(f"{W}tr"):
            cells = []
            for tc in tr.findall(f"{W}tc"):
                merge = tc.find(f"{W}tcPr/{W}vMerge")
                if merge is not None and merge.get(f"{W}val") in (None, "continue"):
                    cells.append("")                          # the cell above spans this row
                    continue
                cells.append(" ".join(line.strip() for line in self.blocks(tc) if line.strip()))
            if any(cells):
                rows.append("\t".join(cells).rstrip("\t"))
        return rows


def numbering_root(document):
    try:
        return document.part.numbering_part.element
    except (KeyError, NotImplementedError):
        return None


# ---------------------------------------------------------------- readers


def read_docx(data: bytes, path: Path) -> RawDocument:
    document = open_docx(data)
    lines = BodyReader(document).blocks(document.element.body)
    text = "\n".join(lines)
    if not text.strip():
        raise ReadError("the Word document has no text in its body")
    return RawDocument(text=text, format="docx")


def open_docx(data: bytes):
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    if not data:
        raise ReadError("the Word file is empty (0 bytes)")
    if data.startswith(OLE_MAGIC):
        if ENCRYPTED_PACKAGE in data:
            raise ReadError("the Word document is password-protected (encrypted); save an unprotected copy")
        raise ReadError("a legacy Word .doc file named .docx; rename it to .doc")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            large = [i for i in archive.infolist() if i.file_size > MAX_PART_BYTES]
            if large:
                raise ReadError(f"the Word file's part {large[0].filename} unzips to {large[0].file_size:,} bytes, "
                                f"more than the {MAX_PART_BYTES:,} a document may hold (a zip bomb?)")
            bad = archive.testzip()
    except zipfile.BadZipFile:
        raise ReadError("the Word file is corrupt: not a readable zip archive (truncated or damaged); "
                        "save or download it again") from None
    except ReadError:
        raise
    except Exception as e:  # zlib and struct errors of a damaged member
        raise ReadError(f"the Word file is corrupt: {e}; save or download it again") from None
    if bad is not None:
        raise ReadError(f"the Word file is corrupt: its part {bad} is damaged; save or download it again")
    if "word/document.xml" not in names and not any(n.endswith("document.xml") for n in names):
        listing = ", ".join(names[:5]) + (" …" if len(names) > 5 else "")
        raise ReadError(f"not a Word document: a zip archive without word/document.xml (it holds {listing})")
    try:
        return docx.Document(io.BytesIO(data))
    except PackageNotFoundError:
        raise ReadError("not a Word document: the zip archive has no Office package structure") from None
    except ValueError as e:      # python-docx: "file '…' is not a Word file, content type is …"
        raise ReadError(f"not a Word document: {e}") from None
    except (KeyError, zipfile.BadZipFile, SyntaxError) as e:    # missing part, broken XML (lxml)
        raise ReadError(f"the Word file is corrupt: {type(e).__name__}: {e}") from None


def soffice_command() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


# formats LibreOffice Writer converts to .docx → what the error messages call them
WRITER_FORMATS = {
    "doc": "a legacy Word .doc file",
    "wps": "a WPS Writer file",
    "rtf": "an RTF file",
    "odt": "an OpenDocument text file",
}


def read_doc(data: bytes, path: Path) -> RawDocument:
    """A legacy .doc: converted to .docx by LibreOffice, then read as one."""
    return read_with_libreoffice(data, path, "doc")


def read_wps(data: bytes, path: Path) -> RawDocument:
    """A WPS Writer file (`.wps`, `.wpt`): converted to .docx by LibreOffice."""
    return read_with_libreoffice(data, path, "wps")


def read_rtf(data: bytes, path: Path) -> RawDocument:
    return read_with_libreoffice(data, path, "rtf")


def read_odt(data: bytes, path: Path) -> RawDocument:
    return read_with_libreoffice(data, path, "odt")


def read_with_libreoffice(data: bytes, path: Path, fmt: str) -> RawDocument:
    what = WRITER_FORMATS[fmt]
    command = soffice_command()
    if command is None:
        raise ReadError(f"{what} needs LibreOffice to be read: install the Debian package "
                        f"{LIBREOFFICE_PACKAGE} (scripts/install-system-deps.sh), or save the file as .docx")
    with tempfile.TemporaryDirectory(prefix="policy-doc-") as tmp:
        source = Path(tmp) / f"input.{fmt}"
        source.write_bytes(data)
        profile = Path(tmp) / "profile"      # a private profile, so parallel conversions do not collide
        try:
            subprocess.run(
                [command, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                 "--convert-to", "docx", "--outdir", tmp, str(source)],
                capture_output=True, timeout=CONVERT_TIMEOUT, check=False,
            )
        except subprocess.TimeoutExpired:
            raise ReadError(f"LibreOffice did not convert {what} within {CONVERT_TIMEOUT} s") from None
        converted = Path(tmp) / "input.docx"
        if not converted.exists():
            raise ReadError(f"LibreOffice could not convert {what} (damaged, or not a text document)")
        raw = read_docx(converted.read_bytes(), path)
    return RawDocument(text=raw.text, format=fmt, warnings=raw.warnings)
