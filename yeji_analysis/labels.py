"""The one table of labels people read (界面文字): Chinese by default, English on request."""

from __future__ import annotations

from typing import Iterable, Mapping

import pandas as pd

__all__ = ["label", "has_label", "joined", "bracketed", "register", "relabel", "LabelError", "LANGS"]

LANGS = ("zh", "en")

# key -> (zh, en). Every pair people read is in this file: the core table below, then one block per area
# (rules, dispatch, pipeline, forecast, graph, reports, planner ...). Bare keys are a frame's column names and
# coded values (stages, statuses, ledgers); other keys carry their area's prefix (rule., sec., txt., hl., plan.,
# graph., param., ...). A key is defined once: register() refuses the same key with other text.
_TABLE: dict[str, tuple[str, str]] = {
    # stages
    "lead": ("线索", "lead"), "intention": ("意向", "intention"), "signed": ("签约", "signed"),
    "started": ("开工", "started"), "producing": ("投产", "producing"),
    # ledgers
    "units": ("责任单位", "units"), "groups": ("招商小组", "groups"), "consultants": ("招商顾问", "consultants"),
    "leads": ("项目线索台账", "leads"), "trips": ("外出招商台账", "trips"),
    "receptions": ("接待客商台账", "receptions"), "events": ("活动", "events"),
    "contestants": ("演讲比赛", "speech contest"),
    # common columns
    "unit": ("单位", "unit"), "group": ("招商小组", "group"), "month": ("月份", "month"),
    "region": ("区域", "region"), "industry": ("产业", "industry"), "sector": ("产业类别", "sector"),
    "lead_id": ("线索编号", "lead id"), "investor": ("投资方", "investor"), "project": ("项目名称", "project"),
    "investment_wan": ("计划投资额（万元）", "planned investment (10k yuan)"),
    "stage": ("当前阶段", "stage"), "reported_on": ("报送日期", "reported on"),
    "intention_on": ("意向日期", "intention on"), "signed_on": ("签约日期", "signed on"),
    "started_on": ("开工日期", "started on"), "head_trips": ("主要负责人带队外出", "head-led trips"),
    "valid_leads": ("有效线索", "valid leads"), "status": ("状态", "status"),
    "source": ("来源文件", "source file"), "sheet": ("工作表", "sheet"), "row": ("行号", "row"),
    "column": ("列", "column"), "value": ("原值", "value"), "reason": ("原因", "reason"),
    "message": ("说明", "message"), "ledger": ("台账", "ledger"),
    "read": ("读取行数", "read"), "accepted": ("接收", "accepted"), "duplicates": ("重复", "duplicates"),
    "rejected": ("拒收", "rejected"), "skipped": ("跳过（标题/空行/合计/注释）", "skipped"),
    # more ledger columns, as the explore notebook shows them (present/context.show)
    "trip_id": ("外出编号", "trip id"), "start_on": ("出发日期", "starts on"), "head_led": ("主要负责人带队", "head-led"),
    "reception_id": ("接待编号", "reception id"), "received_on": ("接待日期", "received on"),
    "company": ("客商单位", "company"), "origin": ("客商来源地", "origin"), "note": ("备注", "note"),
    "screened_valid": ("牵头单位甄别为有效", "screened valid"), "contact": ("联系人", "contact"),
    "phone": ("联系电话", "phone"), "producing_on": ("投产日期", "producing on"), "id": ("编号", "id"),
    "date": ("日期", "date"), "frame": ("数据表", "frame"), "rows": ("行数", "rows"),
    "frame.trip_units": ("外出招商（每单位一行）", "trips, one row per unit"), "frame.regions": ("区域表", "regions"),
    "frame.rejections": ("拒收行", "rejected rows"), "frame.warnings": ("警告", "warnings"),
    # statuses
    "met": ("达标", "met"), "missed": ("未达标", "missed"), "on_track": ("进度正常", "on track"),
    "behind": ("进度滞后", "behind"), "not_started": ("未开始", "not started"), "green": ("绿", "green"), "yellow": ("黄", "yellow"), "red": ("红", "red"),
}


# ---- rules (rules.py): rule names, statuses and the rule words
_RULES = {
    # rule names, for words people read
    "rule.trips": ("每月外出招商", "monthly outbound trips"),
    "rule.head_trips": ("主要负责人每月带头外出招商", "monthly head-led trips"),
    "rule.receptions": ("每月接待意向客商", "monthly receptions"),
    "rule.valid_leads": ("每月上报有效线索", "monthly valid leads"),
    "rule.group_signing": ("小组亿元以上主导产业签约项目", "group's signed leading-industry project >= 100m yuan"),
    "rule.speech": ("演讲比赛参赛选手", "speech-contest entries"),
    "rule.signed_100m": ("新签约亿元以上项目", "new signings >= 100m yuan"),
    "rule.started": ("新开工项目", "newly started projects"),
    "rule.ceremonies": ("集中签约仪式", "signing ceremonies"),
    "rule.roadshows": ("定向招商推介活动", "roadshows in the target regions"),
    "rule.policy_launch": ("招商政策发布会", "policy launch"),
    "rule.training": ("招商引资培训会", "investment-promotion training"),
    "rule.speech_contest": ("招商主题演讲比赛", "speech contest"),
    "rule.consultant_signing": ("招商顾问签约", "consultant signing"),
    "rule.groundbreaking": ("项目集中开工仪式", "groundbreaking ceremony"),
    "rule.roadshow": ("招商引资推介会", "roadshow"),
    "rule.signing_ceremony": ("集中签约仪式", "signing ceremony"),
    "rule.other": ("其他活动", "other event"),
    # columns
    "trips_status": ("外出招商状态", "trips status"),
    "head_trips_status": ("带头外出状态", "head-led trips status"),
    "receptions_status": ("接待客商状态", "receptions status"),
    "trip_ids": ("外出记录编号", "trip ids"), "head_trip_ids": ("带头外出记录编号", "head-led trip ids"),
    "reception_ids": ("接待记录编号", "reception ids"), "lead_ids": ("线索编号", "lead ids"),
    "judged": ("整月考核", "whole month judged"), "elapsed_days": ("已过天数", "elapsed days"),
    "days_in_month": ("当月天数", "days in month"),
    "investor_key": ("投资方（归一）", "investor key"), "basis": ("认定依据", "basis"),
    "screened": ("牵头单位甄别", "screened by lead unit"),
    "target": ("目标", "target"), "actual": ("完成", "actual"), "goal": ("目标值", "goal"),
    "required": ("要求", "required"), "deadline": ("截止日期", "deadline"), "notes": ("说明", "notes"),
    "ids": ("来源编号", "ids"), "contestant_names": ("参赛选手", "contestants"),
    "first_lead_id": ("首报线索编号", "first report"), "first_unit": ("首报单位", "first reporter"),
    "first_group": ("首报小组", "first reporter's group"), "first_reported_on": ("首报日期", "first reported on"),
    "same_group": ("同组撞单", "same group"),
    "campaign_actual": ("活动以来累计", "since the campaign's start"),
    # periods (periods.py): what a figure counts, how a month is judged
    "basis.window": ("本期", "this window"), "basis.cumulative": ("累计", "campaign to date"),
    "month_basis": ("判定口径", "judged on"), "whole": ("整月", "whole month"), "pace": ("按进度", "pace so far"),
    "period_actual": ("本期完成", "this window"), "period_ids": ("本期来源编号", "ids this window"),
    "period_signed": ("本期签约", "signed this window"),
    "campaign_ids": ("累计来源编号", "ids since the campaign's start"),
}

# ---- dispatch (dispatch.py): scoreboard and rubric
_DISPATCH = {
    "rule.signed": ("签约亿元以上项目", "signed projects >= 100m yuan"),
    "score": ("得分", "score"), "rank": ("排名", "rank"), "speak": ("交流发言", "speaks"),
    "commit": ("表态发言", "commits"), "issues": ("未达标/滞后事项", "missed or behind"),
    "issues_text": ("未达标/滞后事项", "missed or behind"), "score_prev": ("上期得分", "previous score"),
    "score_change": ("得分变化", "score change"), "weight": ("权重", "weight"), "per": ("计算周期", "per"),
    "config_key": ("配置项", "configuration key"), "cap": ("单项封顶倍数", "cap"),
    "window": ("调度期", "dispatch window"), "meeting_on": ("调度会日期", "meeting on"),
    "share_met": ("达标比例", "share met"), "lagging": ("进度滞后", "lagging"),
    "commit_unit": ("表态发言单位", "unit to state commitments"), "rules_checked": ("考核项数", "rules checked"),
    "rules_met": ("达标/正常项数", "rules met or on track"), "lead_unit": ("牵头单位", "lead unit"),
    "per.month": ("每月", "per month"), "per.campaign": ("活动期间", "per campaign"),
    "eligible": ("可安排交流发言", "may speak"), "speak_place": ("发言名次", "speaking place"),
    "speak_tied": ("并列", "tied"), "raw_score": ("不封顶得分", "uncapped score"),
}

# ---- pipeline (pipeline.py)
_PIPELINE = {
    "stage_since": ("进入本阶段日期", "in stage since"), "days_in_stage": ("停留天数", "days in stage"),
    "grade": ("预警", "grade"), "yellow_days": ("黄色预警天数", "yellow after (days)"),
    "red_days": ("红色预警天数", "red after (days)"), "leads_count": ("线索数", "leads"),
    "share": ("占比", "share"), "share_of_previous": ("较上一阶段转化率", "share of previous stage"),
    "from_stage": ("起始阶段", "from stage"), "to_stage": ("到达阶段", "to stage"),
    "median_days": ("中位天数", "median days"), "mean_days": ("平均天数", "mean days"),
    "n": ("样本数", "n"),
}

# ---- forecast (forecast.py)
_FORECAST = {
    "expected": ("预计完成", "expected"), "probability": ("达成概率", "probability"),
    "low": ("80%区间下限", "80% low"), "high": ("80%区间上限", "80% high"),
    "candidates": ("可转化线索数", "candidates"), "candidate_ids": ("可转化线索编号", "candidate ids"),
    "counted_ids": ("已完成编号", "counted ids"), "remaining_days": ("剩余天数", "days left"),
    "transitions": ("转化次数", "transitions"), "exposure_days": ("观察天数", "exposure (lead-days)"),
    "prior_a": ("先验成功数", "prior successes"), "prior_b": ("先验失败数", "prior failures"),
    "daily_rate": ("日转化概率（后验均值）", "daily rate (posterior mean)"),
    "median": ("预计（中位数）", "median"),
    "forecast_range": ("预计完成（80% 区间）", "expected (80% interval)"),
    "fc.met": ("已达成", "met"), "fc.not_met": ("未达成", "not met"), "final_status": ("结果", "outcome"),
    "fc.backtest": ("历史回测（全省 {districts} 个区县、每次双周调度会，共 {n} 次预测）中，80% 区间覆盖了实际值的 {cov}；"
                    "达标概率的 Brier 分数 {brier:.3f}（CRM 阶段加权法 {sw:.3f}，直线外推 {sl:.3f}；越小越好）。",
                    "Backtest ({districts} districts of the province set, every dispatch meeting, {n} forecasts): the 80% "
                    "intervals held the actual count {cov} of the time; Brier score of the chance of the target {brier:.3f} "
                    "(CRM stage-weighted {sw:.3f}, straight line {sl:.3f}; lower is better)."),
}

# ---- graph (graph.py): node and edge kinds, analyses
_GRAPH = {
    "graph.group": ("招商小组", "group"), "graph.unit": ("责任单位", "unit"), "graph.region": ("区域", "region"),
    "graph.lead": ("线索", "lead"), "graph.consultant": ("招商顾问", "consultant"),
    "graph.industry": ("产业", "industry"),
    "graph.member_of": ("所属小组", "member of"), "graph.reported": ("报送", "reported"),
    "graph.visited": ("走访", "visited"), "graph.received": ("接待", "received"),
    "graph.trip_to": ("外出招商", "trip to"), "graph.located_in": ("所在区域", "located in"),
    "graph.in_industry": ("所属产业", "in industry"), "graph.referred": ("推荐", "referred"),
    "graph.no_referral": ("无顾问推荐", "no referral"),
    "graph.trips": ("外出次数", "trips"), "graph.leads": ("线索数", "leads"),
    "graph.pipeline_wan": ("线索投资额（万元）", "pipeline (10k yuan)"),
    "graph.conversion": ("签约转化率", "conversion to signing"),
    "graph.potential_gap": ("有潜力少走访", "potential, few trips"),
    "graph.affinity": ("单位-区域契合度", "unit-region affinity"),
    "graph.past_trips": ("既往外出次数", "past trips"), "graph.target_region": ("小组目标区域", "group's target region"),
    "graph.industry_fit": ("产业契合度", "industry fit"), "graph.n_groups": ("涉及小组数", "groups involved"),
    "graph.touch": ("接触方式", "touch"), "graph.on": ("日期", "date"),
}

# ---- roadshow effectiveness (roadshow_effect.py)
_ROADSHOW_EFFECT = {
    "eff.trips": ("外出批次", "trips"), "eff.unit_trips": ("单位人次", "unit-trips"),
    "eff.head_led_trips": ("主要负责人带队批次", "head-led trips"), "eff.units": ("出行单位", "units"),
    "eff.roadshows": ("推介会场次", "promotion events"), "eff.first_trip_on": ("首次外出", "first trip"),
    "eff.leads": ("此后新报线索", "leads reported since"), "eff.intentions": ("此后新增意向", "intentions since"),
    "eff.signings": ("此后新签约", "signings since"), "eff.signed_100m": ("其中亿元以上", "of which >= 1 亿"),
    "eff.signed_wan": ("签约投资额（万元）", "signed investment (10k yuan)"),
    "eff.visited_leads": ("实地拜访线索", "leads visited"),
    "eff.visited_progressed": ("拜访后推进", "visited leads that moved on"),
    "eff.leads_per_trip": ("每批次线索", "leads per trip"),
}

# ---- workbooks (present/excel.py)
_WORKBOOKS = {"yes": ("是", "yes"), "no": ("否", "no")}

# ---- maps (present/mapping.py)
_MAPS = {
    "map.network_region": ("{region}：小组—单位—线索关系", "{region}: groups, units and leads"),
    "map.network_group": ("{group}：单位—线索—区域关系", "{group}: units, leads and regions"),
    "map.network_all": ("各招商小组外出招商区域", "Where each group went"),
    "map.more": ("另有 {n} 个节点未显示（仅显示每层前 {top} 个）", "{n} more nodes not shown (top {top} per layer)"),
    "map.battle_title": ("挂图作战：叶集区外出招商与线索分布", "Battle map: Yeji's trips and leads by region"),
    "map.battle_note": ("线宽＝外出次数；圆面积＝线索计划投资额；颜色＝签约转化率；灰色＝暂无线索；虚线＝未外出",
                        "line width = trips; circle area = planned investment of leads; colour = conversion "
                        "to signing; grey = no leads; dashed = no trips"),
    "map.trips_n": ("外出{n}次", "{n} trips"), "map.leads_n": ("线索{n}条", "{n} leads"),
    "map.yi": ("{v:.1f}亿元", "{m:,.0f}M yuan"),
    "map.lon": ("经度（°E）", "longitude (°E)"), "map.lat": ("纬度（°N）", "latitude (°N)"),
    "map.home": ("叶集区", "Yeji"), "map.target": ("目标区域", "target region"),
    "map.no_data": ("暂无数据", "no data"),
}

# ---- charts (present/plots.py)
_CHARTS = {
    "chart_compliance": ("各单位逐月达标情况（外出·带队·接待）", "Units' monthly compliance (trips · head-led · receptions)"),
    "chart_funnel": ("项目推进漏斗", "Pipeline funnel"),
    "chart_stage_times": ("各阶段用时（天）", "Days spent per stage transition"),
    "chart_forecast": ("目标完成预测", "Forecast of target attainment"),
    "chart_scoreboard": ("双周调度得分", "Dispatch scoreboard"),
    "n_leads": ("项目数", "leads"), "days": ("天数", "days"), "score": ("得分", "score"),
    "target_goal": ("目标", "goal"), "forecast_expected": ("预计（均值）", "expected (mean)"),
    "forecast_band": ("80% 区间", "80% interval"), "actual_now": ("当前完成", "actual so far"),
    "speak": ("交流发言", "speaks"), "commit": ("表态发言", "commits"), "neither": ("其他", "others"),
}

# ---- report files and index pages (present/outputs.py, present/index_pages.py)
_REPORT_FILES = {
    "report_title": ("叶集区“双招双引”集中攻坚季 阶段报告", "Yeji District investment campaign: period report"),
    "reports_title": ("叶集区“双招双引”集中攻坚季 各期报告", "Yeji District investment campaign: all period reports"),
    "period": ("报告期", "period"), "as_of": ("数据截至", "as of"), "start": ("起", "from"), "end": ("止", "to"),
    "headline": ("主要指标", "headline"), "files": ("文件", "files"), "trend": ("趋势", "trend"),
    "hl.signed_100m": ("新签约亿元以上项目", "new signings >= 100m yuan"), "hl.started": ("新开工项目", "projects started"),
    "hl.valid_leads": ("有效线索", "valid leads"), "hl.trips": ("外出招商（次）", "outbound trips"),
    "hl.receptions": ("接待客商（次）", "receptions"), "hl.head_trips": ("主要负责人带队外出（次）", "head-led trips"),
    "hl.leads": ("新报线索", "leads reported"),
    "file_html": ("报告（网页）", "report (HTML)"), "file_xlsx": ("调度表（Excel）", "dispatch workbook (Excel)"),
    "file_json": ("指标（JSON）", "metrics (JSON)"), "file_ipynb": ("分析笔记本", "analysis notebook"),
    "data_fingerprint": ("数据指纹", "data fingerprint"), "package_version": ("程序版本", "package version"),
    "parameters": ("参数", "parameters"),
    "param.data_dir": ("数据文件夹", "data folder"), "param.start": ("起", "from"), "param.end": ("止", "to"),
    "param.as_of": ("数据截至", "as of"), "param.lang": ("语言", "language"), "param.redact": ("脱敏", "redacted"),
    "param.config": ("配置文件", "configuration"), "param.period": ("报告期", "period"), "param.none": ("（默认）", "(default)"),
    "param.corrections": ("更正表", "corrections workbook"),
    "param.lang.zh": ("中文", "Chinese"), "param.lang.en": ("英文", "English"), "kind_month": ("月报", "months"), "kind_dispatch": ("双周调度", "dispatch windows"),
    "kind_campaign": ("全程", "whole campaign"), "kind_custom": ("自定义期间", "custom periods"),
    "no_reports": ("尚无报告", "no reports yet"), "change": ("较上期", "vs previous"),
    "sheet_units": ("单位达标", "unit compliance"), "sheet_groups": ("小组线索", "group leads"),
    "sheet_scoreboard": ("调度得分", "scoreboard"), "sheet_stalled": ("停滞项目", "stalled leads"),
    "sheet_contention": ("撞单", "contention"), "sheet_rejections": ("拒收行", "rejections"),
    "sheet_warnings": ("警告", "warnings"), "sheet_coordination": ("多单位对接", "coordination"),
    "sheet_corrections": ("更正", "corrections"), "sheet_unread": ("未读取", "not read"),
}

# ---- report sections (present/retrospective.py, present/html.py)
_REPORT_SECTIONS = {
    "sec.title": ("叶集区“双招双引”集中攻坚季 阶段报告", "Yeji District investment campaign: period report"),
    "sec.headline": ("一、总体进度与区级目标", "1. Headline against the district targets"),
    "sec.compliance": ("二、各单位逐月达标情况", "2. Units' monthly compliance"),
    "sec.groups": ("三、各小组有效线索与签约", "3. Groups' valid leads and signings"),
    "sec.pipeline": ("四、项目推进：漏斗、阶段用时与停滞预警", "4. Pipeline: funnel, stage times, stalled leads"),
    "sec.forecast": ("五、目标完成预测", "5. Forecast of target attainment"),
    "sec.scoreboard": ("六、双周调度得分与发言安排", "6. Dispatch scoreboard, speakers and commitments"),
    "sec.battle_map": ("七、挂图作战：区域覆盖", "7. Battle map and region coverage"),
    "sec.contention": ("八、撞单与招商顾问", "8. Contention and consultants"),
    "sec.data_quality": ("九、数据质量", "9. Data quality"),
    "sec.method": ("十、计算方法与数据来源", "10. How this was computed"),
    "txt.period": ("报告期 {start} 至 {end}，数据截至 {as_of}。", "Period {start} to {end}, figures as of {as_of}."),
    "txt.stamp": ("参数：{params}；数据指纹 {fp}；程序版本 {version}。",
                  "Parameters: {params}; data fingerprint {fp}; package version {version}."),
    "txt.redacted": ("联系人姓名和电话已隐去。", "Contacts' names and phone numbers are withheld."),
    "txt.withheld": ("（已隐去）", "(withheld)"),
    # the district targets' notes (rules.district_targets)
    "note.signed_min": ("计划投资额 ≥ {wan:g} 万元", "planned investment >= {wan:g} (10k yuan)"),
    "note.ceremony_held": ("{name}：{on} 已举行", "{name}: held {on}"),
    "note.ceremony_not_held": ("{name}：未举行（{earliest}–{latest}）", "{name}: not held ({earliest}–{latest})"),
    "note.regions_reached": ("已到：", "reached: "),
    "note.regions_not_reached": ("未到：", "not reached: "),
    "txt.not_redacted": ("内部版：含联系人信息，请勿外发。", "INTERNAL: contains contact details, do not share."),
    "txt.compliance": ("单位-月共 {n} 个：达标 {met}，进度正常 {on_track}，进度滞后 {behind}，未达标 {missed}，未开始 {not_started}。"
                       "格内数字依次为外出招商次数·主要负责人带队次数·接待客商次数。",
                       "{n} unit-months: {met} met, {on_track} on track, {behind} behind, {missed} missed, "
                       "{not_started} not started. Each cell reads trips · head-led trips · receptions."),
    "txt.compliance_rule": ("要求：每月外出招商不少于 {trips} 次，主要负责人带头外出不少于 {head} 次，接待客商不少于 {rec} 次。"
                            "按自然月考核：截至数据截至日已结束的月份按整月判定（不论报告期覆盖该月多少天）；"
                            "截至日所在月份按进度判断（已完成数对照要求×当月已过天数占比：进度正常/进度滞后），不判未达标；"
                            "尚未开始的月份为“未开始”。",
                            "Rules: at least {trips} trips, {head} head-led trip(s) and {rec} reception(s) a calendar month. "
                            "A month ended by the as-of date is judged on the whole month, whatever part of it the window covers; "
                            "the month holding the as-of date is judged on pace (count so far against the requirement times the "
                            "share of the month elapsed: on track / behind), never missed; a month not yet begun is not started."),
    "txt.lagging_units": ("未达标或进度滞后的单位-月", "Unit-months missed or behind"),
    "txt.none": ("（无）", "(none)"),
    "txt.groups_rule": ("要求：各小组（含驻外招商中心）每月上报有效线索不少于 {n} 条；每小组亿元以上主导产业签约项目不少于 {s} 个。",
                        "Rules: each group (incl. outposts) reports at least {n} valid lead(s) a month and signs at least "
                        "{s} leading-industry project(s) of 100m yuan or more."),
    "txt.group_signing": ("小组亿元以上主导产业签约", "Groups' signings of 100m yuan or more"),
    "txt.speech": ("演讲比赛参赛人数", "Speech-contest entries"),
    "txt.funnel": ("漏斗：截至数据截至日在库的全部线索（含攻坚季前上报的），到达各阶段的数量。",
                   "Funnel: every lead on file by the as-of date (including those reported before the campaign), by the stages reached."),
    "txt.pipeline_now": ("截至日各阶段项目与计划投资", "Leads and planned investment by stage on the as-of date"),
    "txt.stalled": ("停滞预警（红、黄）", "Stalled leads (red, yellow)"),
    "txt.stalled_rule": ("超过 {rules} 天无阶段变化分别预警黄、红。", "Yellow/red after {rules} days without a stage change."),
    "txt.forecast": ("按截至日的项目推进情况与集中签约、集中开工仪式日历模拟 {draws} 次（种子 {seed}），预测至攻坚季结束（{end}）；"
                     "预计完成为中位数，括号内为 80% 区间。",
                     "{draws} simulations (seed {seed}) of the pipeline on the as-of date and the signing and groundbreaking "
                     "ceremonies, to the campaign's end ({end}); the expected count is the median, the 80% interval in brackets."),
    "txt.forecast_final": ("攻坚季已于 {end} 结束，以下为最终结果（不再预测）。",
                           "The campaign ended on {end}: the final outcome (nothing left to forecast)."),
    "txt.speakers": ("交流发言（工作成效明显）", "To speak (did well)"),
    "txt.committers": ("表态发言（工作进度滞后）", "To state commitments (lagging)"),
    "txt.problems": ("滞后单位存在的问题", "What the lagging units missed"),
    "txt.coverage": ("区域覆盖", "Region coverage"),
    "txt.contention": ("撞单：两个及以上小组作为线索上报的同一投资方（累计，调度会需明确归属）",
                       "Contention: investors reported as leads by two or more groups (to date: the meeting settles the owner)"),
    "txt.coordination": ("多单位对接：两个及以上单位走访或接待的同一投资方（累计，需协调，不属撞单）",
                         "Coordination: investors visited or received by two or more units (to date; not contention)"),
    "contended": ("同时撞单", "also contended"), "in_window": ("本期涉及", "in this window"),
    "txt.basis_window": ("本期（{start} 至 {end}）：", "This window ({start} to {end}):"),
    "txt.basis_cumulative": ("累计（活动开始 {start} 至 {end}）：", "Campaign to date ({start} to {end}):"),
    "txt.targets_cumulative": ("区级目标按累计完成数判定：“累计完成”即状态所依据的数字，“本期完成”为报告期内的数量。",
                               "District targets are judged on the campaign to date: the status is judged on the "
                               "cumulative figure; the window's figure is shown beside it."),
    "actual_cumulative": ("累计完成", "to date"), "signed_cumulative": ("累计签约", "signed to date"),
    "undated": ("日期不详", "date unknown"), "stage_dated": ("阶段日期已知", "stage date known"),
    "valid": ("有效", "valid"), "txt.stage_order": ("阶段日期倒置（未计入阶段用时）",
                                                             "Stage dates out of order (left out of the stage times)"),
    "from_on": ("起始阶段日期", "from date"), "to_on": ("到达阶段日期", "to date"),
    "out_of_order_ids": ("日期倒置线索", "dates out of order"),
    "txt.speak_rule": ("交流发言按本期得分取前 {n} 名；得分相同时依次比较：{keys}（均为高者在前）；"
                       "本期所涉月份有未达标或进度滞后事项的单位、本期得分为 0 的单位不安排交流发言；"
                       "比较后第 {n} 名仍并列的单位全部列出，标注“并列”。",
                       "The top {n} places by the window's score speak; equal scores are split by {keys} in turn "
                       "(higher first); a unit with a rule missed or behind in the window's months, or a score of 0, "
                       "does not speak; units still equal at the last place all speak, marked tied."),
    "txt.scoreboard_basis": ("得分为本期（{start} 至 {end}）工作量；得分变化与上一调度期比较；发言、表态和问题清单依据各规则按自然月的判定状态。",
                             "Scores count this window ({start} to {end}); the change is against the previous window; "
                             "speakers, commitments and problems follow the rules' statuses on calendar months."),
    "txt.periods": ("本期与累计", "This window and to date"),
    "txt.period_rule": ("报告有报告期（起止日期）和数据截至日。标“本期”的数字只计报告期内（截至数据截至日）的记录；"
                        "标“累计”的数字计活动开始至数据截至日的记录。每月规则按自然月判定：已结束的月份按整月、"
                        "截至日所在月份按进度、未开始的月份为“未开始”；区级目标、活动和小组签约按累计判定。",
                        "A report has a window (start to end) and an as-of date. Figures marked 'this window' count records "
                        "inside the window up to the as-of date; figures marked 'to date' count from the campaign's start to "
                        "the as-of date. Monthly rules are judged on calendar months: a month ended whole, the month holding "
                        "the as-of date on pace, a month not begun as not started; district targets, events and the groups' "
                        "signings are judged to date."),
    "txt.consultants": ("招商顾问（以商招商）成效", "Consultants' referrals"),
    "txt.stats": ("各台账读取情况", "Rows read per ledger"),
    "txt.rejections": ("拒收行（未计入任何指标）", "Rejected rows (counted nowhere)"),
    "txt.warnings": ("警告（已计入，请核实）", "Warnings (counted; please check)"),
    "txt.unread": ("未读取的文件和工作表", "Files and sheets not read"),
    "txt.corrections": ("更正表中的更正（已应用的在读取前替换了原值）", "Corrections from the corrections workbook (applied ones replaced the raw value before reading)"),
    "corrected": ("更正值", "corrected value"), "role": ("用途", "role"),
    "txt.correction_applied": ("已应用", "applied"),
    "txt.more_rows": ("另有 {n} 行，完整清单见 dispatch.xlsx。", "{n} more rows: see dispatch.xlsx for all."),
    "txt.rubric": ("专项考核计分办法（通知未规定权重，以下为配置值）", "Scoring rubric (the notice sets no weights; these are configured)"),
    "txt.thresholds": ("考核标准（配置文件）", "Thresholds in force (configuration)"),
    "txt.files": ("输入文件与指纹", "Input files and fingerprints"),
    "txt.lagging_groups": ("进度滞后的小组：", "Lagging groups: "),
    "txt.no_problems": ("本期没有滞后的单位。", "No unit lagged in this period."),
    "setting": ("设置", "setting"), "setting_value": ("取值", "value"),
    "weight": ("权重", "weight"), "file": ("文件", "file"), "sha256": ("SHA-256", "SHA-256"), "bytes": ("字节", "bytes"),
    "n_unit_months": ("单位-月", "unit-months"),
    "col.trips": ("外出招商（次）", "trips"), "col.receptions": ("接待客商（次）", "receptions"),
    # the 调度表's scoreboard counts: the dispatch window's, where the 单位达标 sheet's are the whole month's
    "window_trips": ("本期外出招商（次）", "trips this window"),
    "window_head_trips": ("本期主要负责人带队外出", "head-led trips this window"),
    "window_receptions": ("本期接待客商（次）", "receptions this window"),
    "window_valid_leads": ("本期有效线索", "valid leads this window"), "window_signed": ("本期签约", "signed this window"),
    "window_started": ("本期开工", "started this window"), "window_score": ("本期得分", "score this window"),
    "col.leads": ("项目数", "leads"), "col.contestants": ("参赛人数", "contestants"),
    "col.groups": ("接触的小组", "groups involved"), "leading": ("主导产业", "leading industry"),
    "unknown_investment": ("投资额未填", "amount unknown"),
    "yes": ("是", "yes"), "no": ("否", "no"),
    "n_units": ("单位数", "units"), "head_led_trips": ("负责人带队外出", "head-led trips"),
    "pipeline_wan": ("在谈投资额（万元）", "pipeline (10k yuan)"), "conversion": ("签约转化率", "conversion"),
    "potential": ("潜力", "potential"), "coverage": ("覆盖度", "coverage"), "potential_gap": ("有潜力未覆盖", "potential gap"),
    "n_groups": ("接触小组数", "groups"), "touches": ("接触次数", "touches"), "consultant": ("招商顾问", "consultant"),
    "employer": ("工作单位", "employer"), "signed_rate": ("签约率", "signed rate"), "lift": ("相对无引荐提升", "lift"),
    "name": ("名称", "name"), "how": ("计算方法", "how"), "rule": ("规则", "rule"),
    "txt.no_consultant": ("（无顾问引荐）", "(no referral)"),
    "sec.roadshow": ("外出招商与推介成效", "Roadshow effectiveness"),
    "txt.ref": ("记录编号", "record"),
    "signed_ids": ("签约项目编号", "signed lead ids"), "started_ids": ("开工项目编号", "started lead ids"),
    "txt.roadshow": ("按区域统计本期外出招商，以及首次外出之后该区域新增的线索、意向和签约（先后关系，不代表因果）。",
                     "Per region: this period's trips, and the leads, intentions and signings of that region after the first trip "
                     "(what followed, not necessarily what was caused)."),
    "period.campaign": ("攻坚季全程", "whole campaign"), "period.dispatch": ("第{n}期双周调度", "dispatch window {n}"), "fc.group_signing": ("{group}·亿元签约", "{group}: signing"),
}

# ---- the configuration's settings, as the method appendix names them (present/retrospective.py)
_CONFIG = {
    "cfg.window.start": ("活动开始日期", "campaign starts"), "cfg.window.end": ("活动结束日期", "campaign ends"),
    "cfg.units.trips_per_month": ("各单位每月外出招商（次）", "trips per unit per month"),
    "cfg.units.head_trips_per_month": ("主要负责人每月带头外出（次）", "head-led trips per unit per month"),
    "cfg.units.receptions_per_month": ("各单位每月接待客商（次）", "receptions per unit per month"),
    "cfg.groups.valid_leads_per_month": ("各小组每月有效线索（条）", "valid leads per group per month"),
    "cfg.groups.signed_projects": ("各小组亿元以上签约项目（个）", "signed projects per group"),
    "cfg.groups.signed_min_wan": ("小组签约项目最低投资额（万元）", "a group's signing: least investment (10k yuan)"),
    "cfg.groups.speech_contestants": ("各小组演讲比赛参赛人数", "speech-contest entries per group"),
    "cfg.district.signed_100m": ("全区新签约亿元以上项目（个）", "district: new signings >= 100m yuan"),
    "cfg.district.signed_min_wan": ("全区签约项目最低投资额（万元）", "district signing: least investment (10k yuan)"),
    "cfg.district.started": ("全区新开工项目（个）", "district: newly started projects"),
    "cfg.district.roadshow_regions": ("定向招商推介区域", "roadshow regions"),
    "cfg.district.ceremonies": ("集中签约仪式及时间窗", "signing ceremonies and their windows"),
    "cfg.district.groundbreakings": ("项目集中开工及时间窗", "groundbreaking ceremonies and their windows"),
    "cfg.district.events": ("其他活动", "other events"),
    "cfg.dispatch.cadence_days": ("调度周期（天）", "dispatch cadence (days)"),
    "cfg.dispatch.meeting_weekday": ("调度会星期", "meeting weekday"),
    "cfg.dispatch.speakers": ("交流发言单位数", "units to speak"),
    "cfg.dispatch.speaker_tiebreak": ("交流发言排序依据（依次）", "speakers ranked by (in order)"),
    "cfg.dispatch.lagging_share": ("小组进度滞后线（达标比例低于）", "a group lags below this share met"),
    "cfg.stall_days.lead": ("线索阶段停滞预警（黄、红，天）", "stalled as lead: yellow, red (days)"),
    "cfg.stall_days.intention": ("意向阶段停滞预警（黄、红，天）", "stalled as intention: yellow, red (days)"),
    "cfg.stall_days.signed": ("签约阶段停滞预警（黄、红，天）", "stalled as signed: yellow, red (days)"),
    "cfg.scoring.required.signed": ("每单位签约项目要求（活动期间）", "signed projects required per unit (campaign)"),
    "cfg.scoring.required.started": ("每单位开工项目要求（活动期间）", "started projects required per unit (campaign)"),
    "weekday.1": ("星期一", "Monday"), "weekday.2": ("星期二", "Tuesday"), "weekday.3": ("星期三", "Wednesday"),
    "weekday.4": ("星期四", "Thursday"), "weekday.5": ("星期五", "Friday"), "weekday.6": ("星期六", "Saturday"),
    "weekday.7": ("星期日", "Sunday"),
}

# ---- roadshow planner (planner/, present/roadshow.py)
_PLANNER = {
    "plan.date": ("日期", "date"), "plan.weekday": ("星期", "weekday"), "plan.region": ("目标区域", "region"),
    "plan.tour": ("轮次", "tour"), "plan.stop": ("站序", "stop"),
    "plan.units": ("出行单位", "units"),
    "plan.head_units": ("主要负责人带队单位", "units led by their head"),
    "plan.leads": ("拜访线索", "leads to meet"), "plan.n_units": ("单位数", "units"),
    "plan.unit": ("单位", "unit"), "plan.head_led": ("主要负责人带队", "head-led"),
    "plan.affinity": ("匹配度", "affinity"), "plan.purpose": ("出行目的", "purpose"),
    "plan.month": ("月份", "month"), "plan.trips": ("本月已外出", "trips so far"),
    "plan.head_trips": ("本月负责人已带队", "head-led so far"),
    "plan.trips_needed": ("还需外出", "trips needed"), "plan.head_needed": ("还需负责人带队", "head-led needed"),
    "plan.planned": ("已安排", "planned"), "plan.planned_head": ("已安排负责人带队", "head-led planned"),
    "plan.unmet": ("仍缺", "still short"),
    "plan.rank": ("排序", "rank"), "plan.investor": ("投资方", "investor"),
    "plan.project": ("项目名称", "project"), "plan.stage": ("当前阶段", "stage"),
    "plan.investment_wan": ("计划投资额（万元）", "planned investment (10k yuan)"),
    "plan.sector": ("产业", "industry"), "plan.days_since_contact": ("距上次联系（天）", "days since contact"),
    "plan.last_contact_on": ("上次联系", "last contact"), "plan.score": ("得分", "score"),
    "plan.reason": ("推荐理由", "why"), "plan.visit_date": ("拜访日期", "visit date"),
    "plan.contact": ("联系人", "contact"), "plan.phone": ("联系电话", "phone"),
    "plan.leg": ("路段", "leg"), "plan.from": ("出发", "from"), "plan.to": ("到达", "to"),
    "plan.mode": ("交通方式", "mode"), "plan.hours": ("用时（小时）", "hours"),
    "plan.usable": ("可安排", "usable"), "plan.why_blocked": ("不安排原因", "why not"),
    "plan.measure": ("指标", "measure"), "plan.leads_met": ("拜访线索数", "leads met"),
    "plan.rate": ("转化率", "conversion rate"), "plan.expected_added": ("预计新增", "expected added"),
    "plan.actual": ("截至当日", "so far"), "plan.goal": ("目标", "goal"),
    "plan.baseline_expected": ("原预测（期末）", "forecast (end)"),
    "plan.with_plan_expected": ("加上本计划", "with this plan"),
    "plan.baseline_probability": ("原预测达标概率", "forecast chance of target"),
    "plan.plan_lift": ("本计划增量", "lift from this plan"),
    "plan.trips_made": ("外出次数", "trips"), "plan.units_went": ("出行单位数", "units"),
    "plan.mode.road": ("公路", "road"), "plan.mode.rail": ("高铁", "rail"), "plan.mode.air": ("航空", "air"),
    "plan.purpose.trips": ("补足本月外出次数", "close the monthly trips gap"),
    "plan.purpose.head": ("主要负责人带队，补足本月带队次数", "head leads it: close the head-led gap"),
    "plan.purpose.cover": ("覆盖目标区域", "cover the region"),
    "plan.block.meeting": ("双周调度会", "dispatch meeting"),
    "plan.block.ceremony": ("集中签约仪式", "signing ceremony"),
    "plan.block.ceremony_planned": ("集中签约仪式（按方案最晚日期预计）", "signing ceremony (assumed at its deadline)"),
    "plan.block.groundbreaking": ("集中开工仪式", "groundbreaking ceremony"),
    "plan.block.before_ceremony": ("签约仪式前预留（意向转签约）", "kept free before the signing ceremony"),
    "plan.block.holiday": ("法定节假日/休息日", "public holiday or weekend"),
    "plan.block.past": ("已过（数据截至日及以前）", "already past (on or before the as-of date)"),
    "plan.measure.intention": ("新增意向", "new intentions"),
    "plan.w.stage": ("阶段", "stage"), "plan.w.investment": ("投资额", "investment"),
    "plan.w.industry": ("产业契合", "industry fit"), "plan.w.recency": ("久未联系", "days since contact"),
    "plan.w.consultant": ("顾问推荐", "consultant"), "plan.w.contention": ("撞单", "contention"),
    "plan.measure.signed": ("新增签约", "new signings"),
    "plan.measure.signed_100m": ("新增亿元以上签约", "new signings of 100m yuan or more"),
}

# ---- roadshow plan outputs (present/roadshow.py, commands/plan.py)
_PLAN_OUTPUTS = {
    "plan.title": ("叶集区“双招双引”定向招商推介路线规划", "Yeji District investment campaign: roadshow plan"),
    "plan.sheet.itinerary": ("日程", "itinerary"), "plan.sheet.delegations": ("出行安排", "delegations"),
    "plan.sheet.contacts": ("拜访对象", "whom to meet"), "plan.sheet.needs": ("补足外出任务", "trip gaps"),
    "plan.sheet.route": ("路线", "route"), "plan.sheet.days": ("可用日期", "calendar"),
    "plan.h.summary": ("规划概要", "Summary"), "plan.h.days": ("可用日期（法定工作日，避开调度会与仪式）",
                                                      "Usable days (official working days, no meetings or ceremonies)"),
    "plan.h.route": ("巡回路线与行程时间", "Route and travel time"),
    "plan.h.itinerary": ("逐日日程", "Day-by-day itinerary"),
    "plan.h.delegations": ("出行单位安排", "Delegations"),
    "plan.h.needs": ("各单位外出任务缺口与安排", "Units' trip gaps and what the plan gives them"),
    "plan.h.contacts": ("各区域拜访对象（按得分排序）", "Whom to meet per region (ranked)"),
    "plan.h.outcome": ("预期成效", "Expected outcome"),
    "plan.h.method": ("计算方法与参数", "Method and parameters"),
}


def register(entries: Mapping[str, tuple[str, str]]) -> None:
    """Add labels; a key already defined with different text is an error (one table, no drift)."""
    for key, pair in entries.items():
        if key in _TABLE and _TABLE[key] != tuple(pair):
            raise ValueError(f"label {key!r} already defined as {_TABLE[key]}, not {tuple(pair)}")
        _TABLE[key] = tuple(pair)


class LabelError(KeyError):
    """A label asked for that the table does not hold: a key to add here, never a raw key shown to a reader."""


def label(key: str, lang: str = "zh") -> str:
    """The label for ``key`` in ``lang`` ("zh" or "en"); an unknown key raises :class:`LabelError`.

    Examples
    --------
    >>> label("signed"), label("signed", "en")
    ('签约', 'signed')
    >>> label("no-such-key")
    Traceback (most recent call last):
    ...
    yeji_analysis.labels.LabelError: "no label for 'no-such-key': add it to yeji_analysis/labels.py"
    """
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, not {lang!r}")
    pair = _TABLE.get(key)
    if pair is None:
        raise LabelError(f"no label for {key!r}: add it to yeji_analysis/labels.py")
    return pair[LANGS.index(lang)]


def joined(items: Iterable, lang: str = "zh", *, clauses: bool = False) -> str:
    """``items`` joined as a reader of ``lang`` expects: 、 between names in Chinese, ", " in English; ``clauses``:
    ；and "; " (between phrases that may hold commas of their own).

    >>> joined(["临沂", "佛山"]), joined(["临沂", "佛山"], "en"), joined(["a: 1", "b: 2"], "en", clauses=True)
    ('临沂、佛山', '临沂, 佛山', 'a: 1; b: 2')
    """
    sep = ("；" if lang == "zh" else "; ") if clauses else ("、" if lang == "zh" else ", ")
    return sep.join(str(x) for x in items)


def bracketed(text, lang: str = "zh") -> str:
    """``text`` in brackets after what it qualifies: （6） in Chinese, " (6)" in English.

    >>> "警告" + bracketed(6), "Warnings" + bracketed(6, "en")
    ('警告（6）', 'Warnings (6)')
    """
    return f"（{text}）" if lang == "zh" else f" ({text})"


def has_label(key: str) -> bool:
    """Whether the table holds ``key`` (for values that are labelled only when they are codes, e.g. a stage)."""
    return key in _TABLE


def relabel(df: pd.DataFrame, lang: str = "zh", values: Iterable[str] = ()) -> pd.DataFrame:
    """A copy of ``df`` for people: column names labelled, and the listed columns' values too."""
    out = df.copy()
    for col in values:
        if col in out.columns:
            out[col] = out[col].map(lambda v: label(v, lang) if isinstance(v, str) else v)
    return out.rename(columns={c: label(c, lang) for c in out.columns})


for _area in (_RULES, _DISPATCH, _PIPELINE, _FORECAST, _GRAPH, _ROADSHOW_EFFECT, _WORKBOOKS, _MAPS, _CHARTS,
              _REPORT_FILES, _REPORT_SECTIONS, _CONFIG, _PLANNER, _PLAN_OUTPUTS):
    register(_area)
