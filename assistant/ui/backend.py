"""The state behind the chat page: one index, the engine answering from it, and a lock so an
upload never swaps the engine out from under a question being answered."""

from __future__ import annotations

import hashlib
import shutil
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from assistant.index import Index
from assistant.retrieval.filters import Filters
from assistant.types import Answer
from assistant.ui.staff import check_filing_upload

ALL = "全部"


def _real_engine(index: Index):
    from assistant.answer.engine import Engine

    return Engine(index)


@dataclass
class UploadOutcome:
    name: str
    status: str        # added / held (a split filing's part waiting for its other part) / skipped / failed
    detail: str        # filing title, or the reason it failed
    warnings: list[str] = field(default_factory=list)


class Backend:
    def __init__(self, index: Index, engine_factory: Callable[[Index], object] = _real_engine):
        self.index = index
        self._make_engine = engine_factory
        self._lock = threading.RLock()
        self._generation = index.generation()
        self.engine = engine_factory(index)

    # --- asking ------------------------------------------------------------------------------
    def ask(self, question: str, department: str | None, year: str | int | None, kind: str | None) -> Answer:
        return self.ask_turn(question, department, year, kind, None)[0]

    def ask_turn(self, question: str, department: str | None, year: str | int | None, kind: str | None,
                 previous=None):
        """The answer and the turn as understood: the page keeps the turn per visitor, so the next
        question can be a follow-up of this one (那去年呢？)."""
        filters = Filters(
            department=None if department in (None, "", ALL) else department,
            year=None if year in (None, "", ALL) else int(year),
            kind=None if kind in (None, "", ALL) else kind,
        )
        # Answers take milliseconds; holding the lock keeps one SQLite connection from being read
        # while an upload writes to it (uploads take it per file, so questions slip in between files).
        with self._lock:
            if self.index.generation() != self._generation:  # another process (or page) changed the store
                self._generation = self.index.generation()
                self.engine = self._make_engine(self.index)
            if hasattr(self.engine, "ask_turn"):
                return self.engine.ask_turn(question, filters, previous)
            return self.engine.ask_safely(question, filters), None

    def warm_up(self) -> None:
        """Load the facts, the vector store and BM25 once, so the first visitor's answer (from facts
        or from passages) is as quick as the rest; after an upload the index drops its retriever."""
        self.ask("三公经费是多少？", None, None, None)
        try:
            self.index.retriever.retrieve("三公经费", None, 1)
        except Exception:  # an empty or half-built index: nothing to warm
            pass

    # --- what the filters offer ----------------------------------------------------------------
    def choices(self) -> tuple[list[str], list[str], list[str]]:
        filings = self.index.facts.filings()
        departments = sorted({f.department for f in filings})
        years = sorted({str(f.year) for f in filings}, reverse=True)
        kinds = sorted({f.kind for f in filings})
        return [ALL, *departments], [ALL, *years], [ALL, *kinds]

    def filings_table(self) -> list[list[str]]:
        return [[f.title, f.department, str(f.year), f.kind] for f in self.index.facts.filings()]

    # --- uploads -------------------------------------------------------------------------------
    def ingest_uploads(self, files: list[tuple[Path, str]]) -> Iterator[UploadOutcome]:
        """Check, keep and ingest uploaded files one at a time (path, original name); yields each outcome.
        Kept copies live in <index>/uploads/<sha>/ so a filing's recorded path outlives gradio's temp files."""
        from assistant.ingest import ingest

        keep = self.index.dir / "uploads"
        keep.mkdir(parents=True, exist_ok=True)
        for path, name in files:
            reason = check_filing_upload(path, name)
            if reason:
                yield UploadOutcome(name, "failed", reason)
                continue
            # one folder per content, so two different uploads with one name never overwrite each other
            digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
            target = keep / digest / Path(name).name
            target.parent.mkdir(exist_ok=True)
            shutil.copyfile(path, target)
            with self._lock:
                report = ingest([target], self.index, progress=False)
                if report.added:
                    self._generation = self.index.generation()
                    self.engine = self._make_engine(self.index)  # the engine must see the new filing
                    self.warm_up()
            if report.failed:
                shutil.rmtree(target.parent, ignore_errors=True)
                yield UploadOutcome(name, "failed", _reason_zh(report.failed[0][1]))
            elif report.added:
                title = report.added[0]
                warns = next((f.warnings for f in self.index.facts.filings() if f.title == title), [])
                yield UploadOutcome(name, "added", title, [*report.joined, *warns])
            elif report.held:
                yield UploadOutcome(name, "held", report.held[0])
            else:
                yield UploadOutcome(name, "skipped", report.skipped[0] if report.skipped else name)


_REASONS_ZH = {
    "the file is empty": "文件是空的",
    "no text layer on any page (scanned image PDF?)": "没有任何一页有文字层（可能是扫描图片 PDF）",
    "not a budget filing: the text never mentions 预算 or 决算": "不是预算/决算文件：全文没有出现“预算”或“决算”",
    "text is neither UTF-8 nor GBK": "文本编码不是 UTF-8 也不是 GBK",
    "binary content, not a text filing": "内容是二进制数据，不是文本文件",
    "the PDF is encrypted": "PDF 已加密，无法读取",
    "the PDF has no pages": "PDF 没有任何页面",
}
_PREFIXES_ZH = {
    "not a readable PDF": "无法读取的 PDF",
    "broken PDF": "PDF 文件已损坏",
    "internal error while parsing": "解析时出现内部错误（请把文件交给技术人员）",
}


def _reason_zh(reason: str) -> str:
    """The reader's reason in Chinese for staff; the original detail is kept after a colon."""
    if reason in _REASONS_ZH:
        return _REASONS_ZH[reason]
    for prefix, zh in _PREFIXES_ZH.items():
        if reason.startswith(prefix):
            return f"{zh}：{reason[len(prefix):].lstrip(' :(').rstrip(')')}"
    return reason
