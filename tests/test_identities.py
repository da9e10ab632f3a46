"""One record per real-world event across ledgers (yeji_analysis.identities): near-duplicate trips and receptions."""

from __future__ import annotations

import pandas as pd

from test_ledgers import GROUPS, LEADS, RECEPTIONS, UNITS, write_xlsx
from yeji_analysis.identities import place_key, reconcile_campaign
from yeji_analysis.ledgers import load_campaign
from yeji_analysis.model import Campaign
from yeji_analysis.rules import unit_compliance

TRIP_HEAD = ["出发日期", "返回日期", "参与单位", "目的地", "主要负责人带队", "拜访企业", "成果"]
REC_HEAD = RECEPTIONS[0]


def test_place_key_folds_the_ways_linyi_is_written():
    # 临沂 = 临沂市 = 山东临沂市 = 山东省临沂市; another city is another key
    assert {place_key(p) for p in ("临沂", "临沂市", "山东临沂市", "山东省临沂市")} == {"临沂"}
    assert place_key("常州市") != place_key("临沂")


def test_same_trip_and_reception_in_two_ledgers(tmp_path):
    # The office's ledger (ledgers.xlsx, no submission date) and 史河街道's own, submitted 2021-08-15
    # (the date in its file name: the later submission).
    #   office: trips  a) 7-05 史河街道 -> 临沂市        b) 7-06 史河街道 -> 临沂
    #           recept c) 7-09 平岗街道 佛山宏达家具有限公司
    #   unit:   trips  d) 7-05 史河街道 -> 山东临沂市    e) 7-05 平岗街道 -> 临沂
    #           recept f) 7-09 平岗街道 佛山宏达家具有限责任公司   g) 7-10 平岗街道 佛山宏达家具有限公司
    # a = d (same day, same unit, 临沂市 = 山东临沂市): one trip, kept from the later submission (d), warned.
    # b is another day, e another unit: never merged.  c = f (same unit, day, investor): one reception (f kept);
    # g is another day.  -> trips 4 read, 3 counted; receptions 3 read, 2 counted.
    # 史河街道 in July: b and d -> 2 trips (not 3) -> met; head-led: d (是) -> 1 -> met.
    office = {"责任单位": UNITS, "招商小组": GROUPS, "项目线索台账": LEADS,
              "外出招商台账": [TRIP_HEAD, ["2021-07-05", "2021-07-07", "史河街道", "临沂市", "是", "", ""],
                             ["2021-07-06", "2021-07-06", "史河街道", "临沂", "否", "", ""]],
              "接待客商台账": [REC_HEAD, ["2021/7/9", "平岗街道", "佛山宏达家具有限公司", "佛山", "", ""]]}
    unit = {"外出招商台账": [TRIP_HEAD, ["2021-07-05", "2021-07-07", "史河街道", "山东临沂市", "是", "", ""],
                           ["2021-07-05", "2021-07-06", "平岗街道", "临沂", "否", "", ""]],
            "接待客商台账": [REC_HEAD, ["2021/7/9", "平岗街道", "佛山宏达家具有限责任公司", "佛山", "", ""],
                           ["2021/7/10", "平岗街道", "佛山宏达家具有限公司", "佛山", "", ""]]}
    write_xlsx(tmp_path / "ledgers.xlsx", office)
    write_xlsx(tmp_path / "史河街道_台账_20210815.xlsx", unit)
    c = load_campaign(tmp_path)
    assert len(c.trips) == 3 and len(c.receptions) == 2
    kept = c.trips[c.trips["start_on"] == pd.Timestamp("2021-07-05")]
    assert sorted(map(tuple, kept["units"])) == [("史河街道",), ("平岗街道",)]
    shi = kept[kept["units"].map(lambda u: u == ["史河街道"])].iloc[0]
    assert (shi["destination"], shi["source"]) == ("山东临沂市", "史河街道_台账_20210815.xlsx")
    assert c.receptions["company"].tolist().count("佛山宏达家具有限责任公司") == 1
    assert sorted(c.receptions["received_on"].dt.strftime("%m-%d")) == ["07-09", "07-10"]
    # warned with both sources; read = accepted + duplicates + rejected still holds
    w = c.warnings[c.warnings["message"].str.contains("只计一次")]
    assert sorted(w["ledger"]) == ["receptions", "trips"]
    assert all("ledgers.xlsx" in m and "史河街道_台账_20210815.xlsx" in m for m in w["message"])
    for ledger, (acc, dup) in {"trips": (3, 1), "receptions": (2, 1)}.items():
        st = c.stats.loc[ledger]
        assert (st["accepted"], st["duplicates"]) == (acc, dup)
        assert st["read"] == st["accepted"] + st["duplicates"] + st["rejected"]
    uc = unit_compliance(c, "2021-07-01", "2021-07-31").set_index("unit")
    assert uc.loc["史河街道", ["trips", "trips_status", "head_trips"]].tolist() == [2, "met", 1]


def test_one_ledger_is_never_merged_with_itself():
    # two rows of the same sheet (same day, unit, place written differently) are left as they are:
    # only the same event sent in two ledgers is merged.
    units = pd.DataFrame({"unit": ["A"], "group": ["G"]})
    trips = pd.DataFrame({"trip_id": ["T1", "T2"], "start_on": ["2021-07-05"] * 2, "units": [["A"], ["A"]],
                          "destination": ["临沂", "山东临沂市"], "source": ["a.xlsx"] * 2, "sheet": ["外出"] * 2})
    c = Campaign.from_frames(units=units, trips=trips)
    assert len(reconcile_campaign(c).trips) == 2
