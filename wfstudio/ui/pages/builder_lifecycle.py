"""Save, publish, stop and reload from the builder's top bar.

Decisions:
- A refused save or publish shows its message in a callout under the top bar (it stays
  until the next attempt); a stale save (someone saved in between) adds a Reload button.
- Publish publishes what the builder shows: unsaved changes are saved first, and a
  refused save stops the publish.
"""

from __future__ import annotations

import reflex as rx

from wfstudio.services import workflows
from wfstudio.services.errors import Refused
from wfstudio.ui import context
from wfstudio.ui.audience import Audience, may_send
from wfstudio.ui.components.feedback import done_toast
from wfstudio.ui.events import event
from wfstudio.ui.pages.builder_state import BuilderState


@may_send(Audience.MANAGERS)
class LifecycleState(rx.State):
    """The outcome of the last save/publish/stop."""

    error: rx.Field[str] = rx.field("")
    stale: rx.Field[bool] = rx.field(False)

    def _refuse(self, refusal: Refused) -> None:
        self.error, self.stale = refusal.message, refusal.message == workflows.STALE_SAVE

    def _save(self, builder: BuilderState) -> bool:
        try:
            view = workflows.save_draft(
                context.engine(),
                workflow_id=builder.wf_id,
                definition=builder.current_definition(),
                expected_revision=builder.revision,
            )
        except Refused as refusal:
            self._refuse(refusal)
            return False
        builder._show_workflow(view)
        builder.dirty, self.error, self.stale = False, "", False
        return True

    def _reopen(self, builder: BuilderState) -> None:
        """The stored workflow and draft, as after opening the builder."""
        view, definition = workflows.get_draft(context.engine(), workflow_id=builder.wf_id)
        builder._open_draft(view, definition)

    @event
    def clear(self):
        """on_load: nothing to report about a workflow just opened."""
        self.error, self.stale = "", False

    @event
    async def save(self):
        builder = await self.get_state(BuilderState)
        return done_toast("Saved.") if self._save(builder) else None

    @event
    async def publish(self):
        builder = await self.get_state(BuilderState)
        if builder.dirty and not self._save(builder):
            return None
        try:
            workflows.publish_workflow(
                context.engine(),
                workflow_id=builder.wf_id,
                actor_id=await context.actor_id(self),
            )
            self._reopen(builder)
        except Refused as refusal:
            self._refuse(refusal)
            return None
        self.error, self.stale = "", False
        return done_toast(f"“{builder.name}” is published.")

    @event
    async def stop(self):
        builder = await self.get_state(BuilderState)
        try:
            ejected = workflows.stop_workflow(context.engine(), workflow_id=builder.wf_id)
            self._reopen(builder)
        except Refused as refusal:
            self._refuse(refusal)
            return None
        self.error, self.stale = "", False
        left = f" ({ejected} enrolled contact{'s' * (ejected > 1)} left it)" if ejected else ""
        return done_toast(f"“{builder.name}” is stopped{left}. You can edit it now.")

    @event
    async def reload(self):
        """After a stale save: the latest stored draft (the unsaved changes are dropped)."""
        builder = await self.get_state(BuilderState)
        try:
            self._reopen(builder)
        except Refused as refusal:
            self._refuse(refusal)
            return
        self.error, self.stale = "", False
