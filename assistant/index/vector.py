"""Passages in a Chroma collection, through llama-index: persistent in <index_dir>/chroma by
default, or on a Chroma server (chromadb's HttpClient) when ASSISTANT_CHROMA_URL is set.

Nodes are llama-index `TextNode`s carrying the chunk's metadata (doc_id, department, year,
kind, chunk_type, pages, locator); vectors come from our own embedding (see embeddings.py)
and go in through `ChromaVectorStore.add` / `.query`. Filters on department, year and kind
are resolved against the fact store's filings to a set of doc_ids — a department is
matched as a substring, which Chroma's metadata filters cannot do.
"""

from __future__ import annotations

import os
from functools import cached_property
from pathlib import Path
from urllib.parse import urlparse

from assistant.index.embeddings import (
    META_KEY, EmbeddingMismatch, load_embedding, same_embedding, wanted_identity,
)
from assistant.index.facts_db import FactStore
from assistant.retrieval.filters import Filters
from assistant.settings import Settings
from assistant.types import Chunk

_CLIENTS: dict[str, object] = {}  # one chromadb client per index folder (or server) per process


def chroma_client(path: Path, url: str | None = None):
    """The persistent client of an index folder, or the HTTP client of a Chroma server."""
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    key = url or str(path.resolve())
    if key not in _CLIENTS:
        settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
        if url:
            u = urlparse(url)
            if u.scheme not in ("http", "https") or not u.hostname:
                raise ValueError(f"ASSISTANT_CHROMA_URL must be http(s)://host:port, got {url!r}")
            _CLIENTS[key] = chromadb.HttpClient(host=u.hostname, port=u.port or (443 if u.scheme == "https" else 8000),
                                                ssl=u.scheme == "https", settings=settings)
        else:
            _CLIENTS[key] = chromadb.PersistentClient(path=key, settings=settings)
    return _CLIENTS[key]


class VectorIndex:
    def __init__(self, index_dir: str | Path, settings: Settings, facts: FactStore):
        self.dir = Path(index_dir)
        self.settings = settings
        self.facts = facts
        stored = facts.get_meta(META_KEY)
        if stored and not same_embedding(stored, wanted_identity(settings)):
            raise EmbeddingMismatch(self.dir, stored, wanted_identity(settings))

    @cached_property
    def embedding(self):
        model = load_embedding(self.settings)
        stored = self.facts.get_meta(META_KEY)
        if stored and stored != model.identity:  # e.g. same model name, another dimension
            raise EmbeddingMismatch(self.dir, stored, model.identity)
        return model

    @cached_property
    def collection(self):
        return chroma_client(self.dir / "chroma", self.settings.chroma_url).get_or_create_collection(
            self.settings.chroma_collection, metadata={"hnsw:space": "cosine"}
        )

    @cached_property
    def store(self):
        from llama_index.vector_stores.chroma import ChromaVectorStore

        return ChromaVectorStore(chroma_collection=self.collection)

    # --- writing ----------------------------------------------------------------------------
    def add(self, chunks: list[Chunk]) -> None:
        if not chunks:
            return
        from llama_index.core.schema import NodeRelationship, RelatedNodeInfo, TextNode

        model = self.embedding
        if not self.facts.get_meta(META_KEY):
            self.facts.set_meta(META_KEY, model.identity)
        vectors = model.get_text_embedding_batch([c.text for c in chunks])
        # the filing is the node's source document: llama-index writes its id into the `doc_id`
        # (and ref_doc_id/document_id) metadata, which is what delete() and the filters match on
        nodes = [
            TextNode(id_=c.chunk_id, text=c.text, embedding=v, metadata=_metadata(c),
                     relationships={NodeRelationship.SOURCE: RelatedNodeInfo(node_id=c.doc_id)})
            for c, v in zip(chunks, vectors)
        ]
        for i in range(0, len(nodes), 2000):  # below Chroma's maximum batch size
            self.store.add(nodes[i:i + 2000])

    def delete(self, doc_id: str) -> None:
        self.collection.delete(where={"doc_id": doc_id})

    def count(self) -> int:
        return self.collection.count()

    # --- reading ----------------------------------------------------------------------------
    def query(self, text: str, top_k: int, filters: Filters | None = None) -> list[tuple[str, float]]:
        """(chunk_id, cosine similarity) of the nearest passages admitted by the filters, best first."""
        from llama_index.core.vector_stores.types import (
            FilterOperator, MetadataFilter, MetadataFilters, VectorStoreQuery,
        )

        where = None
        if filters is not None and not filters.is_empty():
            doc_ids = filters.doc_ids(self.facts.filings())
            if not doc_ids:
                return []
            where = MetadataFilters(filters=[MetadataFilter(key="doc_id", value=doc_ids, operator=FilterOperator.IN)])
        n = self.collection.count()
        if n == 0:
            return []
        q = VectorStoreQuery(query_embedding=self.embedding.get_query_embedding(text),
                             similarity_top_k=min(top_k, n), filters=where)
        res = self.store.query(q)
        return list(zip(res.ids or [], res.similarities or []))


def _metadata(c: Chunk) -> dict:
    return {"doc_id": c.doc_id, "doc": c.doc, "department": c.department, "year": c.year, "kind": c.kind,
            "chunk_type": c.chunk_type, "page_start": c.page_start or 0, "page_end": c.page_end or 0,
            "locator": c.locator}
