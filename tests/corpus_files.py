"""The eighteen filings of corpus/ by short name (imported by tests; not a conftest, so no name clash)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"

# Short names for the eighteen filings of corpus/ (_dw: a 单位预算, _js: a 决算).
FILINGS = {
    "wanli2023": "上海市普陀区人民政府万里街道办事处2023年部门预算.pdf",
    "wanli2024": "上海市普陀区人民政府万里街道办事处2024年部门预算.pdf",
    "wanli2025": "上海市普陀区人民政府万里街道办事处2025年部门预算.pdf",
    "putuo_js2024": "上海市普陀区财政局2024年度部门决算.pdf",
    "putuo2025": "上海市普陀区财政局2025年部门预算.pdf",
    "shczj2025": "上海市财政局2025年部门预算.pdf",
    "seed": "东西湖区城市运行管理中心2025年部门预算.txt",
    "jsjcy2017": "江苏省人民检察院2017年部门预算.pdf",
    "jsjcy2018": "江苏省人民检察院2018年部门预算.pdf",
    "jsjcy2019": "江苏省人民检察院2019年部门预算.pdf",
    "swj2025": "上海市普陀区商务委员会2025年部门预算.pdf",
    "swj_dw2025": "上海市普陀区商务委员会2025年单位预算.pdf",
    "ptzfb2025": "上海市普陀区人民政府办公室2025年部门预算.pdf",
    "ghzy_js2024": "上海市普陀区规划和自然资源局2024年度部门决算.pdf",
    "shgzb_js2024": "中共上海市普陀区委社会工作部2024年度部门决算.pdf",
    "fly_dw2024": "上海市普陀区社会福利院2024年单位预算.pdf",
    "jsfy2018": "江苏省高级人民法院2018年部门预算.pdf",
    "jsfy2019": "江苏省高级人民法院2019年部门预算.pdf",
}

# Each filing's identity as its cover prints it, read by eye: (department, year, filing kind).
# 上海市财政局's file is named 部门预算 but its cover reads "上海市2025年市级单位预算 / 预算单位：上海市财政局".
IDENTITY = {
    "wanli2023": ("上海市普陀区人民政府万里街道办事处", 2023, "部门预算"),
    "wanli2024": ("上海市普陀区人民政府万里街道办事处", 2024, "部门预算"),
    "wanli2025": ("上海市普陀区人民政府万里街道办事处", 2025, "部门预算"),
    "putuo_js2024": ("上海市普陀区财政局", 2024, "部门决算"),
    "putuo2025": ("上海市普陀区财政局", 2025, "部门预算"),
    "shczj2025": ("上海市财政局", 2025, "单位预算"),
    "seed": ("东西湖区城市运行管理中心", 2025, "部门预算"),
    "jsjcy2017": ("江苏省人民检察院", 2017, "部门预算"),
    "jsjcy2018": ("江苏省人民检察院", 2018, "部门预算"),
    "jsjcy2019": ("江苏省人民检察院", 2019, "部门预算"),
    "swj2025": ("上海市普陀区商务委员会", 2025, "部门预算"),
    "swj_dw2025": ("上海市普陀区商务委员会", 2025, "单位预算"),
    "ptzfb2025": ("上海市普陀区人民政府办公室", 2025, "部门预算"),
    "ghzy_js2024": ("上海市普陀区规划和自然资源局", 2024, "部门决算"),
    "shgzb_js2024": ("中共上海市普陀区委社会工作部", 2024, "部门决算"),
    "fly_dw2024": ("上海市普陀区社会福利院", 2024, "单位预算"),
    "jsfy2018": ("江苏省高级人民法院", 2018, "部门预算"),
    "jsfy2019": ("江苏省高级人民法院", 2019, "部门预算"),
}


def title_of(key: str) -> str:
    """The title a filing is known by: department, year (年度 for a 决算), kind."""
    dept, year, kind = IDENTITY[key]
    return f"{dept}{year}年{'度' if kind.endswith('决算') else ''}{kind}"


TITLES = {key: title_of(key) for key in FILINGS}

# The gold question sets (eval/gold/dev.jsonl, blind.jsonl) were written over these ten; the eight
# filings added for issue 8 are checked figure by figure in tests/parsers/test_more_filings.py.
GOLD_FILINGS = ("wanli2023", "wanli2024", "wanli2025", "putuo_js2024", "putuo2025", "shczj2025", "seed",
                "jsjcy2017", "jsjcy2018", "jsjcy2019")
