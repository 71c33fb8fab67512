"""Shared sizes and colours of the studio (Radix Themes tokens, indigo accent)."""

from __future__ import annotations

SIDEBAR_WIDTH = "232px"
PAGE_PADDING_X = "32px"
MUTED = "var(--gray-11)"
BORDER = "1px solid var(--gray-a5)"

STATUS_COLORS = {"draft": "gray", "published": "green", "stopped": "orange"}

# Read by screen readers, not shown.
SR_ONLY = {
    "position": "absolute",
    "width": "1px",
    "height": "1px",
    "overflow": "hidden",
    "clip": "rect(0 0 0 0)",
    "white_space": "nowrap",
}
