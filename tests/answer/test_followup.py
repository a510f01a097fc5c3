"""Follow-up questions over the real corpus: what the previous turn named fills what a follow-up
leaves out. Figures read off the filings by eye: 万里街道 2025 p29 三公 37.91万元, 2024 p31 47.91万元,
2024 公务用车购置及运行费 46.56万元; 普陀区财政局 2025 三公 0.95万元; 江苏省高级人民法院 2019 三公
513.75万元 and 公务接待费 86.95万元."""

from __future__ import annotations

import json

import pytest


@pytest.fixture(scope="module")
def engine(corpus_index):
    from assistant.answer.engine import Engine

    return Engine(corpus_index)


def _values(answer) -> list[str]:
    return [f.text for f in answer.figures if f.verified]


def test_a_three_turn_conversation(engine):
    first, again, car = engine.ask_conversation(["万里街道2025年三公经费有多少", "那去年呢？", "公车呢"])
    assert first.understood is None and _values(first)[0] == "37.91万元"
    assert "2024年" in again.understood and _values(again)[0] == "47.91万元"
    assert "2024年" in car.understood and _values(car)[0] == "46.56万元"
    assert all(a.status == "answered" for a in (first, again, car))


def test_a_new_department_compared_or_asked_instead(engine):
    _, both = engine.ask_conversation(["普陀区财政局2025年三公经费多少", "同万里街道相比呢"])
    assert {"0.95万元", "37.91万元"} <= set(_values(both))
    _, other = engine.ask_conversation(["普陀区财政局2025年三公经费多少", "那万里街道呢"])
    assert _values(other)[0] == "37.91万元" and "0.95万元" not in _values(other)


def test_a_kind_the_department_lacks_is_refused_naming_what_it_has(engine):
    _, final = engine.ask_conversation(["万里街道2025年三公经费有多少", "决算呢？"])
    assert final.status == "not_found" and not final.figures and "万里街道办事处2025年部门预算" in final.answer


def test_a_question_of_its_own_starts_afresh(engine):
    _, fresh = engine.ask_conversation(["万里街道2025年三公经费有多少", "江苏省高级人民法院2019年三公经费多少"])
    assert fresh.understood is None and _values(fresh)[0] == "513.75万元"


def test_cli_conversation_file(corpus_index, tmp_path, capsys):
    from assistant import cli

    turns = [{"conversation": "a", "q": "省高院2019年三公经费多少"}, {"conversation": "b", "q": "万里街道2025年三公经费"},
             {"conversation": "a", "q": "公务接待费呢"}, "not a turn", {"conversation": "b", "q": "那去年呢"}]
    path = tmp_path / "conv.jsonl"
    path.write_text("\n".join(t if isinstance(t, str) else json.dumps(t, ensure_ascii=False) for t in turns),
                    encoding="utf-8")
    assert cli.main(["ask", "--conversation", str(path), "--index", str(corpus_index.dir), "--json"]) == 0
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [o["status"] for o in out] == ["answered", "answered", "answered", "error", "answered"]
    assert "86.95万元" in out[2]["answer"] and "47.91万元" in out[4]["answer"]
    assert "第4行" in out[3]["answer"]


def test_follow_ups_that_add_a_department_or_carry_the_completion_rate(engine):
    # 区府办 2025 机关运行经费 213.28万元 (p21); 万里街道 2025 464.64万元 (p29)
    _, both = engine.ask_conversation(["区府办2025年机关运行经费多少钱", "同万里街道相比呢"])
    assert {"213.28万元", "464.64万元"} <= {f.text for f in both.figures if f.verified}
    # 规划资源局 2024 决算 p26: “三公”经费…年初预算为2.85万元，支出决算为0.39万元，完成年初预算的13.68%
    _, sangong = engine.ask_conversation(["规划资源局24年一般公共预算财政拨款支出完成了年初预算的百分之几",
                                          "那三公经费呢"])
    assert {"0.39万元", "13.68%"} <= {f.text for f in sangong.figures if f.verified}


def test_why_less_than_budget_is_a_reason_not_another_kind(engine):
    # 规划资源局 2024 决算: 三公经费支出决算数小于预算数的主要原因：严格落实中央八项规定
    _, why, next_ = engine.ask_conversation(["规划和自然资源局2024年三公经费决算是多少", "为何比预算少这么多",
                                             "那机关运行经费花了多少钱"])
    assert why.status == "answered" and "八项规定" in why.answer
    assert "142.8万元" in next_.answer  # p26: 机关运行经费支出142.80万元


def test_a_comparison_goes_on_as_a_comparison(engine):
    """区府办 2025 三公 867.50万元 (p20), 机关运行经费 213.28万元; 商务委 2025 部门预算 1万元, 171.01万元."""
    _, both, other = engine.ask_conversation(["普陀区政府办公室今年的三公花了多少", "跟商务委比呢", "机关运行经费呢"])
    assert both.answer.startswith("2025年部门预算中，上海市普陀区人民政府办公室的三公经费比上海市普陀区商务委员会多出866.5万元")
    assert "多出42.27万元" in other.answer and other.table is not None


def test_a_trend_and_a_ranking_go_on_over_the_same_years_and_departments(engine):
    """江苏省人民检察院 培训费 700万元 in 2017, 2018 and 2019; 2024 部门决算 公用经费 least: 社工部 10.23万元."""
    _, trend = engine.ask_conversation(["江苏省人民检察院的会议费这些年走势如何", "培训费呢"])
    assert "2017到2019年" in trend.understood and "培训费各年持平" in trend.answer
    _, ranked = engine.ask_conversation(["2024年决算里哪个部门机关运行经费最少", "公用经费呢"])
    assert ranked.answer.startswith("2024年部门决算中，公用经费最少的是中共上海市普陀区委社会工作部，10.23万元")
