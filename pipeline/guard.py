"""Worker processes watched over, so that one bad document costs that document only.

A `Guarded` worker is a forked child process that runs the tasks it is sent over a
pipe, a few documents each, and notes in a slot of memory shared with its parent
which document it is on and since when (`document_started`). The thread that sent
the task waits for the result; when the slot shows a document running longer than
the time limit, it kills the child. When the child dies — killed so, by the OOM
killer, or by a crash in a library — the exit status says how; the document it was on
becomes an error row, a fresh child is forked, and the task is run again there with
that document marked as failed.

Each child also has a ceiling on its address space (`RLIMIT_AS`): what it uses once
started, plus the memory a document may take. A document that needs more fails
with `MemoryError` (an error row, the worker goes on) before the machine runs short.

A child gets `SIGKILL` when the thread that forked it ends, whether the build
returns, fails or is killed (`PR_SET_PDEATHSIG`): no worker outlives its build.
"""
from __future__ import annotations

import ctypes
import mmap
import os
import resource
import signal
import socket
import struct
import sys
import threading
import time
import warnings
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection
from queue import SimpleQueue

DOC_TIMEOUT = 120.0         # seconds a document may take in a worker (--doc-timeout)
PR_SET_PDEATHSIG = 1        # <linux/prctl.h>
SLOT = struct.Struct("<qd")     # the document a child is on (-1: none), since when (monotonic)
IDLE = -1
CHECK_EVERY = 1.0           # seconds between looks at a busy child's slot
# deaths in a row, with no document running, after which a task is given up: a child
# that cannot even start would otherwise be forked again forever
DEATHS_WITHOUT_A_DOCUMENT = 3
FAILED = "the document could not be processed: "


def default_doc_memory(workers: int) -> int:
    """A share of the machine's memory for each worker's document, leaving a share for
    the build's own process: a document may use this much before it fails."""
    physical = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    return max(physical // (max(workers, 1) + 1), 1 << 30)


@dataclass(frozen=True)
class Limits:
    """What a document may take in a worker: seconds, and bytes of memory (None: a
    share of the machine's, `default_doc_memory`)."""
    seconds: float = DOC_TIMEOUT
    memory: int | None = None


# in a child: its slot, where `document_started` notes the document it is on
_slot: mmap.mmap | None = None
# the parent's ends of its children's pipes: a child forked later closes its copies,
# or a child would not see its pipe close until every later sibling had ended
_parent_ends: set[int] = set()


def document_started(index: int) -> None:
    """Note that the task's document `index` starts now (IDLE: none is running).
    Nothing outside a guarded child."""
    if _slot is not None:
        SLOT.pack_into(_slot, 0, index, time.monotonic())


class WorkerDied(Exception):
    pass


class TookTooLong(BaseException):
    """Not an `Exception`: code that catches every error of a step it tries (a decoder,
    a reader's fallback) must not catch this one and go on."""


def took_too_long(seconds: float) -> str:
    return f"it took longer than {seconds:g} s (--doc-timeout)"


@contextmanager
def time_limit(seconds: float):
    """The limit where there is no worker to kill (`--workers 1`): `TookTooLong` is
    raised in the body when it runs longer than `seconds`, by an alarm signal. Python
    code is stopped between two of its steps; a single long call into a library only
    once it returns. In the main thread only (the one that gets signals); elsewhere
    nothing is limited."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def expired(signum, frame):
        raise TookTooLong(took_too_long(seconds))

    previous = signal.signal(signal.SIGALRM, expired)
    # again every second after the first, should something swallow the first
    signal.setitimer(signal.ITIMER_REAL, seconds, 1.0)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class Guarded:
    """One watched-over child process, driven by one thread at a time."""

    def __init__(self, limits: Limits, memory: int, initializer=None,
                 stopped: threading.Event | None = None):
        """`stopped`: set when the build stops; a child that dies then is not replaced."""
        self.limits, self.memory, self.initializer = limits, memory, initializer
        self.stopped = stopped
        self.pid = 0
        self.conn: Connection | None = None
        self.slot = mmap.mmap(-1, SLOT.size)        # anonymous, shared with the children
        self._fork()

    def run(self, fn, items: list, *args, **kwargs):
        """`fn(items, *args, failed=…, **kwargs)` in the child: its result. `failed`
        maps the index of each document that killed a child to why; `fn` makes those
        documents error rows without processing them again."""
        failed: dict[int, str] = {}
        deaths = 0
        while True:
            try:
                return self._call(fn, items, args, dict(kwargs, failed=failed))
            except WorkerDied as died:
                if self.stopped is not None and self.stopped.is_set():
                    raise RuntimeError("the build stopped") from None
                index, reason = died.args
                if index == IDLE:
                    deaths += 1
                    if deaths >= DEATHS_WITHOUT_A_DOCUMENT:
                        raise RuntimeError(f"worker processes keep dying outside any document: {reason}")
                else:
                    failed[index] = FAILED + reason
                self._fork()

    def _call(self, fn, items, args, kwargs):
        SLOT.pack_into(self.slot, 0, IDLE, 0.0)
        try:
            self.conn.send((fn, items, args, kwargs))
        except OSError:
            raise WorkerDied(IDLE, self._death()) from None
        killed_for_time = None
        while True:
            index, since = self._on()
            wait = CHECK_EVERY
            if index != IDLE:
                left = since + self.limits.seconds - time.monotonic()
                if left <= 0:
                    os.kill(self.pid, signal.SIGKILL)
                    killed_for_time = index
                    wait = None         # until the pipe closes
                else:
                    wait = min(left, CHECK_EVERY)
            if self.conn.poll(wait):
                try:
                    ok, value = self.conn.recv()
                except (EOFError, OSError):
                    reason = self._death()
                    if killed_for_time is not None:
                        raise WorkerDied(killed_for_time, took_too_long(self.limits.seconds)) from None
                    raise WorkerDied(self._on()[0], reason) from None
                if not ok:
                    raise value
                return value

    def _on(self) -> tuple[int, float]:
        while True:     # the child writes both fields; read until they belong together
            index, since = SLOT.unpack_from(self.slot)
            if SLOT.unpack_from(self.slot) == (index, since):
                return index, since

    def _death(self) -> str:
        """Reap the dead child; how it died, in words."""
        self._hang_up()
        _, status = os.waitpid(self.pid, 0)
        self.pid = 0
        if os.WIFSIGNALED(status):
            sig = os.WTERMSIG(status)
            if sig == signal.SIGKILL:
                return "the worker ran out of memory (killed by SIGKILL)"
            return f"the worker crashed ({signal.Signals(sig).name})"
        return f"the worker exited with code {os.WEXITSTATUS(status)}"

    def _fork(self) -> None:
        parent_end, child_end = socket.socketpair()
        parent = os.getpid()
        with warnings.catch_warnings():
            # forking while the writer's threads run: the child only runs the pipeline's
            # code, and the allocators it shares with them (glibc's, Arrow's) handle fork
            warnings.simplefilter("ignore", DeprecationWarning)
            pid = os.fork()
        if pid == 0:
            parent_end.close()
            for fd in _parent_ends:
                os.close(fd)
            _parent_ends.clear()
            _child(Connection(child_end.detach()), parent, self.slot, self.memory, self.initializer)
        child_end.close()
        self.pid, self.conn = pid, Connection(parent_end.detach())
        _parent_ends.add(self.conn.fileno())

    def close(self) -> None:
        if not self.pid:
            return
        self._hang_up()             # the child's next read ends its loop
        os.waitpid(self.pid, 0)
        self.pid = 0

    def _hang_up(self) -> None:
        if not self.conn.closed:
            _parent_ends.discard(self.conn.fileno())
            self.conn.close()


def _child(conn: Connection, parent: int, slot: mmap.mmap, memory: int, initializer) -> None:
    """A child's life: die with the parent, start, cap memory, run what comes."""
    global _slot
    code = 0
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent:      # the parent died before the signal was asked for
            os._exit(1)
        from pipeline.lock import release_inherited

        release_inherited()
        signal.signal(signal.SIGINT, signal.SIG_IGN)    # Ctrl-C is the build's to handle
        if initializer:
            initializer()
        _slot = slot
        hard = resource.getrlimit(resource.RLIMIT_AS)[1]
        ceiling = address_space() + memory
        if hard != resource.RLIM_INFINITY:
            ceiling = min(ceiling, hard)
        resource.setrlimit(resource.RLIMIT_AS, (ceiling, hard))
        while True:
            try:
                fn, items, args, kwargs = conn.recv()
            except EOFError:
                break
            try:
                reply = (True, fn(items, *args, **kwargs))
            except Exception as e:
                reply = (False, e)
            document_started(IDLE)
            conn.send(reply)
    except BaseException:
        code = 1
    finally:
        sys.stdout.flush()
        os._exit(code)          # not the parent's exit handlers, nor its buffers


def address_space() -> int:
    """This process's virtual memory size, bytes."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


class GuardedPool:
    """`workers` guarded children and a thread for each to wait on it; `submit` takes
    the same calls as a `ProcessPoolExecutor`'s (a function taking a list of documents
    and `failed`). The children are forked at once, by the caller's thread."""

    def __init__(self, workers: int, limits: Limits, initializer=None):
        memory = limits.memory or default_doc_memory(workers)
        self.stopped = threading.Event()
        self.children: SimpleQueue = SimpleQueue()
        self.all = [Guarded(limits, memory, initializer, self.stopped) for _ in range(workers)]
        for child in self.all:
            self.children.put(child)
        self.threads = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="guard")

    def submit(self, fn, items, *args):
        return self.threads.submit(self._run, fn, items, *args)

    def _run(self, fn, items, *args):
        child = self.children.get()
        try:
            return child.run(fn, items, *args)
        finally:
            self.children.put(child)

    def shutdown(self, failed: bool = False) -> None:
        """Stop: the tasks not started are dropped; with `failed` the children are
        killed at once, not left to finish what they are doing."""
        self.stopped.set()
        if failed:
            for child in self.all:
                try:
                    if child.pid:
                        os.kill(child.pid, signal.SIGKILL)
                except ProcessLookupError:      # dead already, and being reaped
                    pass
        self.threads.shutdown(wait=True, cancel_futures=True)
        for child in self.all:      # every pipe closed, then every child reaped
            if child.pid:
                child._hang_up()
        for child in self.all:
            child.close()


_local = threading.local()


def guarded_call(fn, items, limits: Limits, initializer, *args):
    """`fn(items, *args)` in a guarded child of this process kept by the calling
    thread (a Dask worker's thread: the child is forked at its first task)."""
    child = getattr(_local, "child", None)
    if child is None or child.limits != limits:
        if child is not None:
            child.close()
        _local.child = child = Guarded(limits, limits.memory or default_doc_memory(1), initializer)
    return child.run(fn, items, *args)
