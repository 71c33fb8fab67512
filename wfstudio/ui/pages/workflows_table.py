"""The listing table: one row per workflow, with its status badge and Actions menu."""

from __future__ import annotations

import reflex as rx

from wfstudio.ui import routes, styles
from wfstudio.ui.pages.workflows_actions import ActionsState
from wfstudio.ui.pages.workflows_edit import EditState
from wfstudio.ui.pages.workflows_settings import SettingsState
from wfstudio.ui.pages.workflows_stop import StopState
from wfstudio.ui.view_models import WorkflowRow

COLUMNS = ("Name", "Status", "Last Published By", "Last Published", "Created By", "Date Created")


def status_badge(status: str | rx.Var, label: str | rx.Var) -> rx.Component:
    """Draft gray, Published green, Stopped orange."""
    return rx.match(
        status,
        *[
            (value, rx.badge(label, color_scheme=color, variant="soft", radius="full"))
            for value, color in styles.STATUS_COLORS.items()
        ],
        rx.badge(label, color_scheme="gray", variant="soft", radius="full"),
    )


def _item(icon: str, label: str, on_select, testid: str, **props) -> rx.Component:
    return rx.dropdown_menu.item(
        rx.hstack(rx.icon(icon, size=14), label, align="center", spacing="2"),
        on_select=on_select,
        data_testid=testid,
        **props,
    )


def actions_menu(row: WorkflowRow) -> rx.Component:
    """The ⋯ menu: exactly the product page's actions, Publish/Stop by status."""
    return rx.dropdown_menu.root(
        rx.dropdown_menu.trigger(
            rx.icon_button(
                rx.icon("ellipsis", size=16),
                variant="ghost",
                color_scheme="gray",
                aria_label="Actions for " + row.name,
                data_testid="workflow-actions",
            ),
        ),
        rx.dropdown_menu.content(
            rx.cond(
                row.status == "published",
                _item(
                    "circle-stop",
                    "Stop Workflow",
                    StopState.ask(row.id, row.name),
                    "action-stop",
                ),
                _item("rocket", "Publish Workflow", ActionsState.publish(row.id), "action-publish"),
            ),
            _item(
                "pencil",
                "Edit Name/Description",
                EditState.show(row.id, row.name, row.description),
                "action-edit",
            ),
            _item(
                "square-pen",
                "Open in Builder",
                rx.redirect(f"{routes.WORKFLOWS}/{row.id}"),
                "action-open",
            ),
            _item("download", "Export", ActionsState.export(row.id), "action-export"),
            _item("settings", "Workflow Settings", SettingsState.show(row.id), "action-settings"),
            _item("copy", "Clone", ActionsState.clone(row.id), "action-clone"),
            rx.dropdown_menu.separator(),
            _item(
                "trash-2",
                "Delete",
                ActionsState.ask_delete(row.id, row.name),
                "action-delete",
                color="red",
            ),
            align="end",
        ),
    )


def _muted(value: str | rx.Var) -> rx.Component:
    return rx.text(value, size="2", color=styles.MUTED, white_space="nowrap")


def _row(row: WorkflowRow) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(
            rx.vstack(
                rx.tooltip(
                    rx.link(
                        row.name,
                        href=f"{routes.WORKFLOWS}/{row.id}",
                        weight="medium",
                        size="2",
                        color="var(--gray-12)",
                        underline="hover",
                        display="block",
                        max_width="100%",
                        overflow="hidden",
                        text_overflow="ellipsis",
                        white_space="nowrap",
                        data_testid="workflow-name",
                    ),
                    content=row.name,
                ),
                rx.cond(
                    row.description != "",
                    rx.text(
                        row.description,
                        size="1",
                        color=styles.MUTED,
                        max_width="100%",
                        overflow="hidden",
                        text_overflow="ellipsis",
                        white_space="nowrap",
                        title=row.description,
                    ),
                ),
                spacing="0",
                # A long name (even one without spaces) is cut with an ellipsis, so the
                # other columns stay on the page; the tooltip shows it whole.
                max_width="360px",
                min_width="160px",
            ),
        ),
        rx.table.cell(status_badge(row.status, row.status_label), data_testid="workflow-status"),
        rx.table.cell(_muted(row.last_published_by)),
        rx.table.cell(_muted(row.last_published)),
        rx.table.cell(_muted(row.created_by)),
        rx.table.cell(_muted(row.created)),
        rx.table.cell(actions_menu(row), text_align="right"),
        align="center",
        data_testid="workflow-row",
    )


def table(rows: rx.Var) -> rx.Component:
    return rx.table.root(
        rx.table.header(
            rx.table.row(
                *[rx.table.column_header_cell(title, white_space="nowrap") for title in COLUMNS],
                rx.table.column_header_cell(rx.el.span("Actions", style=styles.SR_ONLY)),
            ),
        ),
        rx.table.body(rx.foreach(rows, _row)),
        variant="surface",
        size="2",
        width="100%",
        data_testid="workflows-table",
    )
