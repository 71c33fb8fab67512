"""List controls of the drawer: rows of small models, texts, badges, checkboxes, lines."""

from __future__ import annotations

from typing import Any

import reflex as rx

from wfstudio.ui import styles
from wfstudio.ui.components import drawer_fields as f
from wfstudio.ui.components import drawer_text as t
from wfstudio.ui.components import drawer_widgets as w
from wfstudio.ui.components.drawer_state import DrawerState


def add_button(label: str, path: Any, testid: str, count: Any, limit: int | None) -> rx.Component:
    full = (count >= limit) if limit is not None else False
    return rx.button(
        rx.icon("plus", size=14),
        label,
        on_click=DrawerState.add_row(path),
        disabled=w.READ_ONLY | full,
        size="1",
        variant="soft",
        data_testid=testid,
    )


def remove_button(path: Any, index: Any, testid: Any, what: str) -> rx.Component:
    return rx.icon_button(
        rx.icon("x", size=14),
        on_click=DrawerState.remove_row(path, index),
        disabled=w.READ_ONLY,
        size="1",
        variant="ghost",
        color_scheme="gray",
        aria_label=f"Remove {what.lower()}",
        data_testid=f"{testid}-remove",
    )


def move_buttons(path: Any, index: Any, count: Any, testid: Any, what: str) -> rx.Component:
    """Up and down arrows that move row ``index`` of ``count`` one place."""

    def arrow(icon: str, delta: int, label: str, suffix: str, at_end: Any) -> rx.Component:
        return rx.icon_button(
            rx.icon(icon, size=14),
            on_click=DrawerState.move_row(path, index, delta),
            disabled=w.READ_ONLY | at_end,
            size="1",
            variant="ghost",
            color_scheme="gray",
            aria_label=f"Move {what.lower()} {label}",
            title=f"Move {label}",
            data_testid=f"{testid}-{suffix}",
        )

    return rx.hstack(
        arrow("arrow-up", -1, "up", "up", index == 0),
        arrow("arrow-down", 1, "down", "down", index >= count - 1),
        spacing="1",
        align="center",
    )


def _limit_note(field: f.Field, count: Any, limit: int | None) -> rx.Component:
    if limit is None:
        return rx.fragment()
    return rx.text(count, f" / {limit}", size="1", color=styles.MUTED)


def strings_field(field: f.Strings, scope: w.Scope) -> rx.Component:
    path, items = scope.path(field.key), scope.value(field.key).to(list[str])
    tid = scope.tid(field.key)

    def row(text: Any, text_index: Any) -> rx.Component:
        return rx.vstack(
            rx.hstack(
                rx.input(
                    type=field.input_type,
                    value=text,
                    on_change=lambda typed: DrawerState.set_field(f"{path}.{text_index}", typed),
                    placeholder=field.placeholder,
                    disabled=w.READ_ONLY,
                    width="100%",
                    aria_label=field.label,
                    data_testid=f"{tid}-{text_index}",
                ),
                move_buttons(path, text_index, items.length(), f"{tid}-{text_index}", field.label),
                remove_button(path, text_index, f"{tid}-{text_index}", field.label),
                align="center",
                width="100%",
            ),
            w.issue_line(f"{path}.{text_index}"),
            spacing="1",
            width="100%",
        )

    control = rx.vstack(
        rx.foreach(items, row),
        add_button(
            field.add_label, path, f"drawer-{field.key}-add", items.length(), field.max_items
        ),
        spacing="2",
        width="100%",
    )
    return w.labelled(
        field, control, path, extra=_limit_note(field, items.length(), field.max_items)
    )


def pick_many_field(field: f.PickMany, scope: w.Scope) -> rx.Component:
    path, chosen = scope.path(field.key), scope.value(field.key).to(list[str])
    tid = scope.tid(field.key)
    badges = rx.foreach(
        chosen,
        lambda chosen_key: rx.badge(
            w.label_of(field.source, chosen_key),
            rx.icon(
                "x",
                size=12,
                cursor="pointer",
                on_click=DrawerState.toggle_item(path, chosen_key),
                aria_label="Remove",
                data_testid=f"{tid}-remove-{chosen_key}",
            ),
            size="2",
            variant="soft",
            data_testid=f"{tid}-chosen-{chosen_key}",
        ),
    )
    options = rx.foreach(
        w.LISTS[field.source].to(list[dict[str, str]]),
        lambda option: rx.cond(
            chosen.contains(option["key"]),
            rx.fragment(),
            rx.select.item(option["label"], value=option["key"]),
        ),
    )
    adder = rx.select.root(
        rx.select.trigger(placeholder=field.placeholder, width="100%", data_testid=tid),
        rx.select.content(options),
        value="",
        on_change=lambda key: DrawerState.toggle_item(path, key),
        disabled=w.READ_ONLY,
    )
    control = rx.vstack(rx.flex(badges, wrap="wrap", gap="6px"), adder, spacing="2", width="100%")
    return w.labelled(field, control, path)


def checks_field(field: f.Checks, scope: w.Scope) -> rx.Component:
    path, chosen = scope.path(field.key), scope.value(field.key).to(list[str])
    boxes = [
        rx.checkbox(
            label,
            checked=chosen.contains(value),
            on_change=lambda _on, value=value: DrawerState.toggle_item(path, value),
            disabled=w.READ_ONLY,
            data_testid=f"{scope.tid(field.key)}-{value}",
        )
        for value, label in field.options
    ]
    return w.labelled(field, rx.flex(*boxes, wrap="wrap", gap="16px"), path)


def lines_field(field: f.Lines, scope: w.Scope) -> rx.Component:
    """One text a line, saved when the area loses focus (so typing is never cut)."""
    path, text = scope.path(field.key), scope.value(field.key).to(list[str]).join("\n")
    control = rx.text_area(
        default_value=text,
        key=text,
        on_blur=lambda typed: DrawerState.set_field(path, typed),
        placeholder=field.placeholder,
        rows="3",
        disabled=w.READ_ONLY,
        width="100%",
        aria_label=field.label,
        data_testid=scope.tid(field.key),
    )
    return w.labelled(field, control, path)


def _compact(field: f.Rows) -> bool:
    simple = (f.Text, f.Pick, f.Choice)
    return len(field.columns) <= 2 and all(
        isinstance(c, simple) and getattr(c, "lines", 1) == 1 for c in field.columns
    )


def _column(column: f.Field, scope: w.Scope, *, compact: bool) -> rx.Component:
    if isinstance(column, f.Text):
        control = (
            t.text_control(column, scope, compact=True) if compact else t.text_field(column, scope)
        )
    elif isinstance(column, f.Pick):
        control = w.pick_control(column, scope)
    elif isinstance(column, f.Choice):
        control = w.choice_control(column, scope)
    elif isinstance(column, f.Toggle):
        control = w.toggle_field(column, scope)
    elif isinstance(column, f.Lines):
        control = lines_field(column, scope)
    else:
        raise TypeError(f"no row column renderer for {type(column).__name__}")
    if not compact and isinstance(column, f.Pick | f.Choice):
        control = w.labelled(column, control, scope.path(column.key))
    if compact:  # side by side: fixed widths where given, the rest share the line
        size = {"width": column.width, "flex": "none"} if column.width else {"flex": "1"}
        control = rx.box(control, min_width="0", **size)
    return w.visible(column, scope, control)


def rows_field(field: f.Rows, scope: w.Scope) -> rx.Component:
    path = scope.path(field.key)
    items = scope.value(field.key).to(list[dict[str, Any]])
    compact = _compact(field)

    def row(row_item: Any, row_index: Any) -> rx.Component:
        inner = scope.row(row_item, row_index, field.key)
        remove = rx.hstack(
            move_buttons(path, row_index, items.length(), inner.testid, field.item_label),
            remove_button(path, row_index, inner.testid, field.item_label),
            spacing="1",
            align="center",
        )
        columns = [_column(column, inner, compact=compact) for column in field.columns]
        issues = [w.issue_line(inner.prefix)]
        if compact:
            issues += [w.issue_line(inner.path(column.key)) for column in field.columns]
            return rx.vstack(
                rx.hstack(*columns, remove, align="center", width="100%"),
                *issues,
                spacing="1",
                width="100%",
            )
        return rx.vstack(
            rx.hstack(
                rx.text(f"{field.item_label} ", row_index + 1, size="1", weight="medium"),
                rx.spacer(),
                remove,
                align="center",
                width="100%",
            ),
            *columns,
            *issues,
            spacing="2",
            width="100%",
            padding="10px",
            border=styles.BORDER,
            border_radius="var(--radius-3)",
        )

    control = rx.vstack(
        rx.foreach(items, row),
        add_button(
            field.add_label, path, f"drawer-{field.key}-add", items.length(), field.max_items
        ),
        spacing="2",
        width="100%",
    )
    return w.labelled(
        field, control, path, extra=_limit_note(field, items.length(), field.max_items)
    )
