"""Keeping contacts out of shared outputs (脱敏): names and phone numbers are dropped or masked by default."""

from __future__ import annotations

import html
import json
import re
import zipfile
from pathlib import Path
from typing import Iterable

import pandas as pd

from ..labels import label
from ..schemas import PRIVATE_COLUMNS

__all__ = ["SENSITIVE_COLUMNS", "CONTACT_HEADER", "PHONE_PATTERN", "mask_phones", "mask_names", "redact_frame",
           "contact_names", "file_text", "find_strings"]

#: Columns that hold contact details; dropped from shared frames (canonical and as ledgers head them).
SENSITIVE_COLUMNS = tuple(PRIVATE_COLUMNS) + tuple(h for hs in PRIVATE_COLUMNS.values() for h in hs)
#: A header as a ledger wrote it that holds one of those words (联系人及电话, 对接人手机, Contact person): its cells are
#: contact details too, though the ledger has no such column (the reader warns of it, with its first value).
CONTACT_HEADER = re.compile("|".join(map(re.escape, sorted(set(SENSITIVE_COLUMNS), key=len, reverse=True))), re.I)

#: Chinese mobile numbers (optionally +86, spaced or dashed 3-4-4) and landlines with area code.
PHONE_PATTERN = re.compile(
    r"(?<![\d*])(?:(?:\+|00)?86[-\s]?)?(?:1[3-9]\d(?:[-\s]?\d{4}){2}|0\d{2,3}[-\s]?\d{7,8}|[（(]0\d{2,3}[)）]\s?\d{7,8})(?![\d*])")


def mask_phones(text: str) -> str:
    """``text`` with every phone-number-like run masked, keeping its first three digits.

    Examples
    --------
    >>> mask_phones("张经理 138-1234-5678，座机0564-6601234")
    '张经理 138********，座机056********'
    >>> mask_phones("2021-07-15 投资12000万元")
    '2021-07-15 投资12000万元'
    """
    def _mask(m: re.Match) -> str:
        digits = re.sub(r"\D", "", m.group(0))
        if digits.startswith("86") and len(digits) > 11:
            digits = digits[2:]
        if digits.startswith("0086"):
            digits = digits[4:]
        return digits[:3] + "*" * 8
    return PHONE_PATTERN.sub(_mask, text)


def mask_names(text: str, names: Iterable[str]) -> str:
    """``text`` with each of ``names`` (longest first) replaced by its first character and asterisks.

    Examples
    --------
    >>> mask_names("联系人张三丰，另见张三", ["张三", "张三丰"])
    '联系人张**，另见张*'
    """
    return _name_masker(names)(text)


def _name_masker(names: Iterable[str]):
    """:func:`mask_names` with ``names`` fixed: ``text -> masked text``, for masking many values.

    The names are sorted once; a text none of them occurs in is returned as it is (one regular
    expression search), the others are masked name by name, longest first, as before. (Masking only
    turns characters into asterisks, so it cannot make a name appear that was not there, unless a
    name itself holds an asterisk: then every text takes the name-by-name path.)
    """
    ordered = sorted({n for n in names if n and len(n) >= 2}, key=len, reverse=True)

    def replace_all(text: str) -> str:
        for name in ordered:
            text = text.replace(name, name[0] + "*" * (len(name) - 1))
        return text

    if not ordered:
        return lambda text: text
    if any("*" in n for n in ordered):
        return replace_all
    any_name = re.compile("|".join(map(re.escape, ordered)))
    return lambda text: replace_all(text) if any_name.search(text) else text


def redact_frame(df: pd.DataFrame, *, names: Iterable[str] = (), drop: bool = True, lang: str = "zh") -> pd.DataFrame:
    """A copy of ``df`` safe to share: contact columns dropped (or emptied when ``drop=False``),
    phone-number-like strings and the given contact ``names`` masked in every text column.

    A rejections/warnings frame (columns ``column`` and ``value``) also loses the ``value`` of
    rows whose ``column`` is a contact column, or a header holding a contact word (:data:`CONTACT_HEADER`: 联系人及电话):
    it reads （已隐去）, or (withheld) where ``lang`` is "en".

    Examples
    --------
    >>> df = pd.DataFrame({"lead_id": ["L1"], "contact": ["李四"], "phone": ["13912345678"],
    ...                    "note": ["李四说 13912345678 周五回电"]})
    >>> redact_frame(df, names=["李四"]).to_dict("records")
    [{'lead_id': 'L1', 'note': '李*说 139******** 周五回电'}]
    """
    names = tuple(str(n) for n in names if isinstance(n, str) and n.strip())
    out = df.copy()
    sensitive = [c for c in out.columns if str(c).strip().lower() in SENSITIVE_COLUMNS]
    if drop:
        out = out.drop(columns=sensitive)
    else:
        for c in sensitive:
            out[c] = ["" if pd.notna(v) and str(v) else v for v in out[c]]
    if {"column", "value"} <= set(out.columns):
        hit = out["column"].map(lambda c: isinstance(c, str) and bool(CONTACT_HEADER.search(c)))
        if hit.any():
            out["value"] = out["value"].where(~hit.astype(bool), label("txt.withheld", lang))
    masker = _name_masker(names)
    done: dict[str, str] = {}   # each distinct text redacted once

    def redact(v: object) -> object:
        if not isinstance(v, str):
            return v
        r = done.get(v)
        if r is None:
            r = done[v] = masker(mask_phones(v))
        return r

    for c in out.columns:
        col = out[c]
        if col.dtype == object or pd.api.types.is_string_dtype(col.dtype):
            out[c] = col.map(redact)
    return out


def contact_names(campaign) -> list[str]:
    """The contacts' names recorded in a campaign's leads (what :func:`redact_frame` masks)."""
    leads = campaign.leads
    if "contact" not in leads.columns:
        return []
    return sorted({str(v).strip() for v in leads["contact"] if isinstance(v, str) and v.strip()})


def file_text(path: str | Path) -> str:
    """The text a reader of ``path`` can see: HTML entities decoded, JSON escapes decoded, and for
    an ``.xlsx`` every XML part of the workbook (cells, shared strings, comments, sheet names)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm", ".docx", ".pptx"):
        with zipfile.ZipFile(path) as zf:
            parts = [zf.read(n).decode("utf-8", errors="replace") for n in zf.namelist()
                     if n.endswith((".xml", ".rels"))]
        return html.unescape("\n".join(parts))
    raw = path.read_bytes().decode("utf-8", errors="replace")
    text = raw
    if suffix in (".json", ".ipynb"):
        try:
            text = raw + "\n" + json.dumps(json.loads(raw), ensure_ascii=False)
        except ValueError:
            pass
    if suffix in (".html", ".htm", ".ipynb", ".svg", ".xml"):
        text = text + "\n" + html.unescape(text)
    return text


def find_strings(path: str | Path, strings: Iterable[str]) -> list[str]:
    """Which of ``strings`` occur in the readable text of ``path`` (see :func:`file_text`).

    Phone numbers are also looked for without their separators.
    """
    text = file_text(path)
    squashed = re.sub(r"[-\s]", "", text)
    found = []
    for s in strings:
        if not s:
            continue
        digits = re.sub(r"[-\s]", "", s)
        if s in text or (digits.isdigit() and len(digits) >= 7 and digits in squashed):
            found.append(s)
    return found
