"""Workspace Settings: a left sub-navigation (users, the workspace, teams, channels,
contact fields, tags, lifecycle stages, closing categories) and the chosen section."""

from __future__ import annotations

import reflex as rx

from wfstudio.ui import layout, routes, styles
from wfstudio.ui.components.feedback import error_callout
from wfstudio.ui.pages.settings_channels import channels_tab
from wfstudio.ui.pages.settings_fields import fields_tab
from wfstudio.ui.pages.settings_lists import list_tab, remove_dialog, rename_dialog
from wfstudio.ui.pages.settings_state import SettingsState
from wfstudio.ui.pages.settings_teams import teams_tab
from wfstudio.ui.pages.settings_users import users_tab
from wfstudio.ui.pages.settings_workspace import workspace_tab
from wfstudio.ui.pages.settings_workspace_state import WorkspaceFormState

# (group, [(tab, label, icon)]) in the order the sub-navigation shows them.
SECTIONS = (
    ("People", (("users", "Users", "users"), ("teams", "Teams", "users-round"))),
    (
        "Workspace",
        (("workspace", "General", "building-2"), ("channels", "Channels", "radio-tower")),
    ),
    (
        "Contacts",
        (
            ("fields", "Contact fields", "list"),
            ("tags", "Tags", "tag"),
            ("stages", "Lifecycle stages", "milestone"),
        ),
    ),
    ("Conversations", (("categories", "Closing categories", "archive"),)),
)
ON_LOAD = [SettingsState.load, WorkspaceFormState.load]


def _nav_item(tab: str, label: str, icon: str) -> rx.Component:
    active = SettingsState.tab == tab
    return rx.el.button(
        rx.hstack(
            rx.icon(icon, size=16),
            rx.text(label, size="2", weight="medium"),
            align="center",
            spacing="2",
        ),
        on_click=SettingsState.set_tab(tab),
        type="button",
        width="100%",
        padding="7px 12px",
        border="none",
        border_radius="var(--radius-2)",
        cursor="pointer",
        text_align="left",
        background=rx.cond(active, "var(--accent-a3)", "transparent"),
        color=rx.cond(active, "var(--accent-11)", "var(--gray-11)"),
        _hover={"background": rx.cond(active, "var(--accent-a3)", "var(--gray-a3)")},
        aria_current=rx.cond(active, "page", "false"),
        data_testid=f"settings-tab-{tab}",
    )


def _subnav() -> rx.Component:
    items: list[rx.Component] = []
    for group, tabs in SECTIONS:
        items.append(
            rx.text(
                group.upper(),
                size="1",
                weight="medium",
                color=styles.MUTED,
                letter_spacing="0.04em",
                padding_top="12px",
                padding_x="12px",
            )
        )
        items.extend(_nav_item(*tab) for tab in tabs)
    return rx.el.nav(
        rx.vstack(*items, spacing="1", width="100%"),
        width="208px",
        min_width="208px",
        position="sticky",
        top="24px",
        aria_label="Settings sections",
    )


def _section() -> rx.Component:
    return rx.match(
        SettingsState.tab,
        ("workspace", workspace_tab()),
        ("teams", teams_tab()),
        ("channels", channels_tab()),
        ("fields", fields_tab()),
        (
            "tags",
            list_tab(
                "tag",
                "Tags",
                "Labels on contacts that workflows add, remove and branch on.",
                SettingsState.tags,
                placeholder="New tag",
                empty="No tags yet.",
                name_header="Tag",
            ),
        ),
        (
            "stages",
            list_tab(
                "stage",
                "Lifecycle stages",
                "Where a contact is in your funnel, in this order.",
                SettingsState.stages,
                placeholder="New lifecycle stage",
                empty="No lifecycle stages yet.",
                name_header="Stage",
            ),
        ),
        (
            "categories",
            list_tab(
                "category",
                "Closing categories",
                "Why a conversation was closed; chosen when closing it.",
                SettingsState.categories,
                placeholder="New closing category",
                empty="No closing categories yet.",
                name_header="Category",
            ),
        ),
        users_tab(),
    )


def settings_page() -> rx.Component:
    return layout.shell(
        rx.cond(
            SettingsState.problem != "",
            error_callout(SettingsState.problem, "settings-problem"),
            rx.hstack(
                _subnav(),
                rx.box(
                    rx.cond(SettingsState.loaded, _section(), rx.spinner()), flex="1", min_width="0"
                ),
                align="start",
                spacing="6",
                width="100%",
            ),
        ),
        rename_dialog(),
        remove_dialog(),
        active=routes.SETTINGS,
        title="Settings",
        subtitle="Your workspace: its people, channels and what it knows about contacts.",
    )
