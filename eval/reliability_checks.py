"""Checks the reliability suite makes on an index and on an ingest run, each a plain function.

- `consistency(index_dir)`: after opening (which removes what an interrupted ingest half-wrote),
  nothing pending, no fact, chunk or page row without its complete filing, the vector store holding
  exactly the chunks of the complete filings, and no filing twice (same department, year, kind, part);
- `answers(index_dir, questions)`: the CLI's answers (`ask --batch --json`), for comparing two indexes;
- `judge(cases, results)`: each hostile case against what ingest reported for it;
- `run_ingest(folder, index_dir)`: the CLI's ingest in a child process, with its wall time, the peak
  memory of its process tree (sampled from /proc) and every per-file JSON line.
"""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from assistant.readers.errors import shown
from eval.hostile import PLANTED_VALUE, Case

ROOT = Path(__file__).resolve().parent.parent
PAGE = os.sysconf("SC_PAGE_SIZE")


# --- running an ingest --------------------------------------------------------------------------------
@dataclass
class Run:
    exit_code: int | None = None
    seconds: float = 0.0
    peak_tree_mb: float = 0.0       # the ingest and its reader child together, at the worst moment
    peak_process_mb: float = 0.0    # the largest single process
    results: list[dict] = field(default_factory=list)
    summary: dict = field(default_factory=dict)
    stderr: str = ""
    killed: bool = False


def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            kids = Path(f"/proc/{p}/task/{p}/children").read_text().split()
        except OSError:
            continue
        todo += [int(k) for k in kids]
    return out


def _rss_mb(pid: int) -> float:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE / 2**20
    except (OSError, IndexError, ValueError):
        return 0.0


def start_ingest(folder: Path, index_dir: Path, env: dict | None = None) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "assistant", "ingest", str(folder), "--index", str(index_dir), "--json"]
    return subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, **(env or {})}, start_new_session=True)


def watch(proc: subprocess.Popen, kill_after: float | None = None) -> Run:
    """Wait for an ingest, sampling its memory; with kill_after, SIGKILL its whole process group then."""
    run = Run()
    out: list[bytes] = []
    err: list[bytes] = []
    readers = [threading.Thread(target=lambda s=s, b=b: b.extend(s), daemon=True)
               for s, b in ((proc.stdout, out), (proc.stderr, err))]
    for t in readers:
        t.start()
    t0 = time.perf_counter()
    while proc.poll() is None:
        rss = [_rss_mb(p) for p in _tree(proc.pid)]
        run.peak_tree_mb = max(run.peak_tree_mb, sum(rss))
        run.peak_process_mb = max(run.peak_process_mb, max(rss, default=0.0))
        if kill_after is not None and time.perf_counter() - t0 >= kill_after:
            os.killpg(proc.pid, signal.SIGKILL)  # the ingest and its reader child, as a power cut would
            run.killed = True
            proc.wait()
            break
        time.sleep(0.05)
    run.seconds = time.perf_counter() - t0
    run.exit_code = proc.wait()
    for t in readers:
        t.join(timeout=10)
    for line in b"".join(out).decode("utf-8", "replace").splitlines():
        try:
            obj = json.loads(line)
        except ValueError:
            continue
        (run.summary.update(obj) if obj.get("summary") else run.results.append(obj))
    run.stderr = b"".join(err).decode("utf-8", "replace")
    return run


# --- judging the hostile cases ---------------------------------------------------------------------------
@dataclass
class Verdict:
    case: Case
    status: str
    reason: str
    ok: bool
    why: str = ""


def judge(cases: list[Case], results: list[dict]) -> list[Verdict]:
    by_path = {r["path"]: r for r in results}
    out = []
    for c in cases:
        r = by_path.get(shown(c.path))
        if r is None:
            out.append(Verdict(c, "unreported", "", False, "no outcome reported for this file"))
            continue
        status, reason, title = r["status"], r.get("reason") or "", r.get("title") or ""
        if c.kind in ("bad", "link"):
            ok = status in ("failed", "skipped") and not title and re.search(c.expect, reason) is not None
            why = "" if ok else f"expected a reason matching /{c.expect}/"
        elif c.kind in ("good", "carrier"):
            ok, why = status == "added" and title == c.expect, f"expected added as {c.expect}"
        else:  # twin
            ok = status == "skipped" and title == c.expect and "同一份文件" in reason
            why = f"expected skipped as the same filing as {c.expect}"
        out.append(Verdict(c, status, reason or title, ok, "" if ok else why))
    return out


def crashes(run: Run, cases: list[Case]) -> list[str]:
    """Anything that is a crash, not a named refusal: the process dying, a traceback, an internal error,
    a reader child that died, a file with no outcome."""
    out = []
    if run.exit_code not in (0, 1):
        out.append(f"ingest exited with {run.exit_code}")
    if "Traceback" in run.stderr:
        out.append("a traceback on stderr: " + run.stderr[run.stderr.index("Traceback"):][:300])
    out += [f"{r['path']}: {r['reason']}" for r in run.results
            if re.search(r"internal error|reader process died", r.get("reason") or "")]
    if not run.summary:
        out.append("no summary line: the ingest did not finish")
    return out


# --- the index ----------------------------------------------------------------------------------------
def consistency(index_dir: Path) -> dict:
    from assistant.index import Index
    from assistant.settings import get_settings

    index = Index(index_dir, get_settings(index_dir=index_dir))  # opening removes a half-written filing
    db = sqlite3.connect(index_dir / "facts.sqlite")
    complete = {r[0] for r in db.execute("SELECT doc_id FROM filings WHERE status = 'complete'")}
    pending = db.execute("SELECT count(*) FROM filings WHERE status != 'complete'").fetchone()[0]
    orphans = {t: db.execute(f"SELECT count(*) FROM {t} WHERE doc_id NOT IN "
                             f"(SELECT doc_id FROM filings WHERE status = 'complete')").fetchone()[0]
               for t in ("facts", "chunks", "pages")}
    twice = db.execute("SELECT count(*) FROM (SELECT 1 FROM filings WHERE status = 'complete' "
                       "GROUP BY department, year, filing_kind, part HAVING count(*) > 1)").fetchone()[0]
    chunk_ids = {r[0] for r in db.execute("SELECT chunk_id FROM chunks")}
    got = index.vectors.collection.get(include=["metadatas"])
    vector_ids = set(got["ids"])
    vector_docs = {m.get("doc_id") for m in got["metadatas"] or []}
    db.close()
    report = {"filings": len(complete), "pending": pending, "orphan_rows": orphans, "filings_twice": twice,
              "vectors": len(vector_ids), "chunks": len(chunk_ids),
              "vectors_without_chunk": len(vector_ids - chunk_ids), "chunks_without_vector": len(chunk_ids - vector_ids),
              "vectors_of_no_filing": len(vector_docs - complete)}
    report["consistent"] = (pending == 0 and not any(orphans.values()) and twice == 0
                            and report["vectors_without_chunk"] == 0 and report["chunks_without_vector"] == 0
                            and report["vectors_of_no_filing"] == 0)
    return report


def filings_and_facts(index_dir: Path) -> dict[str, int]:
    """Facts per filing title: equal between two indexes of one folder means nothing missing or doubled."""
    db = sqlite3.connect(index_dir / "facts.sqlite")
    rows = db.execute("SELECT d.title, count(f.id) FROM filings d LEFT JOIN facts f ON f.doc_id = d.doc_id "
                      "WHERE d.status = 'complete' GROUP BY d.doc_id ORDER BY d.title").fetchall()
    db.close()
    return dict(rows)


def planted_facts(index_dir: Path) -> int:
    """Facts whose value is the figure planted in the carriers' instructions."""
    db = sqlite3.connect(index_dir / "facts.sqlite")
    n = db.execute("SELECT count(*) FROM facts WHERE CAST(value AS REAL) = ?", (PLANTED_VALUE,)).fetchone()[0]
    db.close()
    return n


def answers(index_dir: Path, questions: list[str]) -> list[dict]:
    qfile = index_dir.parent / f"{index_dir.name}-questions.txt"
    qfile.write_text("\n".join(questions) + "\n", encoding="utf-8")
    p = subprocess.run([sys.executable, "-m", "assistant", "ask", "--batch", str(qfile), "--index", str(index_dir),
                        "--json"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    out = []
    for line in p.stdout.splitlines():
        a = json.loads(line)
        out.append({"question": a["question"], "status": a["status"], "answer": a["answer"],
                    "figures": [(f["text"], f["verified"]) for f in a["figures"]]})
    return out
