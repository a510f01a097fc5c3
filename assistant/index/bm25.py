"""BM25 over jieba words, with the budget ontology in jieba's dictionary.

Chinese is segmented before BM25 sees it (llama-index's BM25Retriever ignores a custom
tokenizer, so bm25s is used directly). Every spelling of an ontology term is added to
jieba's dictionary so 三公经费 or 公务用车购置及运行费 stays one word; jieba's search mode also
emits the words inside a long word (三公 / 经费 / 三公经费), so a question that says 三公
still meets a passage that says “三公”经费. Quotes and spaces are removed first: filings
print “三公”经费 and 公务接待 费.

The index is rebuilt from the fact store's chunks when the index is opened: for the whole
corpus (~700 chunks) that takes well under a second, since a header line shared by all
chunks of a filing is segmented once (see `tokenize_lines`).
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache

import numpy as np

from assistant.types import Chunk

_STRIP = re.compile(r"[\s“”\"'‘’「」『』]")
_WORDLIKE = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")
_BRACKETS = str.maketrans({"(": "（", ")": "）", "：": ":", "，": ",", "．": "."})
STOPWORDS = frozenset("的 了 和 与 及 或 是 在 为 等 其中 中 对 按 年 元 万元 个 之 以 于 由 其 该 本 上 下".split())


@lru_cache(maxsize=1)
def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)  # no "Building prefix dict …" on every start
    jieba.initialize()
    from assistant.ontology import TERMS, clean_label

    for term in TERMS:
        for name in (term.name, *term.printed, *term.colloquial):
            word = clean_label(name).translate(_BRACKETS)
            if len(word) >= 2:
                jieba.add_word(word, freq=200000)
    return jieba


@lru_cache(maxsize=65536)
def _tokenize_line(line: str) -> tuple[str, ...]:
    s = _STRIP.sub("", line).translate(_BRACKETS).lower()
    return tuple(t for t in _jieba().lcut_for_search(s) if _WORDLIKE.search(t) and t not in STOPWORDS)


def tokenize(text: str) -> list[str]:
    return [t for line in text.splitlines() for t in _tokenize_line(line)]


class BM25Index:
    """BM25 (bm25s, Lucene scoring) over the chunks, queried with an optional set of doc_ids."""

    def __init__(self, chunks: list[Chunk]):
        import bm25s

        self.ids = [c.chunk_id for c in chunks]
        self.doc_of = np.array([c.doc_id for c in chunks], dtype=object)
        self.model = bm25s.BM25()
        if chunks:
            self.model.index([tokenize(c.text) or ["∅"] for c in chunks], show_progress=False)

    def query(self, text: str, top_k: int, doc_ids: set[str] | None = None) -> list[tuple[str, float]]:
        """(chunk_id, score) of the best-scoring chunks with a score above zero, best first."""
        tokens = [t for t in tokenize(text) if t in self.model.vocab_dict] if self.ids else []
        if not tokens:
            return []
        scores = self.model.get_scores(tokens)
        if doc_ids is not None:
            scores = np.where(np.isin(self.doc_of, list(doc_ids)), scores, 0.0)
        k = min(top_k, len(self.ids))
        best = np.argpartition(-scores, k - 1)[:k]
        best = best[np.argsort(-scores[best], kind="stable")]
        return [(self.ids[i], float(scores[i])) for i in best if scores[i] > 0]
