"""python -m eval.bench_verify [--index DIR] [--gold FILE] [--repeat N]

Latency of the numeric verifier alone, over realistic answers: every dev question is asked of
the real engine once, and each call the engine makes to `verify_answer` is recorded (answer
text, citations, cited facts). Those calls are then replayed N times, twice over:

- as the engine wrote them (most figures match a cited fact at once), and
- as a careless model might: every figure's last digit changed, so each one goes down the
  slow path (direct match fails, recomputation is tried, a replacement is looked for).

Target: p95 ≤ 5 ms per answer. Writes eval/reports/bench_verify.md and .json.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import time
from pathlib import Path

from eval.gold import DEV_GOLD, load_gold

REPORTS = Path(__file__).resolve().parent / "reports"
TARGET_P95_MS = 5.0


def record_calls(index, questions: list[str]) -> list[tuple]:
    """(answer, store, cited) of every verify_answer call the engine makes for these questions."""
    import assistant.answer.engine as engine_mod
    from assistant.answer.engine import Engine

    calls: list[tuple] = []
    real = engine_mod.verify_answer

    def spy(answer, store, cited=None, **kw):
        calls.append((answer.model_copy(deep=True), store, cited))
        return real(answer, store, cited, **kw)

    engine_mod.verify_answer = spy
    try:
        engine = Engine(index)
        for q in questions:
            engine.ask_safely(q)
    finally:
        engine_mod.verify_answer = real
    return calls


def perturb(text: str) -> str:
    """Every number that carries a unit gets its last digit changed: a model's slips."""
    from assistant.amounts import find_figures

    out, pos = [], 0
    for m, _ in find_figures(text):
        num = m.group("num")
        if not num[-1].isdigit():
            continue
        out.append(text[pos:m.start("num")])
        out.append(num[:-1] + str((int(num[-1]) + 3) % 10))
        pos = m.end("num")
    out.append(text[pos:])
    return "".join(out)


def time_calls(calls, repeat: int, mutate=None) -> list[float]:
    from assistant.verify.verifier import verify_answer

    times = []
    for answer, store, cited in calls:
        a = answer if mutate is None else answer.model_copy(update={"answer": mutate(answer.answer)})
        for _ in range(repeat):
            t = time.perf_counter()
            verify_answer(a, store, cited)
            times.append((time.perf_counter() - t) * 1000)
    return times


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))] if xs else 0.0


def summary(times: list[float]) -> dict:
    return {"n": len(times), "p50_ms": round(pct(times, 50), 3), "p95_ms": round(pct(times, 95), 3),
            "max_ms": round(max(times, default=0), 3), "mean_ms": round(statistics.fmean(times), 3) if times else 0}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m eval.bench_verify")
    ap.add_argument("--index", help="an ingested index (default: the configured one)")
    ap.add_argument("--gold", default=str(DEV_GOLD))
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)

    from assistant.index import Index
    from assistant.settings import get_settings

    settings = get_settings(index_dir=args.index)
    index = Index(settings.index_dir, settings)
    questions = [g.question for g in load_gold(args.gold)]
    calls = record_calls(index, questions)
    figures = sum(len(re.findall(r"\d", c[0].answer)) > 0 for c in calls)
    time_calls(calls[:5], 1)  # warm-up: imports, the ontology lexicon, SQLite pages
    as_written = summary(time_calls(calls, args.repeat))
    slipped = summary(time_calls(calls, args.repeat, perturb))
    result = {"answers": len(calls), "answers_with_numbers": figures, "repeat": args.repeat,
              "as_written": as_written, "with_slips": slipped, "target_p95_ms": TARGET_P95_MS,
              "pass": max(as_written["p95_ms"], slipped["p95_ms"]) <= TARGET_P95_MS}
    REPORTS.mkdir(exist_ok=True)
    (REPORTS / "bench_verify.json").write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    md = [
        "# Numeric verifier latency", "",
        f"{len(calls)} engine answers ({figures} with numbers) from {Path(args.gold).name}, each verified "
        f"{args.repeat}×; target p95 ≤ {TARGET_P95_MS} ms per answer.", "",
        "| answers | p50 ms | p95 ms | max ms |", "| --- | --- | --- | --- |",
        f"| as the engine wrote them | {as_written['p50_ms']} | {as_written['p95_ms']} | {as_written['max_ms']} |",
        f"| every figure's last digit changed | {slipped['p50_ms']} | {slipped['p95_ms']} | {slipped['max_ms']} |",
        "", f"Result: {'PASS' if result['pass'] else 'FAIL'}",
    ]
    (REPORTS / "bench_verify.md").write_text("\n".join(md) + "\n")
    print("\n".join(md))
    return 0 if result["pass"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
