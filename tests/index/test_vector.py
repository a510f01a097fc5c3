"""The vector store: metadata, deletion, idempotent re-adding."""

from __future__ import annotations

from assistant.chunking import make_chunks
from assistant.index import Index
from assistant.retrieval.filters import Filters
from assistant.settings import get_settings


def test_add_query_delete(tmp_path, filing_of):
    index = Index(tmp_path, get_settings(index_dir=tmp_path))
    a, b = filing_of("wanli2025"), filing_of("jsjcy2017")
    ca, cb = make_chunks(a, []), make_chunks(b, [])
    index.add_filing(a, [], ca)
    index.add_filing(b, [], cb)
    index.add_filing(b, [], cb)  # again: replaces, never duplicates
    assert index.vectors.count() == len(ca) + len(cb)

    ids = [cid for cid, _ in index.vectors.query("培训费", 50, Filters(year=2017))]
    assert ids and all(cid.startswith(b.doc_id) for cid in ids)
    got = index.vectors.collection.get(ids=[ca[0].chunk_id], include=["metadatas"])["metadatas"][0]
    assert (got["doc_id"], got["year"], got["kind"], got["chunk_type"]) == (a.doc_id, 2025, "预算", ca[0].chunk_type)
    assert got["department"] == "上海市普陀区人民政府万里街道办事处"

    index.remove_filing(b.doc_id)
    assert index.vectors.count() == len(ca)
    assert all(h.chunk.doc_id == a.doc_id for h in index.retriever.retrieve("培训费", top_k=20))
