"""Deleting a step, confirmed with the list of what goes with it
(:func:`wfstudio.domain.graph.descendants_to_delete`)."""

from __future__ import annotations

import reflex as rx

from wfstudio.domain.graph import descendants_to_delete
from wfstudio.ui import styles
from wfstudio.ui.audience import Audience, may_send
from wfstudio.ui.components.feedback import confirm_buttons
from wfstudio.ui.events import event
from wfstudio.ui.pages import builder_edits as edits
from wfstudio.ui.pages.builder_state import BuilderState


@may_send(Audience.MANAGERS)
class DeleteState(rx.State):
    """The delete confirmation of one step."""

    open: rx.Field[bool] = rx.field(False)
    name: rx.Field[str] = rx.field("")
    others: rx.Field[list[str]] = rx.field(default_factory=list)  # names of what goes too
    _ids: rx.Field[list[str]] = rx.field(default_factory=list)

    @event
    async def ask(self, step_id: str):
        builder = await self.get_state(BuilderState)
        definition = builder.current_definition()
        step = definition.step(step_id)
        if builder.read_only or step is None:
            return
        self._ids = descendants_to_delete(definition, step_id)
        names = {s.id: s.name for s in definition.steps}
        self.name = step.name
        self.others = [names[sid] for sid in self._ids if sid != step_id]
        self.open = True

    @event
    def set_open(self, value: bool):
        self.open = value

    @event
    async def confirm(self):
        builder = await self.get_state(BuilderState)
        builder._commit(edits.delete_steps(builder.current_definition(), self._ids))
        self.open, self._ids = False, []


def delete_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title("Delete step"),
            rx.alert_dialog.description(
                rx.text("“", rx.text.strong(DeleteState.name), "” will be deleted.", size="2"),
            ),
            rx.cond(
                DeleteState.others.length() > 0,
                rx.vstack(
                    rx.text(
                        "These steps follow only from it and are deleted too:",
                        size="2",
                        color=styles.MUTED,
                    ),
                    rx.el.ul(
                        rx.foreach(DeleteState.others, lambda name: rx.el.li(name)),
                        data_testid="delete-also",
                        style={"margin": "0", "padding_left": "20px", "font_size": "14px"},
                    ),
                    spacing="1",
                    margin_top="12px",
                ),
            ),
            rx.text(
                "You can undo this with Undo (Ctrl+Z).",
                size="1",
                color=styles.MUTED,
                margin_top="12px",
            ),
            confirm_buttons(
                "Delete", DeleteState.confirm, "delete-step-confirm", margin_top="16px"
            ),
            max_width="460px",
        ),
        open=DeleteState.open,
        on_open_change=DeleteState.set_open,
    )
