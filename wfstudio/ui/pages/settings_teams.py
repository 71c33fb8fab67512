"""The Teams tab: teams with their members (Assign To can pick a team), and the Members
dialog."""

from __future__ import annotations

import reflex as rx

from wfstudio.services import workspace as svc
from wfstudio.services.errors import Refused
from wfstudio.ui import context, styles
from wfstudio.ui.audience import Audience, may_send
from wfstudio.ui.components.feedback import done_toast, error_callout
from wfstudio.ui.events import event
from wfstudio.ui.pages.settings_lists import icon_action, list_tab, rename_remove
from wfstudio.ui.pages.settings_models import ItemRow, UserRow
from wfstudio.ui.pages.settings_state import SettingsState, acting


@may_send(Audience.MANAGERS)
class TeamsState(rx.State):
    """The Members dialog of one team."""

    open: rx.Field[bool] = rx.field(False)
    key: rx.Field[str] = rx.field("")
    name: rx.Field[str] = rx.field("")
    members: rx.Field[list[str]] = rx.field(default_factory=list)  # user keys
    error: rx.Field[str] = rx.field("")

    @event
    def show(self, key: str, name: str, members: list[str]):
        self.key, self.name, self.members, self.error = key, name, list(members), ""
        self.open = True

    @event
    def set_open(self, value: bool):
        self.open = value

    @event
    def toggle(self, user_key: str, on: bool):
        others = [key for key in self.members if key != user_key]
        self.members = [*others, user_key] if on else others

    @event
    async def save(self):
        workspace_id, actor_id = await acting(self)
        try:
            svc.update_team(
                context.engine(),
                workspace_id=workspace_id,
                key=self.key,
                members=self.members,
                actor_id=actor_id,
            )
        except Refused as refusal:
            self.error = refusal.message
            return None
        self.open = False
        return [done_toast(f"Members of {self.name} saved."), SettingsState.load]


def _actions(row: ItemRow) -> rx.Component:
    return rx.hstack(
        icon_action(
            "users",
            "Members of " + row.label,
            TeamsState.show(row.key, row.label, row.members),
            "settings-team-members",
        ),
        rename_remove("team")(row),
        spacing="3",
        justify="end",
    )


def _member(user: UserRow) -> rx.Component:
    return rx.checkbox(
        rx.text(user.name, " ", rx.text.span(user.email, color=styles.MUTED)),
        checked=TeamsState.members.contains(user.key),
        on_change=lambda on: TeamsState.toggle(user.key, on),
    )


def members_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Members of " + TeamsState.name),
            rx.vstack(
                rx.foreach(SettingsState.users, _member),
                error_callout(TeamsState.error, "settings-team-error"),
                rx.hstack(
                    rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray")),
                    rx.button("Save", on_click=TeamsState.save, data_testid="settings-team-save"),
                    justify="end",
                    spacing="2",
                    width="100%",
                ),
                spacing="3",
            ),
            max_width="480px",
        ),
        open=TeamsState.open,
        on_open_change=TeamsState.set_open,
    )


def teams_tab() -> rx.Component:
    return rx.fragment(
        list_tab(
            "team",
            "Teams",
            "Groups of users that Assign To can give a conversation to.",
            SettingsState.teams,
            placeholder="New team name",
            empty="No teams yet.",
            detail_header="Members",
            actions=_actions,
        ),
        members_dialog(),
    )
