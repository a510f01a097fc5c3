"""One ingest writes to an index at a time; readers never clean up after a writer still at work.

An advisory lock on <index>/ingest.lock (flock): held by `ingest` for its whole run, released by
the kernel when the process ends however it ends (kill -9 included). A second ingest into the same
index waits for the first, then finds the first's filings in place and skips them; opening an index
removes a half-written filing only when no ingest holds the lock (the filing of an ingest still at
work is pending, not abandoned).
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK_FILE = "ingest.lock"


@contextmanager
def ingest_lock(index_dir: str | Path, wait: bool = True, on_wait: Callable[[], None] | None = None) -> Iterator[bool]:
    """Yields True once the lock is held; with wait=False, yields False at once when another holds it."""
    path = Path(index_dir) / LOCK_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not wait:
                yield False
                return
            if on_wait is not None:
                on_wait()
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield True
    finally:
        os.close(fd)  # closing the descriptor releases the lock
