"""The test chat (/test/[code]): a web chat as the contact sees it, beside the test run's
status, the "skip wait" control and the test contact's data.

Public like the other chat pages (no sign-in, no studio sidebar): the link and QR code
of the Test Workflow dialog lead here, possibly on a phone.
"""

from __future__ import annotations

import reflex as rx

from wfstudio.ui import styles
from wfstudio.ui.components.chat import (
    chat_card,
    chat_composer,
    chat_header,
    chat_thread,
)
from wfstudio.ui.components.feedback import error_callout
from wfstudio.ui.pages.test_chat_state import FieldRow, TestChatState

S = TestChatState


def _field(row: FieldRow) -> rx.Component:
    return rx.data_list.item(
        rx.data_list.label(row.label, min_width="96px"),
        rx.data_list.value(row.value, data_testid="test-contact-value"),
    )


def _status_panel() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.icon("flask-conical", size=18, color="var(--accent-11)"),
                rx.heading("Test run", size="3"),
                rx.spacer(),
                rx.match(
                    S.phase,
                    ("ended", rx.badge("Ended", color_scheme="gray")),
                    ("running", rx.badge("Running", color_scheme="green")),
                    ("finished", rx.badge("Finished", color_scheme="blue")),
                    rx.badge("Ready", color_scheme="blue"),
                ),
                align="center",
                width="100%",
            ),
            rx.text(
                rx.cond(S.ended, "The code ", "Send the code "),
                rx.code(S.code, data_testid="test-code"),
                rx.cond(
                    S.ended,
                    " no longer works: open Test Workflow in the builder for a new one.",
                    " to start the workflow's draft; send it again to start over.",
                ),
                size="2",
                color=styles.MUTED,
            ),
            rx.callout.root(
                rx.callout.icon(rx.icon("activity", size=16)),
                rx.callout.text(S.status, data_testid="test-status"),
                size="1",
                color_scheme="gray",
                width="100%",
            ),
            rx.cond(
                S.can_skip,
                rx.button(
                    rx.icon("fast-forward", size=16),
                    "Skip wait",
                    on_click=S.skip_wait,
                    width="100%",
                    data_testid="skip-wait",
                ),
            ),
            rx.divider(),
            rx.text("Test contact", size="2", weight="bold"),
            rx.data_list.root(
                rx.foreach(S.contact, _field),
                size="1",
                data_testid="test-contact",
            ),
            spacing="3",
            width="100%",
        ),
        width="320px",
        flex_shrink="0",
    )


def _ended() -> rx.Component:
    return rx.callout.root(
        rx.callout.icon(rx.icon("circle-off", size=16)),
        rx.callout.text(
            "This code no longer works: testing was ended in the builder. "
            "Start a new test from the workflow's Test button."
        ),
        color_scheme="orange",
        size="1",
        margin="0 12px 12px",
        data_testid="test-ended",
    )


def _chat() -> rx.Component:
    return chat_card(
        chat_header(S.channel_name, "Test chat · " + S.workflow_name),
        chat_thread(S.rows, S.choose, ~S.ended, "Send the code to start the test."),
        rx.vstack(
            rx.box(error_callout(S.error, "chat-error"), padding_x="12px", width="100%"),
            rx.cond(
                S.ended,
                _ended(),
                chat_composer(S.send, S.ended, "Type the code or a reply…"),
            ),
            spacing="0",
            width="100%",
        ),
    )


def _missing() -> rx.Component:
    return rx.center(
        rx.vstack(
            rx.icon("message-square-off", size=32, color="var(--gray-9)"),
            rx.heading("No test chat here", size="4"),
            rx.text(S.missing, color=styles.MUTED, data_testid="test-missing"),
            align="center",
            spacing="2",
        ),
        height="100vh",
    )


def testing_chat_page() -> rx.Component:
    return rx.cond(
        S.missing != "",
        _missing(),
        rx.flex(
            _chat(),
            _status_panel(),
            gap="24px",
            justify="center",
            align="start",
            padding="24px",
            min_height="100vh",
            background="var(--gray-2)",
            wrap="wrap",
            on_unmount=S.stop,
        ),
    )
