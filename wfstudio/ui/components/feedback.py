"""How the studio tells people what happened: toasts and inline callouts."""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex_base.event import EventSpec

from wfstudio.services.errors import Refused

# Multi-line refusals (loops, import problems) keep their line breaks.
_PRE_LINE = {"white_space": "pre-line"}


def refused_toast(refusal: Refused) -> EventSpec:
    """A refusal as an error toast that stays until read (or 10 s)."""
    return rx.toast.error(refusal.message, duration=10_000, close_button=True, style=_PRE_LINE)


def done_toast(message: str) -> EventSpec:
    return rx.toast.success(message, duration=4_000)


def error_callout(message: str | rx.Var, testid: str) -> rx.Component:
    """An inline red callout with ``message`` (shown only when it is not empty)."""
    return rx.cond(
        message != "",
        rx.callout.root(
            rx.callout.icon(rx.icon("triangle-alert", size=16)),
            rx.callout.text(message, white_space="pre-wrap", word_break="break-word"),
            color_scheme="red",
            role="alert",
            size="1",
            width="100%",
            data_testid=testid,
        ),
    )


def confirm_buttons(label: str, on_click: Any, testid: str, **props: Any) -> rx.Component:
    """The buttons of a destructive confirmation (an alert dialog): Cancel, which closes
    it, and a red ``label`` button; ``props`` place the row (margins)."""
    return rx.hstack(
        rx.alert_dialog.cancel(rx.button("Cancel", variant="soft", color_scheme="gray")),
        rx.button(label, color_scheme="red", on_click=on_click, data_testid=testid),
        justify="end",
        spacing="2",
        width="100%",
        **props,
    )
