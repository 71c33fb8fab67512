"""The public chat page of a web chat channel (/chat/[channel_key]): a person plays the
contact and sees the workflows' and agents' replies live.

Public (no sign-in, no studio sidebar). The browser keeps a random visitor id in
LocalStorage; it is the contact's id on the channel, so a reload continues the same
conversation. An ad link (``?ad=…&ref=…``) goes with the visitor's first message
(:mod:`wfstudio.services.webchat`).
"""

from __future__ import annotations

import reflex as rx

from wfstudio.services import live, webchat
from wfstudio.services.errors import Refused
from wfstudio.ui import context, styles
from wfstudio.ui.audience import Audience, may_send
from wfstudio.ui.components.chat import (
    ChatRow,
    chat_card,
    chat_composer,
    chat_header,
    chat_rows,
    chat_thread,
    scroll_to_bottom,
)
from wfstudio.ui.components.feedback import error_callout
from wfstudio.ui.events import event
from wfstudio.ui.polling import LivePoll


@may_send(Audience.ANYONE)
class WebChatState(LivePoll, rx.State):
    """What /chat/[channel_key] shows to this browser's visitor."""

    visitor: str = rx.LocalStorage("", name="wfstudio_visitor")
    channel_key: rx.Field[str] = rx.field("")
    channel_name: rx.Field[str] = rx.field("")
    missing: rx.Field[str] = rx.field("")
    rows: rx.Field[list[ChatRow]] = rx.field(default_factory=list)
    error: rx.Field[str] = rx.field("")
    _ad: rx.Field[dict[str, str]] = rx.field(default_factory=dict)  # an ad link: see load

    def _refresh(self) -> bool:
        try:
            view = webchat.chat(context.engine(), channel_key=self.channel_key, token=self.visitor)
        except Refused as refusal:
            self.missing, self.rows = refusal.message, []
            return False
        rows = chat_rows(view.lines)
        grew = len(rows) != len(self.rows)
        self.missing, self.channel_name, self.rows = "", view.channel_name, rows
        return grew

    @event
    def load(self):
        """on_load: the channel of the URL and this browser's visitor id."""
        self.channel_key = self.router.url.path.rstrip("/").rsplit("/", 1)[-1]
        self._ad = webchat.ad_link(self.router.url.query_parameters)
        if not self.visitor:
            self.visitor = webchat.new_visitor_token()
        self.error = ""
        self._refresh()
        return [scroll_to_bottom(), WebChatState.poll]

    async def _say(self, text: str):
        self.error = ""
        try:
            await webchat.send(
                live.get_runtime(),
                channel_key=self.channel_key,
                token=self.visitor,
                text=text,
                ad=self._ad,
            )
            self._ad = {}
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

    async def _live_refresh(self):
        return [scroll_to_bottom()] if self._refresh() else []


S = WebChatState


def web_chat_page() -> rx.Component:
    return rx.cond(
        S.missing != "",
        rx.center(
            rx.vstack(
                rx.icon("message-square-off", size=32, color="var(--gray-9)"),
                rx.heading("No chat here", size="4"),
                rx.text(S.missing, color=styles.MUTED, data_testid="chat-missing"),
                align="center",
                spacing="2",
            ),
            height="100vh",
        ),
        rx.center(
            chat_card(
                chat_header(S.channel_name, "We usually reply in a few minutes"),
                chat_thread(S.rows, S.choose, rx.Var.create(True), "Say hello to start."),
                rx.vstack(
                    rx.box(error_callout(S.error, "chat-error"), padding_x="12px", width="100%"),
                    chat_composer(S.send, rx.Var.create(False), "Write a message…"),
                    spacing="0",
                    width="100%",
                ),
            ),
            padding="24px",
            min_height="100vh",
            background="var(--gray-2)",
            on_unmount=S.stop,
        ),
    )
