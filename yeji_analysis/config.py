"""The campaign's configuration (活动方案参数): window, thresholds, industries, rubric, loaded and checked once."""

from __future__ import annotations

import copy
import datetime as dt
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

__all__ = ["ConfigError", "DEFAULT_CONFIG_PATH", "load_config", "default_config", "classify_industry"]

DEFAULT_CONFIG_PATH = Path(str(resources.files("yeji_analysis") / "resources" / "campaign.toml"))


#: The rules the scoring rubric may weigh (scoring.weights keys); see yeji_analysis.dispatch.rubric.
SCORED_RULES = ("trips", "head_trips", "receptions", "valid_leads", "signed", "started")


class ConfigError(ValueError):
    """A configuration file that cannot be used; the message names the file, key, value and expectation."""


def _read(path: Path) -> dict:
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise ConfigError(f"配置文件不存在 / config file not found: {path}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: 不是有效的 TOML / not valid TOML: {exc}") from None


_KIND = {bool: "true/false", int: "a whole number", float: "a number", str: "text",
         dt.date: "a date (YYYY-MM-DD)", list: "a list", dict: "a table"}


def _check(user: Any, default: Any, key: str, path: Path) -> Any:
    """Return ``user`` merged over ``default``, raising ConfigError where a type differs."""
    if isinstance(default, dict):
        if not isinstance(user, dict):
            raise ConfigError(f"{path}: key '{key}' = {user!r}: expected a table")
        merged = copy.deepcopy(default)
        for k, v in user.items():
            sub = f"{key}.{k}" if key else k
            if k not in default:
                # free-form tables: industries.words, scoring.weights may gain entries
                if key in ("industries.words", "scoring.weights"):
                    merged[k] = v
                    continue
                raise ConfigError(f"{path}: unknown key '{sub}'; known keys here: {', '.join(default)}")
            merged[k] = _check(v, default[k], sub, path)
        return merged
    expected = type(default)
    if expected is float and isinstance(user, int) and not isinstance(user, bool):
        return float(user)
    if expected is int and isinstance(user, bool) or not isinstance(user, expected):
        raise ConfigError(f"{path}: key '{key}' = {user!r}: expected {_KIND.get(expected, expected.__name__)}")
    return user


def _validate(cfg: dict, path: Path) -> dict:
    w = cfg["window"]
    if w["end"] < w["start"]:
        raise ConfigError(f"{path}: key 'window.end' = {w['end']}: expected a date on or after window.start ({w['start']})")
    for sect in ("units", "groups", "district"):
        for k, v in cfg[sect].items():
            if isinstance(v, (int, float)) and not isinstance(v, bool) and v < 0:
                raise ConfigError(f"{path}: key '{sect}.{k}' = {v}: expected a number >= 0")
    for key in ("ceremonies", "groundbreakings"):
        for i, c in enumerate(cfg["district"][key]):
            if not isinstance(c, dict) or not {"name", "earliest", "latest"} <= set(c):
                raise ConfigError(f"{path}: key 'district.{key}[{i}]' = {c!r}: expected name, earliest, latest")
    for stage, pair in cfg["stall_days"].items():
        if len(pair) != 2 or not all(isinstance(x, int) for x in pair) or pair[0] > pair[1]:
            raise ConfigError(f"{path}: key 'stall_days.{stage}' = {pair!r}: expected [yellow_days, red_days] with yellow <= red")
    for ind in cfg["industries"]["leading"] + cfg["industries"]["supporting"]:
        if ind not in cfg["industries"]["words"]:
            raise ConfigError(f"{path}: key 'industries.words' has no entry for '{ind}': expected a list of words")
    weights = cfg["scoring"]["weights"]
    if any(not isinstance(v, (int, float)) or v < 0 for v in weights.values()):
        raise ConfigError(f"{path}: key 'scoring.weights' = {weights!r}: expected numbers >= 0")
    for k in weights:
        if k not in SCORED_RULES:
            raise ConfigError(f"{path}: key 'scoring.weights.{k}' = {weights[k]!r}: expected one of the scored rules "
                              f"{', '.join(SCORED_RULES)}")
    for k, v in cfg["scoring"]["required"].items():
        if isinstance(v, bool) or not isinstance(v, (int, float)) or v < 0:
            raise ConfigError(f"{path}: key 'scoring.required.{k}' = {v!r}: expected a number >= 0")
    if isinstance(cfg["scoring"]["cap"], bool) or not isinstance(cfg["scoring"]["cap"], (int, float)) or cfg["scoring"]["cap"] < 1:
        raise ConfigError(f"{path}: key 'scoring.cap' = {cfg['scoring']['cap']!r}: expected a number >= 1")
    share = cfg["dispatch"]["lagging_share"]
    if not 0 <= share <= 1:
        raise ConfigError(f"{path}: key 'dispatch.lagging_share' = {share!r}: expected a share between 0 and 1")
    if cfg["dispatch"]["speakers"] < 0:
        raise ConfigError(f"{path}: key 'dispatch.speakers' = {cfg['dispatch']['speakers']!r}: expected a whole number >= 0")
    tb = cfg["dispatch"]["speaker_tiebreak"]
    allowed = ("score", "raw_score") + SCORED_RULES
    if not tb or tb[0] != "score" or any(k not in allowed for k in tb) or len(set(tb)) != len(tb):
        raise ConfigError(f"{path}: key 'dispatch.speaker_tiebreak' = {tb!r}: expected a list starting with \"score\", "
                          f"then distinct keys among {', '.join(allowed)}")
    if cfg["forecast"]["draws"] < 1:
        raise ConfigError(f"{path}: key 'forecast.draws' = {cfg['forecast']['draws']!r}: expected a whole number >= 1")
    for k, v in cfg["forecast"].items():
        if k.startswith("prior_") and (len(v) != 2 or not all(isinstance(x, (int, float)) and not isinstance(x, bool)
                                                             and x > 0 for x in v)):
            raise ConfigError(f"{path}: key 'forecast.{k}' = {v!r}: expected [successes, failures], two numbers > 0")
    for stage, pair in cfg["stall_days"].items():
        if stage not in ("lead", "intention", "signed", "started", "producing"):
            raise ConfigError(f"{path}: key 'stall_days.{stage}' = {pair!r}: expected a stage: lead, intention, signed, started, producing")
    for r in cfg["district"]["roadshow_regions"]:
        if not isinstance(r, str) or not r:
            raise ConfigError(f"{path}: key 'district.roadshow_regions' = {cfg['district']['roadshow_regions']!r}: expected a list of region names")
    for key in ("ceremonies", "groundbreakings"):
        for i, c in enumerate(cfg["district"][key]):
            if not isinstance(c["earliest"], dt.date) or not isinstance(c["latest"], dt.date) or c["latest"] < c["earliest"]:
                raise ConfigError(f"{path}: key 'district.{key}[{i}]' = {c!r}: expected dates with earliest <= latest")
    f = cfg["forecast"]
    bins = f["age_bins_days"]
    if not all(isinstance(x, int) and not isinstance(x, bool) and x >= 1 for x in bins) or \
            any(b <= a for a, b in zip(bins, bins[1:])):
        raise ConfigError(f"{path}: key 'forecast.age_bins_days' = {bins!r}: expected increasing whole numbers of days >= 1")
    if f["ceremony_concentration"] <= 0:
        raise ConfigError(f"{path}: key 'forecast.ceremony_concentration' = {f['ceremony_concentration']!r}: expected a number > 0")
    if not 0 < f["borrow_weight"] <= 1:
        raise ConfigError(f"{path}: key 'forecast.borrow_weight' = {f['borrow_weight']!r}: expected a number > 0 and <= 1")
    if f["arrival_days"] < 1:
        raise ConfigError(f"{path}: key 'forecast.arrival_days' = {f['arrival_days']!r}: expected a whole number >= 1")
    if not 1 <= cfg["dispatch"]["meeting_weekday"] <= 7:
        raise ConfigError(f"{path}: key 'dispatch.meeting_weekday' = {cfg['dispatch']['meeting_weekday']}: expected 1 (Monday) to 7 (Sunday)")
    if cfg["dispatch"]["cadence_days"] < 1:
        raise ConfigError(f"{path}: key 'dispatch.cadence_days' = {cfg['dispatch']['cadence_days']}: expected >= 1")
    return cfg


_DEFAULT: dict | None = None


def default_config() -> dict:
    """The shipped campaign configuration (the 2021 notice's numbers); a fresh copy each call."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = _validate(_read(DEFAULT_CONFIG_PATH), DEFAULT_CONFIG_PATH)
    return copy.deepcopy(_DEFAULT)


def load_config(path: str | Path | None = None) -> dict:
    """Load a campaign configuration: the defaults, overridden by ``path`` where given.

    Keys missing from ``path`` keep their defaults; unknown keys and wrong types are errors
    (:class:`ConfigError`) that name the file, the key, the value and what was expected.

    Examples
    --------
    >>> cfg = load_config()
    >>> cfg["units"]["trips_per_month"], str(cfg["window"]["start"])
    (2, '2021-07-01')
    """
    base = default_config()
    if path is None:
        return base
    path = Path(path)
    return _validate(_check(_read(path), base, "", path), path)


def _default_view() -> dict:
    default_config()
    return _DEFAULT  # read-only use


def classify_industry(text: Any, config: dict | None = None) -> str:
    """Map a ledger's 产业类别 text to a configured industry (主导产业 or supporting) or "其他".

    Examples
    --------
    >>> classify_industry("智能家居")
    '家居板材'
    >>> classify_industry("新能源电池")
    '其他'
    """
    ind = (config or _default_view())["industries"]
    if text is None or (isinstance(text, float) and text != text):
        return "其他"
    s = str(text).strip().lower()
    if not s:
        return "其他"
    for name in ind["leading"] + ind["supporting"]:
        if s == name.lower() or any(w.lower() in s for w in ind["words"][name]):
            return name
    return "其他"
