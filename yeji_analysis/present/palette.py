"""The one status palette (状态配色): each status's pale fill (table cells, workbook cells) and strong colour (charts)."""

from __future__ import annotations

__all__ = ["STATUS_PALETTE", "STATUS_FILL", "STATUS_COLOURS"]

#: status -> (fill behind text, colour of a chart area): met green, on track pale green, behind amber, missed red,
#: not started (未开始) near white;
#: stall grades green / yellow / red; "none" is a cell with nothing to judge.
STATUS_PALETTE = {
    "met": ("#c6efce", "#2e7d32"), "on_track": ("#e2f0d9", "#a5d6a7"), "behind": ("#ffeb9c", "#ffb300"),
    "missed": ("#ffc7ce", "#d84343"), "not_started": ("#f2f2f2", "#f5f5f5"), "green": ("#c6efce", "#2e7d32"), "yellow": ("#ffeb9c", "#ffb300"),
    "red": ("#ffc7ce", "#d84343"), "none": ("#f2f2f2", "#e0e0e0"),
}
STATUS_FILL = {k: v[0] for k, v in STATUS_PALETTE.items()}
STATUS_COLOURS = {k: v[1] for k, v in STATUS_PALETTE.items()}
