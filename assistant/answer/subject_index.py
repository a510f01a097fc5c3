"""What the index holds, as questions name it: each stored subject under the keys a question names it
by, the filings that hold it, and its facts in a filing — read through indexed store queries and kept
in caches bounded by the facts they hold, so a question costs what it touches, not what the index holds.

A subject is found under its canonical term and its cleaned label (readings.subject_keys), and a
project's cost item (its 明细测算 rows) under the item's own name too. `facts(key, doc_id)` is every
fact of the filing filed under the key, in the order the store wrote them: the list a catalogue of
every fact in memory would give, without one.
"""

from __future__ import annotations

import threading
from collections import OrderedDict, defaultdict

from assistant.answer.readings import DETAIL_MEASURES, detail_item, row_item, subject_keys
from assistant.index.facts_db import FactStore
from assistant.ontology import clean_label
from assistant.types import LOCATOR_SEP, Fact

Rows = list[tuple[int, Fact]]  # (the store's fact id, the fact), in id order

# Bounds of what is kept between questions: a department's filings read whole, and a subject over
# every filing of an open question (about 5 facts a filing at 1,000 filings).
KEPT_FILINGS = 64
KEPT_FACTS = 60_000


class _Kept(OrderedDict):
    """Least recently used first; `room` drops the oldest until the kept facts fit `limit`."""

    def __init__(self, limit: int, size=len):
        super().__init__()
        self.limit, self.size, self.held = limit, size, 0

    def keep(self, key, value) -> None:
        if key in self:
            self.held -= self.size(self.pop(key))
        self[key] = value
        self.held += self.size(value)
        while self.held > self.limit and len(self) > 1:
            _, old = self.popitem(last=False)
            self.held -= self.size(old)

    def fetch(self, key):
        value = self.get(key)
        if value is not None:
            self.move_to_end(key)
        return value


class _Filing:
    """One filing's facts, read whole (for what looks across a filing: its 说明, its totals), and
    grouped by key on first need."""

    def __init__(self, rows: Rows):
        self.rows = rows
        self._by_key: dict[str, Rows] | None = None

    def of(self, key: str) -> Rows:
        if self._by_key is None:
            by_key: dict[str, Rows] = defaultdict(list)
            for row in self.rows:
                keys = subject_keys(row[1].subject)
                for k in keys:
                    by_key[k].append(row)
                item = detail_item(row[1])
                if item and item not in keys:
                    by_key[item].append(row)
            self._by_key = by_key
        return self._by_key.get(key, [])


class SubjectIndex:
    """The subjects of a store by key, and their facts on demand. Built from the store's distinct
    subjects and project items (index scans); safe to share between threads."""

    def __init__(self, store: FactStore, kept_filings: int = KEPT_FILINGS, kept_facts: int = KEPT_FACTS):
        self.store = store
        self._lock = threading.RLock()
        first: dict[str, tuple[int, int]] = {}  # key → (id of the first fact met under it, place in that fact)
        self._raws: dict[str, list[str]] = defaultdict(list)  # key → the stored subjects filed under it
        for raw, first_id in store.subjects_first_seen():
            for place, key in enumerate(subject_keys(raw)):
                self._raws[key].append(raw)
                first[key] = min(first.get(key, (first_id, place)), (first_id, place))
        self._items: dict[str, set[str]] = defaultdict(set)  # a cost item → the projects printing it
        self.detail_of: dict[str, str] = {}  # a project's cost item → the project it belongs to
        named: list[tuple[int, str, str]] = []
        for subject, row, first_id, last_id in store.item_rows(DETAIL_MEASURES):
            item = row_item(row)
            if item is None:
                continue
            if item not in subject_keys(subject):
                self._items[item].add(subject)
                first[item] = min(first.get(item, (first_id, 2)), (first_id, 2))
                named.append((last_id, item, clean_label(subject)))
            elif LOCATOR_SEP in row:  # the item is the subject: "project › item"
                named.append((last_id, item, clean_label(row.split(LOCATOR_SEP)[0])))
        for _, item, project in sorted(named):  # the fact read last names the project, as in reading order
            self.detail_of[item] = project
        self.keys: list[str] = sorted(first, key=first.__getitem__)
        self._known = set(self.keys)
        self._docs: dict[str, frozenset[str]] = {}
        self._filings = _Kept(kept_filings, size=lambda _: 1)
        self._pairs = _Kept(kept_facts)  # (key, doc_id) → Rows

    def __contains__(self, key: str) -> bool:
        return key in self._known

    def raws(self, key: str) -> list[str]:
        """The subjects as stored that are filed under this key."""
        return list(self._raws.get(key, []))

    def docs_of(self, key: str) -> frozenset[str]:
        """The filings holding facts under this key (one indexed query per key, kept)."""
        with self._lock:
            found = self._docs.get(key)
        if found is not None:
            return found
        docs: set[str] = set()
        for held in self.store.subject_docs(self._raws.get(key, [])).values():
            docs |= held
        if key in self._items:
            docs |= {d for row, d in self.store.row_docs(sorted(self._items[key]), DETAIL_MEASURES)
                     if row_item(row) == key}
        found = frozenset(docs)
        with self._lock:
            self._docs[key] = found
        return found

    def facts(self, key: str, doc_id: str) -> list[Fact]:
        return [f for _, f in self._rows(key, doc_id)]

    def over(self, key: str, doc_ids: list[str]) -> list[Fact]:
        """The key's facts in these filings, in the store's order."""
        self.prefetch([key], doc_ids)
        rows = [row for d in set(doc_ids) for row in self._rows(key, d)]
        return [f for _, f in sorted(rows, key=lambda r: r[0])]

    def prefetch(self, keys: list[str], doc_ids: list[str]) -> None:
        """Read the keys' facts in these filings with one query per key (an open question reads a
        subject in every filing): each filing's facts are then found without a query of its own."""
        for key in keys:
            held = self.docs_of(key)
            with self._lock:
                missing = [d for d in dict.fromkeys(doc_ids) if d in held and d not in self._filings
                           and (key, d) not in self._pairs]
            if len(missing) > 1:
                self._load(key, missing)

    def of_doc(self, doc_id: str) -> list[Fact]:
        return [f for _, f in self._filing(doc_id).rows]

    def on_page(self, doc_id: str, page: int) -> list[Fact]:
        """The facts a filing prints on one page, in reading order."""
        with self._lock:
            whole = self._filings.fetch(doc_id)
        if whole is not None:
            return [f for _, f in whole.rows if f.page == page]
        return [f for _, f in self.store.fact_rows(doc_ids=[doc_id], page=page)]

    # --- reading the store ------------------------------------------------------------------------
    def _rows(self, key: str, doc_id: str) -> Rows:
        if doc_id not in self.docs_of(key):
            return []
        with self._lock:
            whole = self._filings.fetch(doc_id)
            rows = whole.of(key) if whole is not None else self._pairs.fetch((key, doc_id))
        if rows is None:
            rows = self._load(key, [doc_id])[doc_id]
        return rows

    def _load(self, key: str, doc_ids: list[str]) -> dict[str, Rows]:
        subjects = sorted({*self._raws.get(key, []), *self._items.get(key, ())})
        found: dict[str, Rows] = {d: [] for d in doc_ids}
        for i, f in self.store.fact_rows(subjects=subjects, doc_ids=doc_ids):
            if key in subject_keys(f.subject) or detail_item(f) == key:
                found[f.doc_id].append((i, f))
        with self._lock:
            for d, rows in found.items():
                self._pairs.keep((key, d), rows)
        return found

    def _filing(self, doc_id: str) -> _Filing:
        with self._lock:
            whole = self._filings.fetch(doc_id)
        if whole is None:
            whole = _Filing(self.store.fact_rows(doc_ids=[doc_id]))
            with self._lock:
                self._filings.keep(doc_id, whole)
        return whole
