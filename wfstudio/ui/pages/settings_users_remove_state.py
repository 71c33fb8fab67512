"""The Users tab's Remove user confirmation. Only Owners see it; the service refuses
everyone else and never removes the acting user."""

from __future__ import annotations

import reflex as rx

from wfstudio.services import workspace as svc
from wfstudio.services.errors import Refused
from wfstudio.ui import context
from wfstudio.ui.audience import Audience, may_send
from wfstudio.ui.components.feedback import done_toast
from wfstudio.ui.events import event
from wfstudio.ui.pages.settings_models import UserRow
from wfstudio.ui.pages.settings_state import SettingsState, acting


@may_send(Audience.OWNERS)
class RemoveUserState(rx.State):
    remove_open: rx.Field[bool] = rx.field(False)
    key: rx.Field[str] = rx.field("")
    name: rx.Field[str] = rx.field("")
    error: rx.Field[str] = rx.field("")

    @event
    def ask_remove(self, user: UserRow):
        row = UserRow(**user) if isinstance(user, dict) else user
        self.key, self.name, self.error = row.key, row.name, ""
        self.remove_open = True

    @event
    def set_remove_open(self, value: bool):
        self.remove_open = value

    @event
    async def remove(self):
        workspace_id, actor_id = await acting(self)
        try:
            svc.remove_user(
                context.engine(), workspace_id=workspace_id, key=self.key, actor_id=actor_id
            )
        except Refused as refusal:
            self.error = refusal.message
            return None
        self.remove_open = False
        return [done_toast(f"{self.name} removed."), SettingsState.load]
