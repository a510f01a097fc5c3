"""Reading and parsing one file in a child process, within a time and a memory budget.

pdfminer is pure Python and can work for minutes on a hostile PDF; a compressed stream can inflate
to gigabytes. Neither can be stopped from inside the process that runs it (a thread cannot be
interrupted, a signal only reaches the main thread), so each file is read in a child process the
ingest can kill: the file is named too slow, a fresh child starts, and the rest go on. The child's
address space is capped, so a file that needs more memory is named instead of swapping the machine.

    with FileReader(seconds=60, memory_mb=1024, max_facts=20000) as reader:
        prepared = reader.prepare(path)   # Prepared(filing, facts, chunks), or raises FilingError

The child (`python -c "from assistant.ingest_worker import main; main(MB)"`) answers requests on stdin/stdout, each message a
length-prefixed pickle between two processes of this program: request (path, max_facts); reply
("ok", Prepared) | ("failed", reason) | ("error", (type, message, traceback)). With seconds = 0 the file is read in this
process, unbounded (tests and tools that read a known file).
"""

from __future__ import annotations

import logging
import os
import pickle
import re
import select
import struct
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from assistant.readers import FilingError, read_filing
from assistant.types import Chunk, Fact, Filing

log = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parent.parent
_HEADER = struct.Struct("!Q")
# A figure as the parsers read one: a decimal, a separated thousand, or a number with its unit
_FIGURE = re.compile(r"\d[\d,]*\.\d+|\d{1,3}(?:,\d{3})+|\d+\s*(?:万元|元|%|％)")
# Seconds a fresh child may take to import the readers and parsers (not counted against a file)
START_SECONDS = 60.0


@dataclass
class Prepared:
    """A file read and parsed, ready for the index (facts and chunks of the filing as read alone)."""

    filing: Filing
    facts: list[Fact]
    chunks: list[Chunk]


def prepare(path: str | Path, max_facts: int = 0) -> Prepared:
    """Read and parse one file (in whichever process calls it)."""
    from assistant.chunking import make_chunks
    from assistant.parsers import extract_facts

    filing = read_filing(path)
    # counted before parsing (a regex pass), so a file of 10^5 generated figures is refused in a
    # second instead of parsed for a minute; parsing yields at most about one fact per figure
    printed = sum(len(_FIGURE.findall(p.text)) for p in filing.pages)
    if max_facts and printed > max_facts:
        raise _too_many(path, f"{printed} printed", max_facts)
    facts = extract_facts(filing)
    if max_facts and len(facts) > max_facts:
        raise _too_many(path, f"{len(facts)} read", max_facts)
    return Prepared(filing, facts, make_chunks(filing, facts))


def _too_many(path, count: str, limit: int) -> FilingError:
    return FilingError(path, f"implausibly many figures: {count}, where a filing holds a few thousand "
                             f"(limit {limit}, ASSISTANT_INGEST_MAX_FACTS)")


# --- the parent's side ------------------------------------------------------------------------------
class FileReader:
    """Prepares files in a child process (seconds > 0) or in this one (seconds = 0)."""

    def __init__(self, seconds: float, memory_mb: int, max_facts: int):
        self.seconds, self.memory_mb, self.max_facts = seconds, memory_mb, max_facts
        self._proc: subprocess.Popen | None = None

    def __enter__(self) -> "FileReader":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def prepare(self, path: Path) -> Prepared:
        if self.seconds <= 0:
            return prepare(path, self.max_facts)
        proc = self._child()
        try:
            _send(proc.stdin, (os.fsencode(path), self.max_facts))
            kind, payload = _receive(proc.stdout, time.monotonic() + self.seconds)
        except TimeoutError:
            self._kill()
            raise FilingError(path, f"too slow: not read within {self.seconds:g} s (ASSISTANT_INGEST_FILE_SECONDS); "
                                    "the rest go on") from None
        except (EOFError, BrokenPipeError, OSError, pickle.UnpicklingError) as e:
            code = self._kill()
            why = f"killed by signal {-code}" if code and code < 0 else f"exit status {code}"
            raise FilingError(path, f"the reader process died on this file ({why}: {type(e).__name__}); "
                                    f"it may need more than {self.memory_mb} MB (ASSISTANT_INGEST_MEMORY_MB)") from e
        if kind == "ok":
            return payload
        if kind == "failed":
            raise FilingError(path, payload)
        name, message, trace = payload  # a parser bug: named like one met in this process
        log.error("parsing %s failed in the reader process:\n%s", path, trace)
        raise FilingError(path, f"internal error while parsing: {name}: {message}")

    def _child(self) -> subprocess.Popen:
        if self._proc is not None and self._proc.poll() is None:
            return self._proc
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
        # run as this module, not as __main__, so what it pickles names assistant.ingest_worker.Prepared
        code = f"from assistant.ingest_worker import main; main({int(self.memory_mb)})"
        self._proc = subprocess.Popen([sys.executable, "-c", code],
                                      stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, cwd=ROOT)
        try:
            _receive(self._proc.stdout, time.monotonic() + START_SECONDS)  # ("ready", None)
        except (TimeoutError, EOFError, OSError) as e:
            self._kill()
            raise RuntimeError(f"the reader process did not start ({type(e).__name__})") from e
        return self._proc

    def _kill(self) -> int | None:
        proc, self._proc = self._proc, None
        if proc is None:
            return None
        if proc.poll() is None:
            proc.kill()
        code = proc.wait()
        for stream in (proc.stdin, proc.stdout):
            try:
                stream.close()
            except OSError:
                pass
        return code

    def close(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        try:
            proc.stdin.close()  # the child ends on end of input
            proc.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            proc.kill()
            proc.wait()
        proc.stdout.close()


def _send(stream, obj) -> None:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


def _read_exactly(fd: int, n: int, deadline: float | None) -> bytes:
    parts, got = [], 0
    while got < n:
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                raise TimeoutError
        chunk = os.read(fd, min(n - got, 1 << 20))
        if not chunk:
            raise EOFError
        parts.append(chunk)
        got += len(chunk)
    return b"".join(parts)


def _receive(stream, deadline: float | None):
    fd = stream.fileno()
    (n,) = _HEADER.unpack(_read_exactly(fd, _HEADER.size, deadline))
    return pickle.loads(_read_exactly(fd, n, deadline))


# --- the child's side -------------------------------------------------------------------------------
def _limit_memory(mb: int) -> None:
    import resource

    if mb > 0:
        resource.setrlimit(resource.RLIMIT_AS, (mb << 20, mb << 20))
    try:  # end with the parent, even if it is killed (Linux)
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def main(memory_mb: int) -> None:
    import traceback

    # Replies go on a private copy of stdout; a library printing to stdout writes to stderr instead.
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    import assistant.chunking  # noqa: F401  (imported before the memory cap, once)
    import assistant.parsers  # noqa: F401

    _limit_memory(memory_mb)
    _send(out, ("ready", None))
    stdin = sys.stdin.buffer
    while True:
        try:
            raw_path, max_facts = _receive(stdin, None)
        except EOFError:
            return
        path = os.fsdecode(raw_path)
        try:
            reply = ("ok", prepare(path, max_facts))
        except FilingError as e:
            reply = ("failed", e.reason)
        except MemoryError:
            reply = ("failed", f"needs more memory to read than the ingest allows ({memory_mb} MB, "
                               "ASSISTANT_INGEST_MEMORY_MB)")
        except Exception as e:  # a parser bug: the parent names the file and the error
            reply = ("error", (type(e).__name__, str(e), traceback.format_exc()))
        try:
            _send(out, reply)
        except MemoryError:
            _send(out, ("failed", f"its parsed content is too large to pass on within {memory_mb} MB"))
        del reply
