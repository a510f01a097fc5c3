"""The engine over a hand-written index (tests/answer/conftest.py): every figure below was read
off the filing by eye — seed p30 (三公 2.5万元, 比2024年减少1万元, 下降28.57%), seed p7/p19/p31
(项目 135 vs 131), wanli 三公 tables 2023 p28, 2024 p29, 2025 p29."""

from __future__ import annotations

from assistant.retrieval.filters import Filters


def figures_of(answer) -> set[str]:
    return {f.text for f in answer.figures}


def test_seed_sangong_with_change_and_citation(mini_engine):
    from tests.answer.conftest import SEED_SANGONG_QUOTE

    a = mini_engine.ask("东西湖区城运中心三公经费是多少？")
    assert a.status == "answered"
    assert "2.5万元" in a.answer and "比2024年减少1万元" in a.answer and "下降28.57%" in a.answer
    assert "东西湖区城市运行管理中心2025年" in a.answer and "[1]" in a.answer
    c = a.citations[0]
    assert (c.page, c.quote) == (30, SEED_SANGONG_QUOTE)
    assert "七、一般公共预算“三公”经费支出安排情况" in c.locator


def test_colloquial_car_question(mini_engine):
    a = mini_engine.ask("2025年万里街道的公车每年花费多少？")
    assert a.status == "answered"
    assert "公务用车购置及运行费" in a.answer and "36.56万元" in a.answer
    assert a.citations[0].page == 29 and "2025年部门“三公”经费" in a.citations[0].locator


def test_year_over_year_derived_across_filings(mini_engine):
    # 2025 37.91 − 2024 47.91 = −10万元; −10 / 47.91 = −20.87%
    a = mini_engine.ask("万里街道三公经费2025年比2024年增加多少")
    assert a.status == "answered"
    assert "37.91万元" in a.answer and "减少10万元" in a.answer and "下降20.87%" in a.answer
    assert {c.doc for c in a.citations} == {"上海市普陀区人民政府万里街道办事处2025年部门预算",
                                             "上海市普陀区人民政府万里街道办事处2024年部门预算"}


def test_previous_year_from_stated_change(mini_engine):
    # seed p30: 2.5万元, 比2024年减少1万元 → 2024年 3.5万元 (no 2024 filing of its own)
    a = mini_engine.ask("2024年东西湖城运中心的三公经费为多少")
    assert a.status == "answered"
    assert a.answer.startswith("东西湖区城市运行管理中心2024年三公经费预算为3.5万元")


def test_relative_year(mini_engine):
    a = mini_engine.ask("万里街道去年的三公经费是多少")
    assert "2024年部门预算三公经费预算为47.91万元" in a.answer
    b = mini_engine.ask("万里街道今年的三公经费比上年增加多少")
    assert "2025年部门预算三公经费预算为37.91万元" in b.answer and "减少10万元" in b.answer


def test_sum_of_parts(mini_engine):
    # 0 + 1.35 + 36.56 = 37.91 (wanli 2025 p29)
    a = mini_engine.ask("2025年万里街道因公出国、公务接待和公车加起来一共多少")
    assert a.status == "answered" and "合计预算为37.91万元" in a.answer
    assert "1.35万元" in a.answer and "36.56万元" in a.answer


def test_total_from_parts_when_total_not_stated(mini_index):
    from assistant.answer.engine import Engine

    # drop the 合计 column: 三公 must come from its three parts
    mini_index.facts.db.execute("DELETE FROM facts WHERE doc_id='wanli2025' AND subject='三公经费'")
    a = Engine(mini_index).ask("万里街道办事处2025年度三公经费为多少")
    assert "37.91万元" in a.answer and "相加得出" in a.answer


def test_not_found_other_year_department_and_undisclosed(mini_engine):
    for q in ("万里街道2021年三公经费是多少", "普陀区教育局三公经费是多少", "东西湖区城运中心会议费是多少"):
        a = mini_engine.ask(q)
        assert a.status == "not_found", q
        assert not a.figures or all(f.unit == "年" for f in a.figures), q


def test_conflict_names_every_value_and_source(mini_engine):
    a = mini_engine.ask("城运中心网上群众投诉平台项目预算是多少")
    assert a.status == "conflict"
    assert "135万元" in a.answer and "131万元" in a.answer
    assert {c.page for c in a.citations} == {7, 19, 31}


def test_glossary(mini_engine):
    a = mini_engine.ask("三公经费的含义是什么？")
    assert a.status == "answered"
    assert "因公出国(境)费、公务用车购置及运行维护费和公务接待费" in a.answer
    assert a.citations[0].page == 33


def test_multi_filing_list_newest_first(mini_engine):
    a = mini_engine.ask("三公经费是多少")
    lines = [ln for ln in a.answer.splitlines() if ln.startswith("- ")]
    assert [ln.split("年")[0] for ln in lines] == ["- 2025", "- 2025", "- 2024", "- 2023"]
    assert all("[" in ln for ln in lines)
    assert "37.91万元" in a.answer and "2.5万元" in a.answer and "47.91万元" in a.answer and "22.91万元" in a.answer


def test_filters_narrow_and_win(mini_engine):
    a = mini_engine.ask("三公经费是多少", Filters(department="万里街道", year=2023))
    assert a.status == "answered" and "22.91万元" in a.answer and "37.91" not in a.answer
    # the caller's year wins over the question's
    b = mini_engine.ask("2025年万里街道的三公经费有多少", Filters(year=2024))
    assert "47.91万元" in b.answer
    c = mini_engine.ask("三公经费是多少", Filters(kind="决算"))
    assert c.status == "not_found"


def test_text_measure(mini_engine):
    a = mini_engine.ask("网上群众投诉平台项目的负责人是谁")
    assert a.status == "answered" and "焦精美" in a.answer and a.citations[0].page == 19


def test_function_class_item(mini_engine):
    a = mini_engine.ask("城运中心住房公积金预算多少")
    assert "35.07万元" in a.answer and "增加4.03万元" in a.answer


def test_ask_safely_turns_failures_into_error(mini_engine, monkeypatch):
    def boom(*a, **k):
        raise RuntimeError("kaputt")

    monkeypatch.setattr(mini_engine, "ask", boom)
    a = mini_engine.ask_safely("三公经费是多少")
    assert a.status == "error" and "kaputt" in a.answer


def test_empty_question(mini_engine):
    assert mini_engine.ask("  ").status == "not_found"


def test_a_failing_retriever_is_an_error_not_a_silent_not_found(corpus_index):
    """Loud inside, kind outside: the user is told the question failed, the log has the traceback."""
    from assistant.answer.engine import Engine

    class Broken:
        def retrieve(self, *a, **k):
            raise RuntimeError("vector store unreachable")

    engine = Engine(corpus_index, retriever=Broken())
    a = engine.ask_safely("东西湖区城运中心2025年的办公用房在哪里")  # no fact answers it: passages are searched
    assert a.status == "error" and "RuntimeError" in a.answer and not a.figures

