"""`show`: one document's clause tree with what was found under each clause, for a
person checking a result in the terminal."""
from __future__ import annotations

from collections import defaultdict

from pipeline.model import ExtractedDocument


def number(x) -> str:
    if x is None:
        return "·"
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.4g}"


def mention_line(m) -> str:
    bounds = f"[{number(m.lower)} .. {number(m.upper)}]"
    what = f"{m.qualifier}{' ' + m.cue if m.cue else ''}"
    extra = " ".join(x for x in (m.currency if m.kind == "amount" and m.currency not in ("", "CNY") else "",
                                 m.unit if m.unit == "point" else "",
                                 f"per {m.per}" if m.per else "") if x)
    sign = "¥" if m.kind == "amount" else "%"
    role = " ".join(x for x in (m.role, m.instrument) if x)
    return (f"{sign} {m.span}  → {number(m.value)} {bounds} {what}{'  ' + extra if extra else ''}"
            f"{'  = ' + role if role else ''}")


def render(doc: ExtractedDocument) -> str:
    under = defaultdict(list)
    for cid, m in doc.amounts + doc.percentages:
        under[cid].append((m.start, mention_line(m)))
    for cid, u in doc.units:
        note = f" ({u.note})" if u.note else ""
        under[cid].append((u.start, f"@ {u.role}: {u.name}{note}"))
    for cid, r in doc.references:
        title = f"《{r.cited_title}》" if r.cited_title else ""
        under[cid].append((r.start, f"→ {title}{r.cited_number}"))
    meta = doc.meta
    out = [f"{doc.doc_id}  ({doc.format}, {doc.source})",
           f"  title:      {meta.title}", f"  issuer:     {meta.issuer}",
           f"  doc_number: {meta.doc_number}",
           f"  dates:      signed {meta.signed_date or '—'}, printed {meta.printed_date or '—'}",
           f"  recipients: {meta.recipients}"]
    if doc.warnings:
        out += [f"  warning:    {w}" for w in doc.warnings]
    out.append("")
    for _, line in sorted(under.get("", [])):
        out.append(f"  (outside clauses) {line}")
    for c in doc.clauses:
        indent = "  " * c.level
        page = f"  p.{c.page}" if c.page else ""
        out.append(f"{indent}{c.clause_id}  {c.heading}{page}")
        for _, line in sorted(under.get(c.clause_id, [])):
            out.append(f"{indent}    {line}")
    return "\n".join(out)
