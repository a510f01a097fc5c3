"""Counts of how a department is built (部门概况 / 机构设置) and of what it holds (国有资产占有
使用情况: cars, equipment, assets). Gold figures read off the printed page (noted)."""

from decimal import Decimal

from test_prose import has


def _prose(facts_of, key):
    return [f for f in facts_of(key) if f.source == "prose"]


def test_jiangsu_profile_counts(facts_of):
    # 2017 p7 三、部门机构设置和所属单位情况: "行政政法人员编制 496 人，机构设置包括 23 个内设机构、
    # 2 个下属事业单位和 2 个派出机构"
    fs = _prose(facts_of, "jsjcy2017")
    f = has(fs, "编制人数", "数量", 496, page=7, unit="人")
    assert f.column == "行政政法人员编制" and "496 人" in f.quote
    assert f.locator.startswith("第一部分 部门概况 › 三、部门机构设置")
    has(fs, "内设机构数", "数量", 23, page=7, unit="个")
    has(fs, "下属事业单位数", "数量", 2, page=7)
    has(fs, "派出机构数", "数量", 2, page=7)
    # 2018 p5 "本部门包括19个内设机构" (the boxed text is also read as a table: one fact only)
    fs = _prose(facts_of, "jsjcy2018")
    assert len([f for f in fs if f.subject == "内设机构数"]) == 1
    has(fs, "内设机构数", "数量", 19, page=5)
    # 2019 p5 "…行政装备处等21个内设机构" / "预算单位共计3家"
    fs = _prose(facts_of, "jsjcy2019")
    has(fs, "内设机构数", "数量", 21, page=5)
    has(fs, "预算单位数", "数量", 3, page=5, unit="家")


def test_shanghai_profile_counts(facts_of):
    # 上海市财政局 2025 p4 "上海市财政局设22个内设机构"
    has(_prose(facts_of, "shczj2025"), "内设机构数", "数量", 22, page=4, unit="个")
    # 万里 2025 p4 "包括万里街道本部以及下属 5 家预算单位"; 普陀财政局 2025 p5 "下属0家预算单位"
    has(_prose(facts_of, "wanli2025"), "预算单位数", "数量", 5, page=4, unit="家")
    has(_prose(facts_of, "putuo2025"), "预算单位数", "数量", 0, page=5)
    # a profile's duties ("管理…机构设置及人员编制") hold no count
    assert not [f for f in _prose(facts_of, "jsjcy2018") if f.subject == "编制人数"]


def test_equipment_counts_are_not_their_price_threshold(facts_of):
    # 普陀财政局 2024 决算 p24 "单价100万元（含）以上设备（不含车辆）2台（套）"
    fs = _prose(facts_of, "putuo_js2024")
    f = has(fs, "设备数", "数量", 2, page=24, unit="台（套）")
    assert f.column == "单价100万元（含）以上设备（不含车辆）"
    assert not [g for g in fs if g.subject == "设备数" and g.value == 100]
    # 上海市财政局 2025 p21: "…单价100万元（含）以上设备（不含车辆）1台（套）" after the cars: no 车辆 row
    f = has(_prose(facts_of, "shczj2025"), "设备数", "数量", 1, page=21)
    assert f.row is None
    has(_prose(facts_of, "shczj2025"), "购置设备数", "数量", 0, page=21)
    # 江苏 2019 p32 "单价20万元（含）以上的设备63台（套）"
    has(_prose(facts_of, "jsjcy2019"), "设备数", "数量", 63, page=32, unit="台（套）")


def test_wanli2023_assets(facts_of):
    # p29 五、国有资产占有情况: "截止2022年12月31日，本部门流动资产448.82万元。固定资产3149.52万元，
    # 其中：房屋14609.83平方米；车辆7辆（一般公务用车3辆，执法执勤用车4辆，…）；单价50万元以上通用设备
    # 0台/套；专用设备818台/套（其中：单价100万元以上专用设备0台/套）；其他固定资产0万元。…
    # 在建工程1项12277.73万元。无形资产471项234.37万元。"
    fs = _prose(facts_of, "wanli2023")
    has(fs, "流动资产", "金额", 4488200, page=29, unit="万元")
    has(fs, "固定资产", "金额", 31495200, page=29, unit="万元")
    assert {f.value for f in fs if f.subject == "固定资产"} == {Decimal("31495200")}  # 其他固定资产 is not it
    has(fs, "一般公务用车", "数量", 3, page=29, row="车辆")
    has(fs, "执法执勤用车", "数量", 4, page=29, row="车辆")
    f = has(fs, "设备数", "数量", 818, page=29, unit="台/套")
    assert f.column == "专用设备"
    f = has(fs, "设备数", "数量", 0, page=29, row="专用设备")
    assert f.column == "单价100万元以上专用设备"
    has(fs, "在建工程", "金额", 122777300, page=29)
    has(fs, "无形资产", "金额", 2343700, page=29)


def test_seed_assets(facts_of):
    # p32 "占有使用国有资产 485.73万元 … 2024年新增国有资产235.9万元"
    fs = _prose(facts_of, "seed")
    has(fs, "国有资产", "金额", 4857300, page=32)
    has(fs, "新增国有资产", "金额", 2359000, page=32)
    assert not [f for f in fs if f.subject == "国有资产" and f.value == Decimal("2359000")]


def test_function_item_in_a_sentence_naming_assets_is_a_budget(facts_of):
    # 普陀财政局 2025 p7: "信息化建设（项）”166.66万元，主要用于…资产管理信息系统维护" is a 预算数
    fs = _prose(facts_of, "putuo2025")
    has(fs, "信息化建设", "预算数", 1666600, page=7)
