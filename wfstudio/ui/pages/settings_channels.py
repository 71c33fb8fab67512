"""The Channels tab: each channel with its kind; a custom channel's outbound URL; the
secret token of its inbound webhook (copy, regenerate) for Owners and Managers."""

from __future__ import annotations

import reflex as rx

from wfstudio.services import workspace as svc
from wfstudio.ui import styles
from wfstudio.ui.components.feedback import confirm_buttons, error_callout
from wfstudio.ui.pages.settings_channels_state import CUSTOM, ChannelsState
from wfstudio.ui.pages.settings_lists import card, icon_action, read_only_note
from wfstudio.ui.pages.settings_lists_state import ListsState
from wfstudio.ui.pages.settings_models import ChannelRow
from wfstudio.ui.pages.settings_state import SettingsState

MONO = {"font_family": "var(--code-font-family)", "font_size": "12px"}


def _token(row: ChannelRow) -> rx.Component:
    return rx.hstack(
        rx.text("Secret token", size="2", color=styles.MUTED),
        rx.code(
            row.secret_token, variant="ghost", style=MONO, data_testid="settings-channel-token"
        ),
        icon_action(
            "copy",
            "Copy the token of " + row.name,
            [rx.set_clipboard(row.secret_token), rx.toast.success("Token copied.", duration=2000)],
            "settings-channel-copy",
        ),
        icon_action(
            "refresh-cw",
            "Regenerate the token of " + row.name,
            ChannelsState.ask_renew(row),
            "settings-channel-renew",
        ),
        align="center",
        spacing="3",
    )


def _details(row: ChannelRow) -> rx.Component:
    return rx.vstack(
        rx.cond(
            row.custom,
            rx.text(
                "Outbound URL ",
                rx.text.span(
                    rx.cond(row.outbound_url != "", row.outbound_url, "not set"), style=MONO
                ),
                size="2",
                color=styles.MUTED,
            ),
        ),
        rx.cond(SettingsState.can_edit, _token(row)),
        spacing="1",
    )


def _row(row: ChannelRow) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(rx.text(row.name, weight="medium")),
        rx.table.cell(rx.badge(row.kind_label, variant="soft", color_scheme="gray")),
        rx.table.cell(_details(row)),
        rx.cond(
            SettingsState.can_edit,
            rx.table.cell(
                rx.hstack(
                    icon_action(
                        "pencil",
                        "Edit " + row.name,
                        ChannelsState.edit(row),
                        "settings-channel-edit",
                    ),
                    icon_action(
                        "trash-2",
                        "Remove " + row.name,
                        ListsState.ask_remove("channel", row.key, row.name),
                        "settings-channel-remove",
                        color_scheme="red",
                    ),
                    spacing="3",
                    justify="end",
                ),
                text_align="right",
            ),
        ),
        align="center",
        data_testid="settings-channel-row",
    )


def _url_input(**props) -> rx.Component:
    return rx.vstack(
        rx.text("Outbound URL", size="2", weight="medium"),
        rx.input(
            name="outbound_url",
            placeholder="https://example.com/wfstudio/outbound",
            data_testid="settings-channel-url",
            **props,
        ),
        rx.text(
            "wfstudio POSTs every outgoing message of this channel there.",
            size="1",
            color=styles.MUTED,
        ),
        spacing="1",
        width="100%",
    )


def _buttons(label: str, testid: str) -> rx.Component:
    return rx.hstack(
        rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray", type="button")),
        rx.button(label, type="submit", data_testid=testid),
        justify="end",
        spacing="2",
        width="100%",
    )


def add_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Add channel"),
            rx.form(
                rx.vstack(
                    rx.input(
                        name="name",
                        placeholder="Channel name",
                        required=True,
                        data_testid="settings-channel-name",
                        width="100%",
                    ),
                    rx.select.root(
                        rx.select.trigger(
                            aria_label="Kind", width="100%", data_testid="settings-channel-kind"
                        ),
                        rx.select.content(
                            *[
                                rx.select.item(label, value=kind)
                                for kind, label in svc.CHANNEL_KIND_LABELS.items()
                            ]
                        ),
                        value=ChannelsState.new_kind,
                        on_change=ChannelsState.set_new_kind,
                    ),
                    rx.cond(ChannelsState.new_kind == CUSTOM, _url_input()),
                    error_callout(ChannelsState.error, "settings-channel-error"),
                    _buttons("Add channel", "settings-channel-add-save"),
                    spacing="3",
                ),
                on_submit=ChannelsState.add,
            ),
            max_width="480px",
        ),
        open=ChannelsState.add_open,
        on_open_change=ChannelsState.set_add_open,
    )


def edit_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Edit channel"),
            rx.form(
                rx.vstack(
                    rx.input(
                        name="name",
                        default_value=ChannelsState.name,
                        key=ChannelsState.key + "-name",
                        width="100%",
                        aria_label="Channel name",
                    ),
                    rx.cond(
                        ChannelsState.custom,
                        _url_input(
                            default_value=ChannelsState.outbound_url, key=ChannelsState.key + "-url"
                        ),
                    ),
                    error_callout(ChannelsState.error, "settings-channel-edit-error"),
                    _buttons("Save", "settings-channel-save"),
                    spacing="3",
                ),
                on_submit=ChannelsState.save,
            ),
            max_width="480px",
        ),
        open=ChannelsState.edit_open,
        on_open_change=ChannelsState.set_edit_open,
    )


def renew_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title("Regenerate the token of " + ChannelsState.name + "?"),
            rx.alert_dialog.description(
                "The current token stops working at once: update the sender of this "
                "channel's inbound webhook with the new one.",
                size="2",
                color=styles.MUTED,
            ),
            error_callout(ChannelsState.error, "settings-channel-renew-error"),
            confirm_buttons(
                "Regenerate",
                ChannelsState.renew,
                "settings-channel-renew-confirm",
                padding_top="16px",
            ),
            max_width="460px",
        ),
        open=ChannelsState.renew_open,
        on_open_change=ChannelsState.set_renew_open,
    )


def channels_tab() -> rx.Component:
    return card(
        "Channels",
        "Where conversations happen. A custom channel reaches your system at its outbound "
        "URL, and your system writes back to its inbound webhook with the secret token.",
        rx.cond(
            SettingsState.can_edit,
            rx.button(
                rx.icon("plus", size=16),
                "Add channel",
                on_click=ChannelsState.show_add,
                data_testid="settings-add-channel",
                align_self="start",
            ),
            read_only_note(
                "Only Owners and Managers can change channels or see their tokens.",
                "settings-channels-read-only",
            ),
        ),
        rx.cond(
            SettingsState.channels.length() > 0,
            rx.table.root(
                rx.table.header(
                    rx.table.row(
                        rx.table.column_header_cell("Name"),
                        rx.table.column_header_cell("Kind"),
                        rx.table.column_header_cell("Connection"),
                        rx.cond(
                            SettingsState.can_edit,
                            rx.table.column_header_cell("Actions", text_align="right"),
                        ),
                    )
                ),
                rx.table.body(rx.foreach(SettingsState.channels, _row)),
                variant="surface",
                width="100%",
            ),
            rx.text("No channels yet.", size="2", color=styles.MUTED),
        ),
        add_dialog(),
        edit_dialog(),
        renew_dialog(),
        testid="settings-channels-card",
    )
