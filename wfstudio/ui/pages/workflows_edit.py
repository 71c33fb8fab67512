"""Edit Name/Description (allowed in every status)."""

from __future__ import annotations

import reflex as rx

from wfstudio.services import workflows
from wfstudio.services.errors import Refused
from wfstudio.ui import context
from wfstudio.ui.components.feedback import done_toast, error_callout
from wfstudio.ui.components.forms import field_label
from wfstudio.ui.events import event
from wfstudio.ui.pages.workflows_listing import ListingState


class EditState(rx.State):
    """The Edit Name/Description dialog of one workflow."""

    open: rx.Field[bool] = rx.field(False)
    name: rx.Field[str] = rx.field("")
    description: rx.Field[str] = rx.field("")
    error: rx.Field[str] = rx.field("")
    _target: int = 0

    @event
    def show(self, target: int, name: str, description: str):
        self._target, self.name, self.description, self.error = target, name, description, ""
        self.open = True

    @event
    def set_open(self, value: bool):
        self.open = value

    @event
    def save(self, form: dict):
        try:
            view = workflows.rename_workflow(
                context.engine(),
                workflow_id=self._target,
                name=str(form.get("name", "")),
                description=str(form.get("description", "")),
            )
        except Refused as refusal:
            self.error = refusal.message
            return None
        self.open = False
        return [done_toast(f"Saved “{view.name}”."), ListingState.refresh]


def dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Edit Name/Description"),
            rx.form(
                rx.vstack(
                    field_label("Name", "edit-name"),
                    rx.input(
                        id="edit-name",
                        name="name",
                        default_value=EditState.name,
                        max_length=100,
                        width="100%",
                        data_testid="edit-name",
                    ),
                    field_label("Description", "edit-description"),
                    rx.text_area(
                        id="edit-description",
                        name="description",
                        default_value=EditState.description,
                        max_length=500,
                        rows="3",
                        width="100%",
                        data_testid="edit-description",
                    ),
                    error_callout(EditState.error, "edit-error"),
                    rx.hstack(
                        rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray")),
                        rx.button("Save", type="submit", data_testid="edit-save"),
                        justify="end",
                        width="100%",
                        padding_top="8px",
                    ),
                    spacing="2",
                ),
                on_submit=EditState.save,
            ),
            max_width="480px",
        ),
        open=EditState.open,
        on_open_change=EditState.set_open,
    )
