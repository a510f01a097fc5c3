"""The chat page end to end: app.py in a subprocess over a real index, driven in headless Chromium.

Gold figure read off the filing by eye: 东西湖区城市运行管理中心2025年部门预算.txt, page 30,
“七、一般公共预算“三公”经费支出安排情况 — 2025年一般公共预算“三公”经费支出 2.5万元”.
Timings (first load, answer on screen) are measured and written to eval/reports/ui_timing.json,
not asserted: the machine is shared.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import CORPUS, FILINGS, ROOT

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PAYLOAD = "<img src=x onerror=window.__xss=1> <script>window.__xss=2</script>"
SEED_TITLE = "东西湖区城市运行管理中心2025年部门预算"
SEED_DEPT = "东西湖区城市运行管理中心"
TIMINGS: dict[str, float] = {}

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is absent (make test installs it)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """app.py on a free port over one index directory; stopped by its own pid."""

    def __init__(self, index_dir: Path, log: Path):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        env.pop("ASSISTANT_INDEX_DIR", None)
        self.log = log.open("w")
        self.proc = subprocess.Popen(
            [sys.executable, str(ROOT / "app.py"), "--index", str(index_dir), "--port", str(self.port)],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )
        deadline = time.time() + 180
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"app.py exited: {log.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(self.url, timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"app.py did not start in time: {log.read_text()[-2000:]}")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


@pytest.fixture(scope="module")
def browser_context():
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="chromium-profile-")
    with sync_playwright() as p:
        ctx = p.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, args=ARGS, headless=True, locale="zh-CN",
            viewport={"width": 1280, "height": 900}, accept_downloads=True,
        )
        yield ctx
        ctx.close()
    shutil.rmtree(profile, ignore_errors=True)


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


def _open(ctx, url: str):
    page = ctx.new_page()
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith((url, "data:", "blob:")) else None)
    t0 = time.perf_counter()
    page.goto(url)
    page.locator("#question textarea").wait_for()
    page.locator("#ask").wait_for()
    return page, time.perf_counter() - t0, outside


def _ask(page, question: str) -> tuple[str, float]:
    """Type a question, press Enter; returns the new answer's text and the seconds until it showed."""
    bots = page.locator("#chat [data-testid='bot']")
    before = bots.count()
    page.fill("#question textarea", question)
    t0 = time.perf_counter()
    page.press("#question textarea", "Enter")
    bots.nth(before).wait_for(timeout=30_000)
    took = time.perf_counter() - t0
    return bots.nth(before).inner_text(), took


def _choose(page, dropdown: str, option: str) -> None:
    page.locator(f"#{dropdown} input").click()
    page.get_by_role("option", name=option, exact=True).click()


def _record(name: str, seconds: float) -> None:
    TIMINGS[name] = round(seconds, 3)
    print(f"ui timing {name}: {seconds:.3f} s")
    out = ROOT / "eval" / "reports" / "ui_timing.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({**TIMINGS, "budget_first_load_s": 3.0, "budget_answer_s": 1.0,
                               "measured_at": time.strftime("%Y-%m-%d %H:%M:%S")}, ensure_ascii=False, indent=1))


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
    page.get_by_role("tab", name="工作人员").click()
    page.locator("#upload input[type=file]").set_input_files([str(seed), str(junk), str(word)])
    page.locator("#ingest").click()
    report = page.locator("#ingest-report")
    report.get_by_text("处理了 3 个文件").wait_for(timeout=120_000)
    text = report.inner_text()
    assert f"已入库：{SEED_TITLE}" in text
    assert "会议纪要.txt —— 不是预算/决算文件" in text
    assert "说明.docx —— 文件类型不支持" in text
    assert SEED_TITLE in page.locator("#filings").inner_text()

    page.get_by_role("tab", name="提问").click()
    answer, _ = _ask(page, "三公经费是多少？")
    assert "2.5万元" in answer and SEED_TITLE in answer

    # a list of questions in, answers with citations out (CSV + XLSX)
    questions = tmp_path / "questions.txt"
    questions.write_text("三公经费是多少？\n" + PAYLOAD + "\n", encoding="utf-8")
    page.get_by_role("tab", name="工作人员").click()
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
