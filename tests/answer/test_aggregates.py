"""Totals, averages, comparisons and trends across filings (issue 12, item 2), over the real corpus.

Figures read off the filings' own tables (page of each in the comment beside it):
- 江苏省人民检察院 部门预算 三公经费: 2017 584.35万元 (p16 表十一), 2018 484.30万元 (p19 公开09表),
  2019 418.26万元 (p20 公开09表); 江苏省高级人民法院 2019 513.75万元 (p14 公开09表).
- 上海市普陀区人民政府万里街道办事处 部门预算: 机关运行经费 2023 786.09万元 (p28), 2025 464.64万元 (p29);
  公务接待费 1.35万元 in each of 2023 (p28), 2024 (p31), 2025 (p29); 收入总计 2023 164,978,640元 (p10),
  2024 156,211,123元 (p10), 2025 189,767,551元 (p9).
- 2025 部门预算 机关运行经费: 万里街道 464.64, 区府办 213.28, 商务委 171.01, 普陀区财政局 229.43,
  东西湖区城运中心 54 (万元); 商务委 also files a 2025 单位预算 (its own unit, inside the 部门预算).
- 2024 部门决算 机关运行经费: 普陀区财政局 184.65万元 (p24 说明), 规划和自然资源局 142.80万元 (p27 说明);
  普陀区财政局 holds a 2025 部门预算 (229.43万元) and a 2024 部门决算, nothing else.
"""

from __future__ import annotations

import pytest

JCY = "江苏省人民检察院"
WANLI = "上海市普陀区人民政府万里街道办事处"


@pytest.fixture(scope="module")
def engine(corpus_index):
    from assistant.answer.engine import Engine

    return Engine(corpus_index)


def _all_verified(a) -> bool:
    return bool(a.figures) and all(f.verified for f in a.figures)


def test_a_trend_states_the_series_in_year_order_and_its_direction(engine):
    a = engine.ask("江苏省人民检察院三公经费历年走势如何")
    assert a.status == "answered"
    assert a.answer.startswith(f"{JCY}各年部门预算中的三公经费：2017年584.35万元 [1]，2018年484.3万元 [2]，"
                               "2019年418.26万元 [3]。")
    assert "总体逐年减少：2018年比2017年减少100.05万元" in a.answer and "2019年比2018年减少66.04万元" in a.answer
    assert "2019年与2017年相比，减少166.09万元" in a.answer
    assert [(r.label, r.value, r.citations) for r in a.table] == [
        ("2017年", 5843500.0, [1]), ("2018年", 4843000.0, [2]), ("2019年", 4182600.0, [3])]
    assert [c.page for c in a.citations] == [16, 19, 20]
    assert _all_verified(a)


def test_a_trend_of_yuan_figures_reads_them_with_separators_and_in_wan(engine):
    a = engine.ask("万里街道这些年的收支总预算有什么变化")
    assert a.status == "answered"
    assert ("2023年164,978,640元（约16,497.86万元） [1]，2024年156,211,123元（约15,621.11万元） [2]，"
            "2025年189,767,551元（约18,976.76万元） [3]") in a.answer
    assert "总体先减后增：2024年比2023年减少8,767,517元（约876.75万元）" in a.answer
    assert [r.value for r in a.table] == [164978640.0, 156211123.0, 189767551.0]
    # the JSON value of every figure, the 万元 readings included, is exact in 元
    readings = [f for f in a.figures if f.text.endswith("万元")]
    assert [f.value for f in readings[:3]] == [164978640.0, 156211123.0, 189767551.0]
    assert _all_verified(a)


def test_a_total_over_years_counts_equal_years_apart(engine):
    a = engine.ask("万里街道2023年至2025年公务接待费预算总共多少")
    assert a.status == "answered"
    assert a.answer.startswith(f"{WANLI}部门预算中的公务接待费，下列各年度合计4.05万元 [1][2][3]：")
    assert [r.label for r in a.table] == ["2023年", "2024年", "2025年"]
    assert a.figures[0].basis == "computed: 1.35 + 1.35 + 1.35 = 4.05 万元 from citations 1,2,3"
    assert _all_verified(a)


def test_an_average_over_years_is_rounded_and_recomputed(engine):
    a = engine.ask("江苏省人民检察院2017到2019年三公经费年均多少")
    # (584.35 + 484.30 + 418.26) / 3 = 495.6366…万元
    assert "下列各年度合计1486.91万元，平均每年约495.64万元 [1][2][3]" in a.answer
    mean = next(f for f in a.figures if f.text == "495.64万元")
    assert mean.verified and mean.basis.startswith("computed: (584.35 + 484.30 + 418.26) / 3")
    assert _all_verified(a)


def test_a_total_over_years_with_a_year_not_held_adds_nothing(engine):
    a = engine.ask("江苏省人民检察院2016到2018年三公经费合计")
    assert a.status == "not_found" and not a.figures
    assert "2016年" in a.answer and "已有的是2017年、2018年" in a.answer


def test_an_average_across_departments_names_the_year_kind_and_who_is_left_out(engine):
    a = engine.ask("2025年各部门的机关运行经费平均是多少")
    assert a.answer.startswith("2025年部门预算中，下列各部门的机关运行经费合计1132.36万元，平均每个部门约226.47万元")
    assert [r.value for r in a.table] == [4646400.0, 2132800.0, 1710100.0, 2294300.0, 540000.0]
    # a department's own 单位预算 is inside its 部门预算: never added beside it
    assert "上海市普陀区商务委员会2025年单位预算（已含在其部门预算中）" in a.answer
    assert "上海市财政局（没有2025年部门预算）" in a.answer
    assert _all_verified(a)


def test_several_departments_taken_together_are_no_count_asked(engine):
    a = engine.ask("这几个部门2025年三公经费一共多少")
    # 37.91 + 867.50 + 1.00 + 0.95 + 2.5
    assert a.answer.startswith("2025年部门预算中，下列各部门的三公经费合计909.86万元")
    assert _all_verified(a)


def test_named_departments_compared_result_first_then_the_table(engine):
    a = engine.ask("江苏省高级人民法院与江苏省人民检察院2019年的三公经费比一比")
    assert a.answer.startswith(f"2019年部门预算中，江苏省高级人民法院的三公经费比{JCY}多出95.49万元 [1][2]：")
    assert [(r.label, r.text) for r in a.table] == [("江苏省高级人民法院", "513.75万元"), (JCY, "418.26万元")]
    assert [c.page for c in a.citations] == [14, 20]
    assert _all_verified(a)


def test_two_years_of_one_department_compared(engine):
    a = engine.ask("万里街道2023年和2025年的机关运行经费对比")
    assert a.answer.startswith(f"{WANLI}部门预算中的机关运行经费，2025年比2023年减少321.45万元 [1][2]。")
    assert [(r.label, r.value) for r in a.table] == [("2023年", 7860900.0), ("2025年", 4646400.0)]
    assert _all_verified(a)


def test_outturns_of_two_departments_are_added_as_outturns(engine):
    a = engine.ask("普陀区财政局和规划资源局2024年机关运行经费合计")
    assert a.answer.startswith("2024年部门决算中，下列各部门的机关运行经费合计327.45万元 [1][2]")
    assert _all_verified(a)


def test_a_budget_and_an_outturn_are_never_added(engine):
    a = engine.ask("上海市普陀区财政局和上海市普陀区社会福利院2024年机关运行经费一共多少")
    assert "预算数与决算数口径不同，不相加" in a.answer
    assert [f.text for f in a.figures] == ["184.65万元", "0万元"]  # each figure, no sum


def test_years_held_as_a_budget_here_and_an_outturn_there_are_no_trend(engine):
    a = engine.ask("普陀区财政局这些年机关运行经费怎么变")
    assert "2024年部门决算机关运行经费为184.65万元" in a.answer
    assert "2025年部门预算机关运行经费为229.43万元" in a.answer
    assert "比2024年" not in a.answer and "口径不同" in a.answer
    assert [r.label for r in a.table] == ["2024年（部门决算）", "2025年（部门预算）"]
    assert _all_verified(a)


@pytest.fixture()
def with_an_outturn(tmp_path):
    """The mini index's 万里街道 2023–2025 部门预算 (三公 22.91, 47.91, 37.91万元) and a 2024 部门决算 made
    up for this test (三公经费 决算数 41.2万元): one year held both as a budget and as an outturn."""
    from assistant.answer.engine import Engine
    from assistant.index import Index
    from assistant.settings import get_settings
    from assistant.types import Filing

    import importlib.util
    from pathlib import Path

    # this folder's conftest by its path: another test folder's conftest may hold the name "conftest"
    spec = importlib.util.spec_from_file_location("answer_conftest", Path(__file__).with_name("conftest.py"))
    kit = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(kit)
    WANLI_FILINGS, fact, wanli_facts = kit.WANLI, kit.fact, kit.wanli_facts

    index = Index(tmp_path, get_settings(index_dir=tmp_path))
    outturn = Filing(doc_id="wanli2024js", path="wanli2024js.pdf", title=f"{WANLI}2024年度部门决算",
                     department=WANLI, year=2024, kind="决算")
    spent = fact(outturn, "三公经费", "决算数", "41.2", source="table", page=20, table="“三公”经费支出决算表",
                 column="决算数 › 合计", locator="“三公”经费支出决算表", quote="41.2")
    by_doc: dict[str, list] = {}
    for f in [*wanli_facts(), spent]:
        by_doc.setdefault(f.doc_id, []).append(f)
    for filing in [*WANLI_FILINGS.values(), outturn]:
        index.facts.write_filing(filing, by_doc[filing.doc_id], [])
        index.facts.mark_complete(filing.doc_id)
    return Engine(index)


def test_a_year_held_as_budget_and_outturn_is_not_mixed_into_the_trend(with_an_outturn):
    a = with_an_outturn.ask("万里街道三公经费的变化趋势")
    assert a.answer.startswith(f"{WANLI}各年部门预算中的三公经费：2023年22.91万元 [1]，2024年47.91万元 [2]，"
                               "2025年37.91万元 [3]。")
    assert "41.2" not in a.answer and "2024年另有决算，预算与决算不混在一起" in a.answer
    assert _all_verified(a)
    spent = with_an_outturn.ask("万里街道2024年三公经费决算是多少")
    assert "41.2万元" in spent.answer and spent.table is None


# --- departments said by a count or joined by 与, levels asked, years said short -------------------
# 2024 部门决算 公用经费: 规划和自然资源局 480.66万元 (p16), 普陀区财政局 184.65万元, 社工部 10.23万元;
# 2025 部门预算 机关运行经费: 区府办 213.28万元 (p20), 商务委 171.01万元 (p21); 2018 部门预算 会议费:
# 江苏省高级人民法院 271.26万元 (p14), 江苏省人民检察院 200.44万元 (p19); 江苏省人民检察院 会议费 2017
# 168万元 (p16), 2019 158.44万元 (p20); 培训费 700万元 each year 2017–2019; 2019 车辆: 江苏省高级人民法院
# 66辆 (p25), 江苏省人民检察院 55辆 (p32); 2025 单位预算 三公经费: 上海市财政局 346.30万元 (p20), 商务委 1万元.

def test_a_counted_group_of_outturns_is_added_up(engine):
    a = engine.ask("这三家2024年决算单位的公用经费一共多少")
    assert a.answer.startswith("2024年部门决算中，下列各部门的公用经费合计675.54万元 [1][2][3]")
    assert [r.value for r in a.table] == [4806600.0, 1846500.0, 102300.0]
    assert _all_verified(a)


def test_two_short_names_joined_are_added_up(engine):
    a = engine.ask("商务委与区府办2025年机关运行经费一共多少")
    assert a.answer.startswith("2025年部门预算中，下列各部门的机关运行经费合计384.29万元")
    assert _all_verified(a)


def test_the_level_asked_chooses_the_filings_compared(engine):
    a = engine.ask("单位预算当中，上海市财政局跟商务委2025年的三公经费比一比")
    assert a.answer.startswith("2025年单位预算中，上海市财政局的三公经费比上海市普陀区商务委员会多出345.3万元")
    assert [c.doc for c in a.citations] == ["上海市财政局2025年单位预算", "上海市普陀区商务委员会2025年单位预算"]
    assert _all_verified(a)


def test_a_gap_between_departments_not_named(engine):
    a = engine.ask("2018年两家单位的会议费差距多大")
    assert a.answer.startswith("2018年部门预算中，江苏省高级人民法院的会议费比江苏省人民检察院多出70.82万元")
    assert _all_verified(a)


def test_counts_are_compared_in_words(engine):
    a = engine.ask("2019年两家单位谁的车多")
    assert a.answer.startswith("2019年部门预算中，江苏省高级人民法院的车辆多于江苏省人民检察院")
    assert [(r.text, r.unit) for r in a.table] == [("66辆", "辆"), ("55辆", "辆")]
    assert _all_verified(a)


def test_which_year_is_said_first(engine):
    a = engine.ask("检察院17至19年哪一年会议费最低")
    assert a.answer.startswith(f"{JCY}部门预算中的会议费，2019年最少，为158.44万元 [3]。各年为：2017年168万元 [1]")
    assert _all_verified(a)


def test_a_bare_span_and_an_exact_average(engine):
    a = engine.ask("检察院三年间培训费年均多少")
    assert "下列各年度合计2100万元，平均每年700万元 [1][2][3]" in a.answer
    assert _all_verified(a)


def test_a_total_not_given_is_said_and_its_parts_carry_no_tick(engine):
    """商务委 holds no 2024 filing: the total of the two cannot be worked out from filings of one year."""
    a = engine.ask("2024年万里街道与商务委的机关运行经费总和")
    assert a.answer.startswith("未能算出所问的合计")
    assert a.figures and not any(f.verified for f in a.figures)
    assert all("a total over several filings was asked" in f.basis for f in a.figures)
