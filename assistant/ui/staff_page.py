"""The staff page: upload filings into the index, answer a list of questions into CSV/XLSX, check
the filings' own arithmetic (audit), and see who added which filing when.

Served on its own route (app.py), behind gradio's login when staff accounts are configured
(assistant/ui/access.py). An ingest runs in this page's worker thread, one at a time; the public
page's questions go on meanwhile, answered from the index as it was until the new filing is in.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import gradio as gr

from assistant.ui.access import StaffAccess
from assistant.ui.backend import ALL, Backend, UploadOutcome
from assistant.ui.render import md_text
from assistant.ui.staff import STATUS_ZH, read_questions, write_csv, write_xlsx

LOG_HEADERS = ["时间", "工作人员", "上传的文件", "结果", "文件名称 / 原因"]
AUDIT_HEADERS = ["文件", "问题", "说明", "出处"]
OUTCOME_ZH = {"added": "已入库", "held": "已暂存", "skipped": "已在库中", "failed": "失败"}


def outcome_line(o: UploadOutcome) -> list[str]:
    name = md_text(o.name)
    if o.status == "added":
        return [f"- ✓ 已入库：{md_text(o.detail)}（{name}），现在就可以提问",
                *(f"  - 注意：{md_text(w)}" for w in o.warnings)]
    if o.status == "held":
        return [f"- … 已暂存：{md_text(o.detail)}（{name}）"]
    if o.status == "skipped":
        return [f"- ＝ 已在库中：{md_text(o.detail)}（{name}，内容相同，跳过）"]
    return [f"- ✗ 失败：{name} —— {md_text(o.detail)}"]


def audit_rows(backend: Backend) -> tuple[str, list[list[str]]]:
    """The review report (grouped by filing, severity and section, one line a finding with its page)
    above a table of the errors and wording problems."""
    from assistant.audit import KIND_NAMES, audit_index, audit_markdown

    findings = audit_index(backend.index)
    errors = [d for d in findings if not d.rounding]
    rows = [[d.doc, KIND_NAMES.get(d.kind, d.kind), d.explanation,
             "；".join((f"第{p.page}页 " if p.page else "") + p.printed for p in d.places[:4])]
            for d in errors]
    summary = (f"共 {len(backend.index.facts.filings())} 份文件，发现 {len(errors)} 处问题"
               f"（另有 {len(findings) - len(errors)} 处尾差）。\n\n{audit_markdown(findings)}")
    return summary, rows


def log_rows(backend: Backend) -> list[list[str]]:
    return [[r.at.replace("T", " ")[:19], r.user, r.file, OUTCOME_ZH.get(r.status, r.status), r.filing or r.detail]
            for r in backend.ingest_log()]


def build_staff(backend: Backend, access: StaffAccess) -> gr.Blocks:
    def who(request: gr.Request | None) -> str:
        return access.user(getattr(request, "username", None))

    def upload(files: list[str] | None, request: gr.Request):
        """Per-file results as they happen: each file is named with its outcome once it is in."""
        if not files:
            yield "请先选择要上传的文件。", backend.filings_table(), log_rows(backend)
            return
        paths = [Path(f) for f in files]
        lines: list[str] = []
        head = f"正在处理 {len(paths)} 个文件……"
        yield head, gr.update(), gr.update()
        for o in backend.ingest_uploads([(p, p.name) for p in paths], user=who(request)):
            lines += outcome_line(o)
            yield head + "\n\n" + "\n".join(lines), gr.update(), gr.update()
        failed = sum(line.startswith("- ✗") for line in lines)
        done = f"处理了 {len(paths)} 个文件" + (f"，其中 {failed} 个失败：" if failed else "：")
        yield done + "\n\n" + "\n".join(lines), backend.filings_table(), log_rows(backend)

    def batch(file: str | None, progress=gr.Progress()):
        if not file:
            return "请先选择问题清单文件。", None
        try:
            questions = read_questions(Path(file))
        except ValueError as e:
            return f"✗ {md_text(Path(file).name)}：{md_text(str(e))}", None
        answers = []
        for i, q in enumerate(questions):
            progress((i, len(questions)), desc=f"正在回答 {i + 1}/{len(questions)}")
            answers.append(backend.ask(q, ALL, ALL, ALL))
        out = Path(tempfile.mkdtemp(prefix="answers_"))
        stamp = time.strftime("%Y%m%d-%H%M%S")
        files = [write_csv(answers, out / f"回答_{stamp}.csv"), write_xlsx(answers, out / f"回答_{stamp}.xlsx")]
        counts: dict[str, int] = {}
        for a in answers:
            counts[a.status] = counts.get(a.status, 0) + 1
        summary = "，".join(f"{STATUS_ZH.get(k, k)} {v} 个" for k, v in counts.items())
        return f"已回答 {len(answers)} 个问题（{summary}）。下载 CSV 或 Excel：", [str(f) for f in files]

    def greet(request: gr.Request):
        name = getattr(request, "username", None)
        line = f"已登录：{md_text(name)}" if name else "本机模式：未配置工作人员账号，此页只在本机（127.0.0.1）开放"
        return line, backend.filings_table(), log_rows(backend)

    with gr.Blocks(title="部门预算问答 · 工作人员") as staff:
        gr.Markdown("# 工作人员 · 部门预算 / 决算问答\n[← 返回提问页面](../)")
        whoami = gr.Markdown(elem_id="staff-user")
        with gr.Tabs():
            with gr.Tab("上传入库"):
                gr.Markdown("上传部门预算或决算文件（PDF 或 TXT，单个不超过 50 MB），逐个检查并入库，"
                            "每个文件处理完就列出结果；入库期间提问页照常回答。")
                uploads = gr.File(label="预算/决算文件（可多选）", file_count="multiple", elem_id="upload")
                ingest_btn = gr.Button("入库", variant="primary", elem_id="ingest")
                ingest_report = gr.Markdown(elem_id="ingest-report")
                gr.Markdown("#### 库中的文件")
                filings = gr.Dataframe(headers=["文件", "部门", "年度", "类型"], interactive=False, wrap=True,
                                       elem_id="filings")
            with gr.Tab("批量提问"):
                gr.Markdown("上传问题清单（.txt 或 .csv，每行一个问题），下载带引用与核实结果的 CSV / Excel。")
                qfile = gr.File(label="问题清单", file_count="single", elem_id="qfile")
                batch_btn = gr.Button("批量回答", variant="primary", elem_id="batch")
                batch_report = gr.Markdown(elem_id="batch-report")
                batch_files = gr.File(label="下载结果", file_count="multiple", interactive=False, elem_id="batch-out")
            with gr.Tab("文件自查"):
                gr.Markdown("复核每份文件内部的勾稽关系（合计与明细、表与说明、增长率与金额、单位），尾差不列。")
                audit_btn = gr.Button("运行自查", elem_id="audit")
                audit_summary = gr.Markdown(elem_id="audit-summary")
                audit_table = gr.Dataframe(headers=AUDIT_HEADERS, interactive=False, wrap=True, elem_id="audit-table")
            with gr.Tab("入库记录"):
                gr.Markdown("谁在什么时候上传了哪个文件，结果如何（记录在索引目录的 ingest_log.jsonl）。")
                ingest_log = gr.Dataframe(headers=LOG_HEADERS, interactive=False, wrap=True, elem_id="ingest-log")
        ingest_btn.click(upload, [uploads], [ingest_report, filings, ingest_log], concurrency_limit=1,
                         concurrency_id="ingest")
        batch_btn.click(batch, [qfile], [batch_report, batch_files], concurrency_limit=1)
        audit_btn.click(lambda: audit_rows(backend), None, [audit_summary, audit_table], concurrency_limit=1)
        staff.load(greet, None, [whoami, filings, ingest_log])
    return staff
