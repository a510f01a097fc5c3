from __future__ import annotations

from pathlib import Path


class FilingError(Exception):
    """A file that cannot be read as a filing; the message names the file and the reason."""

    def __init__(self, path: str | Path, reason: str):
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path.name}: {reason}")
