"""BM25 over jieba words, with the budget ontology in jieba's dictionary; postings kept in the store.

Chinese is segmented before BM25 sees it. Every spelling of an ontology term is added to jieba's
dictionary so 三公经费 or 公务用车购置及运行费 stays one word; jieba's search mode also emits the
words inside a long word (三公 / 经费 / 三公经费), so a question that says 三公 still meets a
passage that says “三公”经费. Quotes and spaces are removed first: filings print “三公”经费 and
公务接待 费.

Segmenting is the expensive part (tens of seconds for a thousand filings), so it happens once, at
ingest: `encode_filing` turns a filing's chunks into its postings (term counts per chunk), which
the store keeps beside the chunks in the same transaction. `BM25Index` reads the postings of the
filings it has not seen yet — all of them on first use, then only what another ingest added
(the store's `generation` says when) — and scores a query from them. Nothing is re-segmented at
query time.

Scores are those of bm25s's Lucene BM25 (k1 = 1.5, b = 0.75, idf = ln(1 + (N − df + ½)/(df + ½)))
over the same chunks in the same order, computed with the same float32/float64 steps, so the
ranking is the one an index rebuilt from every chunk would give (tests/index/test_bm25.py checks
it against bm25s). IDF and the mean chunk length are taken at query time from the live counts:
adding a filing changes them for every chunk, which is why a precomputed score matrix could not
be updated per filing.
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections import Counter
from functools import lru_cache

import numpy as np

from assistant.types import Chunk

_STRIP = re.compile(r"[\s“”\"'‘’「」『』]")
_WORDLIKE = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")
_BRACKETS = str.maketrans({"(": "（", ")": "）", "：": ":", "，": ",", "．": "."})
STOPWORDS = frozenset("的 了 和 与 及 或 是 在 为 等 其中 中 对 按 年 元 万元 个 之 以 于 由 其 该 本 上 下".split())
K1, B = 1.5, 0.75  # bm25s's defaults, which the index was tuned with
EMPTY = "∅"  # a chunk with no words still counts as a document of length one, as bm25s counts it


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


def encode_filing(doc_id: str, chunks: list[Chunk]) -> dict:
    """A filing's BM25 postings as the store keeps them: its chunk ids and vocabulary (JSON), chunk
    lengths and (chunk, term, count) triples as int32 arrays, indices local to the filing."""
    terms: dict[str, int] = {}
    rows, cols, tfs, lengths = [], [], [], []
    for i, c in enumerate(chunks):
        words = tokenize(c.text) or [EMPTY]
        lengths.append(len(words))
        for word, n in Counter(words).items():
            rows.append(i)
            cols.append(terms.setdefault(word, len(terms)))
            tfs.append(n)
    as_bytes = lambda xs: np.asarray(xs, dtype="<i4").tobytes()  # noqa: E731
    return {"doc_id": doc_id, "chunk_ids": json.dumps([c.chunk_id for c in chunks], ensure_ascii=False),
            "terms": json.dumps(list(terms), ensure_ascii=False), "lengths": as_bytes(lengths),
            "rows": as_bytes(rows), "cols": as_bytes(cols), "tfs": as_bytes(tfs)}


class _Segment:
    """Postings of some filings, grouped by term (CSC layout): rows of term t are
    rows[indptr[t]:indptr[t + 1]], ascending, with their counts in tfs."""

    def __init__(self, rows: np.ndarray, cols: np.ndarray, tfs: np.ndarray, n_terms: int):
        from scipy.sparse import csc_matrix

        # scipy's COO → CSC conversion is a counting sort in C: a third of the time of an argsort
        m = csc_matrix((tfs, (rows, cols)), shape=(int(rows.max(initial=-1)) + 1, n_terms))
        self.rows, self.tfs, self.indptr = m.indices, m.data, m.indptr
        self.n_terms = n_terms

    def postings(self, term: int) -> tuple[np.ndarray, np.ndarray]:
        if term >= self.n_terms:
            return self.rows[:0], self.tfs[:0]
        a, b = self.indptr[term], self.indptr[term + 1]
        return self.rows[a:b], self.tfs[a:b]


class BM25Index:
    """BM25 over the store's postings, queried with an optional set of doc_ids. `sync()` brings it
    up to the store's generation: appends the filings it lacks, starts over if one was removed."""

    def __init__(self, store):
        self.store = store
        self.loaded_at: int | None = None
        self._reset()

    def _reset(self) -> None:
        self.ids: list[str] = []
        self.docs: list[str] = []            # filings in load order
        self.doc_pos: dict[str, int] = {}
        self.doc_of = np.zeros(0, dtype=np.int32)   # row → position in self.docs
        self.lengths = np.zeros(0, dtype=np.int64)
        self.vocab: dict[str, int] = {}
        self.df = np.zeros(0, dtype=np.int64)
        self.segments: list[_Segment] = []

    def sync(self) -> None:
        gen = self.store.generation()
        if gen == self.loaded_at:
            return
        for doc_id in self.store.docs_without_bm25():  # an index written before postings were kept
            self.store.put_bm25(encode_filing(doc_id, self.store.chunks(doc_id)))
        current = [r.doc_id for r in self.store.filings()]
        if set(self.docs) - set(current):  # a filing left (re-ingested, joined): positions shift
            self._reset()
        new = [d for d in current if d not in self.doc_pos]
        if new:
            self._append(self.store.bm25_rows(new))
        self.loaded_at = gen

    def _append(self, records: list[dict]) -> None:
        rows, cols, tfs, lengths, owner = [], [], [], [], []
        term_lists = [json.loads(rec["terms"]) for rec in records]
        new = sorted(set().union(*term_lists).difference(self.vocab))  # set and map work run in C
        self.vocab.update(zip(new, range(len(self.vocab), len(self.vocab) + len(new))))
        for rec, terms in zip(records, term_lists):
            local = np.frombuffer(rec["cols"], dtype="<i4")
            gids = np.fromiter(map(self.vocab.__getitem__, terms), dtype=np.int64, count=len(terms))
            chunk_ids = json.loads(rec["chunk_ids"])
            rows.append(np.frombuffer(rec["rows"], dtype="<i4").astype(np.int64) + len(self.ids))
            cols.append(gids[local] if len(local) else np.zeros(0, dtype=np.int64))
            tfs.append(np.frombuffer(rec["tfs"], dtype="<i4"))
            lengths.append(np.frombuffer(rec["lengths"], dtype="<i4").astype(np.int64))
            self.doc_pos[rec["doc_id"]] = len(self.docs)
            owner.append(np.full(len(chunk_ids), len(self.docs), dtype=np.int32))
            self.docs.append(rec["doc_id"])
            self.ids += chunk_ids
        if not records:
            return
        cols_all = np.concatenate(cols)
        seg = _Segment(np.concatenate(rows), cols_all, np.concatenate(tfs), len(self.vocab))
        self.df = np.concatenate([self.df, np.zeros(len(self.vocab) - len(self.df), dtype=np.int64)])
        self.df += np.bincount(cols_all, minlength=len(self.vocab))  # one posting per (chunk, term)
        self.doc_of = np.concatenate([self.doc_of, *owner])
        self.lengths = np.concatenate([self.lengths, *lengths])
        self.segments.append(seg)
        if len(self.segments) > 8:  # many small appends (uploads one by one): merge into one segment
            self._merge()
        if not len(self.lengths) == len(self.ids) == len(self.doc_of):
            raise RuntimeError(f"BM25 postings out of step with their chunks after loading {[r['doc_id'] for r in records]}")

    def _merge(self) -> None:
        rows, cols, tfs = [], [], []
        for seg in self.segments:
            counts = np.diff(seg.indptr)
            rows.append(seg.rows)
            cols.append(np.repeat(np.arange(seg.n_terms), counts))
            tfs.append(seg.tfs)
        self.segments = [_Segment(np.concatenate(rows), np.concatenate(cols), np.concatenate(tfs), len(self.vocab))]

    def query(self, text: str, top_k: int, doc_ids: set[str] | None = None) -> list[tuple[str, float]]:
        """(chunk_id, score) of the best-scoring chunks with a score above zero, best first."""
        self.sync()
        n = len(self.ids)
        tokens = [self.vocab[t] for t in tokenize(text) if t in self.vocab] if n else []
        if not tokens:
            return []
        avg = self.lengths.mean()
        scores = np.zeros(n, dtype=np.float32)
        for term in tokens:  # in query order, repeats included, as bm25s sums them
            idf = np.float32(math.log(1 + (n - int(self.df[term]) + 0.5) / (int(self.df[term]) + 0.5)))
            for seg in self.segments:
                rows, tf = seg.postings(term)
                if len(rows):
                    tf32 = tf.astype(np.float32)
                    tfc = tf32 / (K1 * ((1 - B) + B * self.lengths[rows] / avg) + tf32)
                    np.add.at(scores, rows, (idf * tfc).astype(np.float32))
        if doc_ids is not None:
            keep = np.array([self.doc_pos[d] for d in doc_ids if d in self.doc_pos], dtype=np.int32)
            scores = np.where(np.isin(self.doc_of, keep), scores, 0.0)
        k = min(top_k, n)
        best = np.argpartition(-scores, k - 1)[:k]
        best = best[np.argsort(-scores[best], kind="stable")]
        return [(self.ids[i], float(scores[i])) for i in best if scores[i] > 0]
