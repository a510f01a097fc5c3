"""Ingest: files and folders → filings → facts + chunks → the index, one filing at a time.

Idempotent by content hash: a file already in the index is skipped. A file that cannot be
read is reported by name with the reason and the rest still go in.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from assistant.chunking import make_chunks
from assistant.index import Index
from assistant.parsers import extract_facts
from assistant.readers import SUFFIXES, FilingError, read_filing
from assistant.verify.coverage import Coverage, filing_coverage


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)     # filing titles
    skipped: list[str] = field(default_factory=list)   # already in the index (same content)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    warnings: list[str] = field(default_factory=list)  # per filing: pages with no text layer …
    coverage: list[Coverage] = field(default_factory=list)  # per added filing: what was read

    @property
    def ok(self) -> bool:
        return not self.failed


def expand_paths(paths: list[str | Path]) -> tuple[list[Path], list[tuple[str, str]]]:
    """Files as given; folders → their PDF and text files (sorted). Missing paths are failures."""
    files, missing = [], []
    for p in map(Path, paths):
        if p.is_dir():
            files += sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES)
        elif p.is_file():
            files.append(p)
        else:
            missing.append((str(p), "no such file or folder"))
    return files, missing


def ingest_file(path: Path, index: Index, report: IngestReport | None = None) -> tuple[str, str]:
    """One file into the index. Returns (outcome, title): outcome 'added' or 'skipped'. With a
    report, an added filing's coverage (what was read of it) goes into it."""
    filing = read_filing(path)
    if index.has(filing.doc_id):
        return "skipped", filing.title
    facts = extract_facts(filing)
    chunks = make_chunks(filing, facts)
    index.add_filing(filing, facts, chunks)
    if report is not None:
        report.coverage.append(filing_coverage(filing, filing.pages, facts))
    return "added", filing.title


def ingest(paths: list[str | Path], index: Index, progress: bool | None = None) -> IngestReport:
    files, missing = expand_paths(paths)
    report = IngestReport(failed=list(missing))
    show = sys.stderr.isatty() if progress is None else progress
    bar = tqdm(files, desc="ingest", unit="file", disable=not show, file=sys.stderr)
    for path in bar:
        bar.set_postfix_str(path.name[:30])
        try:
            outcome, title = ingest_file(path, index, report)
        except FilingError as e:
            report.failed.append((str(path), e.reason))
            continue
        except Exception as e:  # a parser bug must not lose the other files
            report.failed.append((str(path), f"internal error while parsing: {type(e).__name__}: {e}"))
            continue
        (report.added if outcome == "added" else report.skipped).append(title)
    return report
