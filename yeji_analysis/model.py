"""The campaign model (攻坚季数据模型): tidy frames of units, groups, leads, trips, receptions and events."""

from __future__ import annotations

import dataclasses
import functools
import html
import re
from typing import Any, Callable

import numpy as np
import pandas as pd
import pandera.errors
from pandera.engines.pandas_engine import Engine

from .config import classify_industry, load_config
from .regions import load_regions, normalize_place
from .schemas import SCHEMAS, STAGE_DTYPE, STAGES, stages_on

__all__ = ["Campaign", "ModelError", "FRAMES"]

FRAMES = ["units", "groups", "consultants", "leads", "trips", "trip_units", "receptions", "events",
          "contestants", "regions", "rejections", "warnings"]

# columns each frame gets, with the default for a missing column
_DEFAULTS: dict[str, dict[str, Any]] = {
    "units": {"unit_type": "", "head": ""},
    "groups": {"leader": "", "lead_unit": "", "industries": None, "regions": None},
    "consultants": {"employer": "", "location": "", "appointed_on": pd.NaT},
    "leads": {"project": "", "origin": "", "industry": "", "investment_wan": np.nan,
              "intention_on": pd.NaT, "signed_on": pd.NaT, "started_on": pd.NaT, "producing_on": pd.NaT,
              "screened_valid": pd.NA, "consultant": "", "contact": "", "phone": "", "note": ""},
    "trips": {"end_on": pd.NaT, "destination": "", "head_led": False, "companies": None, "outcome": "", "note": ""},
    "receptions": {"company": "", "origin": "", "lead_id": "", "note": ""},
    "events": {"place": "", "note": ""},
    "contestants": {},
}
_REQUIRED = {"units": ["unit", "group"], "groups": ["group"], "consultants": ["consultant"],
             "leads": ["lead_id", "investor", "unit", "reported_on"], "trips": ["start_on", "units"],
             "receptions": ["received_on", "unit"], "events": ["event_type", "held_on"],
             "contestants": ["group", "contestant"]}
_PROV = {"source": "", "sheet": "", "row": pd.NA}


class ModelError(ValueError):
    """The frames given do not make a consistent campaign."""


def _as_list(v: Any) -> list:
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return []
    if isinstance(v, (list, tuple, set, np.ndarray)):
        return [str(x) for x in v if str(x)]
    s = str(v).strip()
    return [s] if s else []


def _lists(col: pd.Series) -> pd.Series:
    """``col`` with every value a list of names (already-list columns pass through untouched)."""
    if all(type(v) is list for v in col):
        return col.astype(object)
    return col.map(_as_list).astype(object)


def _empty(name: str) -> pd.DataFrame:
    cols = _REQUIRED.get(name, []) + list(_DEFAULTS.get(name, {}))
    return pd.DataFrame({c: pd.Series(dtype=object) for c in cols})


def _fill(df: pd.DataFrame | None, name: str) -> pd.DataFrame:
    df = _empty(name) if df is None else df.copy()
    missing = [c for c in _REQUIRED.get(name, []) if c not in df.columns]
    if missing:
        raise ModelError(f"{name}: missing required column(s) {', '.join(missing)}")
    for col, default in {**_DEFAULTS.get(name, {}), **_PROV}.items():
        if col not in df.columns:
            df[col] = [([] if default is None else default) for _ in range(len(df))]
    for col, default in _DEFAULTS.get(name, {}).items():
        if isinstance(default, str):
            df[col] = df[col].astype(object).where(df[col].notna(), "").astype(str)
        elif default is None:
            df[col] = _lists(df[col])
    for col in df.columns:
        if col.endswith("_on"):
            df[col] = pd.to_datetime(df[col]).astype("datetime64[ns]")
    df["source"] = df["source"].fillna("").astype(str)
    df["sheet"] = df["sheet"].fillna("").astype(str)
    df["row"] = pd.array(df["row"], dtype="Int64")
    return df.reset_index(drop=True)


_PLACE_SUFFIX = re.compile(r"(特别行政区|自治区|自治州|地区|省|市|区|县)$")


@functools.lru_cache(maxsize=65536)
def _region_of_text(place: str) -> str | None:
    known = normalize_place(place)
    if known is not None:
        return known
    s = re.sub(r"\s+", "", place)
    if not s or s in ("nan", "None"):
        return None
    bare = _PLACE_SUFFIX.sub("", s)
    return bare or s


def _region_of(place: Any) -> str | None:
    """The region of a place as written: a known region, else the place itself without 省/市/区/县."""
    if place is None or place is pd.NA or (isinstance(place, float) and np.isnan(place)):
        return None
    return _region_of_text(str(place))


def _regions_of(places: pd.Series) -> pd.Series:
    """:func:`_region_of` of every place of a column (an object column), worked out once per place written."""
    codes, uniques = pd.factorize(places)
    regions = np.array([_region_of(v) for v in uniques] + [None], dtype=object)   # code -1 (a missing place): None
    return pd.Series(regions[codes], index=places.index, dtype=object)


def _with_data_regions(regions: pd.DataFrame, found: list[pd.Series]) -> pd.DataFrame:
    """The regions table plus the regions the data name (``found``: columns of :func:`_regions_of`) that it does not
    know (no coordinates)."""
    known = set(regions["region"])
    extra = sorted({r for s in found for r in s.unique() if r is not None and r not in known})
    if not extra:
        return regions
    add = pd.DataFrame({"region": extra, "name_en": extra, "kind": "other", "area": "其他", "province": "",
                        "is_target": False, "travel_source": "数据中出现、参考表未收录：无坐标",
                        "cluster_industries": [[] for _ in extra]})   # no cluster known (the graph lists them)
    return pd.concat([regions, add], ignore_index=True)


def _stage_from_dates(leads: pd.DataFrame) -> np.ndarray:
    """Each lead's latest stage that has a date (线索 when none has): :func:`yeji_analysis.schemas.stages_on` (``pipeline.stages_on``)."""
    return stages_on(leads.drop(columns=["stage"], errors="ignore"), None)["stage"].astype(str).to_numpy(dtype=object)


_TEXT = pd.StringDtype(na_value=np.nan)   # pandas' str dtype: what pandera makes of a Series[str] column


@functools.lru_cache(maxsize=None)
def _runtime_schema(name: str):
    """The schema a frame is validated with: :data:`SCHEMAS`' own, except that its text columns are cast to the str
    dtype by one ``astype`` (what pandera's coercion does, column by column) and not checked again cell by cell (two
    thirds of pandera's time here); returns (schema, text columns)."""
    schema = SCHEMAS[name].to_schema()
    text = tuple(c for c, col in schema.columns.items() if col.dtype is not None and col.dtype.type == _TEXT)
    return (schema.update_columns({c: {"dtype": None} for c in text}) if text else schema), text


def _validating_schema(name: str, frame: pd.DataFrame):
    """:func:`_runtime_schema` for this frame, coercing only the columns whose dtype is not already the schema's:
    pandera's coercion of one that is, is an ``astype`` to its own dtype (a copy of the column, the same values),
    about half of the validation of a district's campaign. Every column's dtype and checks are still checked."""
    schema, _ = _runtime_schema(name)
    off = tuple(c for c, col in schema.columns.items()
                if col.dtype is not None and c in frame.columns and not col.dtype.check(_engine_dtype(frame[c].dtype)))
    return _coercing(name, off)


@functools.lru_cache(maxsize=256)
def _engine_dtype(dtype: Any):
    """pandera's data type for a pandas dtype (``Engine.dtype``, ~45 µs for bool, datetime, object or category: it
    tries to import geopandas each time), kept."""
    return Engine.dtype(dtype)


@functools.lru_cache(maxsize=None)
def _coercing(name: str, columns: tuple[str, ...]):
    schema = _runtime_schema(name)[0].update_columns({c: {"coerce": True} for c in columns})   # a new schema
    schema.coerce = False
    return schema


@dataclasses.dataclass
class Campaign:
    """One campaign's data, as tidy frames with canonical English columns and real dtypes.

    Frames: ``units``, ``groups``, ``consultants``, ``leads``, ``trips`` (one row a trip, its units as
    a list), ``trip_units`` (one row per trip and unit), ``receptions``, ``events``, ``contestants``,
    ``regions`` (the shipped reference table plus regions the data add), ``rejections`` and
    ``warnings``. ``stats`` counts, per ledger, rows read/accepted/duplicates/rejected/skipped.
    Every ledger row keeps ``source``, ``sheet`` and ``row`` so a figure can be traced to it.
    """

    units: pd.DataFrame
    groups: pd.DataFrame
    consultants: pd.DataFrame
    leads: pd.DataFrame
    trips: pd.DataFrame
    trip_units: pd.DataFrame
    receptions: pd.DataFrame
    events: pd.DataFrame
    contestants: pd.DataFrame
    regions: pd.DataFrame
    rejections: pd.DataFrame
    warnings: pd.DataFrame
    config: dict
    stats: pd.DataFrame = dataclasses.field(default_factory=pd.DataFrame)
    files: pd.DataFrame = dataclasses.field(default_factory=pd.DataFrame)
    fingerprint: str = ""
    data_dir: str = ""
    sheets: pd.DataFrame = dataclasses.field(default_factory=pd.DataFrame)
    #: files and sheets of the data folder not read, with the reason (source, sheet, reason)
    unread: pd.DataFrame = dataclasses.field(default_factory=lambda: pd.DataFrame(columns=["source", "sheet", "reason"]))
    #: corrections given in a corrections workbook and whether each was applied (see ledgers.corrections)
    corrections: pd.DataFrame = dataclasses.field(default_factory=lambda: pd.DataFrame(
        columns=["file", "sheet", "row", "column", "raw", "value", "applied", "reason", "why", "workbook"]))
    #: every rejected or warned data cell (source, sheet, row, column, raw, reason, kind): the corrections workbook's rows
    issues: pd.DataFrame = dataclasses.field(default_factory=lambda: pd.DataFrame(
        columns=["source", "sheet", "row", "column", "raw", "reason", "kind"]))

    # ------------------------------------------------------------------ construction
    @classmethod
    def from_frames(cls, *, units: pd.DataFrame, groups: pd.DataFrame | None = None,
                    leads: pd.DataFrame | None = None, trips: pd.DataFrame | None = None,
                    receptions: pd.DataFrame | None = None, consultants: pd.DataFrame | None = None,
                    events: pd.DataFrame | None = None, contestants: pd.DataFrame | None = None,
                    rejections: pd.DataFrame | None = None, warnings: pd.DataFrame | None = None,
                    config: dict | None = None, stats: pd.DataFrame | None = None,
                    files: pd.DataFrame | None = None, fingerprint: str = "", data_dir: str = "",
                    sheets: pd.DataFrame | None = None, validate: bool = True) -> "Campaign":
        """Build a Campaign from frames holding at least the required columns; derive the rest.

        Required: units(unit, group); leads(lead_id, investor, unit, reported_on); trips(start_on,
        units); receptions(received_on, unit); events(event_type, held_on); contestants(group,
        contestant). Derived: a lead's and a reception's ``group`` from its unit, ``region`` from
        the origin or destination, a lead's ``sector``/``leading`` from its industry and ``stage``
        from its latest stage date when not given; groups missing from ``groups`` are added.

        Examples
        --------
        >>> c = Campaign.from_frames(
        ...     units=pd.DataFrame({"unit": ["史河街道"], "group": ["家居板材组"]}),
        ...     leads=pd.DataFrame({"lead_id": ["L1"], "investor": ["甲公司"], "unit": ["史河街道"],
        ...                         "reported_on": ["2021-07-05"], "origin": ["临沂市"],
        ...                         "industry": ["板材"], "signed_on": ["2021-08-01"]}))
        >>> c.leads.loc[0, ["group", "region", "sector", "stage"]].tolist()
        ['家居板材组', '临沂', '家居板材', 'signed']
        """
        cfg = config or load_config()
        u = _fill(units, "units")
        unit_group = dict(zip(u["unit"], u["group"]))
        g = _fill(groups, "groups")
        known = set(g["group"])
        extra = sorted(set(u["group"]) - known)
        if extra:
            g = pd.concat([g, _fill(pd.DataFrame({"group": extra}), "groups")], ignore_index=True)
        unit_type = dict(zip(u["unit"], u["unit_type"]))
        if "is_outpost" not in g.columns or g["is_outpost"].isna().any():
            g["is_outpost"] = [("驻外" in grp) or ("驻外" in unit_type.get(lu, "")) or ("驻外" in lu)
                               for grp, lu in zip(g["group"], g["lead_unit"])]
        g["is_outpost"] = g["is_outpost"].astype(bool)

        def groups_of(units: pd.Series, ids: pd.Series, what: str) -> pd.Series:
            g = units.map(unit_group)
            if g.isna().any():
                i = int(g.isna().to_numpy().argmax())
                raise ModelError(f"{what} {ids.iloc[i]}: unknown unit {units.iloc[i]!r}")
            return g.astype(str)

        ld = _fill(leads, "leads")
        ld["lead_id"] = ld["lead_id"].astype(str)
        ld["group"] = groups_of(ld["unit"], ld["lead_id"], "lead")
        ld["region"] = _regions_of(ld["origin"])
        ld["sector"] = ld["industry"].map({v: classify_industry(v, cfg) for v in ld["industry"].unique()})
        ld["leading"] = ld["sector"].isin(cfg["industries"]["leading"])
        if "stage" not in ld.columns or ld["stage"].isna().any():
            given = ld["stage"] if "stage" in ld.columns else pd.Series([None] * len(ld))
            by_dates = _stage_from_dates(ld)
            ld["stage"] = [s if isinstance(s, str) and s else d for s, d in zip(given, by_dates)]
        ld["stage"] = ld["stage"].astype(STAGE_DTYPE)
        sv = ld["screened_valid"]
        if pd.api.types.infer_dtype(sv, skipna=True) in ("boolean", "empty"):   # True, False and missing ones: at once
            ld["screened_valid"] = pd.array(sv.to_numpy(object), dtype="boolean")
        else:
            ld["screened_valid"] = pd.array(sv.map(lambda v: pd.NA if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)) else bool(v)), dtype="boolean")
        ld["investment_wan"] = pd.to_numeric(ld["investment_wan"]).astype(float)

        tr = _fill(trips, "trips")
        tr["units"] = _lists(tr["units"])
        if "trip_id" not in tr.columns:
            tr["trip_id"] = [f"T{i + 1:04d}" for i in range(len(tr))]
        tr["trip_id"] = tr["trip_id"].astype(str)
        tr["head_led"] = tr["head_led"].fillna(False).astype(bool)
        if "head_units" not in tr.columns:
            tr["head_units"] = [list(us) if h else [] for us, h in zip(tr["units"], tr["head_led"])]
        tr["head_units"] = _lists(tr["head_units"])
        tr["region"] = _regions_of(tr["destination"])
        every = tr[["trip_id", "units"]].explode("units").dropna(subset=["units"])
        groups_of(every["units"], every["trip_id"], "trip")
        tu = (tr[["trip_id", "units", "head_units", "start_on", "region"]]
              .explode("units").dropna(subset=["units"]).rename(columns={"units": "unit"}))
        tu = tu.assign(group=tu["unit"].map(unit_group),
                       head_led=[x in hs for x, hs in zip(tu["unit"].tolist(), tu["head_units"].tolist())])
        tu = tu[["trip_id", "unit", "group", "start_on", "region", "head_led"]].reset_index(drop=True)

        rc = _fill(receptions, "receptions")
        if "reception_id" not in rc.columns:
            rc["reception_id"] = [f"R{i + 1:04d}" for i in range(len(rc))]
        rc["reception_id"] = rc["reception_id"].astype(str)
        rc["group"] = groups_of(rc["unit"], rc["reception_id"], "reception")
        rc["region"] = _regions_of(rc["origin"])

        ev = _fill(events, "events")
        ev_regions = _regions_of(ev["place"])   # the regions table adds these even where the events give their own
        if "region" not in ev.columns:
            ev["region"] = ev_regions
        ct = _fill(contestants, "contestants")
        cs = _fill(consultants, "consultants")

        rej = rejections if rejections is not None else pd.DataFrame(columns=["ledger", "source", "sheet", "row", "column", "value", "reason"])
        wrn = warnings if warnings is not None else pd.DataFrame(columns=["ledger", "source", "sheet", "row", "column", "value", "message"])
        camp = cls(units=u, groups=g, consultants=cs, leads=ld, trips=tr, trip_units=tu, receptions=rc,
                   events=ev, contestants=ct, regions=load_regions(), rejections=rej.reset_index(drop=True),
                   warnings=wrn.reset_index(drop=True), config=cfg,
                   stats=stats if stats is not None else pd.DataFrame(), files=files if files is not None else pd.DataFrame(),
                   fingerprint=fingerprint, data_dir=data_dir,
                   sheets=sheets if sheets is not None else pd.DataFrame())
        camp.regions = _with_data_regions(camp.regions, [ld["region"], tr["region"], rc["region"], ev_regions])
        if validate:
            camp.validate()
        return camp

    # ------------------------------------------------------------------ derived values
    def derived(self, key: str, frames: tuple, build: Callable[[], Any]) -> Any:
        """The value ``build()`` works out from ``frames`` (some of this campaign's frames), kept on the campaign
        under ``key`` with the frames it came from: held, not their ids, so a pickled campaign keeps it, and worked
        out anew once any of them is another object. Callers only read what it returns."""
        store = self.__dict__.setdefault("_derived", {})
        got = store.get(key)
        if got is not None and len(got[0]) == len(frames) and all(a is b for a, b in zip(got[0], frames)):
            return got[1]
        value = build()
        store[key] = (frames, value)
        return value

    def replace(self, **changes: Any) -> "Campaign":
        """A copy with some fields replaced (``dataclasses.replace``) that keeps the derived values (:meth:`derived`):
        each is still checked against the frames it came from when read, so those of replaced frames are not used."""
        out = dataclasses.replace(self, **changes)
        out.__dict__["_derived"] = dict(self.__dict__.get("_derived", {}))
        return out

    def validate(self) -> "Campaign":
        """Check every frame against its schema (all problems at once); return self."""
        problems = []
        for name in SCHEMAS:
            frame = getattr(self, name)
            text = _runtime_schema(name)[1]
            cast = {c: frame[c].astype(_TEXT) for c in text if c in frame.columns and frame[c].dtype != _TEXT}
            frame = frame.assign(**cast) if cast else frame
            try:
                setattr(self, name, _validating_schema(name, frame).validate(frame, lazy=True))
            except pandera.errors.SchemaErrors as exc:
                cases = exc.failure_cases[["column", "check", "failure_case"]].head(10).to_string(index=False)
                problems.append(f"{name}:\n{cases}")
        if problems:
            raise ModelError("campaign frames fail their schemas:\n" + "\n".join(problems))
        return self

    # ------------------------------------------------------------------ display
    def summary(self) -> pd.DataFrame:
        """Rows per frame, with the ledgers' read/accepted/rejected counts where known."""
        rows = [{"frame": n, "rows": len(getattr(self, n))} for n in FRAMES]
        out = pd.DataFrame(rows)
        if not self.stats.empty:
            out = out.merge(self.stats, left_on="frame", right_index=True, how="left")
        return out

    def _repr_html_(self) -> str:
        lv = self.leads
        start = self.config["window"]["start"]
        end = self.config["window"]["end"]
        stage_counts = lv["stage"].value_counts().reindex(STAGES, fill_value=0)
        head = (f"<b>叶集区“双招双引”攻坚季数据</b> {html.escape(self.data_dir)}<br>"
                f"窗口 {start} – {end}；单位 {len(self.units)}，小组 {len(self.groups)}，"
                f"线索 {len(lv)}（" + "，".join(f"{k} {v}" for k, v in stage_counts.items()) + "），"
                f"外出 {len(self.trips)}，接待 {len(self.receptions)}，活动 {len(self.events)}；"
                f"拒收 {len(self.rejections)} 行，警告 {len(self.warnings)} 条；指纹 {self.fingerprint[:12]}")
        return head + self.summary().to_html(index=False)

    def __repr__(self) -> str:  # a short text, not every frame
        return (f"Campaign({self.data_dir or 'frames'}: units={len(self.units)}, groups={len(self.groups)}, "
                f"leads={len(self.leads)}, trips={len(self.trips)}, receptions={len(self.receptions)}, "
                f"rejections={len(self.rejections)}, warnings={len(self.warnings)})")
