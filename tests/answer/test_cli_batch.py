"""The `ask` contract: one JSON line per question, in order, whatever happens to a question;
and an index reopened in another process answers the same."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
QUESTIONS = ["东西湖区城运中心三公经费是多少", "万里街道公车2025年的花费是多少", "城运中心网上群众投诉平台项目预算是多少",
             "普陀区教育局三公经费是多少"]


def test_batch_one_line_per_question_even_when_one_fails(mini_index, tmp_path, capsys, monkeypatch):
    from assistant import cli
    from assistant.answer.engine import Engine

    real_ask = Engine.ask

    def flaky(self, question, filters=None, previous=None):
        if "公车" in question:
            raise RuntimeError("forced failure")
        return real_ask(self, question, filters)

    monkeypatch.setattr(Engine, "ask", flaky)
    batch = tmp_path / "q.txt"
    batch.write_text("\n".join(QUESTIONS) + "\n", encoding="utf-8")
    assert cli.main(["ask", "--batch", str(batch), "--index", str(mini_index.dir), "--json"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    answers = [json.loads(ln) for ln in lines]
    assert [a["question"] for a in answers] == QUESTIONS
    assert [a["status"] for a in answers] == ["answered", "error", "conflict", "not_found"]
    assert "forced failure" in answers[1]["answer"]
    for a in answers:
        assert set(a) >= {"question", "status", "answer", "citations", "figures"}


def test_reopened_index_in_new_process_answers_the_same(mini_index, mini_engine):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for q in QUESTIONS[:3]:
        out = subprocess.run([sys.executable, "-m", "assistant", "ask", "--index", str(mini_index.dir), "--json", q],
                             cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
        assert out.returncode == 0, out.stderr
        assert json.loads(out.stdout) == json.loads(mini_engine.ask(q).model_dump_json())
