"""HTML: the article body of a page as government sites publish it.

The page is decoded by the charset its meta tag (or HTTP-equiv) declares — GBK and
GB2312 pages as GB18030, their superset — falling back to detection when there is no
declaration or the bytes do not fit it. Then the page's furniture goes (scripts,
styles, navigation, header, footer, share bars, sidebars), and the text comes from the
main content container: the first of the containers publishing systems name
(`TRS_Editor`, `zoom`, `article`, `content`, …) that holds real text, else the element
whose paragraphs hold the most Chinese. `<p>`, `<br>` and the other blocks are line
breaks; a wrap inside a paragraph in the HTML source is not.
"""
from __future__ import annotations

import re
from pathlib import Path

import lxml.html
from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from lxml import etree

from pipeline.model import RawDocument
from pipeline.read.errors import ReadError
from pipeline.read.pdf import is_cjk
from pipeline.read.text import decode

META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.I)
# declared charsets read as a superset that decodes every page declaring them
CHARSET_SUPERSETS = {
    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030",
    "gb_2312-80": "gb18030", "csgb2312": "gb18030", "euc-cn": "gb18030",
    "big5": "big5hkscs", "iso-8859-1": "cp1252", "latin1": "cp1252", "ascii": "utf-8",
}

# elements that are never the article
FURNITURE_TAGS = ("script", "style", "noscript", "template", "iframe", "nav", "header", "footer",
                  "aside", "form", "button", "select", "input", "textarea", "svg", "canvas", "object")
# class or id words of page furniture (matched against each word of the attribute)
FURNITURE_NAME_RE = re.compile(
    r"^(nav|navbar|menu|breadcrumbs?|crumbs?|position|location|share|bdshare\w*|bshare\w*|"
    r"footer|foot|copyright|header|topbar|sidebar|side|aside|related|relevant|comments?|"
    r"toolbar|tools|print|search|login|banner|logo|qrcode|ewm)([-_].*)?$",
    re.I,
)
# ids and classes content management systems give the article body, most specific first
CONTENT_NAMES = ("TRS_Editor", "UCAP-CONTENT", "zoom", "Zoom", "pages_content", "article-content",
                 "article_content", "artibody", "news_content", "newsContent", "content_text",
                 "xxgk_content", "article", "content", "main-content", "main_content", "detail")
# a container must hold at least this many Chinese characters to be the article
MIN_ARTICLE_CJK = 20

# a page nests its elements a few dozen deep; one nested deeper than this is broken
# markup (an unclosed <div> by the thousand), whose tree would take the walks below
# minutes and Python's recursion limit
MAX_DEPTH = 256

BLOCK_TAGS = {"p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li",
              "ul", "ol", "dl", "dt", "dd", "table", "tr", "blockquote", "pre", "center", "address",
              "figure", "figcaption", "hr", "tbody", "thead", "tfoot", "caption"}
CELL_TAGS = {"td", "th"}


def declared_charset(data: bytes) -> str | None:
    m = META_CHARSET_RE.search(data[:8192])
    if not m:
        return None
    name = m.group(1).decode("ascii").lower()
    return CHARSET_SUPERSETS.get(name, name)


def decode_html(data: bytes) -> str:
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return decode(data)                          # a byte-order mark outranks the meta tag
    charset = declared_charset(data)
    if charset:
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass                                     # a page that lies about its charset
    return decode(data)


def cjk_count(text: str) -> int:
    return sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")


def is_furniture(tag: Tag) -> bool:
    if tag.name in FURNITURE_TAGS:
        return True
    words = (tag.get("class") or []) + ([tag["id"]] if tag.get("id") else [])
    return any(FURNITURE_NAME_RE.match(w) for w in words)


def strip_furniture(root: Tag) -> None:
    for node in root.find_all(string=lambda s: isinstance(s, Comment)):
        node.extract()
    for tag in root.find_all(True):
        if not tag.decomposed and tag.name not in ("body", "html") and is_furniture(tag):
            tag.decompose()


def named_container(root: Tag) -> Tag | None:
    for name in CONTENT_NAMES:
        found = root.find_all(lambda t: t.get("id") == name or name in (t.get("class") or []))
        if name == "article":
            found += root.find_all("article")
        found = [t for t in found if cjk_count(t.get_text()) >= MIN_ARTICLE_CJK]
        if found:
            return max(found, key=lambda t: cjk_count(t.get_text()))
    return None


def densest_container(root: Tag) -> Tag:
    """The element whose own paragraphs (or <br>-broken lines) hold the most Chinese."""
    scores: dict[int, list] = {}

    def add(element: Tag | None, text: str) -> None:
        if element is not None:
            scores.setdefault(id(element), [0, element])[0] += cjk_count(text)

    for p in root.find_all("p"):
        add(p.parent, p.get_text())
    for parent in {id(br.parent): br.parent for br in root.find_all("br")}.values():
        add(parent, "".join(parent.find_all(string=True, recursive=False)))
    if not scores:
        return root
    return max(scores.values(), key=lambda item: item[0])[1]


def title_outside(root: Tag, container: Tag) -> str:
    """The page's headline, when the article container does not repeat it."""
    for h in root.find_all(["h1", "h2"]):
        text = h.get_text(" ", strip=True)
        if cjk_count(text) >= 4 and re.sub(r"\s", "", text) not in re.sub(r"\s", "", container.get_text()):
            return text
        if cjk_count(text) >= 4:
            return ""
    return ""


def block_text(root: Tag) -> str:
    """Text with a line break for each block and <br>, a tab between table cells."""
    parts: list[str] = []

    def walk(node) -> None:
        for child in node.children:
            if isinstance(child, Comment):
                continue
            if isinstance(child, NavigableString):
                parts.append(inline_text(str(child)))
            elif isinstance(child, Tag):
                if child.name == "br":
                    parts.append("\n")
                elif child.name in BLOCK_TAGS:
                    parts.append("\n")
                    walk(child)
                    parts.append("\n")
                elif child.name in CELL_TAGS:
                    parts.append("\t")
                    walk(child)
                else:
                    walk(child)

    walk(root)
    lines = []
    for line in "".join(parts).split("\n"):
        line = re.sub(r"[ \t]*\t[ \t]*", "\t", line).strip(" \t\u3000\u00a0")
        if line:
            lines.append(re.sub(r"(?<=\S) {2,}(?=\S)", " ", line))
    return "\n".join(lines)


def inline_text(text: str) -> str:
    """A text node as a browser lays it out: a wrap in the source is a space, none
    between two Chinese characters; runs of spaces collapse (&nbsp; stays)."""
    def wrap(m: re.Match) -> str:
        before = text[:m.start()][-1:]
        after = text[m.end():][:1]
        return "" if before and after and is_cjk(before) and is_cjk(after) else " "

    text = re.sub(r"[ \t\r]*\n[ \t\r\n]*", wrap, text)
    return re.sub(r"[ \t\r\f]+", " ", text)


def check_depth(html: str) -> None:
    """Raise where the page's elements nest deeper than `MAX_DEPTH`: measured on lxml's
    tree (C, a tenth of a second for 100,000 elements) before BeautifulSoup builds its own."""
    parser = lxml.html.HTMLParser(huge_tree=True, encoding="utf-8", no_network=True)
    try:
        root = lxml.html.document_fromstring(html.encode("utf-8", "surrogatepass"), parser=parser)
    except (etree.ParserError, ValueError):
        return                                      # nothing lxml can parse is deep
    depth = 0
    for event, _ in etree.iterwalk(root, events=("start", "end")):
        depth += 1 if event == "start" else -1
        if depth > MAX_DEPTH:
            raise ReadError(f"the page's elements nest more than {MAX_DEPTH} deep (unclosed tags?): "
                            "broken markup, not read")


def read_html(data: bytes, path: Path) -> RawDocument:
    if not data.strip():
        raise ReadError("the HTML file is empty")
    html = decode_html(data)
    check_depth(html)
    soup = BeautifulSoup(html, "lxml")
    root = soup.body or soup
    strip_furniture(root)
    container = named_container(root) or densest_container(root)
    text = block_text(container)
    title = title_outside(root, container)
    if title:
        text = f"{title}\n{text}"
    if not any(is_cjk(ch) for ch in text):
        raise ReadError("no Chinese text found in the page's body")
    return RawDocument(text=text, format="html")
