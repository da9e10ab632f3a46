"""The ledgers (台账) the reader knows: their sheet names, columns, headers, kinds and record keys."""

from __future__ import annotations

import dataclasses

from ..schemas import PRIVATE_COLUMNS

__all__ = ["ColumnSpec", "LedgerSpec", "LEDGERS", "READ_ORDER", "PRIVATE_COLUMNS"]


@dataclasses.dataclass(frozen=True)
class ColumnSpec:
    """One column of a ledger: its canonical name, the headers that mean it, and how to read it."""
    name: str
    headers: tuple[str, ...]
    kind: str = "text"          # text, id, date, amount, stage, screening, names, units, head, event_type
    required: bool = False      # the column must be present in the header
    #: the cell is required to place a record (who, when, the ledger's key): blank or unreadable, the row is
    #: rejected. Every other cell is optional: unreadable, its field is left unknown with a warning (issue 12).
    nonblank: bool = False
    doc: str = ""


@dataclasses.dataclass(frozen=True)
class LedgerSpec:
    """One kind of ledger: the sheet/file names that mean it, its columns, its record key."""
    name: str
    zh: str
    names: tuple[str, ...]
    columns: tuple[ColumnSpec, ...]
    key: tuple[str, ...]
    required: bool = True

    def column(self, name: str) -> ColumnSpec:
        return next(c for c in self.columns if c.name == name)


C = ColumnSpec
LEDGERS: dict[str, LedgerSpec] = {s.name: s for s in [
    LedgerSpec("units", "责任单位", ("责任单位", "单位", "单位名单", "责任单位名单", "units"), (
        C("unit", ("单位名称", "责任单位", "单位", "unit", "name"), required=True, nonblank=True),
        C("unit_type", ("单位类型", "类型", "单位性质", "unit_type", "type")),
        C("group", ("所属招商小组", "招商小组", "所属小组", "小组", "group"), required=True, nonblank=True),
        C("head", ("主要负责人", "负责人", "head")),
    ), key=("unit",)),
    LedgerSpec("groups", "招商小组", ("招商小组", "招商责任小组", "小组", "groups"), (
        C("group", ("小组名称", "招商小组", "小组", "group", "name"), required=True, nonblank=True),
        C("leader", ("牵头领导", "领导", "leader")),
        C("lead_unit", ("牵头单位", "lead_unit")),
        C("industries", ("主攻产业", "产业", "主导产业", "industries"), kind="names"),
        C("regions", ("主攻区域", "目标区域", "区域", "regions"), kind="names"),
    ), key=("group",)),
    LedgerSpec("consultants", "招商顾问", ("招商顾问", "顾问", "consultants"), (
        C("consultant", ("顾问姓名", "姓名", "招商顾问", "consultant", "name"), required=True, nonblank=True),
        C("employer", ("工作单位", "单位", "employer")),
        C("location", ("所在地", "所在城市", "location")),
        C("appointed_on", ("聘任日期", "签约日期", "appointed_on"), kind="date"),
    ), key=("consultant",), required=False),
    LedgerSpec("leads", "项目线索台账", ("项目线索台账", "项目线索", "线索台账", "线索", "招商线索", "leads"), (
        C("lead_id", ("线索编号", "项目编号", "编号", "lead_id", "id"), kind="id", required=True, nonblank=True),
        C("project", ("项目名称", "项目", "project")),
        C("investor", ("投资方", "投资主体", "投资企业", "企业名称", "investor"), required=True, nonblank=True),
        C("origin", ("来源地", "来源", "投资方所在地", "origin")),
        C("industry", ("产业类别", "产业", "行业", "所属产业", "industry")),
        C("investment_wan", ("计划投资额", "计划总投资", "投资额", "总投资", "investment_wan", "investment"), kind="amount"),
        C("unit", ("报送单位", "责任单位", "填报单位", "unit"), required=True, nonblank=True),
        C("reported_on", ("报送日期", "上报日期", "填报日期", "reported_on"), kind="date", required=True, nonblank=True),
        C("stage", ("当前阶段", "项目阶段", "进展阶段", "阶段", "stage"), kind="stage"),
        C("intention_on", ("意向日期", "达成意向日期", "intention_on"), kind="date"),
        C("signed_on", ("签约日期", "signed_on"), kind="date"),
        C("started_on", ("开工日期", "started_on"), kind="date"),
        C("producing_on", ("投产日期", "producing_on"), kind="date"),
        C("screened_valid", ("甄别结果", "甄别", "是否有效", "screening"), kind="screening"),
        C("consultant", ("引荐顾问", "招商顾问", "consultant")),
        C("contact", ("联系人", "contact")),
        C("phone", ("联系电话", "电话", "手机", "手机号", "手机号码", "联系方式", "联系人电话", "phone")),
        C("note", ("备注", "note")),
    ), key=("lead_id",)),
    LedgerSpec("trips", "外出招商台账", ("外出招商台账", "外出招商", "外出", "trips"), (
        C("start_on", ("出发日期", "外出日期", "开始日期", "start_on"), kind="date", required=True, nonblank=True),
        C("end_on", ("返回日期", "结束日期", "end_on"), kind="date"),
        C("units", ("参与单位", "外出单位", "责任单位", "单位", "units"), kind="units", required=True, nonblank=True),
        C("destination", ("目的地", "外出地点", "地点", "destination"), nonblank=True),
        C("head_led", ("主要负责人带队", "负责人带队", "是否主要负责人带队", "带队", "head_led"), kind="head"),
        C("companies", ("拜访企业", "走访企业", "对接企业", "companies"), kind="names"),
        C("outcome", ("成果", "外出成果", "outcome")),
        C("note", ("备注", "note")),
    ), key=("start_on", "units", "destination")),
    LedgerSpec("receptions", "接待客商台账", ("接待客商台账", "接待客商", "接待", "receptions"), (
        C("received_on", ("接待日期", "日期", "received_on"), kind="date", required=True, nonblank=True),
        C("unit", ("接待单位", "责任单位", "单位", "unit"), required=True, nonblank=True),
        C("company", ("来访企业", "客商", "企业名称", "客商名称", "来访客商", "来访单位", "company")),
        C("origin", ("来源地", "来源", "origin")),
        C("lead_id", ("线索编号", "lead_id"), kind="id"),
        C("note", ("备注", "note")),
    ), key=("received_on", "unit", "company")),
    LedgerSpec("events", "活动", ("活动", "活动台账", "攻坚季活动", "events"), (
        C("event_type", ("活动类型", "活动名称", "活动", "event_type"), kind="event_type", required=True, nonblank=True),
        C("held_on", ("日期", "活动日期", "举办日期", "held_on"), kind="date", required=True, nonblank=True),
        C("place", ("地点", "举办地点", "place")),
        C("note", ("备注", "note")),
    ), key=("event_type", "held_on", "place"), required=False),
    LedgerSpec("contestants", "演讲比赛", ("演讲比赛", "演讲比赛选手", "选手", "contestants"), (
        C("group", ("招商小组", "所属小组", "小组", "group"), required=True, nonblank=True),
        C("contestant", ("选手姓名", "选手", "姓名", "contestant"), required=True, nonblank=True),
    ), key=("group", "contestant"), required=False),
]}
del C


#: The order ledgers are parsed in: groups and units first, so the others' references can be checked.
READ_ORDER = ["groups", "units", "consultants", "leads", "trips", "receptions", "events", "contestants"]
