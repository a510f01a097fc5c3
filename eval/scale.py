"""python -m eval.scale --n 100 [--index DIR] [--profile] [--cold-runs 1]

How the assistant holds up as filings multiply. Generates N filings (eval/scale_gen.py: the seed's
text under other departments, years 2019–2026, amounts times a whole factor per filing), ingests
them into a fresh index and measures, each phase in its own child process so one phase's memory
or warm caches never flatter another's:

- ingest: wall time, filings per second, peak RSS, disk of the index folder;
- engine start: building the engine over the index (wall, RSS after); then its warm-up (the word
  lists and passage retriever a long-lived process loads before its first visitor), timed apart;
- cold `ask`: `python -m assistant ask … --json` in a fresh process — a question naming a
  department, a ranking naming none, and a subject asked of every filing — its wall time and peak RSS;
- warm latency p50/p95/max by kind of question — naming a department (the figure of one filing)
  or naming none (a ranking of one year, or a subject over every filing; each form also apart) — and accuracy: a named
  question is right when a verified figure equals the seed's figure times that filing's factor;
  a ranking is right when its first row is a department with the year's largest factor; an open
  question answered with a table (many filings) is right when the table holds every filing asked
  and its first row is the largest factor's figure.

With `--index DIR` the index is kept there and reused when it already holds the N filings (to
profile without ingesting again). `--profile` writes the engine start and the warm questions'
cProfile to eval/reports/scale_profile_N.txt. Writes eval/reports/scale.json (one entry per N).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from eval.runner import REPORTS, ROOT, percentile
from eval.scale_gen import YEARS, GenFiling, generate, plan

# (template, the seed's figure in 万元): the seed's own answers, read off the filing (p30 三公 2.5万元,
# p29 住房公积金 35.07万元, p31 信息化建设 376.55万元, p29 公用经费 54万元); a copy's is times its factor
NAMED = (("{d}{y}年三公经费预算是多少？", "2.5"), ("{d}{y}年住房公积金预算多少", "35.07"),
         ("{d}{y}年信息化建设项目的预算是多少？", "376.55"), ("{d}{y}年公用经费是多少", "54"))
RANKING = "{y}年哪个部门的三公经费最多？"
OPEN = ("{y}年各部门三公经费是多少？", "三公经费是多少？")
SEED_SANGONG = Decimal("2.5")


def peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(own, kids) / 1024, 1)


def disk_mb(folder: Path) -> float:
    return round(sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 2**20, 1)


def questions(filings: list[GenFiling], n_named: int, n_open: int, seed: int = 10) -> list[dict]:
    """The warm questions with what a right answer holds; drawn with a seeded generator."""
    rng = random.Random(seed)
    out = []
    for i in range(n_named):
        g = rng.choice(filings)
        template, base = NAMED[i % len(NAMED)]
        out.append({"kind": "named", "q": template.format(d=g.department, y=g.year),
                    "yuan": float(Decimal(base) * g.factor * 10000)})
    years = sorted({g.year for g in filings})
    for y in years:
        same = [g for g in filings if g.year == y]
        top = max(g.factor for g in same)
        out.append({"kind": "no_department", "form": "ranking", "q": RANKING.format(y=y),
                    "yuan": float(SEED_SANGONG * top * 10000),
                    "top": sorted(g.department for g in same if g.factor == top)})
    for i in range(n_open):
        y = rng.choice(years)
        asked = [g for g in filings if "{y}" not in OPEN[i % len(OPEN)] or g.year == y]
        out.append({"kind": "no_department", "form": "open", "q": OPEN[i % len(OPEN)].format(y=y),
                    "filings": len(asked),
                    "largest": float(SEED_SANGONG * max(g.factor for g in asked) * 10000)})
    return out


def judge(item: dict, answer) -> bool | None:
    """True/False for a question with a known answer, None for an open one listed line by line
    (timed only)."""
    if "filings" in item:  # an open question: judged when answered over many filings (a table)
        rows = answer.table or []
        if not rows:
            return None
        return len(rows) == item["filings"] and abs(rows[0].value - item["largest"]) < 0.5 and any(
            f.verified and abs(f.value - item["largest"]) < 0.5 for f in answer.figures)
    if "yuan" not in item:
        return None
    if "top" in item:
        rows = answer.table or []
        if rows:
            return rows[0].label in item["top"] and abs(rows[0].value - item["yuan"]) < 0.5
        # one department filed that year: its figure, named, is the answer
        return (len(item["top"]) == 1 and item["top"][0] in answer.answer
                and any(f.verified and abs(f.value - item["yuan"]) < 0.5 for f in answer.figures))
    return answer.status == "answered" and any(f.verified and abs(f.value - item["yuan"]) < 0.5
                                               for f in answer.figures)


# --- phases, each run in a child process -----------------------------------------------------------
def phase_ingest(index_dir: Path, folder: Path) -> dict:
    from eval.runner import build_index

    t0 = time.perf_counter()
    index = build_index(index_dir, folder)
    wall = time.perf_counter() - t0
    n = len(index.facts.filings())
    return {"ingest_s": round(wall, 1), "ingest_per_s": round(n / wall, 2), "ingest_peak_rss_mb": peak_rss_mb(),
            "filings": n, "disk_mb": disk_mb(index_dir)}


def phase_warm(index_dir: Path, n: int, n_named: int, n_open: int, profile: Path | None) -> dict:
    import cProfile
    import pstats

    from eval.runner import open_index

    prof = cProfile.Profile() if profile else None
    t0 = time.perf_counter()
    if prof:
        prof.enable()
    from assistant.answer.engine import Engine

    engine = Engine(open_index(index_dir))
    start = time.perf_counter() - t0
    start_rss = peak_rss_mb()
    items = questions(plan(n), n_named, n_open)
    t1 = time.perf_counter()
    engine.warm_up()  # word lists, vectors, BM25: what a page loads before its first visitor
    warm_up = time.perf_counter() - t1
    lat: dict[str, list[float]] = {}
    right: dict[str, list[bool]] = {}
    slow, wrong = [], []
    for item in items:
        t = time.perf_counter()
        a = engine.ask_safely(item["q"])
        ms = (time.perf_counter() - t) * 1000
        lat.setdefault(item["kind"], []).append(ms)
        if "form" in item:  # a ranking, or an open question (a subject over many filings), apart too
            lat.setdefault(item["form"], []).append(ms)
        ok = judge(item, a)
        if ok is not None:
            right.setdefault(item["kind"], []).append(ok)
            if not ok:
                wrong.append([item["q"], a.status, a.answer[:160]])
        slow.append([round(ms, 1), item["q"], len(a.answer)])
    if prof:
        prof.disable()
        with profile.open("w") as out:
            pstats.Stats(prof, stream=out).sort_stats("cumulative").print_stats(45)
    m = {"engine_start_s": round(start, 2), "engine_start_rss_mb": start_rss, "warm_up_s": round(warm_up, 2),
         "disk_mb": disk_mb(index_dir),  # as the index is now (opening it may have added an index)
         "warm_peak_rss_mb": peak_rss_mb(),
         "slowest": sorted(slow, reverse=True)[:5], "wrong": wrong[:10]}
    for kind, ms in lat.items():
        m[kind] = {"questions": len(ms), "p50_ms": round(percentile(ms, 50), 1), "p95_ms": round(percentile(ms, 95), 1),
                   "max_ms": round(max(ms), 1)}
        if right.get(kind):
            m[kind]["accuracy"] = round(sum(right[kind]) / len(right[kind]), 3)
            m[kind]["judged"] = len(right[kind])
    return m


def cold_ask(index_dir: Path, n: int, runs: int) -> dict:
    """`ask` in a fresh process: its wall time and its own peak RSS, per kind of question."""
    g = plan(n)[n // 2]
    out = {}
    for kind, q in (("named", NAMED[0][0].format(d=g.department, y=g.year)), ("no_department", RANKING.format(y=g.year)),
                    ("open", OPEN[1])):
        times, rss = [], []
        for _ in range(runs):
            t0 = time.perf_counter()
            status, err, peak = _run_measured([sys.executable, "-m", "assistant", "ask", q, "--index", str(index_dir),
                                               "--json"])
            times.append(round(time.perf_counter() - t0, 2))
            rss.append(peak)
            if status:
                raise RuntimeError(f"cold ask failed: {err[-1500:]}")
        out[kind] = {"q": q, "runs_s": times, "median_s": sorted(times)[len(times) // 2], "peak_rss_mb": max(rss)}
    return out


def _run_measured(cmd: list[str]) -> tuple[int, str, float]:
    """(exit status, stderr, peak RSS in MB) of one command, waited for alone so that its usage is
    its own, not the largest of every child this process has had."""
    with tempfile.TemporaryFile() as err:
        p = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(p.pid, 0)
        p.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        return p.returncode, err.read().decode("utf-8", "replace"), round(usage.ru_maxrss / 1024, 1)


def _child(*args: str) -> dict:
    p = subprocess.run([sys.executable, "-m", "eval.scale", *args], cwd=ROOT, capture_output=True, text=True,
                       timeout=6 * 3600)
    if p.returncode != 0:
        raise RuntimeError(f"scale phase {args[:2]} failed:\n{p.stderr[-3000:]}")
    return json.loads(p.stdout.strip().splitlines()[-1])


def render(m: dict) -> str:
    named, other = m.get("named", {}), m.get("no_department", {})
    return "\n".join([
        f"# Scale: {m['n']} generated filings ({m['at']})",
        f"- ingest {m['ingest_s']} s ({m['ingest_per_s']} filings/s), peak RSS {m['ingest_peak_rss_mb']} MB, "
        f"disk {m['disk_mb']} MB",
        f"- engine start {m['engine_start_s']} s (RSS {m['engine_start_rss_mb']} MB), warm-up {m.get('warm_up_s')} s; "
        f"warm peak RSS {m['warm_peak_rss_mb']} MB",
        "- cold ask: " + ", ".join(f"{k} {c['median_s']} s ({c.get('peak_rss_mb')} MB)" for k, c in m["cold"].items()),
        f"- warm, naming a department: p50 {named.get('p50_ms')} ms, p95 {named.get('p95_ms')} ms, max "
        f"{named.get('max_ms')} ms, accuracy {named.get('accuracy')} of {named.get('judged')}",
        f"- warm, naming none: p50 {other.get('p50_ms')} ms, p95 {other.get('p95_ms')} ms, max {other.get('max_ms')} ms, "
        f"accuracy (rankings, tables) {other.get('accuracy')} of {other.get('judged')}",
        *(f"  - {form}: p50 {m[form]['p50_ms']} ms, p95 {m[form]['p95_ms']} ms, max {m[form]['max_ms']} ms"
          for form in ("ranking", "open") if form in m),
        f"- slowest: {m['slowest']}", ""])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m eval.scale")
    ap.add_argument("--n", type=int, default=100, help="filings to generate")
    ap.add_argument("--index", help="keep the index here (reused when it already holds the N filings)")
    ap.add_argument("--named", type=int, default=40, help="warm questions naming a department")
    ap.add_argument("--open", type=int, default=4, help="warm open questions (a subject over every filing)")
    ap.add_argument("--cold-runs", type=int, default=1)
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--phase", choices=["ingest", "warm"], help=argparse.SUPPRESS)
    ap.add_argument("--filings", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    prof = REPORTS / f"scale_profile_{args.n}.txt" if args.profile else None
    if args.phase == "ingest":
        print(json.dumps(phase_ingest(Path(args.index), Path(args.filings))))
        return 0
    if args.phase == "warm":
        print(json.dumps(phase_warm(Path(args.index), args.n, args.named, args.open, prof)))
        return 0

    m: dict = {"n": args.n, "at": time.strftime("%Y-%m-%d %H:%M:%S"), "years": list(YEARS)}
    tmp = Path(tempfile.mkdtemp(prefix="scale-"))
    index_dir = Path(args.index) if args.index else tmp / "index"
    try:
        state = index_dir / "scale.json"
        if state.exists() and json.loads(state.read_text())["filings"] == args.n:
            m.update(json.loads(state.read_text()))
            print(f"reusing the index at {index_dir}", file=sys.stderr)
        else:
            shutil.rmtree(index_dir, ignore_errors=True)
            print(f"generating and ingesting {args.n} filings …", file=sys.stderr)
            generate(args.n, tmp / "filings")
            m.update(_child("--phase", "ingest", "--index", str(index_dir), "--filings", str(tmp / "filings")))
            state.write_text(json.dumps({k: m[k] for k in ("ingest_s", "ingest_per_s", "ingest_peak_rss_mb",
                                                            "filings", "disk_mb")}))
        print("engine start and warm questions …", file=sys.stderr)
        m.update(_child("--phase", "warm", "--index", str(index_dir), "--n", str(args.n), "--named", str(args.named),
                        "--open", str(args.open), *(["--profile"] if args.profile else [])))
        print("cold ask …", file=sys.stderr)
        m["cold"] = cold_ask(index_dir, args.n, args.cold_runs)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    REPORTS.mkdir(parents=True, exist_ok=True)
    path = REPORTS / "scale.json"
    runs = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    runs[str(args.n)] = m
    path.write_text(json.dumps(runs, ensure_ascii=False, indent=1), encoding="utf-8")
    sys.stdout.write(render(m))
    return 0


if __name__ == "__main__":
    sys.exit(main())
