"""Server mode: vectors on a Chroma server, facts and BM25 postings in PostgreSQL. Two indexes
opened on one store (as two chat pages would) answer alike, and what one ingests the other — and a
separate `ask` process — answers. Figures read off the filings by eye (page noted), as in
tests/answer/test_corpus.py."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from corpus_files import CORPUS, FILINGS, ROOT
from assistant.index import Index
from assistant.ingest import ingest
from assistant.retrieval.filters import Filters
from assistant.settings import get_settings

FIRST = ("seed", "wanli2025")


@pytest.fixture(scope="module")
def servers(chroma_server, postgres_server, tmp_path_factory):
    """One server-mode store with the seed and 万里街道 2025 in it, and a second index opened on it."""
    settings = get_settings(index_dir=tmp_path_factory.mktemp("a"), chroma_url=chroma_server.url,
                            facts_url=postgres_server.database(), chroma_collection="answers")
    a = Index(settings.index_dir, settings)
    report = ingest([CORPUS / FILINGS[k] for k in FIRST], a, progress=False)
    assert report.ok and len(report.added) == 2, report.failed
    b_settings = settings.model_copy(update={"index_dir": tmp_path_factory.mktemp("b")})
    return a, Index(b_settings.index_dir, b_settings)


def engine(index):
    from assistant.answer.engine import Engine

    return Engine(index)


def test_nothing_lands_in_the_local_folder(servers):
    a, _ = servers
    assert not (a.dir / "facts.sqlite").exists() and not (a.dir / "chroma").exists()
    assert a.vectors.count() == len(a.facts.chunks()) > 50


def test_two_indexes_on_one_store_answer_alike(servers):
    a, b = servers
    for ix in (a, b):
        e = engine(ix)
        seed = e.ask("东西湖区城运中心三公经费是多少？")
        # seed p30: 2025年一般公共预算“三公”经费支出 2.5万元，比 2024年减少 1万元，下降 28.57%
        assert seed.status == "answered" and "2.5万元" in seed.answer and "28.57%" in seed.answer
        assert any(c.page == 30 and "2.5万元" in c.quote for c in seed.citations)
        assert all(f.verified for f in seed.figures)
        car = e.ask("万里街道2025年度公车要花多少钱？")
        # wanli 2025 p29 三公 table: 公务用车购置及运行费 小计 36.56 (万元)
        assert car.status == "answered" and "36.56万元" in car.answer and any(c.page == 29 for c in car.citations)
        project = e.ask("城运中心网上群众投诉平台项目预算是多少")
        # seed p7 项目支出情况 135; p19 申报表 131; p31 说明 131
        assert project.status == "conflict" and "135万元" in project.answer and "131万元" in project.answer
        assert e.ask("万里街道2021年三公经费是多少").status == "not_found"
    hits = [ix.retriever.retrieve("三公经费", Filters(department="万里")) for ix in (a, b)]
    assert [h.chunk.chunk_id for h in hits[0]] == [h.chunk.chunk_id for h in hits[1]]
    assert hits[0] and all("万里" in h.chunk.department and h.ranks for h in hits[0])


def test_an_ingest_by_one_is_answered_by_the_other(servers):
    a, b = servers
    before = b.generation()
    b_retriever = b.retriever  # opened before the ingest: must see it without being rebuilt
    report = ingest([CORPUS / FILINGS["wanli2024"]], a, progress=False)
    assert report.ok and report.added, report.failed
    assert b.generation() != before  # how a long-lived page knows to rebuild its engine
    yoy = engine(b).ask("万里街道三公经费2025年比2024年增加多少")
    # p29 of 2025 (37.91) and of 2024 (47.91); the 2025 说明 p30 says 比2024年预算减少10万元
    assert "37.91万元" in yoy.answer and "减少10万元" in yoy.answer
    hits = b_retriever.retrieve("三公经费", Filters(department="万里", year=2024))
    assert hits and {h.chunk.year for h in hits} == {2024} and any("bm25" in h.ranks for h in hits)


def test_a_separate_ask_process_answers_from_the_servers(servers, tmp_path):
    a, _ = servers
    env = {**os.environ, "ASSISTANT_CHROMA_URL": a.settings.chroma_url, "ASSISTANT_FACTS_URL": a.settings.facts_url,
           "ASSISTANT_CHROMA_COLLECTION": a.settings.chroma_collection}
    out = subprocess.run([sys.executable, "-m", "assistant", "ask", "万里街道2025年度公车要花多少钱？", "--json",
                          "--index", str(tmp_path / "empty")], capture_output=True, text=True, env=env, cwd=ROOT,
                         timeout=300)
    assert out.returncode == 0, out.stderr
    answer = json.loads(out.stdout)
    assert answer["status"] == "answered" and "36.56万元" in answer["answer"]
    assert any(f["verified"] and f["value"] == 365600.0 for f in answer["figures"])


def test_a_chat_page_answers_what_another_page_ingested(chroma_server, postgres_server, tmp_path):
    from assistant.ui.backend import Backend

    settings = get_settings(index_dir=tmp_path / "a", chroma_url=chroma_server.url,
                            facts_url=postgres_server.database(), chroma_collection="pages")
    first = Backend(Index(settings.index_dir, settings))
    second = Backend(Index(tmp_path / "b", settings.model_copy(update={"index_dir": tmp_path / "b"})))
    assert second.ask("东西湖区城运中心三公经费是多少？", None, None, None).status == "not_found"
    assert ingest([CORPUS / FILINGS["seed"]], first.index, progress=False).added
    a = second.ask("东西湖区城运中心三公经费是多少？", None, None, None)
    assert a.status == "answered" and "2.5万元" in a.answer  # seed p30
