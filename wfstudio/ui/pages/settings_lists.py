"""The Settings page's list tabs: a titled card with an add form and a table whose rows
can be renamed and removed (by Owners and Managers), and the shared Rename and Remove
dialogs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import reflex as rx

from wfstudio.ui import styles
from wfstudio.ui.components.feedback import confirm_buttons, error_callout
from wfstudio.ui.pages.settings_lists_state import ListsState, new_input_id
from wfstudio.ui.pages.settings_models import ItemRow
from wfstudio.ui.pages.settings_state import SettingsState

RowActions = Callable[[ItemRow], rx.Component]


def card(title: str, description: str, *children: rx.Component, testid: str) -> rx.Component:
    """A titled settings card."""
    return rx.card(
        rx.vstack(
            rx.vstack(
                rx.heading(title, size="4", as_="h2"),
                rx.text(description, size="2", color=styles.MUTED),
                spacing="1",
            ),
            *children,
            spacing="4",
            width="100%",
        ),
        size="3",
        width="100%",
        max_width="920px",
        data_testid=testid,
    )


def read_only_note(text: str, testid: str) -> rx.Component:
    return rx.callout.root(
        rx.callout.icon(rx.icon("lock", size=16)),
        rx.callout.text(text),
        color_scheme="gray",
        variant="surface",
        size="1",
        data_testid=testid,
    )


def icon_action(icon: str, label: str | rx.Var, on_click, testid: str, **props) -> rx.Component:
    return rx.tooltip(
        rx.icon_button(
            rx.icon(icon, size=14),
            on_click=on_click,
            variant="ghost",
            color_scheme=props.pop("color_scheme", "gray"),
            size="1",
            aria_label=label,
            data_testid=testid,
            **props,
        ),
        content=label,
    )


def add_form(kind: str, placeholder: str, *extra: rx.Component) -> rx.Component:
    """One line: the new item's name, ``extra`` inputs and Add."""
    return rx.vstack(
        rx.form(
            rx.hstack(
                rx.input(
                    name="label",
                    id=new_input_id(kind),
                    placeholder=placeholder,
                    aria_label=placeholder,
                    required=True,
                    width="320px",
                    data_testid=f"settings-{kind}-new",
                ),
                *extra,
                rx.button(
                    rx.icon("plus", size=16),
                    "Add",
                    type="submit",
                    data_testid=f"settings-{kind}-add",
                ),
                align="center",
                spacing="2",
            ),
            on_submit=lambda form: ListsState.add(kind, form),
        ),
        rx.cond(
            ListsState.add_kind == kind,
            error_callout(ListsState.add_error, f"settings-{kind}-add-error"),
        ),
        spacing="2",
        width="100%",
    )


def rename_remove(kind: str) -> RowActions:
    """The ✎ and 🗑 buttons of a row (none on a standard field)."""

    def actions(row: ItemRow) -> rx.Component:
        return rx.cond(
            row.standard,
            rx.badge("Standard", color_scheme="gray", variant="soft"),
            rx.hstack(
                icon_action(
                    "pencil",
                    "Rename " + row.label,
                    ListsState.ask_rename(kind, row.key, row.label),
                    f"settings-{kind}-rename",
                ),
                icon_action(
                    "trash-2",
                    "Remove " + row.label,
                    ListsState.ask_remove(kind, row.key, row.label),
                    f"settings-{kind}-remove",
                    color_scheme="red",
                ),
                spacing="3",
                justify="end",
            ),
        )

    return actions


def item_table(
    kind: str,
    rows: Any,
    *,
    name_header: str = "Name",
    detail_header: str = "",
    empty: str,
    actions: RowActions | None = None,
) -> rx.Component:
    """The list's rows; the actions column only for those who may change them."""
    row_actions = actions or rename_remove(kind)
    headers = [name_header, *([detail_header] if detail_header else [])]

    def one(row: ItemRow) -> rx.Component:
        return rx.table.row(
            rx.table.row_header_cell(rx.text(row.label, weight="medium")),
            *([rx.table.cell(rx.text(row.detail, color=styles.MUTED))] if detail_header else []),
            rx.cond(
                SettingsState.can_edit,
                rx.table.cell(row_actions(row), text_align="right"),
            ),
            align="center",
            data_testid=f"settings-{kind}-row",
        )

    return rx.cond(
        rows.length() > 0,
        rx.table.root(
            rx.table.header(
                rx.table.row(
                    *[rx.table.column_header_cell(h) for h in headers],
                    rx.cond(
                        SettingsState.can_edit,
                        rx.table.column_header_cell("Actions", text_align="right", width="140px"),
                    ),
                )
            ),
            rx.table.body(rx.foreach(rows, one)),
            variant="surface",
            width="100%",
        ),
        rx.center(
            rx.text(empty, size="2", color=styles.MUTED),
            padding_y="28px",
            width="100%",
            border="1px dashed var(--gray-a6)",
            border_radius="var(--radius-3)",
            data_testid=f"settings-{kind}-empty",
        ),
    )


def list_tab(
    kind: str,
    title: str,
    description: str,
    rows: Any,
    *,
    placeholder: str,
    empty: str,
    extra_inputs: tuple[rx.Component, ...] = (),
    name_header: str = "Name",
    detail_header: str = "",
    actions: RowActions | None = None,
) -> rx.Component:
    return card(
        title,
        description,
        rx.cond(SettingsState.can_edit, add_form(kind, placeholder, *extra_inputs)),
        item_table(
            kind,
            rows,
            name_header=name_header,
            detail_header=detail_header,
            empty=empty,
            actions=actions,
        ),
        testid=f"settings-{kind}-card",
    )


def _dialog_buttons(submit: rx.Component) -> rx.Component:
    return rx.hstack(
        rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray", type="button")),
        submit,
        justify="end",
        spacing="2",
        width="100%",
    )


def rename_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Rename " + ListsState.what),
            rx.form(
                rx.vstack(
                    rx.input(
                        name="label",
                        default_value=ListsState.label,
                        key=ListsState.key,
                        aria_label="New name",
                        data_testid="settings-rename-input",
                        width="100%",
                    ),
                    error_callout(ListsState.error, "settings-rename-error"),
                    _dialog_buttons(
                        rx.button("Rename", type="submit", data_testid="settings-rename-save")
                    ),
                    spacing="3",
                ),
                on_submit=ListsState.rename,
            ),
            max_width="440px",
        ),
        open=ListsState.rename_open,
        on_open_change=ListsState.set_rename_open,
    )


def remove_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title("Remove " + ListsState.what + " “" + ListsState.label + "”?"),
            rx.alert_dialog.description(
                ListsState.consequence,
                size="2",
                color=styles.MUTED,
            ),
            rx.vstack(
                rx.cond(
                    ListsState.used_by != "",
                    rx.callout.root(
                        rx.callout.icon(rx.icon("workflow", size=16)),
                        rx.callout.text("Used by: ", ListsState.used_by),
                        color_scheme="amber",
                        size="1",
                        width="100%",
                        data_testid="settings-remove-used-by",
                    ),
                ),
                error_callout(ListsState.error, "settings-remove-error"),
                confirm_buttons("Remove", ListsState.remove, "settings-remove-confirm"),
                spacing="3",
                padding_top="16px",
            ),
            max_width="460px",
        ),
        open=ListsState.remove_open,
        on_open_change=ListsState.set_remove_open,
    )
