"""The scale benchmark's generated filings: each reads as the department and year it was given, and
every money figure parsed from it is the seed's times its factor (so the benchmark's answers can be
checked exactly)."""

from __future__ import annotations

from eval.scale_gen import generate, plan
from assistant.parsers import extract_facts
from assistant.readers import read_filing


def test_plan_is_seeded_and_spans_the_years():
    a, b = plan(20), plan(20)
    assert a == b and len({g.department for g in a}) == 3
    assert [g.year for g in a[:8]] == list(range(2019, 2027)) and {g.factor for g in a} <= set(range(1, 10))


def test_a_copy_reads_as_given_with_its_amounts_scaled(tmp_path, facts_of):
    seed = facts_of("seed")
    for g in [g for g in generate(9, tmp_path) if g.factor > 1][:2]:
        filing = read_filing(tmp_path / g.name)
        assert (filing.department, filing.year, filing.kind) == (g.department, g.year, "预算")
        facts = extract_facts(filing)
        assert [f.measure for f in facts] == [f.measure for f in seed]
        money = [(s, f) for s, f in zip(seed, facts) if s.value is not None and s.unit in ("元", "万元")]
        assert len(money) > 150
        assert all(f.value == s.value * g.factor for s, f in money)
