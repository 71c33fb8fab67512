"""The ⚠ indicator of the builder's top bar: how many places have configuration errors,
and, on hover (or focus, or a click), the list of them; choosing one centres the canvas
on it and opens its drawer.

A hover card, as the product page says ("Hover over the icon to see which Steps have
configuration errors"); its rows are buttons, so choosing one works as in a menu.
"""

from __future__ import annotations

import reflex as rx

from wfstudio.ui import styles
from wfstudio.ui.pages.builder_canvas import CanvasState
from wfstudio.ui.pages.builder_state import BuilderState
from wfstudio.ui.pages.builder_view import IssueRow


def _issue(row: IssueRow) -> rx.Component:
    return rx.el.button(
        rx.text(row.title, size="2", weight="medium", color="var(--gray-12)"),
        rx.text(row.message, size="1", color=styles.MUTED, white_space="normal"),
        type="button",
        on_click=CanvasState.focus_on(row.step_id),
        data_testid="issue-item",
        style={
            "display": "flex",
            "flex_direction": "column",
            "align_items": "flex-start",
            "gap": "2px",
            "width": "100%",
            "padding": "6px 12px",
            "border": "none",
            "border_radius": "var(--radius-2)",
            "background": "transparent",
            "text_align": "left",
            "cursor": "pointer",
            "_hover": {"background": "var(--red-a3)"},
            "_focus_visible": {"outline": "2px solid var(--accent-8)"},
        },
    )


def issues_menu() -> rx.Component:
    """The ⚠ button (only while there are errors) and its hover list."""
    count = BuilderState.issues.length()
    return rx.cond(
        count > 0,
        rx.hover_card.root(
            rx.hover_card.trigger(
                rx.button(
                    rx.icon("triangle-alert", size=16),
                    count,
                    color_scheme="red",
                    variant="soft",
                    aria_label=f"Configuration errors: {count}",
                    aria_haspopup="true",
                    data_testid="issues-indicator",
                ),
            ),
            rx.hover_card.content(
                rx.text(
                    "Steps with configuration errors: fix these before saving",
                    size="1",
                    weight="medium",
                    color=styles.MUTED,
                    padding="4px 12px 6px",
                ),
                rx.vstack(rx.foreach(BuilderState.issues, _issue), spacing="0", width="100%"),
                side="bottom",
                align="end",
                padding="6px",
                width="380px",
                max_height="60vh",
                overflow_y="auto",
                data_testid="issues-list",
            ),
            open_delay=150,
            close_delay=250,
        ),
    )
