"""Ingest: files and folders → filings → facts + chunks → the index, one filing at a time.

Idempotent by content hash: a file already in the index is skipped. A file that cannot be
read is reported by name with the reason and the rest still go in.

A filing published as two files — a 文件 part and a 表格 part of one department-year — goes in as
ONE filing whichever part comes first and whether they come in one run or two: the part that comes
second finds the first (kept whole in the index), the two are joined under the 文件's identity with
the year either prints, and the first part's own entry (if it had one) is replaced. A 表格 part that
prints no year and finds no 文件 is held, not failed, until its 文件 arrives (the report says so).
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
from assistant.readers.parts import belong_together, join_parts, pick_partner
from assistant.types import LOCATOR_SEP, Fact, Filing
from assistant.verify.coverage import Coverage, filing_coverage


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)     # filing titles
    skipped: list[str] = field(default_factory=list)   # already in the index (same content)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    warnings: list[str] = field(default_factory=list)  # per filing: pages with no text layer …
    coverage: list[Coverage] = field(default_factory=list)  # per added filing: what was read
    held: list[str] = field(default_factory=list)      # parts waiting for their other part
    joined: list[str] = field(default_factory=list)    # how two parts became one filing

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
    """One file into the index. Returns (outcome, title): outcome 'added', 'skipped' or 'held' (a
    part waiting for its other part). With a report, an added filing's coverage goes into it."""
    return ingest_filing(read_filing(path), index, report)


def ingest_filing(filing: Filing, index: Index, report: IngestReport | None = None) -> tuple[str, str]:
    """One read filing (or one part of a split filing) into the index; see ingest_file."""
    if index.has(filing.doc_id) or index.facts.has_part(filing.doc_id):
        return "skipped", filing.title
    if filing.part is None:
        _add(filing, index, report)
        return "added", filing.title
    partners = [o for o in index.facts.open_parts() if belong_together(filing, o)]
    other = pick_partner(filing, partners) if partners else None
    index.facts.save_part(filing)
    if other is None:
        if not filing.year:
            why = "有多个可能的文件部分" if partners else "尚未找到同一部门的文件部分"
            if report is not None:
                report.held.append(f"{filing.department}{filing.filing_kind}（{filing.part}部分，{filing.path}）"
                                   f"没有印年度，{why}：暂存，待其文件部分入库后合为一份")
            return "held", filing.title
        _add(filing, index, report)  # answerable on its own until its other part comes
        return "added", filing.title
    wen, biao = (filing, other) if filing.part == "文件" else (other, filing)
    joined = join_parts(wen, biao)
    for part in (wen, biao):
        if index.has(part.doc_id):
            index.remove_filing(part.doc_id)
    _add(joined, index, report, split_at=len(wen.pages), parts={"文件": wen, "表格": biao})
    index.facts.mark_joined([wen.doc_id, biao.doc_id], joined.doc_id)
    if report is not None:
        report.joined.append(f"{joined.title}：文件部分 {wen.path} 与表格部分 {biao.path}"
                             f"（部门名称“{biao.department}”）合为一份")
    return "added", joined.title


def _add(filing: Filing, index: Index, report: IngestReport | None, split_at: int | None = None,
         parts: dict[str, Filing] | None = None) -> None:
    facts = extract_facts(filing)
    if split_at is not None and parts:
        facts = [_part_fact(f, split_at, parts) for f in facts]
    chunks = make_chunks(filing, facts)
    index.add_filing(filing, facts, chunks)
    if report is not None:
        report.coverage.append(filing_coverage(filing, filing.pages, facts))


def _part_fact(fact: Fact, split_at: int, parts: dict[str, Filing]) -> Fact:
    """A joined filing's fact keeps the part it came from; a 表格 fact's locator names the 表格's
    document and its page there (its `page` is the joined filing's, after the 文件's pages)."""
    if fact.page is None or fact.page <= split_at:
        return fact.model_copy(update={"part": "文件"})
    name = Path(parts["表格"].path).name
    where = f"表格部分《{name}》第{fact.page - split_at}页"
    return fact.model_copy(update={"part": "表格",
                                   "locator": f"{where}{LOCATOR_SEP}{fact.locator}" if fact.locator else where})


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
        if outcome != "held":
            (report.added if outcome == "added" else report.skipped).append(title)
    return report
