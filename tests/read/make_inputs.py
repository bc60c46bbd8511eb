"""Real input files made from the texts in data/raw/, for the reader tests and the bench.

Each builder renders the same `Source` — the text's paragraphs with the Markdown debris
gone and the paragraphs that the original's page breaks cut (`市财政` / `局〔国资委〕`)
known — with a real tool: reportlab with an embedded TrueType CJK font for PDFs (laid
out as GB/T 9704 lays out an official document: 16 pt body, first-line indent, justified
lines, a running header, `— N —` page numbers), python-docx with real Word list
numbering in numbering.xml, hand-written HTML encoded as GBK, and pypdfium2 + Pillow for
a scanned PDF. Each builder returns what a reader should give back.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
RAW = REPO / "data" / "raw"

# TrueType CJK fonts reportlab can embed (fonts-wqy-zenhei, fonts-wqy-microhei)
FONT_FILES = (
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
)
FONT_NAME = "WenQuanYiZenHei"

PAGE_W, PAGE_H = 595.28, 841.89          # A4 in points
LEFT, TEXT_W = 73.6, 448.0               # 28 characters of 16 pt on a line
TOP, BOTTOM = 105.0, 99.0                # GB/T 9704 margins: 37 mm top, 35 mm bottom
BODY_SIZE, PITCH = 16.0, 28.0            # 三号 body, ~22 lines a page
HEADER_SIZE, NUMBER_SIZE = 10.5, 14.0

MARKDOWN_RE = re.compile(r"^\s*(#{1,6}\s*)+|\*\*")
RULE_RE = re.compile(r"^\s*([-*_=]\s*){3,}$")
CN = "一二三四五六七八九十"
# marker families as the pipeline's segmenter ranks them: (pattern, list level)
MARKERS = (
    (re.compile(rf"^([{CN}]+)、"), 0),
    (re.compile(rf"^（([{CN}]+)）"), 1),
    (re.compile(r"^(\d{1,2})([.．])\s?"), 2),
    (re.compile(r"^（(\d{1,2})）"), 3),
)
DOC_NUMBER_RE = re.compile(r"〔\d{4}〕\d+号$")
DATE_RE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日")
ENDS_SENTENCE = "。；！？…）)」”"
SENTENCE_MARKS = "，。；、"
CUT_MARKS = "、，（《“"          # marks a paragraph cannot end on


@dataclass
class Paragraph:
    parts: list[str]        # pieces the original's page breaks cut the paragraph into
    role: str               # banner | center | title | heading | body | right

    @property
    def text(self) -> str:
        return "".join(self.parts)


@dataclass
class Source:
    name: str
    paragraphs: list[Paragraph]

    @property
    def doc_number(self) -> str:
        return next((p.text for p in self.paragraphs if p.role == "center"), "")


def font_file() -> str | None:
    return next((f for f in FONT_FILES if Path(f).exists()), None)


def is_cut(paragraph: str, following: str) -> bool:
    """The original's page break cut `paragraph`: it stops mid-sentence, and `following`
    is no new clause (`市财政` / `局〔国资委〕`, `（责任单位：` / `市人力…`). A page break
    cuts running text: a line with no sentence's punctuation that does not stop on a
    mark (a title, a header field, a web address, a signature) is a paragraph of its own."""
    if len(paragraph) < 40 or any(p.match(following) for p, _ in MARKERS):
        return False
    if not any(mark in paragraph for mark in SENTENCE_MARKS) and paragraph[-1] not in CUT_MARKS:
        return False
    if paragraph.endswith("："):
        return paragraph.count("（") > paragraph.count("）")
    return paragraph[-1] not in ENDS_SENTENCE


def load_source(name: str) -> Source:
    lines = []
    for line in (RAW / name).read_text(encoding="utf-8").splitlines():
        if RULE_RE.match(line):
            continue
        line = MARKDOWN_RE.sub("", line).strip(" \u3000")
        if line:
            lines.append(line)
    paragraphs: list[Paragraph] = []
    for line in lines:
        if paragraphs and is_cut(paragraphs[-1].parts[-1], line):
            paragraphs[-1].parts.append(line)
            continue
        paragraphs.append(Paragraph([line], role_of(line, len(paragraphs), lines)))
    return Source(name=Path(name).stem, paragraphs=paragraphs)


def role_of(line: str, index: int, lines: list[str]) -> str:
    if index == 0 and len(line) <= 20:
        return "banner"
    if DOC_NUMBER_RE.search(line) and len(line) <= 20:
        return "center"
    if index <= 3 and "关于" in line and len(line) <= 60:
        return "title"
    if MARKERS[0][0].match(line):
        return "heading"
    if DATE_RE.match(line) and len(line) <= 12:
        return "right"
    following = lines[lines.index(line) + 1] if line in lines[:-1] else ""
    if len(line) <= 15 and "，" not in line and DATE_RE.match(following):
        return "right"                                  # the issuer above the date
    return "body"


# ---------------------------------------------------------------- PDF

PAGE_NUMBER_STYLES = {
    "dash": "— {n} —",
    "hyphen": "-{n}-",
    "of": "第{n}页 共{total}页",
    "bare": "{n}",
}


@dataclass
class Line:
    text: str
    x: float
    size: float
    char_space: float = 0.0
    bold: bool = False            # drawn twice, offset: the duplicated characters of fake bold
    page_break_before: bool = False


def width(text: str, size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(text, FONT_NAME, size)


def wrap(text: str, size: float, first_width: float, other_width: float) -> list[str]:
    """Greedy line breaking; runs of Latin letters and digits stay on one line."""
    tokens = re.findall(r"[A-Za-z0-9.%@_/:-]+|.", text)
    lines, current = [], ""
    for token in tokens:
        limit = other_width if lines else first_width
        if current and width(current + token, size) > limit:
            lines.append(current)
            current = token.lstrip()
        else:
            current += token
    if current:
        lines.append(current)
    return lines


def body_lines(parts: list[str], size: float, indent: float, bold: bool) -> list[Line]:
    out = []
    for k, part in enumerate(parts):
        first_indent = indent if k == 0 else 0.0      # a cut part continues at the margin
        wrapped = wrap(part, size, TEXT_W - first_indent, TEXT_W)
        for i, text in enumerate(wrapped):
            x = LEFT + (first_indent if i == 0 else 0.0)
            space = 0.0
            if i < len(wrapped) - 1 and len(text) > 1:    # justified, as Word sets it
                space = (LEFT + TEXT_W - x - width(text, size)) / (len(text) - 1)
            out.append(Line(text, x, size, space, bold, page_break_before=(k > 0 and i == 0)))
    return out


def layout(source: Source) -> list[Line]:
    lines: list[Line] = []
    for p in source.paragraphs:
        if p.role == "banner":
            # the red masthead: large and letter-spaced
            size, space = 24.0, 8.0
            w = width(p.text, size) + space * (len(p.text) - 1)
            lines.append(Line(p.text, LEFT + (TEXT_W - w) / 2, size, space))
        elif p.role in ("center", "title"):
            size = 20.0 if p.role == "title" else BODY_SIZE
            # the original broke its title where the text has spaces
            pieces = p.text.split() if p.role == "title" else [p.text]
            for piece in (line for piece in pieces for line in wrap(piece, size, TEXT_W, TEXT_W)):
                lines.append(Line(piece, LEFT + (TEXT_W - width(piece, size)) / 2, size))
        elif p.role == "right":
            lines.append(Line(p.text, LEFT + TEXT_W - width(p.text, BODY_SIZE) - 2 * BODY_SIZE, BODY_SIZE))
        else:
            lines.extend(body_lines(p.parts, BODY_SIZE, 2 * BODY_SIZE, p.role == "heading"))
    return lines


@dataclass
class RenderedPdf:
    path: Path
    pages: list[str]          # the body text on each page (no header, no page number)
    header: str


def render_pdf(source: Source, path: Path, *, number_style: str = "dash", header: str | None = None,
               repeat: int = 1, encrypt: str | None = None) -> RenderedPdf:
    """An official document as a PDF; `repeat` lays the text out that many times (bench)."""
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas

    if FONT_NAME not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT_NAME, font_file(), subfontIndex=0))
    header = source.doc_number if header is None else header
    lines = layout(source) * repeat
    # paginate first: the `of` page-number style needs the page count
    pages: list[list[tuple[Line, float]]] = [[]]
    y = PAGE_H - TOP
    for line in lines:
        if line.page_break_before or y - line.size < BOTTOM:
            if pages[-1]:
                pages.append([])
            y = PAGE_H - TOP
        pages[-1].append((line, y - line.size))
        y -= max(PITCH, line.size * 1.75)
    canvas = Canvas(str(path), pagesize=(PAGE_W, PAGE_H),
                    encrypt=StandardEncryption(encrypt, canPrint=0) if encrypt else None)
    canvas.setTitle(source.name)
    expected = []
    for number, page in enumerate(pages, 1):
        if number > 1 and header:            # no running header on the first page
            canvas.setFont(FONT_NAME, HEADER_SIZE)
            canvas.drawCentredString(PAGE_W / 2, PAGE_H - 62, header)
            canvas.line(LEFT, PAGE_H - 68, LEFT + TEXT_W, PAGE_H - 68)
        for line, baseline in page:
            for dx in (0.0, 0.35) if line.bold else (0.0,):
                text = canvas.beginText(line.x + dx, baseline)
                text.setFont(FONT_NAME, line.size)
                text.setCharSpace(line.char_space)
                text.textOut(line.text)
                canvas.drawText(text)
        label = PAGE_NUMBER_STYLES[number_style].format(n=number, total=len(pages))
        canvas.setFont(FONT_NAME, NUMBER_SIZE)
        # GB/T 9704: odd page numbers to the right, even ones to the left
        if number % 2:
            canvas.drawRightString(LEFT + TEXT_W - NUMBER_SIZE, 60, label)
        else:
            canvas.drawString(LEFT + NUMBER_SIZE, 60, label)
        canvas.showPage()
        expected.append("".join(line.text for line, _ in page))
    canvas.save()
    return RenderedPdf(path=path, pages=expected, header=header)


def render_scanned_pdf(pdf: Path, path: Path, dpi: int = 300, pages: int | None = None) -> None:
    """A scan: each page rendered to a greyscale image, the images wrapped in a new PDF."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf))
    images = []
    for i in range(len(document) if pages is None else pages):
        bitmap = document[i].render(scale=dpi / 72, grayscale=True)
        images.append(bitmap.to_pil().convert("L"))
    document.close()
    images[0].save(path, "PDF", resolution=dpi, save_all=True, append_images=images[1:])


# ---------------------------------------------------------------- Word

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
ABSTRACT_ID = 90
# list level → (numFmt, typed marker of the number, how the level restarts)
LEVEL_FORMATS = {0: "chineseCounting", 1: "chineseCounting", 2: "decimal", 3: "decimal"}


def cn_number(n: int) -> str:
    if n <= 10:
        return " 一二三四五六七八九十"[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN[tens - 1]) + "十" + ("" if not ones else CN[ones - 1])


def marker_of(text: str) -> tuple[int, int, str, str] | None:
    """(level, number, lvlText, text after the marker) of a paragraph's typed marker."""
    for pattern, level in MARKERS:
        m = pattern.match(text)
        if not m:
            continue
        digits = m.group(1)
        number = int(digits) if digits.isdigit() else next(
            (n for n in range(1, 100) if cn_number(n) == digits), 0)
        written = m.group(0).rstrip()
        lvl_text = written.replace(digits, f"%{level + 1}", 1)
        return level, number, lvl_text, text[m.end():]
    return None


def render_docx(source: Source, path: Path, *, lvl_restart: bool = True) -> str:
    """A Word file whose clause markers are Word's own list numbering.

    The level texts (`%1、`, `（%2）`, `%3.`) come from the document's first marker of
    each family; a level that the text numbers straight through higher levels (Jiaozuo's
    1–18 under 一、…五、) gets lvlRestart 0 (unless `lvl_restart` is False: LibreOffice
    ignores it, so its cross-check uses start overrides instead); a number that breaks the count gets a new
    list instance with a startOverride, as Word's "set numbering value" makes; a marker
    in another style than its level's stays typed. Returns the text a reader should give.
    """
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    markers = [(i, marker_of(p.text)) for i, p in enumerate(source.paragraphs)
               if p.role in ("heading", "body")]
    markers = [(i, m) for i, m in markers if m]
    level_text: dict[int, str] = {}
    for _, (level, _, lvl_text, _) in markers:
        level_text.setdefault(level, lvl_text)
    straight = {level for level in level_text if lvl_restart and straight_through(level, markers)}

    numbering = document.part.numbering_part.element
    levels = "".join(
        f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/>'
        f'<w:numFmt w:val="{LEVEL_FORMATS[level]}"/>'
        + ('<w:lvlRestart w:val="0"/>' if level in straight else "")
        + f'<w:lvlText w:val="{lvl_text}"/><w:suff w:val="nothing"/>'
        f'<w:lvlJc w:val="left"/><w:pPr><w:ind w:firstLine="640"/></w:pPr></w:lvl>'
        for level, lvl_text in sorted(level_text.items())
    )
    abstract = parse_xml(
        f'<w:abstractNum xmlns:w="{W_NS}" w:abstractNumId="{ABSTRACT_ID}">'
        f'<w:multiLevelType w:val="multilevel"/>{levels}</w:abstractNum>'
    )
    first_num = numbering.find(f"{{{W_NS}}}num")
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    next_num_id = 900

    def new_num(start_level: int | None = None, start: int = 1) -> int:
        nonlocal next_num_id
        next_num_id += 1
        override = (f'<w:lvlOverride w:ilvl="{start_level}"><w:startOverride w:val="{start}"/>'
                    "</w:lvlOverride>" if start_level is not None else "")
        numbering.append(parse_xml(
            f'<w:num xmlns:w="{W_NS}" w:numId="{next_num_id}">'
            f'<w:abstractNumId w:val="{ABSTRACT_ID}"/>{override}</w:num>'))
        return next_num_id

    num_id = new_num()
    counters: dict[int, int] = {}
    expected = []
    numbered = dict(markers)
    for i, p in enumerate(source.paragraphs):
        expected.append(p.text)
        marker = numbered.get(i)
        if not marker or marker[2] != level_text[marker[0]]:
            document.add_paragraph(p.text)
            continue
        level, number, _, rest = marker
        if counters.get(level, 0) + 1 != number:
            num_id = new_num(level, number)
            counters[level] = number
        else:
            counters[level] = number
        for deeper in list(counters):
            if deeper > level and deeper not in straight:
                del counters[deeper]
        paragraph = document.add_paragraph(rest)
        num_pr = parse_xml(
            f'<w:numPr xmlns:w="{W_NS}"><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>')
        paragraph._p.get_or_add_pPr().insert(0, num_pr)
    if source.paragraphs and len(source.paragraphs) > 3:
        add_table(document)
        expected.append("附件\t联系单位\n1\t焦作市工业和信息化局")
    document.save(str(path))
    return "\n".join(expected)


def numbered_docx(path: Path, levels: list[tuple[str, str]], items: list[tuple[int, str, int]],
                  overrides: dict[int, dict[int, int]] | None = None, restart: dict[int, int] | None = None) -> None:
    """A small Word file with one list definition: `levels` are (numFmt, lvlText) per
    level, `items` are (level, text, numId) paragraphs, `overrides` numId → {level:
    startOverride}, `restart` level → lvlRestart."""
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    numbering = document.part.numbering_part.element
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        + (f'<w:lvlRestart w:val="{restart[i]}"/>' if restart and i in restart else "")
        + f'<w:lvlText w:val="{text}"/></w:lvl>'
        for i, (fmt, text) in enumerate(levels)
    )
    abstract = parse_xml(f'<w:abstractNum xmlns:w="{W_NS}" w:abstractNumId="{ABSTRACT_ID}">{lvls}</w:abstractNum>')
    first_num = numbering.find(f"{{{W_NS}}}num")
    first_num.addprevious(abstract) if first_num is not None else numbering.append(abstract)
    for num_id in sorted({n for _, _, n in items}):
        override = "".join(
            f'<w:lvlOverride w:ilvl="{lvl}"><w:startOverride w:val="{start}"/></w:lvlOverride>'
            for lvl, start in (overrides or {}).get(num_id, {}).items())
        numbering.append(parse_xml(f'<w:num xmlns:w="{W_NS}" w:numId="{num_id}">'
                                   f'<w:abstractNumId w:val="{ABSTRACT_ID}"/>{override}</w:num>'))
    for level, text, num_id in items:
        paragraph = document.add_paragraph(text)
        paragraph._p.get_or_add_pPr().insert(0, parse_xml(
            f'<w:numPr xmlns:w="{W_NS}"><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))
    document.save(str(path))


def straight_through(level: int, markers) -> bool:
    """Whether the text numbers `level` on across a higher level's new item."""
    last, crossed = 0, False
    for _, (lvl, number, _, _) in markers:
        if lvl < level:
            crossed = last > 0
        elif lvl == level:
            if crossed:
                return number == last + 1
            last = number
    return False


def add_table(document) -> None:
    table = document.add_table(rows=2, cols=2)
    for r, row in enumerate((("附件", "联系单位"), ("1", "焦作市工业和信息化局"))):
        for c, value in enumerate(row):
            table.cell(r, c).text = value


# ---------------------------------------------------------------- HTML

def source_wrap(text: str) -> int | None:
    """Where an editor's wrap could fall: between two Chinese characters, past the 10th."""
    return next((k for k in range(10, len(text)) if "\u4e00" <= text[k - 1] <= "\u9fff"
                 and "\u4e00" <= text[k] <= "\u9fff"), None)


def render_html(source: Source, path: Path, encoding: str = "gbk") -> str:
    """A government site's article page: navigation, header, share bar, footer and
    scripts around the body, declared and encoded as `encoding`."""
    title = next((p.text for p in source.paragraphs if p.role == "title"), source.name)
    body = []
    for i, p in enumerate(source.paragraphs):
        if len(p.parts) > 1:
            # copied from a PDF: the page break is a <br> inside the paragraph
            body.append("<p>" + "<br/>\n".join(p.parts) + "</p>")
        elif i % 2 and (cut := source_wrap(p.text)):
            # indented with &nbsp; and wrapped in the HTML source between two characters
            body.append(f"<p>&nbsp;&nbsp;&nbsp;&nbsp;{p.text[:cut]}\n  {p.text[cut:]}</p>")
        else:
            body.append(f'<p style="text-indent:2em">{p.text}</p>')
    body = "\n".join(body)
    page = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset={encoding}" />
<title>{title}_焦作市人民政府</title>
<link rel="stylesheet" href="/css/style.css" />
<style>.nav li {{ float: left; }} .zoom p {{ line-height: 2; }}</style>
<script type="text/javascript">var _hmt = _hmt || []; document.write("统计代码");</script>
</head>
<body>
<div class="top"><div class="logo">焦作市人民政府门户网站</div>
<div class="search"><form action="/search"><input type="text" value="请输入关键字"/></form></div></div>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li>
<li><a href="/zwfw/">政务服务</a></li><li><a href="/hdjl/">互动交流</a></li></ul></div>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 政策文件</div>
<div class="main">
  <div class="sidebar"><h3>热点专题</h3><ul><li>优化营商环境专题</li><li>万人助万企</li><li>疫情防控</li></ul></div>
  <div class="article">
    <h1 class="title">{title}</h1>
    <div class="info">发布时间：2022-05-06 来源：市政府办公室 【字体：<a>大</a> <a>中</a> <a>小</a>】 <a href="javascript:window.print()">打印</a></div>
    <div id="zoom" class="zoom"><div class="TRS_Editor">
{body}
    </div></div>
    <div class="bdsharebuttonbox">分享到：<a class="bds_weixin">微信</a><a class="bds_tsina">新浪微博</a></div>
    <div class="related"><h4>相关文件</h4><ul><li>焦作市人民政府关于进一步优化营商环境的意见</li></ul></div>
  </div>
</div>
<div class="footer"><p>主办单位：焦作市人民政府办公室 承办单位：焦作市大数据局</p>
<p>网站标识码：4108000001 豫ICP备05009051号 豫公网安备 41080202000012号</p></div>
<script>document.getElementById("zoom").style.fontSize = "16px"; /* 字体大小 */</script>
</body>
</html>
"""
    path.write_bytes(page.encode(encoding, errors="xmlcharrefreplace"))
    return "\n".join(p.text for p in source.paragraphs)


# ---------------------------------------------------------------- LibreOffice

def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_with_soffice(path: Path, to: str, out_dir: Path) -> Path:
    """`soffice --headless --convert-to`, with a private profile so runs do not collide."""
    profile = out_dir / "lo-profile"
    subprocess.run(
        [soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless",
         "--convert-to", to, "--outdir", str(out_dir), str(path)],
        check=True, capture_output=True, timeout=180,
    )
    return out_dir / f"{path.stem}.{to.split(':')[0]}"


def render_soffice_pdf(source: Source, path: Path) -> str:
    """A PDF as LibreOffice exports it: the Word file `render_docx` makes, converted by
    `soffice`. LibreOffice sets the curly quotes of Chinese text in another font and
    draws them after the run around them. Returns the text a reader should give."""
    docx_path = path.with_suffix(".docx")
    # LibreOffice ignores lvlRestart: the numbering is made with start overrides
    text = render_docx(source, docx_path, lvl_restart=False)
    converted = convert_with_soffice(docx_path, "pdf", path.parent / f"{path.stem}-lo")
    converted.replace(path)
    return text


def strip_space(text: str) -> str:
    return re.sub(r"\s+", "", text)


CJK_SPACE_RE = re.compile(r"[\u4e00-\u9fff] +[\u4e00-\u9fff]")


def untyped_spaces(text: str, typed: str) -> set[str]:
    """The spaces between two Chinese characters in `text` that the document as typed
    (`typed`) does not hold: letter-spaced type or a reader's debris."""
    return {m[0] for m in CJK_SPACE_RE.finditer(text)} - {m[0] for m in CJK_SPACE_RE.finditer(typed)}


def pdf_bytes(source: Source, **options) -> bytes:
    """A rendered PDF's bytes, for tests that cut or alter them."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{source.name}.pdf"
        render_pdf(source, path, **options)
        return path.read_bytes()


__all__ = ["Source", "load_source", "render_pdf", "render_scanned_pdf", "render_docx", "numbered_docx",
           "render_html", "convert_with_soffice", "soffice", "render_soffice_pdf", "font_file", "strip_space",
           "pdf_bytes"]


# ---------------------------------------------------------------- WPS


def render_wps(source: Source, path: Path) -> str:
    """A WPS Writer file as offices write official documents in WPS: each paragraph's
    marker typed (`一、`, `（一）`), the file in the Word 97 binary format WPS saves `.wps`
    in, written by LibreOffice from a .docx. (Word list numbering is not used here:
    LibreOffice's Word 97 export renumbers some levels, a fault of the writing.)"""
    import docx

    document = docx.Document()
    for p in source.paragraphs:
        document.add_paragraph(p.text)
    typed = path.with_suffix(".docx")
    document.save(str(typed))
    convert_with_soffice(typed, "doc", path.parent).rename(path)
    return "\n".join(p.text for p in source.paragraphs)


# ---------------------------------------------------------------- OFD

OFD_NS = "http://www.ofdspec.org/2016"
MM_PER_PT = 25.4 / 72


def advance(ch: str, size: float) -> float:
    """A character's width as a CJK font sets it: full width, or half for Latin and digits."""
    return size / 2 if ch.isascii() else size


def monospace_wrap(text: str, size: float, first_width: float, other_width: float) -> list[str]:
    lines, current, used = [], "", 0.0
    for ch in text:
        limit = other_width if lines else first_width
        if current and used + advance(ch, size) > limit:
            lines.append(current)
            current, used = "", 0.0
        current += ch
        used += advance(ch, size)
    if current:
        lines.append(current)
    return lines


def ofd_layout(source: Source) -> list[Line]:
    """The GB/T 9704 layout of `layout`, with widths from character classes (no font file
    needed): masthead and title centred, body indented two characters and justified."""
    lines: list[Line] = []
    for p in source.paragraphs:
        if p.role in ("banner", "center", "title"):
            size = {"banner": 24.0, "title": 20.0}.get(p.role, BODY_SIZE)
            pieces = p.text.split() if p.role == "title" else [p.text]
            for piece in (line for piece in pieces for line in monospace_wrap(piece, size, TEXT_W, TEXT_W)):
                w = sum(advance(ch, size) for ch in piece)
                lines.append(Line(piece, LEFT + (TEXT_W - w) / 2, size))
        elif p.role == "right":
            w = sum(advance(ch, BODY_SIZE) for ch in p.text)
            lines.append(Line(p.text, LEFT + TEXT_W - w - 2 * BODY_SIZE, BODY_SIZE))
        else:
            for k, part in enumerate(p.parts):
                indent = 2 * BODY_SIZE if k == 0 else 0.0
                wrapped = monospace_wrap(part, BODY_SIZE, TEXT_W - indent, TEXT_W)
                for i, text in enumerate(wrapped):
                    x = LEFT + (indent if i == 0 else 0.0)
                    space = 0.0
                    if i < len(wrapped) - 1 and len(text) > 1:
                        space = (LEFT + TEXT_W - x - sum(advance(ch, BODY_SIZE) for ch in text)) / (len(text) - 1)
                    lines.append(Line(text, x, BODY_SIZE, space, page_break_before=(k > 0 and i == 0)))
    return lines


def render_ofd(source: Source, path: Path) -> str:
    """An official document as an OFD package (GB/T 33190): each line a TextObject placed
    in millimetres, with a running header from page 2 and a `— N —` page number.
    Returns the text a reader should give back (the paragraphs)."""
    pages: list[list[tuple[Line, float]]] = [[]]
    y = TOP
    for line in ofd_layout(source):
        if line.page_break_before or y + line.size > PAGE_H - BOTTOM:
            if pages[-1]:
                pages.append([])
            y = TOP
        pages[-1].append((line, y + line.size))
        y += max(PITCH, line.size * 1.75)
    runs = []
    for number, page in enumerate(pages, 1):
        placed = []
        if number > 1 and source.doc_number:
            w = sum(advance(ch, HEADER_SIZE) for ch in source.doc_number)
            placed.append(Run(source.doc_number, (PAGE_W - w) / 2, 72, HEADER_SIZE))
        placed += [Run(line.text, line.x, baseline, line.size, line.char_space) for line, baseline in page]
        placed.append(Run(f"— {number} —", LEFT + TEXT_W - 5 * NUMBER_SIZE if number % 2 else LEFT + NUMBER_SIZE,
                          PAGE_H - 60, NUMBER_SIZE))
        runs.append(placed)
    write_ofd(runs, path, source.name)
    return "\n".join(p.text for p in source.paragraphs)


@dataclass
class Run:
    """A TextObject: `text` at `x`, `baseline`, `size` in points from the page's top-left
    corner, each character's advance widened by `char_space`."""
    text: str
    x: float
    baseline: float
    size: float
    char_space: float = 0.0


def write_ofd(pages: list[list[Run]], path: Path, title: str = "") -> None:
    """An OFD package of these pages: OFD.xml, Document.xml and a Content.xml per page,
    each run a TextObject with one TextCode and its DeltaX; built with lxml and zipfile."""
    import zipfile

    from lxml import etree

    def el(parent, name, text=None, **attrs):
        node = etree.SubElement(parent, f"{{{OFD_NS}}}{name}", {k: str(v) for k, v in attrs.items()})
        if text is not None:
            node.text = text
        return node

    def root(name):
        return etree.Element(f"{{{OFD_NS}}}{name}", nsmap={"ofd": OFD_NS})

    def text_object(layer, ident, run: Run):
        mm, size = MM_PER_PT, run.size
        w = sum(advance(ch, size) for ch in run.text) + run.char_space * (len(run.text) - 1)
        obj = el(layer, "TextObject", ID=ident, Font=2, Size=f"{size * mm:.4f}",
                 Boundary=f"{run.x * mm:.3f} {(run.baseline - size) * mm:.3f} {w * mm + 1:.3f} {size * 1.2 * mm:.3f}")
        deltas = " ".join(f"{(advance(ch, size) + run.char_space) * mm:.4f}" for ch in run.text[:-1])
        el(obj, "TextCode", run.text, X="0", Y=f"{size * mm:.4f}", DeltaX=deltas)

    ofd = root("OFD")
    ofd.set("Version", "1.0")
    ofd.set("DocType", "OFD")
    body = el(ofd, "DocBody")
    info = el(body, "DocInfo")
    el(info, "DocID", "0" * 32)
    el(info, "Title", title)
    el(body, "DocRoot", "Doc_0/Document.xml")
    document = root("Document")
    common = el(document, "CommonData")
    el(common, "MaxUnitID", str(10 * sum(len(p) + 2 for p in pages) + 10))
    area = el(common, "PageArea")
    el(area, "PhysicalBox", f"0 0 {PAGE_W * MM_PER_PT:.2f} {PAGE_H * MM_PER_PT:.2f}")
    el(common, "PublicRes", "PublicRes.xml")
    res = root("Res")
    res.set("BaseLoc", "Res")
    fonts = el(res, "Fonts")
    el(fonts, "Font", ID=2, FontName="SimSun", FamilyName="SimSun")
    listing = el(document, "Pages")
    parts = {"OFD.xml": ofd, "Doc_0/Document.xml": document, "Doc_0/PublicRes.xml": res}
    ident = 10
    for number, page in enumerate(pages):
        el(listing, "Page", ID=ident, BaseLoc=f"Pages/Page_{number}/Content.xml")
        content_page = root("Page")
        layer = el(el(content_page, "Content"), "Layer", ID=ident + 1, Type="Body")
        ident += 2
        for run in page:
            text_object(layer, ident, run)
            ident += 1
        parts[f"Doc_0/Pages/Page_{number}/Content.xml"] = content_page
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, tree in parts.items():
            archive.writestr(name, etree.tostring(tree, xml_declaration=True, encoding="UTF-8"))
