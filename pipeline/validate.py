"""Validation: the pipeline's output scored against the hand-labelled fixtures.

A fixture (SPEC section 8) lists, for one document, every clause, amount,
percentage, unit and reference a person found. Entries are matched by
`id` (clauses), `(clause, value, lower, upper)` (amounts, percentages),
`(clause, role, name)` (units) and `(clause, cited_number)` (references); every other
key an entry carries must agree too. A key left out is not checked.

A figure's `role` and `instrument` (SPEC section 9) are not part of the match: they are
scored on the figures that match, as the share whose role agrees and, of the benefits,
the share whose instrument agrees.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from pipeline.discover import discover
from pipeline.extract.roles import sentence_spans
from pipeline.model import ExtractedDocument
from pipeline.process import process_file
from pipeline.tables import COLUMNS, document_rows
from pipeline.read import ReadError

# fixture list → (key fields, the row field each fixture key reads)
MATCH_KEYS = {
    "clauses": ("id",),
    "amounts": ("clause", "value", "lower", "upper"),
    "percentages": ("clause", "value", "lower", "upper"),
    "units": ("clause", "role", "name"),
    "references": ("clause", "cited_number"),
}
SCORED = ["documents", *MATCH_KEYS]
# keys of a figure scored on the rows that match, not part of the match
AGREEMENT_KEYS = ("role", "instrument")
FIGURES = ("amounts", "percentages")
# table column → fixture key, where they differ
FIXTURE_NAMES = {table: {"clause_id": "clause"} for table in MATCH_KEYS} | {"clauses": {"clause_id": "id"}}
DOCUMENT_FIELDS = ("title", "issuer", "doc_number", "signed_date", "printed_date", "recipients")


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    missed: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)
    # figures' roles and instruments, on the rows that match
    roles: int = 0
    roles_agree: int = 0
    instruments: int = 0
    instruments_agree: int = 0
    disagreements: list[str] = field(default_factory=list)
    matched: list[tuple[dict, dict]] = field(default_factory=list)     # (fixture entry, row)

    def add(self, other: "Score") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.roles += other.roles
        self.roles_agree += other.roles_agree
        self.instruments += other.instruments
        self.instruments_agree += other.instruments_agree

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def load_fixture(path: Path) -> dict:
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def normal(value):
    """Fixture and row values on one footing: dates as ISO text, '' and NaN as None."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    if value == "" or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return value


def same(a, b) -> bool:
    a, b = normal(a), normal(b)
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)
    return a == b


def predicted_rows(doc: ExtractedDocument) -> dict[str, list[dict]]:
    """The document's table rows, as written, keyed the way fixtures name the columns."""
    rows = document_rows(doc)
    shaped = {}
    for table in MATCH_KEYS:
        names = [FIXTURE_NAMES[table].get(c, c) for c, _ in COLUMNS[table] if c != "doc_id"]
        shaped[table] = [dict(zip(names, row[1:])) for row in rows[table]]
    return shaped


def describe(entry: dict) -> str:
    return ", ".join(f"{k}={v!r}" for k, v in entry.items())


def score_list(expected: list[dict], predicted: list[dict], keys: tuple[str, ...],
               apart: tuple[str, ...] = ()) -> Score:
    """Matched, missed and spurious rows; the keys in `apart` are not part of the match
    (see `score_agreement`)."""
    score = Score()
    unmatched = list(predicted)
    for entry in expected:
        match = None
        for row in unmatched:
            if all(same(entry.get(k), row.get(k)) for k in keys) and \
                    all(same(v, row.get(k)) for k, v in entry.items() if k not in keys and k not in apart):
                match = row
                break
        if match is None:
            score.fn += 1
            near = next((r for r in unmatched if all(same(entry.get(k), r.get(k)) for k in keys)), None)
            hint = ""
            if near:
                diffs = [f"{k}: {near.get(k)!r}" for k, v in entry.items()
                         if k not in apart and not same(v, near.get(k))]
                hint = f"  (pipeline has {', '.join(diffs)})"
            score.missed.append(describe(entry) + hint)
        else:
            score.tp += 1
            score.matched.append((entry, match))
            unmatched.remove(match)
    score.fp = len(unmatched)
    score.spurious = [describe({k: r.get(k) for k in (*keys, *(x for x in r if x not in keys))
                                if r.get(k) not in (None, "")}) for r in unmatched]
    return score


def score_document(fixture: dict, doc: ExtractedDocument) -> dict[str, Score]:
    rows = predicted_rows(doc)
    scores = {}
    fields = fixture.get("document") or {}
    doc_score = Score()
    for name in DOCUMENT_FIELDS:
        if name not in fields:
            continue
        expected, got = fields[name], getattr(doc.meta, name)
        if same(expected, got):
            doc_score.tp += normal(expected) is not None
        else:
            if normal(expected) is not None:
                doc_score.fn += 1
                doc_score.missed.append(f"{name}={expected!r}  (pipeline has {got!r})")
            if normal(got) is not None:
                doc_score.fp += 1
                doc_score.spurious.append(f"{name}={got!r}")
    scores["documents"] = doc_score
    for table, keys in MATCH_KEYS.items():
        if table in fixture and fixture[table] is not None:
            apart = AGREEMENT_KEYS if table in FIGURES else ()
            scores[table] = score_list(fixture[table] or [], rows[table], keys, apart)
            if apart:
                score_agreement(scores[table], doc.text)
    return scores


def score_agreement(score: Score, text: str) -> None:
    """The roles (and, of benefits, the instruments) that agree among the matched
    figures whose fixture entry has them; each disagreement with its sentence."""
    pairs = sorted(((e, r) for e, r in score.matched if "role" in e), key=lambda p: p[1]["start"])
    sentences = sentence_spans(text, [(r["start"], r["end"]) for _, r in pairs])
    for (entry, row), (lo, hi) in zip(pairs, sentences):
        score.roles += 1
        agree = same(entry["role"], row["role"])
        score.roles_agree += agree
        if entry["role"] == "benefit" and "instrument" in entry:
            score.instruments += 1
            agree_instrument = same(entry["instrument"], row["instrument"])
            score.instruments_agree += agree_instrument
            agree = agree and agree_instrument
        if not agree:
            said = f"{entry['role']} {entry.get('instrument') or ''}".strip()
            got = f"{row['role']} {row['instrument'] or ''}".strip()
            sentence = text[lo:row["start"]] + "【" + row["span"] + "】" + text[row["end"]:hi]
            score.disagreements.append(f"{row['clause']} {row['span']}: fixture {said}, "
                                       f"pipeline {got} | {sentence.strip()}")


def find_inputs(raw: Path) -> dict[str, Path]:
    return {item.doc_id: item.path for item in discover(raw).inputs}


def validate(fixtures: Path, raw: Path, pdf_engine: str | None = None) -> dict[str, dict[str, Score]]:
    """Scores per document and table, for every fixture with its input in `raw`."""
    inputs = find_inputs(raw)
    results = {}
    for path in sorted(fixtures.glob("*.yaml")):
        fixture = load_fixture(path)
        doc_id = fixture["doc_id"]
        if doc_id not in inputs:
            raise FileNotFoundError(f"{path.name}: no input for doc_id {doc_id} under {raw}")
        try:
            doc = process_file(inputs[doc_id], doc_id, inputs[doc_id].name, pdf_engine=pdf_engine)
        except ReadError as e:
            raise ReadError(f"{inputs[doc_id]}: {e}") from e
        results[doc_id] = score_document(fixture, doc)
    return results


def totals(results: dict[str, dict[str, Score]]) -> dict[str, Score]:
    total = {t: Score() for t in SCORED}
    for scores in results.values():
        for table, score in scores.items():
            total[table].add(score)
    return total


def report(results: dict[str, dict[str, Score]]) -> str:
    out = []
    header = f"{'':<44} {'table':<12} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>4} {'fn':>4}"

    def line(name, table, s):
        return (f"{name:<44} {table:<12} {s.precision:>6.3f} {s.recall:>6.3f} {s.f1:>6.3f} "
                f"{s.tp:>5} {s.fp:>4} {s.fn:>4}")

    out.append(header)
    for table, s in totals(results).items():
        out.append(line("ALL", table, s))
    out.append("")
    for doc_id, scores in results.items():
        for table, s in scores.items():
            out.append(line(doc_id[:44], table, s))
    out += ["", agreement_report(results)]
    problems = []
    for doc_id, scores in results.items():
        for table, s in scores.items():
            problems += [f"  MISSED   {doc_id} {table}: {m}" for m in s.missed]
            problems += [f"  SPURIOUS {doc_id} {table}: {m}" for m in s.spurious]
            problems += [f"  ROLE     {doc_id} {table}: {m}" for m in s.disagreements]
    if problems:
        out += ["", "Differences from the fixtures:", *problems]
    else:
        out += ["", "No differences from the fixtures."]
    return "\n".join(out)


def agreement(scores: dict[str, Score]) -> Score:
    """Amounts' and percentages' role and instrument counts together."""
    total = Score()
    for table in FIGURES:
        if table in scores:
            total.add(scores[table])
    return total


def share(agree: int, n: int) -> float:
    return agree / n if n else 1.0


def agreement_report(results: dict[str, dict[str, Score]]) -> str:
    """Per document and overall: of the matched figures labelled with a role, the share
    whose role agrees; of the benefits labelled with an instrument, the share whose
    instrument agrees."""
    out = [f"{'':<44} {'role':>6} {'of':>5} {'instrument':>10} {'of':>5}"]

    def line(name, s):
        return (f"{name:<44} {share(s.roles_agree, s.roles):>6.3f} {s.roles:>5} "
                f"{share(s.instruments_agree, s.instruments):>10.3f} {s.instruments:>5}")

    out.append(line("ALL figures", agreement(totals(results))))
    for doc_id, scores in results.items():
        s = agreement(scores)
        if s.roles:
            out.append(line(doc_id[:44], s))
    return "\n".join(out)
