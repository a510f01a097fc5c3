"""The command line, exactly as ../shared/CONTRACT.md states it:

    python -m assistant ingest PATH [PATH ...] [--index DIR]
    python -m assistant ask "问题" [--index DIR] [--json]
    python -m assistant ask --batch FILE [--index DIR] --json
    python -m assistant ask --conversation FILE [--index DIR] --json
    python -m assistant audit [--index DIR] [--json]
    python -m assistant facts [--index DIR] [--doc TEXT] [--grep TEXT] [--json]

Additions (CONTRACT.md): python -m assistant coverage [--index DIR] [--json]; audit --doc TEXT;
python -m assistant ingest … --json (one object per file as it is done, then a summary object)
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from assistant.settings import get_settings


def _index(args):
    from assistant.index import Index

    settings = get_settings(index_dir=args.index, embed_model=getattr(args, "embed_model", None))
    return Index(settings.index_dir, settings)


def _print_json(obj) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, default=str) + "\n")
    sys.stdout.flush()


def cmd_ingest(args) -> int:
    """Each file's outcome is printed the moment it is known (with --json, one object per file, then
    a summary object), so a slow or hostile file never hides what became of the others."""
    import time

    from tqdm import tqdm

    from assistant.ingest import ingest

    index = _index(args)
    t0 = time.perf_counter()

    def say(text: str, err: bool = False) -> None:
        tqdm.write(text, file=sys.stderr if err else sys.stdout)  # keeps a progress bar on a terminal intact

    def on_file(r) -> None:
        if args.json:
            _print_json({"path": r.path, "status": r.status, "title": r.title, "reason": r.reason,
                         "seconds": round(r.seconds, 2), "warnings": r.warnings, "joined": r.joined or None,
                         "coverage": r.coverage.model_dump() if r.coverage else None})
            return
        if r.status == "added":
            say(f"已入库  {r.title}（{r.seconds:.1f} 秒）")
            if r.joined:
                say(f"合并    {r.joined}")
            for w in r.warnings:
                say(f"注意    {r.title}: {w}", err=True)
            if r.coverage:
                say(f"覆盖    {r.coverage.doc}: {r.coverage.summary()}")
        elif r.status == "held":
            say(f"暂存    {r.reason}")
        elif r.status == "skipped" and r.title:
            say(f"已存在  {r.title}（{r.path}：{r.reason}，跳过）")
        elif r.status == "skipped":
            say(f"跳过    {r.path}: {r.reason}", err=True)
        else:
            say(f"失败    {r.path}: {r.reason}", err=True)

    report = ingest(args.paths, index, on_file=on_file)
    seconds = time.perf_counter() - t0
    if args.json:
        _print_json({"summary": True, "added": len(report.added), "skipped": len(report.skipped),
                     "held": len(report.held), "failed": len(report.failed), "passed_over": len(report.passed_over),
                     "seconds": round(seconds, 2), "index": str(index.dir)})
    else:
        print(f"共 {len(report.added)} 份新入库，{len(report.skipped)} 份已存在，{len(report.failed)} 份失败"
              + (f"，{len(report.passed_over)} 个链接未跟随" if report.passed_over else "")
              + f"。用时 {seconds:.1f} 秒。 索引：{index.dir}")
    return 0 if report.ok else 1


def _filters(args):
    from assistant.retrieval.filters import Filters

    return Filters(department=args.department, year=args.year, kind=args.kind)


def cmd_ask(args) -> int:
    from assistant.answer.engine import Engine

    engine = Engine(_index(args))
    filters = _filters(args)
    if args.conversation:
        return _conversation(engine, Path(args.conversation), filters)
    if args.batch:
        lines = Path(args.batch).read_text(encoding="utf-8-sig").splitlines()
        for q in lines:
            _print_json(engine.ask_safely(q.strip(), filters).model_dump())
        return 0
    if not args.question:
        print("ask: 需要一个问题，或 --batch FILE", file=sys.stderr)
        return 2
    answer = engine.ask_safely(args.question, filters)
    if args.json:
        _print_json(answer.model_dump())
    else:
        print(answer.answer)
        if answer.citations:
            print("\n来源：")
            for c in answer.citations:
                page = f"第{c.page}页" if c.page else "页码未知"
                print(f"  [{c.id}] {c.doc} {page} {c.locator}\n      “{c.quote}”")
    return 0 if answer.status != "error" else 1


def _conversation(engine, path: Path, filters) -> int:
    """JSONL turns {"conversation": "c1", "q": "…"}: turns of one conversation, in file order, are each a
    follow-up of the ones before; one answer object per turn, in the file's order. A line that is not
    such an object is answered with status "error" naming the line, and the rest go on."""
    from assistant.types import Answer

    previous: dict[str, object] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), 1):
        if not line.strip():
            continue
        try:
            turn = json.loads(line)
            cid, q = str(turn.get("conversation", "")), str(turn["q"])
        except (ValueError, KeyError, AttributeError, TypeError) as e:
            _print_json(Answer(question=line, status="error",
                               answer=f"{path.name} 第{n}行不是对话轮次（需要 {{\"conversation\": …, \"q\": …}}）：{e}").model_dump())
            continue
        answer, previous[cid] = engine.ask_turn(q, filters, previous.get(cid))
        _print_json({"conversation": cid, **answer.model_dump()})
    return 0


def cmd_audit(args) -> int:
    from assistant.audit import audit_index, format_report

    index = _index(args)
    findings = audit_index(index, args.doc)
    if args.json:
        for d in findings:
            _print_json(d.model_dump())
    else:
        audited = [f.title for f in index.facts.filings() if args.doc is None or args.doc in f.title]
        print(format_report(findings, audited) if audited else "索引中还没有文件。")
    return 0


def cmd_facts(args) -> int:
    from assistant.amounts import printed_amount

    index = _index(args)
    facts = index.facts.facts(doc=args.doc, grep=args.grep)
    for f in facts:
        if args.json:
            _print_json({
                "doc": f.doc, "department": f.department, "year": f.year, "kind": f.kind, "filing_kind": f.filing_kind,
                "subject": f.subject, "measure": f.measure,
                "value": None if f.value is None else float(f.value), "unit": f.unit, "page": f.page,
                "locator": f.locator, "quote": f.quote,
                # additions beyond the contract:
                "code": f.code, "column": f.column, "text": f.text, "ref_year": f.ref_year,
                "source": f.source, "flags": f.flags, "value_exact": None if f.value is None else str(f.value),
            })
        else:
            # the value as the filing printed it ("833.6万元"); --json keeps money in 元
            val = f.text if f.value is None else str(printed_amount(f.value, f.unit, f.quote))
            print(f"{f.doc} p{f.page} | {f.subject} | {f.measure} | {f.column} | {val} | {f.locator}")
    if not args.json:
        print(f"共 {len(facts)} 条", file=sys.stderr)
    return 0


def cmd_coverage(args) -> int:
    from assistant.verify.coverage import coverage_index, format_coverage

    index = _index(args)
    items = coverage_index(index)
    if args.json:
        for c in items:
            _print_json(c.model_dump())
    else:
        print(format_coverage(items) if items else "索引中还没有文件。")
        for f in index.facts.held_parts():  # a 表格 part with no year, waiting for its 文件
            print(f"暂存    {f.department}{f.filing_kind}（{f.part}部分，{f.path}）：没有印年度，待其文件部分入库后合为一份")
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m assistant", description="部门预算/决算问答助手")
    sub = p.add_subparsers(dest="command", required=True)

    def common(sp):
        sp.add_argument("--index", help="索引目录（默认见 README）")
        sp.add_argument("--embed-model", dest="embed_model",
                        help="hash（默认，无需下载）或 sentence-transformers 模型名/路径")

    s = sub.add_parser("ingest", help="把预算/决算文件（PDF 或文本）读入索引")
    s.add_argument("paths", nargs="+")
    s.add_argument("--json", action="store_true", help="每个文件一行 JSON（读完即输出），最后一行为汇总")
    common(s)
    s.set_defaults(func=cmd_ingest)

    s = sub.add_parser("ask", help="提问")
    s.add_argument("question", nargs="?")
    s.add_argument("--batch", help="问题文件，每行一个（UTF-8）")
    s.add_argument("--conversation", help="对话文件（JSONL，每行 {\"conversation\": \"c1\", \"q\": \"…\"}，同一对话按顺序追问）")
    s.add_argument("--json", action="store_true")
    s.add_argument("--department", help="只看该部门（名称的一部分即可）")
    s.add_argument("--year", type=int, help="只看该年度")
    s.add_argument("--kind", choices=["预算", "决算"], help="只看预算或决算")
    common(s)
    s.set_defaults(func=cmd_ask)

    s = sub.add_parser("audit", help="复核每份文件：勾稽关系、说明与报表、年度与部门名称、目录与表格")
    s.add_argument("--json", action="store_true")
    s.add_argument("--doc", help="只看该文件（名称或部门的一部分即可）")
    common(s)
    s.set_defaults(func=cmd_audit)

    s = sub.add_parser("coverage", help="每份文件读到了什么：目录所列表格、要点数字、无文字层的页")
    s.add_argument("--json", action="store_true")
    common(s)
    s.set_defaults(func=cmd_coverage)

    s = sub.add_parser("facts", help="查看解析出的结构化数据")
    s.add_argument("--doc")
    s.add_argument("--grep")
    s.add_argument("--json", action="store_true")
    common(s)
    s.set_defaults(func=cmd_facts)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)
