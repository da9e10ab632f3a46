# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 探索台账 · Explore the ledgers
#
# 分析人员的起点：读入台账，按单位、小组、区域或期间切片，从一个数字追到它背后的台账行。
# A starting point for analysts: load the ledgers, slice by unit, group, region or period, and drill
# from a figure to the ledger rows behind it. Change the parameters below and run all cells.

# %% tags=["parameters"]
data_dir: str = "data/sample"  # folder of ledgers (.xlsx/.csv)
config: str = ""  # campaign configuration file (TOML); empty means the numbers of the 2021 notice
start: str = "2021-07-01"  # first day of the period to look at (YYYY-MM-DD)
end: str = "2021-09-30"  # last day of the period to look at (YYYY-MM-DD)
unit: str = "史河街道"  # a unit (责任单位) to look at
group: str = "家居板材招商组"  # a group (招商小组) to look at
region: str = "临沂"  # a region (目标区域) to look at
lang: str = "zh"  # language of the column names: zh (中文) or en

# %%
from yeji_analysis import rules
from yeji_analysis.present import context as S
from yeji_analysis.present import fonts
from yeji_analysis.ledgers import load_campaign

fonts.set_theme()
campaign = load_campaign(S.resolve_data_dir(data_dir), config=config or None)
S.overview(campaign, lang)

# %% [markdown]
# ## 一个单位 · One unit: its trips, receptions and leads in the period

# %%
unit_rows = S.slice_campaign(campaign, unit=unit, start=start, end=end)
S.show(unit_rows["trip_units"], lang)

# %%
S.show(unit_rows["receptions"], lang)

# %% [markdown]
# ## 单位逐月达标 · The unit's months against the rules

# %%
compliance = rules.unit_compliance(campaign, start, end)
S.show(compliance, lang, unit=unit)

# %% [markdown]
# ## 从数字到台账行 · Drill from a figure to its rows (file, sheet, row)

# %%
S.show(S.drill(campaign, compliance[compliance["unit"] == unit].iloc[0]), lang)

# %% [markdown]
# ## 一个小组 · One group: valid leads by month

# %%
group_leads = rules.group_valid_leads(campaign, start, end)
S.show(group_leads, lang, group=group)

# %%
S.show(S.slice_campaign(campaign, group=group, start=start, end=end)["leads"], lang)

# %% [markdown]
# ## 一个区域 · One region: leads and trips

# %%
S.show(S.slice_campaign(campaign, region=region, start=start, end=end)["leads"], lang)

# %% [markdown]
# ## 数据质量 · Rejected rows and warnings

# %%
S.show(campaign.rejections, lang)

# %%
S.show(campaign.warnings, lang)
