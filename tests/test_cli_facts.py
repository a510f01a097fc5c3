"""`facts` shows a value in the unit the filing printed it in; `--json` keeps money in 元 and
names the filing's kind at full resolution."""

from __future__ import annotations

import contextlib
import io
import json

from assistant.cli import main


def _run(*argv: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        assert main(list(argv)) == 0
    return out.getvalue()


def test_text_shows_the_printed_unit(corpus_index):
    # 商务委 单位预算 p21: 机关运行经费预算数 171.01 (单位:万元)
    text = _run("facts", "--index", str(corpus_index.dir), "--doc", "商务委员会2025年单位预算", "--grep", "机关运行经费")
    line = next(ln for ln in text.splitlines() if " p21 | 机关运行经费 |" in ln)
    assert "| 171.01万元 |" in line and "1710100" not in line


def test_json_keeps_yuan_and_carries_the_filing_kind(corpus_index):
    text = _run("facts", "--index", str(corpus_index.dir), "--doc", "商务委员会2025年单位预算", "--grep", "机关运行经费",
                "--json")
    rows = [json.loads(ln) for ln in text.splitlines()]
    row = next(r for r in rows if r["page"] == 21 and r["subject"] == "机关运行经费")
    assert (row["value"], row["unit"], row["kind"], row["filing_kind"]) == (1710100.0, "万元", "预算", "单位预算")
    assert row["doc"] == "上海市普陀区商务委员会2025年单位预算"
