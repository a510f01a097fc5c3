"""What a citizen reads on the page, without a browser: a table fact's source card (the printed row
under its headers, cited cell marked), the basis line in Chinese, the chart and CSV of an answer's
table, and who may reach the staff tools. Rows and figures are those of the 万里街道 2025 filing
(p29, 2025年部门“三公”经费和机关运行经费预算表: 37.91 0 1.35 36.56 15 21.56 464.64 万元)."""

from __future__ import annotations

import csv
import io

import pytest

from assistant.types import Answer, Citation, Figure, PrintedRow, TableRow
from assistant.ui.access import LOCAL_USER, StaffAccess, StaffConfigError, read_accounts
from assistant.ui.charts import chart_of, short_names, table_csv
from assistant.ui.render import basis_zh, header_grid, source_card, sources_html

SANGONG_COLUMNS = ["“三公”经费预算数 › 合计", "“三公”经费预算数 › 因公出国(境)费", "“三公”经费预算数 › 公务接待费",
                   "“三公”经费预算数 › 公务用车购置及运行费 › 小计", "“三公”经费预算数 › 公务用车购置及运行费 › 购置费",
                   "“三公”经费预算数 › 公务用车购置及运行费 › 运行费", "机关运行经费预算数"]
WANLI = "上海市普陀区人民政府万里街道办事处2025年部门预算"
ROW = PrintedRow(table="2025年部门“三公”经费和机关运行经费预算表", unit="万元", columns=SANGONG_COLUMNS,
                 cells=["37.91", "0", "1.35", "36.56", "15", "21.56", "464.64"], cited=[0])
TABLE_CITE = Citation(id=1, doc=WANLI, page=29, locator="2025年部门“三公”经费和机关运行经费预算表 › “三公”经费预算数 › 合计",
                      quote="37.91 0 1.35 36.56 15 21.56 464.64", row=ROW)
PROSE_CITE = Citation(id=2, doc=WANLI, page=30, locator="其他相关情况说明 › 一、2025年“三公”经费预算情况说明",
                      quote="2025年“三公”经费预算数为37.91万元，比2024年预算减少10万元。")
CITES = {1: TABLE_CITE, 2: PROSE_CITE}


def test_merged_headers_become_spans():
    assert header_grid(SANGONG_COLUMNS) == [
        [("“三公”经费预算数", 6, 1), ("机关运行经费预算数", 1, 3)],
        [("合计", 1, 2), ("因公出国(境)费", 1, 2), ("公务接待费", 1, 2), ("公务用车购置及运行费", 3, 1)],
        [("小计", 1, 1), ("购置费", 1, 1), ("运行费", 1, 1)],
    ]


def test_table_source_card_shows_the_row_under_its_headers():
    card = source_card(TABLE_CITE)
    assert ('<div class="src-where">第29页 · 2025年部门“三公”经费和机关运行经费预算表 · 单位：万元</div>') in card
    assert ('<thead><tr><th colspan="6">“三公”经费预算数</th><th rowspan="3">机关运行经费预算数</th></tr>'
            '<tr><th rowspan="2">合计</th><th rowspan="2">因公出国(境)费</th><th rowspan="2">公务接待费</th>'
            '<th colspan="3">公务用车购置及运行费</th></tr><tr><th>小计</th><th>购置费</th><th>运行费</th></tr></thead>') in card
    assert ('<tbody><tr><td class="src-cited"><mark>37.91</mark></td><td>0</td><td>1.35</td><td>36.56</td>'
            '<td>15</td><td>21.56</td><td>464.64</td></tr></tbody>') in card
    # the verbatim row and the full locator stay one click away
    assert ('<details class="src-verbatim"><summary>原文（逐字）与位置</summary>'
            '<div class="src-loc">2025年部门“三公”经费和机关运行经费预算表 › “三公”经费预算数 › 合计</div>'
            '<blockquote class="src-quote">37.91 0 1.35 36.56 15 21.56 464.64</blockquote></details>') in card


def test_a_labelled_row_and_an_empty_cell():
    row = PrintedRow(table="公开06表：财政拨款基本支出预算表", unit="万元", label="302 商品和服务支出",
                     columns=["金额", "上年 › 金额"], cells=["2,391.92", ""], cited=[0, 1])
    card = source_card(Citation(id=3, doc="江苏省人民检察院2019年部门预算", page=12, locator="x", quote="302 商品和服务支出 2,391.92",
                                row=row))
    assert ('<thead><tr><th rowspan="2">项目</th><th rowspan="2">金额</th><th>上年</th></tr><tr><th>金额</th></tr></thead>'
            '<tbody><tr><th>302 商品和服务支出</th><td class="src-cited"><mark>2,391.92</mark></td>'
            '<td class="src-cited"><mark>空（按0计）</mark></td></tr></tbody>') in card


def test_a_passage_source_card_quotes_it():
    assert source_card(PROSE_CITE) == (
        f'<div class="src-card"><div class="src-head"><span class="src-id">[2]</span> {WANLI}</div>'
        '<div class="src-where">第30页 · 其他相关情况说明 › 一、2025年“三公”经费预算情况说明</div>'
        '<blockquote class="src-quote">2025年“三公”经费预算数为37.91万元，比2024年预算减少10万元。</blockquote></div>')


@pytest.mark.parametrize("basis, chinese", [
    ("fact: 三公经费 2025 预算数 = 37.91 万元 (citation 1)",
     "依据：[1] 2025年部门“三公”经费和机关运行经费预算表 三公经费 2025年预算数 37.91万元"),
    ("fact: 三公经费 2025 增减额 = -10 万元 (citation 2)", "依据：[2] 第30页 三公经费 2025年增减额 -10万元"),
    ("fact: 三公经费 2024 预算数 = 47.91 万元 (上海市普陀区人民政府万里街道办事处2024年部门预算 第31页)",
     "依据：上海市普陀区人民政府万里街道办事处2024年部门预算 第31页 三公经费 2024年预算数 47.91万元"),
    ("computed: 10.00 / 47.91 × 100 = 20.87% (增减率 = 增减额 / 上年数) from citations 1,2",
     "依据：由 [1][2] 计算，10.00 / 47.91 × 100 = 20.87%（增减率 = 增减额 / 上年数）"),
    ("computed: 37.91 + 2.5 = 40.41 万元 from the filings", "依据：由 文件数据 计算，37.91 + 2.5 = 40.41 万元"),
    ("not what was asked: a count was asked, this is money; fact: 三公经费 2025 预算数 = 37.91 万元 (citation 1)",
     "未标✓：问的是数量，这是金额。依据：[1] 2025年部门“三公”经费和机关运行经费预算表 三公经费 2025年预算数 37.91万元"),
    ("unverified: 没有找到 三公经费 2023 的结构化数据", "未核实：没有找到 三公经费 2023 的结构化数据"),
    ("fact: 三公经费 2025 预算数 = 37.91 万元 (citation 1); replaced the model's 37.9万元",
     "依据：[1] 2025年部门“三公”经费和机关运行经费预算表 三公经费 2025年预算数 37.91万元（已替换为文件数字，原写作 37.9万元）"),
])
def test_basis_reads_in_chinese(basis, chinese):
    assert basis_zh(Figure(text="x", value=0, unit="元", verified=True, basis=basis), CITES) == chinese


def test_sources_panel_shows_the_chinese_basis_not_the_contract_form():
    answer = Answer(question="q", status="answered", answer="37.91万元 [1]", citations=[TABLE_CITE],
                    figures=[Figure(text="37.91万元", value=379100, unit="元", verified=True,
                                    basis="fact: 三公经费 2025 预算数 = 37.91 万元 (citation 1)")])
    html = sources_html(answer)
    assert ('<div class="fig-basis">依据：[1] 2025年部门“三公”经费和机关运行经费预算表 三公经费 2025年预算数 37.91万元</div>'
            in html)
    assert "fact:" not in html and "citation 1" not in html


RANKING = Answer(
    question="三公经费排名", status="answered", answer="…",
    citations=[Citation(id=1, doc="上海市普陀区人民政府办公室2025年部门预算", page=20, locator="", quote=""),
               Citation(id=2, doc=WANLI, page=29, locator="", quote=""),
               Citation(id=3, doc="东西湖区城市运行管理中心2025年部门预算", page=30, locator="", quote="")],
    table=[TableRow(label="上海市普陀区人民政府办公室", value=8675000.0, unit="元", text="867.5万元", citations=[1]),
           TableRow(label="上海市普陀区人民政府万里街道办事处", value=379100.0, unit="元", text="37.91万元", citations=[2]),
           TableRow(label="东西湖区城市运行管理中心", value=25000.0, unit="元", text="2.5万元", citations=[3])],
)


def test_departments_are_bars_labelled_with_value_and_citation():
    chart = chart_of(RANKING)
    assert chart.kind == "bar" and chart.y_title == "金额（万元）"
    assert chart.order == ["867.5万元 [1] 人民政府办公室", "37.91万元 [2] 人民政府万里街道办事处",
                           "2.5万元 [3] 东西湖区城市运行管理中心"]
    assert chart.data["数值"].tolist() == [867.5, 37.91, 2.5]
    assert chart.data["名称"].tolist()[0] == "上海市普陀区人民政府办公室"  # in full, in the tooltip


def test_years_are_a_line_oldest_first():
    rows = [TableRow(label=f"{y}年", value=v, unit="元", text=t, citations=[n])
            for y, v, t, n in ((2025, 379100.0, "37.91万元", 1), (2023, 479100.0, "47.91万元", 3),
                               (2024, 479100.0, "47.91万元", 2))]
    chart = chart_of(Answer(question="q", status="answered", answer="…", table=rows))
    assert chart.kind == "line"
    assert chart.order == ["2023年 47.91万元 [3]", "2024年 47.91万元 [2]", "2025年 37.91万元 [1]"]
    assert chart_of(Answer(question="q", status="answered", answer="…", table=rows[:1])) is None
    same_year = [rows[0], rows[0].model_copy(update={"label": "2025年决算"})]
    assert chart_of(Answer(question="q", status="answered", answer="…", table=same_year)).kind == "bar"
    assert chart_of(Answer(question="q", status="not_found", answer="…", table=rows)) is None


def test_short_names_drop_only_a_shared_place():
    assert short_names(["上海市财政局", "上海市普陀区财政局", "上海市普陀区商务委员会", "东西湖区城市运行管理中心"]) == [
        "上海市财政局", "普陀区财政局", "商务委员会", "东西湖区城市运行管理中心"]


def test_table_csv():
    rows = list(csv.reader(io.StringIO(table_csv(RANKING))))
    assert rows[0] == ["序号", "项目", "数值", "单位", "回答中的写法", "引用", "来源（文件 页码）"]
    assert rows[1] == ["1", "上海市普陀区人民政府办公室", "8675000", "元", "867.5万元", "[1]",
                       "[1] 上海市普陀区人民政府办公室2025年部门预算 第20页"]
    assert rows[2][2] == "379100" and rows[3][2] == "25000"


def test_staff_accounts_come_only_from_the_environment(tmp_path):
    assert read_accounts({}) == {}
    assert read_accounts({"ASSISTANT_STAFF_USERS": "ann:s3cret, bo:pw:with:colons"}) == {
        "ann": "s3cret", "bo": "pw:with:colons"}
    f = tmp_path / "staff.txt"
    f.write_text("# staff\ncai:abc\n", encoding="utf-8")
    assert read_accounts({"ASSISTANT_STAFF_FILE": str(f)}) == {"cai": "abc"}
    with pytest.raises(StaffConfigError, match="name:password"):
        read_accounts({"ASSISTANT_STAFF_USERS": "nopassword"})
    with pytest.raises(StaffConfigError, match="cannot read"):
        read_accounts({"ASSISTANT_STAFF_FILE": str(tmp_path / "missing.txt")})


def test_staff_tools_without_accounts_only_on_loopback():
    assert StaffAccess.decide("127.0.0.1", {}).mode == "local"
    assert StaffAccess.decide("localhost", {}).mode == "local"
    assert StaffAccess.decide("::1", {}).mode == "local"
    off = StaffAccess.decide("0.0.0.0", {})
    assert off.mode == "off" and not off.served and "工作人员工具未开启" in off.notice()
    login = StaffAccess.decide("0.0.0.0", {"ann": "s3cret"})
    assert login.mode == "login" and login.check("ann", "s3cret")
    assert not login.check("ann", "wrong") and not login.check("bo", "s3cret") and not login.check("", "")
    assert login.user("ann") == "ann" and StaffAccess.decide("127.0.0.1", {}).user(None) == LOCAL_USER
