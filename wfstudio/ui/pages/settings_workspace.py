"""The Workspace tab: name, timezone (IANA names) and the default business hours per
weekday. Everyone reads them; Owners and Managers change them."""

from __future__ import annotations

from typing import Any

import reflex as rx

from wfstudio.domain.steps.date_time import known_timezones
from wfstudio.ui import styles
from wfstudio.ui.components.feedback import error_callout
from wfstudio.ui.pages.settings_lists import card, icon_action, read_only_note
from wfstudio.ui.pages.settings_state import SettingsState
from wfstudio.ui.pages.settings_workspace_state import WorkspaceFormState

TIMEZONES_ID = "settings-timezones"
READ_ONLY = ~SettingsState.can_edit


def _field(label: str, control: rx.Component, hint: str = "") -> rx.Component:
    return rx.vstack(
        rx.text(label, size="2", weight="medium"),
        control,
        rx.text(hint, size="1", color=styles.MUTED) if hint else rx.fragment(),
        spacing="1",
        width="100%",
        max_width="420px",
    )


def _save(on_click, testid: str) -> rx.Component:
    return rx.cond(
        SettingsState.can_edit,
        rx.button(rx.icon("check", size=16), "Save", on_click=on_click, data_testid=testid),
    )


def _general() -> rx.Component:
    return card(
        "Workspace",
        "The workspace's name and the timezone its workflows and dates use.",
        _field(
            "Name",
            rx.input(
                value=WorkspaceFormState.name,
                on_change=WorkspaceFormState.set_name,
                read_only=READ_ONLY,
                aria_label="Workspace name",
                data_testid="settings-workspace-name",
            ),
        ),
        _field(
            "Timezone",
            rx.input(
                value=WorkspaceFormState.timezone,
                on_change=WorkspaceFormState.set_timezone,
                read_only=READ_ONLY,
                list=TIMEZONES_ID,
                aria_label="Timezone",
                data_testid="settings-timezone",
            ),
            "An IANA name such as Europe/London or America/New_York: type to search.",
        ),
        rx.el.datalist(
            *[rx.el.option(value=name) for name in sorted(known_timezones())], id=TIMEZONES_ID
        ),
        error_callout(WorkspaceFormState.general_error, "settings-workspace-error"),
        _save(WorkspaceFormState.save_general, "settings-workspace-save"),
        testid="settings-workspace-card",
    )


def _time(day: Any, index: rx.Var, at: rx.Var, end: str) -> rx.Component:
    return rx.input(
        type="time",
        value=day.ranges[at][end],
        on_change=lambda text: WorkspaceFormState.set_time(index, at, end, text),
        read_only=READ_ONLY,
        size="2",
        width="120px",
        aria_label=day.label + (" opens" if end == "start" else " closes"),
    )


def _day(day: Any, index: rx.Var) -> rx.Component:
    def one(_range: rx.Var, at: rx.Var) -> rx.Component:
        return rx.hstack(
            _time(day, index, at, "start"),
            rx.text("–", color=styles.MUTED),
            _time(day, index, at, "end"),
            rx.cond(
                SettingsState.can_edit,
                icon_action(
                    "x",
                    "Remove this range",
                    WorkspaceFormState.remove_range(index, at),
                    "settings-hours-remove",
                ),
            ),
            align="center",
            spacing="2",
        )

    return rx.hstack(
        rx.text(day.label, size="2", weight="medium", width="110px", padding_top="6px"),
        rx.vstack(
            rx.cond(
                day.ranges.length() == 0,
                rx.text("Closed", size="2", color=styles.MUTED, padding_top="6px"),
            ),
            rx.foreach(day.ranges, one),
            spacing="2",
            flex="1",
        ),
        rx.cond(
            SettingsState.can_edit,
            icon_action(
                "plus",
                "Add hours on " + day.label,
                WorkspaceFormState.add_range(index),
                "settings-hours-add",
            ),
        ),
        align="start",
        width="100%",
        padding_y="6px",
        border_bottom=styles.BORDER,
        data_testid="settings-hours-day",
    )


def _hours() -> rx.Component:
    return card(
        "Business hours",
        "When the team is open, per weekday (a day without hours is closed). Date & Time "
        "steps start from these hours.",
        rx.vstack(
            rx.foreach(WorkspaceFormState.days, _day), spacing="0", width="100%", max_width="560px"
        ),
        error_callout(WorkspaceFormState.hours_error, "settings-hours-error"),
        _save(WorkspaceFormState.save_hours, "settings-hours-save"),
        testid="settings-hours-card",
    )


def workspace_tab() -> rx.Component:
    return rx.vstack(
        rx.cond(
            READ_ONLY,
            read_only_note(
                "Only Owners and Managers can change these settings.",
                "settings-workspace-read-only",
            ),
        ),
        _general(),
        _hours(),
        spacing="4",
        width="100%",
    )
