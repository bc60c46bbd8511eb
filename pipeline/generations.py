"""The output folder as generations: each build writes everything it makes into a
folder of its own, and one link is switched to it at the end, so a reader, a crash or
a full disk sees all of one build's outputs, never some of two.

    OUT/.builds/7/              a build's tables, texts and whatever else it writes
    OUT/current -> .builds/7    the one link a build switches (a new link renamed over it)
    OUT/amounts.csv -> current/amounts.csv, OUT/text -> current/text, …
                                a link per name, made once, never switched
    OUT/.cache/, OUT/.lock      kept across generations

`OUT/amounts.csv` and the rest keep working as paths; a reader that opens several of
them and wants one build's set resolves `OUT/current` once and opens the files under
the folder it names. The generation before the current one is kept until the next
build ends, for readers that resolved it just before a switch.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

BUILDS = ".builds"
CURRENT = "current"
# what builds of the layout before generations left in OUT when killed
LEGACY_LEFTOVERS = (".*.partial", ".xlsx-*")


class Generations:
    """The generations of one output folder. Only a build that holds the folder's lock
    (`pipeline.lock`) uses it: whatever it finds unfinished is a dead build's."""

    def __init__(self, out: Path):
        self.out = out
        self.builds = out / BUILDS
        self.link = out / CURRENT

    def current(self) -> Path | None:
        """The folder of the build in place, resolved once; None before the first."""
        try:
            target = os.readlink(self.link)
        except OSError:
            return None
        folder = self.out / target
        return folder if folder.is_dir() else None

    def clean(self) -> None:
        """Remove what killed or failed builds left: unfinished generations, links
        half made, and the hidden files of the layout before generations. Works on a
        full disk: removing needs no space."""
        keep = self._kept()
        if self.builds.is_dir():
            for folder in self.builds.iterdir():
                if folder.name not in keep:
                    remove(folder)
        for pattern in LEGACY_LEFTOVERS + (".*.link",):
            for left in self.out.glob(pattern):
                remove(left)

    def stage(self) -> Path:
        """A new, empty generation folder, numbered after every one there is."""
        self.builds.mkdir(parents=True, exist_ok=True)
        numbers = [int(f.name) for f in self.builds.iterdir() if f.name.isdigit()]
        folder = self.builds / str(max(numbers, default=0) + 1)
        folder.mkdir()
        return folder

    def switch(self, staged: Path) -> None:
        """Make `staged` the build in place. Every name in it gets its link in OUT
        first (a name new in this build points into nothing until the switch); then one
        rename of the `current` link switches them all."""
        for name in self._names(staged):
            path, target = self.out / name, f"{CURRENT}/{name}"
            if path.is_symlink() and os.readlink(path) == target:
                continue
            if path.is_dir() and not path.is_symlink():     # `text/` of the layout before
                os.replace(path, self.builds / f"legacy-{name}")
            replace_link(path, target)
        replace_link(self.link, f"{BUILDS}/{staged.name}")

    def tidy(self) -> None:
        """After a switch: remove the links of names the build in place no longer
        writes, and the generations before the last two."""
        current = self.current()
        names = self._names(current)
        for path in self.out.iterdir():
            if path.is_symlink() and path.name not in names and \
                    os.readlink(path).startswith(f"{CURRENT}/"):
                path.unlink()
        self.clean()

    @staticmethod
    def _names(folder: Path) -> set[str]:
        return {p.name for p in folder.iterdir() if not p.name.startswith(".")}

    def _kept(self) -> set[str]:
        """The generation in place and the one before it (the highest-numbered
        finished one below it)."""
        current = self.current()
        if current is None:
            return set()
        below = [int(f.name) for f in self.builds.iterdir()
                 if f.name.isdigit() and int(f.name) < int(current.name)]
        # an unfinished generation is never below the current one: builds number
        # theirs after every existing one, and only the last build can be unfinished
        return {current.name, *(str(max(below)) for _ in below[:1])}


def replace_link(path: Path, target: str) -> None:
    """Point `path` at `target` in one step (a new link renamed over the old name)."""
    new = path.with_name(f".{path.name}.link")
    new.unlink(missing_ok=True)
    os.symlink(target, new)
    os.replace(new, path)


def remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)
