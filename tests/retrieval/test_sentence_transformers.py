"""The sentence-transformers path end to end, with a tiny BERT built here (no download)."""

from __future__ import annotations

import pytest

from assistant.chunking import make_chunks
from assistant.index import Index
from assistant.index.embeddings import EmbeddingMismatch
from assistant.retrieval.filters import Filters
from assistant.settings import get_settings


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory, filing_of):
    torch = pytest.importorskip("torch")
    from sentence_transformers import SentenceTransformer, models
    from transformers import BertConfig, BertModel, BertTokenizer

    torch.manual_seed(0)
    d = tmp_path_factory.mktemp("tiny_bert")
    chars = sorted({ch for ch in filing_of("seed").pages[29].text if not ch.isspace()})
    (d / "vocab.txt").write_text("\n".join(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *chars]), encoding="utf-8")
    BertTokenizer(str(d / "vocab.txt")).save_pretrained(d / "bert")
    config = BertConfig(vocab_size=len(chars) + 5, hidden_size=32, num_hidden_layers=1, num_attention_heads=2,
                        intermediate_size=64, max_position_embeddings=512)
    BertModel(config).save_pretrained(d / "bert")
    word = models.Transformer(str(d / "bert"), max_seq_length=256)
    dim = getattr(word, "get_embedding_dimension", None) or word.get_word_embedding_dimension
    pool = models.Pooling(dim(), pooling_mode="mean")
    SentenceTransformer(modules=[word, pool], device="cpu").save(str(d / "st"))
    return str(d / "st")


def test_ingest_and_retrieve_with_a_local_sentence_transformers_model(tmp_path, tiny_model, filing_of):
    filing = filing_of("seed")
    settings = get_settings(index_dir=tmp_path, embed_model=tiny_model)
    index = Index(tmp_path, settings)
    index.add_filing(filing, [], make_chunks(filing, []))
    assert index.facts.get_meta("embedding") == f"st:{tiny_model}:32"

    hits = index.retriever.retrieve("“三公”经费支出", filters=Filters(year=2025), top_k=5)
    assert hits and any("vector" in h.ranks for h in hits)
    assert any("三公" in h.chunk.locator for h in hits)  # BM25 carries it; the random vectors only add ranks

    reopened = Index(tmp_path, get_settings(index_dir=tmp_path, embed_model=tiny_model))
    assert [h.chunk.chunk_id for h in reopened.retriever.retrieve("“三公”经费支出", top_k=5)] == \
        [h.chunk.chunk_id for h in hits]

    with pytest.raises(EmbeddingMismatch, match=r"st:.*:32.*hash:512"):
        Index(tmp_path, get_settings(index_dir=tmp_path)).retriever.retrieve("三公经费")
