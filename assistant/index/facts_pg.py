"""The facts store on a PostgreSQL server (ASSISTANT_FACTS_URL=postgresql://…).

Same tables and SQL as the SQLite store (`SqlFacts`), so both engines answer alike; what differs
is spelled here: serial columns where SQLite has rowid and AUTOINCREMENT, BYTEA for the BM25
postings, `%s` placeholders, and an advisory lock so two processes opening one empty database
do not race to create its tables. Several processes share one store: each reads what the others
committed, and `generation` tells them when to look again.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from assistant.index.facts_sql import INDEXES, SqlFacts

log = logging.getLogger(__name__)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS filings (
    doc_id TEXT PRIMARY KEY, path TEXT, title TEXT, department TEXT, year INTEGER, kind TEXT,
    level TEXT, n_pages INTEGER, warnings TEXT, status TEXT NOT NULL, ingested_at TEXT,
    filing_kind TEXT DEFAULT NULL, aliases TEXT DEFAULT '[]', part TEXT DEFAULT NULL
);
CREATE TABLE IF NOT EXISTS pages (
    doc_id TEXT, number INTEGER, text TEXT, has_text_layer INTEGER, PRIMARY KEY (doc_id, number)
);
CREATE TABLE IF NOT EXISTS facts (
    id BIGSERIAL PRIMARY KEY, doc_id TEXT, doc TEXT, department TEXT, year INTEGER,
    kind TEXT, subject TEXT, code TEXT, measure TEXT, column_path TEXT, value TEXT, unit TEXT,
    text TEXT, ref_year INTEGER, page INTEGER, locator TEXT, quote TEXT, source TEXT,
    table_title TEXT, row_path TEXT, flags TEXT, filing_kind TEXT DEFAULT NULL, part TEXT DEFAULT NULL
);
CREATE TABLE IF NOT EXISTS chunks (
    chunk_id TEXT PRIMARY KEY, doc_id TEXT, doc TEXT, department TEXT, year INTEGER, kind TEXT,
    text TEXT, page_start INTEGER, page_end INTEGER, locator TEXT, chunk_type TEXT, seq BIGSERIAL
);
CREATE TABLE IF NOT EXISTS parts (
    doc_id TEXT PRIMARY KEY, part TEXT, path TEXT, filing TEXT, joined_into TEXT, seq BIGSERIAL
);
CREATE TABLE IF NOT EXISTS bm25 (
    doc_id TEXT PRIMARY KEY, chunk_ids TEXT, terms TEXT, lengths BYTEA, rows BYTEA, cols BYTEA, tfs BYTEA
);
"""
_CREATE_LOCK = 7_310_001  # pg_advisory_xact_lock key: one process creates the tables at a time


class PostgresFactStore(SqlFacts):
    SEQ = "seq"

    def __init__(self, url: str):
        try:
            import psycopg
            from psycopg.rows import dict_row
        except ImportError as e:  # loud: the URL asks for a server this environment cannot reach
            raise RuntimeError("ASSISTANT_FACTS_URL names PostgreSQL but psycopg is not installed "
                               "(pip install -r requirements.txt)") from e
        self.url = url
        self.dir = None  # no folder: the server is the whole structured state
        try:
            self.conn = psycopg.connect(url, autocommit=True, row_factory=dict_row)
        except psycopg.OperationalError as e:
            raise RuntimeError(f"cannot connect to the facts database {_safe(url)}: {e}") from e
        self._lock = threading.RLock()  # one connection, shared by the page's threads
        self._depth = 0
        with self._tx():
            self.conn.execute("SELECT pg_advisory_xact_lock(%s)", (_CREATE_LOCK,))
            for stmt in (_SCHEMA + INDEXES).split(";"):
                if stmt.strip():
                    self.conn.execute(stmt)
            self._init_meta()

    @property
    def db(self):  # the SQLite store exposes its connection as `db`; tests poke it the same way
        return _Adapter(self)

    def _run(self, sql: str, args: tuple | list = ()) -> Any:
        with self._lock:
            return self.conn.execute(sql.replace("?", "%s"), tuple(args))

    def _many(self, sql: str, rows: list[tuple]) -> None:
        if rows:
            with self._lock, self.conn.cursor() as cur:
                cur.executemany(sql.replace("?", "%s"), rows)

    def _tuples(self, sql: str, args: tuple | list = ()) -> list[tuple]:
        from psycopg.rows import tuple_row

        with self._lock, self.conn.cursor(row_factory=tuple_row) as cur:
            return cur.execute(sql.replace("?", "%s"), tuple(args)).fetchall()

    @contextmanager
    def _tx(self) -> Iterator[None]:
        with self._lock:
            if self._depth:
                yield
                return
            self._depth += 1
            try:
                with self.conn.transaction():
                    yield
            finally:
                self._depth -= 1

    def close(self) -> None:
        self.conn.close()


class _Adapter:
    """`store.db.execute(sql)` with SQLite's `?` placeholders, for callers written against SQLite."""

    def __init__(self, store: PostgresFactStore):
        self.store = store

    def execute(self, sql: str, args: tuple | list = ()):
        return self.store._run(sql, args)


def _safe(url: str) -> str:
    """The URL without its password, for messages."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        cred, host = rest.rsplit("@", 1)
        return f"{scheme}://{cred.split(':')[0]}:***@{host}"
    return url
