"""Text controls of the drawer, with the "$ Insert variable" menu for ``$variables``."""

from __future__ import annotations

from typing import Any

import reflex as rx

from wfstudio.ui import styles
from wfstudio.ui.components import drawer_fields as f
from wfstudio.ui.components.drawer_state import DrawerState
from wfstudio.ui.components.drawer_widgets import READ_ONLY, Scope, labelled


def variable_menu(path: Any, testid: Any, *, compact: bool = False) -> rx.Component:
    """The "$ Insert variable" menu: appends the chosen ``$variable`` to the text at ``path``."""
    trigger = (
        rx.icon_button(rx.text("$", weight="bold"), size="2", variant="soft", color_scheme="gray")
        if compact
        else rx.button("$ Insert variable", size="1", variant="ghost")
    )
    return rx.dropdown_menu.root(
        rx.dropdown_menu.trigger(
            rx.box(trigger, aria_label="Insert variable", data_testid=f"{testid}-variables"),
            disabled=READ_ONLY,
        ),
        rx.dropdown_menu.content(
            rx.foreach(
                DrawerState.variables,
                lambda var_group: rx.fragment(
                    rx.text(
                        var_group["label"].to(str),
                        size="1",
                        weight="medium",
                        color=styles.MUTED,
                        padding="6px 8px 2px",
                    ),
                    rx.foreach(
                        var_group["items"].to(list[str]),
                        lambda var_name: rx.dropdown_menu.item(
                            var_name,
                            on_click=DrawerState.insert_variable(path, var_name),
                            data_testid=f"drawer-variable-{var_name}",
                        ),
                    ),
                ),
            ),
            max_height="320px",
            overflow_y="auto",
            size="1",
        ),
    )


def text_control(field: f.Text, scope: Scope, *, compact: bool = False) -> rx.Component:
    path, value = scope.path(field.key), scope.value(field.key).to(str)
    common: dict[str, Any] = {
        "value": value,
        "on_change": lambda text: DrawerState.set_field(path, text),
        "placeholder": field.placeholder or (field.label if compact else ""),
        "disabled": READ_ONLY,
        "width": "100%",
        "aria_label": field.label,
        "data_testid": scope.tid(field.key),
    }
    if field.lines > 1:
        control = rx.text_area(rows=str(field.lines), resize="vertical", **common)
    else:
        attrs = {"list": f"drawer-{field.suggest}"} if field.suggest else {}
        control = rx.input(type=field.input_type, custom_attrs=attrs, **common)
    if compact and field.variables:
        return rx.hstack(
            control, variable_menu(path, scope.tid(field.key), compact=True), width="100%"
        )
    return control


def text_field(field: f.Text, scope: Scope) -> rx.Component:
    path = scope.path(field.key)
    control = text_control(field, scope)
    if field.max_chars is not None and field.lines > 1:
        count = rx.text(
            scope.value(field.key).to(str).length(),
            f" / {field.max_chars:,}",
            size="1",
            color=styles.MUTED,
            align="right",
            width="100%",
        )
        control = rx.vstack(control, count, spacing="1", width="100%")
    menu = variable_menu(path, scope.tid(field.key)) if field.variables else None
    return labelled(field, control, path, extra=menu)
