"""python -m eval.ui_load [--index DIR | --url URL] [--users 50] [--questions 4] [--no-kept-answers]

Many people on the chat page at once: `--users` visitors open the page together, each asking
`--questions` questions one after another in one conversation, exactly as the page's own client
does (one session per visitor; POST /gradio_api/queue/join with the question, the chat so far and
the filters, then the session's event stream until the answer), against app.py on 127.0.0.1
(started here over --index, a fresh index of corpus/ without one, unless --url names a running
page; only loopback URLs are accepted). Every answer is compared with the one the same code gives
for the same conversation in this process. Reports per answer: wall time from the request to the
answer (p50/p95/max), errors (HTTP, the page's error, or status "error"), answers that differ.
Target: 0 errors, p95 ≤ 1 s on this 2-core machine.

Writes eval/reports/ui_load.json and ui_load.md.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from pathlib import Path

import httpx

from eval.runner import REPORTS, ROOT, index_for, percentile

TARGET_P95_S = 1.0
# my own phrasings, across the engine's paths: figures, a ranking, a definition, a change, a
# passage, a not-found, a colloquial one
QUESTIONS = [
    "三公经费是多少？", "三公经费排名", "什么是机关运行经费？", "2025年万里街道的三公经费预算数",
    "区府办2025年三公经费预算是多少", "江苏省人民检察院2019年商品和服务支出比上年少了多少",
    "南京市中级人民法院的三公经费", "帮我看看商务委今年出差花多少钱",
]
FILTER_ALL = "全部"


def _loopback(url: str) -> bool:
    host = urllib.parse.urlparse(url).hostname or ""
    return host in ("127.0.0.1", "localhost", "::1") or host.startswith("127.")


def start_page(index_dir: Path, log: Path, keep_answers: bool = True) -> tuple[subprocess.Popen, str]:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, **({} if keep_answers else {"ASSISTANT_UI_KEPT_ANSWERS": "0"})}
    proc = subprocess.Popen([sys.executable, str(ROOT / "app.py"), "--index", str(index_dir), "--port", str(port)],
                            cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.time() + 180
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"app.py exited: {log.read_text()[-2000:]}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            time.sleep(0.3)
    proc.terminate()
    raise RuntimeError("app.py did not start in time")


def _cpu_seconds(proc: subprocess.Popen | None) -> float:
    """User + system CPU the page's process has used (Linux /proc), 0 when unknown."""
    if proc is None:
        return 0.0
    try:
        fields = Path(f"/proc/{proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0


def _message_text(message: dict) -> str:
    content = message.get("content")
    if isinstance(content, list):  # gradio's message format: a list of typed parts
        return "".join(p.get("text", "") for p in content if isinstance(p, dict))
    return content if isinstance(content, str) else json.dumps(content, ensure_ascii=False)


class Page:
    """The ask event of the page as its client sees it: which function, which inputs."""

    def __init__(self, url: str):
        config = httpx.get(url + "config", timeout=30).json()
        dep = next(d for d in config["dependencies"] if d.get("api_name") == "ask")
        ids = {c["id"]: c for c in config["components"]}
        self.url, self.fn_index, self.trigger = url, dep["id"], dep["targets"][0][0]
        self.inputs = [(ids[i]["type"], ids[i].get("props", {}).get("elem_id")) for i in dep["inputs"]]
        # the events the page's client fires itself when a state the answer set changes (the chart)
        self.on_change = {d["targets"][0][0]: d["id"] for d in config["dependencies"]
                          if d["targets"] and d["targets"][0][1] == "change" and d.get("backend_fn", True)}

    def data(self, question: str, history: list) -> list:
        values = {"question": question, "chat": history}
        return [values.get(elem, FILTER_ALL if kind == "dropdown" else None) for kind, elem in self.inputs]


def _event(client: httpx.Client, page: Page, session: str, fn_index: int, trigger: int, data: list) -> dict:
    """Join one event of the session and wait for its result (the page's queue protocol)."""
    r = client.post(page.url + "gradio_api/queue/join", json={
        "data": data, "event_data": None, "fn_index": fn_index, "trigger_id": trigger, "session_hash": session})
    r.raise_for_status()
    event_id = r.json()["event_id"]
    with client.stream("GET", page.url + "gradio_api/queue/data", params={"session_hash": session}) as stream:
        for line in stream.iter_lines():
            if not line.startswith("data: "):
                continue
            msg = json.loads(line[len("data: "):])
            if msg.get("event_id") != event_id or msg.get("msg") != "process_completed":
                continue
            if not msg.get("success"):
                raise RuntimeError(f"the page answered with an error: {msg.get('output')}")
            return msg["output"]
    raise RuntimeError("the event stream ended without an answer")


def ask_in_session(client: httpx.Client, page: Page, session: str, question: str, history: list,
                   timings: dict | None = None) -> list:
    """One question of a visitor's conversation; returns the chat as the page now shows it. Like the
    page's client, fires the chart's event when the answer changed it (its time goes in `timings`)."""
    t0 = time.perf_counter()
    output = _event(client, page, session, page.fn_index, page.trigger, page.data(question, history))
    answered = time.perf_counter()
    changed = list(output.get("changed_state_ids") or [])
    while changed:  # a change event may change another state in turn (show the box → draw the plots)
        state = changed.pop(0)
        if state in page.on_change:
            follow = _event(client, page, session, page.on_change[state], state, [None])
            changed += follow.get("changed_state_ids") or []
            if timings is not None:
                timings["chart_s"] = time.perf_counter() - answered
                timings["answer_with_chart_s"] = time.perf_counter() - t0
    return output["data"][1]


def conversation(u: int, per_user: int) -> list[str]:
    return [QUESTIONS[(u + k) % len(QUESTIONS)] for k in range(per_user)]


def expected_answers(index, per_user: int) -> dict[tuple[str, ...], list[str]]:
    """Each distinct conversation asked in this process, rendered as the page renders it."""
    from assistant.ui.backend import Backend
    from assistant.ui.render import answer_markdown

    backend = Backend(index)
    out: dict[tuple[str, ...], list[str]] = {}
    for u in range(len(QUESTIONS)):
        turn, texts = None, []
        for q in conversation(u, per_user):
            answer, turn = backend.ask_turn(q, None, None, None, turn)
            texts.append(answer_markdown(answer))
        out[tuple(conversation(u, per_user))] = texts
    return out


def run_load(url: str, users: int, per_user: int, expected: dict[tuple[str, ...], list[str]]) -> dict:
    page = Page(url)
    latencies: list[float] = []
    with_chart: list[float] = []
    errors: list[str] = []
    differ: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(users)

    def visitor(u: int) -> None:
        questions = conversation(u, per_user)
        want = expected[tuple(questions)]
        history: list = []
        with httpx.Client(timeout=60) as client:
            session = uuid.uuid4().hex[:11]
            start.wait()  # everyone arrives at once
            for k, q in enumerate(questions):
                t0 = time.perf_counter()
                timings: dict = {}
                try:
                    history = ask_in_session(client, page, session, q, history, timings)
                except Exception as e:  # counted and named, the run goes on
                    with lock:
                        errors.append(f"{q}: {type(e).__name__}: {e}")
                    break
                took = time.perf_counter() - t0 - timings.get("chart_s", 0.0)
                text = _message_text(history[-1])
                with lock:
                    latencies.append(took)
                    if "answer_with_chart_s" in timings:
                        with_chart.append(timings["answer_with_chart_s"])
                    if text != want[k]:
                        differ.append(q)
                    if "出错了" in text:
                        errors.append(f"{q}: status error")

    threads = [threading.Thread(target=visitor, args=(u,)) for u in range(users)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    n = users * per_user
    return {
        "users": users, "questions_each": per_user, "answers": len(latencies), "requests": n,
        "errors": len(errors), "error_samples": errors[:5], "answers_differing": len(differ),
        "differing_samples": sorted(set(differ))[:5],
        "p50_s": round(percentile(latencies, 50), 3), "p95_s": round(percentile(latencies, 95), 3),
        "max_s": round(max(latencies, default=0.0), 3), "wall_s": round(wall, 2),
        "answers_with_chart": len(with_chart), "with_chart_p95_s": round(percentile(with_chart, 95), 3),
        "answers_per_s": round(len(latencies) / wall, 1) if wall else None, "target_p95_s": TARGET_P95_S,
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--index", help="index folder (default: a fresh index of corpus/)")
    p.add_argument("--url", help="a running page on 127.0.0.1 (its index must be --index's)")
    p.add_argument("--users", type=int, default=50)
    p.add_argument("--questions", type=int, default=4)
    p.add_argument("--no-kept-answers", action="store_true",
                   help="start the page with ASSISTANT_UI_KEPT_ANSWERS=0: every answer computed afresh")
    p.add_argument("--out", default="ui_load", help="report name in eval/reports/")
    args = p.parse_args(argv)
    if args.url and not _loopback(args.url):
        p.error("--url must be on this machine (127.0.0.1 / localhost)")

    with tempfile.TemporaryDirectory() as tmp:
        index, where = index_for(args.index, tmp)
        expected = expected_answers(index, args.questions)
        proc = None
        url = args.url.rstrip("/") + "/" if args.url else None
        if url is None:
            proc, url = start_page(index.dir, Path(tmp) / "app.log", keep_answers=not args.no_kept_answers)
        try:
            with httpx.Client(timeout=60) as c:  # one visitor first: the page is warm, as in use
                ask_in_session(c, Page(url), uuid.uuid4().hex[:11], QUESTIONS[0], [])
            load_before, cpu_before = os.getloadavg()[0], _cpu_seconds(proc)
            result = run_load(url, args.users, args.questions, expected)
            cpu = _cpu_seconds(proc) - cpu_before if proc is not None else None
            # the machine is shared: how busy it was says how far the figures stand from an idle one
            result["load_average_1m"] = [round(load_before, 2), round(os.getloadavg()[0], 2)]
            result["server_cpu_ms_per_answer"] = round(1000 * cpu / max(result["answers"], 1), 1) if cpu else None
        finally:
            if proc is not None:
                proc.terminate()
                proc.wait(10)
    result.update({"index": where, "measured_at": time.strftime("%Y-%m-%d %H:%M:%S"),
                   "kept_answers": "page default" if args.url else not args.no_kept_answers})
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / f"{args.out}.json").write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    ok = result["errors"] == 0 and result["answers_differing"] == 0 and result["p95_s"] <= TARGET_P95_S
    md = [f"# Chat page under load: {result['users']} users × {result['questions_each']} questions",
          "", f"index: {where}; measured {result['measured_at']} on 127.0.0.1; answers kept per question: "
          f"{result['kept_answers']}", "",
          "| what | figure | target |", "| --- | --- | --- |",
          f"| per answer p50 / p95 / max | {result['p50_s']} s / {result['p95_s']} s / {result['max_s']} s | p95 ≤ {TARGET_P95_S} s |",
          f"| answer with its chart shown or hidden (the chart's own requests after it), p95 | "
          f"{result['with_chart_p95_s']} s ({result['answers_with_chart']} answers) | ≤ {TARGET_P95_S} s |",
          f"| errors | {result['errors']} of {result['requests']} | 0 |",
          f"| answers differing from the same conversation asked in this process | {result['answers_differing']} | 0 |",
          f"| wall time, throughput | {result['wall_s']} s, {result['answers_per_s']} answers/s | |",
          f"| the page's CPU per answer (chart requests included) | {result['server_cpu_ms_per_answer']} ms | |",
          f"| machine load average (1 min) before / after | {result['load_average_1m'][0]} / "
          f"{result['load_average_1m'][1]} (2 cores, shared) | |"]
    (REPORTS / f"{args.out}.md").write_text("\n".join(md) + "\n", encoding="utf-8")
    print("\n".join(md))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
