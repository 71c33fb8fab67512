"""The row Actions that need no form: publish, clone, export and delete (Stop asks first:
:mod:`.workflows_stop`).

Delete on a Published workflow is refused at once, before its confirmation."""

from __future__ import annotations

import reflex as rx

from wfstudio.services import lifecycle_checks, transfer, workflows
from wfstudio.services.errors import Refused
from wfstudio.ui import context, styles
from wfstudio.ui.audience import Audience, may_send
from wfstudio.ui.components.feedback import (
    confirm_buttons,
    done_toast,
    error_callout,
    refused_toast,
)
from wfstudio.ui.events import event
from wfstudio.ui.pages.workflows_listing import ListingState


@may_send(Audience.MANAGERS)
class ActionsState(rx.State):
    """One-click actions of the Actions menu, and the delete confirmation."""

    delete_open: rx.Field[bool] = rx.field(False)
    delete_name: rx.Field[str] = rx.field("")
    delete_error: rx.Field[str] = rx.field("")
    _delete_id: int = 0

    @event
    async def publish(self, target: int):
        try:
            view = workflows.publish_workflow(
                context.engine(),
                workflow_id=await context.own_workflow(self, target),
                actor_id=await context.actor_id(self),
            )
        except Refused as refusal:
            return [refused_toast(refusal), ListingState.refresh]
        return [done_toast(f"“{view.name}” is published."), ListingState.refresh]

    @event
    async def clone(self, target: int):
        try:
            view = workflows.clone_workflow(
                context.engine(),
                workflow_id=await context.own_workflow(self, target),
                actor_id=await context.actor_id(self),
            )
        except Refused as refusal:
            return refused_toast(refusal)
        return [done_toast(f"Created “{view.name}” as a Draft."), ListingState.refresh]

    @event
    async def export(self, target: int):
        try:
            file_name, text = transfer.export_workflow(
                context.engine(), workflow_id=await context.own_workflow(self, target)
            )
        except Refused as refusal:
            return refused_toast(refusal)
        return rx.download(data=text, filename=file_name, mime_type="application/json")

    @event
    async def ask_delete(self, target: int, name: str):
        try:
            owned = await context.own_workflow(self, target)
            lifecycle_checks.require_deletable(context.engine(), workflow_id=owned)
        except Refused as refusal:
            return [refused_toast(refusal), ListingState.refresh]
        self._delete_id, self.delete_name, self.delete_error = target, name, ""
        self.delete_open = True

    @event
    def set_delete_open(self, value: bool):
        self.delete_open = value

    @event
    def delete(self):
        """The confirmed delete; refused (and shown in the dialog) while published."""
        try:
            workflows.delete_workflow(context.engine(), workflow_id=self._delete_id)
        except Refused as refusal:
            self.delete_error = refusal.message
            return ListingState.refresh
        self.delete_open = False
        return [done_toast(f"“{self.delete_name}” was deleted."), ListingState.refresh]


def delete_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title("Delete workflow"),
            rx.alert_dialog.description(
                rx.text(
                    "“",
                    rx.text.strong(ActionsState.delete_name),
                    "” will be deleted with its versions and run history, and contacts in it "
                    "leave it. This cannot be undone. Click Delete again to confirm.",
                    size="2",
                    color=styles.MUTED,
                ),
            ),
            rx.vstack(
                error_callout(ActionsState.delete_error, "delete-error"),
                confirm_buttons("Delete", ActionsState.delete, "delete-confirm"),
                spacing="3",
                margin_top="16px",
            ),
            max_width="460px",
        ),
        open=ActionsState.delete_open,
        on_open_change=ActionsState.set_delete_open,
    )
