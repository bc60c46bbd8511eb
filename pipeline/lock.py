"""The output folder's lock: one build at a time writes into a `--out` folder.

An advisory `flock` on `OUT/.lock`, held for the whole build. The kernel drops it when
the holder's last descriptor closes, so a build killed with `kill -9` never leaves a
stale lock behind. The holder writes its pid and command line into the file, so a
second build can say who is in the way.
"""
from __future__ import annotations

import fcntl
import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path

LOCK_FILE = ".lock"
POLL = 0.2          # seconds between tries of a build that waits
# the descriptors of the locks this process holds: a forked worker closes its copies
# (`release_inherited`), so the lock goes with the build, not with its last worker
HELD: set[int] = set()


class Busy(Exception):
    """Another build holds the output folder."""


def holder(path: Path) -> str:
    """What the lock file says about its holder ("unknown" when it says nothing)."""
    try:
        said = path.read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        said = ""
    return said or "unknown"


@contextmanager
def locked(out: Path, wait: bool = False):
    """Hold `out`'s lock for the body; raise `Busy` (naming the holder) when another
    build holds it, or, with `wait`, wait until it is free."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / LOCK_FILE
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not wait:
                    raise Busy(f"another build is writing to {out}: {holder(path)} "
                               "(wait for it, or pass --wait)") from None
                time.sleep(POLL)
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"pid {os.getpid()}: {' '.join(sys.orig_argv)}\n".encode(), 0)
        except OSError:     # a full disk: the lock holds without the note
            pass
        HELD.add(fd)
        yield
    finally:
        HELD.discard(fd)
        os.close(fd)


def release_inherited() -> None:
    """In a forked child: close the copies of the parent's lock descriptors (the
    parent's lock stays held; it goes when the parent's own copy closes)."""
    for fd in HELD:
        os.close(fd)
    HELD.clear()
