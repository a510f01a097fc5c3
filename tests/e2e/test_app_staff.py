"""Staff tools behind a login, in the browser: a page served beyond 127.0.0.1 (bound to 0.0.0.0,
reached here through 127.0.0.1) lets anyone ask, but its upload and ingest are absent or refused
by the server — not just hidden — unless a staff account logs in."""

from __future__ import annotations

import json
import re
import shutil
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import CORPUS, FILINGS
from tests.e2e.browser import CHROMIUM, Server, ask, open_page

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is absent (make test installs it)")
SEED_TITLE = "东西湖区城市运行管理中心2025年部门预算"
OTHER = FILINGS["swj2025"]  # a second filing to upload
OTHER_TITLE = "上海市普陀区商务委员会2025年部门预算"


@pytest.fixture(scope="module")
def seed_index(tmp_path_factory):
    from assistant.index import Index
    from assistant.ingest import ingest
    from assistant.settings import get_settings

    d = tmp_path_factory.mktemp("seed_index")
    assert ingest([CORPUS / FILINGS["seed"]], Index(d, get_settings(index_dir=d)), progress=False).ok
    return d


def _status(url: str, data: bytes | None = None, headers: dict | None = None) -> int:
    req = urllib.request.Request(url, data=data, headers=headers or {}, method="POST" if data is not None else "GET")
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code


def _multipart(name: str, content: bytes) -> tuple[bytes, dict]:
    boundary = "----staffcheck"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{name}\"\r\n"
            "Content-Type: application/octet-stream\r\n\r\n").encode() + content + f"\r\n--{boundary}--\r\n".encode()
    return body, {"Content-Type": f"multipart/form-data; boundary={boundary}"}


def test_no_accounts_and_a_public_address_means_no_staff_tools(seed_index, tmp_path, browser_context):
    server = Server(seed_index, tmp_path / "app.log", host="0.0.0.0")
    try:
        page, _, _ = open_page(browser_context, server.url)
        text, _ = ask(page, "三公经费是多少？")
        assert "2.5万元" in text  # asking is public
        assert "工作人员工具未开启" in page.locator("#staff-note").inner_text()
        assert page.locator("#upload, #ingest, input[type=file]").count() == 0
        # the server has no staff page to reach: not hidden, absent
        assert _status(server.url + "staff/") == 404
        assert _status(server.url + "staff/gradio_api/upload", *_multipart("x.txt", "预算".encode())) == 404
        config = json.loads(urllib.request.urlopen(server.url + "config", timeout=10).read())
        assert not any(c.get("type") == "file" for c in config["components"])
        page.close()
    finally:
        server.stop()


def test_a_staff_login_can_upload_and_an_anonymous_visitor_cannot(seed_index, tmp_path, browser_context):
    index = tmp_path / "index"
    shutil.copytree(seed_index, index)
    server = Server(index, tmp_path / "app.log", host="0.0.0.0", env={"ASSISTANT_STAFF_USERS": "ann:s3cret-pass"})
    try:
        page, _, _ = open_page(browser_context, server.url)
        assert "需用工作人员账号登录" in page.locator("#staff-note").inner_text()
        # anonymous: the staff page asks for a login, and the server refuses its calls outright
        assert _status(server.url + "staff/gradio_api/upload", *_multipart("x.txt", "预算".encode())) == 401
        assert _status(server.url + "staff/gradio_api/queue/join", b"{}", {"Content-Type": "application/json"}) == 401
        assert _status(server.url + "staff/config") == 401
        page.goto(server.url + "staff/")
        page.locator("input[type=password]").wait_for()
        assert page.locator("#upload").count() == 0
        page.locator("input[type=text]").fill("ann")
        page.locator("input[type=password]").fill("wrong")
        login = page.get_by_role("button", name=re.compile("Login|登录"))
        login.click()
        page.wait_for_timeout(1500)  # the server answers "Incorrect credentials" and the form stays
        assert page.locator("input[type=password]").is_visible() and page.locator("#upload").count() == 0

        page.locator("input[type=text]").fill("ann")  # a failed login clears the form
        page.locator("input[type=password]").fill("s3cret-pass")
        login.click()
        page.locator("#staff-user").get_by_text("已登录：ann").wait_for(timeout=30_000)
        up = tmp_path / OTHER
        shutil.copyfile(CORPUS / OTHER, up)
        page.locator("#upload input[type=file]").set_input_files(str(up))
        page.locator("#ingest").click()
        page.locator("#ingest-report").get_by_text("处理了 1 个文件").wait_for(timeout=180_000)
        assert f"已入库：{OTHER_TITLE}" in page.locator("#ingest-report").inner_text()
        page.get_by_role("tab", name="入库记录").click()
        log = page.locator("#ingest-log").inner_text()
        assert "ann" in log and OTHER in log and OTHER_TITLE in log
        record = json.loads((index / "ingest_log.jsonl").read_text(encoding="utf-8").splitlines()[-1])
        assert (record["user"], record["file"], record["status"]) == ("ann", OTHER, "added")

        page.get_by_role("tab", name="文件自查").click()
        page.locator("#audit").click()
        page.locator("#audit-summary").get_by_text("共 2 份文件").wait_for(timeout=60_000)

        # the new filing answers everyone's questions straight away
        page.goto(server.url)
        page.locator("#question textarea").wait_for()
        text, _ = ask(page, "商务委2025年三公经费预算是多少")
        assert "1万元" in text and OTHER_TITLE in text
        page.close()
    finally:
        server.stop()
