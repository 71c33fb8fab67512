"""How the studio tells people what happened: toasts and inline callouts."""

from __future__ import annotations

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
