"""The same question gets the same answer in every process: no answer may depend on set order
(Python's hash seed). Found on a question asking for the 合计 of a street office's 一般公共预算
基本支出, which some seeds answered by adding 一般公共预算 + 基本支出 + 支出合计 — the same money
counted twice, yet 'verified' as a sum."""

import json
import os
import subprocess
import sys

from corpus_files import ROOT

Q = "2025年度万里街道一般公共预算基本支出的合计数是多少？"


def test_fund_scope_before_an_item_qualifies_it_and_合计_is_its_total(corpus_index):
    from assistant.answer.engine import Engine

    a = Engine(corpus_index).ask(Q)
    # 万里街道2025 p28: 一般公共预算基本支出 经济分类 表 合计 101,341,746元
    assert a.status == "answered"
    assert "101,341,746元（约10,134.17万元）" in a.answer and "相加得出" not in a.answer
    assert all(f.value != 480876848.0 for f in a.figures)


def test_answers_do_not_depend_on_the_hash_seed(corpus_index):
    outs = set()
    for seed in ("0", "1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        r = subprocess.run([sys.executable, "-m", "assistant", "ask", Q, "--index", str(corpus_index.dir), "--json"],
                           cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
        assert r.returncode == 0, r.stderr
        outs.add(json.dumps(json.loads(r.stdout), ensure_ascii=False, sort_keys=True))
    assert len(outs) == 1
