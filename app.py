"""The chat page: citizens and staff ask about the budget filings in the index; staff add filings
and answer lists of questions in bulk.

    python app.py [--port 7860] [--host 127.0.0.1] [--index DIR]

Binds 127.0.0.1 unless --host says otherwise; never a share link; gradio's analytics are off
and the page loads nothing from outside (fonts are gradio's bundled ones or the system's).
"""

from __future__ import annotations

import os

# Before gradio is imported: it reads these at import time.
os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

import argparse  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import gradio as gr  # noqa: E402

from assistant.ui.backend import ALL, Backend  # noqa: E402
from assistant.ui.render import answer_markdown, md_text, question_markdown, sources_html  # noqa: E402
from assistant.ui.staff import STATUS_ZH, read_questions, write_csv, write_xlsx  # noqa: E402

EXAMPLES = [
    "三公经费是多少？",
    "今年预算比去年增加了多少？",
    "什么是机关运行经费？",
    "出差一年花多少钱？",
    "住房公积金预算多少？",
]

INTRO = (
    "向已收录的**部门预算 / 部门决算**文件提问。每个数字都标明出处（文件、页码、表格），"
    "并与文件里的表格数据逐一核对：**✓** 表示已核实、与表格一致，**（未核实）** 表示未能核对、请看原文。"
)

CSS = """
.gradio-container { max-width: 1280px !important; }
#intro p { font-size: 15px; }
#sources { max-height: 560px; overflow-y: auto; }
.src-card { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 10px 12px;
            margin-bottom: 10px; background: var(--block-background-fill); }
.src-head { font-weight: 600; }
.src-id { color: var(--color-accent); margin-right: 4px; }
.src-where { font-size: 13px; margin: 2px 0 6px; }
.src-quote { margin: 0; padding: 6px 10px; border-left: 3px solid var(--color-accent);
             background: var(--background-fill-secondary); font-size: 14px; white-space: pre-wrap; }
.src-sub { font-weight: 600; margin: 6px 0 4px; }
.src-figs ul { margin: 0; padding-left: 18px; }
.fig-ok { color: #15803d; font-weight: 600; }
.fig-no { color: #b45309; font-weight: 600; }
.fig-basis { font-size: 12px; color: var(--body-text-color-subdued); }
.src-empty { color: var(--body-text-color-subdued); padding: 8px 0; }
"""

# After an answer arrives, show it from its question down: gradio's autoscroll would jump to the
# bottom of a long answer and hide its first lines. setTimeout lets the new message render first.
SCROLL_TO_LAST_QUESTION = """() => { setTimeout(() => {
  const qs = document.querySelectorAll('#chat [data-testid="user"]');
  if (!qs.length) return;
  const q = qs[qs.length - 1];
  const chat = document.querySelector('#chat');
  let box = q.parentElement;
  while (box && box !== chat && box.scrollHeight <= box.clientHeight + 1) box = box.parentElement;
  if (box && chat.contains(box) && box.scrollHeight > box.clientHeight + 1) box.scrollTop += q.getBoundingClientRect().top - box.getBoundingClientRect().top - 8;
}, 60); }"""

THEME = gr.themes.Default(
    font=[gr.themes.LocalFont("Source Sans Pro"), "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC",
          "WenQuanYi Micro Hei", "sans-serif"],
)


def build_app(backend: Backend) -> gr.Blocks:
    departments, years, kinds = backend.choices()

    def ask(question: str, history: list, turn, department: str, year: str, kind: str):
        q = (question or "").strip()
        if not q:
            return gr.update(), history, gr.update(), turn
        # the visitor's own conversation: a question is a follow-up of the last one (cleared chat: none)
        answer, turn = backend.ask_turn(q, department, year, kind, turn if history else None)
        history = [*history, {"role": "user", "content": question_markdown(q)},
                   {"role": "assistant", "content": answer_markdown(answer)}]
        return "", history, sources_html(answer), turn

    def refresh_filters(department: str, year: str, kind: str):
        d, y, k = backend.choices()
        return (gr.update(choices=d, value=department if department in d else ALL),
                gr.update(choices=y, value=year if year in y else ALL),
                gr.update(choices=k, value=kind if kind in k else ALL),
                backend.filings_table())

    def upload(files: list[str] | None, department: str, year: str, kind: str, progress=gr.Progress()):
        if not files:
            return ("请先选择要上传的文件。", *refresh_filters(department, year, kind))
        paths = [Path(f) for f in files]
        lines = []
        progress((0, len(paths)), desc="准备读入")
        outcomes = backend.ingest_uploads([(p, p.name) for p in paths])
        for i, o in enumerate(outcomes, 1):
            progress((i, len(paths)), desc=f"已处理 {i}/{len(paths)}：{o.name}")
            if o.status == "added":
                lines.append(f"- ✓ 已入库：{md_text(o.detail)}（{md_text(o.name)}），现在就可以提问")
                lines += [f"  - 注意：{md_text(w)}" for w in o.warnings]
            elif o.status == "held":
                lines.append(f"- … 已暂存：{md_text(o.detail)}（{md_text(o.name)}）")
            elif o.status == "skipped":
                lines.append(f"- ＝ 已在库中：{md_text(o.detail)}（{md_text(o.name)}，内容相同，跳过）")
            else:
                lines.append(f"- ✗ 失败：{md_text(o.name)} —— {md_text(o.detail)}")
        failed = sum("✗" in line for line in lines)
        head = f"处理了 {len(paths)} 个文件" + (f"，其中 {failed} 个失败：" if failed else "：")
        return (head + "\n\n" + "\n".join(lines), *refresh_filters(department, year, kind))

    def batch(file: str | None, department: str, year: str, kind: str, progress=gr.Progress()):
        if not file:
            return "请先选择问题清单文件。", None
        try:
            questions = read_questions(Path(file))
        except ValueError as e:
            return f"✗ {md_text(Path(file).name)}：{md_text(str(e))}", None
        answers = []
        for i, q in enumerate(questions):
            progress((i, len(questions)), desc=f"正在回答 {i + 1}/{len(questions)}")
            answers.append(backend.ask(q, department, year, kind))
        out = Path(tempfile.mkdtemp(prefix="answers_"))
        stamp = time.strftime("%Y%m%d-%H%M%S")
        files = [write_csv(answers, out / f"回答_{stamp}.csv"), write_xlsx(answers, out / f"回答_{stamp}.xlsx")]
        counts: dict[str, int] = {}
        for a in answers:
            counts[a.status] = counts.get(a.status, 0) + 1
        summary = "，".join(f"{STATUS_ZH.get(k, k)} {v} 个" for k, v in counts.items())
        return f"已回答 {len(answers)} 个问题（{summary}）。下载 CSV 或 Excel：", [str(f) for f in files]

    with gr.Blocks(title="部门预算问答") as demo:
        gr.Markdown("# 部门预算 / 决算问答")
        gr.Markdown(INTRO, elem_id="intro")
        with gr.Row():
            department = gr.Dropdown(departments, value=ALL, label="部门", scale=3, elem_id="dept")
            year = gr.Dropdown(years, value=ALL, label="年度", scale=1, elem_id="year")
            kind = gr.Dropdown(kinds, value=ALL, label="类型（预算/决算）", scale=1, elem_id="kind")
        filters = [department, year, kind]
        with gr.Tabs():
            with gr.Tab("提问"):
                with gr.Row(equal_height=False):
                    with gr.Column(scale=3):
                        chat = gr.Chatbot(
                            label="对话", height=420, elem_id="chat", latex_delimiters=[], sanitize_html=True,
                            allow_tags=False, feedback_options=None, buttons=["copy"], autoscroll=False,
                            placeholder="在下面输入问题，或点一个示例问题。",
                        )
                        with gr.Row():
                            question = gr.Textbox(placeholder="例如：三公经费是多少？", show_label=False,
                                                  scale=5, elem_id="question", max_length=500, autofocus=True)
                            send = gr.Button("提问", variant="primary", scale=1, elem_id="ask")
                        gr.Markdown("示例问题（点击即问）：")
                        with gr.Row():
                            example_buttons = [gr.Button(q, size="sm", elem_classes=["example"]) for q in EXAMPLES]
                    with gr.Column(scale=2):
                        gr.Markdown("### 来源与核实（最近一次回答）")
                        sources = gr.HTML(sources_html(None), elem_id="sources")
                turn = gr.State(None)  # the last question as understood, per visitor: the context of a follow-up
                outs = [question, chat, sources, turn]
                send.click(ask, [question, chat, turn, *filters], outs).then(js=SCROLL_TO_LAST_QUESTION)
                question.submit(ask, [question, chat, turn, *filters], outs).then(js=SCROLL_TO_LAST_QUESTION)
                for b, q in zip(example_buttons, EXAMPLES):
                    b.click(lambda h, t, d, y, k, q=q: ask(q, h, t, d, y, k), [chat, turn, *filters], outs).then(
                        js=SCROLL_TO_LAST_QUESTION)
            with gr.Tab("工作人员"):
                gr.Markdown("### 上传文件入库\n上传部门预算或决算文件（PDF 或 TXT，单个不超过 50 MB），"
                            "入库后即可在“提问”页提问。")
                uploads = gr.File(label="预算/决算文件（可多选）", file_count="multiple", elem_id="upload")
                ingest_btn = gr.Button("入库", variant="primary", elem_id="ingest")
                ingest_report = gr.Markdown(elem_id="ingest-report")
                gr.Markdown("#### 库中的文件")
                filings = gr.Dataframe(backend.filings_table(), headers=["文件", "部门", "年度", "类型"],
                                       interactive=False, wrap=True, elem_id="filings")
                ingest_btn.click(upload, [uploads, *filters], [ingest_report, *filters, filings],
                                 concurrency_limit=1)
                gr.Markdown("### 批量提问\n上传问题清单（.txt 或 .csv，每行一个问题），按上方筛选条件回答，"
                            "下载带引用与核实结果的 CSV / Excel。")
                qfile = gr.File(label="问题清单", file_count="single", elem_id="qfile")
                batch_btn = gr.Button("批量回答", variant="primary", elem_id="batch")
                batch_report = gr.Markdown(elem_id="batch-report")
                batch_files = gr.File(label="下载结果", file_count="multiple", interactive=False, elem_id="batch-out")
                batch_btn.click(batch, [qfile, *filters], [batch_report, batch_files], concurrency_limit=1)
        demo.load(refresh_filters, filters, [*filters, filings])
    return demo


def main(argv: list[str] | None = None) -> None:
    from assistant.index import Index
    from assistant.settings import get_settings

    p = argparse.ArgumentParser(description="部门预算/决算问答 — 网页")
    p.add_argument("--index", help="索引目录（默认 ASSISTANT_INDEX_DIR 或 index/）")
    p.add_argument("--port", type=int, default=int(os.environ.get("PORT", "7860")))
    p.add_argument("--host", default="127.0.0.1", help="监听地址（默认只在本机）")
    args = p.parse_args(argv)

    settings = get_settings(index_dir=args.index)
    backend = Backend(Index(settings.index_dir, settings))
    backend.warm_up()
    demo = build_app(backend)
    demo.queue(default_concurrency_limit=4)
    print(f"索引：{settings.index_dir}（{len(backend.filings_table())} 份文件）", flush=True)
    demo.launch(server_name=args.host, server_port=args.port, share=False, ssr_mode=False, mcp_server=False,
                pwa=False, footer_links=[], theme=THEME, css=CSS, max_file_size="200mb", show_error=True)


if __name__ == "__main__":
    main()
