"""Finding the inputs: every file under the raw folder, walked safely.

The walk never raises: what it cannot use is a problem row for `errors.csv`, naming
the entry and why —

- a file of a format no reader knows: `skipped: unsupported format` (it is listed, not
  silently left out, so a folder of `.xls` files does not look like an empty corpus);
- a folder that cannot be listed (permissions): the folder and the reason;
- a symbolic link that loops, leads nowhere or leads out of the raw folder: not
  followed. A link to a file inside the folder is read as that file; a link to a
  folder inside it is not followed, since that folder is read where it is (so no
  document is read twice and no loop is walked).

Hidden files (`.name`) are left out without a word: they are the file system's or an
editor's, not documents.

Each input's `doc_id` is its stem, or `stem.ext` where two inputs share a stem; such
inputs are named in a warning, since adding the second file changed the first's id.
"""
from __future__ import annotations

import errno
import os
import stat
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.read import SUPPORTED_SUFFIXES

SKIPPED = "skipped: unsupported format"
# skipped files named in the summary; errors.csv lists them all
SKIPPED_SHOWN = 20


@dataclass(frozen=True, slots=True)
class Input:
    file: str            # the file's path (a string: a million Paths weigh too much)
    doc_id: str
    source: str          # relative to the raw folder, with forward slashes

    @property
    def path(self) -> Path:
        return Path(self.file)


@dataclass
class Found:
    inputs: list[Input] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)    # (source, reason), sorted
    warnings: list[str] = field(default_factory=list)


def discover(raw: Path) -> Found:
    """Every supported file under `raw` with its doc_id, sorted by doc_id; the entries
    that could not be used, with the reason; warnings about doc_ids."""
    walk = Walk(str(raw))
    walk.folder(())
    found = Found(problems=sorted(walk.problems))
    readable = []
    for parts in sorted(walk.files):
        if os.path.splitext(parts[-1])[1].lower() in SUPPORTED_SUFFIXES:
            readable.append(parts)
        else:
            found.problems.append(("/".join(parts), SKIPPED))
    found.problems.sort()
    stems = Counter(os.path.splitext(parts[-1])[0] for parts in readable)
    used: set[str] = set()
    shared: dict[str, list[str]] = {}
    for parts in readable:
        name = parts[-1]
        stem = os.path.splitext(name)[0]
        doc_id = stem if stems[stem] == 1 else name
        while doc_id in used:   # the same name in two folders
            doc_id = f"{doc_id}_{len(used)}"
        used.add(doc_id)
        source = "/".join(parts)
        if stems[stem] > 1:
            shared.setdefault(stem, []).append(f"{source} → {doc_id}")
        found.inputs.append(Input(os.path.join(str(raw), *parts), doc_id, source))
    found.inputs.sort(key=lambda i: i.doc_id)
    for stem, named in sorted(shared.items()):
        found.warnings.append(f"{len(named)} inputs share the stem {stem!r}, so their doc_id is the file name "
                              f"with its extension ({'; '.join(named)}); alone, the file's doc_id would be "
                              f"{stem!r}. Two copies of one document? Keep one.")
    return found


class Walk:
    """The files under a folder as tuples of names relative to it, and the problems
    met. `os.scandir` knows which entries are folders and links without a `stat`
    each, some ten times as fast as `Path.rglob` for 10,000 files."""

    def __init__(self, root: str):
        self.root = root
        self.real_root = os.path.realpath(root)
        self.files: list[tuple[str, ...]] = []
        self.problems: list[tuple[str, str]] = []

    def folder(self, parts: tuple[str, ...]) -> None:
        """Everything under the folder at `parts`, depth first, without recursion (a
        deep tree must not hit Python's recursion limit)."""
        pending = [parts]
        while pending:
            parts = pending.pop()
            try:
                with os.scandir(os.path.join(self.root, *parts)) as listing:
                    entries = list(listing)
            except OSError as e:
                self.problem(parts, f"cannot read the folder: {e.strerror or e}")
                continue
            for entry in entries:
                here = parts + (entry.name,)
                try:
                    if entry.is_symlink():
                        self.link(here)
                    elif entry.is_dir(follow_symlinks=False):
                        pending.append(here)
                    elif entry.is_file(follow_symlinks=False) and not entry.name.startswith("."):
                        self.files.append(here)
                except OSError as e:      # an entry that vanished or cannot be looked at
                    self.problem(here, f"cannot read the entry: {e.strerror or e}")

    def link(self, parts: tuple[str, ...]) -> None:
        path = os.path.join(self.root, *parts)
        try:
            target = os.path.realpath(path, strict=True)
            st = os.stat(target)
        except OSError as e:
            if e.errno == errno.ELOOP:
                self.problem(parts, "symbolic link loop: following the link leads back to it; not followed")
            else:
                self.problem(parts, f"broken symbolic link: its target does not exist ({e.strerror or e})")
            return
        inside = os.path.commonpath([self.real_root, target]) == self.real_root
        if not inside:
            self.problem(parts, f"symbolic link to {target}, outside the raw folder; not followed "
                                "(copy the file into the folder to read it)")
        elif stat.S_ISDIR(st.st_mode):
            here = os.path.realpath(os.path.join(self.root, *parts[:-1]))
            if os.path.commonpath([here, target]) == target:
                folder = os.path.relpath(target, self.real_root)
                self.problem(parts, "symbolic link loop: the link leads back to "
                                    f"{'the raw folder' if folder == '.' else 'the folder ' + folder} "
                                    "it is in; not followed")
            # else: a folder inside the raw folder, read where it is
        elif stat.S_ISREG(st.st_mode) and not parts[-1].startswith("."):
            self.files.append(parts)

    def problem(self, parts: tuple[str, ...], reason: str) -> None:
        self.problems.append(("/".join(parts) or ".", reason))


def skipped_lines(problems: list[tuple[str, str]]) -> list[str]:
    """The summary's lines for files skipped as unsupported: their count and names."""
    skipped = [source for source, reason in problems if reason == SKIPPED]
    if not skipped:
        return []
    shown = ", ".join(skipped[:SKIPPED_SHOWN]) + (f", … ({len(skipped) - SKIPPED_SHOWN} more in errors.csv)"
                                                  if len(skipped) > SKIPPED_SHOWN else "")
    return [f"  skipped {len(skipped)} file{'s' if len(skipped) > 1 else ''} of an unsupported format: {shown}"]
