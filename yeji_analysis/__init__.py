"""yeji-analysis: ledgers, rules, graph, reports and roadshow plans for Yeji District's 双招双引 campaign."""

from .runtime import gc_paused

# The package's imports (pandas, pandera, networkx, numpy: ~0.5M objects) make no garbage, yet each full
# collection on the way rescans all that was imported before it: paused while they run (~0.1 s of every command).
with gc_paused():
    from .config import ConfigError, classify_industry, load_config
    from .dispatch import dispatch_scoreboard, dispatch_window, rubric, special_score
    from .forecast import forecast_targets
    from .graph import build_graph, write_gexf, write_graphml
    from .graph_analyses import (consultant_attribution, contention, region_coverage, unit_region_affinity)
    from .ledgers import LedgerError, load_campaign
    from .model import Campaign, ModelError
    from .pipeline import cohort_funnel, pipeline_by_stage, stage_durations, stalled_leads
    from .planner import plan_roadshows, plan_route
    from .regions import load_regions, normalize_place
    from .investors import normalize_investor
    from .roadshow_effect import roadshow_effectiveness
    from .rules import (district_targets, duplicate_investors, group_signing, group_valid_leads, headline,
                        speech_entries, trace, unit_compliance, valid_leads)
    from .schemas import STAGES
    from .version import __version__

__all__ = ["Campaign", "ModelError", "LedgerError", "ConfigError", "load_campaign", "load_config", "classify_industry",
           "load_regions", "normalize_place", "STAGES",
           "unit_compliance", "valid_leads", "duplicate_investors", "normalize_investor", "group_valid_leads",
           "group_signing", "speech_entries", "district_targets", "headline", "trace",
           "pipeline_by_stage", "cohort_funnel", "stage_durations", "stalled_leads", "forecast_targets",
           "dispatch_window", "dispatch_scoreboard", "special_score", "rubric",
           "build_graph", "write_graphml", "write_gexf", "region_coverage", "contention", "consultant_attribution",
           "unit_region_affinity", "plan_roadshows", "plan_route", "roadshow_effectiveness", "__version__"]
