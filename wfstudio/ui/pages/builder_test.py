"""The Test Workflow dialog's state: choose a channel and trigger variables, then Next
gives the code, the chat link and its QR code; End Testing invalidates the code.

While the dialog shows a session, a background task follows the test contact and the
builder highlights the step it is at (``BuilderState.show_test_position``).
"""

from __future__ import annotations

import asyncio

import reflex as rx

from wfstudio.services import live, testing
from wfstudio.services.errors import Refused
from wfstudio.services.testing import TestSessionView
from wfstudio.services.testing_views import chat_of_session
from wfstudio.ui import context, routes
from wfstudio.ui.audience import Audience, may_send
from wfstudio.ui.components.feedback import done_toast
from wfstudio.ui.events import event
from wfstudio.ui.pages.builder_lifecycle import LifecycleState
from wfstudio.ui.pages.builder_state import BuilderState
from wfstudio.ui.polling import POLL_SECONDS, max_ticks, tab_connected

VARIABLE_PREFIX = "var_"


@may_send(Audience.MANAGERS)
class TestDialogState(rx.State):
    """The Test Workflow dialog."""

    open: rx.Field[bool] = rx.field(False)
    channels: rx.Field[list[list[str]]] = rx.field(default_factory=list)  # [key, name]
    channel_key: rx.Field[str] = rx.field("")
    variables: rx.Field[list[str]] = rx.field(default_factory=list)
    code: rx.Field[str] = rx.field("")
    channel_name: rx.Field[str] = rx.field("")
    link: rx.Field[str] = rx.field("")
    qr: rx.Field[str] = rx.field("")
    position: rx.Field[str] = rx.field("")
    error: rx.Field[str] = rx.field("")
    _generation: int = 0

    def _show_session(self, view: TestSessionView) -> None:
        self.code, self.channel_name = view.code, view.channel_name
        self.link = f"{self.router.url.origin}{routes.testing_chat(view.code)}"
        self.qr = testing.qr_code_svg(self.link)

    @event
    async def show(self):
        builder = await self.get_state(BuilderState)
        engine = context.engine()
        self.error, self.code, self.position = "", "", ""
        try:
            active = testing.active_session(
                engine, workflow_id=builder.wf_id, actor_id=await context.actor_id(self)
            )
            if active is None:
                choices = testing.channels_for_testing(
                    engine, workspace_id=await context.signed_in_workspace_id(self)
                )
                self.channels = [[c.key, c.name] for c in choices]
                self.channel_key = choices[0].key if choices else ""
                self.variables = testing.trigger_variables(engine, workflow_id=builder.wf_id)
        except Refused as refusal:
            return rx.toast.error(refusal.message)
        self.open = True
        if active is not None:
            self._show_session(active)
            return TestDialogState.follow
        return None

    @event
    def set_channel(self, key: str):
        self.channel_key = key

    @event
    async def next(self, form: dict):
        builder = await self.get_state(BuilderState)
        if builder.dirty:
            lifecycle = await self.get_state(LifecycleState)
            if not lifecycle._save(builder):
                self.error = lifecycle.error
                return None
        values = {
            name: str(form.get(VARIABLE_PREFIX + name, "")).strip() or None
            for name in self.variables
        }
        try:
            view = testing.open_session(
                context.engine(),
                workflow_id=builder.wf_id,
                channel_key=self.channel_key,
                variables=values,
                actor_id=await context.actor_id(self),
            )
        except Refused as refusal:
            self.error = refusal.message
            return None
        self.error = ""
        self._show_session(view)
        return TestDialogState.follow

    @event
    async def end(self):
        try:
            testing.end_session(live.get_runtime(), code=self.code)
        except Refused as refusal:
            self.error = refusal.message
            return None
        self._generation += 1
        self.open, self.code, self.position = False, "", ""
        await self._highlight("")
        return done_toast("Testing ended: the code no longer works.")

    @event
    async def set_open(self, value: bool):
        """Closing with Esc or ✕ keeps the session (reopening shows it again) but stops
        following it."""
        self.open = value
        if not value:
            self._generation += 1
            await self._highlight("")

    async def _highlight(self, step_id: str) -> None:
        builder = await self.get_state(BuilderState)
        builder.show_test_position(step_id)

    @rx.event(background=True)
    async def follow(self):
        """Follow the test contact while the dialog shows the session."""
        async with self:
            self._generation += 1
            mine, code = self._generation, self.code
        last = None
        for _ in range(max_ticks()):
            try:
                status = chat_of_session(context.engine(), code=code).status
            except Refused:
                return
            async with self:
                if self._generation != mine or not tab_connected(self):
                    return
                self.position = status.text
                if status.step_id != last:
                    last = status.step_id
                    await self._highlight(status.step_id)
            await asyncio.sleep(POLL_SECONDS)
