"""Structured facts, pages and chunks in SQLite inside the index directory.

A filing's pages, facts and chunks are written in one transaction and marked `pending`
until the vector store has them too; a filing still pending when the index is opened
(a crash mid-ingest) is removed whole, so nothing half-written is ever answered from.
"""

from __future__ import annotations

import json
import sqlite3
from decimal import Decimal
from pathlib import Path

from assistant.types import Chunk, Fact, Filing

SCHEMA_VERSION = "1"

_SCHEMA = """
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
CREATE INDEX IF NOT EXISTS facts_subject ON facts(subject);
CREATE INDEX IF NOT EXISTS facts_doc ON facts(doc_id);
CREATE TABLE IF NOT EXISTS chunks (
    chunk_id TEXT PRIMARY KEY, doc_id TEXT, doc TEXT, department TEXT, year INTEGER, kind TEXT,
    text TEXT, page_start INTEGER, page_end INTEGER, locator TEXT, chunk_type TEXT
);
CREATE INDEX IF NOT EXISTS chunks_doc ON chunks(doc_id);
CREATE TABLE IF NOT EXISTS parts (
    doc_id TEXT PRIMARY KEY, part TEXT, path TEXT, filing TEXT, joined_into TEXT
);
"""

# Columns added after the first schema: (table, column, declaration). An index written before
# them gets them on opening, with a default that reads as before (filing_kind NULL → 部门+kind).
_ADDED_COLUMNS = (
    ("filings", "filing_kind", "TEXT DEFAULT NULL"),
    ("filings", "aliases", "TEXT DEFAULT '[]'"),
    ("facts", "filing_kind", "TEXT DEFAULT NULL"),
    ("filings", "part", "TEXT DEFAULT NULL"),
    ("facts", "part", "TEXT DEFAULT NULL"),
)
_FILING_COLS = (
    "doc_id", "path", "title", "department", "year", "kind", "level", "n_pages", "warnings", "status",
    "filing_kind", "aliases", "part",
)

_FACT_COLS = (
    "doc_id", "doc", "department", "year", "kind", "subject", "code", "measure", "column_path", "value",
    "unit", "text", "ref_year", "page", "locator", "quote", "source", "table_title", "row_path", "flags",
    "filing_kind", "part",
)
_CHUNK_COLS = tuple(Chunk.model_fields)


def _fact_row(f: Fact) -> tuple:
    return (
        f.doc_id, f.doc, f.department, f.year, f.kind, f.subject, f.code, f.measure, f.column,
        None if f.value is None else str(f.value), f.unit, f.text, f.ref_year, f.page, f.locator,
        f.quote, f.source, f.table, f.row, json.dumps(f.flags, ensure_ascii=False), f.filing_kind,
        f.part,
    )


def _row_fact(r: sqlite3.Row) -> Fact:
    return Fact(
        doc_id=r["doc_id"], doc=r["doc"], department=r["department"], year=r["year"], kind=r["kind"],
        subject=r["subject"], code=r["code"], measure=r["measure"], column=r["column_path"] or "",
        value=None if r["value"] is None else Decimal(r["value"]), unit=r["unit"] or "", text=r["text"],
        ref_year=r["ref_year"], page=r["page"], locator=r["locator"] or "", quote=r["quote"] or "",
        source=r["source"], table=r["table_title"], row=r["row_path"], flags=json.loads(r["flags"] or "[]"),
        filing_kind=r["filing_kind"], part=r["part"],
    )


class FactStore:
    """The structured half of an index directory (`facts.sqlite`)."""

    def __init__(self, index_dir: str | Path):
        self.dir = Path(index_dir)
        self.dir.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.dir / "facts.sqlite", check_same_thread=False)
        self.db.row_factory = sqlite3.Row
        with self.db:
            self.db.executescript(_SCHEMA)
            for table, column, decl in _ADDED_COLUMNS:
                have = {r[1] for r in self.db.execute(f"PRAGMA table_info({table})")}
                if column not in have:
                    self.db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {decl}")
            self.db.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (SCHEMA_VERSION,))

    # --- meta -------------------------------------------------------------------------------
    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self.db:
            self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    # --- writing ----------------------------------------------------------------------------
    def has_filing(self, doc_id: str) -> bool:
        row = self.db.execute("SELECT status FROM filings WHERE doc_id = ?", (doc_id,)).fetchone()
        return bool(row and row[0] == "complete")

    def write_filing(self, filing: Filing, facts: list[Fact], chunks: list[Chunk]) -> None:
        """Pages, facts and chunks of one filing in one transaction, status `pending`."""
        with self.db:
            self._delete(filing.doc_id)
            self.db.execute(
                f"INSERT INTO filings ({','.join(_FILING_COLS)}, ingested_at) "
                f"VALUES ({','.join('?' * len(_FILING_COLS))}, datetime('now'))",
                (filing.doc_id, filing.path, filing.title, filing.department, filing.year, filing.kind,
                 filing.level, len(filing.pages), json.dumps(filing.warnings, ensure_ascii=False), "pending",
                 filing.filing_kind, json.dumps(filing.aliases, ensure_ascii=False), filing.part),
            )
            self.db.executemany(
                "INSERT INTO pages VALUES (?,?,?,?)",
                [(filing.doc_id, p.number, p.text, int(p.has_text_layer)) for p in filing.pages],
            )
            self.db.executemany(
                f"INSERT INTO facts ({','.join(_FACT_COLS)}) VALUES ({','.join('?' * len(_FACT_COLS))})",
                [_fact_row(f) for f in facts],
            )
            self.db.executemany(
                f"INSERT INTO chunks ({','.join(_CHUNK_COLS)}) VALUES ({','.join('?' * len(_CHUNK_COLS))})",
                [tuple(getattr(c, k) for k in _CHUNK_COLS) for c in chunks],
            )

    def mark_complete(self, doc_id: str) -> None:
        with self.db:
            self.db.execute("UPDATE filings SET status = 'complete' WHERE doc_id = ?", (doc_id,))

    def remove_filing(self, doc_id: str) -> None:
        with self.db:
            self._delete(doc_id)

    def _delete(self, doc_id: str) -> None:
        for table in ("filings", "pages", "facts", "chunks"):
            self.db.execute(f"DELETE FROM {table} WHERE doc_id = ?", (doc_id,))

    # --- parts of split filings (a 文件 and a 表格 of one department-year) -----------------------
    def save_part(self, filing: Filing) -> None:
        """Keep a part whole (pages and their tables) until its other part arrives."""
        with self.db:
            self.db.execute("INSERT OR REPLACE INTO parts VALUES (?,?,?,?,NULL)",
                            (filing.doc_id, filing.part, filing.path, filing.model_dump_json()))

    def open_parts(self) -> list[Filing]:
        """Parts whose other part has not come yet."""
        rows = self.db.execute("SELECT filing FROM parts WHERE joined_into IS NULL ORDER BY rowid").fetchall()
        return [Filing.model_validate_json(r[0]) for r in rows]

    def held_parts(self) -> list[Filing]:
        """Open parts that are not in the index as filings of their own (a 表格 part with no year)."""
        return [f for f in self.open_parts() if not self.has_filing(f.doc_id)]

    def has_part(self, doc_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM parts WHERE doc_id = ?", (doc_id,)).fetchone() is not None

    def mark_joined(self, doc_ids: list[str], into: str) -> None:
        with self.db:
            self.db.executemany("UPDATE parts SET joined_into = ? WHERE doc_id = ?", [(into, d) for d in doc_ids])

    def pending(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT doc_id FROM filings WHERE status != 'complete'")]

    # --- reading ----------------------------------------------------------------------------
    def filings(self) -> list[Filing]:
        """Complete filings (metadata only, no pages), newest year first."""
        rows = self.db.execute(
            "SELECT * FROM filings WHERE status = 'complete' ORDER BY year DESC, department, kind, filing_kind"
        ).fetchall()
        return [
            Filing(doc_id=r["doc_id"], path=r["path"], title=r["title"], department=r["department"],
                   year=r["year"], kind=r["kind"], filing_kind=r["filing_kind"], level=r["level"],
                   aliases=json.loads(r["aliases"] or "[]"), warnings=json.loads(r["warnings"] or "[]"),
                   part=r["part"])
            for r in rows
        ]

    def facts(self, doc: str | None = None, grep: str | None = None, **where: object) -> list[Fact]:
        """Facts of complete filings. `doc` matches title or department; `grep` subject or locator;
        keyword arguments are exact matches on Fact fields (subject, measure, year, kind, doc_id …)."""
        sql = "SELECT f.* FROM facts f JOIN filings d ON d.doc_id = f.doc_id WHERE d.status = 'complete'"
        args: list[object] = []
        if doc:
            sql += " AND (f.doc LIKE ? OR f.department LIKE ?)"
            args += [f"%{doc}%", f"%{doc}%"]
        if grep:
            sql += " AND (f.subject LIKE ? OR f.locator LIKE ? OR f.row_path LIKE ?)"
            args += [f"%{grep}%"] * 3
        for key, value in where.items():
            col = {"column": "column_path", "table": "table_title", "row": "row_path"}.get(key, key)
            if col not in _FACT_COLS:
                raise ValueError(f"unknown fact field: {key}")
            sql += f" AND f.{col} = ?"
            args.append(value)
        sql += " ORDER BY f.id"
        return [_row_fact(r) for r in self.db.execute(sql, args)]

    def chunks(self) -> list[Chunk]:
        rows = self.db.execute(
            "SELECT c.* FROM chunks c JOIN filings d ON d.doc_id = c.doc_id WHERE d.status = 'complete' "
            "ORDER BY c.rowid"
        ).fetchall()
        return [Chunk(**{k: r[k] for k in _CHUNK_COLS}) for r in rows]

    def page_texts(self, doc_id: str) -> list[str]:
        """Every page's text of one filing, in page order."""
        return [r[0] for r in self.db.execute("SELECT text FROM pages WHERE doc_id = ? ORDER BY number", (doc_id,))]

    def page_text(self, doc_id: str, number: int) -> str:
        row = self.db.execute("SELECT text FROM pages WHERE doc_id = ? AND number = ?", (doc_id, number)).fetchone()
        return row[0] if row else ""

    def close(self) -> None:
        self.db.close()
