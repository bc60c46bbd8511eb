"""Document fields: title, issuer, 文号, dates and recipients, from the front matter.

The front matter is the text before the first clause; the dates are looked for
in the whole text, since they stand after the body (落款, 版记).
"""
from __future__ import annotations

import re

from pipeline.model import DocumentMeta
from pipeline.extract.numerals import read_numeral
from pipeline.extract.references import YEAR_BRACKETS, normalise_number

# the kinds of document a title ends with (…的通知, …实施意见, …管理办法)
DOC_TYPES = ("通知", "意见", "办法", "规定", "方案", "措施", "决定", "细则", "规划", "通告",
             "公告", "批复", "函", "报告", "条例", "纲要", "计划", "指引", "指南", "要求",
             "规则", "制度", "守则", "准则", "公报", "令")
DOC_TYPE_END_RE = re.compile(rf"({'|'.join(DOC_TYPES)})([(（][^()（）]{{1,6}}[)）])?$")
PAGE_LABEL_RE = re.compile(r"文件$")              # 焦作市人民政府办公室文件: a masthead
ISSUER_LINE_RE = re.compile(r"^[\u4e00-\u9fff、 \u3000]{2,40}(政府|办公室|办公厅|局|委员会|委|厅|部|院|会|中心|协会)$")
OWN_NUMBER_RE = re.compile(rf"^(?P<prefix>[\u4e00-\u9fff]{{1,12}})\s*{YEAR_BRACKETS}\s*(?P<no>\d{{1,5}})\s*号$")
DECREE_RE = re.compile(r"^(?P<issuer>[\u4e00-\u9fff]{2,30})令$")
DECREE_NUMBER_RE = re.compile(r"^[（(]?\s*(?P<no>第\s*\d{1,5}\s*号)\s*[）)]?$")
CN_DATE_DIGITS = "〇○零一二三四五六七八九十"
DATE_RE = re.compile(
    rf"^(?P<y>\d{{4}}|[{CN_DATE_DIGITS}]{{4}})\s*年\s*(?P<m>\d{{1,2}}|[{CN_DATE_DIGITS}]{{1,2}})\s*月"
    rf"\s*(?P<d>\d{{1,2}}|[{CN_DATE_DIGITS}]{{1,3}})\s*日\s*(?P<printed>印发)?$"
)
RECIPIENTS_RE = re.compile(r"^(?P<who>[^：:。]{2,300})[：:]$")
SPACES_RE = re.compile(r"[ \u3000\t]+")


def iso_date(m: re.Match) -> str:
    y, mo, d = (int(read_numeral(m.group(g))) for g in ("y", "m", "d"))
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return ""
    return f"{y:04d}-{mo:02d}-{d:02d}"


def find_title(lines: list[str]) -> str:
    for i, line in enumerate(lines):
        if "关于" not in line or PAGE_LABEL_RE.search(line):
            continue
        title = line
        # a title the layout broke over two lines (国务院办公厅关于推进 / 政务新媒体…的意见)
        if not DOC_TYPE_END_RE.search(line) and i + 1 < len(lines) and DOC_TYPE_END_RE.search(lines[i + 1]):
            title = line + lines[i + 1]
        # an issuer line above a title starting with 关于
        if line.startswith("关于") and i > 0 and ISSUER_LINE_RE.match(lines[i - 1]):
            title = lines[i - 1] + title
        if DOC_TYPE_END_RE.search(title):
            return SPACES_RE.sub("", title)
    candidates = [ln for ln in lines if DOC_TYPE_END_RE.search(ln) and not DECREE_RE.match(ln)
                  and len(ln) <= 80 and "。" not in ln]
    if candidates:
        return SPACES_RE.sub("", candidates[-1])
    return ""


def find_issuer(title: str, lines: list[str]) -> str:
    head = title.split("关于", 1)[0] if "关于" in title else ""
    if head:
        return head
    for line in lines:
        m = DECREE_RE.match(line)
        if m:
            return m.group("issuer")
    for line in lines:
        if PAGE_LABEL_RE.search(line) and len(line) <= 40:
            return SPACES_RE.sub("", line[:-2])
    return ""


def find_doc_number(lines: list[str]) -> str:
    for i, line in enumerate(lines):
        m = OWN_NUMBER_RE.match(SPACES_RE.sub("", line))
        if m:
            return normalise_number(m.group("prefix"), m.group("year"), m.group("no"))
        d = DECREE_RE.match(line)
        if d and i + 1 < len(lines):
            n = DECREE_NUMBER_RE.match(lines[i + 1])
            if n:
                return line + SPACES_RE.sub("", n.group("no"))
    return ""


def find_recipients(lines: list[str]) -> str:
    for line in lines:
        m = RECIPIENTS_RE.match(line)
        if m and ("，" in line or "、" in line or line.startswith("各")):
            return m.group("who")
    return ""


def extract_metadata(text: str, body_start: int) -> DocumentMeta:
    """The document's fields; `body_start` is where its first clause begins."""
    front = [ln.strip() for ln in text[:body_start].split("\n") if ln.strip()]
    title = find_title(front)
    meta = DocumentMeta(title=title, issuer=find_issuer(title, front),
                        doc_number=find_doc_number(front), recipients=find_recipients(front))
    for line in lines_holding(text, "日"):     # a date's line holds 日 (few lines do)
        m = DATE_RE.match(SPACES_RE.sub("", line.strip()))
        if not m:
            continue
        if m.group("printed"):
            meta.printed_date = meta.printed_date or iso_date(m)
        else:
            meta.signed_date = meta.signed_date or iso_date(m)
    return meta


def lines_holding(text: str, char: str):
    """The lines of `text` that hold `char`, in order: found from each `char`, without
    a loop over every line."""
    pos = text.find(char)
    while pos >= 0:
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        yield text[text.rfind("\n", 0, pos) + 1:end]
        pos = text.find(char, end)


def place_names(meta: DocumentMeta) -> tuple[str, ...]:
    """The place the issuer names (焦作 in 焦作市人民政府办公室), for unit names."""
    m = re.match(r"([\u4e00-\u9fff]{2,3}?)[省市县区]", meta.issuer or meta.title)
    return (m.group(1),) if m else ()
