"""The Settings page's state: what the workspace holds, and what the signed-in user may
change (the services check it again on every change)."""

from __future__ import annotations

import reflex as rx

from wfstudio.services import access
from wfstudio.services import workspace as svc
from wfstudio.services.errors import Refused
from wfstudio.ui import context
from wfstudio.ui.audience import Audience, may_send
from wfstudio.ui.auth import sender
from wfstudio.ui.events import event
from wfstudio.ui.pages.settings_models import (
    ChannelRow,
    ItemRow,
    UserRow,
    channel_row,
    field_rows,
    option_rows,
    team_rows,
    user_row,
)


async def acting(state: rx.State) -> tuple[int, int]:
    """(workspace id, user id) of the signed-in user of this tab (the page is guarded;
    user id 0, should the session be gone, is refused by every service)."""
    found = await sender(state)
    return (found.workspace_id, found.user_id) if found else (0, 0)


@may_send(Audience.SIGNED_IN)
class SettingsState(rx.State):
    """Every list of the Settings page, refreshed after each change."""

    tab: rx.Field[str] = rx.field("users")
    loaded: rx.Field[bool] = rx.field(False)
    problem: rx.Field[str] = rx.field("")
    can_manage_users: rx.Field[bool] = rx.field(False)
    can_edit: rx.Field[bool] = rx.field(False)
    my_key: rx.Field[str] = rx.field("")  # the signed-in user's key: no Remove on their row
    users: rx.Field[list[UserRow]] = rx.field(default_factory=list)
    teams: rx.Field[list[ItemRow]] = rx.field(default_factory=list)
    channels: rx.Field[list[ChannelRow]] = rx.field(default_factory=list)
    fields: rx.Field[list[ItemRow]] = rx.field(default_factory=list)
    tags: rx.Field[list[ItemRow]] = rx.field(default_factory=list)
    stages: rx.Field[list[ItemRow]] = rx.field(default_factory=list)
    categories: rx.Field[list[ItemRow]] = rx.field(default_factory=list)

    def _fill(self, workspace_id: int, actor_id: int) -> None:
        engine = context.engine()
        me = svc.actor_view(engine, workspace_id=workspace_id, actor_id=actor_id)
        choices = svc.workspace_choices(engine, workspace_id=workspace_id)
        channels = svc.list_channels(engine, workspace_id=workspace_id, actor_id=actor_id)
        self.can_manage_users = access.can_manage_users(me.role)
        self.can_edit = access.can_edit_workspace(me.role)
        self.my_key = me.key
        self.users = [user_row(user) for user in choices.users]
        self.teams = team_rows(choices.teams, choices.users)
        self.channels = [channel_row(channel) for channel in channels]
        self.fields = field_rows(choices.fields)
        self.tags = option_rows(choices.tags)
        self.stages = option_rows(choices.lifecycle_stages)
        self.categories = option_rows(choices.closing_categories)

    @event
    async def load(self):
        """on_load, and after every change."""
        try:
            self._fill(*await acting(self))
        except Refused as refusal:
            self.problem = refusal.message
        else:
            self.problem = ""
        self.loaded = True

    @event
    def set_tab(self, value: str):
        self.tab = value
