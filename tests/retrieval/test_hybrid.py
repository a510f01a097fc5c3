"""Hybrid retrieval over the whole corpus: the right passages, the filters, a reopened index."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.retrieval.filters import Filters

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("filters, page", [
    (Filters(department="万里街道", year=2025), {29, 30}),  # 三公 table p29, its 说明 p30
    (Filters(department="城市运行管理中心"), {30, 33}),    # seed: 七、“三公”经费支出安排情况 p30, 名词解释 p33
    (Filters(department="检察院", year=2019), {20, 30, 31}),  # 公开09表 p20, 说明 九、 p30–31
    (Filters(department="普陀区财政局", kind="决算"), None),
])
def test_sangong_query_finds_the_sangong_passages_first(corpus_index, filters, page):
    hits = corpus_index.retriever.retrieve("三公经费", filters=filters, top_k=3)
    assert hits
    top = hits[0].chunk
    assert "三公" in top.locator or "三公" in top.text.split("\n", 2)[2][:80]
    assert any("三公" in h.chunk.locator for h in hits)
    if page:
        assert any(h.chunk.page_start in page for h in hits)


def test_hits_carry_fused_scores_and_ranks(corpus_index):
    hits = corpus_index.retriever.retrieve("公务用车运行维护费", top_k=8)
    assert len(hits) == 8
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    for h in hits:
        assert h.ranks and set(h.ranks) <= {"vector", "bm25"}
        expected = sum(1 / (60 + r) for r in h.ranks.values())
        assert h.score == pytest.approx(expected)


@pytest.mark.parametrize("filters", [
    Filters(year=2019), Filters(kind="决算"), Filters(department="检察院"),
    Filters(department="普陀区", year=2024, kind="预算"),
])
def test_filters_are_honoured(corpus_index, filters):
    hits = corpus_index.retriever.retrieve("一般公共预算 支出 情况", filters=filters, top_k=20)
    assert hits
    for h in hits:
        assert filters.admits(h.chunk.department, h.chunk.year, h.chunk.kind), h.chunk.doc


def test_a_filter_that_admits_nothing_returns_nothing(corpus_index):
    assert corpus_index.retriever.retrieve("三公经费", filters=Filters(year=1999)) == []


QUERIES = ["三公经费", "机关运行经费是多少", "政府采购预算", "名词解释 项目支出", "城运中心网上群众投诉平台项目"]


def test_a_reopened_index_in_a_new_process_gives_the_same_results(corpus_index):
    here = [[h.chunk.chunk_id for h in corpus_index.retriever.retrieve(q)] for q in QUERIES]
    code = (
        "import json, sys\n"
        "from assistant.index import Index\n"
        "from assistant.settings import get_settings\n"
        "d = sys.argv[1]\n"
        "index = Index(d, get_settings(index_dir=d))\n"
        f"print(json.dumps([[h.chunk.chunk_id for h in index.retriever.retrieve(q)] for q in {QUERIES!r}]))\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(corpus_index.dir)], cwd=ROOT,
                         capture_output=True, text=True, check=True)
    assert json.loads(out.stdout.strip().splitlines()[-1]) == here
    assert "Building prefix dict" not in out.stderr  # jieba stays quiet
