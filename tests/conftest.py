"""Shared fixtures: the small hand-built campaign of the graph and mapping tests (figures worked in test_graph.py),
and no_kernel, which fails a test that would start a kernel."""

import pandas as pd
import pytest

from yeji_analysis import Campaign
from yeji_analysis.graph import build_graph


def small_campaign() -> Campaign:
    """Two groups, three units, five leads, four trips, two receptions, two consultants.

    L001 and L005 are the same investor (鑫源木业) written two ways, reported by two groups (撞单).
    T1 is a joint trip of 史河街道 and 孙岗乡 to 临沂 visiting 鑫源木业. T4 is outside the window.
    """
    units = pd.DataFrame({"unit": ["史河街道", "孙岗乡", "经信局"], "group": ["家居组", "家居组", "化工组"]})
    groups = pd.DataFrame({"group": ["家居组", "化工组"], "lead_unit": ["史河街道", "经信局"],
                           "industries": [["家居板材"], ["化工新材料"]], "regions": [["临沂", "南浔"], ["常州"]]})
    consultants = pd.DataFrame({"consultant": ["王顾问"], "employer": ["某商会"]})
    leads = pd.DataFrame({
        "lead_id": ["L001", "L002", "L003", "L004", "L005"],
        "investor": ["临沂鑫源木业有限公司", "南浔华美地板有限公司", "常州新材化工有限公司", "佛山顺德家具集团",
                     "鑫源木业（山东）有限公司"],
        "unit": ["史河街道", "孙岗乡", "经信局", "孙岗乡", "经信局"],
        "reported_on": ["2021-07-05", "2021-07-12", "2021-07-20", "2021-08-03", "2021-08-15"],
        "origin": ["临沂市", "浙江湖州南浔", "常州", "佛山", "临沂"],
        "industry": ["板材", "地板", "化工", "家具", "板材"],
        "investment_wan": [20000.0, 5000.0, 15000.0, 8000.0, 3000.0],
        "intention_on": [None, "2021-08-01", None, None, None],
        "signed_on": ["2021-08-10", None, "2021-09-01", None, None],
        "started_on": [None, None, "2021-09-20", None, None],
        "consultant": ["王顾问", "王顾问", "", "李顾问", ""],
        "phone": ["13800000000", "", "", "", ""],
    })
    trips = pd.DataFrame({
        "trip_id": ["T1", "T2", "T3", "T4"],
        "start_on": ["2021-07-08", "2021-07-22", "2021-08-05", "2021-10-10"],
        "units": [["史河街道", "孙岗乡"], ["经信局"], ["史河街道"], ["孙岗乡"]],
        "head_units": [["史河街道"], [], [], []],
        "destination": ["山东临沂", "常州市", "临沂", "成都"],
        "companies": [["鑫源木业"], ["常州新材化工"], [], []],
    })
    receptions = pd.DataFrame({"reception_id": ["R1", "R2"], "received_on": ["2021-07-15", "2021-08-20"],
                               "unit": ["经信局", "孙岗乡"], "company": ["临沂鑫源木业有限公司", ""],
                               "lead_id": ["", "L002"]})
    return Campaign.from_frames(units=units, groups=groups, consultants=consultants, leads=leads, trips=trips,
                                receptions=receptions)


@pytest.fixture(scope="module")
def camp():
    return small_campaign()


@pytest.fixture(scope="module")
def G(camp):
    return build_graph(camp)


@pytest.fixture
def no_kernel(monkeypatch):
    """Fail the test if anything tries to start a kernel: bad parameters must stop before one starts."""
    import papermill

    def refuse(*a, **k):
        raise AssertionError("a kernel was started")

    monkeypatch.setattr(papermill, "execute_notebook", refuse)
    monkeypatch.setattr("yeji_analysis.commands.render.run_notebook", refuse)
