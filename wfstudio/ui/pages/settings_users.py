"""The Users tab: everyone in the workspace; Owners change roles and restrictions, add
and remove users, everyone else reads."""

from __future__ import annotations

import reflex as rx

from wfstudio.services import access
from wfstudio.services.auth import MIN_PASSWORD_CHARS
from wfstudio.ui import styles
from wfstudio.ui.components.feedback import confirm_buttons, error_callout
from wfstudio.ui.pages.settings_lists import card, icon_action, read_only_note
from wfstudio.ui.pages.settings_models import UserRow
from wfstudio.ui.pages.settings_state import SettingsState
from wfstudio.ui.pages.settings_users_remove_state import RemoveUserState
from wfstudio.ui.pages.settings_users_state import UsersState

ROLE_COLORS = {access.OWNER: "indigo", access.MANAGER: "teal", access.AGENT: "gray"}
COLUMNS = ("Name", "Email", "Role", "Status", "Access")


def _role_badge(row: UserRow) -> rx.Component:
    return rx.match(
        row.role,
        *[
            (role, rx.badge(row.role_label, color_scheme=color, variant="soft"))
            for role, color in ROLE_COLORS.items()
        ],
        rx.badge(row.role_label, variant="soft"),
    )


def _online(row: UserRow) -> rx.Component:
    return rx.hstack(
        rx.box(
            width="8px",
            height="8px",
            border_radius="50%",
            background=rx.cond(row.online, "var(--green-9)", "var(--gray-7)"),
        ),
        rx.text(rx.cond(row.online, "Online", "Offline"), size="2", color=styles.MUTED),
        align="center",
        spacing="2",
    )


def _access(row: UserRow) -> rx.Component:
    return rx.cond(
        row.restricted,
        rx.tooltip(
            rx.badge(rx.icon("lock", size=12), "Restricted", color_scheme="orange", variant="soft"),
            content=row.restrictions_label,
        ),
        rx.text("Full", size="2", color=styles.MUTED),
    )


def _row(row: UserRow) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(rx.text(row.name, weight="medium")),
        rx.table.cell(rx.text(row.email, color=styles.MUTED)),
        rx.table.cell(_role_badge(row)),
        rx.table.cell(_online(row)),
        rx.table.cell(_access(row)),
        rx.cond(
            SettingsState.can_manage_users,
            rx.table.cell(
                rx.hstack(
                    icon_action(
                        "pencil", "Edit " + row.name, UsersState.edit(row), "settings-user-edit"
                    ),
                    rx.cond(
                        row.key != SettingsState.my_key,
                        icon_action(
                            "trash-2",
                            "Remove " + row.name,
                            RemoveUserState.ask_remove(row),
                            "settings-user-remove",
                            color_scheme="red",
                        ),
                        rx.box(width="16px"),  # keeps the Edit icons in one column
                    ),
                    justify="end",
                    spacing="3",
                ),
                text_align="right",
            ),
        ),
        align="center",
        data_testid="settings-user-row",
    )


def _role_select(**props) -> rx.Component:
    return rx.select.root(
        rx.select.trigger(aria_label="Role", data_testid="settings-user-role", width="100%"),
        rx.select.content(
            *[rx.select.item(label, value=role) for role, label in access.ROLE_LABELS.items()]
        ),
        **props,
    )


def _labelled(label: str, control: rx.Component) -> rx.Component:
    return rx.vstack(rx.text(label, size="2", weight="medium"), control, spacing="1", width="100%")


def _buttons(submit_label: str, testid: str) -> rx.Component:
    return rx.hstack(
        rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray", type="button")),
        rx.button(submit_label, type="submit", data_testid=testid),
        justify="end",
        spacing="2",
        width="100%",
    )


def _restrictions() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.switch(
                checked=UsersState.restricted,
                on_change=UsersState.set_restricted,
                data_testid="settings-user-restricted",
            ),
            rx.vstack(
                rx.text("Restricted access", size="2", weight="medium"),
                rx.text(
                    "A restricted user only has the permissions ticked below.",
                    size="1",
                    color=styles.MUTED,
                ),
                spacing="0",
            ),
            as_="label",
            align="center",
            spacing="3",
        ),
        *[
            rx.checkbox(
                label,
                checked=UsersState.given.contains(key),
                on_change=lambda on, key=key: UsersState.give(key, on),
                disabled=~UsersState.restricted,
                data_testid=f"settings-restriction-{key}",
                padding_left="44px",
            )
            for key, label in access.RESTRICTIONS.items()
        ],
        spacing="2",
        width="100%",
    )


def edit_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Edit " + UsersState.name),
            rx.form(
                rx.vstack(
                    _labelled(
                        "Role", _role_select(value=UsersState.role, on_change=UsersState.set_role)
                    ),
                    _restrictions(),
                    error_callout(UsersState.error, "settings-user-error"),
                    _buttons("Save", "settings-user-save"),
                    spacing="4",
                ),
                on_submit=lambda _: UsersState.save(),
            ),
            max_width="480px",
        ),
        open=UsersState.edit_open,
        on_open_change=UsersState.set_edit_open,
    )


def add_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Add user"),
            rx.form(
                rx.vstack(
                    _labelled(
                        "Name",
                        rx.input(name="name", required=True, data_testid="settings-new-user-name"),
                    ),
                    _labelled(
                        "Email",
                        rx.input(
                            name="email", required=True, data_testid="settings-new-user-email"
                        ),
                    ),
                    _labelled("Role", _role_select(name="role", default_value=access.AGENT)),
                    _labelled(
                        "Initial password",
                        rx.input(
                            name="password",
                            type="password",
                            required=True,
                            auto_complete="new-password",
                            data_testid="settings-new-user-password",
                        ),
                    ),
                    rx.text(
                        f"At least {MIN_PASSWORD_CHARS} characters. Give it to the new user: "
                        "they sign in with their email and this password.",
                        size="1",
                        color=styles.MUTED,
                    ),
                    error_callout(UsersState.error, "settings-new-user-error"),
                    _buttons("Add user", "settings-new-user-save"),
                    spacing="3",
                ),
                on_submit=UsersState.add,
            ),
            max_width="480px",
        ),
        open=UsersState.add_open,
        on_open_change=UsersState.set_add_open,
    )


def remove_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title("Remove " + RemoveUserState.name + "?"),
            rx.alert_dialog.description(
                "Their open conversations become unassigned and they are signed out.",
                size="2",
                color=styles.MUTED,
            ),
            rx.vstack(
                error_callout(RemoveUserState.error, "settings-user-remove-error"),
                confirm_buttons("Remove", RemoveUserState.remove, "settings-user-remove-confirm"),
                spacing="3",
                padding_top="16px",
            ),
            max_width="460px",
        ),
        open=RemoveUserState.remove_open,
        on_open_change=RemoveUserState.set_remove_open,
    )


def users_tab() -> rx.Component:
    return card(
        "Users",
        "The people of this workspace: Owners manage users and everything else, Managers "
        "the workflows and the settings below, Agents the conversations.",
        rx.cond(
            SettingsState.can_manage_users,
            rx.button(
                rx.icon("user-plus", size=16),
                "Add user",
                on_click=UsersState.show_add,
                data_testid="settings-add-user",
                align_self="start",
            ),
            read_only_note(
                "Only Owners can add, change or remove users.", "settings-users-read-only"
            ),
        ),
        rx.table.root(
            rx.table.header(
                rx.table.row(
                    *[rx.table.column_header_cell(c) for c in COLUMNS],
                    rx.cond(
                        SettingsState.can_manage_users,
                        rx.table.column_header_cell("", width="90px"),
                    ),
                )
            ),
            rx.table.body(rx.foreach(SettingsState.users, _row)),
            variant="surface",
            width="100%",
        ),
        edit_dialog(),
        add_dialog(),
        remove_dialog(),
        testid="settings-users-card",
    )
