"""The facts store behaves the same on both engines: what one writes, the other reads back alike."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assistant.index.bm25 import encode_filing
from assistant.index.facts_db import FactStore, SqliteFactStore, open_fact_store
from assistant.types import Chunk, Fact, Filing, Page


@pytest.fixture(params=["sqlite", "postgres"])
def store(request, tmp_path):
    if request.param == "sqlite":
        s = SqliteFactStore(tmp_path)
    else:
        s = open_fact_store(tmp_path, request.getfixturevalue("postgres_server").database())
    yield s
    s.close()


def filing(doc_id: str, year: int, **kw) -> Filing:
    return Filing(doc_id=doc_id, path=f"{doc_id}.pdf", title=f"上海市普陀区商务委员会{year}年部门预算",
                  department="上海市普陀区商务委员会", year=year, kind="预算",
                  pages=[Page(number=1, text="封面"), Page(number=2, text="三公经费 12.5万元", has_text_layer=False)], **kw)


def fact(f: Filing, subject: str, value: str, page: int = 2) -> Fact:
    return Fact(doc_id=f.doc_id, doc=f.title, department=f.department, year=f.year, kind=f.kind, subject=subject,
                measure="预算数", value=Decimal(value), unit="万元", page=page, flags=["x"], column="合计 › 小计")


def chunk(f: Filing, i: int, text: str) -> Chunk:
    return Chunk(chunk_id=f"{f.doc_id}:{i}", doc_id=f.doc_id, doc=f.title, department=f.department, year=f.year,
                 kind=f.kind, text=text, page_start=i)


def test_one_interface_two_engines(store):
    assert isinstance(store, FactStore)
    a, b = filing("a", 2024), filing("b", 2025, aliases=["商务委"])
    g0 = store.generation()
    for f, v in ((a, "125000.10"), (b, "0.01")):
        chunks = [chunk(f, 1, "三公经费 公务接待费"), chunk(f, 2, "")]
        store.write_filing(f, [fact(f, "三公经费", v), fact(f, "公务接待费", "1")], chunks,
                           bm25=encode_filing(f.doc_id, chunks))
        assert not store.has_filing(f.doc_id) and store.pending() == [f.doc_id]
        store.mark_complete(f.doc_id)
    assert store.generation() == g0 + 2 and store.pending() == []
    assert [f.doc_id for f in store.filings()] == ["b", "a"]  # newest year first
    assert store.filings()[0].aliases == ["商务委"] and store.filings()[0].filing_kind == "部门预算"
    [got] = store.facts(subject="三公经费", year=2024)
    assert (got.value, got.flags, got.column, got.page) == (Decimal("125000.10"), ["x"], "合计 › 小计", 2)
    assert [f.doc_id for f in store.facts(doc="商务", grep="接待")] == ["a", "b"]
    assert store.distinct("subject") == ["三公经费", "公务接待费"] and store.distinct("year", subject="三公经费") == [2024, 2025]
    assert store.subject_docs() == {"三公经费": {"a", "b"}, "公务接待费": {"a", "b"}}
    assert [p.has_text_layer for p in store.pages("a")] == [True, False]
    assert store.page_text("a", 2) == "三公经费 12.5万元"
    assert [c.chunk_id for c in store.chunks()] == ["a:1", "a:2", "b:1", "b:2"]
    assert set(store.chunks_by_id(["b:2", "a:1", "zz"])) == {"b:2", "a:1"}
    assert [r["doc_id"] for r in store.bm25_rows()] == ["a", "b"]
    store.remove_filing("a")
    assert store.generation() == g0 + 3 and [r["doc_id"] for r in store.bm25_rows()] == ["b"]
    assert store.facts(doc_id="a") == [] and store.chunks("a") == []
    with pytest.raises(ValueError):
        store.facts(nonsense=1)


def test_parts_and_meta(store):
    part = filing("p", 2025, part="表格")
    store.save_part(part)
    assert store.has_part("p") and [f.doc_id for f in store.held_parts()] == ["p"]
    store.mark_joined(["p"], "joined")
    assert store.open_parts() == []
    store.set_meta("embedding", "hash:512")
    store.set_meta("embedding", "hash:256")
    assert store.get_meta("embedding") == "hash:256" and store.get_meta("nothing") is None


def test_a_young_pending_filing_is_another_process_ingest(store):
    store.write_filing(filing("a", 2024), [], [])
    assert store.pending(older_than_s=900) == []  # begun just now: left alone in a shared store
    assert store.pending() == ["a"]
