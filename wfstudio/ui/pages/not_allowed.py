"""What a signed-in user meets on a page their role may not open (inside the layout)."""

from __future__ import annotations

import reflex as rx

from wfstudio.ui import routes, styles
from wfstudio.ui.auth import AuthState
from wfstudio.ui.layout import shell


def not_allowed_page() -> rx.Component:
    """The "not allowed" page: why, and the way to Messages."""
    return shell(
        rx.center(
            rx.vstack(
                rx.center(
                    rx.icon("shield-x", size=28, color="var(--red-11)"),
                    width="56px",
                    height="56px",
                    border_radius="var(--radius-4)",
                    background="var(--red-a3)",
                ),
                rx.heading("Not allowed", size="5", weight="bold"),
                rx.text(AuthState.why_not, size="3", color="var(--gray-12)", align="center"),
                rx.text(
                    "You are signed in as ",
                    rx.text.strong(AuthState.user_name),
                    " (",
                    AuthState.role_label,
                    "). Ask an Owner of the workspace if you need this page.",
                    size="2",
                    color=styles.MUTED,
                    align="center",
                ),
                rx.link(
                    rx.button(rx.icon("message-square", size=16), "Go to Messages", size="3"),
                    href=routes.MESSAGES,
                    data_testid="go-to-messages",
                ),
                align="center",
                spacing="3",
                max_width="440px",
                padding="40px",
                border=styles.BORDER,
                border_radius="var(--radius-4)",
                background="var(--color-panel-solid)",
                data_testid="not-allowed",
            ),
            padding_top="48px",
            width="100%",
        ),
        active="",
        title="Not allowed",
    )
