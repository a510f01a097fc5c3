"""Chunks follow the filing's structure and describe themselves (figures read off the pages by eye)."""

from __future__ import annotations

import re

from assistant.chunking import column_paths, make_chunks


def _chunks(filing_of, key):
    return make_chunks(filing_of(key), [])


def test_every_table_chunk_carries_filing_title_and_unit(filing_of):
    for key in ("wanli2025", "jsjcy2019"):
        filing = filing_of(key)
        tables = [c for c in _chunks(filing_of, key) if c.chunk_type == "table"]
        assert len(tables) >= 9, key  # nine standard tables at least
        for c in tables:
            head = c.text.splitlines()
            assert head[0] == f"{filing.title}｜{filing.department}｜{filing.year}年｜{filing.kind}"
            assert re.search(r"单位：(元|万元)", head[1]), c.text[:200]
            assert head[2].startswith("表：") and len(head[2]) > 4, c.text[:200]
            assert f"第{c.page_start}" in head[1]


def test_sangong_table_reads_as_column_value_pairs(filing_of):
    # wanli 2025, page 29: 2025年部门“三公”经费和机关运行经费预算表, 单位:万元, 合计 37.91, 公务接待费 1.35, 购置费 15
    [c] = [c for c in _chunks(filing_of, "wanli2025") if "三公" in c.locator and c.chunk_type == "table"]
    assert c.page_start == c.page_end == 29
    assert "2025年部门“三公”经费和机关运行经费预算表" in c.locator
    assert "单位：万元" in c.text
    assert "“三公”经费预算数 › 合计：37.91" in c.text
    assert "“三公”经费预算数 › 公务接待费：1.35" in c.text
    assert "“三公”经费预算数 › 公务用车购置及运行费 › 购置费：15" in c.text
    assert "机关运行经费预算数：464.64" in c.text


def test_merged_header_cells_become_column_paths():
    header = [["本年收入", None, "本年支出", None], ["项目", "预算数", "项目", "预算数"]]
    assert column_paths(header) == ["本年收入 › 项目", "本年收入 › 预算数", "本年支出 › 项目", "本年支出 › 预算数"]
    # a vertical merge (机关运行经费, spanning three header rows) does not borrow its left neighbour's name
    header = [["“三公”经费", None, None, "机关运行经费"], ["合计", "公务用车", None, None], [None, "小计", "购置费", None]]
    assert column_paths(header) == ["“三公”经费 › 合计", "“三公”经费 › 公务用车 › 小计",
                                    "“三公”经费 › 公务用车 › 购置费", "机关运行经费"]


def test_a_table_running_onto_the_next_page_keeps_title_header_and_unit(filing_of):
    # wanli 2025: 收入预算总表 starts on page 10; page 11 opens with "204 公共安全支出 2,878,025" and no header
    [c] = [c for c in _chunks(filing_of, "wanli2025")
           if "204 | 06 | 07 | 公共法律服务 | 300,000" in c.text and "收入预算总表" in c.locator]
    assert "2025年部门收入预算总表" in c.text.splitlines()[2]
    assert "单位：元" in c.text
    assert "列：项目 › 功能分类科目编码 › 类" in c.text
    assert c.page_start <= 11 <= c.page_end


def test_rows_are_grouped_at_a_readable_size(filing_of):
    for c in _chunks(filing_of, "wanli2025"):
        body = c.text.split("\n", 2)[2]
        assert len(body) < 1400, (c.locator, len(body))


def test_glossary_entry_is_one_chunk(filing_of):
    # wanli 2025, page 5: （七）“三公”经费：是与区级财政有经费领拨关系的部门… (a whole entry, wrapped over 6 lines)
    [c] = [c for c in _chunks(filing_of, "wanli2025") if c.chunk_type == "glossary" and "（七）“三公”经费" in c.text]
    assert c.page_start == 5
    assert "公务用车燃料费、维修费、过路过桥费、保险费等支出。" in c.text
    assert "（八）" not in c.text


def test_flattened_text_filing_section_with_locator(filing_of):
    # seed filing, page 30: 七、一般公共预算“三公”经费支出安排情况 … “三公”经费支出 2.5万元
    chunks = _chunks(filing_of, "seed")
    [c] = [c for c in chunks if "七、一般公共预算“三公”经费支出安排情况" in c.locator]
    assert c.chunk_type == "section" and c.page_start == 30
    assert "2025年一般公共预算“三公”经费支出 2.5万元" in c.text
    assert c.locator.startswith("第四部分")


def test_seed_project_sheets_are_cut_per_project(filing_of):
    # seed filing, 表12 (pages 11–26): one sheet per project, each starting at 项目名称
    projects = [c for c in _chunks(filing_of, "seed") if c.chunk_type == "project"]
    firsts = [c for c in projects if "\n项目名称 " in c.text]
    names = {re.search(r"\n项目名称 (\S+)", c.text).group(1) for c in firsts}
    assert {"党建", "履职工作经费", "编外辅助用工", "信息化建设项目"} <= names
    for c in firsts:
        assert "单位：万元" in c.text and "绩效目标" in c.locator


def test_chunk_ids_are_stable(filing_of):
    a, b = _chunks(filing_of, "jsjcy2018"), _chunks(filing_of, "jsjcy2018")
    doc_id = filing_of("jsjcy2018").doc_id
    assert [c.chunk_id for c in a] == [c.chunk_id for c in b]
    assert [c.text for c in a] == [c.text for c in b]
    assert all(c.chunk_id.startswith(doc_id + ":") for c in a)
    assert len({c.chunk_id for c in a}) == len(a)


def test_no_chunk_is_only_a_heading(filing_of):
    # seed p28 "五、一般公共预算支出安排情况" stands alone above its （一）; p32 "第四部分 名词解释" above entries
    for key in ("seed", "wanli2025", "jsjcy2019"):
        for c in _chunks(filing_of, key):
            body = c.text.split("\n", 2)[-1]
            assert len(re.sub(r"\s", "", body)) >= 12, (key, c.page_start, c.text)


def test_a_chunk_over_two_pages_marks_where_the_next_page_starts(filing_of):
    # seed: (四)国有资产占有使用情况 is printed at the foot of p31, its text ("截至 2024年 12月 31日，
    # 占有使用国有资产 485.73万元") on p32: the chunk says where p32 begins, before the figure
    chunks = _chunks(filing_of, "seed")
    [c] = [c for c in chunks if "占有使用国有资产 485.73万元" in c.text]
    assert (c.page_start, c.page_end) == (31, 32)
    assert c.text.index("〔第32页〕") < c.text.index("485.73万元")
    assert all(c.text.count("〔第") == 0 for c in chunks if c.page_start == c.page_end)
