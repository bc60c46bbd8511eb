"""The records every stage passes on: what was read, the clauses, the mentions.

Every extractor returns `Mention`s; the tables are derived from them in one place
(`pipeline.tables`), so a new extractor is one new function, not a new path.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

# The mentions are immutable records written as named tuples rather than frozen
# dataclasses: a document holds dozens of them, and a named tuple is made some four
# times as fast (a frozen dataclass sets each field through object.__setattr__).


class Mention(NamedTuple):
    """One amount or percentage found in the text.

    `start`/`end` are offsets into the text the extractor was given; the caller
    shifts them when it passes a slice.
    """

    kind: str                     # "amount" | "percentage"
    span: str                     # the matched text as written
    start: int
    end: int
    value: float | None           # the single figure; None for a range
    lower: float | None
    upper: float | None
    qualifier: str                # exact | max | min | range | approx
    cue: str = ""                 # the word that set the qualifier, as written
    currency: str = ""            # ISO code for amounts (CNY by default)
    unit: str = ""                # percent | point, for percentages
    per: str = ""                 # the rate's base: 每人每年, 每户 …
    role: str = ""                # benefit | threshold | budget | fine | target | other
    instrument: str = ""          # a benefit's name: 奖励, 补贴, 贷款 …


class UnitMention(NamedTuple):
    """One item of a responsible-unit list (责任单位：…)."""

    role: str                     # 责任, 牵头, 配合, 主办 …
    name: str                     # normalised
    raw: str                      # as written
    note: str                     # trailing bracketed annotation, without brackets
    position: int                 # 1-based within its list
    start: int
    end: int


class Reference(NamedTuple):
    """A citation of another document by its number (文号)."""

    cited_title: str
    cited_number: str
    start: int
    end: int


@dataclass
class Clause:
    clause_id: str
    parent_id: str
    level: int
    marker: str
    heading: str
    start: int                    # of the marker
    end: int                      # end of the clause's own text (before its first child)
    text: str = ""
    page: int | None = None
    # where the source stored the clause's words again (a flip-book's page held twice):
    # (start, end) of each copy, conversion debris whose mentions are counted once
    copies: tuple[tuple[int, int], ...] = ()


@dataclass
class RawDocument:
    """What a reader returns: the document's text before cleaning.

    `page_starts` holds the offset in `text` at which each page begins (paged formats
    only); `ocr` is True when the text came from character recognition.
    """

    text: str
    format: str
    page_starts: list[int] | None = None
    ocr: bool = False
    warnings: list[str] = field(default_factory=list)


@dataclass
class DocumentMeta:
    title: str = ""
    issuer: str = ""
    doc_number: str = ""
    signed_date: str = ""
    printed_date: str = ""
    recipients: str = ""


@dataclass
class ExtractedDocument:
    """Everything the pipeline learned from one input file."""

    doc_id: str
    source: str
    format: str
    sha256: str
    text: str                     # the cleaned text all offsets point into
    meta: DocumentMeta
    clauses: list[Clause]
    amounts: list[tuple[str, Mention]]          # (clause_id, mention)
    percentages: list[tuple[str, Mention]]
    units: list[tuple[str, UnitMention]]
    references: list[tuple[str, Reference]]
    warnings: list[str] = field(default_factory=list)
    ocr: bool = False
    pages: int | None = None
