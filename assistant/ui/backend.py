"""The state behind the chat page: one index read by many visitors at once, the engine answering
from it, and staff uploads ingested beside them.

Questions never wait for each other or for an ingest: the engine is read-only once built (its
facts in memory, SQLite opened in serialized mode for the few reads a question makes), and an
ingest writes through an `Index` of its own — its own SQLite connection, so readers keep seeing
the last committed state — then a new engine is built over the grown index and swapped in with
one assignment. A question already running finishes on the engine it started with.

The engine answers the same way every time — an answer is a function of the question, the
filters and the turn before it — so each such combination is answered once per engine and kept:
the example questions many visitors click cost one answer, and people asking the same thing at
the same moment wait for that one answer rather than each computing it. The kept answers go with
their engine when an ingest swaps it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from dataclasses import asdict, dataclass, field
from pathlib import Path

from assistant.index import Index
from assistant.retrieval.filters import Filters
from assistant.types import Answer
from assistant.ui.staff import check_filing_upload

ALL = "全部"
INGEST_LOG = "ingest_log.jsonl"  # in the index folder: who added which filing, and when
# one question down each path an answer may take (facts, a ranking, a definition, passages, a short
# name read through pinyin), so no visitor pays for loading what the path needs (pypinyin: 2 s)
WARM_QUESTIONS = ("三公经费是多少？", "三公经费排名", "什么是机关运行经费？", "项目经费情况说明讲了什么", "商务委的公车费")
log = logging.getLogger(__name__)


def _real_engine(index: Index):
    from assistant.answer.engine import Engine
    from assistant.retrieval.hybrid import HybridRetriever

    # each engine its own retriever: BM25 over the chunks as they were when the engine was built
    return Engine(index, retriever=HybridRetriever(index, index.settings))


@dataclass
class UploadOutcome:
    name: str
    status: str        # added / held (a split filing's part waiting for its other part) / skipped / failed
    detail: str        # filing title, or the reason it failed
    warnings: list[str] = field(default_factory=list)


@dataclass
class IngestRecord:
    """One line of the ingest log."""

    at: str            # local time, ISO 8601
    user: str          # the staff account, or how an anonymous local user was let in
    file: str          # the name the file was uploaded under
    sha256: str
    status: str
    filing: str        # the filing's title when added/held/skipped, else ""
    detail: str = ""   # the reason it failed


class AnswerCache:
    """Answers kept per question and filters; concurrent askers of one question share one answer."""

    def __init__(self, size: int):
        self.size = size
        self._lock = threading.Lock()
        self._done: OrderedDict[tuple, tuple] = OrderedDict()
        self._running: dict[tuple, Future] = {}

    def get(self, key: tuple, compute: Callable[[], tuple]) -> tuple:
        with self._lock:
            if key in self._done:
                self._done.move_to_end(key)
                return self._done[key]
            running = self._running.get(key)
            if running is None:
                mine = self._running[key] = Future()
        if running is not None:
            return running.result()
        try:
            value = compute()
        except BaseException as e:
            with self._lock:
                del self._running[key]
            mine.set_exception(e)
            raise
        with self._lock:
            del self._running[key]
            if value[0].status != "error":  # a failure is not kept: the next asker tries again
                self._done[key] = value
                while len(self._done) > self.size:
                    self._done.popitem(last=False)
        mine.set_result(value)
        return value


class Backend:
    def __init__(self, index: Index, engine_factory: Callable[[Index], object] = _real_engine):
        self.index = index
        self._make_engine = engine_factory
        self._ingest_lock = threading.Lock()  # one ingest at a time; questions never take it
        self._writer: Index | None = None
        self._kept = index.settings.ui_kept_answers
        self._current = (engine_factory(index), AnswerCache(self._kept))  # swapped together, in one assignment
        self._generation = index.generation()  # the store as the engine saw it: another process may ingest

    @property
    def engine(self):
        return self._current[0]

    # --- asking ------------------------------------------------------------------------------
    def ask(self, question: str, department: str | None, year: str | int | None, kind: str | None) -> Answer:
        return self.ask_turn(question, department, year, kind, None)[0]

    def ask_turn(self, question: str, department: str | None, year: str | int | None, kind: str | None,
                 previous=None):
        """The answer and the turn as understood: the page keeps the turn per visitor, so the next
        question can be a follow-up of this one (那去年呢？). Safe to call from many threads at once."""
        filters = Filters(
            department=None if department in (None, "", ALL) else department,
            year=None if year in (None, "", ALL) else int(year),
            kind=None if kind in (None, "", ALL) else kind,
        )
        generation = self.index.generation()
        if generation != self._generation:  # another process (or page) changed a shared store: look again
            self._generation = generation
            self._current = (self._make_engine(self.index), AnswerCache(self._kept))
        engine, kept = self._current  # one engine for the whole question, even if an ingest swaps it meanwhile
        if not kept.size:
            return self._answer(engine, question, filters, previous)
        # the turn before as the engine read it (its complete question and reading): what a follow-up takes
        context = None if previous is None else (previous.text, repr(previous.intent))
        key = (question, filters.department, filters.year, filters.kind, context)
        return kept.get(key, lambda: self._answer(engine, question, filters, previous))

    @staticmethod
    def _answer(engine, question: str, filters: Filters, previous):
        if hasattr(engine, "ask_turn"):
            return engine.ask_turn(question, filters, previous)
        return engine.ask_safely(question, filters), None

    def warm_up(self, engine=None) -> None:
        """Load the facts, the vector store and BM25 once, so the first visitor's answer (from facts
        or from passages) is as quick as the rest."""
        engine = engine or self.engine
        if hasattr(engine, "warm_up"):  # word lists (pinyin, parts of speech) no warm question may need
            engine.warm_up()
        if hasattr(engine, "ask_turn"):
            for question in WARM_QUESTIONS:
                engine.ask_turn(question, Filters(), None)
        retriever = getattr(engine, "retriever", None)
        try:
            if retriever is not None:
                retriever.retrieve("三公经费", None, 1)
        except Exception:  # an empty or half-built index: nothing to warm
            log.debug("nothing to warm in %s", self.index.dir, exc_info=True)

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
    def ingest_uploads(self, files: list[tuple[Path, str]], user: str = "") -> Iterator[UploadOutcome]:
        """Check, keep and ingest uploaded files one at a time (path, original name); yields each outcome
        as it happens and records it in the ingest log with `user`. Kept copies live in
        <index>/uploads/<sha>/ so a filing's recorded path outlives gradio's temp files."""
        keep = self.index.dir / "uploads"
        keep.mkdir(parents=True, exist_ok=True)
        for path, name in files:
            reason = check_filing_upload(path, name)
            digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""
            if reason:
                outcome = UploadOutcome(name, "failed", reason)
            else:
                with self._ingest_lock:
                    outcome = self._ingest_one(path, name, keep / digest[:12] / Path(name).name)
            self._record(user, name, digest, outcome)
            yield outcome

    def _ingest_one(self, path: Path, name: str, target: Path) -> UploadOutcome:
        from assistant.ingest import ingest

        # one folder per content, so two different uploads with one name never overwrite each other
        target.parent.mkdir(exist_ok=True)
        shutil.copyfile(path, target)
        if self._writer is None:
            self._writer = Index(self.index.dir, self.index.settings)
        report = ingest([target], self._writer, progress=False)
        if report.added:
            engine = self._make_engine(self.index)  # over the grown index, built while questions go on
            self.warm_up(engine)
            self._current = (engine, AnswerCache(self._kept))
            self._generation = self.index.generation()
        if report.failed:
            shutil.rmtree(target.parent, ignore_errors=True)
            return UploadOutcome(name, "failed", _reason_zh(report.failed[0][1]))
        if report.added:
            title = report.added[0]
            warns = next((f.warnings for f in self.index.facts.filings() if f.title == title), [])
            return UploadOutcome(name, "added", title, [*report.joined, *warns])
        if report.held:
            return UploadOutcome(name, "held", report.held[0])
        return UploadOutcome(name, "skipped", report.skipped[0] if report.skipped else name)

    def _record(self, user: str, name: str, digest: str, o: UploadOutcome) -> None:
        rec = IngestRecord(at=time.strftime("%Y-%m-%dT%H:%M:%S%z"), user=user, file=name, sha256=digest,
                           status=o.status, filing=o.detail if o.status != "failed" else "",
                           detail=o.detail if o.status == "failed" else "")
        with (self.index.dir / INGEST_LOG).open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(asdict(rec), ensure_ascii=False) + "\n")
        log.info("ingest by %s: %s → %s %s", user or "?", name, o.status, o.detail)

    def ingest_log(self, last: int = 200) -> list[IngestRecord]:
        """The newest `last` records, newest first."""
        path = self.index.dir / INGEST_LOG
        if not path.exists():
            return []
        lines = path.read_text(encoding="utf-8").splitlines()[-last:]
        return [IngestRecord(**json.loads(line)) for line in reversed(lines) if line.strip()]


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
