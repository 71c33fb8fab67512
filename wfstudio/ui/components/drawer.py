"""The configuration drawer: a right-side panel with the form of the selected trigger or step.

``drawer()`` is what the builder page places beside its canvas. It is shown while
``BuilderState.selected_id`` is set; each new selection loads the copy
(:class:`DrawerState`), and each change of ``BuilderState.edits`` (undo, redo, canvas
edits) re-syncs it. Forms come from the descriptors of ``drawer_forms``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import reflex as rx

from wfstudio.domain.catalogue import STEPS, TRIGGERS
from wfstudio.ui import styles
from wfstudio.ui.components import drawer_fields as f
from wfstudio.ui.components import drawer_lists as lists
from wfstudio.ui.components import drawer_text as t
from wfstudio.ui.components import drawer_widgets as w
from wfstudio.ui.components.drawer_conditions import branches_editor, trigger_conditions
from wfstudio.ui.components.drawer_forms import STEP_FORMS, TRIGGER_FORMS
from wfstudio.ui.components.drawer_hours import (
    date_range_editor,
    timezone_list,
    week_hours_editor,
)
from wfstudio.ui.components.drawer_state import DrawerState
from wfstudio.ui.components.drawer_watch import watch
from wfstudio.ui.components.drawer_webhook import webhook_url
from wfstudio.ui.pages.builder_state import BuilderState

WIDTH = "420px"

CUSTOM: dict[str, Callable[[Any, w.Scope], rx.Component]] = {
    "branches": branches_editor,
    "week_hours": week_hours_editor,
    "date_range": date_range_editor,
}


def render_field(field: f.Field, scope: w.Scope) -> rx.Component:
    """The control of one descriptor, shown only while its ``when`` holds."""
    path = scope.path(field.key)
    component: rx.Component
    if isinstance(field, f.Text):
        component = t.text_field(field, scope)
    elif isinstance(field, f.Number):
        component = w.labelled(field, w.number_control(field, scope), path)
    elif isinstance(field, f.Choice):
        component = w.labelled(field, w.choice_control(field, scope), path)
    elif isinstance(field, f.Toggle):
        component = w.toggle_field(field, scope)
    elif isinstance(field, f.Pick):
        component = w.labelled(field, w.pick_control(field, scope), path)
    elif isinstance(field, f.PickMany):
        component = lists.pick_many_field(field, scope)
    elif isinstance(field, f.Checks):
        component = lists.checks_field(field, scope)
    elif isinstance(field, f.Strings):
        component = lists.strings_field(field, scope)
    elif isinstance(field, f.Lines):
        component = lists.lines_field(field, scope)
    elif isinstance(field, f.Rows):
        component = lists.rows_field(field, scope)
    elif isinstance(field, f.Duration):
        component = w.duration_field(field, scope)
    elif isinstance(field, f.Custom):
        component = CUSTOM[field.renderer](field, scope)
    else:
        raise TypeError(f"no renderer for {type(field).__name__}")
    return w.visible(field, scope, component)


def render_form(form: f.Form, empty: str) -> rx.Component:
    if not form:
        return rx.text(empty, size="2", color=styles.MUTED, data_testid="drawer-no-settings")
    scope = w.config_scope()
    return rx.vstack(*[render_field(field, scope) for field in form], spacing="5", width="100%")


def _kind_title(icon: str, label: str, caption: str) -> rx.Component:
    return rx.hstack(
        rx.center(
            rx.icon(icon, size=18, color="var(--accent-11)"),
            width="32px",
            height="32px",
            min_width="32px",
            border_radius="var(--radius-3)",
            background="var(--accent-a3)",
        ),
        rx.vstack(
            rx.text(caption, size="1", color=styles.MUTED),
            rx.text(label, size="2", weight="bold", data_testid="drawer-kind"),
            spacing="0",
        ),
        align="center",
        spacing="3",
    )


def _title() -> rx.Component:
    steps = [(kind, _kind_title(spec.icon, spec.label, "Step")) for kind, spec in STEPS.items()]
    triggers = [
        (kind, _kind_title(spec.icon, spec.label, "Trigger")) for kind, spec in TRIGGERS.items()
    ]
    return rx.match(
        DrawerState.kind, *steps, *triggers, _kind_title("zap", "Choose a trigger", "Trigger")
    )


def _header() -> rx.Component:
    return rx.hstack(
        _title(),
        rx.spacer(),
        rx.icon_button(
            rx.icon("x", size=18),
            on_click=BuilderState.close_drawer,
            variant="ghost",
            color_scheme="gray",
            aria_label="Close",
            data_testid="drawer-close",
        ),
        align="center",
        width="100%",
        padding="14px 16px",
        border_bottom=styles.BORDER,
    )


def _name() -> rx.Component:
    return rx.vstack(
        rx.input(
            value=w.DOC["name"].to(str),
            on_change=lambda text: DrawerState.set_field("name", text),
            placeholder="Step name",
            disabled=BuilderState.read_only,
            size="3",
            variant="soft",
            width="100%",
            aria_label="Step name",
            data_testid="drawer-name",
        ),
        w.issue_line("name"),
        spacing="1",
        width="100%",
    )


def _trigger_body() -> rx.Component:
    kinds = rx.select.root(
        rx.select.trigger(
            placeholder="Choose a trigger…", width="100%", data_testid="drawer-trigger-kind"
        ),
        rx.select.content(
            *[rx.select.item(spec.label, value=kind) for kind, spec in TRIGGERS.items()]
        ),
        value=DrawerState.kind,
        on_change=lambda kind: DrawerState.set_field("kind", kind),
        disabled=BuilderState.read_only,
    )
    once = w.toggle_field(
        f.Toggle(
            key="once_per_contact",
            label="Trigger once per contact",
            help="A contact who was ever enrolled in this workflow never enters it again.",
        ),
        w.Scope(w.DOC, "", "drawer"),
    )
    forms = [
        (kind, render_form(form, "This trigger has no settings."))
        for kind, form in TRIGGER_FORMS.items()
    ]
    return rx.vstack(
        w.labelled(f.Field(key="kind", label="Starts when"), kinds, "kind"),
        rx.cond(DrawerState.kind == "incoming_webhook", webhook_url()),
        rx.match(DrawerState.kind, *forms, rx.fragment()),
        rx.cond(DrawerState.kind != "", rx.fragment(rx.separator(), trigger_conditions())),
        rx.cond((DrawerState.kind != "") & (DrawerState.kind != "manual"), once),
        spacing="5",
        width="100%",
    )


def _step_body() -> rx.Component:
    forms = [
        (kind, render_form(form, "This step has no settings.")) for kind, form in STEP_FORMS.items()
    ]
    return rx.vstack(
        _name(), rx.match(DrawerState.kind, *forms, rx.fragment()), spacing="5", width="100%"
    )


def _notice(notice: Any) -> rx.Component:
    """An issue of the whole step (e.g. unreachable), not of one field."""
    tone = notice["tone"].to(str)
    return rx.hstack(
        rx.icon("triangle-alert", size=14, flex_shrink="0", margin_top="2px"),
        rx.text(notice["text"].to(str), size="1"),
        align="start",
        spacing="2",
        width="100%",
        padding="8px 10px",
        border_radius="var(--radius-3)",
        color=rx.cond(tone == "red", "var(--red-11)", "var(--amber-11)"),
        background=rx.cond(tone == "red", "var(--red-a3)", "var(--amber-a3)"),
        data_testid="drawer-general-issue",
    )


def _notices() -> rx.Component:
    return rx.vstack(rx.foreach(DrawerState.general, _notice), spacing="2", width="100%")


def _body() -> rx.Component:
    return rx.cond(
        DrawerState.target == BuilderState.selected_id,
        rx.vstack(
            rx.cond(DrawerState.general.length() > 0, _notices()),
            rx.cond(DrawerState.target == "trigger", _trigger_body(), _step_body()),
            spacing="4",
            width="100%",
            padding="16px",
            padding_bottom="48px",
        ),
        rx.center(rx.spinner(), padding="48px", width="100%"),
    )


def drawer() -> rx.Component:
    """The drawer of the selected trigger or step (nothing while none is selected)."""
    return rx.cond(
        BuilderState.selected_id != "",
        rx.el.aside(
            watch(BuilderState.selected_id, DrawerState.load),
            watch(BuilderState.edits, DrawerState.sync),
            _header(),
            rx.scroll_area(_body(), type="auto", scrollbars="vertical", flex="1", min_height="0"),
            timezone_list(),
            display="flex",
            flex_direction="column",
            width=WIDTH,
            min_width=WIDTH,
            height="100%",
            border_left=styles.BORDER,
            background="var(--color-panel-solid)",
            aria_label="Step configuration",
            data_testid="drawer",
        ),
    )
