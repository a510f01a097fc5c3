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
