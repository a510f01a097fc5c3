"""Contradictions the filings print, in answers: the engine over the real corpus index. Every
figure below was read off the filing by eye (page noted); the computed ones by hand from those."""

from __future__ import annotations

import pytest

from assistant.answer.conflicts import ConflictBook, disputed, fact_key
from assistant.answer.compose import Sources
from assistant.verify.verifier import UNVERIFIED


@pytest.fixture(scope="module")
def engine(corpus_index):
    from assistant.answer.engine import Engine

    return Engine(corpus_index)


def _figures(a):
    return {f.text: f.verified for f in a.figures}


def test_a_printed_rate_its_amounts_do_not_give_makes_a_conflict(engine):
    # 江苏省人民检察院2017 p22 十: 机关运行经费 6032.55万元，增加3401.59万元，增长129.97% — 3401.59 / 2630.96 = 129.29%
    a = engine.ask("2017年江苏省检察院的机关运行经费预算安排了多少，较2016年增长了多少？")
    assert a.status == "conflict"
    assert "增长率印为129.97%" in a.answer and "计算为129.29%" in a.answer
    figs = _figures(a)
    assert figs["129.29%"] is True and figs["129.97%"] is True and UNVERIFIED not in a.answer
    computed = next(f for f in a.figures if f.text == "129.29%")
    assert computed.basis.startswith("computed: 3401.59 / 2630.96")
    assert any(c.page == 22 for c in a.citations)


def test_a_falling_rate_copied_from_the_line_above(engine):
    # 江苏省人民检察院2019 p26: 项目支出 4335.3万元，减少1237.7万元，"减少 13.22 %" — 1237.7 / 5573 = 22.21%
    # Asked for the rate, the two values are a conflict (CONTRACT: the filing disagrees on the asked figure).
    a = engine.ask("江苏省人民检察院2019年度项目支出较上年下降了百分之几？")
    assert a.status == "conflict" and "降幅印为13.22%" in a.answer and "计算为22.21%" in a.answer
    assert _figures(a)["22.21%"] is True and UNVERIFIED not in a.answer
    # Asked only for the amounts, which agree: answered with them, the contradicted rate not volunteered.
    b = engine.ask("江苏省人民检察院2019年度项目支出预算几何？较上年减少多少？")
    assert b.status == "answered" and _figures(b) == {"4335.3万元": True, "1237.7万元": True, "5573万元": True}
    assert "13.22%" not in b.answer and UNVERIFIED not in b.answer


def test_a_printed_share_its_amounts_do_not_give(engine):
    # 普陀区财政局2024决算 p21: 一般公共服务支出（类）2106.66万元，占71.73% of 2940.05万元 — 71.65%
    a = engine.ask("2024年度普陀区财政局一般公共服务支出的决算数是多少，占比多少？")
    assert a.status == "conflict" and "占比印为71.73%" in a.answer and "计算为71.65%" in a.answer
    assert _figures(a)["71.65%"] is True and UNVERIFIED not in a.answer


def test_a_project_sheet_part_above_its_total(engine):
    # 万里街道2023 p35 公共服务设施运行经费: 年度资金申请总额 10,903,043.00, 其中：当年财政拨款 11,419,043.00
    a = engine.ask("万里街道办事处公共服务设施运行经费2023年预算安排了多少？")
    assert a.status == "conflict"
    assert "10,903,043元（约1090.30万元）" in a.answer and "11,419,043元（约1141.90万元）" in a.answer and "分项大于总额" in a.answer
    assert all(f.verified for f in a.figures) and any(c.page == 35 for c in a.citations)


def test_a_rate_a_few_last_digits_off_is_not_held_against_the_answer(engine):
    # 江苏省人民检察院2018 p23: 收支总预算 21,955.35万元，增加3,958.67万元，增长21.95% (3958.67/17996.68 = 22.00%):
    # the audit lists it, an answer does not call it a contradiction (amounts.MATERIAL_DIGITS)
    a = engine.ask("江苏省检察院2018年收支总预算是多少？")
    assert a.status == "answered" and "注意" not in a.answer


def test_cut_off_prints_are_one_figure(engine):
    # 普陀区财政局2025: 购房补贴 268.776万元 in the tables (p10–12), 268.77万元 in 说明 (p7) — 尾差, not a conflict;
    # the tables print 元 (2,687,760), so the answer gives that, with its 万元 reading beside it
    a = engine.ask("普陀区财政局的购房补贴2025年预算多少？")
    assert a.status == "answered" and "2,687,760元（约268.78万元）" in a.answer
    b = engine.ask("普陀区财政局行政单位离退休2025年的预算是多少？")  # 87.708 / 87.70
    assert b.status == "answered" and "877,080元（约87.71万元）" in b.answer


def test_another_fund_scope_is_not_a_conflict_but_a_misprint_is(engine):
    # 江苏省人民检察院2017: 基本支出 12,323.48 (p10 一、收支预算总表, p11 三、支出预算总表; all funds) and
    # 12,308.48 (p11 四、财政拨款收支预算总表 …; 财政拨款 only); 说明 p19 一、 prints 12323.46
    a = engine.ask("江苏省人民检察院2017年度的基本支出预算数为多少？")
    assert a.status == "conflict"
    assert "12,323.48万元" in a.answer and "12,323.46万元" in a.answer and "12,308.48" not in a.answer


def test_the_book_audits_a_filing_once_and_keys_disputed_facts(engine):
    book = ConflictBook(engine.index.facts)
    js17 = next(f for f in engine.catalog.filings if f.title == "江苏省人民检察院2017年部门预算")
    rate = next(f for f in engine.catalog.facts("机关运行经费", js17) if f.measure == "增减率")
    [d] = book.involving([rate])
    assert d.kind == "growth_rate" and fact_key(disputed(d)[0]) == fact_key(rate)
    assert book.involving([rate]) == [d] and len(book._docs) == 1
    amount = next(f for f in engine.catalog.facts("机关运行经费", js17) if f.measure == "预算数")
    assert book.involving([amount]) == []  # the amounts the rate is checked against are not in doubt
    assert book.annotate("not_found", "x", Sources()) == ("not_found", "x")


def test_a_rate_quoted_from_the_filings_sentence_is_still_checked(engine):
    # 江苏省人民检察院2018 p26: 检察监督支出（项）1,895万元，与上年相比减少 134 万元，降幅 0.66 % — 134 / 2,029 = 6.60%
    a = engine.ask("2018年江苏省人民检察院检察监督支出较上年下降百分之几")
    assert a.status == "conflict" and "6.60%" in a.answer and "0.66%" in a.answer
