"""The page's backend serves many visitors at once: answers asked from many threads equal the
answers asked one by one, and an upload being ingested neither stops questions nor shows them a
half-written index. (The load over HTTP is measured by eval/ui_load.py, not asserted here.)"""

from __future__ import annotations

import shutil
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from assistant.index import Index
from assistant.ingest import ingest
from assistant.settings import get_settings
from assistant.ui.backend import ALL, Backend
from tests.conftest import CORPUS, FILINGS

# my own phrasings: facts, passages, a ranking, a follow-up-free definition, a filter, a not-found
QUESTIONS = [
    ("2025年万里街道的三公经费预算数", None), ("三公经费排名", None), ("什么是机关运行经费", None),
    ("区府办2025年三公经费预算是多少", None), ("2025年上海市财政局住房公积金的预算", None),
    ("江苏省人民检察院2019年商品和服务支出", None), ("规划资源局2024年决算收支总计", None),
    ("出差一年花多少钱", "东西湖区城市运行管理中心"), ("项目经费情况说明讲了什么", "上海市普陀区人民政府万里街道办事处"),
    ("南京市中级人民法院的三公经费", None),
]


def _ask(backend: Backend, q: str, dept: str | None) -> dict:
    return backend.ask(q, dept or ALL, ALL, ALL).model_dump()


def test_answers_in_parallel_equal_answers_in_series(corpus_index):
    backend = Backend(corpus_index)
    backend.warm_up()
    serial = [_ask(backend, q, d) for q, d in QUESTIONS]
    assert all(a["status"] != "error" for a in serial), [a["answer"] for a in serial if a["status"] == "error"]
    jobs = [i % len(QUESTIONS) for i in range(8 * len(QUESTIONS))]  # each question 8 times, interleaved
    start = threading.Barrier(8)

    def run(chunk: list[int]) -> list[tuple[int, dict]]:
        start.wait()  # all threads ask at the same moment
        return [(i, _ask(backend, *QUESTIONS[i])) for i in chunk]

    with ThreadPoolExecutor(8) as pool:
        results = [r for part in pool.map(run, [jobs[k::8] for k in range(8)]) for r in part]
    assert len(results) == len(jobs)
    for i, answer in results:
        assert answer == serial[i], QUESTIONS[i]


def test_questions_go_on_while_a_filing_is_ingested(tmp_path):
    index_dir = tmp_path / "index"
    index = Index(index_dir, get_settings(index_dir=index_dir))
    assert ingest([CORPUS / FILINGS["seed"]], index, progress=False).ok
    backend = Backend(index)
    backend.warm_up()
    seed_q = ("2025年东西湖区城运中心的三公经费", None)
    before = _ask(backend, *seed_q)
    assert "2.5万元" in before["answer"]
    upload = tmp_path / "up" / FILINGS["putuo2025"]
    upload.parent.mkdir()
    shutil.copyfile(CORPUS / FILINGS["putuo2025"], upload)

    done = threading.Event()
    during: list[tuple[float, dict]] = []

    def asker():
        while not done.is_set():
            during.append((time.perf_counter(), _ask(backend, *seed_q)))

    askers = [threading.Thread(target=asker) for _ in range(3)]
    for t in askers:
        t.start()
    t0 = time.perf_counter()
    outcomes = list(backend.ingest_uploads([(upload, upload.name)], user="ann"))
    t1 = time.perf_counter()
    done.set()
    for t in askers:
        t.join()

    assert [o.status for o in outcomes] == ["added"], outcomes
    answered_meanwhile = [a for at, a in during if t0 < at < t1]
    assert answered_meanwhile, "no question was answered while the filing went in"
    # the new filing names another department: the seed's answer never changes, never errs
    assert all(a == before for _, a in during)
    after = _ask(backend, "2025年普陀区财政局的三公经费", None)
    assert "0.95万元" in after["answer"] and after["status"] == "answered"
    log = backend.ingest_log()
    assert [(r.user, r.file, r.status, r.filing) for r in log] == [
        ("ann", FILINGS["putuo2025"], "added", "上海市普陀区财政局2025年部门预算")]
    assert log[0].sha256 and log[0].at


@pytest.mark.parametrize("name, reason", [("notes.docx", "文件类型不支持")])
def test_a_refused_upload_is_logged_too(tmp_path, name, reason):
    index_dir = tmp_path / "index"
    backend = Backend(Index(index_dir, get_settings(index_dir=index_dir)),
                      engine_factory=lambda index: object())
    f = tmp_path / name
    f.write_bytes(b"PK\x03\x04")
    [outcome] = backend.ingest_uploads([(f, name)], user="bo")
    assert outcome.status == "failed" and reason in outcome.detail
    [rec] = backend.ingest_log()
    assert (rec.user, rec.file, rec.status, rec.filing) == ("bo", name, "failed", "") and reason in rec.detail


class SlowCounting:
    """A stand-in engine that takes a while and counts what it is asked."""

    def __init__(self, index):
        self.asked: list[str] = []
        self.lock = threading.Lock()

    def ask_safely(self, question, filters):
        from assistant.types import Answer

        with self.lock:
            self.asked.append(question)
        time.sleep(0.05)
        status = "error" if "boom" in question else "not_found"
        return Answer(question=question, status=status, answer=f"{question}（{filters.department}）")


def test_one_question_asked_by_many_at_once_is_answered_once(tmp_path):
    backend = Backend(Index(tmp_path / "i", get_settings(index_dir=tmp_path / "i")), engine_factory=SlowCounting)
    engine = backend.engine
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda _: backend.ask("三公经费是多少？", ALL, ALL, ALL), range(8)))
    assert engine.asked == ["三公经费是多少？"] and all(a is answers[0] for a in answers)
    backend.ask("三公经费是多少？", "某部门", ALL, ALL)  # other filters: another answer
    backend.ask("boom", ALL, ALL, ALL)
    backend.ask("boom", ALL, ALL, ALL)  # a failure is not kept
    assert engine.asked == ["三公经费是多少？", "三公经费是多少？", "boom", "boom"]


def test_kept_answers_can_be_turned_off(tmp_path, monkeypatch):
    monkeypatch.setenv("ASSISTANT_UI_KEPT_ANSWERS", "0")
    backend = Backend(Index(tmp_path / "i", get_settings(index_dir=tmp_path / "i")), engine_factory=SlowCounting)
    backend.ask("三公经费是多少？", ALL, ALL, ALL)
    backend.ask("三公经费是多少？", ALL, ALL, ALL)
    assert backend.engine.asked == ["三公经费是多少？"] * 2
