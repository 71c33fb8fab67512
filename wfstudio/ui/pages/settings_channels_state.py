"""The Channels tab's dialogs: Add channel, Edit channel (name; a custom channel's
outbound URL) and Regenerate token."""

from __future__ import annotations

import reflex as rx

from wfstudio.services import workspace as svc
from wfstudio.services.errors import Refused
from wfstudio.ui import context
from wfstudio.ui.audience import Audience, may_send
from wfstudio.ui.components.feedback import done_toast
from wfstudio.ui.events import event
from wfstudio.ui.pages.settings_models import ChannelRow
from wfstudio.ui.pages.settings_state import SettingsState, acting

CUSTOM = "custom_channel"


def _config(kind: str, form: dict) -> dict[str, str] | None:
    return {"outbound_url": str(form.get("outbound_url", "")).strip()} if kind == CUSTOM else None


@may_send(Audience.MANAGERS)
class ChannelsState(rx.State):
    add_open: rx.Field[bool] = rx.field(False)
    edit_open: rx.Field[bool] = rx.field(False)
    renew_open: rx.Field[bool] = rx.field(False)
    new_kind: rx.Field[str] = rx.field(CUSTOM)
    key: rx.Field[str] = rx.field("")
    name: rx.Field[str] = rx.field("")
    custom: rx.Field[bool] = rx.field(False)
    outbound_url: rx.Field[str] = rx.field("")
    error: rx.Field[str] = rx.field("")

    @event
    def show_add(self):
        self.new_kind, self.error, self.add_open = CUSTOM, "", True

    @event
    def set_add_open(self, value: bool):
        self.add_open = value

    @event
    def set_new_kind(self, value: str):
        self.new_kind = value

    @event
    async def add(self, form: dict):
        workspace_id, actor_id = await acting(self)
        try:
            view = svc.add_channel(
                context.engine(),
                workspace_id=workspace_id,
                kind=self.new_kind,
                name=str(form.get("name", "")),
                config=_config(self.new_kind, form),
                actor_id=actor_id,
            )
        except Refused as refusal:
            self.error = refusal.message
            return None
        self.add_open = False
        return [done_toast(f"Channel “{view.name}” added."), SettingsState.load]

    def _pick(self, row: ChannelRow | dict) -> None:
        channel = ChannelRow(**row) if isinstance(row, dict) else row
        self.key, self.name, self.custom = channel.key, channel.name, channel.custom
        self.outbound_url, self.error = channel.outbound_url, ""

    @event
    def edit(self, row: ChannelRow):
        self._pick(row)
        self.edit_open = True

    @event
    def set_edit_open(self, value: bool):
        self.edit_open = value

    @event
    async def save(self, form: dict):
        workspace_id, actor_id = await acting(self)
        try:
            svc.update_channel(
                context.engine(),
                workspace_id=workspace_id,
                key=self.key,
                name=str(form.get("name", "")),
                outbound_url=str(form.get("outbound_url", "")) if self.custom else None,
                actor_id=actor_id,
            )
        except Refused as refusal:
            self.error = refusal.message
            return None
        self.edit_open = False
        return [done_toast("Channel saved."), SettingsState.load]

    @event
    def ask_renew(self, row: ChannelRow):
        self._pick(row)
        self.renew_open = True

    @event
    def set_renew_open(self, value: bool):
        self.renew_open = value

    @event
    async def renew(self):
        workspace_id, actor_id = await acting(self)
        try:
            svc.update_channel(
                context.engine(),
                workspace_id=workspace_id,
                key=self.key,
                renew_token=True,
                actor_id=actor_id,
            )
        except Refused as refusal:
            self.error = refusal.message
            return None
        self.renew_open = False
        return [done_toast(f"{self.name} has a new secret token."), SettingsState.load]
