"""Add, rename and remove on the Settings page's lists (tags, lifecycle stages, closing
categories, contact fields, teams, channels)."""

from __future__ import annotations

import reflex as rx

from wfstudio.services.errors import Refused
from wfstudio.ui.audience import Audience, may_send
from wfstudio.ui.components.feedback import done_toast
from wfstudio.ui.events import event
from wfstudio.ui.pages import settings_ops as ops
from wfstudio.ui.pages.settings_state import SettingsState, acting


def new_input_id(kind: str) -> str:
    """The id of a list's "new item" input (emptied once the item is added; a refused
    one stays for correcting)."""
    return f"settings-{kind}-new-input"


@may_send(Audience.MANAGERS)
class ListsState(rx.State):
    """The add forms' errors and the Rename and Remove dialogs (one of each)."""

    add_kind: rx.Field[str] = rx.field("")  # the list whose add form shows add_error
    add_error: rx.Field[str] = rx.field("")
    rename_open: rx.Field[bool] = rx.field(False)
    remove_open: rx.Field[bool] = rx.field(False)
    kind: rx.Field[str] = rx.field("")
    key: rx.Field[str] = rx.field("")
    label: rx.Field[str] = rx.field("")
    error: rx.Field[str] = rx.field("")
    used_by: rx.Field[str] = rx.field("")  # the workflows that use the item to remove

    @rx.var
    def what(self) -> str:
        return ops.WHAT.get(self.kind, "item")

    @rx.var
    def consequence(self) -> str:
        return ops.CONSEQUENCES.get(self.kind, "")

    @event
    async def add(self, kind: str, form: dict):
        self.add_kind = kind
        try:
            ops.add(kind, *await acting(self), form)
        except Refused as refusal:
            self.add_error = refusal.message
            return None
        self.add_error = ""
        label = str(form.get("label", "")).strip()
        return [
            rx.set_value(new_input_id(kind), ""),
            done_toast(f"{ops.WHAT[kind].capitalize()} “{label}” added."),
            SettingsState.load,
        ]

    @event
    def ask_rename(self, kind: str, key: str, label: str):
        self.kind, self.key, self.label, self.error = kind, key, label, ""
        self.rename_open = True

    @event
    def set_rename_open(self, value: bool):
        self.rename_open = value

    @event
    async def rename(self, form: dict):
        label = str(form.get("label", ""))
        try:
            ops.rename(self.kind, *await acting(self), self.key, label)
        except Refused as refusal:
            self.error = refusal.message
            return None
        self.rename_open = False
        return [done_toast(f"Renamed to “{label.strip()}”."), SettingsState.load]

    @event
    async def ask_remove(self, kind: str, key: str, label: str):
        self.kind, self.key, self.label, self.error = kind, key, label, ""
        workspace_id, _ = await acting(self)
        try:
            self.used_by = ops.used_by(kind, workspace_id, key)
        except Refused as refusal:
            self.used_by, self.error = "", refusal.message
        self.remove_open = True

    @event
    def set_remove_open(self, value: bool):
        self.remove_open = value

    @event
    async def remove(self):
        try:
            ops.remove(self.kind, *await acting(self), self.key)
        except Refused as refusal:
            self.error = refusal.message
            return None
        self.remove_open = False
        return [done_toast(f"“{self.label}” removed."), SettingsState.load]
