"""python -m eval.reachability [--index DIR] [--sample N] [--seed S] [--name NAME]

Reachability: can every figure the parsers read be got at by asking for it plainly? From the
index's facts a sample (seeded, stratified per filing) is drawn of

- money facts with the filing's own headline measure (预算数 in a 预算, 决算数 in a 决算), and
- count facts (人/辆/个),

leaving out facts that a question by subject alone cannot single out: a (filing, subject,
measure) with several different values, flagged facts, facts about another year than the
filing's, and bare generic subjects (合计, 小计, 其他 …). Each is asked as
"{department}{year}年{subject}预算是多少？" (决算数 in a 决算; "有多少{unit}？" for counts) and
passes when the answer's figures include the fact's value (money in 元 to the cent, counts
exactly). Target ≥ 98%, per filing and overall. Writes eval/reports/reachability.md and .json.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import asdict, dataclass
from decimal import Decimal

from assistant.types import Answer, Fact
from eval.runner import REPORTS, index_for

TARGET = 0.98
DEFAULT_SAMPLE = 300
DEFAULT_SEED = "reachability-v1"
HEADLINE = {"预算": "预算数", "决算": "决算数"}
COUNT_UNITS = ("人", "辆", "个")
MONEY_UNITS = ("元", "万元", "亿元")
GENERIC_SUBJECTS = frozenset({"合计", "小计", "其他", "总计", "其中", "本年", "上年"})
SHOWN_CHARS = 120  # of each answer, in the list of misses
KEPT_CHARS = 200  # of each answer kept in the .json


# --- which facts ---------------------------------------------------------------------------------
def is_money(f: Fact) -> bool:
    return f.measure == HEADLINE.get(f.kind) and f.unit in MONEY_UNITS


def is_count(f: Fact) -> bool:
    return f.unit in COUNT_UNITS


def askable(facts: list[Fact]) -> list[Fact]:
    """One fact per (filing, subject, measure) that a plain question can single out."""
    values: dict[tuple, set[Decimal]] = defaultdict(set)
    for f in facts:
        if f.value is not None:
            values[(f.doc_id, f.subject, f.measure)].add(f.value)
    chosen: dict[tuple, Fact] = {}
    for f in facts:
        key = (f.doc_id, f.subject, f.measure)
        if (f.value is None or not (is_money(f) or is_count(f)) or f.flags
                or (f.ref_year and f.ref_year != f.year) or f.subject.strip() in GENERIC_SUBJECTS
                or len(values[key]) > 1):
            continue
        chosen.setdefault(key, f)
    return list(chosen.values())


def sample(facts: list[Fact], n: int, seed: str = DEFAULT_SEED) -> list[Fact]:
    """n facts spread evenly over the filings (a filing with fewer gives its share to the
    others), each filing's drawn by a generator seeded from (seed, filing title)."""
    by_doc: dict[str, list[Fact]] = defaultdict(list)
    for f in facts:
        by_doc[f.doc].append(f)
    for fs in by_doc.values():
        fs.sort(key=lambda f: (f.subject, f.measure, f.page or 0))
    quota = {d: 0 for d in by_doc}
    left = min(n, len(facts))
    while left:
        open_docs = sorted(d for d in by_doc if quota[d] < len(by_doc[d]))
        share = max(1, left // len(open_docs))
        for d in open_docs:
            take = min(share, len(by_doc[d]) - quota[d], left)
            quota[d] += take
            left -= take
            if not left:
                break
    out = []
    for d in sorted(by_doc):
        rng = random.Random(int(hashlib.sha256(f"{seed}\x1f{d}".encode()).hexdigest(), 16))
        out += rng.sample(by_doc[d], quota[d])
    return out


def question_for(f: Fact) -> str:
    if is_count(f):
        return f"{f.department}{f.year}年{f.subject}有多少{f.unit}？"
    measure = "决算数" if f.kind == "决算" else "预算"
    if f.subject.endswith(("预算", "决算", measure)):  # 政府采购工程预算, not …预算预算
        measure = ""
    return f"{f.department}{f.year}年{f.subject}{measure}是多少？"


def reached(f: Fact, answer: Answer) -> bool:
    """The answer shows the fact's value: money in 元 to the cent, a count exactly."""
    if is_count(f):
        return any(fig.unit not in ("元", "%") and Decimal(str(fig.value)) == f.value for fig in answer.figures)
    want = f.value.quantize(Decimal("0.01"))
    return any(fig.unit == "元" and Decimal(str(fig.value)).quantize(Decimal("0.01")) == want for fig in answer.figures)


# --- run and report -----------------------------------------------------------------------------
@dataclass
class Probe:
    doc: str
    subject: str
    measure: str
    expected: str  # value and unit
    page: int | None
    locator: str
    question: str
    passed: bool
    status: str
    figures: list[str]
    answer: str


def _expected(f: Fact) -> str:
    return f"{f.value.normalize():f}{'元' if is_money(f) else f.unit}"


def run(index, n: int = DEFAULT_SAMPLE, seed: str = DEFAULT_SEED) -> list[Probe]:
    from assistant.answer.engine import Engine
    from assistant.retrieval.filters import Filters

    engine = Engine(index)
    probes = []
    for f in sample(askable(index.facts.facts()), n, seed):
        q = question_for(f)
        ans = engine.ask_safely(q, Filters())
        probes.append(Probe(doc=f.doc, subject=f.subject, measure=f.measure, expected=_expected(f), page=f.page,
                            locator=f.locator, question=q, passed=reached(f, ans), status=ans.status,
                            figures=[fig.text for fig in ans.figures], answer=ans.answer[:KEPT_CHARS]))
    return probes


def summarise(probes: list[Probe]) -> dict:
    def rate(ps: list[Probe]) -> dict:
        ok = sum(p.passed for p in ps)
        return {"n": len(ps), "passed": ok, "rate": round(ok / len(ps), 4) if ps else None}

    return {"overall": rate(probes), "target": TARGET,
            "per_filing": {d: rate([p for p in probes if p.doc == d]) for d in sorted({p.doc for p in probes})},
            "per_measure": {m: rate([p for p in probes if p.measure == m]) for m in sorted({p.measure for p in probes})}}


def _pct(r: dict) -> str:
    return "–" if r["rate"] is None else f"{r['rate'] * 100:.1f}% ({r['passed']}/{r['n']})"


def render_markdown(summary: dict, probes: list[Probe], meta: dict) -> str:
    lines = ["# Reachability", "",
             f"- index: {meta['index']}; {meta['askable']} askable facts, {len(probes)} sampled (seed {meta['seed']})",
             f"- run at {meta['at']}, asking {meta['ask_s']} s", "",
             "A question built from a fact's own department, year, subject and measure must be answered "
             "with that fact's value.", "",
             "| filing | reached |", "| --- | --- |"]
    for d, r in summary["per_filing"].items():
        lines.append(f"| {d} | {_pct(r)} |")
    lines += [f"| **overall** (target ≥ {TARGET:.0%}) | **{_pct(summary['overall'])}** |", "",
              "| measure | reached |", "| --- | --- |"]
    lines += [f"| {m} | {_pct(r)} |" for m, r in summary["per_measure"].items()]
    missed = [p for p in probes if not p.passed]
    lines += ["", f"## Misses ({len(missed)})", ""]
    for p in missed:
        figs = ", ".join(p.figures) or "no figures"
        lines += [f"- {p.question}", f"  - expected {p.expected} (p{p.page} {p.locator})",
                  f"  - got {p.status} [{figs}] {p.answer.replace(chr(10), ' ')[:SHOWN_CHARS]}"]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m eval.reachability", description="Every sampled fact answerable when asked plainly")
    ap.add_argument("--index", help="an existing index folder (default: build a fresh one of corpus/)")
    ap.add_argument("--sample", type=int, default=DEFAULT_SAMPLE, help="facts to sample (default %(default)s)")
    ap.add_argument("--seed", default=DEFAULT_SEED, help="seed of the sample (default %(default)s)")
    ap.add_argument("--name", default="reachability", help="report name under eval/reports/")
    args = ap.parse_args(argv)

    meta = {"seed": args.seed, "at": time.strftime("%Y-%m-%d %H:%M:%S")}
    with tempfile.TemporaryDirectory(prefix="reachability-index-") as tmp:
        index, meta["index"] = index_for(args.index, tmp)
        meta["askable"] = len(askable(index.facts.facts()))
        t0 = time.perf_counter()
        probes = run(index, args.sample, args.seed)
        meta["ask_s"] = round(time.perf_counter() - t0, 1)
    summary = summarise(probes)
    REPORTS.mkdir(parents=True, exist_ok=True)
    md, js = REPORTS / f"{args.name}.md", REPORTS / f"{args.name}.json"
    md.write_text(render_markdown(summary, probes, meta), encoding="utf-8")
    js.write_text(json.dumps({"meta": meta, "summary": summary, "probes": [asdict(p) for p in probes]},
                             ensure_ascii=False, indent=1), encoding="utf-8")
    for d, r in summary["per_filing"].items():
        print(f"{_pct(r):<20}{d}")
    print(f"{_pct(summary['overall']):<20}overall (target ≥ {TARGET:.0%})")
    print(f"reports: {md}, {js}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
