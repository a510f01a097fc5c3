"""Hybrid retrieval: the vector store and BM25, fused by reciprocal rank fusion.

Vectors find passages that say the same thing in other words; BM25 finds the exact budget
terms and names (三公经费, 公务用车运行维护费, a project's name). Their scores are on
different scales, so only ranks are fused (Cormack, Clarke & Büttcher 2009):

    score(chunk) = Σ over retrievers  1 / (rrf_k + rank)      (rank 1 = best)

`rrf_k` (settings.rrf_k, 60 as in the paper) damps the head of each list: with k = 60 the
first and the tenth passage of one retriever differ by only 1/61 − 1/70 ≈ 0.002, so a
passage both retrievers rank fairly high beats one only a single retriever ranks first.
A small k would let one retriever's top hit win alone. Written out here in a few lines
rather than through llama-index's QueryFusionRetriever, which would add a node round-trip
per query for the same arithmetic.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from assistant.retrieval.filters import Filters
from assistant.settings import Settings
from assistant.types import Chunk

CANDIDATES = 40  # passages each retriever contributes to the fusion


class Hit(BaseModel):
    chunk: Chunk
    score: float = Field(description="Reciprocal rank fusion score (higher is better)")
    ranks: dict[str, int] = Field(default_factory=dict, description="1-based rank per retriever: vector, bm25")


class HybridRetriever:
    def __init__(self, index, settings: Settings):
        self.index = index  # assistant.index.Index: .facts (FactStore), .vectors (VectorIndex), .bm25
        self.settings = settings

    @property
    def bm25(self):
        return self.index.bm25

    def retrieve(self, query: str, filters: Filters | None = None, top_k: int | None = None) -> list[Hit]:
        top_k = top_k or self.settings.top_k
        n = max(CANDIDATES, top_k)
        doc_ids = None
        if filters is not None and not filters.is_empty():
            doc_ids = set(filters.doc_ids(self.index.facts.filings()))
            if not doc_ids:
                return []
        rankings = {
            "vector": self.index.vectors.query(query, n, filters),
            "bm25": self.bm25.query(query, n, doc_ids),
        }
        # the hits' chunks only, read from the store: a retriever never holds the whole corpus
        chunks = self.index.facts.chunks_by_id(sorted({cid for ranked in rankings.values() for cid, _ in ranked}))
        fused: dict[str, Hit] = {}
        for name, ranked in rankings.items():
            for rank, (chunk_id, _) in enumerate(ranked, 1):
                chunk = chunks.get(chunk_id)
                if chunk is None:  # in Chroma but not (or no longer) a complete filing's chunk
                    continue
                hit = fused.setdefault(chunk_id, Hit(chunk=chunk, score=0.0))
                hit.score += 1.0 / (self.settings.rrf_k + rank)
                hit.ranks[name] = rank
        # ties (same score) are broken by chunk id, so a query always returns the same list
        return sorted(fused.values(), key=lambda h: (-h.score, h.chunk.chunk_id))[:top_k]
