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

# %% [markdown] tags=["remove_cell"]
# # 阶段报告 · Period report (retrospective)
#
# 由 `yeji report` 运行；每节一次调用，计算都在 `yeji_analysis` 包里。
# Run by `yeji report`; one package call per section. Cells tagged `remove_cell` are left out of the HTML.

# %% tags=["parameters"]
data_dir: str = "data/sample"  # folder of ledgers (.xlsx/.csv)
start: str = "2021-07-01"  # first day of the period (YYYY-MM-DD)
end: str = "2021-09-30"  # last day of the period (YYYY-MM-DD)
as_of: str = ""  # the date the figures are as of (YYYY-MM-DD); empty means the end of the period
lang: str = "zh"  # language of the report: zh (中文) or en
redact: bool = True  # hide contacts' names and phone numbers; False only for internal use
config: str = ""  # campaign configuration file (TOML); empty means the numbers of the 2021 notice
corrections: str = ""  # corrections workbook (更正表, .xlsx) applied on reading; empty: only one found in data_dir
period: str = ""  # name of the period in the title, e.g. 2021-07, dispatch-03 or campaign
out_dir: str = ""  # folder to write metrics.json and dispatch.xlsx into; empty means write nothing
campaign_file: str = ""  # the ledgers as `yeji report` read them while the kernel started; empty: read data_dir here

# %% [markdown] tags=["remove_cell"]
# ## 读取台账 · Load the ledgers

# %% tags=["remove_cell"]
from yeji_analysis.present import retrospective as S
from yeji_analysis.present.context import load_context

ctx = load_context(data_dir, start, end, as_of, lang, redact, config, period, corrections=corrections,
                   campaign_file=campaign_file)
S.work_ahead(ctx, out_dir)  # the battle map and the output files, on another core while the sections run

# %%
S.title(ctx)

# %% [markdown] tags=["remove_cell"]
# ## 总体进度与区级目标 · Headline against the district targets

# %%
S.headline(ctx)

# %% [markdown] tags=["remove_cell"]
# ## 各单位逐月达标 · Units' monthly compliance (heatmap)

# %%
S.compliance(ctx)

# %% [markdown] tags=["remove_cell"]
# ## 小组有效线索与签约 · Groups' valid leads and signing rule

# %%
S.groups(ctx)

# %% [markdown] tags=["remove_cell"]
# ## 项目推进 · Pipeline funnel, stage times, stalled leads

# %%
S.pipeline(ctx)

# %% [markdown] tags=["remove_cell"]
# ## 目标完成预测 · Forecast of target attainment

# %%
S.forecast(ctx)

# %% [markdown] tags=["remove_cell"]
# ## 双周调度 · Dispatch scoreboard, speakers, commitments, problems in words

# %%
S.scoreboard(ctx)

# %% [markdown] tags=["remove_cell"]
# ## 挂图作战 · Battle map and region coverage

# %%
S.battle_map(ctx)

# %% [markdown] tags=["remove_cell"]
# ## 外出招商与推介成效 · Roadshow effectiveness per region

# %%
S.roadshow(ctx)

# %% [markdown] tags=["remove_cell"]
# ## 撞单与招商顾问 · Contention and consultants

# %%
S.contention(ctx)

# %% [markdown] tags=["remove_cell"]
# ## 数据质量 · Data quality: rejections and warnings

# %%
S.data_quality(ctx)

# %% [markdown] tags=["remove_cell"]
# ## 计算方法 · How it was computed: rubric, thresholds, fingerprint, version

# %%
S.method(ctx)

# %% [markdown] tags=["remove_cell"]
# ## 写出文件 · Files for machines and the dispatch meeting (metrics.json, dispatch.xlsx)

# %% tags=["remove_cell"]
S.outputs(ctx, out_dir)
