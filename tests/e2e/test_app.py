"""The chat page end to end: app.py in a subprocess over a real index, driven in headless Chromium.

Gold figure read off the filing by eye: 东西湖区城市运行管理中心2025年部门预算.txt, page 30,
“七、一般公共预算“三公”经费支出安排情况 — 2025年一般公共预算“三公”经费支出 2.5万元”.
Timings (first load, answer on screen) are measured and written to eval/reports/ui_timing.json,
not asserted: the machine is shared.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from tests.conftest import CORPUS, FILINGS
from tests.e2e.browser import CHROMIUM, Server, ask as _ask, choose as _choose, open_page as _open, record as _record

PAYLOAD = "<img src=x onerror=window.__xss=1> <script>window.__xss=2</script>"
SEED_TITLE = "东西湖区城市运行管理中心2025年部门预算"
SEED_DEPT = "东西湖区城市运行管理中心"

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is absent (make test installs it)")


@pytest.fixture(scope="module")
def corpus_server(corpus_index, tmp_path_factory):
    server = Server(corpus_index.dir, tmp_path_factory.mktemp("logs") / "corpus_app.log")
    yield server
    server.stop()


@pytest.fixture()
def fresh_server(tmp_path):
    server = Server(tmp_path / "index", tmp_path / "app.log")
    yield server
    server.stop()


def test_sangong_answer_with_its_source(corpus_server, browser_context):
    page, load_s, outside = _open(browser_context, corpus_server.url)
    _record("first_load_s", load_s)
    # default path, no filter: every filing's figure, the seed's among them
    text, answer_s = _ask(page, "三公经费是多少？")
    _record("answer_on_screen_s", answer_s)
    assert any(SEED_DEPT in line and "2.5万元" in line for line in text.splitlines()), text
    assert SEED_TITLE in page.locator("#sources").inner_text()

    _choose(page, "dept", SEED_DEPT)
    text, answer_s = _ask(page, "三公经费是多少？")
    _record("answer_on_screen_filtered_s", answer_s)
    assert "2.5万元" in text
    assert SEED_TITLE in text  # the one-line source under the answer
    sources = page.locator("#sources").inner_text()
    assert SEED_TITLE in sources and "第30页" in sources and "2.5万元" in sources
    assert outside == [], f"the page fetched from outside: {outside}"
    page.close()


def test_example_question_is_clickable(corpus_server, browser_context):
    page, _, _ = _open(browser_context, corpus_server.url)
    _choose(page, "dept", SEED_DEPT)
    page.get_by_role("button", name="三公经费是多少？").click()
    bot = page.locator("#chat [data-testid='bot']").first
    bot.wait_for(timeout=30_000)
    assert "2.5万元" in bot.inner_text()
    page.close()


def test_html_in_a_question_is_shown_as_text(corpus_server, browser_context):
    page, _, _ = _open(browser_context, corpus_server.url)
    _ask(page, PAYLOAD)
    page.wait_for_timeout(500)  # give any injected handler the chance to fire
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert PAYLOAD in page.locator("#chat [data-testid='user']").last.inner_text()
    assert page.locator("#chat img[src='x'], #chat script, #sources img, #sources script").count() == 0
    page.close()


def test_upload_a_filing_then_ask_it(fresh_server, browser_context, tmp_path):
    up = tmp_path / "upload"
    up.mkdir()
    seed = up / FILINGS["seed"]
    shutil.copyfile(CORPUS / FILINGS["seed"], seed)
    junk = up / "会议纪要.txt"
    junk.write_text("会议纪要：下周一开会。", encoding="utf-8")
    word = up / "说明.docx"
    word.write_bytes(b"PK\x03\x04 not a filing")

    page, _, _ = _open(browser_context, fresh_server.url)
    assert "只在本机（127.0.0.1）开放" in page.locator("#staff-note").inner_text()
    page.goto(fresh_server.url + "staff/")  # on 127.0.0.1 with no staff accounts: open, and it says so
    page.locator("#staff-user").get_by_text("本机模式").wait_for()
    page.locator("#upload input[type=file]").set_input_files([str(seed), str(junk), str(word)])
    page.locator("#ingest").click()
    report = page.locator("#ingest-report")
    report.get_by_text("处理了 3 个文件").wait_for(timeout=120_000)
    text = report.inner_text()
    assert f"已入库：{SEED_TITLE}" in text
    assert "会议纪要.txt —— 不是预算/决算文件" in text
    assert "说明.docx —— 文件类型不支持" in text
    assert SEED_TITLE in page.locator("#filings").inner_text()

    page.goto(fresh_server.url)
    page.locator("#question textarea").wait_for()
    answer, _ = _ask(page, "三公经费是多少？")
    assert "2.5万元" in answer and SEED_TITLE in answer

    # a list of questions in, answers with citations out (CSV + XLSX)
    questions = tmp_path / "questions.txt"
    questions.write_text("三公经费是多少？\n" + PAYLOAD + "\n", encoding="utf-8")
    page.goto(fresh_server.url + "staff/")
    page.get_by_role("tab", name="批量提问").click()
    page.locator("#qfile input[type=file]").set_input_files(str(questions))
    page.locator("#batch").click()
    page.locator("#batch-report").get_by_text("已回答 2 个问题").wait_for(timeout=60_000)
    listing = page.locator("#batch-out").inner_text()
    assert ".csv" in listing and ".xlsx" in listing, listing
    with page.expect_download() as dl:
        page.locator("#batch-out tr", has_text=".csv").locator("a").first.click()
    rows = dl.value.path().read_text(encoding="utf-8-sig")
    assert "三公经费是多少？" in rows and "2.5万元" in rows and SEED_TITLE in rows and "第30页" in rows
    assert page.evaluate("typeof window.__xss") == "undefined"
    # who added the filing, and when, is on record
    page.get_by_role("tab", name="入库记录").click()
    log = page.locator("#ingest-log").inner_text()
    assert "本机（未配置工作人员账号）" in log and FILINGS["seed"] in log and SEED_TITLE in log
    page.close()


def test_html_in_a_filing_is_shown_as_text(tmp_path, browser_context):
    """A filing whose text carries markup: its quote and locator reach the page as characters."""
    from assistant.index import Index
    from assistant.ingest import ingest
    from assistant.settings import get_settings

    text = (CORPUS / FILINGS["seed"]).read_text(encoding="utf-8")
    heading = "七、一般公共预算“三公”经费支出安排情况"
    assert heading in text
    doctored = tmp_path / FILINGS["seed"]
    doctored.write_text(text.replace(heading, heading + PAYLOAD, 1).replace(
        "2025年一般公共预算“三公”经费支出 2.5万元，", "2025年一般公共预算“三公”经费支出 2.5万元，" + PAYLOAD, 1),
        encoding="utf-8")
    index_dir = tmp_path / "index"
    assert ingest([doctored], Index(index_dir, get_settings(index_dir=index_dir)), progress=False).ok
    server = Server(index_dir, tmp_path / "app.log")
    try:
        page, _, _ = _open(browser_context, server.url)
        _ask(page, "三公经费是多少？")
        page.wait_for_timeout(500)
        assert page.evaluate("typeof window.__xss") == "undefined"
        assert page.locator("img[src='x'], #chat script, #sources script").count() == 0
        page.close()
    finally:
        server.stop()


DOCS = Path(__file__).resolve().parents[2] / "docs"
RANKED = ["867.5万元 [1]", "37.91万元 [2]", "2.5万元 [3]", "1万元 [4]", "0.95万元 [5]"]  # 2025 部门预算, read by eye


def _texts(page, selector: str) -> list[str]:
    return page.locator(selector).evaluate_all("els => els.map(e => e.textContent)")  # SVG text has no innerText


def test_a_ranking_draws_bars_with_values_and_citations(corpus_server, browser_context):
    page, _, outside = _open(browser_context, corpus_server.url)
    bots = page.locator("#chat [data-testid='bot']")
    page.fill("#question textarea", "三公经费花得最多的是哪个部门")
    t0 = time.perf_counter()
    page.press("#question textarea", "Enter")
    bots.first.wait_for(timeout=30_000)
    page.locator("#chart-bar svg text", has_text=RANKED[0]).wait_for(timeout=30_000)
    _record("answer_with_chart_on_screen_s", time.perf_counter() - t0)
    first_line = bots.first.inner_text().splitlines()[0]
    assert first_line.startswith("2025年部门预算中，三公经费最多的是上海市普陀区人民政府办公室，867.5万元"), first_line
    labels = _texts(page, "#chart-bar svg text")
    bars = [t for t in labels if "万元 [" in t]
    assert [b.split(" ", 2)[0] + " " + b.split(" ", 2)[1] for b in bars] == RANKED, labels
    assert not page.locator("#chart-line").is_visible()
    # the same table as CSV
    with page.expect_download() as dl:
        page.locator("#table-csv").click()
    rows = dl.value.path().read_text(encoding="utf-8-sig").splitlines()
    assert rows[1].startswith("1,上海市普陀区人民政府办公室,8675000,元,867.5万元,[1],")
    # the source card: the printed row under its headers, the cited cell marked; the basis in Chinese
    sources = page.locator("#sources")
    assert sources.locator("table.src-table th", has_text="因公出国(境)费").count() == 4  # [3] is a passage
    assert sources.locator("td.src-cited mark").first.inner_text() == "867.50"
    assert "依据：[1] 2025年部门“三公”经费和机关运行经费预算表 三公经费 2025年预算数 867.50万元" in sources.inner_text()
    assert "fact:" not in sources.inner_text()
    assert outside == [], f"the page fetched from outside: {outside}"
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(DOCS / "screenshot.png"), full_page=True)
    # an answer without a table takes the chart away; the same ranking again brings it back
    _ask(page, "什么是机关运行经费？")
    page.locator("#chart-box").wait_for(state="hidden", timeout=10_000)
    _ask(page, "三公经费花得最多的是哪个部门")
    page.locator("#chart-bar svg text", has_text=RANKED[0]).wait_for(timeout=10_000)
    page.close()


def test_a_phone_reaches_question_answer_and_sources_without_sideways_scrolling(corpus_server, browser_context):
    page, _, _ = _open(browser_context, corpus_server.url, width=390)
    _ask(page, "三公经费花得最多的是哪个部门")
    page.locator("#chart-bar svg text").first.wait_for(timeout=30_000)
    page.wait_for_timeout(300)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.evaluate("document.body.scrollWidth") <= 390
    for part in ("#question textarea", "#ask", "#chat [data-testid='bot']", "#chart-bar", "#sources", "#table-csv"):
        box = page.locator(part).first.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390 + 0.5, (part, box)
    page.screenshot(path=str(DOCS / "screenshot_phone.png"), full_page=True)
    page.close()


def test_a_trend_draws_one_point_per_year(corpus_server, browser_context, corpus_index):
    from assistant.answer.engine import Engine

    question = "万里街道这几年三公经费怎么变"
    table = Engine(corpus_index).ask(question).table
    if not table:
        pytest.skip("the engine gives trend answers no table yet (issue 12, trends): nothing to draw")
    page, _, _ = _open(browser_context, corpus_server.url)
    _ask(page, question)
    page.locator("#chart-line svg text").first.wait_for(timeout=30_000)
    labels = [t for t in _texts(page, "#chart-line svg text") if t[:4].isdigit() and "[" in t]
    assert [t[:5] for t in labels] == ["2023年", "2024年", "2025年"], labels  # the three years the index holds
    assert not page.locator("#chart-bar").is_visible()
    page.close()


def test_a_three_turn_conversation_keeps_its_context(corpus_server, browser_context):
    # wanli 部门预算 (read by eye): 三公 2025 37.91, 2024 47.91; 公务用车购置及运行费 2024 46.56 (万元)
    page, _, _ = _open(browser_context, corpus_server.url)
    first, _ = _ask(page, "万里街道2025年三公经费是多少")
    assert "37.91万元" in first
    second, _ = _ask(page, "那2024年呢")
    assert "47.91万元" in second and "理解为" in second
    third, _ = _ask(page, "公车呢")
    assert "46.56万元" in third and "公务用车购置及运行费" in third and "理解为" in third
    page.close()
