"""The SQL both fact-store engines share: tables, columns, and every read and write (`SqlFacts`).

SQLite (facts_db.py) and PostgreSQL (facts_pg.py) subclass `SqlFacts`, supplying the connection
and what differs in their dialects, so the two answer alike by construction. A filing's pages,
facts, chunks and BM25 postings are written in one transaction and marked `pending` until the
vector store has them too; every change readers must see (a filing completed or removed) bumps
the `generation` counter in `meta`, which is how a process notices another's ingest.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from decimal import Decimal
from typing import Any

from assistant.types import Chunk, Fact, Filing, Page

SCHEMA_VERSION = "1"

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS filings (
    doc_id TEXT PRIMARY KEY, path TEXT, title TEXT, department TEXT, year INTEGER, kind TEXT,
    level TEXT, n_pages INTEGER, warnings TEXT, status TEXT NOT NULL, ingested_at TEXT
);
CREATE TABLE IF NOT EXISTS pages (
    doc_id TEXT, number INTEGER, text TEXT, has_text_layer INTEGER, PRIMARY KEY (doc_id, number)
);
CREATE TABLE IF NOT EXISTS facts (
    id INTEGER PRIMARY KEY AUTOINCREMENT, doc_id TEXT, doc TEXT, department TEXT, year INTEGER,
    kind TEXT, subject TEXT, code TEXT, measure TEXT, column_path TEXT, value TEXT, unit TEXT,
    text TEXT, ref_year INTEGER, page INTEGER, locator TEXT, quote TEXT, source TEXT,
    table_title TEXT, row_path TEXT, flags TEXT
);
CREATE TABLE IF NOT EXISTS chunks (
    chunk_id TEXT PRIMARY KEY, doc_id TEXT, doc TEXT, department TEXT, year INTEGER, kind TEXT,
    text TEXT, page_start INTEGER, page_end INTEGER, locator TEXT, chunk_type TEXT
);
CREATE TABLE IF NOT EXISTS parts (
    doc_id TEXT PRIMARY KEY, part TEXT, path TEXT, filing TEXT, joined_into TEXT
);
CREATE TABLE IF NOT EXISTS bm25 (
    doc_id TEXT PRIMARY KEY, chunk_ids TEXT, terms TEXT, lengths BLOB, rows BLOB, cols BLOB, tfs BLOB
);
"""
# Lookups the answerer makes by department, year, kind, subject and page go through an index, so
# their cost follows what they return, not how many filings the store holds.
# The answerer reads names (subjects, measures, printed columns) and which filings hold them from
# indexes ending in doc_id: the index alone answers, never the facts themselves.
INDEXES = """
DROP INDEX IF EXISTS facts_subject;
DROP INDEX IF EXISTS facts_measure;
CREATE INDEX IF NOT EXISTS facts_subject_doc ON facts(subject, doc_id);
CREATE INDEX IF NOT EXISTS facts_doc ON facts(doc_id, page);
CREATE INDEX IF NOT EXISTS facts_dept ON facts(department, year, kind);
CREATE INDEX IF NOT EXISTS facts_measure_doc ON facts(measure, doc_id);
CREATE INDEX IF NOT EXISTS facts_column_doc ON facts(column_path, doc_id);
CREATE INDEX IF NOT EXISTS chunks_doc ON chunks(doc_id);
CREATE INDEX IF NOT EXISTS filings_status ON filings(status);
"""

# Columns added after the first schema: (table, column, declaration). An index written before
# them gets them on opening, with a default that reads as before (filing_kind NULL → 部门+kind).
ADDED_COLUMNS = (
    ("filings", "filing_kind", "TEXT DEFAULT NULL"),
    ("filings", "aliases", "TEXT DEFAULT '[]'"),
    ("facts", "filing_kind", "TEXT DEFAULT NULL"),
    ("filings", "part", "TEXT DEFAULT NULL"),
    ("facts", "part", "TEXT DEFAULT NULL"),
)
FILING_COLS = (
    "doc_id", "path", "title", "department", "year", "kind", "level", "n_pages", "warnings", "status",
    "filing_kind", "aliases", "part", "ingested_at",
)
FACT_COLS = (
    "doc_id", "doc", "department", "year", "kind", "subject", "code", "measure", "column_path", "value",
    "unit", "text", "ref_year", "page", "locator", "quote", "source", "table_title", "row_path", "flags",
    "filing_kind", "part",
)
CHUNK_COLS = tuple(Chunk.model_fields)
BM25_COLS = ("doc_id", "chunk_ids", "terms", "lengths", "rows", "cols", "tfs")
_FACT_FIELD = {"column": "column_path", "table": "table_title", "row": "row_path"}


# Facts of complete filings, written so that an index ending in doc_id answers alone (a join with
# `filings` would read every fact's row); only pending filings are left out, and there are few.
_COMPLETE = "f.doc_id NOT IN (SELECT p.doc_id FROM filings p WHERE p.status != 'complete' AND p.doc_id IS NOT NULL)"
_BATCH = 500  # values per IN (…): under every engine's limit on bound parameters


def _batches(values: list | None) -> list[list | None]:
    if values is None:
        return [None]
    values = list(values)
    return [values[i:i + _BATCH] for i in range(0, len(values), _BATCH)]


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S")


def _fact_row(f: Fact) -> tuple:
    return (
        f.doc_id, f.doc, f.department, f.year, f.kind, f.subject, f.code, f.measure, f.column,
        None if f.value is None else str(f.value), f.unit, f.text, f.ref_year, f.page, f.locator,
        f.quote, f.source, f.table, f.row, json.dumps(f.flags, ensure_ascii=False), f.filing_kind,
        f.part,
    )


_FACT_FIELDS = tuple(Fact.model_fields)
_set = object.__setattr__


def _row_fact(r: tuple) -> Fact:
    """A Fact from a row of FACT_COLS. Built the way pydantic's model_construct builds one (the row
    was validated as a Fact when written) minus its per-field default handling: reading facts
    was most of an engine's start, and validating each again took two thirds of that."""
    (doc_id, doc, department, year, kind, subject, code, measure, column, value, unit, text, ref_year, page,
     locator, quote, source, table, row, flags, filing_kind, part) = r
    values = {
        "doc_id": doc_id, "doc": doc, "department": department, "year": year, "kind": kind,
        "filing_kind": filing_kind, "subject": subject, "code": code, "measure": measure, "column": column or "",
        "value": None if value is None else Decimal(value), "unit": unit or "", "text": text, "ref_year": ref_year,
        "page": page, "locator": locator or "", "quote": quote or "", "source": source, "table": table, "row": row,
        "flags": [] if flags in (None, "[]") else json.loads(flags), "part": part,
    }
    fact = Fact.__new__(Fact)
    _set(fact, "__dict__", values)
    _set(fact, "__pydantic_fields_set__", set(_FACT_FIELDS))
    _set(fact, "__pydantic_extra__", None)
    _set(fact, "__pydantic_private__", None)
    return fact


def _row_filing(r: Any) -> Filing:
    return Filing(doc_id=r["doc_id"], path=r["path"], title=r["title"], department=r["department"],
                  year=r["year"], kind=r["kind"], filing_kind=r["filing_kind"], level=r["level"],
                  aliases=json.loads(r["aliases"] or "[]"), warnings=json.loads(r["warnings"] or "[]"),
                  part=r["part"])


class SqlFacts:
    """The SQL both engines share. A subclass supplies the connection and its dialect: `_run`
    (placeholders written `?`), `_many`, `_tx` (one transaction) and `SEQ`, the column that keeps
    insertion order (SQLite's rowid, PostgreSQL's serial `seq`)."""

    SEQ = "rowid"

    def _run(self, sql: str, args: tuple | list = ()) -> Any:
        raise NotImplementedError

    def _many(self, sql: str, rows: list[tuple]) -> None:
        raise NotImplementedError

    def _tuples(self, sql: str, args: tuple | list = ()) -> list[tuple]:
        raise NotImplementedError

    @contextmanager
    def _tx(self) -> Iterator[None]:
        raise NotImplementedError
        yield

    def _init_meta(self) -> None:
        self._run("INSERT INTO meta VALUES ('schema_version', ?) ON CONFLICT (key) DO NOTHING", (SCHEMA_VERSION,))
        self._run("INSERT INTO meta VALUES ('generation', '0') ON CONFLICT (key) DO NOTHING")

    # --- meta -------------------------------------------------------------------------------
    def get_meta(self, key: str) -> str | None:
        row = self._run("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row["value"] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self._tx():
            self._run("INSERT INTO meta VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                      (key, value))

    def generation(self) -> int:
        """Bumped by every filing completed or removed, by any process writing to this store."""
        return int(self.get_meta("generation") or 0)

    def _bump(self) -> None:
        self._run("UPDATE meta SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key = 'generation'")

    # --- writing ----------------------------------------------------------------------------
    def has_filing(self, doc_id: str) -> bool:
        row = self._run("SELECT status FROM filings WHERE doc_id = ?", (doc_id,)).fetchone()
        return bool(row and row["status"] == "complete")

    def write_filing(self, filing: Filing, facts: list[Fact], chunks: list[Chunk], bm25: dict | None = None) -> None:
        """Pages, facts, chunks and BM25 postings of one filing in one transaction, status `pending`."""
        with self._tx():
            self._delete(filing.doc_id)
            self._run(
                f"INSERT INTO filings ({','.join(FILING_COLS)}) VALUES ({','.join('?' * len(FILING_COLS))})",
                (filing.doc_id, filing.path, filing.title, filing.department, filing.year, filing.kind,
                 filing.level, len(filing.pages), json.dumps(filing.warnings, ensure_ascii=False), "pending",
                 filing.filing_kind, json.dumps(filing.aliases, ensure_ascii=False), filing.part, _now()),
            )
            self._many("INSERT INTO pages VALUES (?,?,?,?)",
                       [(filing.doc_id, p.number, p.text, int(p.has_text_layer)) for p in filing.pages])
            self._many(f"INSERT INTO facts ({','.join(FACT_COLS)}) VALUES ({','.join('?' * len(FACT_COLS))})",
                       [_fact_row(f) for f in facts])
            self._many(f"INSERT INTO chunks ({','.join(CHUNK_COLS)}) VALUES ({','.join('?' * len(CHUNK_COLS))})",
                       [tuple(getattr(c, k) for k in CHUNK_COLS) for c in chunks])
            if bm25 is not None:
                self._insert_bm25(bm25)

    def mark_complete(self, doc_id: str) -> None:
        with self._tx():
            self._run("UPDATE filings SET status = 'complete' WHERE doc_id = ?", (doc_id,))
            self._bump()

    def remove_filing(self, doc_id: str) -> None:
        with self._tx():
            self._delete(doc_id)
            self._bump()

    def _delete(self, doc_id: str) -> None:
        for table in ("filings", "pages", "facts", "chunks", "bm25"):
            self._run(f"DELETE FROM {table} WHERE doc_id = ?", (doc_id,))

    def _insert_bm25(self, row: dict) -> None:
        self._run(f"INSERT INTO bm25 ({','.join(BM25_COLS)}) VALUES ({','.join('?' * len(BM25_COLS))})",
                  tuple(row[k] for k in BM25_COLS))

    def put_bm25(self, row: dict) -> None:
        """BM25 postings of a filing written before postings were kept (tokenised once, on first use)."""
        with self._tx():
            self._run("DELETE FROM bm25 WHERE doc_id = ?", (row["doc_id"],))
            self._insert_bm25(row)

    # --- parts of split filings (a 文件 and a 表格 of one department-year) -----------------------
    def save_part(self, filing: Filing) -> None:
        """Keep a part whole (pages and their tables) until its other part arrives."""
        with self._tx():
            self._run("INSERT INTO parts (doc_id, part, path, filing, joined_into) VALUES (?,?,?,?,NULL) "
                      "ON CONFLICT (doc_id) DO UPDATE SET part = excluded.part, path = excluded.path, "
                      "filing = excluded.filing, joined_into = NULL",
                      (filing.doc_id, filing.part, filing.path, filing.model_dump_json()))

    def open_parts(self) -> list[Filing]:
        """Parts whose other part has not come yet."""
        rows = self._run(f"SELECT filing FROM parts WHERE joined_into IS NULL ORDER BY {self.SEQ}").fetchall()
        return [Filing.model_validate_json(r["filing"]) for r in rows]

    def held_parts(self) -> list[Filing]:
        """Open parts that are not in the index as filings of their own (a 表格 part with no year)."""
        return [f for f in self.open_parts() if not self.has_filing(f.doc_id)]

    def has_part(self, doc_id: str) -> bool:
        return self._run("SELECT 1 AS one FROM parts WHERE doc_id = ?", (doc_id,)).fetchone() is not None

    def mark_joined(self, doc_ids: list[str], into: str) -> None:
        with self._tx():
            self._many("UPDATE parts SET joined_into = ? WHERE doc_id = ?", [(into, d) for d in doc_ids])

    def pending(self, older_than_s: float = 0) -> list[str]:
        """Filings left pending; with `older_than_s`, only those begun that long ago (in a store shared
        by several processes, a younger pending filing is another process's ingest in progress)."""
        rows = self._run("SELECT doc_id, ingested_at FROM filings WHERE status != 'complete'").fetchall()
        now = datetime.now(timezone.utc)
        out = []
        for r in rows:
            began = datetime.strptime(r["ingested_at"] or "1970-01-01 00:00:00", "%Y-%m-%d %H:%M:%S")
            if (now - began.replace(tzinfo=timezone.utc)).total_seconds() >= older_than_s:
                out.append(r["doc_id"])
        return out

    # --- reading ----------------------------------------------------------------------------
    def filings(self) -> list[Filing]:
        """Complete filings (metadata only, no pages), newest year first. Kept until the store's
        generation moves: retrieval asks for them on every query, to resolve its filters."""
        gen = self.generation()
        cached = getattr(self, "_filings", None)
        if cached is None or cached[0] != gen:
            rows = self._run("SELECT * FROM filings WHERE status = 'complete' "
                             "ORDER BY year DESC, department, kind, filing_kind").fetchall()
            cached = self._filings = (gen, [_row_filing(r) for r in rows])
        return list(cached[1])

    def facts(self, doc: str | None = None, grep: str | None = None, **where: object) -> list[Fact]:
        """Facts of complete filings. `doc` matches title or department; `grep` subject or locator;
        keyword arguments are exact matches on Fact fields (subject, measure, year, kind, doc_id …)."""
        sql = f"SELECT {','.join('f.' + c for c in FACT_COLS)} FROM facts f WHERE {_COMPLETE}"
        args: list[object] = []
        if doc:
            sql += " AND (f.doc LIKE ? OR f.department LIKE ?)"
            args += [f"%{doc}%", f"%{doc}%"]
        if grep:
            sql += " AND (f.subject LIKE ? OR f.locator LIKE ? OR f.row_path LIKE ?)"
            args += [f"%{grep}%"] * 3
        for key, value in where.items():
            col = _FACT_FIELD.get(key, key)
            if col not in FACT_COLS:
                raise ValueError(f"unknown fact field: {key}")
            sql += f" AND f.{col} = ?"
            args.append(value)
        sql += " ORDER BY f.id"
        return [_row_fact(r) for r in self._tuples(sql, args)]

    def distinct(self, field: str, **where: object) -> list:
        """The distinct values of one Fact field among complete filings' facts (sorted, None left out):
        what a question may name (subjects, measures, printed columns) without reading every fact."""
        col = _FACT_FIELD.get(field, field)
        if col not in FACT_COLS or any(_FACT_FIELD.get(k, k) not in FACT_COLS for k in where):
            raise ValueError(f"unknown fact field among {field}, {list(where)}")
        sql = f"SELECT DISTINCT f.{col} AS v FROM facts f WHERE {_COMPLETE} AND f.{col} IS NOT NULL"
        for key in where:
            sql += f" AND f.{_FACT_FIELD.get(key, key)} = ?"
        return [r["v"] for r in self._run(sql + " ORDER BY 1", list(where.values()))]

    def subjects_first_seen(self) -> list[tuple[str, int]]:
        """Each subject of complete filings' facts with the id of its first fact, in that order: the
        order a reading of every fact would meet them in (an index scan, no Fact built)."""
        return [(s, int(i)) for s, i in self._tuples(
            f"SELECT f.subject, MIN(f.id) FROM facts f WHERE {_COMPLETE} AND f.subject IS NOT NULL "
            "GROUP BY f.subject ORDER BY 2")]

    def item_rows(self, measures: tuple[str, ...]) -> list[tuple[str, str, int, int]]:
        """(subject, row, first id, last id) of the project rows printed under these measures (a
        project's cost items, 明细测算): the items a question may name by their own name."""
        marks = ",".join("?" * len(measures))
        return [(s, r, int(a), int(b)) for s, r, a, b in self._tuples(
            f"SELECT f.subject, f.row_path, MIN(f.id), MAX(f.id) FROM facts f WHERE f.measure IN ({marks}) "
            f"AND f.source = 'project' AND f.row_path IS NOT NULL AND {_COMPLETE} GROUP BY f.subject, f.row_path",
            list(measures))]

    def subject_docs(self, subjects: list[str] | None = None) -> dict[str, set[str]]:
        """Each stored subject (of `subjects` only, if given) → the complete filings that hold it (an
        index scan, no Fact built)."""
        out: dict[str, set[str]] = {}
        for part in _batches(subjects):
            sql = f"SELECT DISTINCT f.subject, f.doc_id FROM facts f WHERE {_COMPLETE}"
            if part is not None:
                sql += f" AND f.subject IN ({','.join('?' * len(part))})"
            for subject, doc_id in self._tuples(sql, part or ()):
                out.setdefault(subject, set()).add(doc_id)
        return out

    def row_docs(self, subjects: list[str], measures: tuple[str, ...]) -> list[tuple[str, str]]:
        """(row, doc_id) of the project rows of these subjects printed under these measures."""
        out: set[tuple[str, str]] = set()
        for part in _batches(subjects):
            out.update(self._tuples(
                f"SELECT DISTINCT f.row_path, f.doc_id FROM facts f WHERE f.subject IN ({','.join('?' * len(part))}) "
                f"AND f.measure IN ({','.join('?' * len(measures))}) AND f.source = 'project' AND f.row_path IS NOT NULL "
                f"AND {_COMPLETE}",
                [*part, *measures]))
        return sorted(out)

    def fact_rows(self, subjects: list[str] | None = None, doc_ids: list[str] | None = None,
                  measure: str | None = None, page: int | None = None) -> list[tuple[int, Fact]]:
        """(id, fact) of complete filings, in id order (the order `facts()` gives), narrowed by
        subjects, filings, measure and page — each an indexed lookup. None means any; [] means none."""
        if subjects == [] or doc_ids == []:
            return []
        out: list[tuple[int, Fact]] = []
        for docs in _batches(doc_ids):
            for subs in _batches(subjects):
                sql = f"SELECT f.id, {','.join('f.' + c for c in FACT_COLS)} FROM facts f WHERE {_COMPLETE}"
                args: list[object] = []
                if docs is not None:
                    sql += f" AND f.doc_id IN ({','.join('?' * len(docs))})"
                    args += docs
                if subs is not None:
                    sql += f" AND f.subject IN ({','.join('?' * len(subs))})"
                    args += subs
                if measure is not None:
                    sql, args = sql + " AND f.measure = ?", [*args, measure]
                if page is not None:
                    sql, args = sql + " AND f.page = ?", [*args, page]
                out += [(int(r[0]), _row_fact(r[1:])) for r in self._tuples(sql, args)]
        out.sort(key=lambda p: p[0])
        return out

    def chunks(self, doc_id: str | None = None) -> list[Chunk]:
        """Chunks of complete filings (of one filing with `doc_id`), in the order they were written."""
        sql = "SELECT c.* FROM chunks c JOIN filings d ON d.doc_id = c.doc_id WHERE d.status = 'complete'"
        args: tuple = ()
        if doc_id is not None:
            sql, args = sql + " AND c.doc_id = ?", (doc_id,)
        rows = self._run(sql + f" ORDER BY c.{self.SEQ}", args).fetchall()
        return [Chunk(**{k: r[k] for k in CHUNK_COLS}) for r in rows]

    def chunks_by_id(self, chunk_ids: list[str]) -> dict[str, Chunk]:
        """The chunks of complete filings among these ids (a retriever's hits), by id."""
        out: dict[str, Chunk] = {}
        for i in range(0, len(chunk_ids), 500):
            part = list(chunk_ids[i:i + 500])
            rows = self._run("SELECT c.* FROM chunks c JOIN filings d ON d.doc_id = c.doc_id "
                             f"WHERE d.status = 'complete' AND c.chunk_id IN ({','.join('?' * len(part))})", part)
            out.update({r["chunk_id"]: Chunk(**{k: r[k] for k in CHUNK_COLS}) for r in rows})
        return out

    def bm25_rows(self, doc_ids: list[str] | None = None) -> list[dict]:
        """BM25 postings of complete filings (of these filings only, if given), in the order their
        chunks were written — the order a BM25 index built from `chunks()` would hold them in."""
        sql = "SELECT b.doc_id FROM bm25 b JOIN filings d ON d.doc_id = b.doc_id WHERE d.status = 'complete'"
        args: list[str] = []
        if doc_ids is not None:
            if not doc_ids:
                return []
            sql += f" AND b.doc_id IN ({','.join('?' * len(doc_ids))})"
            args = list(doc_ids)
        # ordered by ids alone, then the postings fetched: sorting rows that carry the blobs is slower
        order = [r["doc_id"] for r in self._run(
            sql + f" ORDER BY (SELECT MIN(c.{self.SEQ}) FROM chunks c WHERE c.doc_id = b.doc_id)", args)]
        found: dict[str, dict] = {}
        for i in range(0, len(order), 500):
            part = order[i:i + 500]
            for r in self._tuples(f"SELECT {','.join(BM25_COLS)} FROM bm25 WHERE doc_id IN ({','.join('?' * len(part))})",
                                  part):
                found[r[0]] = dict(zip(BM25_COLS, r))
        return [found[d] for d in order if d in found]

    def docs_without_bm25(self) -> list[str]:
        """Complete filings with chunks but no BM25 postings (written before postings were kept)."""
        rows = self._run("SELECT d.doc_id FROM filings d WHERE d.status = 'complete' "
                         "AND EXISTS (SELECT 1 FROM chunks c WHERE c.doc_id = d.doc_id) "
                         "AND NOT EXISTS (SELECT 1 FROM bm25 b WHERE b.doc_id = d.doc_id)").fetchall()
        return [r["doc_id"] for r in rows]

    def pages(self, doc_id: str) -> list[Page]:
        """A filing's pages as stored (text only: the tables were read into facts at ingest)."""
        rows = self._run("SELECT number, text, has_text_layer FROM pages WHERE doc_id = ? ORDER BY number",
                         (doc_id,)).fetchall()
        return [Page(number=r["number"], text=r["text"] or "", has_text_layer=bool(r["has_text_layer"]))
                for r in rows]

    def page_text(self, doc_id: str, number: int) -> str:
        row = self._run("SELECT text FROM pages WHERE doc_id = ? AND number = ?", (doc_id, number)).fetchone()
        return row["text"] if row else ""
