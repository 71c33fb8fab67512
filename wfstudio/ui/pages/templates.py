"""The template gallery: cards with name, category, description and the steps used; search,
a category filter, a read-only preview on the builder's canvas, and "Use Template"."""

from __future__ import annotations

import reflex as rx

from wfstudio.ui import layout, routes, styles
from wfstudio.ui.components.canvas import workflow_canvas
from wfstudio.ui.components.feedback import error_callout
from wfstudio.ui.pages.templates_state import ALL, GalleryState, TemplateCard


def _filters() -> rx.Component:
    return rx.hstack(
        rx.input(
            rx.input.slot(rx.icon("search", size=16)),
            placeholder="Search templates",
            value=GalleryState.search,
            on_change=GalleryState.set_search,
            debounce_timeout=250,
            aria_label="Search templates",
            data_testid="template-search",
            width="320px",
        ),
        rx.select.root(
            rx.select.trigger(aria_label="Category", data_testid="template-category"),
            rx.select.content(
                rx.foreach(GalleryState.categories, lambda name: rx.select.item(name, value=name))
            ),
            value=GalleryState.category,
            on_change=GalleryState.set_category,
        ),
        rx.spacer(),
        rx.text(GalleryState.cards.length(), " templates", size="1", color=styles.MUTED),
        align="center",
        width="100%",
        spacing="3",
    )


def _step_chip(label: rx.Var) -> rx.Component:
    return rx.badge(label, variant="soft", color_scheme="gray", radius="full")


def _card(card: TemplateCard) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.badge(card.category, variant="soft"),
                rx.spacer(),
                rx.text(card.step_label, size="1", color=styles.MUTED),
                width="100%",
                align="center",
            ),
            rx.heading(card.name, size="3", as_="h2"),
            rx.text(card.description, size="2", color=styles.MUTED, flex="1"),
            rx.hstack(
                rx.icon("zap", size=14, color="var(--accent-11)"),
                rx.text(card.trigger, size="1", weight="medium"),
                align="center",
                spacing="1",
            ),
            rx.flex(rx.foreach(card.steps, _step_chip), wrap="wrap", gap="6px"),
            rx.hstack(
                rx.button(
                    rx.icon("eye", size=16),
                    "Preview",
                    variant="soft",
                    color_scheme="gray",
                    on_click=GalleryState.open_preview(card.key, card.name),
                    data_testid=f"preview-{card.key}",
                ),
                rx.button(
                    rx.icon("plus", size=16),
                    "Use Template",
                    on_click=GalleryState.use(card.key),
                    loading=GalleryState.busy,
                    data_testid=f"use-{card.key}",
                ),
                justify="end",
                width="100%",
                spacing="2",
            ),
            spacing="3",
            height="100%",
        ),
        data_testid="template-card",
    )


def _preview_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(GalleryState.preview_name),
            rx.dialog.description(
                "A read-only view of the flow. Steps in red need data from your workspace "
                "(a channel, a user, a spreadsheet…) and stay red in the builder until you "
                "choose it.",
                size="2",
                color=styles.MUTED,
            ),
            rx.box(
                workflow_canvas(
                    doc_id=GalleryState.preview_count,
                    nodes=GalleryState.preview_nodes,
                    edges=GalleryState.preview_edges,
                    selected_id="",
                    read_only=True,
                    preview=True,
                ),
                height="60vh",
                margin_top="12px",
                border=styles.BORDER,
                border_radius="var(--radius-3)",
                overflow="hidden",
                data_testid="template-preview",
            ),
            rx.hstack(
                rx.dialog.close(rx.button("Close", variant="soft", color_scheme="gray")),
                rx.button(
                    "Use Template",
                    on_click=GalleryState.use(GalleryState.preview_key),
                    loading=GalleryState.busy,
                    data_testid="preview-use",
                ),
                justify="end",
                spacing="2",
                padding_top="12px",
            ),
            max_width="min(1040px, 92vw)",
        ),
        open=GalleryState.preview_key != "",
        on_open_change=lambda _open: GalleryState.close_preview,
    )


def _no_match() -> rx.Component:
    """What a search (or category) that matches no template shows, with a way back."""
    return rx.center(
        rx.vstack(
            rx.center(
                rx.icon("search-x", size=24, color="var(--gray-11)"),
                width="48px",
                height="48px",
                border_radius="var(--radius-4)",
                background="var(--gray-a3)",
            ),
            rx.heading("No template matches your search", size="3", as_="h2"),
            rx.text(
                rx.cond(
                    GalleryState.search.strip() != "",
                    rx.fragment("Nothing found for “", GalleryState.search, "”. "),
                    "",
                ),
                "Try other words, or see every template.",
                size="2",
                color=styles.MUTED,
                text_align="center",
                max_width="420px",
                word_break="break-word",
            ),
            rx.button(
                rx.icon("x", size=16),
                "Clear search",
                variant="soft",
                on_click=GalleryState.clear_filters,
                data_testid="templates-clear-search",
            ),
            align="center",
            spacing="3",
        ),
        padding_y="80px",
        width="100%",
        border="1px dashed var(--gray-a6)",
        border_radius="var(--radius-4)",
        data_testid="templates-no-match",
    )


def templates_page() -> rx.Component:
    return layout.shell(
        error_callout(GalleryState.problem, "templates-problem"),
        rx.vstack(
            _filters(),
            rx.cond(
                (GalleryState.cards.length() == 0)
                & ((GalleryState.search.strip() != "") | (GalleryState.category != ALL)),
                _no_match(),
                rx.grid(
                    rx.foreach(GalleryState.cards, _card),
                    columns="3",
                    spacing="4",
                    width="100%",
                    data_testid="template-grid",
                ),
            ),
            spacing="4",
            width="100%",
        ),
        _preview_dialog(),
        active=routes.TEMPLATES,
        title="Templates",
        subtitle="Start from a ready-made workflow, then fill in the steps shown in red.",
        actions=rx.link(
            rx.button(rx.icon("arrow-left", size=16), "Workflows", variant="soft"),
            href=routes.WORKFLOWS,
        ),
    )
