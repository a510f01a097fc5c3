"""The catalogue reads facts on demand through indexed store queries: what it finds under each key
must be exactly what a catalogue of every fact in memory finds — same facts, same order — over the
real corpus, and a filing still pending is never read."""

from __future__ import annotations

from collections import defaultdict

import pytest

from assistant.answer.readings import detail_item, subject_keys
from assistant.ontology import clean_label


def _in_memory(store):
    """The catalogue the index used to build at start: every fact, filed under its keys."""
    by_key, by_doc, detail_of = defaultdict(list), defaultdict(list), {}
    for f in store.facts():
        by_doc[f.doc_id].append(f)
        keys = subject_keys(f.subject)
        for k in keys:
            by_key[k].append(f)
        item = detail_item(f)
        if item and item not in keys:
            by_key[item].append(f)
            detail_of[item] = clean_label(f.subject)
        elif item and " › " in (f.row or ""):
            detail_of[item] = clean_label(f.row.split(" › ")[0])
    return by_key, by_doc, detail_of


@pytest.fixture(scope="module")
def catalog(corpus_index):
    from assistant.answer.lookup import Catalog

    return Catalog(corpus_index.facts)


def test_keys_and_their_facts_are_those_of_every_fact_in_memory(catalog, corpus_index):
    by_key, by_doc, detail_of = _in_memory(corpus_index.facts)
    assert catalog.subject_names() == list(by_key)  # the order the facts first name them
    assert catalog.detail_of == detail_of
    filings = catalog.filings
    for key, facts in by_key.items():
        assert catalog.facts_over(key, filings) == facts, key
        for filing in filings[:4]:
            assert catalog.facts(key, filing) == [f for f in facts if f.doc_id == filing.doc_id], key
    for filing in filings:
        assert catalog.of_doc(filing) == by_doc[filing.doc_id]
        page = by_doc[filing.doc_id][0].page
        assert catalog.on_page(filing, page) == [f for f in by_doc[filing.doc_id] if f.page == page]


def test_a_filing_read_whole_answers_as_its_facts_read_by_subject(catalog):
    filing = catalog.filings[0]
    by_subject = {k: catalog.facts(k, filing) for k in catalog.subject_names()[:200]}
    catalog.of_doc(filing)  # now kept whole: facts come from it
    assert {k: catalog.facts(k, filing) for k in by_subject} == by_subject


def test_text_facts_are_read_by_measure_and_subject(catalog, corpus_index):
    every = [f for f in corpus_index.facts.facts(measure="定义") if f.text or f.value is not None]
    assert catalog.text_facts("定义", [], catalog.filings) == every
    named = [f for f in every if "三公经费" in subject_keys(f.subject)]
    assert named and catalog.text_facts("定义", ["三公经费"], catalog.filings) == named


def test_a_pending_filing_is_neither_named_nor_read(tmp_path):
    from assistant.answer.lookup import Catalog
    from assistant.index.facts_db import SqliteFactStore
    from assistant.types import Fact, Filing

    store = SqliteFactStore(tmp_path)
    for doc_id, subject, done in (("a", "三公经费", True), ("b", "半途而止的项目", False)):
        filing = Filing(doc_id=doc_id, path="-", title=f"{doc_id}2025年部门预算", department=f"{doc_id}局",
                        year=2025, kind="预算")
        store.write_filing(filing, [Fact(doc_id=doc_id, doc=filing.title, department=filing.department, year=2025,
                                         kind="预算", subject=subject, measure="预算数", value=1, unit="元")], [])
        if done:
            store.mark_complete(doc_id)
    catalog = Catalog(store)
    assert catalog.subject_names() == ["三公经费"]
    assert "半途而止的项目" not in catalog.printed_words() and catalog.subjects.docs_of("半途而止的项目") == frozenset()


def test_kept_facts_stay_within_their_bound(corpus_index):
    from assistant.answer.subject_index import SubjectIndex

    index = SubjectIndex(corpus_index.facts, kept_filings=2, kept_facts=50)
    docs = [f.doc_id for f in corpus_index.facts.filings()]
    for d in docs:
        for key in index.keys[:30]:
            index.facts(key, d)
        index.of_doc(d)
    assert len(index._filings) == 2
    assert index._pairs.held <= 50 or len(index._pairs) == 1
