"""A fast subset of the mutation harness (eval/mutation.py; the whole run is `python -m eval.mutation`):
one 决算 and one 预算 filing, one plant of each kind, every one caught and no false alarm."""

from eval.mutation import run, summarise
from eval.mutation_sites import FAMILIES


def test_every_planted_error_of_a_small_subset_is_caught(filing_of):
    filings = {f.title: f for f in (filing_of("putuo_js2024"), filing_of("wanli2025"))}
    outcomes, alarms, _ = run(per_op=1, progress=False, corpus=filings)
    summary = summarise(outcomes, alarms, 0, 0.0)
    assert summary["mutants"] >= 18 and set(summary["families"]) == set(FAMILIES)
    missed = [f"{o.filing} p{o.page} {o.op}: {o.before} → {o.after}" for o in outcomes if not o.caught]
    assert missed == []
    assert summary["false_alarms"] == 0


def test_plants_are_seeded(filing_of):
    filings = {f.title: f for f in (filing_of("putuo_js2024"),)}
    first, _, _ = run(per_op=1, progress=False, corpus=filings)
    again, _, _ = run(per_op=1, progress=False, corpus=filings)
    assert [(o.op, o.page, o.before, o.after) for o in first] == [(o.op, o.page, o.before, o.after) for o in again]
