"""The thread of the open contact and the composer (reply as the signed-in user, or an
internal comment). Every text is rendered as text (React escapes it), never as HTML."""

from __future__ import annotations

import reflex as rx

from wfstudio.services import inbox_actions
from wfstudio.services.errors import Refused
from wfstudio.services.live import get_runtime
from wfstudio.ui import context, styles
from wfstudio.ui.audience import Audience, may_send
from wfstudio.ui.components.feedback import error_callout
from wfstudio.ui.events import event
from wfstudio.ui.pages.messages_models import Line


@may_send(Audience.SIGNED_IN)
class ThreadState(rx.State):
    """The lines of the thread and the composer."""

    lines: rx.Field[list[Line]] = rx.field(default_factory=list)
    mode: rx.Field[str] = rx.field("reply")  # reply / comment
    draft: rx.Field[str] = rx.field("")
    sending: rx.Field[bool] = rx.field(False)
    problem: rx.Field[str] = rx.field("")

    @event
    def set_mode(self, mode: str | list[str]):
        self.mode, self.problem = ("comment" if mode == "comment" else "reply"), ""

    @event
    def set_draft(self, text: str):
        self.draft = text

    @event
    async def send(self, form: dict):
        """Send the reply, or add the comment (the composer's form: the button, or Enter
        in the text box); the text stays when it was refused."""
        from wfstudio.ui.pages.messages_state import InboxState

        if self.sending:
            return
        # the form carries the text as the box shows it (on_change is debounced)
        self.draft = str(form.get("text", self.draft))
        if not self.draft.strip():
            return
        inbox = await self.get_state(InboxState)
        self.sending = True
        try:
            if self.mode == "comment":
                inbox_actions.add_comment(
                    get_runtime(),
                    user_id=(await context.actor_id(self) or 0),
                    contact_id=inbox.selected,
                    text=self.draft,
                )
            else:
                await inbox_actions.reply(
                    get_runtime(),
                    user_id=(await context.actor_id(self) or 0),
                    contact_id=inbox.selected,
                    text=self.draft,
                )
        except Refused as refusal:
            self.problem = refusal.message
        else:
            self.draft, self.problem = "", ""
            await inbox.refresh()
        finally:
            self.sending = False


# --- components ----------------------------------------------------------------------------


def _bubble(item: Line, *, outgoing: bool) -> rx.Component:
    return rx.vstack(
        rx.text(
            item.author,
            " · ",
            item.when,
            size="1",
            color=styles.MUTED,
            align="right" if outgoing else "left",
        ),
        rx.box(
            rx.text(item.text, size="2", white_space="pre-wrap", word_break="break-word"),
            padding="8px 12px",
            border_radius="var(--radius-4)",
            background=rx.cond(
                item.kind == "user",
                "var(--accent-9)",
                rx.cond(outgoing, "var(--accent-a3)", "var(--gray-a3)"),
            ),
            color=rx.cond(item.kind == "user", "white", "var(--gray-12)"),
            max_width="520px",
        ),
        align="end" if outgoing else "start",
        spacing="1",
        width="100%",
        data_testid="thread-message",
        data_kind=item.kind,
    )


def _note(item: Line) -> rx.Component:
    return rx.cond(
        item.kind == "comment",
        rx.box(
            rx.hstack(
                rx.icon("sticky-note", size=14, color="var(--amber-11)"),
                rx.text(item.author, size="1", weight="medium"),
                rx.text("internal comment · ", item.when, size="1", color=styles.MUTED),
                spacing="1",
                align="center",
            ),
            rx.text(item.text, size="2", white_space="pre-wrap", word_break="break-word"),
            padding="8px 12px",
            border_radius="var(--radius-3)",
            background="var(--amber-a3)",
            border="1px solid var(--amber-a5)",
            max_width="520px",
            align_self="center",
            data_testid="thread-comment",
        ),
        rx.hstack(
            rx.icon("info", size=12),
            rx.text(item.text, " · ", item.when, size="1"),
            color=styles.MUTED,
            spacing="1",
            align="center",
            align_self="center",
            data_testid="thread-event",
        ),
    )


def _line(item: Line) -> rx.Component:
    return rx.match(
        item.side,
        ("in", _bubble(item, outgoing=False)),
        ("out", _bubble(item, outgoing=True)),
        _note(item),
    )


def thread() -> rx.Component:
    """The lines, scrolled to the newest (a reversed column keeps the bottom in view)."""
    return rx.box(
        rx.vstack(
            rx.foreach(ThreadState.lines, _line),
            spacing="3",
            padding="20px 24px",
            width="100%",
        ),
        display="flex",
        flex_direction="column-reverse",
        overflow_y="auto",
        flex="1",
        min_height="0",
        background="var(--gray-1)",
        data_testid="thread",
    )


def composer() -> rx.Component:
    is_comment = ThreadState.mode == "comment"
    return rx.vstack(
        error_callout(ThreadState.problem, "composer-error"),
        rx.segmented_control.root(
            rx.segmented_control.item("Reply", value="reply", data_testid="composer-reply"),
            rx.segmented_control.item(
                "Internal comment", value="comment", data_testid="composer-comment"
            ),
            value=ThreadState.mode,
            on_change=ThreadState.set_mode,
            size="1",
        ),
        rx.form(
            rx.text_area(
                name="text",
                value=ThreadState.draft,
                on_change=ThreadState.set_draft,
                enter_key_submit=True,  # Enter sends, Shift+Enter starts a new line
                placeholder=rx.cond(
                    is_comment,
                    "Write an internal comment (only your team sees it)",
                    "Write a reply to the contact",
                ),
                rows="2",
                resize="vertical",
                flex="1",
                aria_label="Message",
                data_testid="composer-text",
                background=rx.cond(is_comment, "var(--amber-a2)", "transparent"),
            ),
            rx.button(
                rx.cond(is_comment, rx.icon("sticky-note", size=16), rx.icon("send", size=16)),
                rx.cond(is_comment, "Comment", "Send"),
                type="submit",
                loading=ThreadState.sending,
                disabled=ThreadState.draft.strip() == "",
                color_scheme=rx.cond(is_comment, "amber", "indigo"),
                data_testid="composer-send",
            ),
            on_submit=ThreadState.send,
            reset_on_submit=False,
            display="flex",
            width="100%",
            align_items="flex-end",
            gap="8px",
        ),
        padding="12px 24px 16px",
        border_top=styles.BORDER,
        spacing="2",
        width="100%",
        background="var(--color-panel-solid)",
    )
