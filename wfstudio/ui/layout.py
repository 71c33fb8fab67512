"""The app shell: a left side navigation, a page header and the page's content."""

from __future__ import annotations

import reflex as rx

from wfstudio.ui import routes, styles
from wfstudio.ui.auth import AuthState


def _logo() -> rx.Component:
    return rx.link(
        rx.hstack(
            rx.center(
                rx.icon("workflow", size=18, color="white"),
                width="32px",
                height="32px",
                border_radius="var(--radius-3)",
                background="var(--accent-9)",
            ),
            rx.text("wfstudio", size="4", weight="bold", color="var(--gray-12)"),
            align="center",
            spacing="2",
        ),
        href=routes.HOME,
        underline="none",
        data_testid="app-logo",
    )


def _nav_item(label: str, icon: str, href: str, *, active: bool) -> rx.Component:
    return rx.link(
        rx.hstack(
            rx.icon(icon, size=16),
            rx.text(label, size="2", weight="medium"),
            align="center",
            spacing="2",
            padding_x="10px",
            padding_y="8px",
            border_radius="var(--radius-2)",
            width="100%",
            background="var(--accent-a3)" if active else "transparent",
            color="var(--accent-11)" if active else "var(--gray-11)",
            _hover={"background": "var(--accent-a3)" if active else "var(--gray-a3)"},
        ),
        href=href,
        underline="none",
        width="100%",
        aria_current="page" if active else None,
        data_testid=f"nav-{label.lower()}",
    )


def _section(label: str) -> rx.Component:
    return rx.text(
        label,
        size="1",
        weight="medium",
        color=styles.MUTED,
        padding_x="10px",
        padding_top="12px",
        letter_spacing="0.04em",
    )


def _signed_in_user() -> rx.Component:
    """Who is signed in, with their role, and Sign out."""
    return rx.vstack(
        rx.hstack(
            rx.avatar(fallback=AuthState.user_name[0], size="2", radius="full"),
            rx.vstack(
                rx.text(
                    AuthState.user_name,
                    size="2",
                    weight="medium",
                    trim="both",
                    data_testid="signed-in-name",
                ),
                rx.text(
                    AuthState.role_label, size="1", color=styles.MUTED, data_testid="signed-in-role"
                ),
                spacing="1",
                min_width="0",
            ),
            align="center",
            spacing="2",
            padding_x="10px",
        ),
        rx.button(
            rx.icon("log-out", size=14),
            "Sign out",
            variant="soft",
            color_scheme="gray",
            size="1",
            width="100%",
            on_click=AuthState.sign_out,
            data_testid="sign-out",
        ),
        spacing="3",
        width="100%",
        padding_top="12px",
        border_top=styles.BORDER,
    )


def sidebar(active: str) -> rx.Component:
    """The side navigation for the signed-in user's role; ``active`` is the route of the
    current section."""
    return rx.el.nav(
        rx.vstack(
            rx.box(_logo(), padding_x="10px", padding_bottom="12px"),
            _nav_item(
                "Messages", "message-square", routes.MESSAGES, active=active == routes.MESSAGES
            ),
            rx.cond(
                AuthState.can_use_workflows,
                rx.vstack(
                    _section("AUTOMATION"),
                    _nav_item(
                        "Workflows", "git-fork", routes.WORKFLOWS, active=active == routes.WORKFLOWS
                    ),
                    _nav_item(
                        "Templates",
                        "layout-template",
                        routes.TEMPLATES,
                        active=active == routes.TEMPLATES,
                    ),
                    spacing="1",
                    width="100%",
                ),
            ),
            _section("WORKSPACE"),
            _nav_item("Settings", "settings", routes.SETTINGS, active=active == routes.SETTINGS),
            rx.spacer(),
            _signed_in_user(),
            spacing="1",
            height="100%",
        ),
        padding="20px 12px",
        width=styles.SIDEBAR_WIDTH,
        min_width=styles.SIDEBAR_WIDTH,
        height="100vh",
        position="sticky",
        top="0",
        border_right=styles.BORDER,
        background="var(--gray-2)",
        aria_label="Main navigation",
    )


def page_header(
    title: str | rx.Var, subtitle: str = "", actions: rx.Component | None = None
) -> rx.Component:
    """The title row of a page, with its main actions at the right."""
    return rx.hstack(
        rx.vstack(
            rx.heading(title, size="6", weight="bold", data_testid="page-title"),
            rx.text(subtitle, size="2", color=styles.MUTED) if subtitle else rx.fragment(),
            spacing="1",
        ),
        rx.spacer(),
        actions if actions is not None else rx.fragment(),
        align="center",
        width="100%",
        padding_x=styles.PAGE_PADDING_X,
        padding_top="28px",
        padding_bottom="20px",
    )


def shell(
    *content: rx.Component,
    active: str,
    title: str | rx.Var,
    subtitle: str = "",
    actions: rx.Component | None = None,
) -> rx.Component:
    """A whole page: side navigation, header and ``content`` below it."""
    return rx.hstack(
        sidebar(active),
        rx.el.main(
            page_header(title, subtitle, actions),
            rx.box(*content, padding_x=styles.PAGE_PADDING_X, padding_bottom="32px"),
            flex="1",
            min_width="0",
        ),
        spacing="0",
        align="start",
        width="100%",
        min_height="100vh",
    )
