"""Embeddings for the vector store: a local hash embedding by default, sentence-transformers on request.

The default needs no download and no torch: character 1–3-grams of the text, feature-hashed
(blake2b, stable across processes and machines — Python's hash() is salted per process)
into `settings.embed_dim` signed buckets, log-scaled and L2-normalised. Chinese has no
spaces, so character n-grams are what word pieces are elsewhere: 三公经费 shares 三公/公经/经费
with “三公”经费 and with 三公经费支出.

With `settings.embed_model` set to a sentence-transformers model name or folder, that model
is loaded from local files only (never the network). The index records which embedding
built it (`embedding_identity`); opening it with another raises `EmbeddingMismatch`, since
vectors of two embeddings are not comparable.
"""

from __future__ import annotations

import math
import os
import re
from hashlib import blake2b
from pathlib import Path
from typing import Any

from llama_index.core.base.embeddings.base import BaseEmbedding
from pydantic import PrivateAttr

from assistant.settings import Settings

META_KEY = "embedding"
_SPACE = re.compile(r"\s+")


class EmbeddingMismatch(Exception):
    """The index was built with one embedding and is being used with another."""

    def __init__(self, index_dir: str | Path, stored: str, wanted: str):
        self.stored, self.wanted = stored, wanted
        hint = "--embed-model hash" if stored.startswith("hash:") else f"--embed-model {stored.split(':')[1]}"
        super().__init__(
            f"the index at {index_dir} was built with embedding '{stored}', but this run uses '{wanted}'. "
            f"Vectors of different embeddings cannot be mixed. Either run with {hint} "
            f"(ASSISTANT_EMBED_MODEL), or rebuild: delete {index_dir} and ingest the filings again with the "
            f"embedding you want."
        )


class HashEmbedding(BaseEmbedding):
    """Character 1–3-gram feature hashing: deterministic, offline, ~0.1 ms per passage."""

    dim: int = 512
    _buckets: dict[str, tuple[int, float]] = PrivateAttr(default_factory=dict)

    @classmethod
    def class_name(cls) -> str:
        return "HashEmbedding"

    @property
    def identity(self) -> str:
        return f"hash:{self.dim}"

    def _bucket(self, gram: str) -> tuple[int, float]:
        hit = self._buckets.get(gram)
        if hit is None:
            h = int.from_bytes(blake2b(gram.encode(), digest_size=8).digest(), "little")
            hit = self._buckets[gram] = (h % self.dim, 1.0 if (h >> 63) & 1 else -1.0)
        return hit

    def embed(self, text: str) -> list[float]:
        s = _SPACE.sub(" ", text.lower()).strip()
        counts: dict[str, int] = {}
        for n in (1, 2, 3):
            for i in range(len(s) - n + 1):
                g = s[i:i + n]
                if n == 1 and g == " ":
                    continue
                counts[g] = counts.get(g, 0) + 1
        vec = [0.0] * self.dim
        for g, c in counts.items():
            b, sign = self._bucket(g)
            vec[b] += sign * (1.0 + math.log(c))  # log-scaled: a header repeated in every chunk does not dominate
        norm = math.sqrt(sum(v * v for v in vec)) or 1.0
        return [v / norm for v in vec]

    def _get_query_embedding(self, query: str) -> list[float]:
        return self.embed(query)

    def _get_text_embedding(self, text: str) -> list[float]:
        return self.embed(text)

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return [self.embed(t) for t in texts]

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self.embed(query)


class SentenceTransformerEmbedding(BaseEmbedding):
    """A sentence-transformers model from a local folder or the local HF cache (no network)."""

    model_name: str = ""
    _model: Any = PrivateAttr(default=None)

    def __init__(self, model_name: str, **kw: Any):
        super().__init__(model_name=model_name, **kw)
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # loading must never reach the network
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer  # torch: only on this path

        try:
            self._model = SentenceTransformer(model_name, device="cpu", local_files_only=True)
        except Exception as e:
            raise ValueError(
                f"cannot load the embedding model '{model_name}' from local files ({type(e).__name__}: {e}). "
                "Give a folder holding a sentence-transformers model, or download it once into the HF cache."
            ) from e

    @classmethod
    def class_name(cls) -> str:
        return "SentenceTransformerEmbedding"

    @property
    def dim(self) -> int:
        get = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        return int(get())

    @property
    def identity(self) -> str:
        return f"st:{self.model_name}:{self.dim}"

    def _encode(self, texts: list[str]) -> list[list[float]]:
        return self._model.encode(texts, normalize_embeddings=True, batch_size=32,
                                  show_progress_bar=False, convert_to_numpy=True).tolist()

    def _get_query_embedding(self, query: str) -> list[float]:
        return self._encode([query])[0]

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._encode([text])[0]

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return self._encode(texts)

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)


def wanted_identity(settings: Settings) -> str:
    """The identity the settings ask for, known without loading a model (dimension aside)."""
    name = settings.embed_model or "hash"
    return f"hash:{settings.embed_dim}" if name == "hash" else f"st:{name}:"


def same_embedding(stored: str, wanted: str) -> bool:
    """`wanted` may lack the dimension (st:<name>:) before the model is loaded."""
    return stored == wanted or (wanted.endswith(":") and stored.startswith(wanted))


_MODELS: dict[tuple[str, int], BaseEmbedding] = {}


def load_embedding(settings: Settings) -> HashEmbedding | SentenceTransformerEmbedding:
    """The embedding the settings name, loaded once per process."""
    name = settings.embed_model or "hash"
    key = (name, settings.embed_dim)
    if key not in _MODELS:
        if name == "hash":
            _MODELS[key] = HashEmbedding(dim=settings.embed_dim, embed_batch_size=256)
        else:
            _MODELS[key] = SentenceTransformerEmbedding(name, embed_batch_size=32)
    return _MODELS[key]  # type: ignore[return-value]
