"""The confirmation before Stop, shared by the listing and the builder: it says how many
contacts are in the workflow now and that they are ejected for good."""

from __future__ import annotations

from typing import Any

import reflex as rx

from wfstudio.ui import styles


def stop_dialog(
    *, open_: rx.Var, on_open_change: Any, name: rx.Var, contacts: rx.Var, on_confirm: Any
) -> rx.Component:
    """An alert dialog: Cancel, or a red Stop that calls ``on_confirm``."""
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title("Stop workflow"),
            rx.alert_dialog.description(
                rx.text(
                    "“",
                    rx.text.strong(name),
                    "” will stop running. ",
                    rx.cond(
                        contacts == 0,
                        "No contacts are in it now.",
                        rx.fragment(
                            rx.text.strong(
                                contacts, rx.cond(contacts == 1, " contact is", " contacts are")
                            ),
                            " in it now: they will be ejected at once, and they will not be "
                            "re-enrolled when it is published again.",
                        ),
                    ),
                    size="2",
                    color=styles.MUTED,
                    data_testid="stop-summary",
                ),
            ),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button("Cancel", variant="soft", color_scheme="gray")),
                rx.button(
                    rx.icon("circle-stop", size=16),
                    "Stop",
                    color_scheme="red",
                    on_click=on_confirm,
                    data_testid="stop-confirm",
                ),
                justify="end",
                spacing="2",
                width="100%",
                margin_top="16px",
            ),
            max_width="460px",
        ),
        open=open_,
        on_open_change=on_open_change,
    )
