from __future__ import annotations

import os
import unicodedata
from pathlib import Path


def shown(path: str | Path) -> str:
    """A path as it can be printed, logged and stored: bytes that are not UTF-8 as \\xNN, control
    characters (a newline in a name) escaped. A file name may hold any bytes but NUL and '/'; a
    report line, a JSON string and an SQLite text may not."""
    text = os.fsencode(str(path)).decode("utf-8", "backslashreplace")
    if text.isprintable():
        return text
    return "".join(c if c == " " or not unicodedata.category(c).startswith("C") else
                   c.encode("unicode_escape").decode("ascii") for c in text)


class FilingError(Exception):
    """A file that cannot be read as a filing; the message names the file and the reason."""

    def __init__(self, path: str | Path, reason: str):
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{shown(self.path.name)}: {reason}")
