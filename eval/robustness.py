"""python -m eval.robustness [--gold FILE] [--index DIR] [--seed S] [--name NAME]

Phrasing robustness: every gold question is reworded in harmless ways (eval/phrasing.py, one
rewording per family) and asked again. A rewording of an answerable question passes when the
answer has the same status and the same set of figure values (rounded to 0.01) as the answer
to the original question: right or wrong, the reading must not depend on the wording. A
rewording of an unanswerable question passes when it is still answered not_found.

Targets: ≥ 97% of the answerable questions' rewordings, 100% of the unanswerable ones'.
Writes eval/reports/robustness.md and .json (every rewording, passed or not).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from assistant.types import Answer
from eval.department_names import department_named
from eval.gold import DEV_GOLD, GoldQuestion, load_gold
from eval.phrasing import DEFAULT_SEED, FAMILIES, Context, rewordings
from eval.runner import REPORTS, index_for

TARGET_ANSWERABLE = 0.97
TARGET_UNANSWERABLE = 1.0
SHOWN_CHARS = 120  # of each answer, in the list of failures
KEPT_CHARS = 200  # of each answer kept in the .json (a list over all years runs to thousands)


# --- scoring: pure functions on answers -----------------------------------------------------------
def figure_values(answer: Answer) -> frozenset[float]:
    return frozenset(round(f.value, 2) for f in answer.figures)


def same_answer(original: Answer, variant: Answer) -> bool:
    """Same status and the same figure values: the rewording was read as the original was."""
    return original.status == variant.status and figure_values(original) == figure_values(variant)


def stays_refused(variant: Answer) -> bool:
    return variant.status == "not_found"


@dataclass
class VariantOutcome:
    id: str
    category: str
    family: str
    answerable: bool
    question: str
    variant: str
    department_filter: str | None
    passed: bool
    original_status: str
    variant_status: str
    original_figures: list[float]
    variant_figures: list[float]
    original_answer: str
    variant_answer: str


# --- context of a question --------------------------------------------------------------------------
def question_context(g: GoldQuestion, filings: list) -> Context:
    """The question's department: its expected filings' (read from the index), or, for an
    unanswerable question, the one indexed department it names."""
    departments = tuple(sorted({f.department for f in filings}))
    if g.docs:
        by_title = {f.title: f.department for f in filings}
        named = {by_title[d] for d in g.docs if d in by_title}
        department = named.pop() if len(named) == 1 else None
    else:
        department = department_named(g.question, list(departments))
    years = [f.year for f in filings if f.department == department]
    return Context(department=department, departments=departments, newest_year=max(years) if years else None)


# --- the run ----------------------------------------------------------------------------------------
def _ask(engine, question: str, department: str | None = None) -> Answer:
    from assistant.retrieval.filters import Filters

    return engine.ask_safely(question, Filters(department=department))


def run(gold: list[GoldQuestion], index, seed: str = DEFAULT_SEED) -> tuple[list[VariantOutcome], list[dict]]:
    """Every rewording asked and judged; also the (id, family) pairs that had no rewording."""
    from assistant.answer.engine import Engine

    engine = Engine(index)
    filings = index.facts.filings()
    outcomes, not_applicable = [], []
    for g in gold:
        answerable = g.expect_status != "not_found"
        original = _ask(engine, g.question)
        for family, v in rewordings(g.question, g.id, question_context(g, filings), seed).items():
            if v is None:
                not_applicable.append({"id": g.id, "category": g.category, "family": family, "answerable": answerable})
                continue
            got = _ask(engine, v.question, v.department_filter)
            outcomes.append(VariantOutcome(
                id=g.id, category=g.category, family=family, answerable=answerable, question=g.question,
                variant=v.question, department_filter=v.department_filter,
                passed=same_answer(original, got) if answerable else stays_refused(got),
                original_status=original.status, variant_status=got.status,
                original_figures=sorted(figure_values(original)), variant_figures=sorted(figure_values(got)),
                original_answer=original.answer, variant_answer=got.answer))
    return outcomes, not_applicable


def _rate(outs: list[VariantOutcome], na: int = 0) -> dict:
    ok = sum(o.passed for o in outs)
    return {"n": len(outs), "passed": ok, "rate": round(ok / len(outs), 4) if outs else None, "n/a": na}


def summarise(outcomes: list[VariantOutcome], not_applicable: list[dict]) -> dict:
    ans = [o for o in outcomes if o.answerable]
    una = [o for o in outcomes if not o.answerable]
    na_ans = [x for x in not_applicable if x["answerable"]]
    na_una = [x for x in not_applicable if not x["answerable"]]
    return {
        "answerable": _rate(ans, len(na_ans)),
        "unanswerable": _rate(una, len(na_una)),
        "questions": {"answerable": len({o.id for o in ans} | {x["id"] for x in na_ans}),
                      "unanswerable": len({o.id for o in una} | {x["id"] for x in na_una})},
        "targets": {"answerable": TARGET_ANSWERABLE, "unanswerable": TARGET_UNANSWERABLE},
        "per_family": {f: _rate([o for o in ans if o.family == f], sum(x["family"] == f for x in na_ans))
                       for f in FAMILIES},
        "unanswerable_per_family": {f: _rate([o for o in una if o.family == f], sum(x["family"] == f for x in na_una))
                                    for f in FAMILIES},
        "per_category": {c: _rate([o for o in outcomes if o.category == c],
                                  sum(x["category"] == c for x in not_applicable))
                         for c in sorted({o.category for o in outcomes})},
    }


# --- reports ------------------------------------------------------------------------------------------
def _pct(r: dict) -> str:
    return "–" if r["rate"] is None else f"{r['rate'] * 100:.1f}% ({r['passed']}/{r['n']})"


def _short(text: str) -> str:
    return text.replace("\n", " ")[:SHOWN_CHARS]


def _said(status: str, figures: list[float], answer: str) -> str:
    figs = ", ".join(f"{v:.2f}".rstrip("0").rstrip(".") for v in figures) or "no figures"
    return f"{status} [{figs}] {_short(answer)}"


def render_markdown(summary: dict, outcomes: list[VariantOutcome], meta: dict) -> str:
    a, u = summary["answerable"], summary["unanswerable"]
    lines = [
        "# Phrasing robustness", "",
        f"- gold: {meta['gold']} ({summary['questions']['answerable']} answerable, "
        f"{summary['questions']['unanswerable']} unanswerable questions); index: {meta['index']}",
        f"- seed: {meta['seed']}; run at {meta['at']}, asking {meta['ask_s']} s", "",
        "A rewording passes when its answer has the original answer's status and figure values "
        "(answerable questions), or is still not_found (unanswerable questions). An answer without "
        "figures (a definition, a quoted passage) is compared by its status only.", "",
        "| what | passed | target | n/a |", "| --- | --- | --- | --- |",
        f"| answerable questions' rewordings | {_pct(a)} | ≥ {TARGET_ANSWERABLE:.0%} | {a['n/a']} |",
        f"| unanswerable questions' rewordings stay not_found | {_pct(u)} | {TARGET_UNANSWERABLE:.0%} | {u['n/a']} |",
        "", "## Per family", "", "| family | answerable | n/a | unanswerable stay not_found | n/a |",
        "| --- | --- | --- | --- | --- |"]
    for f in FAMILIES:
        fa, fu = summary["per_family"][f], summary["unanswerable_per_family"][f]
        lines.append(f"| {f} | {_pct(fa)} | {fa['n/a']} | {_pct(fu)} | {fu['n/a']} |")
    lines += ["", "## Per gold category", "", "| category | passed | n/a |", "| --- | --- | --- |"]
    for c, r in summary["per_category"].items():
        lines.append(f"| {c} | {_pct(r)} | {r['n/a']} |")
    failed = [o for o in outcomes if not o.passed]
    lines += ["", f"## Failing rewordings ({len(failed)})", "",
              "Per question: the original and its answer, then each failing rewording and its answer "
              f"(status [figure values] first {SHOWN_CHARS} characters).", ""]
    for qid in dict.fromkeys(o.id for o in failed):
        mine = [o for o in failed if o.id == qid]
        first = mine[0]
        lines += [f"- **{qid}** ({first.category}) {first.question}",
                  f"  - original → {_said(first.original_status, first.original_figures, first.original_answer)}"]
        for o in mine:
            where = f" (filter 部门={o.department_filter})" if o.department_filter else ""
            lines.append(f"  - [{o.family}] {o.variant}{where} → {_said(o.variant_status, o.variant_figures, o.variant_answer)}")
    return "\n".join(lines) + "\n"


def records_json(head: dict, records: dict[str, list | dict]) -> str:
    """JSON with the head indented and one line per record (thousands of records stay readable in a diff)."""
    def one(x) -> str:
        return json.dumps(x, ensure_ascii=False)

    parts = [f" {one(k)}: {json.dumps(v, ensure_ascii=False, indent=1)}" for k, v in head.items()]
    for k, items in records.items():
        if isinstance(items, dict):
            body = ",\n".join(f"  {one(i)}: {one(x)}" for i, x in items.items())
            parts.append(f" {one(k)}: {{\n{body}\n }}")
        else:
            parts.append(f" {one(k)}: [\n" + ",\n".join(f"  {one(x)}" for x in items) + "\n ]")
    return "{\n" + ",\n".join(parts) + "\n}\n"


def write_reports(summary: dict, outcomes: list[VariantOutcome], not_applicable: list[dict], meta: dict,
                  name: str = "robustness", out_dir: Path = REPORTS) -> tuple[Path, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    md, js = out_dir / f"{name}.md", out_dir / f"{name}.json"
    md.write_text(render_markdown(summary, outcomes, meta), encoding="utf-8")
    # Each original answer once; a passing rewording's answer is the original's in all that is scored.
    originals = {o.id: {"question": o.question, "status": o.original_status, "figures": o.original_figures,
                        "answer": o.original_answer[:KEPT_CHARS]} for o in outcomes}
    variants = [{k: v for k, v in asdict(o).items() if not k.startswith("original") and k != "question"}
                | {"variant_answer": "" if o.passed else o.variant_answer[:KEPT_CHARS]} for o in outcomes]
    js.write_text(records_json({"meta": meta, "summary": summary},
                               {"originals": originals, "variants": variants, "not_applicable": not_applicable}),
                  encoding="utf-8")
    return md, js


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m eval.robustness", description="Same answers under harmless rewordings")
    ap.add_argument("--gold", default=str(DEV_GOLD), help="gold JSONL file (default eval/gold/dev.jsonl)")
    ap.add_argument("--index", help="an existing index folder (default: build a fresh one of corpus/)")
    ap.add_argument("--seed", default=DEFAULT_SEED, help="seed of the rewording choices (default %(default)s)")
    ap.add_argument("--name", default="robustness", help="report name under eval/reports/")
    args = ap.parse_args(argv)

    gold = load_gold(args.gold)
    meta = {"gold": Path(args.gold).name, "seed": args.seed, "at": time.strftime("%Y-%m-%d %H:%M:%S")}
    with tempfile.TemporaryDirectory(prefix="robustness-index-") as tmp:
        index, meta["index"] = index_for(args.index, tmp)
        t0 = time.perf_counter()
        outcomes, not_applicable = run(gold, index, args.seed)
        meta["ask_s"] = round(time.perf_counter() - t0, 1)
    summary = summarise(outcomes, not_applicable)
    md, js = write_reports(summary, outcomes, not_applicable, meta, name=args.name)
    print(f"answerable rewordings:   {_pct(summary['answerable'])} (target ≥ {TARGET_ANSWERABLE:.0%})")
    print(f"unanswerable stay not_found: {_pct(summary['unanswerable'])}")
    for f in FAMILIES:
        print(f"  {f:<14}{_pct(summary['per_family'][f]):<22} n/a {summary['per_family'][f]['n/a']}")
    print(f"reports: {md}, {js}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
