"""The reliability suite's fast subset (eval/hostile.py, full=False): a few dozen malformed and hostile
files beside the seed filing and a corpus PDF, ingested through the library. Every bad file is named
with a true reason, every good filing goes in once (its GBK, Big5, UTF-16 and re-saved twins are
skipped as the same filing), planted instructions yield no fact. The full set, kill -9 and concurrent
ingests are measured by `python -m eval.reliability`."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path

import pytest

from assistant.index import Index
from assistant.index.lock import ingest_lock
from assistant.ingest import ingest
from assistant.ingest_worker import FileReader
from assistant.readers import FilingError
from assistant.settings import get_settings
from eval import pdfs
from eval.hostile import PLANTED_VALUE, SEED, build
from eval.reliability_checks import judge

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    work = tmp_path_factory.mktemp("hostile")
    cases = build(work / "folder", full=False)
    index = Index(work / "index", get_settings(index_dir=work / "index"))
    heard = []
    report = ingest([work / "folder"], index, progress=False, on_file=heard.append)
    return cases, report, heard, index


def test_every_hostile_file_is_named_with_a_true_reason(hostile):
    cases, report, heard, _ = hostile
    verdicts = judge(cases, [asdict(r) for r in report.files])
    wrong = [(v.case.path.name, v.case.what, v.status, v.reason, v.why) for v in verdicts if not v.ok]
    assert wrong == []
    assert {v.case.kind for v in verdicts} == {"bad", "good", "twin", "carrier", "link"}
    assert not [r for r in report.files if "internal error" in r.reason or "died" in r.reason]
    assert [r.path for r in heard] == [r.path for r in report.files]  # every outcome told as it happened


def test_the_good_filings_go_in_once_and_planted_text_is_no_fact(hostile):
    _, report, _, index = hostile
    titles = sorted(f.title for f in index.facts.filings())
    assert titles == sorted(["上海市普陀区人民政府万里街道办事处2025年部门预算", "东西湖区城市运行管理中心2025年部门预算",
                             "武昌区城市建设服务中心2025年部门预算", "汉南区城市管理服务中心2025年部门预算",
                             "青山区园林绿化服务中心2025年部门预算"])
    assert not [f for f in index.facts.facts() if f.value is not None and float(f.value) == PLANTED_VALUE]
    twins = [r for r in report.files if "同一份文件" in r.reason]
    assert len(twins) == 4 and {r.title for r in twins} == {"东西湖区城市运行管理中心2025年部门预算",
                                                             "上海市普陀区人民政府万里街道办事处2025年部门预算"}
    carrier = next(f for f in index.facts.filings() if f.department == "汉南区城市管理服务中心")
    assert any("指令或提问" in w for w in carrier.warnings)
    # the seed's facts are the same as the seed read alone: the carriers' hostile text changes nothing
    sangong = index.facts.facts(department="汉南区城市管理服务中心", subject="三公经费", measure="预算数")
    assert sorted(float(f.value) for f in sangong) == [25000.0]


def test_a_file_beyond_its_time_budget_is_named_and_the_next_one_reads(tmp_path):
    slow = tmp_path / "slow.pdf"
    slow.write_bytes(pdfs.many_pages_pdf(200, 3000))  # 10+ s of pdfminer: far beyond the 1 s budget
    with FileReader(seconds=1, memory_mb=768, max_facts=20000) as reader:
        with pytest.raises(FilingError, match="too slow: not read within 1 s"):
            reader.prepare(slow)
        assert reader.prepare(SEED).filing.title == "东西湖区城市运行管理中心2025年部门预算"


def test_a_file_beyond_the_memory_budget_is_named(tmp_path):
    bomb = tmp_path / "bomb.pdf"
    bomb.write_bytes(pdfs.deflate_bomb_pdf(1 << 28))  # 256 MiB once inflated
    with FileReader(seconds=60, memory_mb=200, max_facts=20000) as reader:
        with pytest.raises(FilingError, match="memory"):
            reader.prepare(bomb)


def test_the_cli_prints_each_file_as_it_is_done(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_bytes(SEED.read_bytes())
    (folder / "z-slow.pdf").write_bytes(pdfs.many_pages_pdf(200, 3000))  # 10+ s against a 2 s budget
    env = {**os.environ, "ASSISTANT_INGEST_FILE_SECONDS": "2"}
    proc = subprocess.Popen([sys.executable, "-m", "assistant", "ingest", str(folder), "--index", str(tmp_path / "ix"),
                             "--json"], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    first = proc.stdout.readline()
    still_running = proc.poll() is None  # the seed's line came while the slow file was being read
    rest = proc.stdout.read().splitlines()
    assert proc.wait() == 1 and still_running
    assert '"status": "added"' in first and "东西湖区城市运行管理中心2025年部门预算" in first
    assert '"status": "failed"' in rest[0] and "too slow" in rest[0]
    assert rest[-1].startswith('{"summary": true, "added": 1, "skipped": 0, "held": 0, "failed": 1')


def test_a_reader_never_removes_the_pending_filing_of_an_ingest_at_work(tmp_path, filing_of):
    index = Index(tmp_path, get_settings(index_dir=tmp_path))
    seed = filing_of("seed")
    index.facts.write_filing(seed, [], [])  # pending, as mid-ingest
    with ingest_lock(tmp_path) as held:
        assert held
        Index(tmp_path, get_settings(index_dir=tmp_path))  # e.g. `ask` opening the index meanwhile
        assert index.facts.pending() == [seed.doc_id]
    Index(tmp_path, get_settings(index_dir=tmp_path))  # no ingest at work: a crash's leftover, removed
    assert index.facts.pending() == []
