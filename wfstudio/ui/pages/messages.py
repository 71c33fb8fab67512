"""The Messages page: the conversation list, the open conversation with its composer, and
the contact panel with the Workflows icon's Ongoing Workflows tab."""

from __future__ import annotations

import reflex as rx

from wfstudio.ui import layout, routes, styles
from wfstudio.ui.components.feedback import error_callout
from wfstudio.ui.pages import messages_open  # noqa: F401  (InboxState loads through it)
from wfstudio.ui.pages.messages_actions import assign_dialog, close_dialog, header_actions
from wfstudio.ui.pages.messages_contact import ContactState, contact_panel
from wfstudio.ui.pages.messages_models import Row
from wfstudio.ui.pages.messages_shortcuts import shortcut_dialog, shortcuts_menu
from wfstudio.ui.pages.messages_state import InboxState
from wfstudio.ui.pages.messages_thread import composer, thread
from wfstudio.ui.pages.messages_workflows import ongoing_workflows

LIST_WIDTH = "300px"
PANEL_WIDTH = "300px"


def _avatar(text: rx.Var | str, size: str = "36px") -> rx.Component:
    return rx.center(
        rx.text(text, size="1", weight="bold"),
        width=size,
        height=size,
        min_width=size,
        border_radius="50%",
        background="var(--accent-a4)",
        color="var(--accent-11)",
    )


def _row(item: Row) -> rx.Component:
    selected = InboxState.selected == item.contact_id
    return rx.hstack(
        _avatar(item.initials),
        rx.vstack(
            rx.hstack(
                rx.text(
                    item.name,
                    size="2",
                    weight=rx.cond(item.awaiting, "bold", "medium"),
                    overflow="hidden",
                    text_overflow="ellipsis",
                    white_space="nowrap",
                ),
                rx.spacer(),
                rx.text(
                    item.when,
                    size="1",
                    color=rx.cond(item.awaiting, "var(--accent-11)", styles.MUTED),
                ),
                width="100%",
                align="center",
            ),
            rx.text(
                item.preview,
                size="1",
                color=rx.cond(item.awaiting, "var(--gray-12)", styles.MUTED),
                weight=rx.cond(item.awaiting, "medium", "regular"),
                overflow="hidden",
                text_overflow="ellipsis",
                white_space="nowrap",
                width="100%",
            ),
            rx.text(
                rx.cond(item.assignee != "", item.assignee, "Unassigned"),
                rx.cond(item.channel != "", " · " + item.channel, ""),
                size="1",
                color=styles.MUTED,
            ),
            spacing="0",
            flex="1",
            min_width="0",
        ),
        rx.cond(
            item.awaiting,
            rx.box(width="8px", height="8px", border_radius="50%", background="var(--accent-9)"),
        ),
        on_click=InboxState.select(item.contact_id),
        cursor="pointer",
        padding="10px 14px",
        align="center",
        spacing="3",
        width="100%",
        background=rx.cond(selected, "var(--accent-a3)", "transparent"),
        border_left=rx.cond(selected, "3px solid var(--accent-9)", "3px solid transparent"),
        _hover={"background": rx.cond(selected, "var(--accent-a3)", "var(--gray-a2)")},
        role="button",
        aria_current=rx.cond(selected, "true", "false"),
        data_testid="conversation-row",
        data_contact=item.contact_id,
    )


def _list_column() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.heading("Messages", size="5", data_testid="page-title"),
            rx.spacer(),
            rx.select.root(
                rx.select.trigger(variant="ghost", data_testid="status-filter"),
                rx.select.content(
                    rx.select.item("Open", value="open"), rx.select.item("Closed", value="closed")
                ),
                value=InboxState.status,
                on_change=InboxState.set_status,
                size="1",
            ),
            width="100%",
            align="center",
            padding="20px 16px 8px",
        ),
        rx.box(
            rx.segmented_control.root(
                rx.segmented_control.item("Mine", value="mine", data_testid="box-mine"),
                rx.segmented_control.item(
                    "Unassigned", value="unassigned", data_testid="box-unassigned"
                ),
                rx.segmented_control.item("All", value="all", data_testid="box-all"),
                value=InboxState.box,
                on_change=InboxState.set_box,
                size="1",
                width="100%",
            ),
            padding="0 16px 8px",
            width="100%",
        ),
        error_callout(InboxState.problem, "inbox-error"),
        rx.box(
            rx.cond(
                InboxState.rows.length() > 0,
                rx.foreach(InboxState.rows, _row),
                rx.center(
                    rx.vstack(
                        rx.icon("inbox", size=28, color="var(--gray-9)"),
                        rx.text("No conversations here", size="2", color=styles.MUTED),
                        align="center",
                        spacing="2",
                    ),
                    padding_y="64px",
                    data_testid="inbox-empty",
                ),
            ),
            overflow_y="auto",
            flex="1",
            width="100%",
            data_testid="conversation-list",
        ),
        width=LIST_WIDTH,
        min_width=LIST_WIDTH,
        height="100vh",
        border_right=styles.BORDER,
        spacing="0",
    )


def _conversation_header() -> rx.Component:
    is_open = ContactState.conversation_status == "open"
    return rx.hstack(
        _avatar(ContactState.initials, "40px"),
        rx.vstack(
            rx.hstack(
                rx.heading(
                    ContactState.name,
                    size="4",
                    white_space="nowrap",
                    overflow="hidden",
                    text_overflow="ellipsis",
                    data_testid="conversation-name",
                ),
                rx.badge(
                    rx.cond(is_open, "Open", "Closed"),
                    color_scheme=rx.cond(is_open, "green", "gray"),
                    flex_shrink="0",
                    data_testid="conversation-status",
                ),
                align="center",
                spacing="2",
                width="100%",
                min_width="0",
            ),
            rx.text(
                rx.cond(
                    ContactState.assignee != "",
                    "Assigned to " + ContactState.assignee,
                    "Unassigned",
                ),
                rx.cond(ContactState.channel != "", " · " + ContactState.channel, ""),
                rx.cond(ContactState.closing != "", " · " + ContactState.closing, ""),
                size="1",
                color=styles.MUTED,
                white_space="nowrap",
                overflow="hidden",
                text_overflow="ellipsis",
                width="100%",
                data_testid="conversation-assignee",
            ),
            spacing="0",
            flex="1",
            min_width="0",
        ),
        shortcuts_menu(),
        header_actions(is_open),
        rx.cond(
            InboxState.sees_workflows,
            rx.tooltip(
                rx.icon_button(
                    rx.icon("workflow", size=18),
                    variant=rx.cond(ContactState.tab == "workflows", "solid", "soft"),
                    on_click=ContactState.set_tab("workflows"),
                    aria_label="Workflows",
                    data_testid="workflows-icon",
                ),
                content="Workflows",
            ),
        ),
        align="center",
        spacing="2",
        padding="14px 20px",
        border_bottom=styles.BORDER,
        width="100%",
    )


def _conversation_column() -> rx.Component:
    return rx.vstack(
        _conversation_header(),
        thread(),
        composer(),
        flex="1",
        min_width="0",
        height="100vh",
        spacing="0",
    )


def _panel_column() -> rx.Component:
    on_workflows = (ContactState.tab == "workflows") & InboxState.sees_workflows
    return rx.vstack(
        rx.hstack(
            rx.button(
                rx.icon("user", size=14),
                "Contact",
                size="1",
                variant=rx.cond(on_workflows, "ghost", "soft"),
                on_click=ContactState.set_tab("contact"),
                data_testid="tab-contact",
            ),
            rx.cond(
                InboxState.sees_workflows,
                rx.button(
                    rx.icon("workflow", size=14),
                    "Ongoing Workflows",
                    size="1",
                    variant=rx.cond(on_workflows, "soft", "ghost"),
                    on_click=ContactState.set_tab("workflows"),
                    data_testid="tab-workflows",
                ),
            ),
            spacing="2",
            padding="18px 16px 12px",
            width="100%",
            border_bottom=styles.BORDER,
        ),
        rx.box(
            rx.cond(on_workflows, ongoing_workflows(), contact_panel()),
            padding="16px",
            overflow_y="auto",
            flex="1",
            width="100%",
        ),
        width=PANEL_WIDTH,
        min_width=PANEL_WIDTH,
        height="100vh",
        border_left=styles.BORDER,
        background="var(--gray-1)",
        spacing="0",
    )


def _nothing_open() -> rx.Component:
    return rx.center(
        rx.vstack(
            rx.icon("messages-square", size=36, color="var(--gray-8)"),
            rx.heading("Pick a conversation", size="4"),
            rx.text(
                "Messages from your contacts show up here as they arrive.",
                size="2",
                color=styles.MUTED,
            ),
            align="center",
            spacing="2",
        ),
        flex="1",
        height="100vh",
        data_testid="no-conversation",
    )


def messages_page() -> rx.Component:
    """``/messages``."""
    return rx.hstack(
        layout.sidebar(routes.MESSAGES),
        _list_column(),
        rx.cond(
            InboxState.selected != 0,
            rx.fragment(_conversation_column(), _panel_column()),
            _nothing_open(),
        ),
        assign_dialog(),
        close_dialog(),
        shortcut_dialog(),
        rx.box(on_mount=InboxState.poll, on_unmount=InboxState.stop, display="none"),
        spacing="0",
        width="100%",
        height="100vh",
        overflow="hidden",
        align="start",
    )
