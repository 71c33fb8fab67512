"""The landing page until the studio lands: what wfstudio knows how to build."""

import reflex as rx

from wfstudio.domain.catalogue import STEPS, TRIGGERS


def _kind_card(label: str, description: str, icon: str) -> rx.Component:
    return rx.card(
        rx.hstack(
            rx.icon(icon, size=18),
            rx.vstack(
                rx.text(label, weight="medium"),
                rx.text(description, size="1", color_scheme="gray"),
                spacing="0",
            ),
            align="start",
            spacing="3",
        ),
        width="100%",
    )


def home() -> rx.Component:
    """Lists the triggers and steps of the catalogue."""
    return rx.container(
        rx.vstack(
            rx.heading("wfstudio", size="8", data_testid="app-title"),
            rx.text("Workflow studio for customer-messaging teams.", color_scheme="gray"),
            rx.heading(f"{len(TRIGGERS)} triggers", size="5", data_testid="trigger-count"),
            rx.grid(
                *[_kind_card(s.label, s.description, s.icon) for s in TRIGGERS.values()],
                columns="3",
                spacing="3",
                width="100%",
            ),
            rx.heading(f"{len(STEPS)} steps", size="5", data_testid="step-count"),
            rx.grid(
                *[_kind_card(s.label, s.description, s.icon) for s in STEPS.values()],
                columns="3",
                spacing="3",
                width="100%",
            ),
            spacing="4",
            padding_y="6",
        ),
        size="4",
    )
