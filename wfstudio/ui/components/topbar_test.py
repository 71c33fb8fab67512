"""The builder's Test button and the Test Workflow dialog (product page: "Test your
workflow"): channel and optional trigger variables, then the QR code, the chat link and
the code, until End Testing."""

from __future__ import annotations

from typing import Any

import reflex as rx

from wfstudio.ui import styles
from wfstudio.ui.components.feedback import error_callout
from wfstudio.ui.pages.builder_state import BuilderState
from wfstudio.ui.pages.builder_test import VARIABLE_PREFIX, TestDialogState

S = TestDialogState


def testing_button() -> rx.Component:
    """Enabled only when the draft has a step and no configuration errors."""
    ready = (BuilderState.issues.length() == 0) & (BuilderState.nodes.length() > 1)
    return rx.tooltip(
        rx.button(
            rx.icon("flask-conical", size=16),
            "Test",
            variant="soft",
            disabled=~ready,
            on_click=S.show,
            data_testid="builder-test",
        ),
        content=rx.cond(
            ready,
            "Try the draft in a test chat",
            "Add a trigger and a step and fix the errors first",
        ),
    )


def _variable(name: Any) -> rx.Component:  # a string var (foreach)
    return rx.hstack(
        rx.code("$trigger." + name, size="2", min_width="150px"),
        rx.input(
            name=VARIABLE_PREFIX + name,
            placeholder="empty = null",
            flex="1",
            aria_label="Trigger variable " + name,
            data_testid="test-variable",
        ),
        align="center",
        width="100%",
    )


def _setup() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.text("Channel", size="2", weight="medium"),
            rx.select.root(
                rx.select.trigger(
                    placeholder="Choose a channel",
                    width="100%",
                    aria_label="Channel",
                    data_testid="test-channel",
                ),
                rx.select.content(
                    rx.foreach(S.channels, lambda c: rx.select.item(c[1], value=c[0]))
                ),
                value=S.channel_key,
                on_change=S.set_channel,
            ),
            rx.text(
                "Custom Channel and WeChat cannot be used for testing.",
                size="1",
                color=styles.MUTED,
            ),
            rx.cond(
                S.variables.length() > 0,
                rx.accordion.root(
                    rx.accordion.item(
                        header="Trigger variables (optional)",
                        content=rx.vstack(
                            rx.foreach(S.variables, _variable),
                            rx.text(
                                "Fields left empty are tested as null.",
                                size="1",
                                color=styles.MUTED,
                            ),
                            spacing="2",
                            width="100%",
                        ),
                        value="variables",
                    ),
                    type="single",
                    collapsible=True,
                    variant="ghost",
                    width="100%",
                ),
            ),
            error_callout(S.error, "test-error"),
            rx.hstack(
                rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray")),
                rx.button(
                    "Next",
                    rx.icon("arrow-right", size=16),
                    type="submit",
                    disabled=S.channel_key == "",
                    data_testid="test-next",
                ),
                justify="end",
                width="100%",
            ),
            spacing="3",
            width="100%",
        ),
        on_submit=S.next,
    )


def _ready() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.image(
                src=S.qr,
                alt="QR code of the test chat link",
                width="148px",
                height="148px",
                flex_shrink="0",
                border=styles.BORDER,
                border_radius="var(--radius-3)",
                data_testid="test-qr",
            ),
            rx.vstack(
                rx.text("1. Open the chat", size="2", weight="medium"),
                rx.text(
                    "Scan the QR code with a phone or open the link (",
                    S.channel_name,
                    ").",
                    size="2",
                    color=styles.MUTED,
                ),
                rx.text("2. Send the code", size="2", weight="medium"),
                rx.heading(S.code, size="6", letter_spacing="0.08em", data_testid="test-code"),
                rx.text(
                    "Send it as often as you like: each time the draft starts over.",
                    size="1",
                    color=styles.MUTED,
                ),
                spacing="1",
            ),
            spacing="4",
            align="center",
            width="100%",
        ),
        rx.hstack(
            rx.input(value=S.link, read_only=True, flex="1", data_testid="test-link-text"),
            rx.tooltip(
                rx.icon_button(
                    rx.icon("copy", size=16),
                    variant="soft",
                    on_click=[rx.set_clipboard(S.link), rx.toast.success("Link copied.")],
                    aria_label="Copy link",
                    data_testid="test-copy",
                ),
                content="Copy link",
            ),
            rx.link(
                rx.button(rx.icon("external-link", size=16), "Open chat", variant="soft"),
                href=S.link,
                is_external=True,
                data_testid="test-link",
            ),
            width="100%",
        ),
        rx.callout.root(
            rx.callout.icon(rx.icon("map-pin", size=16)),
            rx.callout.text(
                rx.cond(S.position != "", S.position, "Waiting for the code…"),
                data_testid="test-run-status",
            ),
            size="1",
            color_scheme="gray",
            width="100%",
        ),
        error_callout(S.error, "test-error"),
        rx.hstack(
            rx.button(
                rx.icon("circle-stop", size=16),
                "End Testing",
                color_scheme="red",
                on_click=S.end,
                data_testid="test-end",
            ),
            justify="end",
            width="100%",
        ),
        spacing="4",
        width="100%",
    )


# Once a test runs, the dialog moves to the right and the canvas stays undimmed, so the
# step the test contact is at can be seen highlighted behind it.
_BESIDE_THE_CANVAS = """
.rt-BaseDialogOverlay:has(.wf-test-running)::before { background-color: transparent; }
.rt-BaseDialogOverlay:has(.wf-test-running) .rt-BaseDialogScrollPadding {
  flex-grow: 0; margin: 72px 16px auto auto;
}
"""


def testing_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.el.style(_BESIDE_THE_CANVAS),
            rx.dialog.title("Test Workflow"),
            rx.dialog.description(
                rx.cond(
                    S.code != "",
                    "Chat as a test contact: the draft runs whatever its trigger.",
                    "Choose the channel to test on, and sample values for the trigger.",
                ),
                size="2",
                color=styles.MUTED,
                margin_bottom="12px",
            ),
            rx.cond(S.code != "", _ready(), _setup()),
            max_width=rx.cond(S.code != "", "440px", "560px"),
            class_name=rx.cond(S.code != "", "wf-test-running", ""),
            box_shadow="var(--shadow-6)",
            data_testid="test-dialog",
        ),
        open=S.open,
        on_open_change=S.set_open,
    )
