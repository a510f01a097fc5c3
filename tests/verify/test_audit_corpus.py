"""`audit --json` over corpus/, per filing: the discrepancies each filing really contains (read
off the pages and recomputed by hand), and no alarm where its identities hold. Rounding gaps
(尾差) are reported with rounding=true and are not errors."""

import json

import pytest

from assistant.cli import main

from eval.audit_truth import REAL_FINDINGS as EXPECTED  # each checked by hand, page by page


@pytest.fixture(scope="module")
def findings(corpus_index):
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["audit", "--json", "--index", str(corpus_index.dir)]) == 0
    return [json.loads(line) for line in out.getvalue().splitlines()]


@pytest.mark.parametrize("doc", sorted(EXPECTED))
def test_each_filing_reports_exactly_its_real_discrepancies(findings, doc):
    errors = {(d["kind"], d["subject"]) for d in findings if d["doc"] == doc and not d["rounding"]}
    assert errors == EXPECTED[doc]


def test_every_finding_names_its_places_with_page_and_quote(findings):
    for d in findings:
        assert d["places"], d
        for p in d["places"]:
            assert p["page"] and p["quote"], (d["doc"], d["kind"], p)


def test_every_filing_in_the_corpus_is_checked(corpus_index):
    assert {f.title for f in corpus_index.facts.filings()} == set(EXPECTED)
