"""The ⚠ indicator of the builder's top bar: how many places have configuration errors,
and a list of them; choosing one centres the canvas on it and opens its drawer."""

from __future__ import annotations

import reflex as rx

from wfstudio.ui import styles
from wfstudio.ui.pages.builder_canvas import CanvasState
from wfstudio.ui.pages.builder_state import BuilderState
from wfstudio.ui.pages.builder_view import IssueRow


def _issue(row: IssueRow) -> rx.Component:
    return rx.dropdown_menu.item(
        rx.vstack(
            rx.text(row.title, size="2", weight="medium"),
            rx.text(row.message, size="1", color=styles.MUTED, white_space="normal"),
            spacing="0",
            align="start",
            padding_y="4px",
        ),
        on_select=CanvasState.focus_on(row.step_id),
        height="auto",
        data_testid="issue-item",
    )


def issues_menu() -> rx.Component:
    """The ⚠ button (only while there are errors) and its dropdown list."""
    count = BuilderState.issues.length()
    return rx.cond(
        count > 0,
        rx.dropdown_menu.root(
            rx.dropdown_menu.trigger(
                rx.button(
                    rx.icon("triangle-alert", size=16),
                    count,
                    color_scheme="red",
                    variant="soft",
                    aria_label=f"Configuration errors: {count}",
                    title="Steps with configuration errors",
                    data_testid="issues-indicator",
                ),
            ),
            rx.dropdown_menu.content(
                rx.text(
                    "Fix these before saving",
                    size="1",
                    weight="medium",
                    color=styles.MUTED,
                    padding="4px 12px",
                ),
                rx.foreach(BuilderState.issues, _issue),
                max_width="380px",
                max_height="60vh",
                data_testid="issues-list",
            ),
        ),
    )
