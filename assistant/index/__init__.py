"""The index: structured facts + BM25 postings (a `FactStore`) and passages in a Chroma vector store.

Embedded (the default), both live in one folder: facts.sqlite and chroma/. In server mode they
live on servers several processes share: ASSISTANT_FACTS_URL (PostgreSQL) and ASSISTANT_CHROMA_URL
(a Chroma server); either can be set alone.

One `Index` object owns both halves. A filing goes in through `add_filing`, which writes the
store in one transaction (status pending), then the vectors, then marks it complete; a filing
left pending by a crash is removed whole the next time the index is opened (in a shared store,
only once it is older than `settings.pending_stale_s`: a younger one is another process's ingest).
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from assistant.index.facts_db import FactStore, open_fact_store
from assistant.index.lock import ingest_lock
from assistant.settings import Settings, get_settings
from assistant.types import Chunk, Fact, Filing


class Index:
    def __init__(self, index_dir: str | Path | None = None, settings: Settings | None = None):
        self.settings = settings or get_settings()
        self.dir = Path(index_dir or self.settings.index_dir)
        self.facts: FactStore = open_fact_store(self.dir, self.settings.facts_url)
        with ingest_lock(self.dir, wait=False) as no_ingest_running:
            if no_ingest_running:
                self.remove_pending()

    def remove_pending(self) -> None:
        """Remove filings half-written by an interrupted ingest. Call only while holding the ingest
        lock (or knowing no ingest runs): a running ingest's filing is pending until its vectors are in.
        In a shared store only those older than `pending_stale_s`: a younger one is another machine's."""
        shared = bool(self.settings.facts_url or self.settings.chroma_url)
        for doc_id in self.facts.pending(self.settings.pending_stale_s if shared else 0):
            self.vectors.delete(doc_id)
            self.facts.remove_filing(doc_id)

    @cached_property
    def vectors(self):
        from assistant.index.vector import VectorIndex

        return VectorIndex(self.dir, self.settings, self.facts)

    @cached_property
    def bm25(self):
        """BM25 over the postings the store keeps; it catches up with the store on each query."""
        from assistant.index.bm25 import BM25Index

        return BM25Index(self.facts)

    @cached_property
    def retriever(self):
        from assistant.retrieval.hybrid import HybridRetriever

        return HybridRetriever(self, self.settings)

    def generation(self) -> int:
        """Changes whenever any process completes or removes a filing in this index: a long-lived
        engine compares it with the one it was built at to know it must look again."""
        return self.facts.generation()

    def has(self, doc_id: str) -> bool:
        return self.facts.has_filing(doc_id)

    def add_filing(self, filing: Filing, facts: list[Fact], chunks: list[Chunk]) -> None:
        from assistant.index.bm25 import encode_filing

        # segmented once here, kept with the chunks: no query ever re-segments the corpus
        self.facts.write_filing(filing, facts, chunks, bm25=encode_filing(filing.doc_id, chunks))
        try:
            self.vectors.delete(filing.doc_id)
            self.vectors.add(chunks)
        except BaseException:
            self.vectors.delete(filing.doc_id)
            self.facts.remove_filing(filing.doc_id)
            raise
        self.facts.mark_complete(filing.doc_id)

    def remove_filing(self, doc_id: str) -> None:
        self.vectors.delete(doc_id)
        self.facts.remove_filing(doc_id)
