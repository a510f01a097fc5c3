"""The ten filings of corpus/ by short name (imported by tests; not a conftest, so no name clash)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"

# Short names for the ten filings of corpus/.
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
}
