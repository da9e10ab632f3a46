"""The roadshow planner (招商推介路线规划): when, where, who goes, whom to meet and in what order.

``calendar`` finds the usable days, ``leads`` ranks whom to meet, ``route`` orders the regions, ``delegations``
sends the units that need trips, ``outcome`` estimates what the plan may bring, ``plan`` puts them together.
"""

from .calendar import PlanError, blocked_days, dispatch_meetings, plan_days, working_days
from .delegations import assign_delegations, unit_needs
from .leads import LEADS_PER_VISIT, lead_weights, rank_leads
from .outcome import expected_outcome
from .plan import RoadshowPlan, plan_roadshows
from .route import Route, hours_matrix, leg_hours, plan_route

__all__ = ["PlanError", "LEADS_PER_VISIT", "lead_weights", "working_days", "dispatch_meetings", "blocked_days",
           "plan_days", "rank_leads", "leg_hours", "hours_matrix", "Route", "plan_route", "unit_needs",
           "assign_delegations", "expected_outcome", "RoadshowPlan", "plan_roadshows"]
