"""Helpers for the browser tests: app.py in a subprocess on a free port, and page actions.

Timings are measured and written to eval/reports/ui_timing.json, never asserted: the machine is
shared. Servers are stopped by their own pid."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.conftest import ROOT

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TIMINGS_FILE = ROOT / "eval" / "reports" / "ui_timing.json"
BUDGETS = {"budget_first_load_s": 3.0, "budget_answer_s": 1.0}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """app.py over one index directory, listening on `host`; always reached through 127.0.0.1.
    `env` adds to (or, with None values, removes from) the environment, e.g. staff accounts."""

    def __init__(self, index_dir: Path, log: Path, host: str = "127.0.0.1", env: dict | None = None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        environ = {**os.environ, "PYTHONPATH": str(ROOT)}
        for key in ("ASSISTANT_INDEX_DIR", "ASSISTANT_STAFF_USERS", "ASSISTANT_STAFF_FILE"):
            environ.pop(key, None)
        environ.update({k: v for k, v in (env or {}).items() if v is not None})
        self.log_path = log
        self.log = log.open("w")
        self.proc = subprocess.Popen(
            [sys.executable, str(ROOT / "app.py"), "--index", str(index_dir), "--port", str(self.port),
             "--host", host],
            cwd=ROOT, env=environ, stdout=self.log, stderr=subprocess.STDOUT,
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


def open_page(ctx, url: str, width: int | None = None):
    """A new page on `url` (the chat page ready); returns it, the seconds it took, and every
    request that left the page's own server (there must be none)."""
    page = ctx.new_page()
    if width:
        page.set_viewport_size({"width": width, "height": 844})
    origin = url.split("/", 3)[:3]
    base = "/".join(origin) + "/"
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith((base, "data:", "blob:")) else None)
    t0 = time.perf_counter()
    page.goto(url)
    page.locator("#question textarea").wait_for()
    page.locator("#ask").wait_for()
    return page, time.perf_counter() - t0, outside


def ask(page, question: str) -> tuple[str, float]:
    """Type a question, press Enter; returns the new answer's text and the seconds until it showed."""
    bots = page.locator("#chat [data-testid='bot']")
    before = bots.count()
    page.fill("#question textarea", question)
    t0 = time.perf_counter()
    page.press("#question textarea", "Enter")
    bots.nth(before).wait_for(timeout=30_000)
    took = time.perf_counter() - t0
    return bots.nth(before).inner_text(), took


def choose(page, dropdown: str, option: str) -> None:
    page.locator(f"#{dropdown} input").click()
    page.get_by_role("option", name=option, exact=True).click()


def record(name: str, seconds: float) -> None:
    """Add one timing to eval/reports/ui_timing.json, keeping the others measured before."""
    print(f"ui timing {name}: {seconds:.3f} s")
    try:
        timings = json.loads(TIMINGS_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        timings = {}
    timings.update({name: round(seconds, 3), **BUDGETS, "measured_at": time.strftime("%Y-%m-%d %H:%M:%S")})
    TIMINGS_FILE.parent.mkdir(parents=True, exist_ok=True)
    TIMINGS_FILE.write_text(json.dumps(timings, ensure_ascii=False, indent=1), encoding="utf-8")
