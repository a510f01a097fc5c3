"""The chat page: citizens and staff ask about the budget filings in the index; staff add filings,
answer lists of questions in bulk and check the filings on a page of their own.

    python app.py [--port 7860] [--host 127.0.0.1] [--index DIR]

    /        the public page: asking, with sources, charts and CSV tables
    /staff/  the staff page: uploads and ingest, batch answers, audit, ingest log — behind a login
             when ASSISTANT_STAFF_USERS or ASSISTANT_STAFF_FILE names staff accounts; without any,
             served only when the page listens on 127.0.0.1 (see assistant/ui/access.py)

Binds 127.0.0.1 unless --host says otherwise; never a share link; gradio's analytics are off
and the page loads nothing from outside (fonts are gradio's bundled ones or the system's).
Questions are answered in parallel (ASK_CONCURRENCY at once); an ingest never holds them up.
"""

from __future__ import annotations

import os

# Before gradio is imported: it reads these at import time.
os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

import argparse  # noqa: E402
import sys  # noqa: E402

import gradio as gr  # noqa: E402

from assistant.ui.access import STAFF_PATH, StaffAccess, StaffConfigError, read_accounts  # noqa: E402
from assistant.ui.backend import Backend  # noqa: E402
from assistant.ui.page import CSS, THEME, build_public  # noqa: E402
from assistant.ui.staff_page import build_staff  # noqa: E402

# Answers take milliseconds of CPU under one GIL, so more threads would not answer faster; enough
# run at once that a slow one (a passage search) never queues the quick ones behind it.
ASK_CONCURRENCY = 16
LAUNCH = dict(footer_links=[], ssr_mode=False, mcp_server=False, pwa=False, theme=THEME, css=CSS, show_error=True)


def build_server(backend: Backend, access: StaffAccess):
    """One FastAPI app: the staff page (when served) on its own route, the public page at /."""
    from fastapi import FastAPI

    public = build_public(backend, access)
    public.queue(default_concurrency_limit=ASK_CONCURRENCY, max_size=2000, status_update_rate=2)
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    if access.served:
        staff = build_staff(backend, access)
        staff.queue(default_concurrency_limit=2)
        auth = access.check if access.mode == "login" else None
        app = gr.mount_gradio_app(app, staff, STAFF_PATH, auth=auth, auth_message="工作人员登录",
                                  max_file_size="200mb", **LAUNCH)
    return gr.mount_gradio_app(app, public, "/", max_file_size="1mb", **LAUNCH)


def main(argv: list[str] | None = None) -> None:
    import uvicorn

    from assistant.index import Index
    from assistant.settings import get_settings

    p = argparse.ArgumentParser(description="部门预算/决算问答 — 网页")
    p.add_argument("--index", help="索引目录（默认 ASSISTANT_INDEX_DIR 或 index/）")
    p.add_argument("--port", type=int, default=int(os.environ.get("PORT", "7860")))
    p.add_argument("--host", default="127.0.0.1", help="监听地址（默认只在本机）")
    args = p.parse_args(argv)

    try:
        access = StaffAccess.decide(args.host, read_accounts())
    except StaffConfigError as e:
        sys.exit(f"工作人员账号设置有误：{e}")
    settings = get_settings(index_dir=args.index)
    backend = Backend(Index(settings.index_dir, settings))
    backend.warm_up()
    app = build_server(backend, access)
    staff = {"login": f"{STAFF_PATH}/（需登录）", "local": f"{STAFF_PATH}/（仅本机，未配置账号）",
             "off": "未开启（对外监听且未配置账号）"}[access.mode]
    print(f"索引：{settings.index_dir}（{len(backend.filings_table())} 份文件）；工作人员页面：{staff}", flush=True)
    print(f"网页：http://{args.host}:{args.port}/", flush=True)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", timeout_graceful_shutdown=2)


if __name__ == "__main__":
    main()
