"""A web chat as the contact sees it: the thread of bubbles, buttons under questions, and
the composer. Shared by the test chat (/test/[code]) and the public chat pages
(/chat/[channel_key]).

Texts are rendered as text (never HTML). Each page's state holds ``ChatRow`` items and
gives the handlers for sending and for choosing a button.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import reflex as rx
from reflex_base.event import EventSpec

from wfstudio.services.chat import ChatLine
from wfstudio.ui import styles


@dataclasses.dataclass(frozen=True)
class ChatRow:
    """One line of the chat, as the page state keeps it."""

    key: str = ""
    side: str = "bot"  # contact / bot / system
    author: str = ""
    text: str = ""
    buttons: list[str] = dataclasses.field(default_factory=list)
    time: str = ""


def chat_rows(lines: list[ChatLine]) -> list[ChatRow]:
    return [
        ChatRow(
            key=line.key,
            side=line.side,
            author=line.author,
            text=line.text,
            buttons=list(line.buttons),
            time=line.at.strftime("%H:%M"),
        )
        for line in lines
    ]


def _bubble(
    row: ChatRow, on_choose: Callable[[Any], Any], can_choose: rx.Var[bool]
) -> rx.Component:
    mine = row.side == "contact"
    return rx.cond(
        row.side == "system",
        rx.hstack(
            rx.icon("info", size=12, color=styles.MUTED),
            rx.text(row.text, size="1", color=styles.MUTED),
            justify="center",
            align="center",
            spacing="1",
            width="100%",
            padding_y="2px",
            data_testid="chat-system",
        ),
        rx.vstack(
            rx.cond(~mine, rx.text(row.author, size="1", color=styles.MUTED, padding_x="4px")),
            rx.box(
                rx.text(row.text, size="2", white_space="pre-wrap", word_break="break-word"),
                background=rx.cond(mine, "var(--accent-9)", "var(--gray-3)"),
                color=rx.cond(mine, "var(--accent-contrast)", "var(--gray-12)"),
                padding="8px 12px",
                border_radius=rx.cond(mine, "14px 14px 4px 14px", "14px 14px 14px 4px"),
                max_width="80%",
                data_testid=rx.cond(mine, "chat-mine", "chat-theirs"),
            ),
            rx.cond(
                row.buttons.length() > 0,  # type: ignore[attr-defined]
                rx.flex(
                    rx.foreach(
                        row.buttons,
                        lambda label: rx.button(
                            label,
                            size="1",
                            variant="outline",
                            disabled=~can_choose,
                            on_click=on_choose(label),
                            data_testid="chat-choice",
                        ),
                    ),
                    wrap="wrap",
                    gap="6px",
                    max_width="80%",
                ),
            ),
            rx.text(row.time, size="1", color="var(--gray-9)", padding_x="4px"),
            align=rx.cond(mine, "end", "start"),
            spacing="1",
            width="100%",
        ),
    )


def chat_thread(
    rows: Any,  # an array var of ChatRow
    on_choose: Callable[[Any], Any],
    can_choose: rx.Var[bool],
    empty: str,
) -> rx.Component:
    """The messages, newest at the bottom (kept in view as they arrive)."""
    return rx.box(
        rx.cond(
            rows.length() > 0,
            rx.vstack(
                rx.foreach(rows, lambda row: _bubble(row, on_choose, can_choose)),
                spacing="3",
                width="100%",
            ),
            rx.center(
                rx.vstack(
                    rx.icon("messages-square", size=28, color="var(--gray-8)"),
                    rx.text(empty, size="2", color=styles.MUTED, text_align="center"),
                    align="center",
                    spacing="2",
                ),
                height="100%",
            ),
        ),
        id="chat-thread",
        flex="1",
        overflow_y="auto",
        padding="16px",
        width="100%",
        style={"overscroll_behavior": "contain"},
        data_testid="chat-thread",
    )


def scroll_to_bottom() -> EventSpec:
    """Keep the newest message in view (after new lines arrive)."""
    return rx.call_script(
        "setTimeout(() => { const t = document.getElementById('chat-thread');"
        " if (t) t.scrollTop = t.scrollHeight; }, 60);"
    )


def chat_composer(
    on_submit: Callable[[Any], Any], disabled: rx.Var[bool], placeholder: str
) -> rx.Component:
    """A text box and a send button; the form resets after sending."""
    return rx.form(
        rx.hstack(
            rx.input(
                name="text",
                placeholder=placeholder,
                max_length=2000,
                auto_complete=False,
                disabled=disabled,
                flex="1",
                size="3",
                aria_label="Message",
                data_testid="chat-input",
            ),
            rx.icon_button(
                rx.icon("send-horizontal", size=18),
                type="submit",
                size="3",
                disabled=disabled,
                aria_label="Send",
                data_testid="chat-send",
            ),
            spacing="2",
            width="100%",
        ),
        on_submit=on_submit,
        reset_on_submit=True,
        width="100%",
        padding="12px",
        border_top=styles.BORDER,
    )


def chat_card(header: rx.Component, body: rx.Component, footer: rx.Component) -> rx.Component:
    """The phone-sized chat window."""
    return rx.card(
        rx.flex(
            header,
            body,
            footer,
            direction="column",
            height="100%",
        ),
        size="1",
        width="100%",
        max_width="460px",
        height="min(760px, calc(100vh - 48px))",
        padding="0",
        overflow="hidden",
        data_testid="chat-card",
    )


def chat_header(title: rx.Var[str] | str, subtitle: rx.Var[str] | str) -> rx.Component:
    return rx.hstack(
        rx.avatar(fallback="WC", size="3", radius="full", color_scheme="indigo"),
        rx.vstack(
            rx.text(title, size="3", weight="bold"),
            rx.text(subtitle, size="1", color=styles.MUTED),
            spacing="0",
        ),
        align="center",
        spacing="3",
        padding="12px 16px",
        border_bottom=styles.BORDER,
        width="100%",
    )
