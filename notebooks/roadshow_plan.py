# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% tags=["parameters"]
data_dir: str = "data/sample"  # folder of the units' ledgers (.xlsx/.csv)
plan_start: str = "2021-09-01"  # first day of the planning window (YYYY-MM-DD)
plan_end: str = "2021-09-22"  # last day of the planning window (YYYY-MM-DD)
as_of: str = ""  # the date the campaign state is taken at (empty: the day before plan_start)
regions: str = ""  # comma-separated regions, e.g. "临沂,佛山" (empty: the configured target regions)
max_trips_per_unit: int = 0  # most trips per unit in the window (0: planner.max_trips_per_unit)
lang: str = "zh"  # language of the plan: "zh" or "en"
redact: bool = True  # hide contacts' names and phone numbers (False: internal use only)
config: str = ""  # campaign configuration file, TOML (empty: the 2021 notice)
corrections: str = ""  # corrections workbook (更正表, .xlsx) applied on reading (empty: only one found in data_dir)
out_dir: str = ""  # folder for plan.json and itinerary.xlsx (empty: write nothing)
campaign_file: str = ""  # the ledgers as `yeji plan` read them while the kernel started (empty: read data_dir here)

# %% [markdown] tags=["remove_cell"]
# ## 读取台账并规划 · Load the ledgers and plan
#
# 由 `yeji plan` 运行；计算都在 `yeji_analysis` 包里。Run by `yeji plan`; cells tagged `remove_cell` stay out of the HTML.

# %% tags=["remove_cell"]
from yeji_analysis.present.context import imports_done, read_campaign
from yeji_analysis.present.fonts import set_theme
from yeji_analysis.present.redact import contact_names
from yeji_analysis.present.roadshow import (heading, method_notes, plan_for, plan_summary, plot_route, show_view,
                                          work_ahead, write_plan_outputs)

set_theme()
imports_done()
campaign = read_campaign(data_dir, config, corrections, campaign_file)
plan = plan_for(campaign, plan_start, plan_end, as_of=as_of or None, regions=regions or None,
                max_trips_per_unit=max_trips_per_unit or None, lang=lang)  # made while the kernel started, by yeji plan
names = contact_names(campaign) if redact else ()
work_ahead(plan, campaign, out_dir, lang=lang, redact=redact, names=names)  # the tables and files, on another core

# %%
heading("plan.title", lang, level=1)

# %% [markdown] tags=["remove_cell"]
# ## 规划概要 · Summary

# %%
heading("plan.h.summary", lang)

# %%
plan_summary(plan, lang)

# %% [markdown] tags=["remove_cell"]
# ## 巡回路线 · Route

# %%
heading("plan.h.route", lang)

# %%
plot_route(plan.route, lang=lang);

# %%
show_view(plan, "route", lang=lang)

# %% [markdown] tags=["remove_cell"]
# ## 逐日日程 · Itinerary

# %%
heading("plan.h.itinerary", lang)

# %%
show_view(plan, "itinerary", lang=lang, redact=redact, names=names)

# %% [markdown] tags=["remove_cell"]
# ## 出行单位安排 · Delegations

# %%
heading("plan.h.delegations", lang)

# %%
show_view(plan, "delegations", lang=lang, redact=redact, names=names)

# %% [markdown] tags=["remove_cell"]
# ## 外出任务缺口 · Trip gaps

# %%
heading("plan.h.needs", lang)

# %%
show_view(plan, "needs", lang=lang)

# %% [markdown] tags=["remove_cell"]
# ## 拜访对象 · Whom to meet

# %%
heading("plan.h.contacts", lang)

# %%
show_view(plan, "contacts", lang=lang, redact=redact, names=names)

# %% [markdown] tags=["remove_cell"]
# ## 预期成效 · Expected outcome

# %%
heading("plan.h.outcome", lang)

# %%
show_view(plan, "outcome", lang=lang)

# %% [markdown] tags=["remove_cell"]
# ## 可用日期 · Usable days

# %%
heading("plan.h.days", lang)

# %%
show_view(plan, "days", lang=lang)

# %% [markdown] tags=["remove_cell"]
# ## 计算方法 · Method

# %%
heading("plan.h.method", lang)

# %%
method_notes(plan, campaign, lang)

# %% [markdown] tags=["remove_cell"]
# ## 写出文件 · Files (plan.json, itinerary.xlsx)

# %% tags=["remove_cell"]
write_plan_outputs(plan, campaign, out_dir, lang=lang, redact=redact);
