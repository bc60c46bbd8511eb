"""The benchmark `make bench` runs: throughput, speed-up over cores, peak memory.

A corpus of at least 10,000 documents is generated from data/raw/ (bench/corpus.py) and
built with `python -m pipeline build`, in a process of its own each time, with one
worker and with every core, and once more with one worker confined to one CPU (the
one-worker build's thread that writes the texts otherwise runs on a second core);
each build starts from an empty output folder. Printed:
documents per second, MB of input text per second per core, the speed-up, peak memory
(the build's process and its workers together, sampled in builds of their own at two
corpus sizes: sampling takes CPU from a build that uses every core, so the timed
builds are not sampled), whether both builds wrote the same
bytes, how long a rebuild takes when nothing changed and when one file was added, and
the same build without the workbook (to show what the workbook costs), and what the
roles and the figures table cost (bench/roles.py: 1-worker builds with and without
them, alternating, their parts timed in each). Then the stages of one document, the
workbook writers side by side (bench/xlsx.py), PDF pages per second (bench/pdf.py) and the quantities figure (bench/quantities.py).

Everything generated goes under bench/out/ (the figures also in results.json).
`--quick` runs a small corpus. Each from-scratch build is run three times and the
fastest kept (`--repeat N`): other work on a shared machine only slows a run down.
`--profile` profiles a one-worker build with pyinstrument instead
(bench/out/profile.txt and .html).
"""
from __future__ import annotations

import argparse
import filecmp
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO / "bench"
OUT = BENCH / "out"
sys.path[:0] = [str(REPO), str(BENCH)]

from corpus import make_corpus  # noqa: E402

TRASH = OUT / "trash"
CORES = os.cpu_count() or 1
SUMMARY_RE = re.compile(r"(?P<docs>\d+) documents read \((?P<cached>\d+) unchanged")


@dataclass
class Run:
    label: str
    docs: int
    processed: int
    mb: float
    seconds: float
    workers: int
    cpu_seconds: float       # user + system time of the build's processes together
    peak_rss_mb: float       # sum over the build's processes, at the worst moment
    peak_pss_mb: float       # the same, shared pages counted once
    max_process_mb: float    # the largest single process (sampled, and wait4's ru_maxrss)

    @property
    def docs_per_s(self) -> float:
        return self.processed / self.seconds

    @property
    def mb_per_s_per_core(self) -> float:
        return self.mb / self.seconds / self.workers

    @property
    def mb_per_cpu_second(self) -> float:
        """Throughput per core that a busy machine cannot blur: MB per second of CPU."""
        return self.mb / self.cpu_seconds


class PeakMemory:
    """Samples the memory of a process and all its descendants until it ends."""

    def __init__(self, pid: int, every: float = 0.1):
        self.root = psutil.Process(pid)
        self.every = every
        self.rss = self.pss = self.largest = 0
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()

    def _sample(self) -> None:
        while True:
            try:
                if self.root.status() == psutil.STATUS_ZOMBIE:
                    return
                processes = [self.root] + self.root.children(recursive=True)
            except psutil.Error:
                return          # the build has ended
            rss = pss = 0
            for p in processes:
                try:
                    info = p.memory_full_info()
                except psutil.Error:
                    continue    # a worker ended between listing and reading it
                rss += info.rss
                pss += getattr(info, "pss", info.rss)
                self.largest = max(self.largest, info.rss)
            self.rss, self.pss = max(self.rss, rss), max(self.pss, pss)
            time.sleep(self.every)

    def stop(self) -> tuple[float, float, float]:
        """Peak MB: RSS summed over the processes, PSS summed, RSS of the largest."""
        self.thread.join()
        return self.rss / 1e6, self.pss / 1e6, self.largest / 1e6


def build(label: str, raw: Path, out: Path, workers: int, mb: float, *extra: str,
          fresh: bool = True, one_cpu: bool = False, sample: bool = True) -> Run:
    """One `python -m pipeline build` in a process of its own, timed and watched;
    `one_cpu`: confined to the first CPU this process may use, threads and all.
    `sample` false: its memory is not sampled, only its largest process's peak is read
    when it ends. Sampling costs some 10 ms of CPU every 0.1 s (the kernel walks every
    process's pages), taken from the build when it uses every core, from an idle core
    when it uses one: it made a 2-worker build 0.6–1.0 s slower and left a 1-worker
    build as it was, which biased the speed-up (docs/performance.md)."""
    if fresh and out.exists():
        # moved aside, deleted when the benchmark ends: ext4 without a journal searches
        # past the inodes of files deleted in the last five minutes or so when it creates
        # one, so deleting the last build's 10,000 texts just before would slow this
        # one's down
        TRASH.mkdir(parents=True, exist_ok=True)
        out.rename(TRASH / f"{out.name}-{time.monotonic_ns()}")
    command = [sys.executable, "-m", "pipeline", "build", "--raw", str(raw), "--out", str(out),
               "--workers", str(workers), "--quiet", *extra]
    with tempfile.TemporaryFile("w+") as stdout, tempfile.TemporaryFile("w+") as stderr:
        start = time.perf_counter()
        cpu = min(os.sched_getaffinity(0)) if one_cpu else None
        proc = subprocess.Popen(command, cwd=REPO, stdout=stdout, stderr=stderr, text=True,
                                preexec_fn=(lambda: os.sched_setaffinity(0, {cpu})) if one_cpu else None)
        memory = PeakMemory(proc.pid) if sample else None
        # wait4 gives the build's own resource use: CPU time of it and its workers, and
        # ru_maxrss, the largest of them (this process stays small: a child starts as a copy)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        rss, pss, largest = memory.stop() if memory else (0.0, 0.0, 0.0)
        stdout.seek(0)
        stderr.seek(0)
        if proc.returncode:
            raise SystemExit(f"{label}: build failed\n{stderr.read()}")
        m = SUMMARY_RE.search(stdout.read())
    docs, cached = int(m["docs"]), int(m["cached"])
    return Run(label, docs, docs - cached, mb, seconds, workers, usage.ru_utime + usage.ru_stime,
               rss, pss, max(largest, usage.ru_maxrss / 1e3))


def same_outputs(a: Path, b: Path) -> list[str]:
    """The files that differ between two output folders, as their readers see them
    (the tables and texts of the build in place, not the cache nor the generation
    folders). Compared in pieces, so that this process stays small: its size is
    inherited by every build it starts."""
    differ = []
    for path in sorted(a.rglob("*")):
        if not path.is_file() or any(part.startswith(".") for part in path.relative_to(a).parts):
            continue
        other = b / path.relative_to(a)
        same = other.exists() and (same_database(path, other) if path.suffix == ".duckdb"
                                   else filecmp.cmp(path, other, shallow=False))
        if not same:
            differ.append(str(path.relative_to(a)))
    return differ


# Whether two DuckDB files hold the same rows in every table and view: their bytes
# differ on every write (the file's header carries a random salt). Run in a child
# process, so that DuckDB's memory does not stay in this one.
SAME_DATABASE = """
import sys, duckdb
con = duckdb.connect()
con.execute(f"ATTACH '{sys.argv[1]}' AS a (READ_ONLY)")
con.execute(f"ATTACH '{sys.argv[2]}' AS b (READ_ONLY)")
names = lambda db: sorted(r[0] for r in con.execute(
    "SELECT table_name FROM information_schema.tables WHERE table_catalog = ?", [db]).fetchall())
same = names("a") == names("b") and all(
    con.execute(f'SELECT count(*) FROM ((FROM a."{n}" EXCEPT ALL FROM b."{n}") UNION ALL '
                f'(FROM b."{n}" EXCEPT ALL FROM a."{n}"))').fetchone()[0] == 0 for n in names("a"))
sys.exit(0 if same else 1)
"""


def same_database(a: Path, b: Path) -> bool:
    return subprocess.run([sys.executable, "-c", SAME_DATABASE, str(a), str(b)]).returncode == 0


def scaling(docs: int, with_workbook: bool, repeat: int = 1, one_cpu: bool = False) -> dict:
    """One worker against every core; each `repeat` times, alternating, the fastest kept
    (a shared machine's noise only ever slows a run down). `one_cpu`: also the one-worker
    build confined to one CPU (its thread that writes the texts, mostly the kernel's
    work of creating files, otherwise runs on a second core)."""
    raw = OUT / f"corpus-{docs}"
    n, size = make_corpus(docs, raw)
    mb = size / 1e6
    extra = () if with_workbook else ("--no-xlsx",)
    tag = "" if with_workbook else " --no-xlsx"
    runs: dict[str, Run] = {}

    def keep(name: str, run: Run) -> None:
        if name not in runs or run.seconds < runs[name].seconds:
            runs[name] = run

    for _ in range(repeat):
        keep("one", build(f"{docs} docs, 1 worker{tag}", raw, OUT / "build-1", 1, mb, *extra,
                          sample=False))
        keep("every", build(f"{docs} docs, {CORES} workers{tag}", raw, OUT / f"build-{CORES}",
                            CORES, mb, *extra, sample=False))
        if one_cpu and hasattr(os, "sched_setaffinity") and CORES > 1:
            keep("one_cpu", build(f"{docs} docs, 1 worker on 1 CPU{tag}", raw, OUT / "build-1cpu",
                                  1, mb, *extra, one_cpu=True, sample=False))
    return {**runs, "differ": same_outputs(OUT / "build-1", OUT / f"build-{CORES}")}


def incremental(docs: int) -> dict:
    """Rebuilds of the all-cores build: nothing changed; the digest index gone (every
    file hashed again); one file added."""
    raw = OUT / f"corpus-{docs}"
    out = OUT / f"build-{CORES}"
    mb = make_corpus(docs, raw)[1] / 1e6
    unchanged = build("no change", raw, out, CORES, mb, fresh=False)
    (out / ".cache" / "digests.pickle").unlink()
    rehashed = build("no change, every file hashed", raw, out, CORES, mb, fresh=False)
    added = raw / "added" / "one_more.txt"
    added.parent.mkdir(exist_ok=True)
    added.write_bytes((REPO / "data" / "raw" / "004_7ada625db814d714.txt").read_bytes())
    try:
        one_more = build("one file added", raw, out, CORES, mb, fresh=False)
    finally:
        shutil.rmtree(added.parent)
    return {"unchanged": unchanged, "rehashed": rehashed, "one_more": one_more}


def memory(sizes: list[int]) -> list[Run]:
    runs = []
    for docs in sizes:
        raw = OUT / f"corpus-{docs}"
        mb = make_corpus(docs, raw)[1] / 1e6
        runs.append(build(f"{docs} docs ({mb:,.0f} MB), {CORES} workers", raw,
                          OUT / "build-memory", CORES, mb))
    shutil.rmtree(OUT / "build-memory", ignore_errors=True)
    return runs


def run_line(r: Run) -> str:
    memory = (f"peak {r.peak_pss_mb:5.0f} MB (RSS sum {r.peak_rss_mb:.0f} MB, largest process "
              f"{r.max_process_mb:.0f} MB)" if r.peak_pss_mb else
              f"largest process {r.max_process_mb:.0f} MB (not sampled while timed)")
    return (f"  {r.label:<34} {r.seconds:7.1f} s  {r.docs_per_s:7.0f} docs/s  "
            f"{r.mb_per_s_per_core:5.2f} MB/s/core ({r.mb_per_cpu_second:5.2f} MB per CPU-s)  "
            + memory)


def machine_state() -> dict:
    """Two readings of how fast the machine is now, for comparing runs of the benchmark
    on a shared machine: a fixed loop of Python on one core, and creating 2,000 files of
    a document's size (ext4 without a journal, as here, skips the inodes of files deleted
    in the last five minutes or so when it makes one: after a mass deletion creating a
    file costs ten times as much). The files are left in the trash, not deleted now."""
    start = time.perf_counter()
    total = 0
    for i in range(10_000_000):
        total += i % 7
    loop = time.perf_counter() - start
    folder = OUT / f"probe-{time.monotonic_ns()}"
    folder.mkdir(parents=True)
    data = b"x" * 11_700
    start = time.perf_counter()
    for i in range(2_000):
        with open(folder / f"{i:05d}.txt", "wb", buffering=0) as f:
            f.write(data)
    create = (time.perf_counter() - start) / 2_000
    TRASH.mkdir(parents=True, exist_ok=True)
    folder.rename(TRASH / folder.name)
    return {"python_loop_s": loop, "file_create_us": create * 1e6}


def script(name: str, *args: str) -> list[str]:
    path = BENCH / name
    if not path.exists():
        return [f"{name}: not there yet (written by another engineer)"]
    proc = subprocess.run([sys.executable, str(path), *args], cwd=REPO, capture_output=True,
                          text=True)
    lines = proc.stdout.strip().splitlines()
    if proc.returncode:
        lines.append(f"{name} failed (exit {proc.returncode}): {proc.stderr.strip()[-500:]}")
    return lines


def profile(docs: int) -> list[str]:
    """pyinstrument over a one-worker build (everything in one process), written to
    bench/out/profile.txt and profile.html; returns the first lines of the text."""
    raw = OUT / f"corpus-{docs}"
    make_corpus(docs, raw)
    out = OUT / "build-profile"
    shutil.rmtree(out, ignore_errors=True)
    lines = []
    for renderer, suffix in (("text", "txt"), ("html", "html")):
        shutil.rmtree(out, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "pyinstrument", "-r", renderer, "-o",
                        str(OUT / f"profile.{suffix}"), "-m", "pipeline", "build", "--raw", str(raw),
                        "--out", str(out), "--workers", "1", "--quiet"],
                       cwd=REPO, check=True, capture_output=True)
    shutil.rmtree(out, ignore_errors=True)
    lines = (OUT / "profile.txt").read_text().splitlines()
    return [f"Profile of a one-worker build of {docs} documents (bench/out/profile.txt, .html):"] + \
        [line for line in lines if line.strip()][:60]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a 1,000-document corpus, fewer extras")
    parser.add_argument("--docs", type=int, default=None, help="corpus size (default 10,000)")
    parser.add_argument("--memory-sizes", default=None,
                        help="corpus sizes for the memory figure, comma-separated")
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs of each from-scratch build, the fastest kept (default 3: on a "
                             "shared machine other work only ever slows a run down)")
    parser.add_argument("--profile", action="store_true",
                        help="only profile a one-worker build (pyinstrument) and stop")
    args = parser.parse_args()
    docs = args.docs or (1_000 if args.quick else 10_000)
    sizes = [int(s) for s in args.memory_sizes.split(",")] if args.memory_sizes else \
        ([docs // 10, docs] if not args.quick else [docs // 4, docs])
    OUT.mkdir(parents=True, exist_ok=True)
    if args.profile:
        print("\n".join(profile(args.docs or 3_000)))
        return 0
    results = {"machine": {"cores": CORES, "cpu": platform.processor() or platform.machine(),
                           "python": platform.python_version()}}

    def say(lines):
        print("\n".join(lines) if isinstance(lines, list) else lines, flush=True)

    say(f"policy-pipeline benchmark: {CORES} cores ({platform.machine()}), Python "
        f"{platform.python_version()}, corpus of {docs:,} documents\n")
    state = machine_state()
    results["machine"].update(state)
    say(f"Machine now: a fixed Python loop {state['python_loop_s']:.2f} s (less is faster); "
        f"creating a file {state['file_create_us']:.0f} µs\n")
    with_book = scaling(docs, with_workbook=True, repeat=args.repeat, one_cpu=True)
    r1, rn, rc = with_book["one"], with_book["every"], with_book.get("one_cpu")
    say([f"Build from scratch ({r1.mb:.0f} MB of text):", run_line(r1), run_line(rn)]
        + ([run_line(rc)] if rc else [])
        + [f"  speed-up {r1.seconds / rn.seconds:.2f} on {CORES} cores over the 1-worker build"
           + (f" ({rc.seconds / rn.seconds:.2f} over one CPU)" if rc else "") + "; "
           + ("same bytes from 1 and from all workers" if not with_book["differ"] else
              f"OUTPUTS DIFFER: {', '.join(with_book['differ'][:10])}")])
    rebuilds = incremental(docs)
    say(["Rebuilds:"] + [run_line(r) + f"  ({r.processed} processed)" for r in rebuilds.values()])
    tables = scaling(docs, with_workbook=False, repeat=args.repeat)
    t1, tn = tables["one"], tables["every"]
    say(["Without the workbook (--no-xlsx):", run_line(t1), run_line(tn),
         f"  speed-up {t1.seconds / tn.seconds:.2f}; the workbook costs "
         f"{(r1.seconds - t1.seconds) / r1.seconds:.0%} of the one-worker build"])
    peaks = memory(sizes)
    say(["Peak memory by corpus size:"] + [run_line(r) for r in peaks])
    import roles
    # every output only (`bench/roles.py` alone also builds without the workbook): 1.5
    # to 2 minutes
    roles_lines, roles_figures = roles.report(docs=200 if args.quick else 1_000, pairs=4,
                                              workbook_only=True)
    say(roles_lines)
    import stages
    import xlsx
    say(stages.report(200 if args.quick else 1_000))
    rows = 20_000 if args.quick else 100_000
    say(xlsx.report(rows, xlsx.measure(xlsx.sample_rows(rows), repeat=1 if args.quick else 2)))
    say(script("pdf.py", "--repeat", "1" if args.quick else "3"))
    say(script("quantities.py", *(["--mb", "5"] if args.quick else [])))
    results.update(scratch={k: asdict(v) for k, v in with_book.items() if k != "differ"},
                   rebuilds={k: asdict(v) for k, v in rebuilds.items()},
                   tables_only={k: asdict(v) for k, v in tables.items() if k != "differ"},
                   memory=[asdict(r) for r in peaks], roles=roles_figures)
    (OUT / "results.json").write_text(json.dumps(results, indent=2, default=str))
    shutil.rmtree(TRASH, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
