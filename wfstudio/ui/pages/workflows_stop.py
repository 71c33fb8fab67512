"""Stop from the listing's Actions menu, after a confirmation that says how many contacts
are ejected (:mod:`wfstudio.ui.components.stop_confirm`)."""

from __future__ import annotations

import reflex as rx

from wfstudio.services import lifecycle_checks, workflows
from wfstudio.services.errors import Refused
from wfstudio.ui import context
from wfstudio.ui.audience import Audience, may_send
from wfstudio.ui.components.feedback import done_toast, refused_toast
from wfstudio.ui.components.stop_confirm import stop_dialog
from wfstudio.ui.events import event
from wfstudio.ui.pages.workflows_listing import ListingState


@may_send(Audience.MANAGERS)
class StopState(rx.State):
    """The Stop confirmation of one listing row."""

    open: rx.Field[bool] = rx.field(False)
    name: rx.Field[str] = rx.field("")
    contacts: rx.Field[int] = rx.field(0)
    _target: int = 0

    @event
    async def ask(self, target: int, name: str):
        """Opens the confirmation, or refuses at once (not published any more)."""
        try:
            owned = await context.own_workflow(self, target)
            self.contacts = lifecycle_checks.contacts_in(context.engine(), workflow_id=owned)
        except Refused as refusal:
            return [refused_toast(refusal), ListingState.refresh]
        self._target, self.name, self.open = owned, name, True

    @event
    def set_open(self, value: bool):
        self.open = value

    @event
    async def confirm(self):
        self.open = False
        try:
            ejected = workflows.stop_workflow(
                context.engine(), workflow_id=await context.own_workflow(self, self._target)
            )
        except Refused as refusal:
            return [refused_toast(refusal), ListingState.refresh]
        left = f" ({ejected} contact{'s' * (ejected != 1)} ejected)" if ejected else ""
        return [done_toast(f"“{self.name}” is stopped{left}."), ListingState.refresh]


def dialog() -> rx.Component:
    return stop_dialog(
        open_=StopState.open,
        on_open_change=StopState.set_open,
        name=StopState.name,
        contacts=StopState.contacts,
        on_confirm=StopState.confirm,
    )
