"""Print who speaks (交流发言) and who commits (表态发言) in every dispatch window of a data folder, and why.

    .venv/bin/python scripts/dispatch_windows.py [DATA]      # default data/sample
"""

from __future__ import annotations

import sys

from yeji_analysis.dispatch import dispatch_scoreboard, dispatch_windows, lagging_groups
from yeji_analysis.ledgers import load_campaign


def main(data: str = "data/sample") -> None:
    c = load_campaign(data)
    print(f"{data}: trips {len(c.trips)}, receptions {len(c.receptions)}, warnings {len(c.warnings)}")
    for w in dispatch_windows(c)["window"]:
        b = dispatch_scoreboard(c, int(w))
        a = b.attrs
        print(f"\nwindow {w} {a['start']}..{a['end']} (speakers {a['speakers']}, tie-break {'/'.join(a['tiebreak'])})")
        for r in b[b["speak"]].itertuples():
            print(f"  speaks  {r.unit}: rank {r.rank}, place {r.speak_place}, score {r.score:.2f}, uncapped {r.raw_score:.2f},"
                  f" valid leads {r.valid_leads}, signed {r.signed}" + ("  并列" if r.speak_tied else ""))
        last = b.loc[b["speak"], "score"].min() if b["speak"].any() else float("inf")
        for r in b[~b["eligible"] & (b["score"] >= last)].itertuples():
            print(f"  passed over {r.unit}: rank {r.rank}, score {r.score:.2f} — {r.issues_text or 'score 0'}")
        lag = lagging_groups(c, a["start"], a["end"], a["as_of"])
        for r in lag.itertuples():
            mark = "LAGS -> commits: " + r.commit_unit if r.lagging else "ok"
            print(f"  group {r.group}: {r.rules_met}/{r.rules_checked} checks met or on track ({r.share_met:.0%}) {mark}")


if __name__ == "__main__":
    main(*sys.argv[1:2])
