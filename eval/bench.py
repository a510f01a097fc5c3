"""python -m eval.bench [--gold FILE] [--cold-runs N]

Three measurements against the targets, each phase in its own child process so one phase's
memory or warm caches never flatter another's:

1. ingest of all of corpus/ into a fresh temporary index: wall time and peak RSS
   (the larger of the process's own peak and its children's, from resource.getrusage);
   target ≤ 60 s and ≤ 1.5 GB;
2. warm-process latency of the engine over every dev question (after one warm-up question):
   target p50 ≤ 50 ms, p95 ≤ 200 ms;
3. `python -m assistant ask … --index DIR --json` from a cold process: wall time, target ≤ 6 s.

Writes eval/reports/bench.md and bench.json.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from eval.gold import DEV_GOLD, load_gold
from eval.runner import CORPUS, REPORTS, ROOT, ask_timed, build_index, make_asker, open_index, percentile

TARGETS = {"ingest_s": 60.0, "ingest_peak_rss_mb": 1536.0, "warm_p50_ms": 50.0, "warm_p95_ms": 200.0,
           "cold_ask_s": 6.0}
# One answered from the structured facts, one that falls back to retrieved passages
# (the slower path: BM25 and the vector store load on first use).
COLD_QUESTIONS = ("万里街道2025年三公经费预算是多少？", "万里街道2025年项目经费情况说明讲了什么？")


def peak_rss_mb() -> float:
    """Peak resident set of this process and of its finished children (Linux reports KB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(own, kids) / 1024, 1)


# --- phases, each run in a child process -----------------------------------------------------------
def phase_ingest(index_dir: Path) -> dict:
    t0 = time.perf_counter()
    index = build_index(index_dir, CORPUS)
    wall = time.perf_counter() - t0
    return {"ingest_s": round(wall, 2), "ingest_peak_rss_mb": peak_rss_mb(),
            "filings": len(index.facts.filings())}


def phase_warm(index_dir: Path, gold_path: Path) -> dict:
    questions = [g.question for g in load_gold(gold_path)]
    t0 = time.perf_counter()
    ask = make_asker(open_index(index_dir))
    ask_timed(ask, questions[0])
    startup = time.perf_counter() - t0
    lat, errors = [], 0
    for q in questions:
        ans, ms = ask_timed(ask, q)
        lat.append(ms)
        errors += (ans.status if hasattr(ans, "status") else ans.get("status")) == "error"
    slowest = sorted(zip(lat, questions), reverse=True)[:3]
    return {"warm_questions": len(lat), "warm_errors": errors, "warm_startup_s": round(startup, 2),
            "warm_p50_ms": round(percentile(lat, 50), 1), "warm_p95_ms": round(percentile(lat, 95), 1),
            "warm_max_ms": round(max(lat), 1), "warm_slowest": [[round(ms, 1), q] for ms, q in slowest],
            "warm_peak_rss_mb": peak_rss_mb()}


def cold_ask(index_dir: Path, runs: int) -> dict:
    """Median wall time per question over `runs` fresh processes; the slower question is the figure."""
    per_q = {}
    for question in COLD_QUESTIONS:
        times, statuses = [], []
        for _ in range(runs):
            t0 = time.perf_counter()
            p = subprocess.run([sys.executable, "-m", "assistant", "ask", question, "--index", str(index_dir), "--json"],
                               cwd=ROOT, capture_output=True, text=True, timeout=120)
            times.append(round(time.perf_counter() - t0, 2))
            try:
                statuses.append(json.loads(p.stdout.strip().splitlines()[-1])["status"])
            except (ValueError, IndexError, KeyError):
                statuses.append(f"exit {p.returncode}: {p.stderr.strip()[-200:]}")
        per_q[question] = {"runs_s": times, "median_s": sorted(times)[len(times) // 2], "status": statuses}
    return {"cold_ask": per_q, "cold_ask_s": max(v["median_s"] for v in per_q.values())}


def _child(phase: str, *args: str) -> dict:
    p = subprocess.run([sys.executable, "-m", "eval.bench", "--phase", phase, *args], cwd=ROOT,
                       capture_output=True, text=True, timeout=1800)
    if p.returncode != 0:
        raise RuntimeError(f"bench phase {phase} failed:\n{p.stderr[-2000:]}")
    return json.loads(p.stdout.strip().splitlines()[-1])


# --- report ------------------------------------------------------------------------------------------
def verdicts(m: dict) -> dict:
    return {k: (m[k] <= t if k in m else None) for k, t in TARGETS.items()}


def render(m: dict) -> str:
    v = verdicts(m)
    rows = [("ingest of corpus/ (wall)", "ingest_s", "s"), ("ingest peak RSS", "ingest_peak_rss_mb", "MB"),
            ("warm latency p50", "warm_p50_ms", "ms"), ("warm latency p95", "warm_p95_ms", "ms"),
            ("cold `ask` (median wall, slower question)", "cold_ask_s", "s")]
    out = [f"# Benchmarks ({m['at']}, {os.cpu_count()} CPUs)", "",
           "| measure | value | target | ok |", "| --- | --- | --- | --- |"]
    for label, key, unit in rows:
        ok = {True: "yes", False: "**no**", None: "–"}[v[key]]
        out.append(f"| {label} | {m.get(key, '–')} {unit} | ≤ {TARGETS[key]:g} {unit} | {ok} |")
    out += ["", f"- filings ingested: {m.get('filings')}",
            f"- warm: {m.get('warm_questions')} questions, {m.get('warm_errors')} errors, max {m.get('warm_max_ms')} ms, "
            f"engine start-up {m.get('warm_startup_s')} s, peak RSS {m.get('warm_peak_rss_mb')} MB",
            f"- slowest warm questions (ms): {m.get('warm_slowest')}",
            f"- settings: embedding `{m.get('embed_model')}`, language model {m.get('llm') or 'none'}",
            *[f"- cold `ask` “{q}”: runs {v['runs_s']} s, status {v['status']}" for q, v in m.get("cold_ask", {}).items()]]
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m eval.bench")
    ap.add_argument("--gold", default=str(DEV_GOLD))
    ap.add_argument("--cold-runs", type=int, default=3)
    ap.add_argument("--phase", choices=["ingest", "warm"], help=argparse.SUPPRESS)
    ap.add_argument("--index", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.phase == "ingest":
        print(json.dumps(phase_ingest(Path(args.index))))
        return 0
    if args.phase == "warm":
        print(json.dumps(phase_warm(Path(args.index), Path(args.gold))))
        return 0

    from assistant.settings import get_settings

    s = get_settings()
    m: dict = {"at": time.strftime("%Y-%m-%d %H:%M:%S"), "embed_model": s.embed_model,
               "llm": s.llm_model if s.llm_base_url else None}
    with tempfile.TemporaryDirectory(prefix="bench-index-") as tmp:
        print("ingest …", file=sys.stderr)
        m.update(_child("ingest", "--index", tmp))
        print("warm latency …", file=sys.stderr)
        m.update(_child("warm", "--index", tmp, "--gold", args.gold))
        print("cold ask …", file=sys.stderr)
        m.update(cold_ask(Path(tmp), args.cold_runs))
    m["targets"], m["ok"] = TARGETS, verdicts(m)
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / "bench.json").write_text(json.dumps(m, ensure_ascii=False, indent=1), encoding="utf-8")
    (REPORTS / "bench.md").write_text(render(m), encoding="utf-8")
    sys.stdout.write(render(m))
    return 0


if __name__ == "__main__":
    sys.exit(main())
