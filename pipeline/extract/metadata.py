"""Document fields: title, issuer, 文号, dates and recipients, wherever the layout puts them.

The front matter is the text before the first clause; the dates are looked for in the
whole text, since they stand after the body (落款, 版记). A scraped page often glues
several fields onto one line (`温岭市人民政府文件温政发〔2020〕57号温岭市人民政府关于…的若干意见
各镇人民政府，…：`, `苍南县人民政府2018年4月6日（此件公开发布）苍南县…管理办法`): the
front matter's lines are first cut into pieces where one field ends and the next begins.
Legal-database exports name the fields in header lines (`【发文字号】…`), which are read
there and are no part of the title.
"""
from __future__ import annotations

import re

from pipeline.extract.issuers import ISSUER_LINE_RE, ORG_SUFFIX, SPACES_RE, is_org_list, split_issuers
from pipeline.extract.numerals import read_numeral
from pipeline.extract.references import find_numbers, normalise_number
from pipeline.model import DocumentMeta

# the kinds of document a title ends with (…的通知, …实施意见, …管理办法, …政策清单)
DOC_TYPES = ("通知", "意见", "办法", "规定", "方案", "措施", "决定", "细则", "规划", "通告",
             "公告", "批复", "函", "报告", "条例", "纲要", "计划", "指引", "指南", "要求",
             "规则", "制度", "守则", "准则", "公报", "令", "清单")
DOC_TYPE_END_RE = re.compile(rf"({'|'.join(DOC_TYPES)})([(（][^()（）]{{1,6}}[)）])?$")
# where a 文号's prefix ends what comes before it on a glued line (…的实施意见国办发〔2020〕…,
# …人民政府文件温政发〔2020〕…)
BEFORE_NUMBER_RE = re.compile(rf"(?:{'|'.join(DOC_TYPES)}|文件)(?=[\u4e00-\u9fff]{{2}})")
# a title without 关于 that starts with its issuer (国务院办公厅转发…的通知)
TRANSMITTING_RE = re.compile(rf"^(?P<who>[\u4e00-\u9fff、 \u3000]{{2,60}}?{ORG_SUFFIX})(?:印发|转发|批转)")
MASTHEAD_RE = re.compile(r"^(?P<who>[\u4e00-\u9fff、“” \u3000]{0,80}?)\s*文件(?P<rest>.*)$")
DECREE_RE = re.compile(r"(?P<issuer>[\u4e00-\u9fff]{2,30}?)令\s*(?:[（(]\s*)?(?P<no>第\s*\d{1,5}\s*号)")
DECREE_LINE_RE = re.compile(r"^(?P<issuer>[\u4e00-\u9fff]{2,30})令$")
DECREE_NUMBER_RE = re.compile(r"^[（(]?\s*(?P<no>第\s*\d{1,5}\s*号)\s*[）)]?$")
STATE = "中华人民共和国"          # a decree's issuer is named without the state (国务院令)
CN_DATE_DIGITS = "〇○零一二三四五六七八九十"
DATE_RE = re.compile(
    rf"(?P<y>\d{{4}}|[{CN_DATE_DIGITS}]{{4}})\s*年\s*(?P<m>\d{{1,2}}|[{CN_DATE_DIGITS}]{{1,2}})\s*月"
    rf"\s*(?P<d>\d{{1,2}}|[{CN_DATE_DIGITS}]{{1,3}})\s*日")
# what may follow a signature's date on its line: a bracketed note (此件公开发布) and
# whatever the page glued after it, or a decree that was promulgated on that day
AFTER_SIGNED_DATE_RE = re.compile(
    r"^(?:$|[（(]|[^，。；]{0,40}令[（(]?第\s*\d{1,5}\s*号[）)]?\s*(?:公布|发布))")
PRINTED_RE = re.compile(r"\s*印发(?!的)")       # used with match(): anchored
SENTENCE_END_RE = re.compile(r"[。；！？]")
# the longest signature read before a date (four bodies' names), and after it
SIGNATURE_MAX = 100
# before a number that is cited, not the document's own: a sentence, or a cited title
CITING_RE = re.compile(r"[，。；：:]|》\s*[（(]?\s*$")
# a line that begins the recipients: who, up to the colon (各镇人民政府，市各有关单位：)
RECIPIENTS_RE = re.compile(r"^(?P<who>[^：:。《》“”]{2,300})[：:]")
# recipients glued after the title (…的若干意见各镇人民政府，…：)
TITLE_THEN_RECIPIENTS_RE = re.compile(rf"(?:{'|'.join(DOC_TYPES)})(?=各[^。：:]{{1,300}}[：:])")
# legal-database header lines: `【发布部门】…`, `【法宝引证码】…`, `原文链接：…`
# and the table a government site puts above a document, often run onto one line
# (`索引号：001… 发布机构：温岭市人民政府 成文日期：2020-06-01 文号：温政发〔2020〕57号`)
HEADER_RE = re.compile(r"^【(?P<key>[^】]{2,8})】\s*(?P<value>.*)$")
SITE_LABEL_RE = re.compile(r"(?P<key>[\u4e00-\u9fff]{2,5})[：:]")
HEADER_FIELDS = {"发布部门": "issuer", "制定机关": "issuer", "发布机构": "issuer", "发文机关": "issuer",
                 "发文字号": "doc_number", "文号": "doc_number",
                 "成文日期": "signed_date", "发布日期": "signed_date", "标题": "title"}
DATABASE_LINE_RE = re.compile(
    rf"^(【[^】]{{2,8}}】|原文链接|法宝引证码|索引号[：:]|(?:{'|'.join(HEADER_FIELDS)})[：:])")
HEADER_DATE_RE = re.compile(r"(?P<y>\d{4})\s*[.\-/年]\s*(?P<m>\d{1,2})\s*[.\-/月]\s*(?P<d>\d{1,2})")
# brackets of either width, for telling a title repeated in another rendering
WIDTHS = str.maketrans("()[]", "（）［］")


def iso_date(m: re.Match) -> str:
    y, mo, d = (int(read_numeral(m.group(g))) for g in ("y", "m", "d"))
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return ""
    return f"{y:04d}-{mo:02d}-{d:02d}"


def nospace(text: str) -> str:
    return SPACES_RE.sub("", text)


def own_number(line: str):
    """(文号, text before it, text after it) when the line holds the document's own
    number: one that is not cited in a sentence (nothing but a title, a masthead or an
    opening bracket before it on the line)."""
    for m in find_numbers(line):
        prefix, start = m.group("prefix"), m.start("prefix")
        cut = None
        for cut in BEFORE_NUMBER_RE.finditer(prefix):
            pass
        if cut:
            prefix, start = prefix[cut.end():], start + cut.end()
        before = line[:start]
        if CITING_RE.search(before):
            return None                 # a number cited in a sentence or after a title
        number = normalise_number(prefix, m.group("year"), m.group("no").replace("第", ""))
        after = line[m.end():].lstrip(" \u3000）)")
        return number, before.rstrip(" \u3000（("), after
    return None


def pieces_of(line: str) -> list[str]:
    """A front-matter line cut where a glued field ends: after a masthead, around the own
    文号, between a title and its recipients, after a signature's date."""
    out: list[str] = []
    m = MASTHEAD_RE.match(line)
    if m and m.group("rest") and is_org_list(m.group("who")):
        out.append(f"{m.group('who')}文件")
        line = m.group("rest")
    glued = TITLE_THEN_RECIPIENTS_RE.search(line) if "关于" in line else None
    parts = [line[:glued.end()], line[glued.end():]] if glued else [line]
    for part in parts:
        d = DATE_RE.search(part)
        if d and signature_date(part, d) and part[d.end():].strip():
            note = re.match(r"\s*[（(][^（()）]{1,12}[）)]", part[d.end():])
            cut = d.end() + (note.end() if note else 0)
            out += [part[:cut], part[cut:].strip()]
        else:
            out.append(part)
    return [p for p in (p.strip() for p in out) if p]


def signing_bodies(line: str, end: int) -> str:
    """The text before `end` back to the last sentence's end: who signs a date there.
    Looked for in a window, since a run-on line holds the whole document."""
    window = line[max(0, end - SIGNATURE_MAX):end]
    return SENTENCE_END_RE.split(window)[-1].strip()


def signature_date(line: str, m: re.Match) -> bool:
    """Whether the date `m` is a signature's (成文日期): alone on its line or after the
    signing body's name, followed by nothing, a bracketed note or a decree's number."""
    before = signing_bodies(line, m.start())
    after = line[m.end():m.end() + SIGNATURE_MAX].strip()
    if PRINTED_RE.match(after):
        return False
    return (not before or is_org_list(before)) and bool(AFTER_SIGNED_DATE_RE.match(after))


def labelled_values(line: str):
    """(label, value) of a header line: `【发文字号】…`, or each `label：value` of a site's
    table, the value running to the next label."""
    m = HEADER_RE.match(line)
    if m:
        yield m.group("key"), m.group("value").strip()
        return
    labels = list(SITE_LABEL_RE.finditer(line))
    for k, label in enumerate(labels):
        end = labels[k + 1].start() if k + 1 < len(labels) else len(line)
        yield label.group("key"), line[label.end():end].strip()


def header_fields(lines: list[str]) -> dict[str, str]:
    """The fields a legal database or a government site names in its header lines."""
    fields: dict[str, str] = {}
    for line in lines:
        for key, value in labelled_values(line):
            if key in HEADER_FIELDS and value:
                header_field(fields, HEADER_FIELDS[key], value)
    return fields


def header_field(fields: dict[str, str], field: str, value: str) -> None:
    """Keep the first value of a field, normalised as the table writes it."""
    if field == "signed_date":
        d = HEADER_DATE_RE.search(value) or DATE_RE.search(value)
        value = iso_date(d) if d else ""
    elif field == "doc_number":
        n = own_number(value)
        value = n[0] if n else nospace(value)
    elif field == "issuer":
        value = "、".join(split_issuers(value))
    if value:
        fields.setdefault(field, value)


def find_title(lines: list[str]) -> str:
    about = [i for i, line in enumerate(lines) if "关于" in line and not line.endswith("文件")]
    titles = []
    for i in about:
        line = lines[i]
        title = line
        # a title the layout broke over two lines (国务院办公厅关于推进 / 政务新媒体…的意见)
        if not DOC_TYPE_END_RE.search(line) and i + 1 < len(lines) and DOC_TYPE_END_RE.search(lines[i + 1]):
            title = line + lines[i + 1]
        # the issuers on lines of their own above it
        title = "".join(lines[issuers_above(lines, i):i]) + title
        if DOC_TYPE_END_RE.search(title):
            titles.append(nospace(title))
    if titles:
        # a database's header repeats the title in its own rendering (`(RCEP)` for
        # `（RCEP）`): the document's own line comes second
        if len(titles) > 1 and titles[0].translate(WIDTHS) == titles[1].translate(WIDTHS):
            return titles[1]
        return titles[0]
    for line in lines:
        if TRANSMITTING_RE.match(line) and DOC_TYPE_END_RE.search(line) and "。" not in line:
            return nospace(line)
    for i in range(len(lines) - 1, -1, -1):
        line = lines[i]
        if DOC_TYPE_END_RE.search(line) and not DECREE_LINE_RE.match(line) \
                and len(line) <= 80 and "。" not in line and not DATE_RE.search(line):
            # its first half on the line above: a phrase with no punctuation that is no
            # body's name, masthead or number (培育农业农村新动能 / 实施乡村振兴战略的若干政策意见)
            if i > 0 and is_title_half(lines[i - 1]):
                return nospace(lines[i - 1] + line)
            return nospace(line)
    return ""


def issuers_above(lines: list[str], i: int) -> int:
    """Where the title on line `i` begins: at the lines of bodies' names right above it
    when it begins with 关于 or with a body's name — a title whose joint issuers are set
    one a line (`广州市医疗保障局` / `广州市财政局` / `广州市民政局…关于…的通知`)."""
    head = lines[i].split("关于", 1)[0]
    if head and not is_org_list(head):
        return i
    k = i
    while k > 0 and is_org_list(lines[k - 1]):
        k -= 1
    return k


def is_title_half(line: str) -> bool:
    return (len(line) <= 30 and re.fullmatch(r"[\u4e00-\u9fff \u3000]+", line) is not None
            and not DOC_TYPE_END_RE.search(line) and not ISSUER_LINE_RE.match(line)
            and not line.endswith("文件"))


def find_issuer(title: str, lines: list[str], masthead: list[str]) -> str:
    head = title.split("关于", 1)[0] if "关于" in title else ""
    transmitting = TRANSMITTING_RE.match(title)
    if not head and transmitting:
        return "、".join(split_issuers(transmitting.group("who")))
    if head:
        # the title's head as written (with the spaces or line breaks that part joint issuers)
        for i, line in enumerate(lines):
            written = " ".join(lines[issuers_above(lines, i):i] + [line]) if "关于" in line else ""
            if nospace(written).startswith(head):
                return "、".join(split_issuers(written.split("关于", 1)[0]))
        return head
    for line in lines:
        line = DATE_RE.sub(" ", line)        # `2022年6月6日中华人民共和国…令` glued
        m = DECREE_RE.search(line) or DECREE_LINE_RE.match(line)
        if m:
            return m.group("issuer").removeprefix(STATE)
    return "、".join(masthead)


def masthead_issuers(lines: list[str]) -> list[str]:
    """The bodies a masthead names: on its `…文件` line, or (joint issuers, one a line)
    on the lines right above a line `文件`."""
    for i, line in enumerate(lines):
        m = MASTHEAD_RE.match(line)
        if not m or m.group("rest") or not (m.group("who") == "" or is_org_list(m.group("who"))):
            continue
        names = split_issuers(m.group("who")) if m.group("who") else []
        k = i - 1
        while k >= 0 and is_org_list(lines[k]):
            names = split_issuers(lines[k]) + names
            k -= 1
        return names
    return []


def find_doc_number(lines: list[str]) -> str:
    for i, line in enumerate(lines):
        found = own_number(line)
        if found:
            return found[0]
        d = DECREE_RE.search(DATE_RE.sub(" ", line))
        if d:
            return nospace(d.group("issuer") + "令" + d.group("no"))
        d = DECREE_LINE_RE.match(line)
        if d and i + 1 < len(lines):
            n = DECREE_NUMBER_RE.match(lines[i + 1])
            if n:
                return line + nospace(n.group("no"))
    return ""


def find_recipients(lines: list[str]) -> str:
    for line in lines:
        m = RECIPIENTS_RE.match(line)
        if not m:
            continue
        who = m.group("who")
        if "，" in who or "、" in who or who.startswith("各") or re.search(rf"({ORG_SUFFIX}|单位)$", who):
            return who
    return ""


def front_lines(text: str, body_start: int) -> tuple[list[str], list[str]]:
    """The front matter's pieces, and its database header lines."""
    lines = [ln.strip(" \u3000\t") for ln in text[:body_start].split("\n")]
    header = [ln for ln in lines if DATABASE_LINE_RE.match(ln)]
    pieces: list[str] = []
    for line in lines:
        if not line or DATABASE_LINE_RE.match(line):
            continue
        found = own_number(line)
        if found:
            _, before, after = found
            pieces += [*pieces_of(before), *pieces_of(after)]
        else:
            pieces += pieces_of(line)
    return pieces, header


def extract_metadata(text: str, body_start: int) -> DocumentMeta:
    """The document's fields; `body_start` is where its first clause begins."""
    raw_front = [ln.strip() for ln in text[:body_start].split("\n") if ln.strip()]
    front, header = front_lines(text, body_start)
    fields = header_fields(header)
    title = fields.get("title") or find_title(front)
    meta = DocumentMeta(
        title=nospace(title),
        issuer=find_issuer(title, front, masthead_issuers(front)) or fields.get("issuer", ""),
        doc_number=fields.get("doc_number") or find_doc_number(raw_front),
        recipients=find_recipients(front))
    for _, line in lines_holding(text, "日"):     # a date's line holds 日 (few lines do)
        for m in DATE_RE.finditer(line):
            if PRINTED_RE.match(line, m.end()):
                meta.printed_date = meta.printed_date or iso_date(m)
            elif signature_date(line, m):
                meta.signed_date = meta.signed_date or iso_date(m)
    meta.signed_date = meta.signed_date or fields.get("signed_date", "")
    if not meta.issuer:
        meta.issuer = signature_issuer(text)
    return meta


def signature_issuer(text: str) -> str:
    """The bodies named right before the signature's date, for a document that names its
    issuer nowhere else."""
    for start, line in lines_holding(text, "日"):
        for m in DATE_RE.finditer(line):
            if not signature_date(line, m):
                continue
            before = signing_bodies(line, m.start())
            if before:
                return "、".join(split_issuers(before))
            above = text[text.rfind("\n", 0, max(0, start - 1)) + 1:max(0, start - 1)].strip()
            if is_org_list(above):
                return "、".join(split_issuers(above))
    return ""


def lines_holding(text: str, char: str):
    """(start, line) of the lines of `text` that hold `char`, in order: found from each
    `char`, without a loop over every line."""
    pos = text.find(char)
    while pos >= 0:
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        start = text.rfind("\n", 0, pos) + 1
        yield start, text[start:end]
        pos = text.find(char, end)
