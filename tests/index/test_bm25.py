"""BM25 from postings kept at ingest ranks exactly as bm25s rebuilt from every chunk did, and follows
the store as filings come and go — without segmenting anything at query time."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.chunking import make_chunks
from assistant.index import Index
from assistant.index.bm25 import BM25Index, tokenize
from assistant.settings import get_settings

QUERIES = ("三公经费", "公务用车运行维护费", "住房公积金 预算", "培训费 会议费", "机关运行经费是多少",
           "项目支出绩效目标", "一般公共预算财政拨款支出", "政府采购", "人员经费 公用经费", "国有资产占用情况",
           "出国 出国 出国", "信息化建设", "名词解释")


def rebuilt(chunks):
    """The BM25 this index used to rebuild from all chunks on first use: bm25s over the same tokens."""
    import bm25s

    model = bm25s.BM25()
    model.index([tokenize(c.text) or ["∅"] for c in chunks], show_progress=False)
    doc_of = np.array([c.doc_id for c in chunks], dtype=object)

    def query(text, top_k, doc_ids=None):
        tokens = [t for t in tokenize(text) if t in model.vocab_dict]
        if not tokens:
            return []
        scores = model.get_scores(tokens)
        if doc_ids is not None:
            scores = np.where(np.isin(doc_of, list(doc_ids)), scores, 0.0)
        k = min(top_k, len(chunks))
        best = np.argpartition(-scores, k - 1)[:k]
        best = best[np.argsort(-scores[best], kind="stable")]
        return [(chunks[i].chunk_id, float(scores[i])) for i in best if scores[i] > 0]

    return query


def test_same_ranking_and_scores_as_bm25s_over_the_corpus(corpus_index):
    chunks = corpus_index.facts.chunks()
    assert len(chunks) > 500
    old = rebuilt(chunks)
    bm25 = BM25Index(corpus_index.facts)
    some = {f.doc_id for f in corpus_index.facts.filings()[:4]}
    for q in QUERIES:
        for doc_ids in (None, some):
            assert bm25.query(q, 40, doc_ids) == old(q, 40, doc_ids), q  # exact: ids, order and float scores


def test_follows_the_store_filing_by_filing(tmp_path, filing_of, facts_of):
    keys = ("seed", "wanli2025", "jsjcy2017")
    index = Index(tmp_path, get_settings(index_dir=tmp_path))
    for n, key in enumerate(keys, 1):
        f = filing_of(key)
        index.add_filing(f, [], make_chunks(f, facts_of(key)))
        assert index.bm25.query("三公经费", 40) == rebuilt(index.facts.chunks())("三公经费", 40)
        assert len(index.bm25.docs) == n  # appended, not reloaded
    index.remove_filing(filing_of("wanli2025").doc_id)
    assert index.bm25.query("培训费", 40) == rebuilt(index.facts.chunks())("培训费", 40)
    assert "wanli" not in " ".join(index.bm25.docs)


def test_another_process_ingest_is_seen_by_an_open_index(tmp_path, filing_of, facts_of):
    settings = get_settings(index_dir=tmp_path)
    reader, writer = Index(tmp_path, settings), Index(tmp_path, settings)
    seed = filing_of("seed")
    writer.add_filing(seed, [], make_chunks(seed, facts_of("seed")))
    assert reader.bm25.query("三公经费", 5)
    wanli = filing_of("wanli2025")
    writer.add_filing(wanli, [], make_chunks(wanli, facts_of("wanli2025")))
    hits = reader.bm25.query("三公经费", 40, {wanli.doc_id})
    assert hits and all(cid.startswith(wanli.doc_id) for cid, _ in hits)


def test_postings_missing_from_an_older_index_are_made_once(tmp_path, filing_of, facts_of, monkeypatch):
    index = Index(tmp_path, get_settings(index_dir=tmp_path))
    f = filing_of("seed")
    chunks = make_chunks(f, facts_of("seed"))
    index.add_filing(f, [], chunks)
    index.facts.db.execute("DELETE FROM bm25")  # as an index written before postings were kept
    fresh = Index(tmp_path, get_settings(index_dir=tmp_path))
    assert fresh.bm25.query("三公经费", 40) == rebuilt(chunks)("三公经费", 40)
    assert len(fresh.facts.bm25_rows()) == 1

    import assistant.index.bm25 as bm25_module

    def no_segmenting(text):
        raise AssertionError("segmented at query time")

    monkeypatch.setattr(bm25_module, "_tokenize_line", no_segmenting)
    again = Index(tmp_path, get_settings(index_dir=tmp_path)).bm25
    again.sync()  # loading reads postings only
    assert again.ids == [c.chunk_id for c in chunks]


@pytest.mark.parametrize("text", ["", "的 了 和"])
def test_a_query_of_no_known_words_finds_nothing(corpus_index, text):
    assert BM25Index(corpus_index.facts).query(text, 10) == []
