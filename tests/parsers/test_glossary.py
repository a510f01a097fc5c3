"""名词解释 entries: canonical term → definition text, with page and locator."""


def _defs(facts_of, key):
    return {f.subject: f for f in facts_of(key) if f.source == "glossary"}


def test_every_filing_defines_sangong_and_jiguan_yunxing(facts_of):
    pages = {"seed": 33, "wanli2023": 5, "wanli2024": 5, "wanli2025": 5, "putuo_js2024": 25,
             "putuo2025": 6, "shczj2025": 5, "jsjcy2017": 25, "jsjcy2018": 30, "jsjcy2019": 33}
    for key, page in pages.items():
        d = _defs(facts_of, key)
        assert {"三公经费", "机关运行经费"} <= set(d), key
        assert d["三公经费"].measure == "定义" and d["三公经费"].value is None
        assert "因公出国" in d["三公经费"].text and "公务接待" in d["三公经费"].text, key
        assert "名词解释" in d["三公经费"].locator, key
        assert d["机关运行经费"].page in (page, page - 1, page + 1), (key, d["机关运行经费"].page)


def test_definitions_are_whole_and_canonical(facts_of):
    d = _defs(facts_of, "wanli2025")                                   # p5, 8 entries
    assert len(d) == 8
    assert d["机关运行经费"].text == "指行政单位和参照公务员法管理的事业单位使用一般公共预算财政拨款安排的基本支出中的日常公用经费支出。"
    assert d["基本支出"].text.endswith("包括人员经费和公用经费两部分。")       # printed as 基本支出预算
    js = _defs(facts_of, "putuo_js2024")                               # p25, 11 entries
    assert len(js) == 11 and js["年初结转和结余"].page == 25
    jsu = _defs(facts_of, "jsjcy2019")                                 # p32–33
    assert jsu["单位预留机动经费"].text == "指预算单位年初预留用于年度执行中增人、增资等不可预见支出的经费。"
    assert jsu["三公经费"].page == 33
    seed = _defs(facts_of, "seed")                                     # p32–33, 7 entries
    assert len(seed) == 7 and seed["项目支出"].page == 33
