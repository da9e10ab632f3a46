"""Seeded sample ledgers (样例台账): one messy, realistic campaign as units send it, plus benchmark sets.

``write_sample`` writes the campaign of 2021-07-01..2021-09-30 as the Excel/CSV ledgers (台账) units
really send in, with title rows, merged cells, 合计 rows, mixed date and amount formats and a few bad
rows, and a ``MANIFEST.json`` that says exactly what was planted (for the reader's conservation tests).
``sample_campaign`` is the same campaign's ground truth as a :class:`~yeji_analysis.model.Campaign`.
``write_province`` and ``write_big_leads_xlsx`` write clean, large sets for the benchmarks.
Every random draw comes from ``numpy.random.default_rng(seed)``: the same seed gives the same files.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any, Iterable

import numpy as np

from .config import load_config

__all__ = ["write_sample", "write_province", "write_big_leads_xlsx", "sample_campaign", "sample_truth",
           "HEADERS", "EVENT_TYPES", "DEFAULT_SEED"]

DEFAULT_SEED = 2021
#: Canonical Chinese headers of every ledger, in the order a clean file writes them.
HEADERS: dict[str, list[str]] = {
    "units": ["单位名称", "单位类型", "所属招商小组", "主要负责人"],
    "groups": ["小组名称", "牵头领导", "牵头单位", "主攻产业", "主攻区域"],
    "consultants": ["顾问姓名", "工作单位", "所在地", "聘任日期"],
    "leads": ["线索编号", "项目名称", "投资方", "来源地", "产业类别", "计划投资额", "报送单位", "报送日期",
              "当前阶段", "意向日期", "签约日期", "开工日期", "甄别结果", "引荐顾问", "联系人", "联系电话", "备注"],
    "trips": ["出发日期", "返回日期", "参与单位", "目的地", "主要负责人带队", "拜访企业", "成果"],
    "receptions": ["接待日期", "接待单位", "来访企业", "来源地", "线索编号", "备注"],
    "events": ["活动类型", "日期", "地点", "备注"],
    "contestants": ["招商小组", "选手姓名"],
}
#: 活动类型 as written -> canonical event_type.
EVENT_TYPES = {"招商政策发布会": "policy_launch", "招商引资培训会": "training", "招商主题演讲比赛": "speech_contest",
               "招商引资推介会": "roadshow", "招商顾问签约": "consultant_signing", "集中签约仪式": "signing_ceremony",
               "集中开工仪式": "groundbreaking"}

_FIXED_TIME = dt.datetime(2021, 10, 8, 9, 0, 0)
_EPOCH = dt.date(1899, 12, 30)  # Excel's day 0 (1900 date system)

# ---------------------------------------------------------------------------------------------- reference
_TOWN, _DEPT, _DIRECT, _OUTPOST = "乡镇/街道", "区政府部门", "直属单位", "驻外招商中心"
G_HOME, G_SMART, G_CHEM, G_MKT, G_NEW, G_SH, G_SZ = ("家居板材招商组", "智能家居招商组", "化工新材料招商组",
                                                    "专业市场招商组", "新兴产业招商组", "驻上海招商中心", "驻深圳招商中心")
# group, leader, lead unit, industries, regions
_GROUPS = [
    (G_HOME, "陈立新（副区长）", "叶集经济开发区管委会", ["家居板材", "定制家具"], ["临沂", "南浔", "成都"]),
    (G_SMART, "刘振华（副区长）", "区经信局", ["智能家居", "定制家具"], ["常州", "佛山", "长三角"]),
    (G_CHEM, "王建民（常务副区长）", "化工园区管委会", ["化工新材料"], ["常州", "长三角"]),
    (G_MKT, "张海燕（副区长）", "区商务局", ["专业市场", "家居板材"], ["佛山", "临沂", "珠三角"]),
    (G_NEW, "李国栋（副区长）", "区发改委", ["新能源", "电子信息", "设计研发"], ["长三角", "珠三角"]),
    (G_SH, "周德明（区政协副主席）", "驻上海招商中心", ["家居板材", "化工新材料"], ["长三角", "南浔", "常州"]),
    (G_SZ, "黄志强（区人大常委会副主任）", "驻深圳招商中心", ["智能家居", "专业市场"], ["珠三角", "佛山"]),
]
# unit, type, group, head (made-up names)
_UNITS = [
    ("叶集经济开发区管委会", _DIRECT, G_HOME, "徐长青"), ("史河街道", _TOWN, G_HOME, "杨文斌"),
    ("平岗街道", _TOWN, G_HOME, "吴立峰"), ("区自然资源局", _DEPT, G_HOME, "何晓东"),
    ("区经信局", _DEPT, G_SMART, "朱海涛"), ("三元镇", _TOWN, G_SMART, "胡建军"),
    ("区科技局", _DEPT, G_SMART, "郭春燕"), ("区住建局", _DEPT, G_SMART, "林志勇"),
    ("化工园区管委会", _DIRECT, G_CHEM, "罗振宇"), ("孙岗乡", _TOWN, G_CHEM, "梁国强"),
    ("区生态环境分局", _DEPT, G_CHEM, "宋玉兰"), ("区应急管理局", _DEPT, G_CHEM, "唐明辉"),
    ("区商务局", _DEPT, G_MKT, "许晓燕"), ("洪集镇", _TOWN, G_MKT, "韩立军"),
    ("区市场监管局", _DEPT, G_MKT, "冯雪梅"), ("区交通运输局", _DEPT, G_MKT, "邓超"),
    ("区发改委", _DEPT, G_NEW, "曹宏伟"), ("姚李镇", _TOWN, G_NEW, "彭家明"),
    ("区财政局", _DEPT, G_NEW, "曾庆华"), ("区农业农村局", _DEPT, G_NEW, "肖桂英"),
    ("驻上海招商中心", _OUTPOST, G_SH, "田俊峰"), ("驻深圳招商中心", _OUTPOST, G_SZ, "董文杰"),
]
_CONSULTANTS = [("赵启明", "临沂市板材行业协会", "临沂"), ("孙慧敏", "佛山市顺德区家具协会", "佛山"),
                ("周文博", "常州新材料产业研究院", "常州"), ("吴海峰", "上海市安徽六安商会", "上海"),
                ("郑晓丽", "成都市家居产业联盟", "成都")]
_CONSULTANT_SIGNING = dt.date(2021, 8, 6)

# the planted rule misses (each is what a report should show)
_FEW_TRIPS = ("区财政局", 8)            # only 1 trip in August
_NO_HEAD = "区自然资源局"               # its head never leads a trip
_HEAD_MISS = ("区农业农村局", 7)        # no head-led trip in July
_NO_RECEPTION = ("孙岗乡", 9)           # no reception in September
_NO_VALID_LEAD = (G_NEW, 8)             # the group reports no valid lead in August
_ONE_CONTESTANT = G_SZ                  # only one contestant in the speech contest
_NO_ROADSHOW = "常州"                   # no promotion event in Changzhou
_OWN_FILES = ("史河街道", "洪集镇")     # units that send their own leads ledgers

# written forms of places, per region
_PLACES = {
    "临沂": ["临沂", "临沂市", "山东临沂", "山东省临沂市", "临沂市兰山区"],
    "南浔": ["南浔", "南浔区", "湖州南浔", "浙江湖州南浔", "湖州市南浔区"],
    "常州": ["常州", "常州市", "江苏常州", "常州市武进区"],
    "佛山": ["佛山", "佛山市", "广东佛山", "佛山市顺德区"],
    "成都": ["成都", "成都市", "四川成都"],
    "上海": ["上海", "上海市"], "苏州": ["苏州", "苏州市"], "杭州": ["杭州", "杭州市"], "宁波": ["宁波市"],
    "无锡": ["无锡", "无锡市"], "南京": ["南京市"], "广州": ["广州", "广州市"], "深圳": ["深圳", "深圳市"],
    "东莞": ["东莞市"], "合肥": ["合肥", "合肥市"], "郑州": ["郑州市"], "武汉": ["武汉市"], "香河": ["河北香河", "香河县"],
}
_BROAD = {"长三角": ["上海", "苏州", "杭州", "宁波", "无锡", "南京"], "珠三角": ["广州", "深圳", "东莞"]}
_TARGETS = ["临沂", "南浔", "常州", "佛山", "成都"]
_ELSEWHERE = ["上海", "苏州", "杭州", "广州", "深圳", "合肥", "郑州", "武汉", "香河", "宁波"]
_FAR = {"成都", "佛山", "广州", "深圳", "东莞", "北京", "香河"}
# how a company name starts in each place ("临沂市华丰木业有限公司")
_CO_CITY = {"临沂": "临沂", "南浔": "湖州南浔", "常州": "常州", "佛山": "佛山", "成都": "成都", "上海": "上海",
            "苏州": "苏州", "杭州": "杭州", "宁波": "宁波", "无锡": "无锡", "南京": "南京", "广州": "广州",
            "深圳": "深圳", "东莞": "东莞", "合肥": "合肥", "郑州": "郑州", "武汉": "武汉", "香河": "香河"}

_INDUSTRIES = ["家居板材", "定制家具", "智能家居", "化工新材料", "专业市场", "新能源", "电子信息", "设计研发"]
_IND_P = [0.28, 0.15, 0.12, 0.15, 0.11, 0.08, 0.06, 0.05]
_LEADING_WORDS = {"家居板材", "定制家具", "智能家居", "化工新材料", "专业市场"}
_SUFFIX = {"家居板材": ["木业", "板材", "人造板", "家居"], "定制家具": ["家具", "定制家居", "家居"],
           "智能家居": ["智能家居科技", "智能科技"], "化工新材料": ["新材料科技", "化工", "树脂", "涂料"],
           "专业市场": ["商贸", "供应链管理", "物流", "市场管理"], "新能源": ["新能源科技", "光伏科技", "储能科技"],
           "电子信息": ["电子科技", "信息技术"], "设计研发": ["工业设计", "家居设计研究院", "检测技术"]}
_PROJECT = {"家居板材": ["年产{n}万立方米高端板材项目", "年产{n}万张生态板生产线项目", "实木复合地板生产项目"],
            "定制家具": ["年产{n}万套定制家具项目", "全屋定制家居生产基地项目"],
            "智能家居": ["智能家居产业园项目", "年产{n}万套智能家居产品项目"],
            "化工新材料": ["年产{n}万吨环保涂料项目", "年产{n}万吨高性能树脂项目", "胶黏剂新材料项目"],
            "专业市场": ["家居建材专业市场项目", "板材交易市场及仓储物流项目"],
            "新能源": ["光伏组件生产项目", "储能电池生产项目"], "电子信息": ["电子元器件生产项目", "智能控制器生产项目"],
            "设计研发": ["家居工业设计中心项目", "新材料研发中心项目"]}
_BRAND1 = "华鸿恒鑫金瑞宏永盛森嘉联新中汇德天富巨佳宝晨兴东"
_BRAND2 = "丰业创盛桥祥达兴世鹏诚锐源泰邦成"
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙陶黎贺顾毛郝龚邵钱严武戴莫孔汤"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志文辉力鹏飞斌宇浩凯俊峰林海波晓东春燕玲婷雪梅琳晨欣怡"
_TITLES = ["经理", "总", "董", "总监", "主任", "部长"]
_MOBILE = ["138", "139", "135", "137", "150", "151", "152", "158", "159", "182", "183", "186", "187", "188", "189",
           "133", "153", "180", "181", "177", "199"]
_LEAD_NOTES = ["", "", "", "", "已赴实地考察", "拟落户叶集经济开发区", "需协调用地指标", "对接中", "客商已来叶考察",
               "等待企业董事会决策", "拟租赁标准化厂房"]
_TRIP_OUTCOMES = ["推介叶集投资环境，企业有意来叶考察", "获取项目线索1条", "达成初步投资意向", "洽谈项目合作细节",
                  "走访在外叶集籍企业家", "对接产业链上下游企业", "邀请企业参加推介会", "获取项目线索2条",
                  "回访已签约企业，推进项目落地"]
_RECEPTION_NOTES = ["", "", "考察经开区标准化厂房", "洽谈用地事宜", "实地考察化工园区", "考察家居产业园",
                    "商谈投资协议条款", "了解招商优惠政策"]
_STAGE_WORDS = {"lead": ["线索"], "intention": ["意向", "在谈"], "signed": ["签约", "已签约"],
                "started": ["开工", "已开工"], "producing": ["投产", "已投产"]}
_STAGE_DATE_COL = {"intention": "intention_on", "signed": "signed_on", "started": "started_on"}
_FW = str.maketrans("0123456789,.-/:", "０１２３４５６７８９，．－／：")


def _d(s: str) -> dt.date:
    return dt.date.fromisoformat(s)


def _fullwidth(s: str) -> str:
    return s.translate(_FW)


# ---------------------------------------------------------------------------------------------- helpers
class _Draw:
    """Thin wrapper over one numpy Generator with the draws this module needs."""

    def __init__(self, seed: int):
        self.rng = np.random.default_rng(seed)

    def pick(self, seq: list, p: list | None = None):
        return seq[int(self.rng.choice(len(seq), p=p))]

    def sample(self, seq: list, k: int) -> list:
        idx = self.rng.choice(len(seq), size=min(k, len(seq)), replace=False)
        return [seq[int(i)] for i in idx]

    def chance(self, p: float) -> bool:
        return bool(self.rng.random() < p)

    def int(self, lo: int, hi: int) -> int:  # inclusive
        return int(self.rng.integers(lo, hi + 1))

    def day(self, lo: dt.date, hi: dt.date, weekday: bool = True) -> dt.date:
        if hi < lo:
            hi = lo
        days = [lo + dt.timedelta(i) for i in range((hi - lo).days + 1)]
        if weekday and any(x.weekday() < 5 for x in days):
            days = [x for x in days if x.weekday() < 5]
        return self.pick(days)


def _names(draw: _Draw, n: int, taken: set[str]) -> list[str]:
    out = []
    while len(out) < n:
        given = "".join(draw.sample(list(_GIVEN), draw.pick([1, 2, 2])))
        name = draw.pick(list(_SURNAMES)) + given
        if name not in taken:
            taken.add(name)
            out.append(name)
    return out


def _month_end(y: int, m: int) -> dt.date:
    return (dt.date(y + m // 12, m % 12 + 1, 1) - dt.timedelta(1))


# ---------------------------------------------------------------------------------------------- truth
def sample_truth(seed: int = DEFAULT_SEED) -> dict[str, Any]:
    """The sample campaign's ground truth: plain records per ledger (what a correct reader keeps).

    Returns a dict with lists of dicts ``units``, ``groups``, ``consultants``, ``leads``, ``trips``,
    ``receptions``, ``events``, ``contestants`` and a ``meta`` dict (planted misses, collisions,
    the corrected lead). Dates are :class:`datetime.date`; ``investment_wan`` is in 万元.

    Examples
    --------
    >>> t = sample_truth(2021)
    >>> len(t["units"]), len(t["groups"]), 140 <= len(t["leads"]) <= 160
    (22, 7, True)
    """
    cfg = load_config()
    w0, w1 = cfg["window"]["start"], cfg["window"]["end"]
    months = [(y, m) for y in range(w0.year, w1.year + 1) for m in range(1, 13)
              if dt.date(y, m, 1) >= w0.replace(day=1) and dt.date(y, m, 1) <= w1]
    big = float(cfg["district"]["signed_min_wan"])
    n_signed_big = int(cfg["district"]["signed_100m"])          # reached exactly
    n_started = int(cfg["district"]["started"]) - 1             # missed narrowly
    draw = _Draw(seed)
    unit_group = {u: g for u, _, g, _ in _UNITS}
    members = {g: [u for u, _, gg, _ in _UNITS if gg == g] for g, *_ in _GROUPS}
    gspec = {g: (ind, reg) for g, _, _, ind, reg in _GROUPS}

    units = [{"unit": u, "unit_type": t, "group": g, "head": h} for u, t, g, h in _UNITS]
    groups = [{"group": g, "leader": ld, "lead_unit": lu, "industries": ind, "regions": reg}
              for g, ld, lu, ind, reg in _GROUPS]
    consultants = [{"consultant": c, "employer": e, "location": loc, "appointed_on": _CONSULTANT_SIGNING}
                   for c, e, loc in _CONSULTANTS]

    # -------- events (fixed calendar; places written as people write them)
    ceremony1 = dt.date(2021, 7, 16)
    ceremony2 = dt.date(2021, 9, 28)
    groundbreaking = dt.date(2021, 9, 17)
    events = [
        ("招商政策发布会", dt.date(2021, 7, 9), "叶集区政务服务中心", "发布家居板材、化工新材料、专业市场专项招商政策"),
        ("集中签约仪式", ceremony1, "叶集区会议中心", "7月中旬集中签约"),
        ("招商引资培训会", dt.date(2021, 7, 23), "区委党校", "邀请省投资促进局专家授课"),
        ("招商引资推介会", dt.date(2021, 7, 29), "上海市", "长三角地区招商引资推介会"),
        ("招商顾问签约", _CONSULTANT_SIGNING, "叶集区会议中心", f"首批招商顾问{len(_CONSULTANTS)}名"),
        ("招商引资推介会", dt.date(2021, 8, 12), "山东临沂", "临沂家居板材产业定向推介"),
        ("招商主题演讲比赛", dt.date(2021, 8, 20), "区文化中心", "全员招商，有你有我"),
        ("招商引资推介会", dt.date(2021, 8, 26), "浙江湖州南浔", "南浔木地板产业定向推介"),
        ("招商引资推介会", dt.date(2021, 9, 8), "广东佛山", "佛山家具产业定向推介（珠三角）"),
        ("招商引资推介会", dt.date(2021, 9, 14), "四川成都", "成都家居产业定向推介"),
        ("集中开工仪式", groundbreaking, "叶集经济开发区", "全区招商项目集中开工"),
        ("集中签约仪式", ceremony2, "叶集区会议中心", "9月底前集中签约"),
    ]
    events = [{"event_type_zh": t, "event_type": EVENT_TYPES[t], "held_on": d, "place": p, "note": n}
              for t, d, p, n in events]
    assert not any(_NO_ROADSHOW in e["place"] for e in events)

    taken = {h for *_, h in _UNITS} | {c for c, *_ in _CONSULTANTS}
    contestants = []
    for g, *_ in _GROUPS:
        k = 1 if g == _ONE_CONTESTANT else draw.int(2, 3)
        contestants += [{"group": g, "contestant": n} for n in _names(draw, k, taken)]

    # -------- leads
    brands = [a + b for a in _BRAND1 for b in _BRAND2 if a != b]
    brand_order = [brands[i] for i in draw.rng.permutation(len(brands))]
    used_phones: set[str] = set()

    def phone() -> str:
        while True:
            p = draw.pick(_MOBILE) + "".join(str(int(x)) for x in draw.rng.integers(0, 10, 8))
            if p not in used_phones:
                used_phones.add(p)
                return p

    def origin_for(group: str, far_ok: bool = True) -> str:
        regs = gspec[group][1]
        if draw.chance(0.75):
            r = draw.pick(regs)
            return draw.pick(_BROAD[r]) if r in _BROAD else r
        return draw.pick(_TARGETS + _ELSEWHERE)

    def industry_for(group: str, leading: bool | None = None) -> str:
        inds = gspec[group][0]
        if leading:
            pool = [i for i in inds if i in _LEADING_WORDS] or ["家居板材", "定制家具", "化工新材料"]
            return draw.pick(pool)
        if draw.chance(0.65):
            ind = draw.pick(inds)
        else:
            ind = draw.pick(_INDUSTRIES, p=_IND_P)
        if leading is False and ind in _LEADING_WORDS:
            ind = draw.pick(["新能源", "电子信息"])
        return ind

    def amount(lo: float, hi: float, step: int = 100) -> float:
        v = float(np.exp(draw.rng.uniform(np.log(lo), np.log(hi))))
        return float(max(lo, min(hi, round(v / step) * step)))

    def new_lead(unit: str, industry: str, region: str, reported: dt.date, *, wan: float | None = None) -> dict:
        brand = brand_order.pop()
        suffix = draw.pick(_SUFFIX[industry])
        city = _CO_CITY[region]
        investor = f"{city}{'市' if draw.chance(0.5) and region not in ('南浔',) else ''}{brand}{suffix}有限公司"
        tmpl = draw.pick(_PROJECT[industry])
        project = brand + tmpl.format(n=draw.pick([5, 10, 20, 30, 50]))
        return {"lead_id": "", "project": project, "investor": investor, "brand": brand, "suffix": suffix,
                "origin": draw.pick(_PLACES[region]), "region": region, "industry": industry,
                "investment_wan": wan if wan is not None else amount(1000, 50000),
                "unit": unit, "group": unit_group[unit], "reported_on": reported, "intention_on": None,
                "signed_on": None, "started_on": None, "stage": "lead", "screening": "",
                "consultant": "", "contact": draw.pick(list(_SURNAMES)) + draw.pick(_TITLES), "phone": phone(),
                "note": draw.pick(_LEAD_NOTES), "role": ""}

    def units_of(group: str, exclude: Iterable[str] = _OWN_FILES) -> list[str]:
        return [u for u in members[group] if u not in exclude] or members[group]

    leads: list[dict] = []
    # A: signed inside the window, >= 1亿 (the district's signings target)
    a_groups = [G_HOME, G_SMART, G_CHEM, G_CHEM, G_MKT, G_SH, G_SZ, G_NEW]
    a_groups = (a_groups * 2)[: n_signed_big - 1]
    for i, g in enumerate(a_groups):
        region = draw.pick([r for r in gspec[g][1] if r not in _BROAD] or _TARGETS)
        lead_ok = g != G_NEW
        ind = industry_for(g, leading=True) if lead_ok else "新能源"
        july = i % 3 != 2
        signed = ceremony1 if july else ceremony2
        reported = draw.day(_d("2021-05-10"), _d("2021-06-25")) if july else draw.day(_d("2021-06-01"), _d("2021-07-30"))
        ld = new_lead(draw.pick(units_of(g)), ind, region, reported, wan=amount(big, 5 * big, 1000))
        ld["intention_on"] = draw.day(reported + dt.timedelta(7), signed - dt.timedelta(5))
        ld["signed_on"] = signed
        ld["role"] = "A"
        leads.append(ld)
    # the corrected lead (史河街道): first sent as 意向 8000万, corrected to 签约 1.2亿 on resubmission
    corr = new_lead("史河街道", "定制家具", "临沂", _d("2021-07-05"), wan=1.2 * big)
    corr.update(intention_on=_d("2021-07-22"), signed_on=_d("2021-08-12"), role="A*", screening="有效", note="")
    leads.append(corr)
    # started inside the window: some July signings start at the groundbreaking ceremony
    july_a = [x for x in leads if x["role"] == "A" and x["signed_on"] == ceremony1]
    for x in july_a[:3]:
        x["started_on"] = groundbreaking
    # C: signed before the window, >= 1亿 (2 producing, 1 started in June, some start in the window)
    c_plan = ["producing", "producing", "started_june"] + ["started_window"] * max(0, n_started - 3) + ["signed"]
    for kind in c_plan:
        g = draw.pick([G_HOME, G_SMART, G_CHEM, G_MKT, G_SH])
        region = draw.pick([r for r in gspec[g][1] if r not in _BROAD] or _TARGETS)
        if kind == "producing":
            rep = draw.day(_d("2021-03-08"), _d("2021-04-09"))
            sig = draw.day(_d("2021-04-19"), _d("2021-05-14"))
            sta = draw.day(_d("2021-05-24"), _d("2021-06-18"))
        else:
            rep = draw.day(_d("2021-04-12"), _d("2021-05-21"))
            sig = draw.day(_d("2021-05-24"), _d("2021-06-25"))
            sta = (draw.day(sig + dt.timedelta(1), _d("2021-06-30")) if kind == "started_june"
                   else groundbreaking if kind == "started_window" else None)
        ld = new_lead(draw.pick(units_of(g)), industry_for(g, leading=True), region, rep, wan=amount(big, 4 * big, 1000))
        ld.update(intention_on=draw.day(rep + dt.timedelta(5), sig - dt.timedelta(3)), signed_on=sig, started_on=sta,
                  role="C", stage="producing" if kind == "producing" else "")
        leads.append(ld)
    # D: signed inside the window, below 1亿
    for _ in range(8):
        g = draw.pick([g for g, *_ in _GROUPS])
        ld = new_lead(draw.pick(units_of(g)), industry_for(g), draw.pick(_TARGETS + _ELSEWHERE),
                      draw.day(_d("2021-06-01"), _d("2021-08-20")), wan=amount(1000, 0.95 * big, 100))
        sig = draw.pick([ceremony1, ceremony2, draw.day(w0, w1)])
        if sig <= ld["reported_on"] + dt.timedelta(10):
            sig = ceremony2
        ld.update(intention_on=draw.day(ld["reported_on"] + dt.timedelta(3), sig - dt.timedelta(3)), signed_on=sig, role="D")
        leads.append(ld)
    # the remaining leads: reported in (or just before) the window; some reach intention
    busy = {"史河街道": 2.0, "洪集镇": 1.5, G_SH: 3.0, G_SZ: 3.0}   # outposts and two busy townships report more
    weights = np.array([busy.get(u, 1.0) for u, *_ in _UNITS])
    unit_names = [u for u, *_ in _UNITS]
    n_rest = 150 - len(leads) - 6   # 6: the three 撞单 pairs below
    for _ in range(n_rest):
        u = unit_names[int(draw.rng.choice(len(unit_names), p=weights / weights.sum()))]
        g = unit_group[u]
        o = origin_for(g)
        ind = industry_for(g)
        rep = draw.day(_d("2021-06-15"), w1) if draw.chance(0.9) else draw.day(_d("2021-05-20"), _d("2021-06-30"))
        ld = new_lead(u, ind, o, rep, wan=amount(800, 50000, 100))
        if draw.chance(0.3) and rep <= w1 - dt.timedelta(10):
            ld["intention_on"] = draw.day(rep + dt.timedelta(5), min(w1, rep + dt.timedelta(60)))
        ld["role"] = "E" if ld["intention_on"] else "F"
        leads.append(ld)

    # 撞单: three investors reported twice, by units of different groups, written slightly differently
    pairs = [(G_HOME, G_MKT, "临沂", "家居板材"), (G_SZ, G_SMART, "佛山", "定制家具"), (G_CHEM, G_SH, "常州", "化工新材料")]
    collisions = []
    for g1, g2, region, ind in pairs:
        rep1 = draw.day(_d("2021-07-05"), _d("2021-08-06"))
        rep2 = draw.day(rep1 + dt.timedelta(7), rep1 + dt.timedelta(30))
        first = new_lead(draw.pick(units_of(g1)), ind, region, rep1, wan=amount(3000, 30000, 500))
        second = new_lead(draw.pick(units_of(g2)), ind, region, rep2, wan=first["investment_wan"])
        brand, suffix, city = first["brand"], first["suffix"], _CO_CITY[region]
        short = city[-2:]
        first["investor"] = f"{short}市{brand}{suffix}有限公司"
        second["investor"] = f"{brand}{suffix}（{short}）有限公司"
        second["project"] = first["project"]
        second["brand"] = brand
        second["origin"] = draw.pick(_PLACES[region])
        first["screening"], second["screening"] = "有效", ""
        first["role"], second["role"] = "F", "collision"
        leads += [first, second]
        collisions.append((first, second))

    # consultants refer some leads reported after they were appointed
    for ld in leads:
        if ld["reported_on"] >= _CONSULTANT_SIGNING and ld["role"] in ("E", "F") and draw.chance(0.25):
            near = [c for c, _, loc in _CONSULTANTS if loc == ld["region"]]
            ld["consultant"] = draw.pick(near) if near and draw.chance(0.7) else draw.pick([c for c, *_ in _CONSULTANTS])
    # screening (甄别结果) by the group's lead unit
    for ld in leads:
        if ld["role"] in ("A", "A*", "C") or ld["screening"] or ld["role"] == "collision":
            ld["screening"] = ld["screening"] or ("有效" if ld["role"] != "collision" else "")
            continue
        leading = ld["industry"] in _LEADING_WORDS
        ld["screening"] = draw.pick(["有效", "", "无效"], p=[0.7, 0.25, 0.05] if leading else [0.15, 0.4, 0.45])

    # own-file units: their earlier submissions must show the final state (no stage date after the submission)
    def cut(ld: dict, asof: dt.date) -> None:
        for col in ("intention_on", "signed_on", "started_on"):
            if ld[col] and ld[col] > asof:
                ld[col] = None
    for ld in leads:
        if ld["unit"] == "史河街道" and ld["role"] != "A*":
            if ld["reported_on"] <= _d("2021-07-31"):
                cut(ld, _d("2021-07-31"))
            elif ld["reported_on"] <= _d("2021-08-15"):
                cut(ld, _d("2021-08-15"))
    hongji_july = [x for x in leads if x["unit"] == "洪集镇" and x["reported_on"] <= _d("2021-07-31")
                   and x["role"] in ("E", "F")][:3]
    for x in hongji_july:
        cut(x, _d("2021-07-31"))

    # the planted valid-lead miss, then make sure every other group has a valid lead every month
    def valid(ld: dict) -> bool:
        return ld["screening"] == "有效" or (ld["screening"] == "" and ld["industry"] in _LEADING_WORDS)
    for ld in leads:
        if ld["group"] == _NO_VALID_LEAD[0] and ld["reported_on"].month == _NO_VALID_LEAD[1] \
                and ld["reported_on"].year == w0.year and valid(ld):
            ld["screening"] = "无效"
    for g, *_ in _GROUPS:
        for y, m in months:
            if (g, m) == _NO_VALID_LEAD:
                continue
            mine = [x for x in leads if x["group"] == g and (x["reported_on"].year, x["reported_on"].month) == (y, m)
                    and x["role"] != "collision"]
            if any(valid(x) for x in mine):
                continue
            if mine:
                x = mine[0]
            else:   # move one plain lead of the group (or any group) into this month
                pool = [x for x in leads if x["role"] == "F" and x["group"] == g] or \
                       [x for x in leads if x["role"] == "F" and x["unit"] not in _OWN_FILES]
                x = pool[0]
                x["unit"] = draw.pick(units_of(g))
                x["group"] = g
                x["reported_on"] = draw.day(dt.date(y, m, 1), _month_end(y, m))
                x["intention_on"] = None
                x["role"] = "F"
            x["screening"] = "有效"
            if x["industry"] not in _LEADING_WORDS:
                x["industry"] = draw.pick(["家居板材", "化工新材料", "专业市场"])

    for ld in leads:
        st = "lead"
        for s, col in _STAGE_DATE_COL.items():
            if ld[col]:
                st = s
        ld["stage"] = "producing" if ld["stage"] == "producing" else st
    leads.sort(key=lambda x: (x["reported_on"], x["unit"], x["investor"]))
    for i, ld in enumerate(leads, 1):
        ld["lead_id"] = f"XS{i:04d}"

    # -------- trips
    company_pool: dict[str, list[str]] = {}
    for ld in leads:
        company_pool.setdefault(ld["region"], []).append(ld["investor"])
    for r in _PLACES:
        for _ in range(5):
            ind = draw.pick(_INDUSTRIES[:5])
            company_pool.setdefault(r, []).append(f"{_CO_CITY[r]}{draw.pick(brands)}{draw.pick(_SUFFIX[ind])}有限公司")

    def destination(group: str) -> tuple[str, str]:
        regs = gspec[group][1]
        r = draw.pick(regs) if draw.chance(0.75) else draw.pick(_TARGETS + _ELSEWHERE)
        if r in _BROAD:
            r = draw.pick(_BROAD[r])
        return r, draw.pick(_PLACES[r])

    def trip(units_: list[str], y: int, m: int, head: bool) -> dict:
        region, written = destination(unit_group[units_[0]])
        dur = draw.int(2, 4) if region in _FAR else draw.int(1, 3)
        last = _month_end(y, m)
        start = draw.day(dt.date(y, m, 1), min(last, w1) - dt.timedelta(dur - 1))
        comps = draw.sample(company_pool[region], draw.int(1, 3))
        return {"start_on": start, "end_on": start + dt.timedelta(dur - 1), "units": list(units_),
                "destination": written, "region": region, "head_led": head, "companies": comps,
                "outcome": draw.pick(_TRIP_OUTCOMES)}

    trips: list[dict] = []
    for y, m in months:
        for u in unit_names:
            n = 1 if (u, m) == _FEW_TRIPS else draw.int(3, 5)
            heads = 0 if u == _NO_HEAD or (u, m) == _HEAD_MISS else draw.pick([1, 1, 2])
            for k in range(n):
                trips.append(trip([u], y, m, k < heads))
        for g, *_ in _GROUPS:
            pool = [u for u in members[g] if (u, m) != _FEW_TRIPS]
            if len(pool) < 2:
                continue
            for _ in range(draw.int(3, 6)):
                us = draw.sample(pool, draw.pick([2, 2, 3]))
                head = draw.chance(0.3) and _NO_HEAD not in us and not any((u, m) == _HEAD_MISS for u in us)
                trips.append(trip(us, y, m, head))
        for _ in range(3):   # an outpost centre takes a unit along
            out = draw.pick([G_SH, G_SZ])
            u = draw.pick([x for x in unit_names if unit_group[x] not in (G_SH, G_SZ) and (x, m) != _FEW_TRIPS])
            trips.append(trip([out, u], y, m, False))
    trips.sort(key=lambda t: (t["start_on"], t["units"][0]))
    for i, t in enumerate(trips, 1):
        t["trip_id"] = f"T{i:04d}"

    # -------- receptions
    receptions: list[dict] = []
    extra = set(draw.sample([(u, m) for u in unit_names for _, m in months], 26))
    for y, m in months:
        for u in unit_names:
            n = 0 if (u, m) == _NO_RECEPTION else draw.int(1, 3) + ((u, m) in extra)
            for _ in range(n):
                day = draw.day(dt.date(y, m, 1), _month_end(y, m))
                mine = [x for x in leads if x["unit"] == u and x["reported_on"] <= day]
                if mine and draw.chance(0.45):
                    ld = draw.pick(mine)
                    rec = {"company": ld["investor"], "origin": draw.pick(_PLACES[ld["region"]]), "region": ld["region"],
                           "lead_id": ld["lead_id"]}
                else:
                    r, written = destination(unit_group[u])
                    rec = {"company": draw.pick(company_pool[r]), "origin": written, "region": r, "lead_id": ""}
                rec.update(received_on=day, unit=u, note=draw.pick(_RECEPTION_NOTES))
                receptions.append(rec)
    receptions.sort(key=lambda r: (r["received_on"], r["unit"]))
    for i, r in enumerate(receptions, 1):
        r["reception_id"] = f"R{i:04d}"

    # -------- records that go out with one unreadable cell: a correct reader rejects those whose cell is required
    # (unknown unit, vague date) and keeps, with a warning, those whose cell is optional (the amount 待定, the stage 暂缓:
    # WARNED_KINDS; issue 12, optional cells never sink a row)
    plain_units = [u for u in unit_names if u not in _OWN_FILES]
    bad_leads = []
    for i, kind in enumerate(["unknown_unit", "vague_date", "bad_amount", "unknown_stage"]):
        u = "平岗街道" if kind == "unknown_unit" else draw.pick(plain_units)
        g = unit_group[u]
        ld = new_lead(u, industry_for(g), origin_for(g), draw.day(_d("2021-07-12"), _d("2021-09-10")))
        if kind == "unknown_stage":
            ld["intention_on"] = draw.day(ld["reported_on"] + dt.timedelta(3), ld["reported_on"] + dt.timedelta(15))
        ld.update(lead_id=f"XS{len(leads) + i + 1:04d}", bad=kind, screening=draw.pick(["有效", ""]))
        bad_leads.append(ld)
    bad_trips = []
    for kind, m in [("vague_date", 7), ("missing_unit", 8), ("impossible_date", 9)]:
        t = trip([draw.pick(plain_units)], w0.year, m, False)
        t.update(bad=kind, trip_id="")
        bad_trips.append(t)
    r, written = destination(G_HOME)
    bad_receptions = [{"received_on": draw.day(_d("2021-08-02"), _d("2021-08-27")), "unit": "平冈街道",
                       "company": draw.pick(company_pool[r]), "origin": written, "region": r, "lead_id": "",
                       "note": draw.pick(_RECEPTION_NOTES), "bad": "unknown_unit"}]

    in_window = lambda d: d is not None and w0 <= d <= w1  # noqa: E731
    signed_big = [x["lead_id"] for x in leads if in_window(x["signed_on"]) and x["investment_wan"] >= big]
    started = [x["lead_id"] for x in leads if in_window(x["started_on"])]
    group_signing = {g: [x["lead_id"] for x in leads if x["group"] == g and in_window(x["signed_on"])
                         and x["investment_wan"] >= big and x["industry"] in _LEADING_WORDS] for g, *_ in _GROUPS}
    meta = {
        "corrected_lead": corr["lead_id"], "collisions": [(a["lead_id"], b["lead_id"]) for a, b in collisions],
        "hongji_duplicates": [x["lead_id"] for x in hongji_july],
        "bad": {"leads": bad_leads, "trips": bad_trips, "receptions": bad_receptions},
        "facts": {
            "signed_100m_in_window": signed_big, "started_in_window": started,
            "groups_without_100m_leading_signing": [g for g, ids in group_signing.items() if not ids],
            "misses": {
                "trips": [[_FEW_TRIPS[0], f"{w0.year}-{_FEW_TRIPS[1]:02d}"]],
                "head_trips": [[_NO_HEAD, f"{y}-{m:02d}"] for y, m in months] + [[_HEAD_MISS[0], f"{w0.year}-{_HEAD_MISS[1]:02d}"]],
                "receptions": [[_NO_RECEPTION[0], f"{w0.year}-{_NO_RECEPTION[1]:02d}"]],
                "valid_leads": [[_NO_VALID_LEAD[0], f"{w0.year}-{_NO_VALID_LEAD[1]:02d}"]],
                "speech": [_ONE_CONTESTANT], "roadshows": [_NO_ROADSHOW],
            },
        },
    }
    return {"units": units, "groups": groups, "consultants": consultants, "leads": leads, "trips": trips,
            "receptions": receptions, "events": events, "contestants": contestants, "meta": meta}


def sample_campaign(seed: int = DEFAULT_SEED):
    """The sample campaign's ground truth as a :class:`~yeji_analysis.model.Campaign` (no files read).

    What :func:`yeji_analysis.load_campaign` should give for the folder :func:`write_sample` writes,
    apart from provenance columns. Handy for tests of analysis code on realistic data.
    """
    import pandas as pd  # deferred: the generator loads these only when writing

    from .model import Campaign  # deferred: the generator loads these only when writing
    t = sample_truth(seed)
    ts = lambda v: pd.Timestamp(v) if v else pd.NaT  # noqa: E731
    leads = pd.DataFrame([{
        "lead_id": x["lead_id"], "project": x["project"], "investor": x["investor"], "origin": x["origin"],
        "industry": x["industry"], "investment_wan": x["investment_wan"], "unit": x["unit"],
        "reported_on": ts(x["reported_on"]), "stage": x["stage"], "intention_on": ts(x["intention_on"]),
        "signed_on": ts(x["signed_on"]), "started_on": ts(x["started_on"]), "producing_on": pd.NaT,
        "screened_valid": {"有效": True, "无效": False}.get(x["screening"], pd.NA),
        "consultant": x["consultant"], "contact": x["contact"], "phone": x["phone"], "note": x["note"]}
        for x in t["leads"] + [w for w in t["meta"]["bad"]["leads"] if w["bad"] in WARNED_KINDS]])
    # the leads sent with an unreadable optional cell are accepted, that field unknown: the amount 待定; the stage 暂缓
    # (the stage is then the latest one with a date)
    warned = {w["lead_id"]: w["bad"] for w in t["meta"]["bad"]["leads"] if w["bad"] in WARNED_KINDS}
    for lid, kind in warned.items():
        i = leads.index[leads["lead_id"] == lid][0]
        if kind == "bad_amount":
            leads.at[i, "investment_wan"] = float("nan")
        else:
            leads.at[i, "stage"] = None
    trips = pd.DataFrame([{"trip_id": x["trip_id"], "start_on": ts(x["start_on"]), "end_on": ts(x["end_on"]),
                           "units": x["units"], "destination": x["destination"], "head_led": x["head_led"],
                           "companies": x["companies"], "outcome": x["outcome"]} for x in t["trips"]])
    receptions = pd.DataFrame([{k: (ts(v) if k == "received_on" else v) for k, v in x.items() if k != "region"}
                               for x in t["receptions"]])
    events = pd.DataFrame([{"event_type": e["event_type"], "held_on": ts(e["held_on"]), "place": e["place"],
                            "note": e["note"]} for e in t["events"]])
    consultants = pd.DataFrame([{**c, "appointed_on": ts(c["appointed_on"])} for c in t["consultants"]])
    return Campaign.from_frames(units=pd.DataFrame(t["units"]), groups=pd.DataFrame(t["groups"]), leads=leads,
                                trips=trips, receptions=receptions, events=events,
                                contestants=pd.DataFrame(t["contestants"]), consultants=consultants)


# ---------------------------------------------------------------------------------------------- cell formats
def _date_cell(d: dt.date | None, style: str) -> Any:
    """A date as a ledger writes it; ``date`` and ``serial`` only make sense in Excel."""
    if d is None:
        return None
    if style == "date":
        return dt.datetime(d.year, d.month, d.day)
    if style == "serial":
        return (d - _EPOCH).days
    cn = f"{d.year}年{d.month}月{d.day}日"
    return {"cn": cn, "dot": f"{d.year}.{d.month}.{d.day}", "slash": f"{d.year}/{d.month}/{d.day}",
            "iso": d.isoformat(), "fw": _fullwidth(cn)}[style]


def _amount_cell(wan: float, style: str) -> Any:
    """An amount in 万元 as a ledger writes it (plain numbers take their unit from the header)."""
    if style in ("yi", "yi_short") and wan < 10000:
        style = "wanyuan"
    num = int(wan) if float(wan).is_integer() else wan
    return {"num": num, "comma": f"{wan:,.0f}", "fw": _fullwidth(f"{wan:,.0f}"), "wanyuan": f"{wan:g}万元",
            "wan": f"{wan:g}万", "yi": f"{wan / 10000:g}亿元", "yi_short": f"{wan / 10000:g}亿",
            "text": f"{wan:g}"}[style]


class _Style:
    """How one file writes dates, amounts, stage words, yes/no and unit lists."""

    def __init__(self, draw: _Draw, dates: dict[str, float], amounts: dict[str, float],
                 yes_no: tuple[tuple[str, str], ...] = (("是", "否"),), seps: dict[str, float] | None = None):
        self.draw, self.dates, self.amounts, self.yes_no = draw, dates, amounts, yes_no
        self.seps = seps or {"、": 1.0}

    def _choice(self, opts: dict[str, float]) -> str:
        keys = list(opts)
        p = np.array([opts[k] for k in keys], float)
        return self.draw.pick(keys, p=list(p / p.sum()))

    def date(self, d: dt.date | None) -> Any:
        return _date_cell(d, self._choice(self.dates)) if d else None

    def amount(self, wan: float) -> Any:
        return _amount_cell(wan, self._choice(self.amounts))

    def stage(self, stage: str) -> str:
        return self.draw.pick(_STAGE_WORDS[stage])

    def yn(self, v: bool) -> str:
        y, n = self.draw.pick(list(self.yes_no))
        return y if v else n

    def join(self, items: list[str]) -> str:
        return self._choice(self.seps).join(items)


# ---------------------------------------------------------------------------------------------- writers
#: Planted kinds whose unreadable cell is optional: the row is accepted with a warning, not rejected.
WARNED_KINDS = {"bad_amount", "unknown_stage"}


class _Manifest:
    def __init__(self, seed: int):
        self.seed = seed
        self.files: dict[str, dict] = {}
        self.counts = {k: {"rows": 0, "bad": 0, "warned": 0, "exact_duplicates": 0, "corrections": 0, "structural": 0}
                       for k in HEADERS}
        self.planted: list[dict] = []
        self.names: set[str] = set()
        self.phones: set[str] = set()

    def sheet(self, fname: str, sheet: str, kind: str, encoding: str | None = None) -> None:
        f = self.files.setdefault(fname, {"ledgers": {}, "rows": {}})
        if encoding:
            f["encoding"] = encoding
        f["ledgers"][sheet] = kind
        f["rows"].setdefault(sheet, 0)

    def to_json(self, extra: dict) -> dict:
        ledgers = {k: {**c, "accepted": c["rows"] - c["bad"] - c["exact_duplicates"] - c["corrections"]}
                   for k, c in self.counts.items()}
        return {"seed": self.seed, "generator": "yeji_analysis.synth.write_sample",
                "note": ("rows = data rows written (bad, warned and duplicate rows included; title, header, unit and date "
                         "lines above the header, blank, 合计/小计 and 注 rows excluded); structural = blank, "
                         "合计/小计 and 注 rows below the header; accepted = rows - bad - exact_duplicates - "
                         "corrections; warned rows (an unreadable optional cell) are accepted. (A correction's earlier "
                         "version is superseded: the later submission, by the "
                         "填报日期 line above the header, wins). row: 1-based Excel row; "
                         "CSV: 1-based line number, the header line being line 1; a CSV's sheet is \"\"."),
                "files": self.files, "ledgers": ledgers, "planted": self.planted,
                "contacts": {"names": sorted(self.names), "phones": sorted(self.phones)}, **extra}


class _Sheet:
    """One sheet (xlsx) or one CSV file being written, row by row, with its manifest bookkeeping."""

    def __init__(self, man: _Manifest, fname: str, sheet: str, kind: str, ws=None, encoding: str | None = None):
        self.man, self.fname, self.sheet, self.kind, self.ws = man, fname, sheet, kind, ws
        self.r = 1
        self.lines: list[list] = []
        self.cols: list[str] = []
        man.sheet(fname, sheet, kind, encoding)

    def _put(self, values: list) -> int:
        r = self.r
        if self.ws is not None:
            for c, v in enumerate(values, 1):
                if v is not None and v != "":
                    cell = self.ws.cell(r, c, v)
                    if isinstance(v, dt.datetime):
                        cell.number_format = "yyyy/m/d"
        else:
            self.lines.append(["" if v is None else v for v in values])
        self.r += 1
        return r

    def title(self, text: str, ncols: int) -> None:
        from openpyxl.styles import Alignment, Font  # deferred: the generator loads these only when writing
        r = self._put([text])
        self.ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=ncols)
        self.ws.cell(r, 1).font = Font(bold=True, size=14)
        self.ws.cell(r, 1).alignment = Alignment(horizontal="center")

    def line(self, text: str, col: int = 1) -> None:
        self._put([None] * (col - 1) + [text])

    def header(self, cols: list[str]) -> None:
        self.cols = cols
        r = self._put(cols)
        if self.ws is not None:
            from openpyxl.styles import Alignment, Font  # deferred: the generator loads these only when writing
            for c in range(1, len(cols) + 1):
                self.ws.cell(r, c).font = Font(bold=True)
                self.ws.cell(r, c).alignment = Alignment(wrap_text=True, horizontal="center")

    def data(self, values: dict | list) -> int:
        if isinstance(values, dict):
            values = [values.get(c) for c in self.cols]
        self.man.counts[self.kind]["rows"] += 1
        self.man.files[self.fname]["rows"][self.sheet] += 1
        return self._put(values)

    def blank(self) -> None:
        self.man.counts[self.kind]["structural"] += 1
        self._put([None] * max(1, len(self.cols)))

    def structural(self, values: list) -> None:
        self.man.counts[self.kind]["structural"] += 1
        self._put(values + [None] * (len(self.cols) - len(values)))

    def plant(self, row: int, column: str, value: Any, kind: str, **more) -> None:
        c = self.man.counts[self.kind]
        if kind == "exact_duplicate":
            c["exact_duplicates"] += 1
        elif kind == "correction":
            c["corrections"] += 1
        elif kind in WARNED_KINDS:
            c["warned"] += 1
        else:
            c["bad"] += 1
        self.man.planted.append({"ledger": self.kind, "file": self.fname, "sheet": self.sheet, "row": row,
                                 "column": column, "value": "" if value is None else str(value), "kind": kind, **more})

    def where(self, row: int) -> dict:
        return {"file": self.fname, "sheet": self.sheet, "row": row}

    def save_csv(self, path: Path, encoding: str) -> None:
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        w.writerows(self.lines)
        path.write_bytes(buf.getvalue().encode(encoding))


def _new_book():
    from openpyxl import Workbook  # deferred: the generator loads these only when writing
    wb = Workbook()
    wb.remove(wb.active)
    return wb


def _save_book(wb, path: Path) -> None:
    """Save a workbook so the same content gives the same bytes (fixed document times and zip times)."""
    wb.properties.creator = "叶集区招商服务中心"
    wb.properties.lastModifiedBy = "叶集区招商服务中心"
    wb.properties.created = _FIXED_TIME
    wb.properties.modified = _FIXED_TIME
    buf = io.BytesIO()
    wb.save(buf)
    _normalise_zip(buf.getvalue(), path)


def _normalise_zip(data: bytes, path: Path) -> None:
    stamp = _FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            body = zin.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:(?:modified|created)[^>]*>)[^<]*(</dcterms:)", rb"\g<1>" + stamp + rb"\2", body)
            zi = zipfile.ZipInfo(info.filename, date_time=_FIXED_TIME.timetuple()[:6])
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            zout.writestr(zi, body)


def _widths(ws, widths: list[int]) -> None:
    from openpyxl.utils import get_column_letter  # deferred: the generator loads these only when writing
    for i, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = w


def _merge_down(ws, col: int, rows: list[int]) -> None:
    """Merge a column over consecutive rows holding the same value (first row keeps the value)."""
    if len(rows) > 1 and rows == list(range(rows[0], rows[-1] + 1)):
        ws.merge_cells(start_row=rows[0], start_column=col, end_row=rows[-1], end_column=col)


# ---------------------------------------------------------------------------------------------- the sample
_LEAD_COLS = ["序号"] + HEADERS["leads"]


def _lead_row(ld: dict, st: _Style, seq: int | None) -> list:
    """One lead as a list in ``_LEAD_COLS`` order."""
    v = {"序号": seq, "线索编号": ld["lead_id"], "项目名称": ld["project"], "投资方": ld["investor"],
         "来源地": ld["origin"], "产业类别": ld["industry"], "计划投资额": st.amount(ld["investment_wan"]),
         "报送单位": ld["unit"], "报送日期": st.date(ld["reported_on"]), "当前阶段": st.stage(ld["stage"]),
         "意向日期": st.date(ld["intention_on"]), "签约日期": st.date(ld["signed_on"]),
         "开工日期": st.date(ld["started_on"]), "甄别结果": ld["screening"], "引荐顾问": ld["consultant"],
         "联系人": ld["contact"], "联系电话": ld["phone"], "备注": ld["note"]}
    return [v[c] for c in _LEAD_COLS]


def _spoil_lead(row: list, ld: dict) -> tuple[str, Any]:
    """Write a bad lead's one unreadable cell; return (canonical column, value)."""
    kind = ld["bad"]
    col, val = {"unknown_unit": ("报送单位", "史和街道"),
                "vague_date": ("报送日期", f"{ld['reported_on'].month}月中旬"),
                "bad_amount": ("计划投资额", "待定"), "unknown_stage": ("当前阶段", "暂缓")}[kind]
    row[_LEAD_COLS.index(col)] = val
    return col, val


def write_sample(out_dir: str | Path, seed: int = DEFAULT_SEED) -> Path:
    """Write the sample campaign's ledgers (样例台账) as units send them, and ``MANIFEST.json``.

    Ten files: the office's reference workbook (责任单位, 招商小组, 招商顾问), its compiled leads
    workbook, two units' own leads ledgers (one resubmitted with a corrected lead, one on a sheet
    called ``Sheet1``), trips split by month (xlsx, GB18030 CSV, UTF-8-with-BOM CSV), receptions
    and events. ``MANIFEST.json`` gives per ledger the rows written, the bad rows, the exact
    duplicates and corrections, the structural rows, and where every planted row is. Both of
    史河街道's files carry a ``填报日期：`` line above the header; the later one corrects one lead's
    amount, stage and signing date, so a reader that keeps the later submission gets the truth
    (:func:`sample_campaign`).

    Parameters
    ----------
    out_dir : folder to write into (created; files a previous run listed in its manifest are replaced)
    seed : seed of ``numpy.random.default_rng``; the same seed writes the same bytes

    Returns
    -------
    Path of the folder.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    old = out / "MANIFEST.json"
    if old.exists():
        try:
            for f in json.loads(old.read_text(encoding="utf-8")).get("files", {}):
                if (out / f).is_file() and "/" not in f:
                    (out / f).unlink()
        except (ValueError, OSError):
            pass
    t = sample_truth(seed)
    meta = t["meta"]
    draw = _Draw(seed + 1)
    man = _Manifest(seed)
    unit_order = {u: i for i, (u, *_) in enumerate(_UNITS)}
    bad = meta["bad"]

    def contacts(ld: dict) -> None:
        man.names.add(ld["contact"])
        man.phones.add(ld["phone"])

    # ---- 1. the office's reference workbook
    fname = "叶集区招商基础信息.xlsx"
    wb = _new_book()
    ws = wb.create_sheet("责任单位")
    sh = _Sheet(man, fname, "责任单位", "units", ws)
    sh.title("叶集区“双招双引”集中攻坚季责任单位名单", 5)
    sh.header(["序号", "单位名称", "单位类型", "所属招商小组", "主要负责人"])
    for g, *_ in _GROUPS:
        rows = [sh.data([0, u["unit"], u["unit_type"], u["group"], u["head"]]) for u in t["units"] if u["group"] == g]
        _merge_down(ws, 4, rows)
    for i, r in enumerate(range(3, sh.r), 1):
        ws.cell(r, 1, i)
    sh.structural(["注：驻外招商中心按招商小组管理，单列考核。"])
    _widths(ws, [6, 22, 14, 18, 12])
    ws = wb.create_sheet("招商小组")
    sh = _Sheet(man, fname, "招商小组", "groups", ws)
    sh.header(HEADERS["groups"])
    for g in t["groups"]:
        sh.data([g["group"], g["leader"], g["lead_unit"], "、".join(g["industries"]), "、".join(g["regions"])])
    _widths(ws, [18, 28, 22, 26, 22])
    ws = wb.create_sheet("招商顾问")
    sh = _Sheet(man, fname, "招商顾问", "consultants", ws)
    sh.header(HEADERS["consultants"])
    for c in t["consultants"]:
        sh.data([c["consultant"], c["employer"], c["location"], _date_cell(c["appointed_on"], "date")])
    _widths(ws, [12, 28, 10, 12])
    _save_book(wb, out / fname)

    # ---- 2. 洪集镇's own ledger: a sheet called Sheet1, header on the first row, amounts with units
    hongji = sorted([x for x in t["leads"] if x["unit"] == "洪集镇"], key=lambda x: x["reported_on"])
    st_h = _Style(draw, {"slash": 5, "iso": 5}, {"wanyuan": 4, "wan": 3, "yi": 2, "yi_short": 1, "num": 1})
    fname_h = "洪集镇_报送材料.xlsx"
    wb = _new_book()
    ws = wb.create_sheet("Sheet1")
    sh = _Sheet(man, fname_h, "Sheet1", "leads", ws)
    sh.header(HEADERS["leads"])
    hongji_rows = {}
    for ld in hongji:
        hongji_rows[ld["lead_id"]] = sh.data(_lead_row(ld, st_h, None)[1:])
        contacts(ld)
    _widths(ws, [10, 30, 30, 14, 12, 12] + [12] * 11)
    _save_book(wb, out / fname_h)
    where_h = {k: sh.where(r) for k, r in hongji_rows.items()}

    # ---- 3. 史河街道's ledger, sent on 1 August and resubmitted on 15 August with one lead corrected
    shihe_hdr = ["序号", "线索\n编号", "项目名称", "投资方", "来源地", "产业类别", "计划投资额（万元）", "报送单位",
                 "报送\n日期", "当前\n阶段", "意向\n日期", "签约\n日期", "开工\n日期", "甄别结果", "引荐顾问",
                 "联系人", "联系电话", "备注"]
    st_s = _Style(draw, {"dot": 7, "cn": 3}, {"num": 8, "comma": 2})
    corr_id = meta["corrected_lead"]
    shihe = sorted([x for x in t["leads"] if x["unit"] == "史河街道"], key=lambda x: x["reported_on"])
    cells: dict[str, list] = {}
    for ld in shihe:
        cells[ld["lead_id"]] = _lead_row(ld, st_s, None)
        contacts(ld)
    new = cells[corr_id]
    new[_LEAD_COLS.index("计划投资额")] = _amount_cell(next(x for x in shihe if x["lead_id"] == corr_id)["investment_wan"], "yi")
    new[_LEAD_COLS.index("当前阶段")] = "已签约"
    oldrow = list(new)
    oldrow[_LEAD_COLS.index("计划投资额")] = 8000
    oldrow[_LEAD_COLS.index("当前阶段")] = "意向"
    oldrow[_LEAD_COLS.index("签约日期")] = None
    first_rows: dict[str, dict] = {}
    for resubmitted, fname_s, asof, filled in [
            (False, "史河街道_项目线索.xlsx", _d("2021-07-31"), _d("2021-08-01")),
            (True, "史河街道_项目线索_20210815.xlsx", _d("2021-08-15"), _d("2021-08-15"))]:
        wb = _new_book()
        ws = wb.create_sheet("项目线索")
        sh = _Sheet(man, fname_s, "项目线索", "leads", ws)
        sh.title("史河街道“双招双引”项目线索台账", len(shihe_hdr))
        sh.line(f"填报日期：{filled.year}年{filled.month}月{filled.day}日")
        sh.header(shihe_hdr)
        seq = 0
        for ld in [x for x in shihe if x["reported_on"] <= asof]:
            seq += 1
            row = list(oldrow if (ld["lead_id"] == corr_id and not resubmitted) else cells[ld["lead_id"]])
            row[0] = seq
            r = sh.data(row)
            if not resubmitted:
                first_rows[ld["lead_id"]] = sh.where(r)
            elif ld["lead_id"] == corr_id:
                changes = [{"column": shihe_hdr[_LEAD_COLS.index(c)],
                            "old": "" if oldrow[_LEAD_COLS.index(c)] is None else str(oldrow[_LEAD_COLS.index(c)]),
                            "new": str(new[_LEAD_COLS.index(c)])} for c in ("计划投资额", "当前阶段", "签约日期")]
                sh.plant(r, shihe_hdr[1], corr_id, "correction", replaces=first_rows[corr_id], changes=changes)
            elif ld["lead_id"] in first_rows:
                sh.plant(r, shihe_hdr[1], ld["lead_id"], "exact_duplicate", same_as=first_rows[ld["lead_id"]])
        _widths(ws, [6, 10, 30, 30, 14, 12, 12, 12, 12, 8, 12, 12, 12, 8, 8, 10, 14, 16])
        _save_book(wb, out / fname_s)

    # ---- 4. the office's compiled leads workbook (everything else, plus 洪集镇's July leads again)
    dup_ids = set(meta["hongji_duplicates"])
    compiled = [x for x in t["leads"] if (x["unit"] not in _OWN_FILES) or x["lead_id"] in dup_ids
                or (x["unit"] == "史河街道" and x["reported_on"] > _d("2021-08-15"))]
    compiled += bad["leads"]
    order = lambda x: (unit_order.get(x["unit"], unit_order["史河街道"]) + (0.5 if x.get("bad") == "unknown_unit" else 0),  # noqa: E731
                       x["reported_on"], x["lead_id"])
    compiled.sort(key=order)
    st_c = _Style(draw, {"date": 60, "serial": 10, "cn": 10, "dot": 8, "slash": 6, "fw": 3, "iso": 3},
                  {"num": 50, "comma": 15, "fw": 5, "wanyuan": 10, "wan": 8, "yi": 7, "yi_short": 5})
    comp_hdr = ["序号", "线索编号", "项目名称", "投资方", "来源地", "产业类别", "计 划 投 资 额", "报送单位", "报送日期",
                "当前阶段", "意向日期", "签约日期", "开工日期", "甄别结果", "引荐顾问", "联系人", "联系电话", "备注"]
    fname_c = "叶集区项目线索台账（汇总）.xlsx"
    wb = _new_book()
    ws = wb.create_sheet("项目线索台账")
    sh = _Sheet(man, fname_c, "项目线索台账", "leads", ws)
    sh.title("叶集区“双招双引”集中攻坚季项目线索台账", len(comp_hdr))
    sh.line("单位：万元", len(comp_hdr) - 1)
    sh.header(comp_hdr)
    seq, total, subtotal_done = 0, 0.0, False
    units_in = []
    for x in compiled:
        key = "史和街道" if x.get("bad") == "unknown_unit" else x["unit"]
        if key not in units_in:
            units_in.append(key)
    for key in units_in:
        block = [x for x in compiled if ("史和街道" if x.get("bad") == "unknown_unit" else x["unit"]) == key]
        rows = []
        for ld in block:
            seq += 1
            row = _lead_row(ld, st_c, seq)
            contacts(ld)
            if ld.get("bad"):
                col, val = _spoil_lead(row, ld)
                r = sh.data(row)
                sh.plant(r, comp_hdr[_LEAD_COLS.index(col)], val, ld["bad"])
            else:
                r = sh.data(row)
                total += ld["investment_wan"]
                if ld["lead_id"] in dup_ids:
                    sh.plant(r, "线索编号", ld["lead_id"], "exact_duplicate", same_as=where_h[ld["lead_id"]])
            rows.append(r)
        _merge_down(ws, _LEAD_COLS.index("报送单位") + 1, rows)
        if not subtotal_done and len(block) >= 3:
            sh.structural(["小计", None, f"{key}共{len(block)}条"])
            subtotal_done = True
        elif draw.chance(0.12):
            sh.blank()
    sh.structural(["合计", None, f"共{seq}条", None, None, None, round(total, 1)])
    sh.structural(["注：1.计划投资额单位为万元；2.当前阶段填写线索、意向、签约、开工、投产；3.甄别结果由各小组牵头单位填写。"])
    ws.merge_cells(start_row=sh.r - 1, start_column=1, end_row=sh.r - 1, end_column=len(comp_hdr))
    _widths(ws, [6, 10, 34, 32, 14, 12, 12, 18, 12, 8, 12, 12, 12, 8, 8, 10, 14, 18])
    _save_book(wb, out / fname_c)

    # ---- 5. trips: July in a workbook, August as a GB18030 CSV, September as a UTF-8-with-BOM CSV
    def trip_values(tr: dict, st: _Style) -> dict:
        return {"出发日期": st.date(tr["start_on"]), "返回日期": st.date(tr["end_on"]), "参与单位": st.join(tr["units"]),
                "目的地": tr["destination"], "主要负责人带队": st.yn(tr["head_led"]),
                "拜访企业": "、".join(tr["companies"]), "成果": tr["outcome"]}

    def spoil_trip(v: dict, tr: dict) -> tuple[str, str]:
        if tr["bad"] == "vague_date":
            v["出发日期"] = f"{tr['start_on'].month}月下旬"
            return "出发日期", v["出发日期"]
        if tr["bad"] == "impossible_date":
            v["出发日期"] = f"{tr['start_on'].year}-{tr['start_on'].month:02d}-31"
            return "出发日期", v["出发日期"]
        v["参与单位"] = ""
        return "参与单位", ""

    def with_bad(rows: list[dict], bads: list[dict]) -> list[dict]:
        rows = list(rows)
        for b in bads:
            rows.insert(draw.int(3, len(rows) - 3), b)
        return rows

    month_trips = {m: [x for x in t["trips"] if x["start_on"].month == m] for m in (7, 8, 9)}
    bad_by_month = {m: [b for b in bad["trips"] if b["start_on"].month == m] for m in (7, 8, 9)}
    trip_hdr7 = ["序号", "出发\n日期", "返回\n日期", "参与单位", "目的地", "主要负责人\n带队", "拜访企业", "成果"]
    canon7 = ["序号"] + HEADERS["trips"]
    fname_t = "外出招商台账（7月）.xlsx"
    wb = _new_book()
    ws = wb.create_sheet("外出招商")
    sh = _Sheet(man, fname_t, "外出招商", "trips", ws)
    sh.title("叶集区外出招商活动台账（2021年7月）", len(trip_hdr7))
    sh.header(trip_hdr7)
    st7 = _Style(draw, {"date": 70, "cn": 15, "dot": 15}, {"num": 1}, (("√", "×"),) * 4 + (("是", "否"),),
                 {"、": 7, "，": 3})
    rows7 = with_bad(month_trips[7], bad_by_month[7])
    blank_at = {len(rows7) // 3, 2 * len(rows7) // 3}
    for i, tr in enumerate(rows7, 1):
        v = trip_values(tr, st7)
        v["序号"] = i
        if tr.get("bad"):
            col, val = spoil_trip(v, tr)
            r = sh.data([v[c] for c in canon7])
            sh.plant(r, trip_hdr7[canon7.index(col)], val, tr["bad"])
        else:
            sh.data([v[c] for c in canon7])
        if i in blank_at:
            sh.blank()
    sh.structural(["合计", None, None, f"共{len(rows7)}次"])
    _widths(ws, [6, 12, 12, 30, 14, 10, 48, 30])
    _save_book(wb, out / fname_t)

    for m, fname_m, enc, st, with_seq in [
            (8, "外出招商台账_2021年8月.csv", "gb18030",
             _Style(draw, {"slash": 5, "cn": 5}, {"num": 1}, (("是", "否"),), {"、": 6, "，": 4}), True),
            (9, "外出招商台账_2021年9月.csv", "utf-8-sig",
             _Style(draw, {"iso": 7, "dot": 3}, {"num": 1}, (("Y", "N"),) * 3 + (("是", "否"),), {"、": 8, "，": 2}), False)]:
        sh = _Sheet(man, fname_m, "", "trips", encoding=enc)
        canon = (["序号"] if with_seq else []) + HEADERS["trips"]
        sh.header(canon)
        rows_m = with_bad(month_trips[m], bad_by_month[m])
        for i, tr in enumerate(rows_m, 1):
            v = trip_values(tr, st)
            v["序号"] = i
            if tr.get("bad"):
                col, val = spoil_trip(v, tr)
                r = sh.data([v[c] for c in canon])
                sh.plant(r, col, val, tr["bad"])
            else:
                sh.data([v[c] for c in canon])
            if with_seq and i == len(rows_m) // 2:
                sh.blank()
        if with_seq:
            sh.structural(["合计", None, None, f"共{len(rows_m)}次"])
        else:
            sh.structural([f"注：数据截至{m}月30日，由区招商服务中心汇总。"])
        sh.save_csv(out / fname_m, enc)

    # ---- 6. receptions
    fname_r = "接待客商台账.xlsx"
    rec_hdr = ["序号", "接待日期", "接待单位", "来访企业", "来源地", "线索编号", "备注"]
    st_r = _Style(draw, {"date": 50, "serial": 20, "cn": 15, "fw": 5, "dot": 10}, {"num": 1})
    wb = _new_book()
    ws = wb.create_sheet("接待客商")
    sh = _Sheet(man, fname_r, "接待客商", "receptions", ws)
    sh.title("叶集区接待意向客商来叶考察台账", len(rec_hdr))
    sh.header(rec_hdr)
    seq = 0
    for m in (7, 8, 9):
        rows_m = [x for x in t["receptions"] if x["received_on"].month == m]
        rows_m = with_bad(rows_m, [b for b in bad["receptions"] if b["received_on"].month == m])
        for rc in rows_m:
            seq += 1
            r = sh.data([seq, st_r.date(rc["received_on"]), rc["unit"], rc["company"], rc["origin"],
                         rc["lead_id"], rc["note"]])
            if rc.get("bad"):
                sh.plant(r, "接待单位", rc["unit"], rc["bad"])
        sh.structural([f"{m}月小计", None, f"{len(rows_m)}批次"])
        if m < 9:
            sh.blank()
    sh.structural(["注：“线索编号”填写已报送项目线索的编号，未报送的不填。"])
    _widths(ws, [6, 14, 18, 34, 14, 10, 24])
    _save_book(wb, out / fname_r)

    # ---- 7. events and the speech contest
    fname_e = "活动台账.xlsx"
    wb = _new_book()
    ws = wb.create_sheet("活动")
    sh = _Sheet(man, fname_e, "活动", "events", ws)
    sh.title("“双招双引”集中攻坚季活动开展情况", 5)
    sh.header(["序号", "活动类型", "日期", "地点", "备注"])
    st_e = _Style(draw, {"date": 6, "cn": 3, "fw": 1}, {"num": 1})
    for i, e in enumerate(t["events"], 1):
        sh.data([i, e["event_type_zh"], st_e.date(e["held_on"]), e["place"], e["note"]])
    _widths(ws, [6, 18, 14, 20, 36])
    ws = wb.create_sheet("演讲比赛")
    sh = _Sheet(man, fname_e, "演讲比赛", "contestants", ws)
    sh.header(["序号", "招商小组", "选手姓名"])
    seq = 0
    for g, *_ in _GROUPS:
        rows = []
        for c in [c for c in t["contestants"] if c["group"] == g]:
            seq += 1
            rows.append(sh.data([seq, g, c["contestant"]]))
        _merge_down(ws, 2, rows)
    _widths(ws, [6, 18, 12])
    _save_book(wb, out / fname_e)

    # ---- manifest
    leads_by_id = {x["lead_id"]: x for x in t["leads"]}
    extra = {
        "window": [load_config()["window"]["start"].isoformat(), load_config()["window"]["end"].isoformat()],
        "corrected_lead": corr_id,
        "collisions": [{"lead_ids": [a, b], "investors": [leads_by_id[a]["investor"], leads_by_id[b]["investor"]],
                        "groups": [leads_by_id[a]["group"], leads_by_id[b]["group"]]} for a, b in meta["collisions"]],
        "facts": meta["facts"],
    }
    (out / "MANIFEST.json").write_text(json.dumps(man.to_json(extra), ensure_ascii=False, indent=1) + "\n",
                                       encoding="utf-8")
    return out


# ---------------------------------------------------------------------------------------------- province scale
_PROVINCE_FILES = {"units": "责任单位", "groups": "招商小组", "consultants": "招商顾问", "leads": "项目线索台账",
                   "trips": "外出招商台账", "receptions": "接待客商台账", "events": "活动", "contestants": "演讲比赛"}
_PER_DISTRICT = {"leads": 1000, "trips": 8000, "receptions": 1000}


class _ChunkWriter:
    """Append frames to one CSV (header once) or one Parquet file (one row group per chunk)."""

    def __init__(self, path: Path, fmt: str):
        self.path, self.fmt, self.rows, self._pq = path, fmt, 0, None
        if path.exists():
            path.unlink()

    def write(self, cols: dict[str, Any]) -> None:
        import pandas as pd  # deferred: the generator loads these only when writing
        n = len(next(iter(cols.values())))
        if self.fmt == "csv":
            df = pd.DataFrame({k: (_iso(v) if _is_dates(v) else v) for k, v in cols.items()})
            df.to_csv(self.path, mode="a", header=self.rows == 0, index=False, encoding="utf-8", lineterminator="\n")
        else:
            import pyarrow as pa  # deferred: the generator loads these only when writing
            import pyarrow.parquet as pq  # deferred: the generator loads these only when writing
            arrays = {k: (pa.array(np.asarray(v, dtype="datetime64[D]"), type=pa.date32(), from_pandas=True)
                          if _is_dates(v) else
                          pa.array(np.asarray(v, dtype=float), type=pa.float64()) if np.asarray(v).dtype.kind == "f"
                          else pa.array([str(x) for x in v], type=pa.string()))
                      for k, v in cols.items()}
            table = pa.table(arrays)
            if self._pq is None:
                self._pq = pq.ParquetWriter(self.path, table.schema)
            self._pq.write_table(table)
        self.rows += n

    def close(self) -> None:
        if self._pq is not None:
            self._pq.close()


def _is_dates(v: Any) -> bool:
    return isinstance(v, np.ndarray) and v.dtype.kind == "M"


def _iso(v: np.ndarray) -> np.ndarray:
    s = np.datetime_as_string(v.astype("datetime64[D]"), unit="D")
    return np.where(np.isnat(v), "", s)


def _cat(*parts: Any) -> np.ndarray:
    """Element-wise string concatenation of arrays and scalars."""
    out = None
    for p in parts:
        p = np.asarray(p, dtype=object)
        out = p if out is None else out + p
    return np.asarray(out, dtype=object)


def write_province(out_dir: str | Path, districts: int = 100, fmt: str = "csv", seed: int = DEFAULT_SEED) -> Path:
    """Write the province-scale benchmark set (全省规模): one folder per district, as a city office holds them.

    ``out_dir/D001/`` … ``out_dir/D100/`` each hold one district's clean ledgers, one file per ledger
    (the ledgers' Chinese headers, :data:`HEADERS`), readable on their own by ``load_campaign``.
    About 1,000 leads, 8,000 trips (10,000 trip-unit rows) and 1,000 receptions per district, so
    the default 100 districts make about 100k leads and 1M trip-unit rows. Names and ids are the
    district's own (every district has the sample's units and groups); a district's visits and
    receptions name only its own leads, so nothing links two districts. Drawn ten districts at a
    time; ``out_dir/MANIFEST.json`` lists the district folders and the row counts (in all and per
    district). Meant for a folder outside the repository.

    Parameters
    ----------
    out_dir : folder to write into (created)
    districts : number of districts
    fmt : ``"csv"`` (UTF-8) or ``"parquet"`` (dates as date32, amounts as float64)
    seed : seed of ``numpy.random.default_rng``
    """
    if fmt not in ("csv", "parquet"):
        raise ValueError(f"fmt must be 'csv' or 'parquet', not {fmt!r}")
    if districts < 1:
        raise ValueError("districts must be at least 1")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    cfg = load_config()
    w0 = np.datetime64(cfg["window"]["start"], "D")
    w1 = np.datetime64(cfg["window"]["end"], "D")
    span = int((w1 - w0).astype(int)) + 1
    folders = [f"D{i + 1:03d}" for i in range(districts)]
    writers: dict[str, dict[str, _ChunkWriter]] = {}
    for code in folders:
        (out / code).mkdir(exist_ok=True)
        writers[code] = {k: _ChunkWriter(out / code / f"{name}.{fmt}", fmt) for k, name in _PROVINCE_FILES.items()}
    unit_names = np.array([u for u, *_ in _UNITS], dtype=object)
    unit_types = np.array([t for _, t, *_ in _UNITS], dtype=object)
    unit_groups = np.array([g for _, _, g, _ in _UNITS], dtype=object)
    nu, ng = len(_UNITS), len(_GROUPS)
    places = np.array(sum((v for v in _PLACES.values()), []), dtype=object)
    industries = np.array(_INDUSTRIES, dtype=object)
    suffix = np.array([_SUFFIX[i][0] for i in _INDUSTRIES], dtype=object)
    brands = np.array([a + b for a in _BRAND1 for b in _BRAND2 if a != b], dtype=object)
    surnames = np.array(list(_SURNAMES), dtype=object)
    given = np.array(list(_GIVEN), dtype=object)
    stage_words = np.array(["线索", "意向", "签约", "开工"], dtype=object)
    trip_unit_rows = dict.fromkeys(folders, 0)

    def names(n: int) -> np.ndarray:
        return _cat(rng.choice(surnames, n), rng.choice(given, n), np.where(rng.random(n) < 0.6, rng.choice(given, n), ""))

    def phones(n: int) -> np.ndarray:
        return (13000000000 + rng.integers(0, 6_999_999_999, n)).astype(str).astype(object)

    def emit(kind: str, d0: int, di: np.ndarray, cols: list) -> None:
        """Write the rows of ledger ``kind`` drawn for districts d0 + di into each district's own file."""
        for i in np.unique(di).tolist():
            rows = di == i
            writers[folders[d0 + i]][kind].write(
                {h: (v[rows] if isinstance(v, np.ndarray) and v.ndim else v) for h, v in zip(HEADERS[kind], cols)})

    chunk = 10
    for d0 in range(0, districts, chunk):
        nd = min(chunk, districts - d0)
        # reference ledgers
        du = np.repeat(np.arange(nd), nu)
        emit("units", d0, du, [np.tile(unit_names, nd), np.tile(unit_types, nd), np.tile(unit_groups, nd), names(nd * nu)])
        dg = np.repeat(np.arange(nd), ng)
        emit("groups", d0, dg, [
            np.tile(np.array([g[0] for g in _GROUPS], dtype=object), nd),
            _cat(names(nd * ng), "（副区长）"),
            np.tile(np.array([g[2] for g in _GROUPS], dtype=object), nd),
            np.tile(np.array(["、".join(g[3]) for g in _GROUPS], dtype=object), nd),
            np.tile(np.array(["、".join(g[4]) for g in _GROUPS], dtype=object), nd)])
        nc = len(_CONSULTANTS)
        cons = names(nd * nc)
        emit("consultants", d0, np.repeat(np.arange(nd), nc), [
            cons, np.tile(np.array([c[1] for c in _CONSULTANTS], dtype=object), nd),
            np.tile(np.array([c[2] for c in _CONSULTANTS], dtype=object), nd),
            np.full(nd * nc, np.datetime64(_CONSULTANT_SIGNING, "D"))])
        # leads
        n = nd * _PER_DISTRICT["leads"]
        di = np.repeat(np.arange(nd), _PER_DISTRICT["leads"])
        ui = rng.integers(0, nu, n)
        ind = rng.choice(len(industries), n, p=_IND_P)
        place = rng.choice(places, n)
        brand = rng.choice(brands, n)
        reported = w0 - 45 + rng.integers(0, span + 45, n).astype("timedelta64[D]")
        u = rng.random(n)
        inten = np.where(u < 0.40, reported + rng.integers(5, 60, n).astype("timedelta64[D]"), np.datetime64("NaT"))
        signed = np.where(u < 0.15, inten + rng.integers(5, 60, n).astype("timedelta64[D]"), np.datetime64("NaT"))
        started = np.where(u < 0.06, signed + rng.integers(10, 90, n).astype("timedelta64[D]"), np.datetime64("NaT"))
        inten, signed, started = (np.where(x > w1, np.datetime64("NaT"), x).astype("datetime64[D]")
                                  for x in (inten, signed, started))
        signed = np.where(np.isnat(inten), np.datetime64("NaT"), signed).astype("datetime64[D]")
        started = np.where(np.isnat(signed), np.datetime64("NaT"), started).astype("datetime64[D]")
        stage = (~np.isnat(inten)).astype(int) + (~np.isnat(signed)) + (~np.isnat(started))
        seq = np.arange(n) % _PER_DISTRICT["leads"] + 1
        wan = np.round(np.exp(rng.uniform(np.log(800), np.log(50000), n)) / 100) * 100
        lead_ids = _cat("XS", np.char.zfill(seq.astype(str), 5).astype(object))
        referred = rng.random(n) < 0.05
        emit("leads", d0, di, [
            lead_ids, _cat(brand, industries[ind], "项目"), _cat(place, brand, suffix[ind], "有限公司"), place,
            industries[ind], wan.astype(float), unit_names[ui], reported, stage_words[stage],
            inten, signed, started, rng.choice(np.array(["有效", "", "无效"], dtype=object), n, p=[0.6, 0.3, 0.1]),
            np.where(referred, cons[di * nc + rng.integers(0, nc, n)], ""),
            _cat(rng.choice(surnames, n), rng.choice(np.array(_TITLES, dtype=object), n)), phones(n), np.full(n, "", object)])
        # trips: 80% one unit, 15% two, 5% three (about 1.25 trip-unit rows a trip)
        n = nd * _PER_DISTRICT["trips"]
        di = np.repeat(np.arange(nd), _PER_DISTRICT["trips"])
        k = np.where(rng.random(n) < 0.8, 1, np.where(rng.random(n) < 0.75, 2, 3))
        u1 = rng.integers(0, nu, n)
        o1 = rng.integers(1, 11, n)
        u2 = (u1 + o1) % nu
        u3 = (u2 + rng.integers(1, 11, n)) % nu
        units_cell = _cat(unit_names[u1], np.where(k >= 2, _cat("、", unit_names[u2]), ""),
                          np.where(k >= 3, _cat("、", unit_names[u3]), ""))
        start = w0 + rng.integers(0, span, n).astype("timedelta64[D]")
        dest = rng.choice(places, n)
        back = start + rng.integers(0, 4, n).astype("timedelta64[D]")
        head = np.where(rng.random(n) < 0.35, "是", "否").astype(object)
        visited = _cat(dest, rng.choice(brands, n), "家居有限公司")
        outcome = rng.choice(np.array(_TRIP_OUTCOMES, dtype=object), n)
        # one trip per (district, units, start, destination): a second draw of the same would read as a resubmission
        _, first = np.unique(_cat(di.astype(str), "|", units_cell, "|", start.astype(str), "|", dest), return_index=True)
        keep = np.sort(first)
        for i, rows in enumerate(np.bincount(di[keep], weights=k[keep], minlength=nd).astype(int).tolist()):
            trip_unit_rows[folders[d0 + i]] += rows
        emit("trips", d0, di[keep], [start[keep], back[keep], units_cell[keep], dest[keep], head[keep], visited[keep],
                                     outcome[keep]])
        # receptions
        n = nd * _PER_DISTRICT["receptions"]
        di = np.repeat(np.arange(nd), _PER_DISTRICT["receptions"])
        origin = rng.choice(places, n)
        linked = rng.random(n) < 0.3
        emit("receptions", d0, di, [
            w0 + rng.integers(0, span, n).astype("timedelta64[D]"), unit_names[rng.integers(0, nu, n)],
            _cat(origin, rng.choice(brands, n), "木业有限公司"), origin,
            np.where(linked, _cat("XS", np.char.zfill(rng.integers(1, _PER_DISTRICT["leads"] + 1, n).astype(str), 5).astype(object)), ""),
            np.full(n, "", object)])
        # events and contestants: the sample's calendar, per district
        t_events = [("招商政策发布会", "2021-07-09", "叶集区政务服务中心"), ("集中签约仪式", "2021-07-16", "区会议中心"),
                    ("招商引资培训会", "2021-07-23", "区委党校"), ("招商引资推介会", "2021-08-12", "山东临沂"),
                    ("招商引资推介会", "2021-08-26", "浙江湖州南浔"), ("招商主题演讲比赛", "2021-08-20", "区文化中心"),
                    ("集中开工仪式", "2021-09-17", "经济开发区"), ("集中签约仪式", "2021-09-28", "区会议中心")]
        ne = len(t_events)
        emit("events", d0, np.repeat(np.arange(nd), ne), [
            np.tile(np.array([e[0] for e in t_events], dtype=object), nd),
            np.tile(np.array([e[1] for e in t_events], dtype="datetime64[D]"), nd),
            np.tile(np.array([e[2] for e in t_events], dtype=object), nd),
            np.full(nd * ne, "", object)])
        emit("contestants", d0, np.repeat(np.arange(nd), 2 * ng), [
            np.tile(np.repeat(np.array([g[0] for g in _GROUPS], dtype=object), 2), nd), names(nd * ng * 2)])
    for ws in writers.values():
        for w in ws.values():
            w.close()
    by_district = {code: {w.path.name: w.rows for w in ws.values()} for code, ws in writers.items()}
    totals = {f"{name}.{fmt}": sum(r[f"{name}.{fmt}"] for r in by_district.values()) for name in _PROVINCE_FILES.values()}
    manifest = {"seed": seed, "districts": districts, "format": fmt, "generator": "yeji_analysis.synth.write_province",
                "layout": "one folder per district (D001 …), each a campaign of its own", "folders": folders,
                "rows": totals, "trip_unit_rows": sum(trip_unit_rows.values()),
                "rows_by_district": {code: dict(r, trip_unit_rows=trip_unit_rows[code]) for code, r in by_district.items()},
                "headers": {f"{name}.{fmt}": HEADERS[k] for k, name in _PROVINCE_FILES.items()}}
    (out / "MANIFEST.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return out


def write_big_leads_xlsx(path: str | Path, rows: int = 50000, seed: int = DEFAULT_SEED) -> Path:
    """Write one large leads workbook (项目线索台账) for the reader benchmark; returns its path.

    A title row, a ``单位：万元`` line, the header with a 序号 column, then ``rows`` leads of the
    sample's units with mixed date cells/strings and amount formats. Written in openpyxl's
    write-only mode (no merged cells); the same seed gives the same bytes.
    """
    from openpyxl import Workbook  # deferred: the generator loads these only when writing
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    cfg = load_config()
    w0 = cfg["window"]["start"]
    span = (cfg["window"]["end"] - w0).days + 1
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("项目线索台账")
    ws.append(["叶集区“双招双引”项目线索台账（基准测试）"])
    ws.append([None] * 16 + ["单位：万元"])
    ws.append(["序号"] + HEADERS["leads"])
    units = [u for u, *_ in _UNITS]
    places = sum((v for v in _PLACES.values()), [])
    brands = [a + b for a in _BRAND1 for b in _BRAND2 if a != b]
    ui = rng.integers(0, len(units), rows)
    ind = rng.choice(len(_INDUSTRIES), rows, p=_IND_P)
    pl = rng.integers(0, len(places), rows)
    br = rng.integers(0, len(brands), rows)
    rep = rng.integers(-45, span, rows)
    step = rng.random(rows)
    gap1, gap2 = rng.integers(5, 45, rows), rng.integers(5, 45, rows)
    wan = np.round(np.exp(rng.uniform(np.log(800), np.log(50000), rows)) / 100) * 100
    astyle = rng.choice(["num", "num", "num", "comma", "wanyuan", "wan", "yi"], rows)
    dstyle = rng.choice(["date", "date", "date", "cn", "dot", "slash", "serial"], rows)
    screen = rng.choice(["有效", "", "无效"], rows, p=[0.6, 0.3, 0.1])
    ph = 13000000000 + rng.integers(0, 6_999_999_999, rows)
    end = cfg["window"]["end"]
    for i in range(rows):
        r0 = w0 + dt.timedelta(int(rep[i]))
        inten = r0 + dt.timedelta(int(gap1[i])) if step[i] < 0.4 else None
        signed = inten + dt.timedelta(int(gap2[i])) if inten and step[i] < 0.15 else None
        inten = inten if inten and inten <= end else None
        signed = signed if signed and inten and signed <= end else None
        stage = "签约" if signed else "意向" if inten else "线索"
        ds = str(dstyle[i])
        ws.append([i + 1, f"BIG{i + 1:06d}", f"{brands[br[i]]}{_INDUSTRIES[ind[i]]}项目",
                   f"{places[pl[i]]}{brands[br[i]]}{_SUFFIX[_INDUSTRIES[ind[i]]][0]}有限公司", places[pl[i]],
                   _INDUSTRIES[ind[i]], _amount_cell(float(wan[i]), str(astyle[i])), units[ui[i]],
                   _date_cell(r0, ds), stage, _date_cell(inten, ds), _date_cell(signed, ds), None,
                   str(screen[i]), None, f"{_SURNAMES[i % len(_SURNAMES)]}经理", str(ph[i]), None])
    wb.properties.created = _FIXED_TIME
    buf = io.BytesIO()
    wb.save(buf)
    _normalise_zip(buf.getvalue(), path)
    return path
