"""python -m eval [--gold FILE] [--index DIR] [--only CATEGORY] [--name NAME]

A conversation set (eval/gold/conversations.jsonl: lines with `turns`) is asked conversation by
conversation, each turn a follow-up of the ones before it; the headline is the follow-up turns right.

Without --index a fresh index of corpus/ is built in a temporary folder, so the figures
never depend on a stale index.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from eval.gold import DEV_GOLD, is_conversation_file, load_conversations, load_gold
from eval.runner import (
    _pct, build_index, make_turn_asker, open_index, run, run_conversations, summarise, summarise_conversations,
    write_conversation_reports, write_reports,
)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m eval", description="Score the assistant on a gold question set")
    ap.add_argument("--gold", default=str(DEV_GOLD), help="gold JSONL file (default eval/gold/dev.jsonl)")
    ap.add_argument("--index", help="an existing index folder (default: build a fresh one of corpus/)")
    ap.add_argument("--only", help="only questions of this category")
    ap.add_argument("--name", help="report name under eval/reports/ (default: the gold file's stem)")
    args = ap.parse_args(argv)

    conversational = is_conversation_file(args.gold)
    if conversational:
        conversations = load_conversations(args.gold)
    else:
        gold = load_gold(args.gold)
    if args.only and not conversational:
        gold = [g for g in gold if g.category == args.only]
    meta = {"gold": Path(args.gold).name, "at": time.strftime("%Y-%m-%d %H:%M:%S")}
    with tempfile.TemporaryDirectory(prefix="eval-index-") as tmp:
        t0 = time.perf_counter()
        if args.index:
            index, meta["index"] = open_index(Path(args.index)), args.index
        else:
            print("building a fresh index of corpus/ …", file=sys.stderr)
            index, meta["index"] = build_index(Path(tmp)), "fresh temporary index of corpus/"
            meta["ingest_s"] = round(time.perf_counter() - t0, 1)
        t1 = time.perf_counter()
        if conversational:
            outcomes = run_conversations(conversations, make_turn_asker(index))
            if args.only:
                outcomes = [o for o in outcomes if o.category == args.only]
        else:
            outcomes = run(gold, index)
        meta["ask_s"] = round(time.perf_counter() - t1, 1)
    name = args.name or Path(args.gold).stem
    if conversational:
        summary = summarise_conversations(outcomes)
        md, js = write_conversation_reports(summary, outcomes, meta, name=name)
        h = summary["headline"]
        print(f"follow-up turns: {_pct(h['follow_up_turns'])}   first turns: {_pct(h['first_turns'])}   "
              f"conversations all right: {_pct(h['conversations_all_right'])}")
        summary = {k: v for k, v in summary.items() if k != "headline"}
    else:
        summary = summarise(outcomes)
        md, js = write_reports(summary, outcomes, meta, name=name)
    print(f"{'category':<14}{'n':>4}  {'answer':<20}{'citation':<20}{'refusal':<20}{'wrong ✓':>8}"
          f"{'p50 ms':>8}{'p95 ms':>8}")
    for name, s in summary.items():
        print(f"{name:<14}{s['questions']:>4}  {_pct(s['answer_accuracy']):<20}{_pct(s['citation_accuracy']):<20}"
              f"{_pct(s['refusal_accuracy']):<20}{s['wrong_verified']:>8}{s['latency_ms_p50']:>8}{s['latency_ms_p95']:>8}")
    print(f"reports: {md}, {js}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
