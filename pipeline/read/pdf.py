"""PDF: the text layer in reading order, without the page furniture.

Two engines give the lines of a page with their positions: pypdfium2 (the default:
~40× faster, and it already merges the doubled glyphs of fake bold and keeps
letter-spaced Chinese together) and pdfplumber (its character model, for files where
cropping or character spacing needs to be decided by hand). From those lines, the same
steps for both engines, and for the lines OCR reads off a scanned page:

- the running header and footer (a line at the same height on most pages) and the page
  number (`— 3 —`, `-3-`, `第3页 共10页`, a bare `3` standing apart) are dropped;
- a line that reaches the right text margin continues on the next line of its page
  (unless that one is indented), so the layout's wraps are joined and paragraph breaks
  stay as "\\n"; the first and last lines of a page are kept whole, so the cleaner can
  rejoin a sentence cut by the page break;
- a space the engine guessed from a gap is kept only where the gap is wider than the
  line's letter spacing by a word space (letter-spaced and justified Chinese gets none;
  a word space LibreOffice leaves as a gap next to Chinese stays).

Pages are joined with "\\n"; `page_starts` holds where each page begins.
"""
from __future__ import annotations

import bisect
import ctypes
import io
import re
import statistics
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pypdfium2
import pypdfium2.raw as pdfium_c

from pipeline.extract.issuers import ORG_SUFFIX
from pipeline.model import RawDocument
from pipeline.read.errors import ReadError

# a line ending with a body's name (the break between two joint issuers of a title)
ENDS_WITH_BODY_RE = re.compile(ORG_SUFFIX + "$")

ENGINES = ("pdfium", "pdfplumber")
DEFAULT_PDF_ENGINE = "pdfium"

# how far short of the right margin a line may end and still be full (in em); Word
# justifies, ragged layouts and OCR boxes fall short by up to about one character
FULL_LINE_SLACK = 1.5
# marks that may not begin a line: a layout that keeps them off a line's start carries
# the character before them down with them (`…核心人` / `员；`), and the line above
# falls one character shorter
NO_LINE_START = "，。、；：？！）》」』】〕”’,.;:?!)]"
# how far right of the left margin a line may start and still be no new paragraph (em)
INDENT_SLACK = 0.5
# a gap wider than this (in line heights) between two lines ends the paragraph
PARAGRAPH_GAP = 1.2
# share of the lines that must start (end) near a position for it to be the left (right) margin
MARGIN_SHARE = 0.05
# how much wider than a line's letter spacing a gap must be to be a word space (in em):
# a Latin font's space is 0.25 to 0.33 em, the gap LibreOffice sets between Chinese and
# Latin text or digits (autospace, `给予150万元`) 0.2 em
WORD_GAP = 0.22
# pdfium boxes a character by its glyph where the font does not give its ascent
# (LibreOffice's embedded subsets): a line whose box is lower than this share of its
# font size is placed by its baseline, on the em box of a Chinese font, which stands
# this share of the size below the baseline
LOW_BOX = 0.8
EM_DESCENT = 0.12
# a line set this much larger than the body text is title type
TITLE_SIZE = 1.1
# lines looked at for the header at the top of a page and for the footer at its foot
FURNITURE_LINES = 2
# a line at the same height with the same text on this share of the pages is furniture
FURNITURE_SHARE = 0.5
# a file whose last bytes lack %%EOF was cut short (the spec puts it at the very end;
# writers may add a little padding after it)
EOF_WINDOW = 2048

# page labels; the dash and 第N页 forms are page numbers wherever they stand at the top
# or foot of a page, a bare number only when it stands apart from the text
LABELLED_PAGE_NUMBER_RE = re.compile(
    r"^(?:[-—–－~～_·•]+\d{1,4}[-—–－~～_·•]+"
    r"|第\d{1,4}页(?:[,，/]?共\d{1,4}页)?|共\d{1,4}页第\d{1,4}页"
    r"|\d{1,4}/\d{1,4}|(?:page|p\.)\d{1,4}(?:(?:of|/)\d{1,4})?)$",
    re.I,
)
BARE_PAGE_NUMBER_RE = re.compile(r"^\d{1,4}$")
# a run of text followed at once by itself: where pdfium left fake bold doubled
REPEAT_RE = re.compile(r"(\S{2,}?) ?\1")

CJK_RANGES = (
    ("\u2e80", "\u2fff"), ("\u3000", "\u303f"), ("\u3040", "\u30ff"), ("\u3400", "\u4dbf"),
    ("\u4e00", "\u9fff"), ("\uf900", "\ufaff"), ("\ufe30", "\ufe4f"), ("\uff00", "\uffef"),
    ("\u2014", "\u2026"),           # — ‘ ’ “ ” … as Chinese text uses them
)


def is_cjk(ch: str) -> bool:
    return any(lo <= ch <= hi for lo, hi in CJK_RANGES)


@dataclass
class TextLine:
    """One line of a page; coordinates in points from the page's top-left corner."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float                     # the font size (line height for OCR)
    spaced: bool = False            # ends with a space the PDF draws: the wrap fell on a word space
    # the text keeps the spaces its wrap fell on, as placed (OFD's TextCode): no space is
    # guessed between two Latin letters or digits that the wrap parts (`1` / `00%`)
    exact: bool = False


# ---------------------------------------------------------------- opening


def open_pdf(data: bytes) -> pypdfium2.PdfDocument:
    if not data:
        raise ReadError("the PDF file is empty (0 bytes)")
    if b"%PDF-" not in data[:1024]:
        raise ReadError("not a PDF: the file does not start with a PDF header (%PDF-)")
    if b"%%EOF" not in data[-EOF_WINDOW:]:
        raise ReadError(
            "the PDF is truncated: it stops before its end-of-file marker (%%EOF); "
            "download or export the file again"
        )
    try:
        return pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as e:
        reason = str(e)
        if "password" in reason.lower():
            raise ReadError(
                "the PDF is password-protected: it cannot be opened without its password; "
                "get an unprotected copy (or remove the password, e.g. qpdf --decrypt)"
            ) from None
        raise ReadError(f"the PDF is damaged and cannot be opened ({reason}); "
                        "download or export the file again") from None


# ---------------------------------------------------------------- engines


def pdfium_lines(page: pypdfium2.PdfPage) -> list[TextLine]:
    """pdfium's own lines, each placed by the loose boxes of its first and last char,
    its characters in the order they stand on the page."""
    textpage = page.get_textpage()
    try:
        text = textpage.get_text_range()
        same_index = len(text) == pdfium_c.FPDFText_CountChars(textpage)
        height = page.get_height()
        lines = []
        offset = 0
        for raw in text.split("\r\n"):
            start, offset = offset, offset + len(raw) + 2
            if not raw.strip():
                continue
            # ordered before it is trimmed: LibreOffice draws a line's spaces after its
            # other characters, so pdfium puts them at the line's end
            ordered = page_order(text, textpage, start, len(raw), same_index)
            first = next(k for k, i in enumerate(ordered) if not text[i].isspace())
            last = next(k for k in range(len(ordered) - 1, -1, -1) if not text[ordered[k]].isspace())
            indices, trailing = ordered[first:last + 1], ordered[last + 1:]
            stripped = "".join(text[i] for i in indices)
            i_first = pdfium_c.FPDFText_GetCharIndexFromTextIndex(textpage, indices[0])
            i_last = pdfium_c.FPDFText_GetCharIndexFromTextIndex(textpage, indices[-1])
            if i_first < 0 or i_last < 0:     # a char pdfium made up: place the line by its neighbours
                i_first, i_last = max(i_first, i_last, 0), max(i_first, i_last, 0)
            try:
                left, bottom, _, top = textpage.get_charbox(i_first, loose=True)
                _, _, right, _ = textpage.get_charbox(i_last, loose=True)
            except pypdfium2.PdfiumError:
                left = right = 0.0
                bottom = top = height - lines[-1].bottom if lines else height
            size = pdfium_c.FPDFText_GetFontSize(textpage, i_first) or (top - bottom)
            x, y = ctypes.c_double(), ctypes.c_double()
            if top - bottom < LOW_BOX * size and pdfium_c.FPDFText_GetCharOrigin(textpage, i_first, x, y):
                # the box of the glyph, not of the font's em (a font that does not
                # say its ascent): a line opening with `一、` would stand 7 pt high
                bottom, top = y.value - EM_DESCENT * size, y.value + (1 - EM_DESCENT) * size
            dropped = set()
            if " " in stripped:
                dropped |= guessed_spaces(textpage, stripped, indices)
            if REPEAT_RE.search(stripped):
                dropped |= overprint(textpage, stripped, indices)
            if dropped:
                stripped = "".join(ch for k, ch in enumerate(stripped) if k not in dropped)
            spaced = any(text[i] == " " and drawn(textpage, i) for i in trailing)
            lines.append(TextLine(stripped, left, right, height - top, height - bottom, size, spaced))
        return lines
    finally:
        textpage.close()


def page_order(text: str, textpage, first: int, n: int, same_index: bool) -> list[int]:
    """The text indices of a line's `n` characters from `first`, left to right as they
    stand on the page.

    pdfium gives characters in the order the file draws them. LibreOffice draws a run
    set in another font (the curly quotes of Chinese text) after the run around it, so
    `“专精特新”` came out as `“”专精特新`; sorted by where each character's origin
    stands, the line reads as printed. A character pdfium made up (a space from a gap)
    goes with the character before it; a copy drawn over a character (fake bold) is
    dropped before sorting, which would interleave the two; a line whose characters
    stand on different baselines keeps the file's order.

    `same_index`: the page's text indices are its character indices (as they are unless
    pdfium left a character out of the text), so that a line in order — nearly every
    line — costs one call a character."""
    indices = list(range(first, first + n))
    x, y = ctypes.c_double(), ctypes.c_double()
    if same_index:
        last = -1e9
        for k in indices:
            if pdfium_c.FPDFText_GetCharOrigin(textpage, k, x, y):
                if x.value < last:
                    break
                last = x.value
        else:
            return indices
    placed: list[tuple[float, float, int]] = []      # (x, y, text index) of drawn chars
    keys = []
    last_x = -1.0
    em = 0.0
    for k in indices:
        i = k if same_index else pdfium_c.FPDFText_GetCharIndexFromTextIndex(textpage, k)
        if i >= 0 and pdfium_c.FPDFText_IsGenerated(textpage, i) != 1 \
                and pdfium_c.FPDFText_GetCharOrigin(textpage, i, x, y):
            last_x = x.value
            placed.append((x.value, y.value, k))
            em = em or pdfium_c.FPDFText_GetFontSize(textpage, i)
        keys.append(last_x)
    if keys == sorted(keys) or not placed:
        return indices
    em = em or 10.0
    if max(p[1] for p in placed) - min(p[1] for p in placed) > 0.5 * em:
        return indices
    seen: dict[str, list[float]] = {}                 # char → where its copies stand
    kept = []
    for key, k in zip(keys, indices):
        ch = text[k]
        at = seen.setdefault(ch, [])
        if not ch.isspace() and any(abs(key - ax) < 0.3 * em for ax in at):
            continue                                  # drawn over an earlier copy
        at.append(key)
        kept.append((key, k))
    return [k for _, k in sorted(kept)]


def guessed_spaces(textpage, line: str, indices: list[int]) -> set[int]:
    """The spaces pdfium made up from a gap that is no word space.

    pdfium puts a space wherever characters stand apart: between every two characters
    of letter-spaced Chinese (a masthead, a justified line) as well as at a word space
    the PDF leaves as a gap rather than drawing it (LibreOffice: `金额 10`, `第一条 为`).
    A made-up space is kept where its gap is wider than the letter spacing of the
    characters on either side of it by a word space; one next to a space the PDF draws
    is a second copy."""
    found = set()
    for k, ch in enumerate(line):
        if ch != " " or drawn(textpage, indices[k]):
            continue
        if any(line[j] == " " and drawn(textpage, indices[j]) for j in (k - 1, k + 1)):
            found.add(k)
            continue
        before = pdfium_c.FPDFText_GetCharIndexFromTextIndex(textpage, indices[k - 1])
        em = pdfium_c.FPDFText_GetFontSize(textpage, before) or 10.0
        room = gap(textpage, line, indices, k - 1, k + 1)
        if room is None or room - letter_spacing(textpage, line, indices, k) < WORD_GAP * em:
            found.add(k)
    return found


def gap(textpage, line: str, indices: list[int], a: int, b: int) -> float | None:
    """The room between the characters at `a` and `b` of the line (None where one is a
    space or pdfium made it up)."""
    if not (0 <= a < b < len(line)) or line[a].isspace() or line[b].isspace():
        return None
    i, j = (pdfium_c.FPDFText_GetCharIndexFromTextIndex(textpage, indices[n]) for n in (a, b))
    if min(i, j) < 0 or pdfium_c.FPDFText_IsGenerated(textpage, i) or pdfium_c.FPDFText_IsGenerated(textpage, j):
        return None
    return textpage.get_charbox(j, loose=True)[0] - textpage.get_charbox(i, loose=True)[2]


def letter_spacing(textpage, line: str, indices: list[int], k: int) -> float:
    """The gap between two characters side by side next to the space at `k` (over the
    spaces pdfium made up between them, as it does between every two characters of a
    letter-spaced line): the smaller of those on either side of it; 0 where there are
    none, or where boxes overlap (kerned Latin letters, a copy drawn over a character
    for fake bold)."""
    gaps = []
    for step in (-1, 1):
        a = b = k + step
        b += step
        while 0 <= b < len(line) and line[b] == " " and not drawn(textpage, indices[b]):
            b += step
        g = gap(textpage, line, indices, min(a, b), max(a, b))
        if g is not None:
            gaps.append(g)
    return max(0.0, min(gaps, default=0.0))


def drawn(textpage, text_index: int) -> bool:
    """Whether the character at `text_index` is in the PDF (not one pdfium made up)."""
    index = pdfium_c.FPDFText_GetCharIndexFromTextIndex(textpage, text_index)
    return index >= 0 and pdfium_c.FPDFText_IsGenerated(textpage, index) == 0


def overprint(textpage, line: str, indices: list[int]) -> set[int]:
    """Text drawn twice over itself (fake bold) that pdfium did not merge.

    pdfium merges most overprinted duplicates but not all (`六、加快…服务功能建设 和服务
    功能建设`); a repeat counts only when its first character sits on the first
    character of the original, so a word written twice stays.
    """
    found: set[int] = set()
    start = 0
    while m := REPEAT_RE.search(line, start):
        unit = m.group(1)
        copy = m.end() - len(unit)
        if any(is_cjk(ch) for ch in unit) and overprinted(textpage, indices[m.start()], indices[copy]):
            found.update(range(m.start() + len(unit), m.end()))
            start = m.end()
        else:
            start = m.start() + 1
    return found


def overprinted(textpage, first: int, second: int) -> bool:
    a = pdfium_c.FPDFText_GetCharIndexFromTextIndex(textpage, first)
    b = pdfium_c.FPDFText_GetCharIndexFromTextIndex(textpage, second)
    if a < 0 or b < 0:
        return False
    ax, ay, _, _ = textpage.get_charbox(a, loose=True)
    bx, by, _, _ = textpage.get_charbox(b, loose=True)
    em = pdfium_c.FPDFText_GetFontSize(textpage, a) or 10.0
    return abs(ax - bx) < 0.3 * em and abs(ay - by) < 0.3 * em


def plumber_lines(page) -> list[TextLine]:
    """pdfplumber's lines rebuilt from its characters.

    Overprinted duplicates (fake bold) are merged first; a space is only inserted
    between characters where the gap is wider than the line's letter spacing by a word
    space and neither side is Chinese, so letter-spaced text (`焦 作 市`, `〔2 0 2 4〕`,
    x_tolerance's guess) stays whole. A space the PDF draws at the line's end is kept
    as `spaced` (the wrap fell on it).
    """
    page = page.dedupe_chars(tolerance=1)
    lines = []
    for line in page.extract_text_lines(return_chars=True, keep_blank_chars=True,
                                        x_tolerance_ratio=0.25, strip=False):
        chars = sorted(line["chars"], key=lambda c: c["x0"])
        visible = [k for k, c in enumerate(chars) if not c["text"].isspace()]
        if not visible:
            continue
        spaced = any(c["text"] == " " for c in chars[visible[-1] + 1:])
        chars = chars[visible[0]:visible[-1] + 1]
        gaps = [b["x0"] - a["x1"] for a, b in zip(chars, chars[1:]) if " " not in (a["text"], b["text"])]
        usual = statistics.median(gaps) if gaps else 0.0
        parts = []
        for prev, char in zip([None] + chars, chars):
            if prev is not None and char["text"] != " " and prev["text"] != " ":
                room = char["x0"] - prev["x1"] - usual
                if room > 0.25 * char["size"] and not (is_cjk(prev["text"]) or is_cjk(char["text"])):
                    parts.append(" ")
            parts.append(char["text"])
        size = statistics.median(c["size"] for c in chars)
        lines.append(TextLine("".join(parts), chars[0]["x0"], chars[-1]["x1"],
                              min(c["top"] for c in chars), max(c["bottom"] for c in chars), size, spaced))
    return lines


def has_images(page: pypdfium2.PdfPage) -> bool:
    return any(True for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=3))


# ---------------------------------------------------------------- layout


def reading_order(lines: list[TextLine]) -> list[TextLine]:
    """Top to bottom; pieces of one row (same height) left to right, joined."""
    rows: list[TextLine] = []
    for line in sorted(lines, key=lambda l: (l.top, l.x0)):
        row = rows[-1] if rows else None
        if row and same_row(row, line):
            gap = line.x0 - row.x1
            close = gap < 0.5 * line.size and (is_cjk(row.text[-1]) or is_cjk(line.text[0]))
            # pieces an OFD writer set side by side (a run, a character each): no room for a space
            touching = row.exact and line.exact and gap < 0.2 * line.size
            sep = " " if row.spaced or not (close or touching) else ""
            rows[-1] = TextLine(row.text + sep + line.text, row.x0, max(row.x1, line.x1),
                                min(row.top, line.top), max(row.bottom, line.bottom), max(row.size, line.size),
                                line.spaced, row.exact and line.exact)
        else:
            rows.append(line)
    return rows


def same_row(a: TextLine, b: TextLine) -> bool:
    overlap = min(a.bottom, b.bottom) - max(a.top, b.top)
    return b.x0 >= a.x1 - 1 and overlap > 0.6 * min(a.bottom - a.top, b.bottom - b.top)


def furniture_key(line: TextLine) -> tuple[str, int]:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", line.text)), round(line.top / 6)


def is_page_number(line: TextLine, neighbour: TextLine | None, pitch: float) -> bool:
    text = re.sub(r"\s+", "", line.text)
    if LABELLED_PAGE_NUMBER_RE.match(text):
        return True
    if not BARE_PAGE_NUMBER_RE.match(text):
        return False
    if neighbour is None:
        return True
    gap = abs(line.top - neighbour.top)
    return gap > 1.5 * pitch


def drop_furniture(pages: list[list[TextLine]]) -> list[list[TextLine]]:
    """Remove page numbers, then lines repeated at the same height on most pages."""
    pitch = typical_pitch(pages)
    numbered = []
    for lines in pages:
        kept = list(lines)
        if kept and is_page_number(kept[-1], kept[-2] if len(kept) > 1 else None, pitch):
            kept.pop()                        # the foot first, then the top
        if kept and is_page_number(kept[0], kept[1] if len(kept) > 1 else None, pitch):
            kept.pop(0)
        numbered.append(kept)
    candidates = Counter()
    for lines in numbered:
        edge = lines[:FURNITURE_LINES] + lines[-FURNITURE_LINES:]
        candidates.update({furniture_key(line) for line in edge})
    need = max(2, FURNITURE_SHARE * (len(pages) - 1))
    repeated = {key for key, n in candidates.items() if n >= need}
    out = []
    for lines in numbered:
        edge = set(map(id, lines[:FURNITURE_LINES] + lines[-FURNITURE_LINES:]))
        out.append([l for l in lines if not (id(l) in edge and furniture_key(l) in repeated)])
    return out


def typical_pitch(pages: list[list[TextLine]]) -> float:
    """The usual distance from one line to the next, over the whole document."""
    gaps = [b.top - a.top for lines in pages for a, b in zip(lines, lines[1:]) if b.top > a.top]
    return statistics.median(gaps) if gaps else 0.0


@dataclass
class TextBlock:
    """Where the body text runs: its margins and its usual font size."""

    left: float
    right: float
    size: float

    @classmethod
    def of(cls, pages: list[list[TextLine]]) -> TextBlock:
        """Margins where many lines start and end — not the extremes: a long URL or a
        title wider than the text block sticks out, and would make every other line
        look short or indented."""
        lines = [l for page in pages for l in page]
        if not lines:
            return cls(0.0, 0.0, 10.0)
        size = statistics.median(l.size for l in lines) or 10.0
        need = max(2, round(MARGIN_SHARE * len(lines)))
        left = common_edge(sorted(l.x0 for l in lines), 0.5 * size, need)
        right = -common_edge(sorted(-l.x1 for l in lines), 0.5 * size, need)
        return cls(left, right, size)

    def continues(self, line: TextLine, following: TextLine, next_page: bool = False) -> bool:
        """Whether `following` goes on with the paragraph of `line` (a layout wrap).

        `line` must reach the right margin; `following` must start at the left margin,
        or, for a title set larger than the body, be centred under it. On the next page
        (`next_page`: `following` opens the page after `line`'s) no gap can tell.
        """
        em = line.size or (line.bottom - line.top)
        carried = 1 if following.text[1:2] and following.text[1] in NO_LINE_START else 0
        full = line.x1 >= self.right - (FULL_LINE_SLACK + carried) * em
        similar = abs(following.size - line.size) <= 0.2 * max(line.size, following.size)
        close = next_page or following.top - line.bottom <= PARAGRAPH_GAP * (line.bottom - line.top)
        if close and not next_page and self.title_lines(line, following, em):
            return True
        if not (full and similar and close):
            return False
        if following.x0 <= self.left + INDENT_SLACK * em:
            return True
        return line.size > TITLE_SIZE * self.size and self.centred(line, em) and self.centred(following, em)

    def title_lines(self, line: TextLine, following: TextLine, em: float) -> bool:
        """Two lines of one title: set larger than the body, in one size, each centred
        (GB/T 9704 breaks a long title over centred lines, where it likes: between
        issuers, before `关于`), however short the first."""
        same_size = abs(following.size - line.size) <= 0.05 * line.size
        return (line.size > TITLE_SIZE * self.size and same_size
                and self.centred(line, em) and self.centred(following, em))

    def title_break(self, line: TextLine, following: TextLine) -> bool:
        """Two lines of one title where the first ends with a body's name: GB/T 9704
        breaks a title between its joint issuers (or before `关于`), and the break is
        kept as a space so that issuers set one a line stay apart, national bodies'
        names among them (`…财政局` / `国家医保局` / `民政部关于…`). The title itself is
        read without spaces."""
        em = line.size or (line.bottom - line.top)
        return ENDS_WITH_BODY_RE.search(line.text) is not None and self.title_lines(line, following, em)

    def centred(self, line: TextLine, em: float) -> bool:
        return abs((line.x0 - self.left) - (self.right - line.x1)) <= em


def common_edge(values: list[float], width: float, need: int) -> float:
    """The first of the sorted `values` with `need` values within `width` of it."""
    for v in values:
        if bisect.bisect_right(values, v + width) - bisect.bisect_left(values, v - width) >= need:
            return v
    return values[0]


def paragraphs(lines: list[TextLine], block: TextBlock) -> list[str]:
    """Join the lines the layout wrapped: a full line continues on the next."""
    out: list[str] = []
    previous: TextLine | None = None
    for line in lines:
        if previous is not None and block.continues(previous, line):
            spaced = previous.spaced or block.title_break(previous, line)
            out[-1] = glue(out[-1], line.text, spaced, previous.exact)
        else:
            out.append(line.text)
        previous = line
    return out


def glue(left: str, right: str, spaced: bool = False, exact: bool = False) -> str:
    a, b = left[-1:], right[:1]
    if spaced or (not exact and a.isascii() and a.isalnum() and b.isascii() and b.isalnum()):
        return left + " " + right
    return left + right


def assemble(pages: list[list[TextLine]]) -> tuple[str, list[int]]:
    pages = [reading_order(lines) for lines in pages]
    pages = drop_furniture(pages)
    block = TextBlock.of(pages)
    text, starts, last = "", [], None
    for lines in pages:
        page = "\n".join(paragraphs(lines, block))
        if last is not None and lines and block.continues(last, lines[0], next_page=True):
            # a paragraph the page break wrapped goes on at the top of the next page
            joined = glue(text, page, last.spaced, last.exact)
            starts.append(len(joined) - len(page))
            text = joined
        else:
            text += "\n" if starts else ""
            starts.append(len(text))
            text += page
        last = lines[-1] if lines else None
    return text, starts


# ---------------------------------------------------------------- reader


def read_pdf(data: bytes, path: Path, engine: str = DEFAULT_PDF_ENGINE) -> RawDocument:
    if engine not in ENGINES:
        raise ValueError(f"unknown PDF engine {engine!r}; choose one of {', '.join(ENGINES)}")
    document = open_pdf(data)
    plumber = None
    try:
        if engine == "pdfplumber":
            import pdfplumber

            plumber = pdfplumber.open(io.BytesIO(data))
        pages, scanned = [], []
        for i in range(len(document)):
            page = document[i]
            lines = pdfium_lines(page) if plumber is None else plumber_lines(plumber.pages[i])
            if not any(l.text.strip() for l in lines) and has_images(page):
                from pipeline.read.ocr import page_lines

                lines = page_lines(page)
                scanned.append(i + 1)
            pages.append(lines)
            page.close()
    finally:
        if plumber is not None:
            plumber.close()
        document.close()
    if not pages:
        raise ReadError("the PDF has no pages")
    text, starts = assemble(pages)
    warnings = []
    if scanned and len(scanned) < len(pages):
        warnings.append(f"pages {compact(scanned)} have no text layer and were read by OCR")
    if not text.strip():
        raise ReadError("the PDF has no text: no text layer and no scanned page images to read")
    return RawDocument(text=text, format="pdf", page_starts=starts, ocr=bool(scanned), warnings=warnings)


def compact(numbers: list[int]) -> str:
    """1, 2, 3, 5 → '1-3, 5'."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)
