"""What the roles and the figures table cost a build: the same build with and without.

"Without" is the same code with the classification switched off (`with_roles` leaves
every figure without a role) and the `figures` table given no rows, switched in the
build's process only (a monkeypatch here, nothing the pipeline reads): the table's
files, sheet and DuckDB table are then empty, and the report lists its figures from the
amounts and percentages tables, as it does for a build without a figures table. Each
build is `python -m pipeline build --workers 1 --force` (every document processed in
the build's own process, so that its parts can be timed there) in a process of its
own, with and without the workbook; with and without alternate. The figure is CPU time
(user + system of the build and its children, from `wait4`): a busy shared machine
blurs it less than wall time, but still by some 20 % from one build to the next.

So each build also times, in its own process (`time.process_time`), the parts that are
the roles' and the figures table's: the classification, the table's rows, its Arrow
columns, CSV, Parquet and sheet, the DuckDB database, the report's list of figures,
packing results for the cache, and the garbage collector. Their differences between
with and without are the cost by parts; what the whole build costs beyond them is the
rest of the build, the same code both ways, and tells whether a cost escapes the parts.

Run: `python bench/roles.py [--docs N] [--pairs N]` (`bench/run.py` prints it too);
`--profile`: cProfile of one build with and one without, the functions whose CPU time
differs most.
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import pstats
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "bench")]

from corpus import OUT, make_corpus  # noqa: E402

# where builds go when done, deleted at the end (as bench/run.py does): ext4 without a
# journal makes a file slowly for minutes after many were deleted near it
TRASH = OUT / "trash"

# the parts timed, each where the build calls it: (part, module, owner, function, only for)
PARTS = [
    ("classification (with_roles)", "pipeline.process", None, "with_roles", None),
    ("the table's rows (figure_rows)", "pipeline.tables", None, "figure_rows", None),
    ("writer: the figures table (Arrow, CSV, Parquet, sheet)", "pipeline.write", "TableSink", "_flush",
     "figures"),
    ("  of which its workbook sheet", "pipeline.write", "XlsxBook", "add", "figures"),
    ("DuckDB: the database", "pipeline.database", None, "write_database", None),
    ("  of which the figures table, inserted", "pipeline.database", None, "create_table", "figures"),
    ("report: in the build's process", "pipeline.report", None, "write_report", None),
    ("  of which its list of figures (read, rows)", "pipeline.report", None, "figure_rows", None),
    ("packing results for the cache (pickle)", "pipeline.build", "Result", "pack", None),
]
# parts that are the same code both ways, timed as a control: where they differ too, the
# machine (or the memory the build holds) made the same work cost more in one build
CONTROLS = [
    ("control: segmenting (the same code both ways)", "pipeline.process", None, "segment", None),
    ("control: finding amounts (the same code both ways)", "pipeline.process", None, "extract_amounts", None),
]
GC = "garbage collection"
CHILDREN = "the build's child processes (the report's pages)"
SELF = "the build's own process"
# the parts that do not hold one another: their differences add up to the cost by parts
TOP = [name for name, *_ in PARTS if not name.startswith(" ")] + [GC]


def switched_off() -> None:
    """No roles, no rows in the figures table, in this process."""
    import pipeline.process
    import pipeline.tables

    pipeline.process.with_roles = lambda text, *kinds: list(kinds)
    pipeline.tables.figure_rows = lambda doc: []


class Parts:
    """CPU time spent in `PARTS` (each function wrapped where the build calls it), and
    in the garbage collector, which the table's many small objects may make work more.
    `process_time` counts every thread of the process: a part's time includes what the
    thread writing the texts does meanwhile, the same both ways."""

    def __init__(self):
        import importlib

        self.spent: dict[str, float] = {}
        self.gc_started = 0.0
        gc.callbacks.append(self._gc)
        for part, module, owner, name, table in PARTS + CONTROLS:
            holder = importlib.import_module(module)
            self.wrap(getattr(holder, owner) if owner else holder, name, part, table)

    def _gc(self, phase: str, info: dict) -> None:
        if phase == "start":
            self.gc_started = time.process_time()
        else:
            self.add(GC, time.process_time() - self.gc_started)

    def add(self, part: str, seconds: float) -> None:
        self.spent[part] = self.spent.get(part, 0.0) + seconds

    def wrap(self, owner, name: str, part: str, table: str | None) -> None:
        original = getattr(owner, name)

        def timed(*args, **kwargs):
            if table is not None and table not in args[:3]:    # (self,) table or (con, folder, table)
                return original(*args, **kwargs)
            start = time.process_time()
            try:
                return original(*args, **kwargs)
            finally:
                self.add(part, time.process_time() - start)
        setattr(owner, name, timed)


def inner(args: list[str]) -> int:
    """The build of `args` in this process: switched off first with `--without`, its
    parts timed into a JSON file with `--parts=FILE`, profiled with `--cprofile=FILE`."""
    without = "--without" in args
    profile = next((a.split("=", 1)[1] for a in args if a.startswith("--cprofile=")), None)
    timed = next((a.split("=", 1)[1] for a in args if a.startswith("--parts=")), None)
    args = [a for a in args if a != "--without" and not a.startswith(("--cprofile=", "--parts="))]
    import pipeline.build  # noqa: F401  imported before a profile starts, both ways
    import pipeline.process  # noqa: F401
    from pipeline.cli import main

    if without:
        switched_off()
    measured = Parts() if timed else None
    if profile:
        import cProfile

        profiler = cProfile.Profile(time.process_time)   # CPU, not waits
        code = profiler.runcall(main, args)
        profiler.dump_stats(profile)
    else:
        code = main(args)
    if measured:
        for part, who in ((CHILDREN, resource.RUSAGE_CHILDREN), (SELF, resource.RUSAGE_SELF)):
            usage = resource.getrusage(who)
            measured.add(part, usage.ru_utime + usage.ru_stime)
        Path(timed).write_text(json.dumps(measured.spent))
    sys.stdout.flush()
    os._exit(code)


def build_cpu(raw: Path, out: Path, without: bool, workbook: bool, profile: Path | None = None,
              timed: Path | None = None) -> float:
    """CPU-seconds of one from-scratch build in a process of its own, into `out`, which
    is moved to the trash first if it is there."""
    TRASH.mkdir(parents=True, exist_ok=True)
    if out.exists():
        out.rename(TRASH / f"{out.name}-{time.monotonic_ns()}")
    command = [sys.executable, __file__, "--inner", "build", "--raw", str(raw), "--out", str(out),
               "--workers", "1", "--force", "--quiet"]
    command += [] if workbook else ["--no-xlsx"]
    command += ["--without"] if without else []
    command += [f"--cprofile={profile}"] if profile else []
    command += [f"--parts={timed}"] if timed else []
    with open(os.devnull, "wb") as devnull:
        proc = subprocess.Popen(command, cwd=REPO, stdout=devnull, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
        errors = proc.stderr.read().decode()
        proc.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 3):
        raise SystemExit(f"build failed ({code}): {errors[-2000:]}")
    return usage.ru_utime + usage.ru_stime


def measure(docs: int, pairs: int, workbook: bool) -> dict[str, list]:
    """`pairs` builds with and without, alternating (and which goes first alternating
    too: the machine's phases fall on both); each (CPU-seconds, its parts)."""
    raw = OUT / f"corpus-{docs}"
    make_corpus(docs, raw)
    out = OUT / "build-roles"
    timed = OUT / "roles-parts.json"
    runs: dict[str, list] = {"with": [], "without": []}
    for i in range(pairs):
        for name in (("with", "without") if i % 2 == 0 else ("without", "with")):
            cpu = build_cpu(raw, out, name == "without", workbook, timed=timed)
            runs[name].append((cpu, json.loads(timed.read_text())))
    timed.unlink(missing_ok=True)
    out.rename(TRASH / f"{out.name}-{time.monotonic_ns()}")
    return runs


def summary(runs: dict[str, list], label: str) -> tuple[list[str], dict]:
    """The lines to print, and the figures, of one series of `measure`."""
    median = statistics.median
    w = [cpu for cpu, _ in runs["with"]]
    wo = [cpu for cpu, _ in runs["without"]]
    rest = "the rest of the build's own process"
    part = {}
    for name, builds in runs.items():
        part[name] = {p: median(parts.get(p, 0.0) for _, parts in builds)
                      for p in [p for p, *_ in PARTS] + [GC, CHILDREN] + [c for c, *_ in CONTROLS]}
        # the same code both ways, as are the child processes: what differs there is a
        # cost the parts do not show, or the machine
        part[name][rest] = median(parts.get(SELF, 0.0) - sum(parts.get(p, 0.0) for p in TOP)
                                  for _, parts in builds)
    by_parts = sum(part["with"][p] - part["without"][p] for p in TOP)
    figures = {"with": w, "without": wo, "ratio_medians": median(w) / median(wo),
               "ratio_minima": min(w) / min(wo), "by_parts": by_parts, "share_by_parts": by_parts / median(w),
               "parts": part}
    lines = [f"  {label}: with {fmt(w)}; without {fmt(wo)} CPU-s",
             f"    whole build, with / without: {figures['ratio_medians']:.3f} by medians, "
             f"{figures['ratio_minima']:.3f} by minima",
             f"    by parts: {by_parts:.3f} CPU-s, {figures['share_by_parts']:.1%} of the build with them "
             f"(median of each part, with minus without):"]
    for p in part["with"]:
        lines.append(f"      {p:<56} {part['with'][p]:6.3f} {part['without'][p]:6.3f}  "
                     f"{part['with'][p] - part['without'][p]:+6.3f}")
    return lines, figures


def report(docs: int = 1_000, pairs: int = 3, workbook_only: bool = False) -> tuple[list[str], dict]:
    lines = [f"Roles and the figures table: 1-worker builds of {docs:,} documents with and without "
             f"them, {pairs} of each alternating (CPU-seconds; parts: with, without, difference):"]
    found = {}
    for workbook in (True,) if workbook_only else (True, False):
        label = "all outputs" if workbook else "--no-xlsx"
        more, found[label] = summary(measure(docs, pairs, workbook), label)
        lines += more
    return lines, found


def fmt(values: list[float]) -> str:
    return (f"median {statistics.median(values):.2f}, min {min(values):.2f} "
            f"({', '.join(f'{v:.2f}' for v in values)})")


def profiles(docs: int, workbook: bool = True, top: int = 40) -> list[str]:
    """cProfile of a build with and one without; the functions whose own time differs most."""
    raw = OUT / f"corpus-{docs}"
    make_corpus(docs, raw)
    out = OUT / "build-roles"
    stats = {}
    for name in ("with", "without"):
        path = OUT / f"roles-{name}.prof"
        build_cpu(raw, out, name == "without", workbook, profile=path)
        stats[name] = {f"{Path(k[0]).name}:{k[1]}({k[2]})": (v[2], v[3])
                       for k, v in pstats.Stats(str(path)).stats.items()}
    a, b = stats["with"], stats["without"]
    diff = sorted(((a.get(k, (0, 0))[0] - b.get(k, (0, 0))[0], a.get(k, (0, 0))[1] - b.get(k, (0, 0))[1], k)
                   for k in a.keys() | b.keys()), reverse=True)
    lines = [f"cProfile (CPU time, the build's own process), in all: with {sum(v[0] for v in a.values()):.2f} s, "
             f"without {sum(v[0] for v in b.values()):.2f} s (bench/out/roles-with.prof, "
             "roles-without.prof); the largest differences (own, cumulative):"]
    lines += [f"  {d:+7.3f} {c:+7.3f}  {k}" for d, c, k in diff[:top]]
    lines += ["  ..."] + [f"  {d:+7.3f} {c:+7.3f}  {k}" for d, c, k in diff[-8:]]
    return lines


def main() -> int:
    if sys.argv[1:2] == ["--inner"]:
        return inner(sys.argv[2:])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1_000)
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--workbook-only", action="store_true", help="only the builds with every output")
    parser.add_argument("--profile", action="store_true", help="cProfile a build with and one without")
    parser.add_argument("--no-xlsx", action="store_true", help="profile without the workbook")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    try:
        if args.profile:
            print("\n".join(profiles(args.docs, workbook=not args.no_xlsx)))
            return 0
        lines, found = report(args.docs, args.pairs, args.workbook_only)
        print("\n".join(lines))
        if args.json:
            args.json.write_text(json.dumps(found, indent=2))
    finally:
        shutil.rmtree(OUT / "build-roles", ignore_errors=True)
        shutil.rmtree(TRASH, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
