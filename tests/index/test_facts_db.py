"""The facts store keeps a filing's kind at full resolution, and an index written before filing
kinds existed still opens: the new columns are added with defaults that read as before."""

from __future__ import annotations

import sqlite3
from decimal import Decimal

from assistant.index.facts_db import SqliteFactStore
from assistant.types import Fact, Filing

# The first schema's filings and facts tables, as indexes written before filing kinds have them
OLD_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE filings (
    doc_id TEXT PRIMARY KEY, path TEXT, title TEXT, department TEXT, year INTEGER, kind TEXT,
    level TEXT, n_pages INTEGER, warnings TEXT, status TEXT NOT NULL, ingested_at TEXT
);
CREATE TABLE facts (
    id INTEGER PRIMARY KEY AUTOINCREMENT, doc_id TEXT, doc TEXT, department TEXT, year INTEGER,
    kind TEXT, subject TEXT, code TEXT, measure TEXT, column_path TEXT, value TEXT, unit TEXT,
    text TEXT, ref_year INTEGER, page INTEGER, locator TEXT, quote TEXT, source TEXT,
    table_title TEXT, row_path TEXT, flags TEXT
);
INSERT INTO meta VALUES ('schema_version', '1');
INSERT INTO filings VALUES ('old', 'old.pdf', '上海市普陀区财政局2024年度部门决算', '上海市普陀区财政局', 2024, '决算',
    NULL, 30, '[]', 'complete', '2026-01-01');
INSERT INTO facts (doc_id, doc, department, year, kind, subject, measure, value, unit, source, flags)
    VALUES ('old', '上海市普陀区财政局2024年度部门决算', '上海市普陀区财政局', 2024, '决算', '三公经费', '决算数',
            '12000', '万元', 'table', '[]');
"""


def test_an_index_written_before_filing_kinds_opens_and_reads_as_before(tmp_path):
    db = sqlite3.connect(tmp_path / "facts.sqlite")
    db.executescript(OLD_SCHEMA)
    db.commit()
    db.close()
    store = SqliteFactStore(tmp_path)
    [old] = store.filings()
    assert (old.kind, old.filing_kind, old.aliases) == ("决算", "部门决算", [])
    [fact] = store.facts()
    assert fact.value == Decimal("12000") and fact.filing_kind is None


def test_two_kinds_of_one_department_and_year_are_two_filings(tmp_path):
    store = SqliteFactStore(tmp_path)
    for kind in ("部门预算", "单位预算"):
        f = Filing(doc_id=kind, path=f"{kind}.pdf", title=f"上海市普陀区商务委员会2025年{kind}",
                   department="上海市普陀区商务委员会", year=2025, kind="预算", filing_kind=kind,
                   aliases=["商务委"])
        fact = Fact(doc_id=kind, doc=f.title, department=f.department, year=2025, kind="预算", filing_kind=kind,
                    subject="机关运行经费", measure="预算数", value=Decimal("1710100"), unit="万元")
        store.write_filing(f, [fact], [])
        store.mark_complete(kind)
    got = {(f.title, f.filing_kind, tuple(f.aliases)) for f in store.filings()}
    assert got == {("上海市普陀区商务委员会2025年部门预算", "部门预算", ("商务委",)),
                   ("上海市普陀区商务委员会2025年单位预算", "单位预算", ("商务委",))}
    assert [f.doc for f in store.facts(filing_kind="单位预算")] == ["上海市普陀区商务委员会2025年单位预算"]


def test_a_fact_read_back_equals_the_fact_written(tmp_path):
    """Facts are rebuilt without validation on reading: they must be the very Facts written."""
    store = SqliteFactStore(tmp_path)
    f = Filing(doc_id="d", path="d.pdf", title="上海市普陀区财政局2025年部门预算", department="上海市普陀区财政局",
               year=2025, kind="预算")
    written = [
        Fact(doc_id="d", doc=f.title, department=f.department, year=2025, kind="预算", subject="三公经费",
             measure="预算数", value=Decimal("379100.00"), unit="万元", page=29, locator="表 › 合计", quote="37.91",
             source="table", table="三公表", row="合计", column="预算数 › 合计", flags=["total_mismatch"], code="2010301"),
        Fact(doc_id="d", doc=f.title, department=f.department, year=2025, kind="预算", filing_kind="部门预算",
             subject="三公经费", measure="定义", text="因公出国(境)费、公务用车购置及运行费和公务接待费", source="glossary",
             ref_year=2024, part="文件"),
    ]
    store.write_filing(f, written, [])
    store.mark_complete("d")
    read = store.facts()
    assert read == written
    assert [Fact.model_validate(r.model_dump()) for r in read] == written
    assert read[0].model_dump_json() == written[0].model_dump_json()


def _store_of_two(tmp_path) -> SqliteFactStore:
    """Two complete filings and one left pending (an ingest in progress, or killed)."""
    store = SqliteFactStore(tmp_path)
    rows = {"a": ["三公经费", "公务接待费", "信息化建设项目"], "b": ["公务接待费", "三公经费"], "p": ["三公经费", "半途项目"]}
    for doc_id, subjects in rows.items():
        f = Filing(doc_id=doc_id, path="-", title=f"{doc_id}2025年部门预算", department=f"{doc_id}局", year=2025,
                   kind="预算")
        facts = [Fact(doc_id=doc_id, doc=f.title, department=f.department, year=2025, kind="预算", subject=s,
                      measure="预算数", value=Decimal(i + 1), unit="元", page=i + 1, column="预算数 › 合计")
                 for i, s in enumerate(subjects)]
        if doc_id == "a":
            facts.append(Fact(doc_id="a", doc=f.title, department=f.department, year=2025, kind="预算",
                              subject="信息化建设项目", measure="明细测算", value=Decimal(7), unit="元", page=9,
                              source="project", row="信息化建设项目 › 1. 无人机保险及运营服务"))
        store.write_filing(f, facts, [])
        if doc_id != "p":
            store.mark_complete(doc_id)
    return store


def test_names_and_their_filings_come_from_the_indexes_without_a_pending_filing(tmp_path):
    store = _store_of_two(tmp_path)
    assert [s for s, _ in store.subjects_first_seen()] == ["三公经费", "公务接待费", "信息化建设项目"]
    assert store.subject_docs(["三公经费"]) == {"三公经费": {"a", "b"}}
    assert store.subject_docs() == {"三公经费": {"a", "b"}, "公务接待费": {"a", "b"}, "信息化建设项目": {"a"}}
    [(subject, row, first, last)] = store.item_rows(("明细测算",))
    assert (subject, row, first == last) == ("信息化建设项目", "信息化建设项目 › 1. 无人机保险及运营服务", True)
    assert store.row_docs(["信息化建设项目"], ("明细测算",)) == [("信息化建设项目 › 1. 无人机保险及运营服务", "a")]
    assert store.distinct("column") == ["", "预算数 › 合计"] and "半途项目" not in store.distinct("subject")


def test_fact_rows_are_the_facts_in_store_order_narrowed_by_index(tmp_path):
    store = _store_of_two(tmp_path)
    every = store.facts()
    rows = store.fact_rows()
    assert [f for _, f in rows] == every and [i for i, _ in rows] == sorted(i for i, _ in rows)
    assert [f for _, f in store.fact_rows(subjects=["三公经费"], doc_ids=["b", "a", "p"])] == \
        [f for f in every if f.subject == "三公经费"]
    assert [f.subject for _, f in store.fact_rows(doc_ids=["a"], page=2)] == ["公务接待费"]
    assert [f.value for _, f in store.fact_rows(doc_ids=["a"], measure="明细测算")] == [Decimal(7)]
    assert store.fact_rows(subjects=[]) == [] and store.fact_rows(doc_ids=[]) == []
