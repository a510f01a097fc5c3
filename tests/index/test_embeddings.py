"""The hash embedding is deterministic across processes; an index refuses another embedding."""

from __future__ import annotations

import json
import math
import subprocess
import sys

import pytest

from assistant.index import Index
from assistant.index.embeddings import EmbeddingMismatch, HashEmbedding
from assistant.settings import get_settings

ROOT = __import__("pathlib").Path(__file__).resolve().parents[2]


def test_hash_embedding_is_normalised_and_stable_across_processes():
    e = HashEmbedding(dim=64)
    v = e.get_text_embedding("2025年“三公”经费预算数为37.91万元")
    assert len(v) == 64 and math.isclose(sum(x * x for x in v), 1.0, rel_tol=1e-9)
    code = ("import json; from assistant.index.embeddings import HashEmbedding; "
            "print(json.dumps(HashEmbedding(dim=64).get_text_embedding('2025年“三公”经费预算数为37.91万元')))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == v  # blake2b, not the per-process salted hash()


def test_hash_embedding_ranks_shared_words_higher():
    e = HashEmbedding(dim=512)
    q = e.get_query_embedding("三公经费")
    near = e.get_text_embedding("一般公共预算“三公”经费支出 2.5万元")
    far = e.get_text_embedding("住房公积金 35.07万元")
    dot = lambda a, b: sum(x * y for x, y in zip(a, b))  # noqa: E731
    assert dot(q, near) > dot(q, far)


def test_an_index_built_with_one_embedding_refuses_another(tmp_path, filing_of):
    from assistant.chunking import make_chunks

    filing = filing_of("seed")
    index = Index(tmp_path, get_settings(index_dir=tmp_path, embed_dim=256))
    index.add_filing(filing, [], make_chunks(filing, [])[:5])
    assert index.facts.get_meta("embedding") == "hash:256"

    other = Index(tmp_path, get_settings(index_dir=tmp_path, embed_dim=512))
    with pytest.raises(EmbeddingMismatch) as err:
        other.retriever.retrieve("三公经费")
    msg = str(err.value)
    assert "hash:256" in msg and "hash:512" in msg and "rebuild" in msg

    st = Index(tmp_path, get_settings(index_dir=tmp_path, embed_model="some/model"))
    with pytest.raises(EmbeddingMismatch, match="st:some/model:"):
        st.vectors.add(make_chunks(filing, [])[5:6])
