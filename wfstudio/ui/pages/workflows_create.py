"""+ Add Workflow: the split button (its arrow holds Import Workflow) and the Add dialog."""

from __future__ import annotations

import reflex as rx

from wfstudio.domain.limits import MAX_NAME_CHARS
from wfstudio.services import workflows
from wfstudio.services.errors import Refused
from wfstudio.services.naming import MAX_DESCRIPTION_CHARS
from wfstudio.ui import context, routes, styles
from wfstudio.ui.audience import Audience, may_send
from wfstudio.ui.components.forms import name_description_form
from wfstudio.ui.events import event
from wfstudio.ui.pages.workflows_import import ImportState


@may_send(Audience.MANAGERS)
class CreateState(rx.State):
    """The Add Workflow dialog."""

    open: rx.Field[bool] = rx.field(False)
    error: rx.Field[str] = rx.field("")

    @event
    def show(self):
        self.open, self.error = True, ""

    @event
    def set_open(self, value: bool):
        self.open = value

    @event
    async def create(self, form: dict):
        """Create a Draft and open it in the builder."""
        try:
            view = workflows.create_workflow(
                context.engine(),
                workspace_id=await context.signed_in_workspace_id(self),
                actor_id=await context.actor_id(self),
                name=str(form.get("name", "")),
                description=str(form.get("description", "")),
            )
        except Refused as refusal:
            self.error = refusal.message
            return None
        self.open, self.error = False, ""
        return rx.redirect(routes.builder(view.id))


def add_button(testid: str = "add-workflow", **props) -> rx.Component:
    return rx.button(
        rx.icon("plus", size=16),
        "Add Workflow",
        on_click=CreateState.show,
        data_testid=testid,
        **props,
    )


def add_menu() -> rx.Component:
    """The + Add Workflow button with a dropdown arrow beside it (Import Workflow)."""
    return rx.hstack(
        add_button(border_top_right_radius="0", border_bottom_right_radius="0"),
        rx.dropdown_menu.root(
            rx.dropdown_menu.trigger(
                rx.icon_button(
                    rx.icon("chevron-down", size=16),
                    border_top_left_radius="0",
                    border_bottom_left_radius="0",
                    border_left="1px solid var(--accent-a8)",
                    aria_label="More ways to add a workflow",
                    data_testid="add-workflow-more",
                ),
            ),
            rx.dropdown_menu.content(
                rx.dropdown_menu.item(
                    rx.hstack(rx.icon("upload", size=14), "Import Workflow", align="center"),
                    on_select=ImportState.show,
                    data_testid="import-workflow",
                ),
                align="end",
            ),
        ),
        spacing="0",
    )


def _from_template() -> rx.Component:
    """The other way to start: a ready-made workflow from the gallery."""
    return rx.hstack(
        rx.icon("layout-template", size=18, color="var(--accent-11)"),
        rx.vstack(
            rx.text("Start from a template", size="2", weight="medium"),
            rx.text(
                "Ready-made workflows: welcome messages, assignment, chat menus…",
                size="1",
                color=styles.MUTED,
            ),
            spacing="0",
            flex="1",
            min_width="0",
        ),
        rx.button(
            "Browse templates",
            rx.icon("arrow-right", size=14),
            variant="soft",
            size="1",
            on_click=[CreateState.set_open(False), rx.redirect(routes.TEMPLATES)],
            data_testid="add-from-template",
        ),
        align="center",
        spacing="3",
        padding="10px 12px",
        margin_top="16px",
        border=styles.BORDER,
        border_radius="var(--radius-3)",
        background="var(--gray-a2)",
        width="100%",
    )


def dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Add Workflow"),
            rx.dialog.description(
                "Name the workflow; you build it in the builder next. It starts as a Draft. "
                f"Names have up to {MAX_NAME_CHARS} characters, descriptions up to "
                f"{MAX_DESCRIPTION_CHARS}.",
                size="2",
                color=styles.MUTED,
                margin_bottom="16px",
            ),
            name_description_form(
                "add",
                error=CreateState.error,
                submit_label="Create",
                on_submit=CreateState.create,
                description_label="Description (optional)",
                new=True,
            ),
            _from_template(),
            max_width="480px",
        ),
        open=CreateState.open,
        on_open_change=CreateState.set_open,
    )
