"""The test chat page's state: the session of the URL's code, its chat and test status,
refreshed live while the page is open."""

from __future__ import annotations

import dataclasses

import reflex as rx

from wfstudio.services import live, testing
from wfstudio.services.errors import Refused
from wfstudio.services.testing_views import chat_of_session
from wfstudio.ui import context
from wfstudio.ui.audience import Audience, may_send
from wfstudio.ui.components.chat import ChatRow, chat_rows, scroll_to_bottom
from wfstudio.ui.events import event
from wfstudio.ui.polling import LivePoll


@dataclasses.dataclass(frozen=True)
class FieldRow:
    label: str = ""
    value: str = ""


@may_send(Audience.ANYONE)
class TestChatState(LivePoll, rx.State):
    """What /test/[code] shows."""

    code: rx.Field[str] = rx.field("")
    missing: rx.Field[str] = rx.field("")
    ended: rx.Field[bool] = rx.field(False)
    workflow_name: rx.Field[str] = rx.field("")
    channel_name: rx.Field[str] = rx.field("")
    rows: rx.Field[list[ChatRow]] = rx.field(default_factory=list)
    status: rx.Field[str] = rx.field("")
    running: rx.Field[bool] = rx.field(False)
    phase: rx.Field[str] = rx.field("ready")
    can_skip: rx.Field[bool] = rx.field(False)
    contact: rx.Field[list[FieldRow]] = rx.field(default_factory=list)
    error: rx.Field[str] = rx.field("")

    def _refresh(self) -> bool:
        """Read the session again; whether new chat lines arrived."""
        try:
            view = chat_of_session(context.engine(), code=self.code)
        except Refused as refusal:
            self.missing, self.rows = refusal.message, []
            return False
        rows = chat_rows(view.lines)
        grew = len(rows) != len(self.rows)
        self.missing, self.ended = "", view.session.ended
        self.workflow_name, self.channel_name = (
            view.session.workflow_name,
            view.session.channel_name,
        )
        self.rows = rows
        self.status, self.running = view.status.text, view.status.running
        self.phase = "ended" if self.ended else view.status.phase
        self.can_skip = view.status.can_skip and not self.ended
        self.contact = [FieldRow(label, value) for label, value in view.contact]
        return grew

    @event
    def load(self):
        """on_load: the code of the URL; then keep the page live."""
        self.code = testing.normalise_code(self.router.url.path.rstrip("/").rsplit("/", 1)[-1])
        self.error = ""
        self._refresh()
        return [scroll_to_bottom(), TestChatState.poll]

    async def _say(self, text: str):
        self.error = ""
        try:
            await testing.send(live.get_runtime(), code=self.code, text=text)
        except Refused as refusal:
            self.error = refusal.message
        self._refresh()
        return scroll_to_bottom()

    @event
    async def send(self, form: dict):
        return await self._say(str(form.get("text", "")))

    @event
    async def choose(self, label: str):
        return await self._say(label)

    @event
    async def skip_wait(self):
        self.error = ""
        try:
            await testing.skip_wait(live.get_runtime(), code=self.code)
        except Refused as refusal:
            self.error = refusal.message
        self._refresh()
        return scroll_to_bottom()

    async def _live_refresh(self):
        return [scroll_to_bottom()] if self._refresh() else []
