"""The audit as staff read it: per filing, errors first, then wording, then 尾差 kept for
reference; within each, by section (全文, 报表, 说明, 项目表) and page; one line per finding
that starts with its page. Plain text for the command line, markdown for the chat page."""

from __future__ import annotations

import re
from collections import defaultdict

from assistant.audit.findings import KIND_NAMES, SECTIONS, SEVERITY_NAMES, Discrepancy

SEVERITY_ORDER = ("error", "wording", "rounding")
NOTHING = "未发现问题。"


def _pages(d: Discrepancy) -> str:
    pages = list(dict.fromkeys(p.page for p in d.places if p.page))
    if not pages:
        return "页码未知"
    head = f"第{pages[0]}页"
    return head + (f"（另见第{'、'.join(map(str, pages[1:4]))}页）" if len(pages) > 1 else "")


def _order(d: Discrepancy) -> tuple:
    first = min((p.page for p in d.places if p.page), default=0)
    return (SECTIONS.index(d.section) if d.section in SECTIONS else len(SECTIONS), first)


def by_filing(findings: list[Discrepancy]) -> dict[str, dict[str, dict[str, list[Discrepancy]]]]:
    """doc → severity → section → findings, each level in reading order."""
    out: dict[str, dict[str, dict[str, list[Discrepancy]]]] = {}
    for d in findings:
        out.setdefault(d.doc, {s: {} for s in SEVERITY_ORDER})[d.severity].setdefault(d.section, []).append(d)
    for severities in out.values():
        for sev, sections in severities.items():
            for items in sections.values():
                items.sort(key=_order)
            severities[sev] = dict(sorted(sections.items(), key=lambda kv: _order(kv[1][0])))
    return out


def _headline(severities: dict[str, dict[str, list[Discrepancy]]]) -> str:
    n = {s: sum(len(v) for v in severities[s].values()) for s in SEVERITY_ORDER}
    problems = n["error"] + n["wording"]
    split = "，".join(f"{SEVERITY_NAMES[s][:2]} {n[s]}" for s in ("error", "wording") if n[s])
    text = f"发现 {problems} 处问题" + (f"（{split}）" if split else "")
    return text + (f"，另有 {n['rounding']} 处尾差" if n["rounding"] else "")


def format_report(findings: list[Discrepancy], audited: list[str] = ()) -> str:
    """A report for staff: per filing, grouped by severity and section, one line per finding; the
    filings audited without a finding (`audited`: their titles) are named at the end."""
    clean = [t for t in audited if not any(d.doc == t for d in findings)]
    if not findings:
        return NOTHING if not clean else "\n".join(f"【{t}】 {NOTHING}" for t in clean)
    lines: list[str] = []
    for doc, severities in by_filing(findings).items():
        lines.append(f"【{doc}】 {_headline(severities)}")
        for sev in SEVERITY_ORDER:
            if not severities[sev]:
                continue
            lines.append(f"  {SEVERITY_NAMES[sev]}")
            for section, items in severities[sev].items():
                lines.append(f"    {section}")
                for d in items:
                    lines.append(f"      {_pages(d)} [{KIND_NAMES[d.kind]}] {d.explanation}")
        lines.append("")
    lines += [f"【{t}】 {NOTHING}" for t in clean]
    return "\n".join(lines).rstrip()


def _md(text: str) -> str:
    return re.sub(r"([\\*_`|<>#\[\]])", r"\\\1", text)


def audit_markdown(findings: list[Discrepancy], doc: str | None = None) -> str:
    """A filing's audit as markdown for the staff tab (every filing's when `doc` is None): a heading
    per filing, its counts, then errors, wording and 尾差, each by section, one bullet per finding."""
    if doc is not None:
        findings = [d for d in findings if d.doc == doc]
    if not findings:
        return f"{'**' + _md(doc) + '**：' if doc else ''}{NOTHING}"
    out: list[str] = []
    for title, severities in by_filing(findings).items():
        out += [f"### {_md(title)}", "", f"{_headline(severities)}。", ""]
        for sev in SEVERITY_ORDER:
            if not severities[sev]:
                continue
            out += [f"#### {SEVERITY_NAMES[sev]}", ""]
            for section, items in severities[sev].items():
                out.append(f"**{section}**")
                out.append("")
                out += [f"- {_pages(d)} · {KIND_NAMES[d.kind]}：{_md(d.explanation)}" for d in items]
                out.append("")
    return "\n".join(out).rstrip() + "\n"


def report_counts(findings: list[Discrepancy]) -> dict[str, int]:
    """How many findings of each severity: what a summary line or a test wants."""
    counts: dict[str, int] = defaultdict(int)
    for d in findings:
        counts[d.severity] += 1
    return dict(counts)
