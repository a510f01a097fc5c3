"""Files and folders given to `ingest` → the files to read, without ever leaving the folders given.

A folder is walked without following symbolic links out of it: a link whose target lies outside
every folder given is not followed and is named (a folder of filings handed over may carry a link
to /etc or to another department's drafts); a broken or looping link is named; a link to a file
inside is read once, under its real path. A file named on the command line is read as named, link
or not: the caller chose it. Names may hold any bytes; they are shown with readers.errors.shown.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from assistant.readers.errors import shown

SUFFIXES = {".pdf", ".txt", ".text"}


@dataclass
class Walk:
    files: list[Path] = field(default_factory=list)
    missing: list[tuple[str, str]] = field(default_factory=list)      # (path shown, reason): a failure
    passed_over: list[tuple[str, str]] = field(default_factory=list)  # (path shown, reason): links not followed


def _inside(target: str, roots: list[str]) -> bool:
    return any(target == r or target.startswith(r.rstrip(os.sep) + os.sep) for r in roots)


def walk(paths: list[str | Path]) -> Walk:
    out = Walk()
    given = [Path(p) for p in paths]
    roots = [os.path.realpath(p) for p in given if p.is_dir()]
    seen: set[str] = set()

    def add(path: Path) -> None:
        real = os.path.realpath(path)
        if real not in seen:
            seen.add(real)
            out.files.append(path)

    for p in given:
        if p.is_dir():
            _walk_folder(p, roots, add, out)
        elif p.is_file():
            add(p)
        elif p.is_symlink() and not p.exists():
            out.missing.append((shown(p), "a broken symbolic link: its target does not exist (or it loops)"))
        elif p.exists():
            out.missing.append((shown(p), "not a regular file (a pipe, socket or device)"))
        else:
            out.missing.append((shown(p), "no such file or folder"))
    return out


def _walk_folder(top: Path, roots: list[str], add, out: Walk) -> None:
    def unreadable(e: OSError) -> None:
        out.missing.append((shown(e.filename or top), f"cannot list the folder: {e.strerror}"))

    for dirpath, dirnames, filenames in os.walk(top, followlinks=False, onerror=unreadable):
        dirnames.sort()
        here = Path(dirpath)
        links_to_dirs = [d for d in dirnames if (here / d).is_symlink()]
        for name in sorted(filenames + links_to_dirs):
            path = here / name
            if not path.is_symlink():
                if path.suffix.lower() in SUFFIXES:
                    if path.is_file():
                        add(path)
                    else:  # a FIFO would block the reader forever
                        out.passed_over.append((shown(path), "not a regular file (a pipe, socket or device)"))
                continue
            target = os.path.realpath(path)
            if not os.path.exists(target):
                out.passed_over.append((shown(path), "a broken symbolic link: its target does not exist (or it loops)"))
            elif not _inside(target, roots):
                out.passed_over.append((shown(path), f"a symbolic link to {shown(target)}, outside the folders given: "
                                                     "not followed"))
            elif os.path.isfile(target) and path.suffix.lower() in SUFFIXES:
                add(path)
            # a link to a folder inside is walked where that folder is
