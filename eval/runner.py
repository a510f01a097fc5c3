"""Run the engine over the gold questions, score each answer, summarise, write the reports.

Stages: build (or open) an index → ask every question (timed) → score → summarise per
category → eval/reports/<name>.md and <name>.json (every question's outcome, so a failure
can be read without re-running).
"""

from __future__ import annotations

import json
import statistics
import time
from dataclasses import asdict
from pathlib import Path

from assistant.types import Answer
from eval.gold import GoldConversation, GoldQuestion
from eval.score import Outcome, score

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
REPORTS = Path(__file__).resolve().parent / "reports"


def build_index(index_dir: Path, corpus: Path = CORPUS):
    """A fresh index of the corpus, so results never depend on a stale default index."""
    from assistant.index import Index
    from assistant.ingest import ingest
    from assistant.settings import get_settings

    index = Index(index_dir, get_settings(index_dir=index_dir))
    report = ingest([corpus], index, progress=False)
    if not report.ok:
        raise RuntimeError(f"ingest failed: {report.failed}")
    return index


def open_index(index_dir: Path):
    from assistant.index import Index
    from assistant.settings import get_settings

    return Index(index_dir, get_settings(index_dir=index_dir))


def index_for(index_arg: str | None, tmp: str):
    """(index, description): the index folder given, or a fresh index of corpus/ built in `tmp`."""
    if index_arg:
        return open_index(Path(index_arg)), index_arg
    import sys

    print("building a fresh index of corpus/ …", file=sys.stderr)
    return build_index(Path(tmp)), "fresh temporary index of corpus/"


def make_asker(index):
    """ask(question, department=None) → engine.ask_safely with the caller's department filter (a gold
    question whose department is the caller's context: "你们单位…")."""
    from assistant.answer.engine import Engine
    from assistant.retrieval.filters import Filters

    engine = Engine(index)
    return lambda q, department=None: engine.ask_safely(q, Filters(department=department))


def ask_timed(ask, question: str, department: str | None = None) -> tuple[Answer | dict, float]:
    t0 = time.perf_counter()
    try:
        ans = ask(question, department) if department else ask(question)
    except Exception as e:  # ask_safely should not raise; if it does, the question scores as an error
        ans = Answer(question=question, status="error", answer=f"{type(e).__name__}: {e}")
    return ans, (time.perf_counter() - t0) * 1000


def run(gold: list[GoldQuestion], index, warmup: bool = True) -> list[Outcome]:
    ask = make_asker(index)
    if warmup:  # lazy model/BM25 loading is the cold start's cost, not a question's
        ask_timed(ask, "三公经费是多少？")
    outcomes = []
    for g in gold:
        ans, ms = ask_timed(ask, g.question, g.department_filter)
        outcomes.append(score(g, ans, ms))
    return outcomes


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1]


def _rate(flags: list[bool | None]) -> dict:
    scored = [f for f in flags if f is not None]
    return {"n": len(scored), "ok": sum(scored), "rate": round(sum(scored) / len(scored), 3) if scored else None}


def summarise(outcomes: list[Outcome]) -> dict:
    groups: dict[str, list[Outcome]] = {}
    for o in outcomes:
        groups.setdefault(o.category, []).append(o)
    groups = {"overall": outcomes, **dict(sorted(groups.items()))}
    summary = {}
    for name, os_ in groups.items():
        lat = [o.latency_ms for o in os_]
        summary[name] = {
            "questions": len(os_),
            "answer_accuracy": _rate([o.answer_ok for o in os_]),
            "citation_accuracy": _rate([o.citation_ok for o in os_]),
            "refusal_accuracy": _rate([o.refusal_ok for o in os_]),
            "false_refusals": sum(o.status == "not_found" and o.expect_status != "not_found" for o in os_),
            "errors": sum(o.status == "error" for o in os_),
            "wrong_verified": sum(bool(o.wrong_verified) for o in os_),
            "latency_ms_p50": round(percentile(lat, 50), 1),
            "latency_ms_p95": round(percentile(lat, 95), 1),
        }
    return summary


def _pct(r: dict) -> str:
    return "–" if r["rate"] is None else f"{r['rate'] * 100:.1f}% ({r['ok']}/{r['n']})"


def render_markdown(summary: dict, outcomes: list[Outcome], meta: dict) -> str:
    lines = [f"# Evaluation: {meta.get('gold', 'dev')}", "",
             f"- index: {meta.get('index')}", f"- questions: {len(outcomes)}",
             f"- run at: {meta.get('at')}, ingest {meta.get('ingest_s', '–')} s, asking {meta.get('ask_s')} s", "",
             "| category | n | answer | citation | refusal | false refusals | errors | wrong ✓ | p50 ms | p95 ms |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for name, s in summary.items():
        lines.append(f"| {name} | {s['questions']} | {_pct(s['answer_accuracy'])} | {_pct(s['citation_accuracy'])} | "
                     f"{_pct(s['refusal_accuracy'])} | {s['false_refusals']} | {s['errors']} | "
                     f"{s['wrong_verified']} | {s['latency_ms_p50']} | {s['latency_ms_p95']} |")
    wrong_ok = [o for o in outcomes if o.wrong_verified]
    lines += ["", f"## Wrong but ✓ ({len(wrong_ok)})", "",
              "Wrong answers showing a figure marked verified (✓) that is not an expected value.", ""]
    for o in wrong_ok:
        lines.append(f"- **{o.id}** ({o.category}) {o.question}")
        lines.append(f"  - ✓ but not asked: {', '.join(o.wrong_verified)}; {'; '.join(o.reasons)}")
    failed = [o for o in outcomes if not o.answer_ok or o.citation_ok is False]
    lines += ["", f"## Failures ({len(failed)})", ""]
    for o in failed:
        lines.append(f"- **{o.id}** ({o.category}) {o.question}")
        lines.append(f"  - expected {o.expect_status}; got {o.status}: {'; '.join(o.reasons) or 'citation only'}")
        if o.figures:
            lines.append(f"  - figures: {', '.join(o.figures)}")
        if o.citations:
            lines.append(f"  - cited: {' | '.join(o.citations[:3])}")
        lines.append(f"  - answer: {o.answer[:160].replace(chr(10), ' ')}")
    return "\n".join(lines) + "\n"


def write_reports(summary: dict, outcomes: list[Outcome], meta: dict, name: str = "dev",
                  out_dir: Path = REPORTS, render=None, key: str = "questions") -> tuple[Path, Path]:
    """<name>.md (from `render`, default render_markdown) and <name>.json (outcomes under `key`)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    md, js = out_dir / f"{name}.md", out_dir / f"{name}.json"
    md.write_text((render or render_markdown)(summary, outcomes, meta), encoding="utf-8")
    js.write_text(json.dumps({"meta": meta, "summary": summary, key: [asdict(o) for o in outcomes]},
                             ensure_ascii=False, indent=1), encoding="utf-8")
    return md, js


# --- conversations ----------------------------------------------------------------------------------

def make_turn_asker(index):
    """ask_turn(question, previous) → (Answer, turn): engine.ask_turn with no filter; the turn it returns
    is passed back as `previous` for the next question of the same conversation."""
    from assistant.answer.engine import Engine
    from assistant.retrieval.filters import Filters

    engine = Engine(index)
    return lambda q, previous=None: engine.ask_turn(q, Filters(), previous)


def run_conversations(conversations: list[GoldConversation], ask_turn, warmup: bool = True) -> list[Outcome]:
    """Each conversation asked turn by turn (each turn a follow-up of the ones before it); every turn
    scored as a gold question. `ask_turn(question, previous) → (answer, turn)` (see make_turn_asker)."""
    if warmup:
        ask_turn("三公经费是多少？", None)
    outcomes = []
    for conv in conversations:
        previous = None
        for g in conv.questions():
            t0 = time.perf_counter()
            try:
                ans, previous = ask_turn(g.question, previous)
            except Exception as e:  # ask_turn should not raise; if it does, the turn scores as an error
                ans = Answer(question=g.question, status="error", answer=f"{type(e).__name__}: {e}")
            outcomes.append(score(g, ans, (time.perf_counter() - t0) * 1000))
    return outcomes


def conversation_of(outcome_id: str) -> tuple[str, int]:
    conv, _, n = outcome_id.rpartition("#")
    return conv, int(n)


def summarise_conversations(outcomes: list[Outcome]) -> dict:
    """The usual per-category table (first_turn, follow_up) plus the headline: follow-up turns right,
    first turns right, conversations right in every turn."""
    summary = summarise(outcomes)
    convs: dict[str, list[Outcome]] = {}
    for o in outcomes:
        convs.setdefault(conversation_of(o.id)[0], []).append(o)
    follow = [o for o in outcomes if o.category == "follow_up"]
    first = [o for o in outcomes if o.category == "first_turn"]
    headline = {
        "conversations": len(convs),
        "turns": len(outcomes),
        "follow_up_turns": _rate([o.answer_ok for o in follow]),
        "first_turns": _rate([o.answer_ok for o in first]),
        "follow_up_after_right_first": _rate([o.answer_ok for o in follow
                                              if convs[conversation_of(o.id)[0]][0].answer_ok]),
        "conversations_all_right": _rate([all(o.answer_ok for o in os_) for os_ in convs.values()]),
        "follow_up_citations": _rate([o.citation_ok for o in follow]),
    }
    return {"headline": headline, **summary}


def render_conversation_markdown(summary: dict, outcomes: list[Outcome], meta: dict) -> str:
    h = summary["headline"]
    table = {k: v for k, v in summary.items() if k != "headline"}
    body = render_markdown(table, outcomes, meta).split("\n")
    head = [body[0], "",
            f"**follow-up turns: {_pct(h['follow_up_turns'])}** (turns after the first, answer right; target ≥ 95%)",
            "",
            f"- first turns: {_pct(h['first_turns'])}",
            f"- follow-up turns whose first turn was right: {_pct(h['follow_up_after_right_first'])}",
            f"- conversations right in every turn: {_pct(h['conversations_all_right'])}",
            f"- follow-up citations: {_pct(h['follow_up_citations'])}",
            f"- {h['conversations']} conversations, {h['turns']} turns", ""]
    by_id = {o.id: o for o in outcomes}
    ctx = ["", "## Failed follow-ups in their conversation", ""]
    for o in outcomes:
        if o.category != "follow_up" or o.answer_ok:
            continue
        conv, n = conversation_of(o.id)
        before = " → ".join(f"{by_id[f'{conv}#{k}'].question}{'' if by_id[f'{conv}#{k}'].answer_ok else '✗'}"
                            for k in range(1, n) if f"{conv}#{k}" in by_id)
        ctx.append(f"- **{o.id}** {before} → **{o.question}**: {'; '.join(o.reasons)}")
        ctx.append(f"  - answer: {o.answer[:160].replace(chr(10), ' ')}")
    return "\n".join(head + body[1:]).rstrip("\n") + "\n" + "\n".join(ctx) + "\n"


def write_conversation_reports(summary: dict, outcomes: list[Outcome], meta: dict, name: str = "conversations",
                               out_dir: Path = REPORTS) -> tuple[Path, Path]:
    return write_reports(summary, outcomes, meta, name, out_dir, render_conversation_markdown, key="turns")
