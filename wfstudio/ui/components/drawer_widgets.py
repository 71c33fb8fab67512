"""Controls of the drawer forms: one renderer per simple descriptor of ``drawer_fields``.

Every control reads the copy in :class:`DrawerState` at its path and sends edits back by
path; under it, the validation issue for that path (if any) in red. Lists (rows,
badges, texts) are in ``drawer_lists``; conditions, hours and dates in their modules.
"""

from __future__ import annotations

import functools
import operator
from dataclasses import dataclass
from typing import Any

import reflex as rx

from wfstudio.ui import styles
from wfstudio.ui.components import drawer_fields as f
from wfstudio.ui.components.drawer_edits import NONE
from wfstudio.ui.components.drawer_state import DrawerState
from wfstudio.ui.pages.builder_state import BuilderState

READ_ONLY = BuilderState.read_only
# The copy and the menus' lists, typed Any: mypy reads dict state vars as arrays.
DOC: Any = DrawerState.doc
LISTS: Any = DrawerState.lists
LABELS: Any = DrawerState.labels
DURATIONS: Any = DrawerState.durations
UNITS = (("seconds", "seconds"), ("minutes", "minutes"), ("hours", "hours"), ("days", "days"))


@dataclass(frozen=True)
class Scope:
    """Where controls read and write: a dict of the copy (``data``) at path ``prefix``.

    ``testid`` prefixes the controls' test ids (``drawer-field`` at the top,
    ``drawer-field-options-2`` in the third option row).
    """

    data: Any  # an rx.Var of a dict
    prefix: str | Any
    testid: str | Any
    config: Any = None  # the step's config, for ``When`` conditions outside a row

    def value(self, key: str) -> Any:
        return self.data.to(dict)[key]

    def path(self, key: str) -> Any:
        if isinstance(self.prefix, str) and not self.prefix:
            return key
        return f"{self.prefix}.{key}"

    def tid(self, key: str) -> Any:
        return f"{self.testid}-{key}"

    def row(self, item: Any, index: Any, key: str) -> Scope:
        """The scope of row ``index`` (``item``) of the list ``key``."""
        return Scope(
            item,
            f"{self.prefix}.{key}.{index}",
            f"{self.testid}-{key}-{index}",
            self.config if self.config is not None else self.data,
        )


def config_scope() -> Scope:
    config = DOC["config"]
    return Scope(config, "config", "drawer-field", config)


def issue_line(path: Any, testid: Any = None) -> rx.Component:
    """The validation issue about ``path``, in red (nothing when there is none)."""
    return rx.cond(
        DrawerState.issues.contains(path),
        rx.text(
            DrawerState.issues[path],
            size="1",
            color="var(--red-11)",
            data_testid=testid if testid is not None else f"drawer-issue-{path}",
        ),
    )


def visible(field: f.Field, scope: Scope, component: rx.Component) -> rx.Component:
    """``component``, shown only while ``field.when`` holds."""
    when = field.when
    if when is None:
        return component
    source = scope.data if when.row or scope.config is None else scope.config
    value = source.to(dict)[when.key]
    tests = [value.to(bool) if v is True else value == v for v in when.values]
    return rx.cond(functools.reduce(operator.or_, tests), component)


def labelled(
    field: f.Field, control: rx.Component, path: Any, *, extra: rx.Component | None = None
) -> rx.Component:
    """A control with its label (and ``extra`` at the label's right), help and issue."""
    return rx.vstack(
        rx.hstack(
            rx.text(field.label, size="2", weight="medium"),
            rx.spacer(),
            extra if extra is not None else rx.fragment(),
            align="center",
            width="100%",
        ),
        control,
        rx.text(field.help, size="1", color=styles.MUTED) if field.help else rx.fragment(),
        issue_line(path),
        spacing="1",
        width="100%",
    )


def number_control(field: f.Number, scope: Scope) -> rx.Component:
    value = scope.value(field.key)
    path = scope.path(field.key)
    return rx.input(
        type="number",
        value=rx.cond(value.is_none(), "", value.to(str)),
        on_change=lambda text: DrawerState.set_field(path, text),
        min=field.low,
        max=field.high,
        step=field.step,
        placeholder=field.placeholder,
        disabled=READ_ONLY,
        width="160px",
        aria_label=field.label,
        data_testid=scope.tid(field.key),
    )


def select_control(
    field: f.Field,
    scope: Scope,
    items: list[rx.Component] | rx.Component,
    *,
    none_label: str = "",
    placeholder: str = "Choose…",
) -> rx.Component:
    path, value = scope.path(field.key), scope.value(field.key).to(str)
    none = [rx.select.item(none_label, value=NONE)] if none_label else []
    return rx.select.root(
        rx.select.trigger(
            placeholder=placeholder,
            width="100%",
            aria_label=field.label,
            data_testid=scope.tid(field.key),
        ),
        rx.select.content(*none, *(items if isinstance(items, list) else [items])),
        value=rx.cond(value == "", NONE if none_label else "", value),
        on_change=lambda chosen: DrawerState.set_field(path, chosen),
        disabled=READ_ONLY,
    )


def choice_control(field: f.Choice, scope: Scope) -> rx.Component:
    items = [
        rx.select.item(
            rx.hstack(rx.icon(value, size=14), label, align="center") if field.icons else label,
            value=value,
        )
        for value, label in field.options
    ]
    return select_control(field, scope, items)


def source_items(source: str) -> rx.Component:
    """The select items of a workspace list (``Pick.source``)."""
    return rx.foreach(
        LISTS[source].to(list[dict[str, str]]),
        lambda option: rx.select.item(option["label"], value=option["key"]),
    )


def label_of(source: str, key: Any) -> Any:
    """The label of ``key`` in the workspace list ``source`` (the key when unknown)."""
    label_key = f"{source}:{key}"
    return rx.cond(LABELS.contains(label_key), LABELS[label_key], key)


def fitting_field_items(field: f.Pick, scope: Scope) -> rx.Component:
    """The contact fields whose type fits ``field.fits`` for the config's ``field.fit_by``
    value (e.g. the question type), and the one chosen already (so its error shows)."""
    fits = rx.Var.create({key: list(types) for key, types in field.fits}).to(dict[str, Any])
    config = scope.config if scope.config is not None else scope.data
    fitting = fits[config.to(dict)[field.fit_by].to(str)].to(list[str])
    chosen = scope.value(field.key).to(str)
    types = DrawerState.field_types.to(dict[str, str])
    return rx.foreach(
        LISTS[field.source].to(list[dict[str, str]]),
        lambda option: rx.cond(
            fitting.contains(types[option["key"]]) | (option["key"] == chosen),
            rx.select.item(option["label"], value=option["key"]),
        ),
    )


def pick_control(field: f.Pick, scope: Scope) -> rx.Component:
    items = fitting_field_items(field, scope) if field.fit_by else source_items(field.source)
    return select_control(
        field,
        scope,
        items,
        none_label=field.none_label,
        placeholder=field.placeholder,
    )


def toggle_field(field: f.Toggle, scope: Scope) -> rx.Component:
    path = scope.path(field.key)
    return rx.vstack(
        rx.hstack(
            rx.switch(
                checked=scope.value(field.key).to(bool),
                on_change=lambda on: DrawerState.set_field(path, on),
                disabled=READ_ONLY,
                aria_label=field.label,
                data_testid=scope.tid(field.key),
            ),
            rx.text(field.label, size="2"),
            align="center",
            spacing="2",
        ),
        rx.text(field.help, size="1", color=styles.MUTED, padding_left="42px")
        if field.help
        else rx.fragment(),
        issue_line(path),
        spacing="1",
        width="100%",
    )


def duration_field(field: f.Duration, scope: Scope) -> rx.Component:
    path = scope.path(field.key)
    shown = DURATIONS[path].to(dict[str, str])
    amount, unit = shown["amount"].to(str), shown["unit"].to(str)
    control = rx.hstack(
        rx.input(
            type="number",
            min=1,
            value=amount,
            on_change=lambda text: DrawerState.set_duration(path, text, unit),
            disabled=READ_ONLY,
            width="120px",
            aria_label=field.label,
            data_testid=scope.tid(field.key),
        ),
        rx.select.root(
            rx.select.trigger(
                aria_label=f"{field.label} unit", data_testid=f"{scope.tid(field.key)}-unit"
            ),
            rx.select.content(*[rx.select.item(label, value=value) for value, label in UNITS]),
            value=unit,
            on_change=lambda chosen: DrawerState.set_duration(path, amount, chosen),
            disabled=READ_ONLY,
        ),
        spacing="2",
    )
    return labelled(field, control, path)
