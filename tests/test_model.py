"""The campaign model's validation (Campaign.validate): a column of the wrong dtype is still coerced, a value the
schema forbids still fails, when the columns already of the schema's dtype are not coerced again."""

from __future__ import annotations

import pandas as pd
import pytest

from yeji_analysis.model import Campaign, ModelError

UNITS = pd.DataFrame({"unit": ["史河街道"], "group": ["家居板材组"]})
LEADS = pd.DataFrame({"lead_id": ["L1", "L2"], "investor": ["甲公司", "乙公司"], "unit": ["史河街道"] * 2,
                      "reported_on": ["2021-07-05", "2021-07-06"], "investment_wan": [100.0, 20000.0]})


def test_a_column_given_in_another_dtype_is_coerced_to_the_schemas():
    c = Campaign.from_frames(units=UNITS, leads=LEADS)
    assert c.leads["investment_wan"].dtype == "float64" and c.leads["leading"].dtype == bool
    # the amounts as whole numbers (int64) and 是否主导 as 0/1: validate casts both back (float64, bool)
    c.leads = c.leads.assign(investment_wan=[100, 20000], leading=[0, 1])
    assert c.leads["investment_wan"].dtype == "int64"
    c.validate()
    assert c.leads["investment_wan"].dtype == "float64" and c.leads["investment_wan"].tolist() == [100.0, 20000.0]
    assert c.leads["leading"].dtype == bool and c.leads["leading"].tolist() == [False, True]


def test_a_value_the_schema_forbids_still_fails():
    # investment_wan >= 0 (schemas.Leads); lead_id unique
    with pytest.raises(ModelError, match="investment_wan"):
        Campaign.from_frames(units=UNITS, leads=LEADS.assign(investment_wan=[100.0, -1.0]))
    with pytest.raises(ModelError, match="lead_id"):
        Campaign.from_frames(units=UNITS, leads=LEADS.assign(lead_id=["L1", "L1"]))
