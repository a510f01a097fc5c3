"""The index directory: structured facts (SQLite) + passages in a Chroma vector store + BM25.

One `Index` object owns both halves. A filing goes in through `add_filing`, which writes
SQLite in one transaction (status pending), then the vectors, then marks it complete;
a filing left pending by a crash is removed whole the next time the index is opened with no
ingest at work on it (index/lock.py), or when the next ingest starts.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from assistant.index.facts_db import FactStore
from assistant.index.lock import ingest_lock
from assistant.settings import Settings, get_settings
from assistant.types import Chunk, Fact, Filing


class Index:
    def __init__(self, index_dir: str | Path | None = None, settings: Settings | None = None):
        self.settings = settings or get_settings()
        self.dir = Path(index_dir or self.settings.index_dir)
        self.facts = FactStore(self.dir)
        with ingest_lock(self.dir, wait=False) as no_ingest_running:
            if no_ingest_running:
                self.remove_pending()

    def remove_pending(self) -> None:
        """Remove filings half-written by an interrupted ingest. Call only while holding the ingest
        lock (or knowing no ingest runs): a running ingest's filing is pending until its vectors are in."""
        for doc_id in self.facts.pending():
            self.vectors.delete(doc_id)
            self.facts.remove_filing(doc_id)

    @cached_property
    def vectors(self):
        from assistant.index.vector import VectorIndex

        return VectorIndex(self.dir, self.settings, self.facts)

    @cached_property
    def retriever(self):
        from assistant.retrieval.hybrid import HybridRetriever

        return HybridRetriever(self, self.settings)

    def has(self, doc_id: str) -> bool:
        return self.facts.has_filing(doc_id)

    def add_filing(self, filing: Filing, facts: list[Fact], chunks: list[Chunk]) -> None:
        self.facts.write_filing(filing, facts, chunks)
        try:
            self.vectors.delete(filing.doc_id)
            self.vectors.add(chunks)
        except BaseException:
            self.vectors.delete(filing.doc_id)
            self.facts.remove_filing(filing.doc_id)
            raise
        self.facts.mark_complete(filing.doc_id)
        self.__dict__.pop("retriever", None)  # BM25 is rebuilt from the chunks on next use

    def remove_filing(self, doc_id: str) -> None:
        self.vectors.delete(doc_id)
        self.facts.remove_filing(doc_id)
        self.__dict__.pop("retriever", None)
