"""Assign (to a user, a team or nobody), close with a closing category and summary, and
reopen: the conversation header's actions and their dialogs."""

from __future__ import annotations

import reflex as rx
from reflex_base.event import EventSpec

from wfstudio.services import inbox_actions
from wfstudio.services.errors import Refused
from wfstudio.services.live import get_runtime
from wfstudio.ui import context
from wfstudio.ui.audience import Audience, may_send
from wfstudio.ui.components.feedback import done_toast, error_callout
from wfstudio.ui.events import event
from wfstudio.ui.pages.messages_models import Choice

NOBODY = "-"  # a select needs a non-empty value for "no one"


@may_send(Audience.SIGNED_IN)
class ActionsState(rx.State):
    """The assign and close dialogs, and the choices they offer."""

    user_choices: rx.Field[list[Choice]] = rx.field(default_factory=list)
    team_choices: rx.Field[list[Choice]] = rx.field(default_factory=list)
    category_choices: rx.Field[list[Choice]] = rx.field(default_factory=list)
    assign_open: rx.Field[bool] = rx.field(False)
    close_open: rx.Field[bool] = rx.field(False)
    assignee: rx.Field[str] = rx.field(NOBODY)
    team: rx.Field[str] = rx.field(NOBODY)
    category: rx.Field[str] = rx.field("")
    summary: rx.Field[str] = rx.field("")
    problem: rx.Field[str] = rx.field("")

    @event
    async def show_assign(self):
        from wfstudio.ui.pages.messages_contact import ContactState

        contact = await self.get_state(ContactState)
        self.assignee = contact.assignee_user or NOBODY
        self.team = contact.assignee_team or NOBODY
        self.problem, self.assign_open = "", True

    @event
    def show_close(self):
        self.category, self.summary, self.problem, self.close_open = "", "", "", True

    @event
    def set_assign_open(self, value: bool):
        self.assign_open = value

    @event
    def set_close_open(self, value: bool):
        self.close_open = value

    @event
    def set_field(self, name: str, value: str):
        if name in ("assignee", "team", "category", "summary"):
            setattr(self, name, value)

    async def _run(self, action: str) -> EventSpec | None:
        from wfstudio.ui.pages.messages_state import InboxState

        inbox = await self.get_state(InboxState)
        who = {"user_id": (await context.actor_id(self) or 0), "contact_id": inbox.selected}
        try:
            if action == "assign":
                await inbox_actions.assign(
                    get_runtime(),
                    **who,
                    assignee_key="" if self.assignee == NOBODY else self.assignee,
                    team_key="" if self.team == NOBODY else self.team,
                )
            elif action == "close":
                await inbox_actions.close(
                    get_runtime(), **who, category=self.category, summary=self.summary
                )
            else:
                await inbox_actions.reopen(get_runtime(), **who)
        except Refused as refusal:
            self.problem = refusal.message
            return rx.toast.error(refusal.message) if action == "reopen" else None
        self.assign_open = self.close_open = False
        await inbox.refresh()
        return done_toast(
            {"assign": "Assignment saved", "close": "Conversation closed"}.get(
                action, "Conversation reopened"
            )
        )

    @event
    async def assign(self):
        return await self._run("assign")

    @event
    async def close(self):
        return await self._run("close")

    @event
    async def reopen(self):
        return await self._run("reopen")


# --- components ----------------------------------------------------------------------------


def _select(
    testid: str, name: str, value: rx.Var, choices: rx.Var, nobody: str, label: str
) -> rx.Component:
    return rx.vstack(
        rx.text(label, size="2", weight="medium"),
        rx.select.root(
            rx.select.trigger(width="100%", data_testid=f"assign-{testid}"),
            rx.select.content(
                rx.select.item(nobody, value=NOBODY),
                rx.foreach(choices, lambda c: rx.select.item(c.label, value=c.key)),
            ),
            value=value,
            on_change=lambda v: ActionsState.set_field(name, v),
        ),
        spacing="1",
        width="100%",
    )


def assign_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Assign this contact"),
            rx.dialog.description(
                "Assigning by hand ends the workflows that exit on a manual assignment.",
                size="2",
            ),
            rx.vstack(
                _select(
                    "user",
                    "assignee",
                    ActionsState.assignee,
                    ActionsState.user_choices,
                    "No one",
                    "User",
                ),
                _select(
                    "team", "team", ActionsState.team, ActionsState.team_choices, "No team", "Team"
                ),
                error_callout(ActionsState.problem, "assign-error"),
                rx.hstack(
                    rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray")),
                    rx.button("Save", on_click=ActionsState.assign, data_testid="assign-save"),
                    justify="end",
                    width="100%",
                    spacing="2",
                ),
                spacing="3",
                padding_top="12px",
            ),
            max_width="420px",
        ),
        open=ActionsState.assign_open,
        on_open_change=ActionsState.set_assign_open,
    )


def close_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Close the conversation"),
            rx.vstack(
                rx.text("Closing category", size="2", weight="medium"),
                rx.select.root(
                    rx.select.trigger(
                        placeholder="Choose a category", width="100%", data_testid="close-category"
                    ),
                    rx.select.content(
                        rx.foreach(
                            ActionsState.category_choices,
                            lambda c: rx.select.item(c.label, value=c.key),
                        )
                    ),
                    value=ActionsState.category,
                    on_change=lambda v: ActionsState.set_field("category", v),
                ),
                rx.text("Summary", size="2", weight="medium"),
                rx.text_area(
                    value=ActionsState.summary,
                    on_change=lambda v: ActionsState.set_field("summary", v),
                    placeholder="What happened (optional)",
                    width="100%",
                    data_testid="close-summary",
                ),
                error_callout(ActionsState.problem, "close-error"),
                rx.hstack(
                    rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray")),
                    rx.button(
                        "Close conversation", on_click=ActionsState.close, data_testid="close-save"
                    ),
                    justify="end",
                    width="100%",
                    spacing="2",
                ),
                spacing="2",
                padding_top="8px",
            ),
            max_width="440px",
        ),
        open=ActionsState.close_open,
        on_open_change=ActionsState.set_close_open,
    )


def header_actions(is_open: rx.Var) -> rx.Component:
    """Assign, and Close or Reopen (the dialogs are in the page)."""
    return rx.hstack(
        rx.button(
            rx.icon("user-plus", size=16),
            "Assign",
            variant="soft",
            on_click=ActionsState.show_assign,
            data_testid="assign-open",
        ),
        rx.cond(
            is_open,
            rx.button(
                rx.icon("circle-check", size=16),
                "Close",
                variant="soft",
                color_scheme="green",
                on_click=ActionsState.show_close,
                data_testid="close-open",
            ),
            rx.button(
                rx.icon("rotate-ccw", size=16),
                "Reopen",
                variant="soft",
                on_click=ActionsState.reopen,
                data_testid="reopen",
            ),
        ),
        spacing="2",
        flex_shrink="0",
    )
