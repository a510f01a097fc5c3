"""The public chat page: anyone asks; answers come with their sources, a chart for answers over
several departments or years, and that table as CSV. Staff tools live on their own page
(assistant/ui/staff_page.py); this one only says where they are.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import gradio as gr

from assistant.ui.access import StaffAccess
from assistant.ui.backend import ALL, Backend
from assistant.ui.charts import FULL, X, Y, chart_of, write_table_csv
from assistant.types import Answer
from assistant.ui.render import answer_markdown, question_markdown, sources_html

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
#sources { max-height: 640px; overflow-y: auto !important; overflow-x: hidden !important; }
.src-card { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 10px 12px;
            margin-bottom: 10px; background: var(--block-background-fill); overflow-wrap: anywhere; }
.src-head { font-weight: 600; }
.src-id { color: var(--color-accent); margin-right: 4px; }
.src-where { font-size: 13px; margin: 2px 0 6px; }
.src-quote { margin: 0; padding: 6px 10px; border-left: 3px solid var(--color-accent);
             background: var(--background-fill-secondary); font-size: 14px; white-space: pre-wrap; }
.src-table-wrap { max-width: 100%; overflow-x: auto; margin: 4px 0 6px; }
.src-table { border-collapse: collapse; font-size: 13px; width: auto; }
.src-table th, .src-table td { border: 1px solid var(--border-color-primary); padding: 3px 6px;
                                text-align: center; vertical-align: middle; }
.src-table th { background: var(--background-fill-secondary); font-weight: 500; min-width: 2.5em; }
.src-table td { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.src-table td.src-cited mark { background: #fde68a; color: inherit; font-weight: 700; padding: 0 2px; }
.src-verbatim summary { cursor: pointer; font-size: 13px; color: var(--body-text-color-subdued); }
.src-loc { font-size: 12px; margin: 4px 0; }
.src-sub { font-weight: 600; margin: 6px 0 4px; }
.src-figs ul { margin: 0; padding-left: 18px; }
.fig-ok { color: #15803d; font-weight: 600; }
.fig-no { color: #b45309; font-weight: 600; }
.fig-basis { font-size: 12px; color: var(--body-text-color-subdued); }
.src-empty { color: var(--body-text-color-subdued); padding: 8px 0; }
#staff-note p { font-size: 13px; color: var(--body-text-color-subdued); }
/* a phone (390 px): one column, nothing wider than the screen; wide tables scroll inside their box */
@media (max-width: 640px) {
  .gradio-container { padding-left: 6px !important; padding-right: 6px !important; }
  #chat { height: 60vh !important; }
  #sources { max-height: none; overflow-y: visible !important; }
  .example { flex: 1 1 45% !important; min-width: 0 !important; }
  #filters > div { min-width: 100% !important; }
}
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

CSV_DIR = Path(tempfile.mkdtemp(prefix="answer_tables_"))
HIDDEN = gr.update(visible=False)


def chart_updates(answer) -> tuple:
    """(bar plot, line plot, CSV button) updates drawing an answer's table."""
    chart = chart_of(answer)
    if chart is None:
        return HIDDEN, HIDDEN, HIDDEN
    shown = gr.update(value=chart.data, visible=True, sort=chart.order, y_title=chart.y_title,
                      x_title="年度" if chart.kind == "line" else "部门（悬停看全称）", title=chart.title)
    csv_file = str(write_table_csv(answer, CSV_DIR))
    csv_button = gr.update(value=csv_file, visible=True)
    return (HIDDEN, shown, csv_button) if chart.kind == "line" else (shown, HIDDEN, csv_button)


# Gradio rebuilds a component's whole config (its API schema included) for every update sent to it,
# which costs more than an answer. So an answer sends the chart no update at all: it sets the
# visitor's `chart` state to what the chart needs (chart_payload, "" for none); only a change of
# it shows or hides the chart box (one cheap layout update), and only a new table redraws the plots.
def chart_payload(answer) -> str:
    """What the chart needs of an answer, as text ("" when the answer draws none)."""
    if chart_of(answer) is None:
        return ""
    cites = [c.model_copy(update={"row": None, "quote": "", "locator": ""}) for c in answer.citations]
    return Answer(question=answer.question, status=answer.status, answer="", table=answer.table,
                  citations=cites).model_dump_json()


def toggle_chart(payload: str) -> tuple:
    """(chart box, drawn state): the box shows when the answer has a table; the plots keep the last
    table drawn, so the same table again needs no redraw."""
    return gr.update(visible=bool(payload)), (payload or gr.skip())


def draw_chart(payload: str) -> tuple:
    return chart_updates(Answer.model_validate_json(payload)) if payload else (gr.skip(),) * 3


def build_public(backend: Backend, access: StaffAccess) -> gr.Blocks:
    departments, years, kinds = backend.choices()

    def ask(question: str, history: list, turn, department: str, year: str, kind: str):
        q = (question or "").strip()
        if not q:
            return gr.skip()
        # the visitor's own conversation: a question is a follow-up of the last one (cleared chat: none)
        answer, turn = backend.ask_turn(q, department, year, kind, turn if history else None)
        history = [*history, {"role": "user", "content": question_markdown(q)},
                   {"role": "assistant", "content": answer_markdown(answer)}]
        return "", history, sources_html(answer), turn, chart_payload(answer)

    def refresh_filters(department: str, year: str, kind: str):
        d, y, k = backend.choices()
        return (gr.update(choices=d, value=department if department in d else ALL),
                gr.update(choices=y, value=year if year in y else ALL),
                gr.update(choices=k, value=kind if kind in k else ALL))

    with gr.Blocks(title="部门预算问答") as demo:
        gr.Markdown("# 部门预算 / 决算问答")
        gr.Markdown(INTRO, elem_id="intro")
        with gr.Row(elem_id="filters"):
            department = gr.Dropdown(departments, value=ALL, label="部门", scale=3, elem_id="dept")
            year = gr.Dropdown(years, value=ALL, label="年度", scale=1, elem_id="year")
            kind = gr.Dropdown(kinds, value=ALL, label="类型（预算/决算）", scale=1, elem_id="kind")
        filters = [department, year, kind]
        with gr.Row(equal_height=False):
            with gr.Column(scale=3, min_width=300):
                chat = gr.Chatbot(
                    label="对话", height=420, elem_id="chat", latex_delimiters=[], sanitize_html=True,
                    allow_tags=False, feedback_options=None, buttons=["copy"], autoscroll=False,
                    placeholder="在下面输入问题，或点一个示例问题。",
                )
                # an answer over several departments (bars) or years (a line): each point names its
                # value and citation; the same table downloads as CSV
                with gr.Column(visible=False, elem_id="chart-box") as chart_box:
                    bar = gr.BarPlot(x=X, y=Y, visible=False, elem_id="chart-bar", y_lim=[0, None],
                                     tooltip=[FULL, "引用"], x_label_angle=-35, height=360)
                    line = gr.LinePlot(x=X, y=Y, visible=False, elem_id="chart-line", tooltip=[FULL, "引用"],
                                       y_lim=[0, None], x_label_angle=-35, height=320)
                    csv_button = gr.DownloadButton("下载表格（CSV）", visible=False, size="sm", elem_id="table-csv")
                with gr.Row():
                    question = gr.Textbox(placeholder="例如：三公经费是多少？", show_label=False,
                                          scale=5, min_width=180, elem_id="question", max_length=500, autofocus=True)
                    send = gr.Button("提问", variant="primary", scale=1, min_width=64, elem_id="ask")
                gr.Markdown("示例问题（点击即问）：")
                with gr.Row():
                    example_buttons = [gr.Button(q, size="sm", min_width=120, elem_classes=["example"])
                                       for q in EXAMPLES]
            with gr.Column(scale=2, min_width=300):
                gr.Markdown("### 来源与核实（最近一次回答）")
                sources = gr.HTML(sources_html(None), elem_id="sources")
        gr.Markdown(access.notice(), elem_id="staff-note")
        turn = gr.State(None)  # the last question as understood, per visitor: the context of a follow-up
        chart = gr.State("")  # the last answer's table (chart_payload), per visitor
        drawn = gr.State("")  # the table the plots show
        chart.change(toggle_chart, chart, [chart_box, drawn], api_visibility="private", show_progress="hidden")
        drawn.change(draw_chart, drawn, [bar, line, csv_button], api_visibility="private", show_progress="hidden")
        outs = [question, chat, sources, turn, chart]
        send.click(ask, [question, chat, turn, *filters], outs, api_name="ask").then(js=SCROLL_TO_LAST_QUESTION)
        question.submit(ask, [question, chat, turn, *filters], outs, api_visibility="private").then(
            js=SCROLL_TO_LAST_QUESTION)
        for b, q in zip(example_buttons, EXAMPLES):
            b.click(lambda h, t, d, y, k, q=q: ask(q, h, t, d, y, k), [chat, turn, *filters], outs,
                    api_visibility="private").then(js=SCROLL_TO_LAST_QUESTION)
        demo.load(refresh_filters, filters, filters, api_visibility="private")
    return demo
