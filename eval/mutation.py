"""python -m eval.mutation [--seed S] [--per-op N] [--only KEY …] [--name NAME]

How much of what a reviewer would catch the audit catches: each corpus filing's pages get errors
planted, one at a time (eval/mutation_ops.py: a number in a sentence or a table cell, a year, a
comparison word, a department's name, a table deleted, a cell blanked, a placeholder, doubled
punctuation, an empty table's note dropped); the mutated pages are parsed and audited again.

A mutant is caught when the audit reports a finding the unmutated filing did not have (not 尾差)
that points at the planted page (a deleted table: a missing_table finding wherever it points), or
a finding that quotes the planted figure (a figure the filing already got wrong, changed again).
A plant whose change the parser does not read where it was aimed (a row printing one figure
twice, the other cell read as changed) is replaced by the next candidate of its kind, and counted
apart ("not reached"). False alarms: findings on the unmutated filings that are not in
the hand-checked list of real ones (eval/audit_truth.py). Seeded: the same plants every run.
Writes eval/reports/mutation.json and .md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import time
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path

from assistant.amounts import printed_amount, to_decimal
from assistant.audit import Discrepancy, audit_filing
from assistant.parsers import extract_facts
from assistant.readers import SUFFIXES, read_filing
from assistant.types import Fact, Filing
from eval.audit_truth import REAL_FINDINGS
from eval.mutation_ops import Plant, apply
from eval.mutation_sites import FAMILIES, OPERATORS
from eval.runner import REPORTS

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
DEFAULT_SEED = "mutation-v1"
PER_OP = 2
TARGET_RECALL = 0.95


@dataclass
class Outcome:
    filing: str
    op: str
    family: str
    page: int
    before: str
    after: str
    caught: bool
    by: list[str] = field(default_factory=list)      # kinds of the findings that caught it
    collateral: int = 0                              # other new findings, elsewhere
    explanation: str = ""                            # the catching finding, for a reader


@dataclass
class Baseline:
    filing: Filing
    facts: list[Fact]
    findings: list[Discrepancy]

    @property
    def keys(self) -> set[tuple]:
        return {loose_key(d) for d in self.findings}


def loose_key(d: Discrepancy) -> tuple:
    """A finding as a reviewer tells two apart: what, about what, on which pages, how bad — not its
    quotes, which a plant in the same sentence changes."""
    return (d.kind, d.subject, tuple(sorted({p.page or 0 for p in d.places})), d.severity)


def read_corpus(keys: list[str] | None = None) -> dict[str, Filing]:
    files = sorted(p for p in CORPUS.iterdir() if p.suffix.lower() in SUFFIXES)
    out = {}
    for path in files:
        if keys and not any(k in path.name for k in keys):
            continue
        filing = read_filing(path)
        out[filing.title] = filing
    return out


def baseline(filing: Filing) -> Baseline:
    facts = extract_facts(filing)
    return Baseline(filing, facts, audit_filing(filing, facts))


def false_alarms(base: Baseline) -> list[Discrepancy]:
    real = REAL_FINDINGS.get(base.filing.title, set())
    return [d for d in base.findings if d.severity != "rounding" and (d.kind, d.subject) not in real]


def sites(base: Baseline, seed: str) -> list[list[Plant]]:
    """Every candidate plant, one list per operator kind, in an order drawn by a generator seeded
    from (seed, filing, operator): the runner plants the first `per_op` of each that the parser
    reads where they were aimed."""
    out = []
    for op, make in OPERATORS.items():
        rng = random.Random(int(hashlib.sha256(f"{seed}\x1f{base.filing.title}\x1f{op}".encode()).hexdigest(), 16))
        found = make(base.filing, base.facts, rng)
        by_kind: dict[str, list[Plant]] = defaultdict(list)
        for p in found:
            by_kind[p.op].append(p)
        out += [rng.sample(by_kind[kind], len(by_kind[kind])) for kind in sorted(by_kind)]
    return out


def reached(plant: Plant, facts: list[Fact]) -> bool:
    """The parser reads the change where it was aimed: the target cell now holds the new figure
    (or, blanked, is gone)."""
    if plant.target is None:
        return True
    table, page, row, column = plant.target
    here = [f for f in facts if (f.table, f.page, f.row, f.column) == (table, page, row, column)]
    if plant.after == "（空）":
        return not here or all(f.value == 0 for f in here)
    want = to_decimal(plant.after)
    return any(printed_amount(f.value, f.unit, f.quote).printed == want for f in here if f.value is not None)


def run_plant(base: Baseline, plant: Plant) -> Outcome | None:
    mutated = base.filing.model_copy(update={"pages": apply(base.filing, plant)})
    facts = extract_facts(mutated)
    if not reached(plant, facts):
        return None
    keys = base.keys
    found = [d for d in audit_filing(mutated, facts) if d.severity != "rounding"]
    new = [d for d in found if loose_key(d) not in keys]
    hits = [d for d in new if d.kind in plant.kinds or any(p.page == plant.page for p in d.places)]
    # a plant on a figure the audit already flags (the filing's own error, changed again) is caught
    # when the finding now quotes the planted figure
    hits += [d for d in found if d not in new and plant.after[:1].isdigit()
             and any(p.page == plant.page and p.printed.startswith(plant.after.replace(",", "")) for p in d.places)]
    return Outcome(base.filing.title, plant.op, plant.family, plant.page, plant.before, plant.after, bool(hits),
                   sorted({d.kind for d in hits}), len(new) - len(hits), hits[0].explanation[:160] if hits else "")


def run(keys: list[str] | None = None, seed: str = DEFAULT_SEED, per_op: int = PER_OP, progress: bool = True,
        corpus: dict[str, Filing] | None = None) -> tuple[list[Outcome], dict[str, list[Discrepancy]], int]:
    """Plant and audit over the corpus (or the filings given, already read): the outcomes, each
    filing's false alarms, and how many plants the parser did not read where aimed."""
    corpus = read_corpus(keys) if corpus is None else corpus
    outcomes: list[Outcome] = []
    alarms: dict[str, list[Discrepancy]] = {}
    skipped = 0
    for title, filing in corpus.items():
        base = baseline(filing)
        alarms[title] = false_alarms(base)
        for candidates in sites(base, seed):
            planted = 0
            for plant in candidates:
                if planted == per_op:
                    break
                got = run_plant(base, plant)
                if got is None:  # a cell change the parser reads elsewhere (two equal cells in a row)
                    skipped += 1
                    continue
                outcomes.append(got)
                planted += 1
        if progress:
            done = [o for o in outcomes if o.filing == title]
            print(f"  {title}: {sum(o.caught for o in done)}/{len(done)} caught", file=sys.stderr)
    return outcomes, alarms, skipped


def summarise(outcomes: list[Outcome], alarms: dict[str, list[Discrepancy]], skipped: int, seconds: float) -> dict:
    def rate(items: list[Outcome]) -> dict:
        n = len(items)
        return {"planted": n, "caught": sum(o.caught for o in items), "recall": round(sum(o.caught for o in items) / n, 4)
                if n else None}

    by = lambda key: {k: rate([o for o in outcomes if key(o) == k]) for k in sorted({key(o) for o in outcomes})}  # noqa: E731
    families = {f: rate([o for o in outcomes if o.family == f]) for f in FAMILIES}
    n_alarms = sum(len(v) for v in alarms.values())
    return {
        "mutants": len(outcomes), "caught": sum(o.caught for o in outcomes), "not_reached": skipped,
        "families": families, "operators": by(lambda o: o.op), "filings": by(lambda o: o.filing),
        "false_alarms": n_alarms, "filings_audited": len(alarms), "seconds": round(seconds, 1),
        "target_recall": TARGET_RECALL,
        "met": all(v["recall"] is not None and v["recall"] >= TARGET_RECALL for v in families.values()) and not n_alarms,
    }


def write_reports(summary: dict, outcomes: list[Outcome], alarms: dict[str, list[Discrepancy]], name: str,
                  out_dir: Path = REPORTS) -> tuple[Path, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    j, m = out_dir / f"{name}.json", out_dir / f"{name}.md"
    j.write_text(json.dumps({"summary": summary, "mutants": [asdict(o) for o in outcomes],
                             "false_alarms": {k: [d.model_dump() for d in v] for k, v in alarms.items() if v}},
                            ensure_ascii=False, indent=1), encoding="utf-8")
    lines = [f"# Audit mutation test ({summary['mutants']} mutants over {summary['filings_audited']} filings)", "",
             f"Caught {summary['caught']}/{summary['mutants']}; false alarms on the unmutated filings: "
             f"{summary['false_alarms']}; plants the parser read elsewhere than aimed (replaced, not counted): "
             f"{summary['not_reached']}; {summary['seconds']} s.", "",
             "| family | planted | caught | recall |", "| --- | --- | --- | --- |"]
    for fam, label in FAMILIES.items():
        v = summary["families"][fam]
        lines.append(f"| {label} | {v['planted']} | {v['caught']} | {_pct(v['recall'])} |")
    lines += ["", "| operator | planted | caught | recall |", "| --- | --- | --- | --- |"]
    lines += [f"| {k} | {v['planted']} | {v['caught']} | {_pct(v['recall'])} |" for k, v in summary["operators"].items()]
    lines += ["", "| filing | planted | caught |", "| --- | --- | --- |"]
    lines += [f"| {k} | {v['planted']} | {v['caught']} |" for k, v in summary["filings"].items()]
    missed = [o for o in outcomes if not o.caught]
    lines += ["", f"## Missed ({len(missed)})", ""]
    lines += [f"- {o.filing} p{o.page} {o.op}: “{o.before}” → “{o.after}”" for o in missed] or ["(none)"]
    lines += ["", "## False alarms on the unmutated filings", ""]
    lines += [f"- {doc}: {d.kind} {d.subject} — {d.explanation[:120]}" for doc, ds in alarms.items() for d in ds] \
        or ["(none)"]
    m.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return j, m


def _pct(x: float | None) -> str:
    return "–" if x is None else f"{x * 100:.1f}%"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m eval.mutation", description="Plant errors in the corpus, audit them")
    ap.add_argument("--seed", default=DEFAULT_SEED)
    ap.add_argument("--per-op", type=int, default=PER_OP, help="plants per operator kind per filing")
    ap.add_argument("--only", nargs="*", help="only filings whose file name contains one of these")
    ap.add_argument("--name", default="mutation", help="report name under eval/reports/")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    outcomes, alarms, skipped = run(args.only, args.seed, args.per_op)
    summary = summarise(outcomes, alarms, skipped, time.perf_counter() - t0)
    j, m = write_reports(summary, outcomes, alarms, args.name)
    for fam, label in FAMILIES.items():
        v = summary["families"][fam]
        print(f"{label}: {v['caught']}/{v['planted']} ({_pct(v['recall'])})")
    print(f"mutants {summary['mutants']}, caught {summary['caught']}, false alarms {summary['false_alarms']}, "
          f"{summary['seconds']} s → {m}")
    return 0 if summary["met"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
