"""Editing the workflow's name and description in place, in the builder's top bar
(allowed in every status: it does not change what runs)."""

from __future__ import annotations

import reflex as rx

from wfstudio.services import workflows
from wfstudio.services.errors import Refused
from wfstudio.ui import context
from wfstudio.ui.audience import Audience, may_send
from wfstudio.ui.events import event
from wfstudio.ui.pages.builder_state import BuilderState


@may_send(Audience.MANAGERS)
class RenameState(rx.State):
    """Whether the name and description are being edited, and why a rename was refused."""

    editing: rx.Field[bool] = rx.field(False)
    error: rx.Field[str] = rx.field("")

    @event
    def start(self):
        self.editing, self.error = True, ""

    @event
    def cancel(self):
        self.editing, self.error = False, ""

    @event
    async def save(self, form: dict):
        builder = await self.get_state(BuilderState)
        try:
            view = workflows.rename_workflow(
                context.engine(),
                workflow_id=builder.wf_id,
                name=str(form.get("name", "")),
                description=str(form.get("description", "")),
            )
        except Refused as refusal:
            self.error = refusal.message
            return
        builder.name, builder.description = view.name, view.description
        self.editing, self.error = False, ""
