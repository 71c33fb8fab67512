"""Edit Name/Description (allowed in every status)."""

from __future__ import annotations

import reflex as rx

from wfstudio.domain.limits import MAX_NAME_CHARS
from wfstudio.services import workflows
from wfstudio.services.errors import Refused
from wfstudio.services.naming import MAX_DESCRIPTION_CHARS
from wfstudio.ui import context, styles
from wfstudio.ui.audience import Audience, may_send
from wfstudio.ui.components.feedback import done_toast, refused_toast
from wfstudio.ui.components.forms import name_description_form
from wfstudio.ui.events import event
from wfstudio.ui.pages.workflows_listing import ListingState


@may_send(Audience.MANAGERS)
class EditState(rx.State):
    """The Edit Name/Description dialog of one workflow."""

    open: rx.Field[bool] = rx.field(False)
    name: rx.Field[str] = rx.field("")
    description: rx.Field[str] = rx.field("")
    error: rx.Field[str] = rx.field("")
    _target: int = 0

    @event
    async def show(self, target: int, name: str, description: str):
        try:
            await context.own_workflow(self, target)
        except Refused as refusal:
            return refused_toast(refusal)
        self._target, self.name, self.description, self.error = target, name, description, ""
        self.open = True

    @event
    def set_open(self, value: bool):
        self.open = value

    @event
    def save(self, form: dict):
        try:
            view = workflows.rename_workflow(
                context.engine(),
                workflow_id=self._target,
                name=str(form.get("name", "")),
                description=str(form.get("description", "")),
            )
        except Refused as refusal:
            self.error = refusal.message
            return None
        self.open = False
        return [done_toast(f"Saved “{view.name}”."), ListingState.refresh]


def dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Edit Name/Description"),
            rx.dialog.description(
                f"Names have up to {MAX_NAME_CHARS} characters, descriptions up to "
                f"{MAX_DESCRIPTION_CHARS}.",
                size="2",
                color=styles.MUTED,
                margin_bottom="16px",
            ),
            name_description_form(
                "edit",
                error=EditState.error,
                submit_label="Save",
                on_submit=EditState.save,
                name_default=EditState.name,
                description_default=EditState.description,
            ),
            max_width="480px",
        ),
        open=EditState.open,
        on_open_change=EditState.set_open,
    )
