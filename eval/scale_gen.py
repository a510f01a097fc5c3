"""Generated filings for the scale benchmark: copies of corpus/'s text filing under other names.

Filing k is department k // 8 in year 2019 + k % 8, so N filings are ⌈N/8⌉ departments with up
to eight years each, as a district's archive would hold them. Each copy renames the department
(district + bureau, drawn without repeats from the lists below by a seeded shuffle), moves the
filing's years (its own, the year before, the one before that) to its year, and multiplies every
money amount by a whole factor drawn per filing (1–9). A whole factor keeps every identity the
filing prints exact — a total stays the sum of its parts, a growth rate stays what its amounts
give — so the parsed figures are the seed's times the factor and answers can be checked exactly.

Which numbers are money: a number written before 元 or 万, and a bare number standing alone between
spaces on a line (the flattened tables print amounts so), unless it is a year, a code or a phone
number (five digits or more with no decimals) or is followed by a unit of something else.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED_FILE = ROOT / "corpus" / "东西湖区城市运行管理中心2025年部门预算.txt"
SEED_DEPARTMENT, SEED_DISTRICT, SEED_YEAR = "东西湖区城市运行管理中心", "东西湖区", 2025
YEARS = tuple(range(2019, 2027))

DISTRICTS = ("黄浦区", "徐汇区", "长宁区", "静安区", "虹口区", "杨浦区", "闵行区", "宝山区", "嘉定区", "金山区",
             "松江区", "青浦区", "奉贤区", "崇明区", "江岸区", "江汉区", "硚口区", "汉阳区", "武昌区", "青山区",
             "洪山区", "汉南区", "蔡甸区", "江夏区", "黄陂区", "新洲区", "鼓楼区", "玄武区", "秦淮区", "建邺区")
BUREAUS = ("发展和改革委员会", "教育局", "科学技术和经济信息化局", "民政局", "司法局", "人力资源和社会保障局",
           "生态环境局", "住房和城乡建设管理委员会", "交通运输局", "农业农村委员会", "商务委员会", "文化和旅游局",
           "卫生健康委员会", "退役军人事务局", "应急管理局", "审计局", "市场监督管理局", "统计局", "医疗保障局",
           "城市运行管理中心", "数据局", "档案局", "体育局", "规划和自然资源局", "绿化和市容管理局", "水务局",
           "房屋管理局", "民族宗教事务委员会", "信访办公室", "国有资产监督管理委员会", "机关事务管理局", "城市管理执法局")

_YEAR = re.compile(r"(?<![\d.])20(2[345])(?![\d.])")
# one pass, so an amount is scaled once: before 元/万元 (even across a line break), or a bare token
_AMOUNT = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)(?=\s*[万元])|(?<!\S)(\d+(?:\.\d{1,2})?)(?!\S)")


@dataclass(frozen=True)
class GenFiling:
    department: str
    year: int
    factor: int

    @property
    def name(self) -> str:
        return f"{self.department}{self.year}年部门预算.txt"


def plan(n: int, seed: int = 10) -> list[GenFiling]:
    """The N filings: departments in a seeded order, eight years each, a factor per filing."""
    rng = random.Random(seed)
    pairs = [(d, b) for d in DISTRICTS for b in BUREAUS]
    rng.shuffle(pairs)
    n_dept = -(-n // len(YEARS))
    if n_dept > len(pairs):
        raise ValueError(f"at most {len(pairs) * len(YEARS)} filings can be generated, asked for {n}")
    return [GenFiling(department="".join(pairs[k // len(YEARS)]), year=YEARS[k % len(YEARS)], factor=rng.randint(1, 9))
            for k in range(n)]


def _scale(number: str, factor: int) -> str:
    return str(Decimal(number) * factor)


def _is_money_token(token: str) -> bool:
    if "." not in token and (len(token) >= 5 or 1990 <= int(token) <= 2100):
        return False  # a code, a phone number or a year
    return True


def render(g: GenFiling, text: str) -> str:
    """The seed's text as filing `g`: renamed, moved to its year, amounts times its factor."""
    out = text.replace(SEED_DEPARTMENT, g.department)
    district = g.department[:g.department.index("区") + 1]
    out = out.replace(SEED_DISTRICT, district).replace(SEED_DISTRICT[:-1], district[:-1])
    out = _YEAR.sub(lambda m: str(g.year - (SEED_YEAR - int("20" + m.group(1)))), out)
    if g.factor == 1:
        return out

    def amount(m: re.Match) -> str:
        if m.group(1):
            return _scale(m.group(1), g.factor)
        return _scale(m.group(2), g.factor) if _is_money_token(m.group(2)) else m.group(2)

    return _AMOUNT.sub(amount, out)


def generate(n: int, folder: Path, seed: int = 10) -> list[GenFiling]:
    """Write the N filings into `folder` (UTF-8, as the seed), returning what each one is."""
    folder.mkdir(parents=True, exist_ok=True)
    text = SEED_FILE.read_text(encoding="utf-8")
    filings = plan(n, seed)
    for g in filings:
        (folder / g.name).write_text(render(g, text), encoding="utf-8")
    return filings
