"""Money printed in a unit that cannot be right: "1331.5元" where the filing means 万元."""

from __future__ import annotations

import re

from assistant.amounts import AMOUNT_RE, Amount
from assistant.audit.findings import Discrepancy, Place, amt, finding
from assistant.ontology import clean_label
from assistant.types import Fact


def check_units(fs: list[Fact], pages: list[tuple[int, str]]) -> list[Discrepancy]:
    """Money printed in 元 where the filing means 万元: flagged facts, and 元 figures beside 万元
    figures in one sentence whose ×10000 is a 万元 figure printed elsewhere in the filing."""
    out = []
    seen: set[tuple] = set()
    wan = {a.printed for _, text in pages for m, a in _amounts(text) if a.unit == "万元"}
    for f in fs:
        if "unit_suspect" in f.flags and f.value is not None:
            a = amt(f)
            seen.add((f.page, a.printed))
            meant = Amount(a.printed, "万元", a.decimals)
            out.append(finding(fs, "unit_suspect", f.subject, [f], meant.value - a.value, False,
                               _unit_text(f.page, f.quote or str(a), a, meant)))
    for page, text in pages:
        for sentence in re.split(r"[。；\n]", text.replace("\n", "")):
            found = _amounts(sentence)
            if not any(a.unit == "万元" for _, a in found):
                continue
            for m, a in found:
                if a.unit == "元" and a.printed in wan and (page, a.printed) not in seen:
                    seen.add((page, a.printed))
                    meant = Amount(a.printed, "万元", a.decimals)
                    quote = sentence.strip()
                    p = Place(page=page, quote=quote, value=float(a.value), printed=m.group(), source="prose")
                    f0 = fs[0]
                    out.append(Discrepancy(doc=f0.doc, doc_id=f0.doc_id, kind="unit_suspect",
                                           subject=_subject_before(sentence, m.start()), places=[p],
                                           gap=float(meant.value - a.value), rounding=False,
                                           explanation=_unit_text(page, quote, a, meant)))
    return out


def _amounts(text: str) -> list[tuple[re.Match[str], Amount]]:
    return [(m, a) for m in AMOUNT_RE.finditer(text) if (a := Amount.parse(m.group("num"), m.group("unit")))]


def _subject_before(sentence: str, pos: int) -> str:
    head = re.split(r"[，,：:]", sentence[:pos])[-1]
    return clean_label(re.sub(r"(?:19|20)\d\d\s*年", "", head)) or "金额"


def _unit_text(page, quote: str, a: Amount, meant: Amount) -> str:
    return (f"第{page}页“{quote[:60]}”中写作 {a}，而同一文件其他处印作 {meant}（{meant.value:,.0f}元）；"
            f"按上下文应为 {meant}，疑漏写“万”字。")
