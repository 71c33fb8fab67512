"""The Workflows listing page: search, add, import, and the table with its Actions menu."""

from __future__ import annotations

import reflex as rx

from wfstudio.ui import layout, routes, styles
from wfstudio.ui.components.feedback import error_callout
from wfstudio.ui.pages import (
    workflows_actions,
    workflows_create,
    workflows_edit,
    workflows_import,
    workflows_settings,
    workflows_stop,
    workflows_table,
)
from wfstudio.ui.pages.workflows_import import ImportState
from wfstudio.ui.pages.workflows_listing import ListingState


def _search_box() -> rx.Component:
    return rx.input(
        rx.input.slot(rx.icon("search", size=16)),
        placeholder="Search workflows",
        value=ListingState.search,
        on_change=ListingState.set_search,
        debounce_timeout=250,
        aria_label="Search workflows",
        data_testid="workflow-search",
        width="320px",
        size="2",
    )


def _empty_state() -> rx.Component:
    return rx.center(
        rx.vstack(
            rx.center(
                rx.icon("workflow", size=28, color="var(--accent-11)"),
                width="56px",
                height="56px",
                border_radius="var(--radius-4)",
                background="var(--accent-a3)",
            ),
            rx.heading("No workflows yet", size="4", as_="h2"),
            rx.text(
                "Workflows automate conversations: welcome messages, assignment, "
                "chat menus and more. Add your first one, or import a file.",
                size="2",
                color=styles.MUTED,
                text_align="center",
                max_width="420px",
            ),
            rx.hstack(
                workflows_create.add_button("add-workflow-empty"),
                rx.button(
                    rx.icon("upload", size=16),
                    "Import Workflow",
                    variant="soft",
                    on_click=ImportState.show,
                    data_testid="import-workflow-empty",
                ),
                spacing="2",
                padding_top="4px",
            ),
            align="center",
            spacing="3",
        ),
        padding_y="96px",
        border="1px dashed var(--gray-a6)",
        border_radius="var(--radius-4)",
        data_testid="workflows-empty",
    )


def _no_match() -> rx.Component:
    return rx.center(
        rx.text(
            "No workflow matches “",
            ListingState.search,
            "”.",
            size="2",
            color=styles.MUTED,
        ),
        padding_y="48px",
        data_testid="workflows-no-match",
    )


def _content() -> rx.Component:
    return rx.cond(
        ListingState.problem != "",
        error_callout(ListingState.problem, "workflows-problem"),
        rx.cond(
            ListingState.loaded & (ListingState.total == 0),
            _empty_state(),
            rx.vstack(
                rx.hstack(
                    _search_box(),
                    rx.spacer(),
                    rx.text(
                        ListingState.count_label,
                        size="1",
                        color=styles.MUTED,
                        data_testid="workflow-count",
                    ),
                    align="center",
                    width="100%",
                ),
                rx.cond(
                    ListingState.rows.length() > 0,
                    workflows_table.table(ListingState.rows),
                    rx.cond(ListingState.loaded, _no_match()),
                ),
                spacing="4",
                width="100%",
            ),
        ),
    )


def workflows_page() -> rx.Component:
    """The listing with its dialogs (one of each, shared by every row)."""
    return layout.shell(
        _content(),
        workflows_create.dialog(),
        workflows_import.dialog(),
        workflows_edit.dialog(),
        workflows_settings.dialog(),
        workflows_actions.delete_dialog(),
        workflows_stop.dialog(),
        active=routes.WORKFLOWS,
        title="Workflows",
        subtitle="View, set up and manage the automations of your workspace.",
        actions=rx.hstack(
            rx.link(
                rx.button(
                    rx.icon("layout-template", size=16),
                    "Browse templates",
                    variant="soft",
                    data_testid="browse-templates",
                ),
                href=routes.TEMPLATES,
            ),
            workflows_create.add_menu(),
            spacing="2",
        ),
    )
