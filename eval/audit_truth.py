"""What the audit must find in the unmutated corpus: every real discrepancy each filing prints,
read off its pages and recomputed by hand. A finding outside this list is a false alarm (the
mutation harness counts them; tests/verify/test_audit_corpus.py asserts there are none).

(kind, subject) of every finding that is not 尾差, per filing. Checked by hand:
- seed p7 表11 135万元 vs p19 项目申报表 / p31 说明 131万元; p27 "2025年支出预算 1331.5元" (万 missing);
- 万里2024 p9 住房公积金 350.35万元 and 352.67万元 in one paragraph;
- 万里2023 p35 其中当年财政拨款 11,419,043元 > 项目资金总额 10,903,043元; p7 item 16 职业年金缴费支出（项）
  "220.63万元" (p12 table 2,206,272元) then "2023年预算安排441.25万元" (item 15's 养老保险 figure);
- 普陀决算 p21 一般公共服务支出 "占71.73%", 2106.66/2940.05 = 71.65%; p21 "财政拨款收入支出总计0.3万元"
  where the 财政拨款收入支出决算总表 (p13) prints 总计 2,961.68;
- 江苏2017 p22 机关运行经费 "增长129.97%", 3401.59/2630.96 = 129.29%; p10/p11 基本支出 12,323.48 vs p19 12,323.46;
  p13 "七、政府性基金支出预算表" printed with a bare 合计 and no note saying why it is empty;
- 江苏2018 p26 21.95% (3958.67/17996.68 = 22.00%), 一般行政管理事务 0.06% (21.8/3644.2 = 0.60%),
  检察监督 降幅0.66% (134/2029 = 6.60%);
- 江苏2019 p25–26 10.06% (2214.39/21955.35 = 10.09%), 项目支出 13.22% (1237.7/5573 = 22.21%),
  住房公积金 34.38% (368.97/1073.77 = 34.36%);
- 规划资源局决算 p24 "一般公共预算财政拨款基本支出5377.64万元" where its own table p15 (and p16 人员经费合计
  4884.09 + 公用经费合计 480.66) says 5364.75 (5377.64 is p10's 基本支出 of all funds); p7 heads the tables
  "上海市规划和自然资源局2024年度部门决算表" — the city's bureau, not 上海市普陀区规划和自然资源局 (the cover);
  p25 "减少 0.15 万元，下降（增长）27.78%": the template's alternative word left in;
- 社会工作部决算 p18 "年初预算为 0 万元，全年预算为321.02万元，支出决算为307.82万元，完成年初预算的95.89%":
  95.89% is 307.82/321.02, of the 全年预算 (wording);
- 上海市财政局2025 p15 and p16 (政府性基金 / 国有资本经营 预算支出功能分类预算表): empty, no note;
- 江苏高院2018 p19 一般行政事务管理 "减少392.92万元，减少5.95%", 392.92/(6049.97+392.92) = 6.10%; p14
  "十、…政府性基金预算财政拨款支出预算表" empty, no note;
- 江苏高院2019 p23 公务接待费 "占16.93%", 86.95/513.75 = 16.92% (the three shares forced to 100%).
"""

REAL_FINDINGS: dict[str, set[tuple[str, str]]] = {
    "东西湖区城市运行管理中心2025年部门预算": {
        ("cross_place", "城运中心网上群众投诉平台项目"), ("unit_suspect", "支出合计")},
    "上海市普陀区人民政府万里街道办事处2025年部门预算": set(),
    "上海市普陀区人民政府万里街道办事处2024年部门预算": {("cross_place", "住房公积金")},
    "上海市普陀区人民政府万里街道办事处2023年部门预算": {
        ("part_exceeds", "公共服务设施运行经费"), ("cross_place", "机关事业单位职业年金缴费支出")},
    "上海市普陀区财政局2025年部门预算": set(),
    "上海市普陀区财政局2024年度部门决算": {("share", "一般公共服务支出"), ("headline_total", "财政拨款收支总预算")},
    "上海市财政局2025年单位预算": {
        ("empty_table_note", "6．2025年预算单位政府性基金预算支出功能分类预算表"),
        ("empty_table_note", "7．2025年预算单位国有资本经营预算支出功能分类预算表")},
    "江苏省人民检察院2017年部门预算": {
        ("growth_rate", "机关运行经费"), ("cross_place", "基本支出"), ("empty_table_note", "七、政府性基金支出预算表")},
    "江苏省人民检察院2018年部门预算": {
        ("growth_rate", "收支总预算"), ("growth_rate", "一般行政管理事务"), ("growth_rate", "执行等检察监督支出")},
    "江苏省人民检察院2019年部门预算": {
        ("growth_rate", "收支总预算"), ("growth_rate", "项目支出"), ("growth_rate", "住房公积金")},
    "上海市普陀区商务委员会2025年部门预算": set(),
    "上海市普陀区商务委员会2025年单位预算": set(),
    "上海市普陀区人民政府办公室2025年部门预算": set(),
    "上海市普陀区规划和自然资源局2024年度部门决算": {
        ("cross_place", "基本支出"), ("department", "上海市规划和自然资源局"),
        ("change_direction", "“三公”经费财政拨款支出")},
    "中共上海市普陀区委社会工作部2024年度部门决算": {("completion_rate", "一般公共预算财政拨款支出")},
    "上海市普陀区社会福利院2024年单位预算": set(),
    "江苏省高级人民法院2018年部门预算": {
        ("growth_rate", "一般行政事务管理"),
        ("empty_table_note", "十、2018年度江苏省高级人民法院政府性基金预算财政拨款支出预算表")},
    "江苏省高级人民法院2019年部门预算": {("share", "公务接待费")},
}
