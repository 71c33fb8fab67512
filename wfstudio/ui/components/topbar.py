"""The builder's top bar: the way back, name and description (edited in place), status,
the ⚠ indicator, Show AI Instructions, version history, Workflow Settings, Save and
Publish/Stop.

Test is enabled only without errors (and with a trigger and a step) and opens the Test
Workflow dialog (:mod:`.topbar_test`).
"""

from __future__ import annotations

import reflex as rx

from wfstudio.ui import routes, styles
from wfstudio.ui.components.topbar_issues import issues_menu
from wfstudio.ui.components.topbar_test import testing_button, testing_dialog
from wfstudio.ui.pages.builder_ai import AiState
from wfstudio.ui.pages.builder_lifecycle import LifecycleState
from wfstudio.ui.pages.builder_rename import RenameState
from wfstudio.ui.pages.builder_state import BuilderState
from wfstudio.ui.pages.builder_versions import VersionsState
from wfstudio.ui.pages.workflows_settings import SettingsState
from wfstudio.ui.pages.workflows_table import status_badge


def _back() -> rx.Component:
    return rx.link(
        rx.icon("arrow-left", size=18),
        href=routes.WORKFLOWS,
        aria_label="Back to workflows",
        title="Back to workflows",
        color="var(--gray-11)",
        display="inline-flex",
        padding="6px",
        border_radius="var(--radius-2)",
        _hover={"background": "var(--gray-a3)"},
        data_testid="back-to-workflows",
    )


def _name_view() -> rx.Component:
    return rx.hstack(
        rx.vstack(
            rx.hstack(
                rx.heading(
                    BuilderState.name,
                    size="4",
                    weight="bold",
                    white_space="nowrap",
                    overflow="hidden",
                    text_overflow="ellipsis",
                    max_width="360px",
                    data_testid="page-title",
                ),
                rx.box(status_badge(BuilderState.status, BuilderState.status_label)),
                rx.cond(
                    BuilderState.dirty,
                    rx.text("Unsaved changes", size="1", color=styles.MUTED),
                ),
                align="center",
                spacing="2",
                data_testid="builder-status",
            ),
            rx.text(
                rx.cond(BuilderState.description != "", BuilderState.description, "No description"),
                size="1",
                color=styles.MUTED,
                white_space="nowrap",
                overflow="hidden",
                text_overflow="ellipsis",
                max_width="480px",
                data_testid="builder-description",
            ),
            spacing="0",
            min_width="0",
        ),
        rx.icon_button(
            rx.icon("pencil", size=14),
            variant="ghost",
            color_scheme="gray",
            size="1",
            on_click=RenameState.start,
            aria_label="Edit name and description",
            title="Edit name and description",
            data_testid="rename-start",
        ),
        align="center",
        spacing="2",
        min_width="0",
    )


def _name_form() -> rx.Component:
    return rx.form(
        rx.hstack(
            rx.input(
                name="name",
                default_value=BuilderState.name,
                max_length=100,
                auto_focus=True,
                aria_label="Workflow name",
                width="240px",
                data_testid="rename-name",
            ),
            rx.input(
                name="description",
                default_value=BuilderState.description,
                max_length=500,
                placeholder="Description",
                aria_label="Workflow description",
                width="320px",
                data_testid="rename-description",
            ),
            rx.button("Save", type="submit", size="2", data_testid="rename-save"),
            rx.button(
                "Cancel",
                type="button",
                variant="soft",
                color_scheme="gray",
                on_click=RenameState.cancel,
            ),
            rx.cond(
                RenameState.error != "",
                rx.text(RenameState.error, size="1", color="var(--red-11)", role="alert"),
            ),
            align="center",
            spacing="2",
        ),
        on_submit=RenameState.save,
    )


def _tool(icon: str, label: str, on_click, testid: str) -> rx.Component:
    return rx.tooltip(
        rx.icon_button(
            rx.icon(icon, size=16),
            variant="ghost",
            color_scheme="gray",
            size="2",
            on_click=on_click,
            aria_label=label,
            data_testid=testid,
        ),
        content=label,
    )


def _actions() -> rx.Component:
    published = BuilderState.status == "published"
    return rx.hstack(
        issues_menu(),
        rx.cond(
            BuilderState.has_ai,
            rx.button(
                rx.icon("bot", size=16),
                "Show AI Instructions",
                variant="soft",
                color_scheme="gray",
                on_click=AiState.show,
                data_testid="show-ai-instructions",
            ),
        ),
        _tool("history", "Version history", VersionsState.show, "open-versions"),
        testing_button(),
        testing_dialog(),
        _tool(
            "settings", "Workflow Settings", SettingsState.show(BuilderState.wf_id), "open-settings"
        ),
        rx.button(
            rx.icon("save", size=16),
            "Save",
            variant="outline",
            disabled=BuilderState.read_only,
            on_click=LifecycleState.save,
            data_testid="builder-save",
        ),
        rx.cond(
            published,
            rx.button(
                rx.icon("circle-stop", size=16),
                "Stop",
                color_scheme="red",
                on_click=LifecycleState.stop,
                data_testid="builder-stop",
            ),
            rx.button(
                rx.icon("rocket", size=16),
                "Publish",
                on_click=LifecycleState.publish,
                data_testid="builder-publish",
            ),
        ),
        align="center",
        spacing="2",
        flex_shrink="0",
    )


def topbar() -> rx.Component:
    return rx.hstack(
        _back(),
        rx.cond(RenameState.editing, _name_form(), _name_view()),
        rx.spacer(),
        _actions(),
        align="center",
        spacing="3",
        width="100%",
        padding="10px 16px",
        min_height="64px",
        border_bottom=styles.BORDER,
        background="var(--color-panel-solid)",
        data_testid="builder-topbar",
    )
