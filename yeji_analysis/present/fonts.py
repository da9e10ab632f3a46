"""Chinese fonts for the pictures (中文字体): find a CJK font once and make matplotlib and seaborn use it."""

from __future__ import annotations

import glob
import os
import warnings
from typing import Any

import matplotlib as mpl
from matplotlib import font_manager

__all__ = ["use_cjk_font", "set_theme", "CJK_FAMILIES", "CJK_FONT_HINT"]

#: Font families that cover simplified Chinese, in order of preference.
CJK_FAMILIES = [
    "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "SimHei", "PingFang SC",
    "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "Hiragino Sans GB", "Heiti SC", "STHeiti",
    "Noto Sans CJK JP", "Noto Sans CJK TC", "Source Han Sans CN", "Noto Sans SC", "Sarasa Gothic SC",
    "Arial Unicode MS", "Noto Serif CJK SC", "Source Han Serif SC", "SimSun",
]

# font files that are often installed but may be missing from matplotlib's cache
_FILE_PATTERNS = [
    "/usr/share/fonts/opentype/noto/NotoSansCJK*.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK*.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK*.ttc",
    "/usr/share/fonts/opentype/source-han-sans/*.otf",
    "/usr/share/fonts/adobe-source-han-sans/*.otf",
    "/usr/share/fonts/truetype/wqy/wqy-*.ttc",
    "/usr/share/fonts/wenquanyi/*/wqy-*.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK*.ttc",
    os.path.expanduser("~/.local/share/fonts/*CJK*"),
    os.path.expanduser("~/.fonts/*CJK*"),
    "C:/Windows/Fonts/msyh.ttc", "C:/Windows/Fonts/simhei.ttf", "C:/Windows/Fonts/simsun.ttc",
    "/System/Library/Fonts/PingFang.ttc", "/System/Library/Fonts/STHeiti Light.ttc",
    "/Library/Fonts/Arial Unicode.ttf",
]
_FILE_WORDS = ("cjk", "sourcehan", "wqy", "msyh", "simhei", "simsun", "pingfang", "heiti", "hiragino")

CJK_FONT_HINT = ("没有找到中文字体，图中的汉字会显示为方框。/ No CJK font found: Chinese labels will render as boxes. "
                 "Install one: Debian/Ubuntu `sudo apt-get install fonts-noto-cjk`; Fedora `sudo dnf install "
                 "google-noto-sans-cjk-fonts`; Windows and macOS ship Microsoft YaHei / PingFang SC. "
                 "Then delete matplotlib's font cache (" + "~/.cache/matplotlib" + ") and restart Python.")

_UNSET = object()
_family: Any = _UNSET
_warned = False


def _installed() -> set[str]:
    return {f.name for f in font_manager.fontManager.ttflist}


def _first(names: set[str]) -> str | None:
    return next((fam for fam in CJK_FAMILIES if fam in names), None)


def _find_family() -> str | None:
    fam = _first(_installed())
    if fam:
        return fam
    # installed but not in matplotlib's cache (installed after the cache was built): add the files
    paths = [p for pat in _FILE_PATTERNS for p in glob.glob(pat)]
    try:
        paths += [p for p in font_manager.findSystemFonts()
                  if any(w in os.path.basename(p).lower().replace(" ", "") for w in _FILE_WORDS)]
    except Exception:  # pragma: no cover - a broken font directory must not stop a report
        pass
    for p in dict.fromkeys(paths):
        try:
            font_manager.fontManager.addfont(p)
        except Exception:  # pragma: no cover - unreadable file
            continue
    return _first(_installed())


def _apply(family: str) -> None:
    rest = [f for f in mpl.rcParams["font.sans-serif"] if f != family]
    mpl.rcParams["font.family"] = ["sans-serif"]
    mpl.rcParams["font.sans-serif"] = [family, *rest]
    mpl.rcParams["axes.unicode_minus"] = False


def use_cjk_font() -> str | None:
    """Make matplotlib draw Chinese: find a CJK font, put it first in ``font.sans-serif``, return its family.

    The search (matplotlib's font list, then known font files added to the font manager) runs
    once per process; later calls re-apply the rcParams (cheap), since ``seaborn.set_theme`` and
    ``matplotlib.rcdefaults`` reset them. ``axes.unicode_minus`` is turned off because CJK fonts
    lack the Unicode minus sign. Without a CJK font this warns once, saying how to install one, and
    returns None.

    Examples
    --------
    >>> fam = use_cjk_font()
    >>> fam is None or mpl.rcParams["font.sans-serif"][0] == fam
    True
    """
    global _family, _warned
    if _family is _UNSET:
        _family = _find_family()
    if _family is None:
        if not _warned:
            warnings.warn(CJK_FONT_HINT, UserWarning, stacklevel=2)
            _warned = True
        mpl.rcParams["axes.unicode_minus"] = False
        return None
    _apply(_family)
    return _family


def set_theme(context: str = "notebook", style: str = "whitegrid", palette: str = "deep",
              font_scale: float = 1.0, rc: dict | None = None) -> str | None:
    """``seaborn.set_theme`` with the CJK font kept (seaborn resets the font); return the family used.

    Examples
    --------
    >>> fam = set_theme()
    >>> mpl.rcParams["axes.unicode_minus"]
    False
    """
    import seaborn as sns  # deferred: seaborn (heavy) only when a theme is set

    family = use_cjk_font()
    sns.set_theme(context=context, style=style, palette=palette, font="sans-serif",
                  font_scale=font_scale, rc={"axes.unicode_minus": False, **(rc or {})})
    if family:
        _apply(family)
    return family
