"""python -m eval.reliability [--keep DIR] [--skip-kills]

Ingest that cannot be stalled or fooled, measured:

1. 200+ malformed and hostile files (eval/hostile.py) beside good filings of corpus/, ingested in one
   run of the CLI: crashes, every bad file named with a true reason, every good filing ingested, the
   same filing in other bytes ingested once, planted instructions never a fact (nor an answer), peak
   memory of the ingest's process tree, wall time. Targets: 0 crashes, all named, all ingested,
   ≤ 1 GB, ≤ 2 min.
2. kill -9 at 30%, 60% and 90% of an ingest (of the tests' fast subset plus the good filings), then
   the index opened and the ingest run again; and two ingests at once: the index consistent, no filing
   twice, the same filings, facts and answers as an uninterrupted ingest.
3. The prose reader's time on 0.5 MB and 2 MB of budget lines (issue 13 measured 16 s and 188 s).

Writes eval/reports/reliability.json and .md.
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from pathlib import Path

from assistant.readers.errors import shown
from eval.hostile import CORPUS, GOOD_PDFS, PLANTED_VALUE, SEED_DEPT, build, budget_lines
from eval.reliability_checks import (
    answers, consistency, crashes, filings_and_facts, judge, planted_facts, start_ingest, watch,
)

REPORTS = Path(__file__).resolve().parent / "reports"
TARGETS = {"crashes": 0, "peak_tree_mb": 1024, "seconds": 120}
KILL_AT = (0.3, 0.6, 0.9)
# Asked of every index of the kill folder, in words of this suite's own
QUESTIONS = [
    f"{SEED_DEPT}2025年的“三公”经费预算数",
    "万里街道办事处2025年部门预算中三公经费",
    "江苏省高级人民法院2019年机关运行经费预算",
    "普陀区财政局2024年度决算一般公共预算财政拨款支出",
]


def hostile_run(work: Path) -> dict:
    folder = work / "hostile"
    t0 = time.perf_counter()
    cases = build(folder, full=True)
    built = time.perf_counter() - t0
    index_dir = work / "index-hostile"
    run = watch(start_ingest(folder, index_dir))
    verdicts = judge(cases, run.results)
    carriers = [c for c in cases if c.kind == "carrier"]
    asked = answers(index_dir, [f"{c.expect.removesuffix('2025年部门预算')}2025年三公经费是多少？" for c in carriers])
    planted_answers = [a for a in asked if any("999" in t for t, _ in a["figures"]) or "999万" in a["answer"]]
    by_kind = {k: [v for v in verdicts if v.case.kind == k] for k in ("bad", "link", "good", "twin", "carrier")}
    return {
        "files": len(cases), "hostile": len(cases) - len(by_kind["good"]), "build_seconds": round(built, 1),
        "seconds": round(run.seconds, 1), "peak_tree_mb": round(run.peak_tree_mb), "peak_process_mb": round(run.peak_process_mb),
        "exit_code": run.exit_code, "crashes": crashes(run, cases),
        "named_with_true_reason": {k: f"{sum(v.ok for v in vs)}/{len(vs)}" for k, vs in by_kind.items()},
        "wrong": [{"file": shown(v.case.path.name), "what": v.case.what, "status": v.status, "reason": v.reason,
                   "expected": v.why} for v in verdicts if not v.ok],
        "planted_facts": planted_facts(index_dir), "planted_in_answers": len(planted_answers),
        "carrier_answers": asked,
        "outcomes": [{"file": shown(v.case.path.name), "kind": v.case.kind, "what": v.case.what, "status": v.status,
                      "reason": v.reason} for v in verdicts],
        "slowest": sorted(({"file": r["path"].rsplit("/", 1)[-1], "seconds": r["seconds"], "status": r["status"]}
                           for r in run.results), key=lambda r: -r["seconds"])[:8],
    }


def kill_folder(work: Path) -> Path:
    folder = work / "kill"
    build(folder, full=False)
    for name in GOOD_PDFS[1:]:
        shutil.copyfile(CORPUS / name, folder / name)
    return folder


def interrupted_runs(work: Path) -> dict:
    folder = kill_folder(work)
    ref_dir = work / "index-reference"
    ref = watch(start_ingest(folder, ref_dir))
    reference = {"seconds": round(ref.seconds, 1), "facts": filings_and_facts(ref_dir),
                 "answers": answers(ref_dir, QUESTIONS), "consistency": consistency(ref_dir)}
    out = {"reference": {k: v for k, v in reference.items() if k != "answers"}, "kills": [], "concurrent": {}}

    def compare(index_dir: Path) -> dict:
        state = consistency(index_dir)
        facts = filings_and_facts(index_dir)
        same_answers = answers(index_dir, QUESTIONS) == reference["answers"]
        return {"consistent": state["consistent"], "filings_twice": state["filings_twice"],
                "same_filings_and_facts": facts == reference["facts"], "same_answers": same_answers,
                "missing": sorted(set(reference["facts"]) - set(facts)),
                "fact_counts_differ": sorted(t for t in facts if t in reference["facts"] and facts[t] != reference["facts"][t])}

    for at in KILL_AT:
        index_dir = work / f"index-kill-{int(at * 100)}"
        killed = watch(start_ingest(folder, index_dir), kill_after=at * ref.seconds)
        after_kill = consistency(index_dir)
        again = watch(start_ingest(folder, index_dir))
        out["kills"].append({"at": f"{at:.0%}", "killed_after_s": round(killed.seconds, 1), "was_killed": killed.killed,
                             "files_done_before_kill": len(killed.results),
                             "consistent_after_kill": after_kill["consistent"], "filings_after_kill": after_kill["filings"],
                             "reingest_exit": again.exit_code, **compare(index_dir)})
    index_dir = work / "index-concurrent"
    a, b = start_ingest(folder, index_dir), start_ingest(folder, index_dir)
    ra, rb = watch(a), watch(b)
    out["concurrent"] = {"exit_codes": [ra.exit_code, rb.exit_code], "seconds": [round(ra.seconds, 1), round(rb.seconds, 1)],
                         "added": [ra.summary.get("added"), rb.summary.get("added")], **compare(index_dir)}
    return out


def prose_linearity() -> dict:
    """The prose reader (paragraphs and statements) alone, over a filing with N MB of budget lines."""
    from assistant.parsers.prose import prose_facts
    from assistant.readers import filing_from_pages
    from assistant.readers.text import read_text

    out = {}
    for mb in (0.5, 2.0):
        pages, _ = read_text(Path("x.txt"), budget_lines(mb, "硚口区统计服务中心").encode("utf-8"))
        filing = filing_from_pages(pages, "x.txt", "x")
        t0 = time.perf_counter()
        facts = prose_facts(filing)
        out[f"{mb:g} MB"] = {"seconds": round(time.perf_counter() - t0, 2), "facts": len(facts)}
    out["ratio"] = round(out["2 MB"]["seconds"] / max(out["0.5 MB"]["seconds"], 1e-9), 2)
    return out


def verdict(report: dict) -> dict:
    h = report["hostile"]
    named = all(a == b for a, b in (x.split("/") for x in h["named_with_true_reason"].values()))
    checks = {"0 crashes": not h["crashes"], "every bad file named with a true reason": named,
              "planted instructions: no fact, no answer": h["planted_facts"] == 0 and h["planted_in_answers"] == 0,
              f"peak memory ≤ {TARGETS['peak_tree_mb']} MB": h["peak_tree_mb"] <= TARGETS["peak_tree_mb"],
              f"whole folder ≤ {TARGETS['seconds']} s": h["seconds"] <= TARGETS["seconds"]}
    if "interrupted" in report:
        runs = [*report["interrupted"]["kills"], report["interrupted"]["concurrent"]]
        checks["kill -9 and concurrent ingests: consistent, 0 duplicates, same answers"] = all(
            r["consistent"] and r["filings_twice"] == 0 and r["same_filings_and_facts"] and r["same_answers"] for r in runs)
    return checks


def write_md(report: dict, path: Path) -> None:
    h = report["hostile"]
    lines = ["# Reliability: hostile files, kill -9, concurrent ingests", "",
             "Generated by `python -m eval.reliability` (eval/hostile.py makes the files).", "",
             "| check | result |", "| --- | --- |"]
    lines += [f"| {k} | {'yes' if v else '**no**'} |" for k, v in report["verdict"].items()]
    lines += ["", f"## {h['hostile']} malformed/hostile files beside {h['files'] - h['hostile']} good filings", "",
              f"- wall time {h['seconds']} s, peak memory {h['peak_tree_mb']} MB (ingest + reader together; "
              f"largest process {h['peak_process_mb']} MB), exit status {h['exit_code']}",
              f"- crashes: {len(h['crashes'])}" + "".join(f"\n  - {c}" for c in h["crashes"]),
              "- named with a true reason / ingested as expected: "
              + ", ".join(f"{k} {v}" for k, v in h["named_with_true_reason"].items()),
              f"- facts of the planted figure ({PLANTED_VALUE / 10000:g}万元): {h['planted_facts']}; answers stating it: "
              f"{h['planted_in_answers']}", "", "Slowest files:", ""]
    lines += [f"- {s['file']}: {s['seconds']} s ({s['status']})" for s in h["slowest"]]
    if h["wrong"]:
        lines += ["", "Not as expected:", ""] + [f"- {w['file']} ({w['what']}): {w['status']} — {w['reason']}; "
                                                 f"{w['expected']}" for w in h["wrong"]]
    if "interrupted" in report:
        i = report["interrupted"]
        lines += ["", "## kill -9 and two ingests at once", "",
                  f"Reference: an uninterrupted ingest, {i['reference']['seconds']} s, "
                  f"{len(i['reference']['facts'])} filings.", "",
                  "| run | consistent | filings twice | same filings and facts | same answers |", "| --- | --- | --- | --- | --- |"]
        for k in i["kills"]:
            lines.append(f"| kill -9 at {k['at']} ({k['killed_after_s']} s, {k['files_done_before_kill']} files done), "
                         f"then re-ingest | {k['consistent']} | {k['filings_twice']} | {k['same_filings_and_facts']} | "
                         f"{k['same_answers']} |")
        c = i["concurrent"]
        lines.append(f"| two ingests at once (added {c['added']}) | {c['consistent']} | {c['filings_twice']} | "
                     f"{c['same_filings_and_facts']} | {c['same_answers']} |")
    p = report["prose"]
    lines += ["", "## The prose reader on budget lines", "",
              f"0.5 MB: {p['0.5 MB']['seconds']} s, 2 MB: {p['2 MB']['seconds']} s (ratio {p['ratio']}; linear is 4; "
              "issue 13 measured 16 s and 188 s before).", "", "## Every file", "",
              "| file | what | outcome | reason |", "| --- | --- | --- | --- |"]
    lines += [f"| {o['file'][:60]} | {o['what'][:60]} | {o['status']} | {o['reason'][:140]} |".replace("\n", " ")
              for o in h["outcomes"]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m eval.reliability")
    ap.add_argument("--keep", help="work in this folder and keep it (default: a temporary folder, removed)")
    ap.add_argument("--skip-kills", action="store_true", help="only the hostile folder and the prose timing")
    args = ap.parse_args(argv)
    work = Path(args.keep or tempfile.mkdtemp(prefix="reliability-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        report = {"hostile": hostile_run(work)}
        if not args.skip_kills:
            report["interrupted"] = interrupted_runs(work)
        report["prose"] = prose_linearity()
        report["verdict"] = verdict(report)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    REPORTS.mkdir(exist_ok=True)
    (REPORTS / "reliability.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    write_md(report, REPORTS / "reliability.md")
    for k, v in report["verdict"].items():
        print(f"{'ok ' if v else 'NO '} {k}")
    return 0 if all(report["verdict"].values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
