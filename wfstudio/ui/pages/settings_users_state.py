"""The Users tab's dialogs: Edit user (role, restricted, each restriction) and Add user
(Remove user has its own state in settings_users_remove_state.py).
Only Owners see them; the services refuse everyone else anyway."""

from __future__ import annotations

import reflex as rx

from wfstudio.services import access
from wfstudio.services import workspace as svc
from wfstudio.services.errors import Refused
from wfstudio.ui import context
from wfstudio.ui.audience import Audience, may_send
from wfstudio.ui.components.feedback import done_toast
from wfstudio.ui.events import event
from wfstudio.ui.pages.settings_models import UserRow
from wfstudio.ui.pages.settings_state import SettingsState, acting


@may_send(Audience.OWNERS)
class UsersState(rx.State):
    edit_open: rx.Field[bool] = rx.field(False)
    add_open: rx.Field[bool] = rx.field(False)
    key: rx.Field[str] = rx.field("")
    name: rx.Field[str] = rx.field("")
    role: rx.Field[str] = rx.field("agent")
    restricted: rx.Field[bool] = rx.field(False)
    given: rx.Field[list[str]] = rx.field(default_factory=list)  # keys of access.RESTRICTIONS
    error: rx.Field[str] = rx.field("")

    @event
    def edit(self, user: UserRow):
        row = UserRow(**user) if isinstance(user, dict) else user
        self.key, self.name, self.role = row.key, row.name, row.role
        self.restricted, self.given, self.error = row.restricted, list(row.restrictions), ""
        self.edit_open = True

    @event
    def set_edit_open(self, value: bool):
        self.edit_open = value

    @event
    def set_role(self, value: str):
        self.role = value

    @event
    def set_restricted(self, value: bool):
        self.restricted = value

    @event
    def give(self, key: str, on: bool):
        chosen = (set(self.given) - {key}) | ({key} if on else set())
        self.given = [k for k in access.RESTRICTIONS if k in chosen]

    @event
    async def save(self):
        workspace_id, actor_id = await acting(self)
        try:
            svc.update_user(
                context.engine(),
                workspace_id=workspace_id,
                key=self.key,
                role=self.role,
                restricted=self.restricted,
                restrictions={key: True for key in self.given},
                actor_id=actor_id,
            )
        except Refused as refusal:
            self.error = refusal.message
            return None
        self.edit_open = False
        return [done_toast(f"{self.name} updated."), SettingsState.load]

    @event
    def show_add(self):
        self.error, self.add_open = "", True

    @event
    def set_add_open(self, value: bool):
        self.add_open = value

    @event
    async def add(self, form: dict):
        workspace_id, actor_id = await acting(self)
        try:
            user = svc.add_user(
                context.engine(),
                workspace_id=workspace_id,
                name=str(form.get("name", "")),
                email=str(form.get("email", "")),
                role=str(form.get("role") or "agent"),
                password=str(form.get("password", "")),
                actor_id=actor_id,
            )
        except Refused as refusal:
            self.error = refusal.message
            return None
        self.add_open = False
        return [done_toast(f"{user.name} added."), SettingsState.load]
