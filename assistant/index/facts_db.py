"""Structured facts, pages, chunks and the BM25 postings: one interface, two engines.

`FactStore` is the interface the rest of the package reads and writes through. Two engines
implement it with the same SQL (`SqlFacts`, facts_sql.py): `SqliteFactStore` (facts.sqlite inside the index
folder, the embedded default) and `PostgresFactStore` (facts_pg.py, a PostgreSQL server named by
ASSISTANT_FACTS_URL, so several processes or machines answer from one store).

A filing's pages, facts, chunks and BM25 postings are written in one transaction and marked
`pending` until the vector store has them too; a filing still pending when the index is opened (a
crash mid-ingest) is removed whole, so nothing half-written is ever answered from. Every change
that readers must see (a filing completed or removed) bumps the `generation` counter in `meta`,
which is how a process notices another's ingest.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol, runtime_checkable

from assistant.index.facts_sql import ADDED_COLUMNS, INDEXES, SCHEMA, SqlFacts
from assistant.types import Chunk, Fact, Filing, Page


@runtime_checkable
class FactStore(Protocol):
    """What the package needs of the structured half of an index, whichever engine holds it."""

    def get_meta(self, key: str) -> str | None: ...
    def set_meta(self, key: str, value: str) -> None: ...
    def generation(self) -> int: ...
    def has_filing(self, doc_id: str) -> bool: ...
    def write_filing(self, filing: Filing, facts: list[Fact], chunks: list[Chunk],
                     bm25: dict | None = None) -> None: ...
    def mark_complete(self, doc_id: str) -> None: ...
    def remove_filing(self, doc_id: str) -> None: ...
    def pending(self, older_than_s: float = 0) -> list[str]: ...
    def save_part(self, filing: Filing) -> None: ...
    def open_parts(self) -> list[Filing]: ...
    def held_parts(self) -> list[Filing]: ...
    def has_part(self, doc_id: str) -> bool: ...
    def mark_joined(self, doc_ids: list[str], into: str) -> None: ...
    def filings(self) -> list[Filing]: ...
    def facts(self, doc: str | None = None, grep: str | None = None, **where: object) -> list[Fact]: ...
    def distinct(self, field: str, **where: object) -> list: ...
    def subject_docs(self, subjects: list[str] | None = None) -> dict[str, set[str]]: ...
    def subjects_first_seen(self) -> list[tuple[str, int]]: ...
    def item_rows(self, measures: tuple[str, ...]) -> list[tuple[str, str, int, int]]: ...
    def row_docs(self, subjects: list[str], measures: tuple[str, ...]) -> list[tuple[str, str]]: ...
    def fact_rows(self, subjects: list[str] | None = None, doc_ids: list[str] | None = None,
                  measure: str | None = None, page: int | None = None) -> list[tuple[int, Fact]]: ...
    def chunks(self, doc_id: str | None = None) -> list[Chunk]: ...
    def chunks_by_id(self, chunk_ids: list[str]) -> dict[str, Chunk]: ...
    def bm25_rows(self, doc_ids: list[str] | None = None) -> list[dict]: ...
    def put_bm25(self, row: dict) -> None: ...
    def pages(self, doc_id: str) -> list[Page]: ...
    def page_text(self, doc_id: str, number: int) -> str: ...
    def close(self) -> None: ...


def open_fact_store(index_dir: str | Path, facts_url: str | None = None) -> FactStore:
    """PostgreSQL when `facts_url` names one (postgresql://…), else facts.sqlite in `index_dir`."""
    if facts_url:
        if not facts_url.startswith(("postgresql://", "postgres://")):
            raise ValueError(f"ASSISTANT_FACTS_URL must be a postgresql:// URL, got {facts_url!r}")
        from assistant.index.facts_pg import PostgresFactStore

        return PostgresFactStore(facts_url)
    return SqliteFactStore(index_dir)


class SqliteFactStore(SqlFacts):
    """The embedded engine: `facts.sqlite` inside the index folder."""

    def __init__(self, index_dir: str | Path):
        self.dir = Path(index_dir)
        self.dir.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.dir / "facts.sqlite", check_same_thread=False, isolation_level=None)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA busy_timeout = 10000")  # another process's ingest holds the lock briefly
        with self._tx():
            for stmt in (SCHEMA + INDEXES).split(";"):
                if stmt.strip():
                    self.db.execute(stmt)
            for table, column, decl in ADDED_COLUMNS:
                have = {r[1] for r in self.db.execute(f"PRAGMA table_info({table})")}
                if column not in have:
                    self.db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {decl}")
            self._init_meta()

    def _run(self, sql: str, args: tuple | list = ()) -> sqlite3.Cursor:
        return self.db.execute(sql, args)

    def _many(self, sql: str, rows: list[tuple]) -> None:
        self.db.executemany(sql, rows)

    def _tuples(self, sql: str, args: tuple | list = ()) -> list[tuple]:
        cur = self.db.cursor()
        cur.row_factory = None  # plain tuples: a third faster than sqlite3.Row for many rows
        return cur.execute(sql, args).fetchall()

    @contextmanager
    def _tx(self) -> Iterator[None]:
        if self.db.in_transaction:  # nested: the outer transaction commits
            yield
            return
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def close(self) -> None:
        self.db.close()
