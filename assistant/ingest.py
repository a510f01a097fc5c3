"""Ingest: files and folders → filings → facts + chunks → the index, one filing at a time.

Idempotent by content: a file whose bytes are already in the index is skipped, and so is the same
filing in other bytes — another encoding, a re-saved PDF — recognised by its department, year and
kind and its printed text (readers/identity.py). A file that cannot be read is reported by name
with the reason and the rest still go in. Each file's outcome is reported as it happens (`on_file`).

Nothing one file does can stall the rest: a file beyond the size a filing can be is refused
unread; each file is read and parsed in a child process with a time and a memory budget
(ingest_worker.py), killed and named when it overruns. One ingest writes to an index at a time
(index/lock.py); a second waits, then skips what the first put in.

A filing published as two files — a 文件 part and a 表格 part of one department-year — goes in as
ONE filing whichever part comes first and whether they come in one run or two: the part that comes
second finds the first (kept whole in the index), the two are joined under the 文件's identity with
the year either prints, and the first part's own entry (if it had one) is replaced. A 表格 part that
prints no year and finds no 文件 is held, not failed, until its 文件 arrives (the report says so).
"""

from __future__ import annotations

import hashlib
import logging
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from assistant.chunking import make_chunks
from assistant.index import Index
from assistant.index.lock import ingest_lock
from assistant.ingest_worker import FileReader, Prepared
from assistant.parsers import extract_facts
from assistant.readers import FilingError, shown
from assistant.readers.identity import same_filing
from assistant.readers.parts import belong_together, join_parts, pick_partner
from assistant.readers.sniff import is_pdf
from assistant.readers.walk import walk
from assistant.settings import Settings
from assistant.types import LOCATOR_SEP, Fact, Filing
from assistant.verify.coverage import Coverage, filing_coverage

log = logging.getLogger(__name__)


@dataclass
class FileResult:
    """What became of one file, reported the moment it is known."""

    path: str                      # as it can be printed (readers.errors.shown)
    status: str                    # added | skipped | held | failed
    title: str = ""                # the filing's title (added, skipped, held)
    reason: str = ""               # why it failed or was skipped
    seconds: float = 0.0           # reading, parsing and indexing time
    warnings: list[str] = field(default_factory=list)
    coverage: Coverage | None = None
    joined: str = ""               # how two parts became one filing


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)     # filing titles
    skipped: list[str] = field(default_factory=list)   # already in the index (same content)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    warnings: list[str] = field(default_factory=list)  # per filing: pages with no text layer …
    coverage: list[Coverage] = field(default_factory=list)  # per added filing: what was read
    held: list[str] = field(default_factory=list)      # parts waiting for their other part
    joined: list[str] = field(default_factory=list)    # how two parts became one filing
    passed_over: list[tuple[str, str]] = field(default_factory=list)  # (path, reason): links not followed
    files: list[FileResult] = field(default_factory=list)  # every file's outcome, in order

    @property
    def ok(self) -> bool:
        return not self.failed


def expand_paths(paths: list[str | Path]) -> tuple[list[Path], list[tuple[str, str]]]:
    """Files as given; folders → their PDF and text files (sorted). Missing paths are failures."""
    w = walk(paths)
    return w.files, w.missing


def size_limit(path: Path, settings: Settings) -> str | None:
    """The reason a file is refused unread for its size, or None."""
    size = path.stat().st_size
    with path.open("rb") as fh:
        head = fh.read(1024)
    pdf = is_pdf(head) or path.suffix.lower() == ".pdf"
    limit_mb = settings.ingest_max_pdf_mb if pdf else settings.ingest_max_text_mb
    if size <= limit_mb * 1024 * 1024:
        return None
    kind, var = ("PDF", "ASSISTANT_INGEST_MAX_PDF_MB") if pdf else ("text", "ASSISTANT_INGEST_MAX_TEXT_MB")
    return (f"too large: {size / 1024 / 1024:.1f} MB, beyond the {limit_mb:g} MB a {kind} filing may be "
            f"(no budget filing is near it; {var} to change)")


def file_id(path: Path) -> str:
    """sha256 of the file's bytes, read in blocks (the idempotence key, Filing.doc_id)."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def ingest_file(path: Path, index: Index, report: IngestReport | None = None) -> tuple[str, str]:
    """One file into the index, read in this process. Returns (outcome, title): outcome 'added',
    'skipped' or 'held' (a part waiting for its other part)."""
    from assistant.ingest_worker import prepare

    prepared = prepare(path)
    return ingest_filing(prepared.filing, index, report, prepared)


def ingest_filing(filing: Filing, index: Index, report: IngestReport | None = None,
                  prepared: Prepared | None = None) -> tuple[str, str]:
    """One read filing (or one part of a split filing) into the index; see ingest_file. `prepared`
    carries the filing's facts and chunks when they were parsed already (in the reader process)."""
    if index.has(filing.doc_id) or index.facts.has_part(filing.doc_id):
        return "skipped", filing.title
    if twin := same_filing(filing, index, index.settings.ingest_same_text):
        return "skipped", twin.title
    if filing.part is None:
        _add(filing, index, report, prepared=prepared)
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
        _add(filing, index, report, prepared=prepared)  # answerable on its own until its other part comes
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
         parts: dict[str, Filing] | None = None, prepared: Prepared | None = None) -> None:
    if prepared is not None and prepared.filing.doc_id == filing.doc_id:
        facts, chunks = prepared.facts, prepared.chunks
    else:
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


def ingest(paths: list[str | Path], index: Index, progress: bool | None = None,
           on_file: Callable[[FileResult], None] | None = None) -> IngestReport:
    """Every file of `paths` into the index; `on_file` hears each file's outcome as it happens."""
    walked = walk(paths)
    report = IngestReport(passed_over=list(walked.passed_over))
    tell = on_file or (lambda result: None)
    for where, why in walked.missing:
        _record(report, FileResult(where, "failed", reason=why), tell)
    for where, why in walked.passed_over:  # named, not failed: they are not files of the folders given
        report.files.append(FileResult(where, "skipped", reason=why))
        tell(report.files[-1])
    settings = index.settings
    show = sys.stderr.isatty() if progress is None else progress

    def waiting() -> None:
        log.warning("another ingest is writing to %s; waiting for it to finish", index.dir)
        if show:
            tqdm.write("另一个入库任务正在写入这个索引，等待其完成……", file=sys.stderr)

    with ingest_lock(index.dir, on_wait=waiting), \
            FileReader(settings.ingest_file_seconds, settings.ingest_memory_mb, settings.ingest_max_facts) as reader:
        index.remove_pending()  # an ingest killed before this one left a half-written filing
        bar = tqdm(walked.files, desc="ingest", unit="file", disable=not show, file=sys.stderr)
        for path in bar:
            bar.set_postfix_str(shown(path.name)[:30])
            _record(report, _one(path, index, reader, report), tell)
    return report


def _one(path: Path, index: Index, reader: FileReader, report: IngestReport) -> FileResult:
    t0 = time.perf_counter()
    where = shown(path)
    try:
        if too_large := size_limit(path, index.settings):
            raise FilingError(path, too_large)
        doc_id = file_id(path)
        if index.has(doc_id) or index.facts.has_part(doc_id):  # same bytes: no need to read them again
            title = next((f.title for f in index.facts.filings() if f.doc_id == doc_id), where)
            return FileResult(where, "skipped", title, reason="内容相同（同一文件已入库）")
        prepared = reader.prepare(path)
        if twin := same_filing(prepared.filing, index, index.settings.ingest_same_text):
            return FileResult(where, "skipped", twin.title, reason=twin.reason, seconds=time.perf_counter() - t0)
        before = (len(report.coverage), len(report.joined), len(report.held))
        outcome, title = ingest_filing(prepared.filing, index, report, prepared)
    except FilingError as e:
        return FileResult(where, "failed", reason=e.reason, seconds=time.perf_counter() - t0)
    except OSError as e:  # unreadable, vanished, a folder where a file was
        return FileResult(where, "failed", reason=f"cannot read the file: {e.strerror or e}",
                          seconds=time.perf_counter() - t0)
    except Exception as e:  # a bug must not lose the other files; the log has the traceback
        log.exception("ingest of %s failed", where)
        return FileResult(where, "failed", reason=f"internal error while parsing: {type(e).__name__}: {e}",
                          seconds=time.perf_counter() - t0)
    result = FileResult(where, outcome, title, seconds=time.perf_counter() - t0)
    if len(report.coverage) > before[0]:
        result.coverage = report.coverage[-1]
        result.warnings = next((f.warnings for f in index.facts.filings() if f.title == title), [])
    if len(report.joined) > before[1]:
        result.joined = report.joined[-1]
    if len(report.held) > before[2]:
        result.reason = report.held[-1]
    if outcome == "skipped":
        result.reason = "内容相同（同一文件已入库）"
    return result


def _record(report: IngestReport, result: FileResult, tell: Callable[[FileResult], None]) -> None:
    report.files.append(result)
    if result.status == "failed":
        report.failed.append((result.path, result.reason))
    elif result.status == "added":
        report.added.append(result.title)
    elif result.status == "skipped":
        report.skipped.append(result.title or result.path)
    tell(result)
