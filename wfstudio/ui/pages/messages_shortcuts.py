"""Shortcuts: the published workflows with a Shortcut trigger, run on the open contact
after filling the shortcut's form."""

from __future__ import annotations

import dataclasses

import reflex as rx

from wfstudio.services import inbox_workflows
from wfstudio.services.errors import Refused
from wfstudio.services.live import get_runtime
from wfstudio.ui import context, styles
from wfstudio.ui.audience import Audience, may_send
from wfstudio.ui.components.feedback import done_toast, error_callout
from wfstudio.ui.events import event
from wfstudio.ui.pages.messages_models import (
    FormFieldItem,
    ShortcutItem,
    form_fields,
    shortcut_item,
)


@may_send(Audience.SIGNED_IN)
class ShortcutState(rx.State):
    shortcuts: rx.Field[list[ShortcutItem]] = rx.field(default_factory=list)
    chosen_id: rx.Field[int] = rx.field(0)
    chosen_name: rx.Field[str] = rx.field("")
    chosen_description: rx.Field[str] = rx.field("")
    form: rx.Field[list[FormFieldItem]] = rx.field(default_factory=list)
    dialog_open: rx.Field[bool] = rx.field(False)
    problem: rx.Field[str] = rx.field("")

    async def _user_id(self) -> int:
        return await context.actor_id(self) or 0

    @event
    async def load(self):
        """When the menu opens: the shortcuts published now."""
        try:
            views = inbox_workflows.list_shortcuts(context.engine(), user_id=await self._user_id())
        except Refused:
            views = []
        self.shortcuts = [shortcut_item(view) for view in views]

    @event
    async def choose(self, workflow_id: int):
        views = inbox_workflows.list_shortcuts(context.engine(), user_id=await self._user_id())
        view = next((v for v in views if v.workflow_id == workflow_id), None)
        if view is None:
            return rx.toast.error("This shortcut is not available any more.")
        self.chosen_id, self.chosen_name = view.workflow_id, view.name
        self.chosen_description, self.form = view.description, form_fields(view)
        self.problem, self.dialog_open = "", True
        return None

    @event
    def set_answer(self, index: int, value: str):
        if 0 <= index < len(self.form):
            form = list(self.form)
            form[index] = dataclasses.replace(form[index], value=value)
            self.form = form

    @event
    def set_dialog_open(self, value: bool):
        self.dialog_open = value

    @event
    async def run(self):
        from wfstudio.ui.pages.messages_state import InboxState

        inbox = await self.get_state(InboxState)
        try:
            handled = await inbox_workflows.run_shortcut(
                get_runtime(),
                user_id=(await context.actor_id(self) or 0),
                contact_id=inbox.selected,
                workflow_id=self.chosen_id,
                answers={item.variable: item.value for item in self.form},
            )
        except Refused as refusal:
            self.problem, self.dialog_open = refusal.message, True
            return None
        self.dialog_open = False
        await inbox.refresh()
        if handled.started:
            return done_toast(f"“{self.chosen_name}” started for this contact")
        return rx.toast.warning(
            f"“{self.chosen_name}” did not start: the contact is already in it, "
            "or its conditions do not match."
        )


def shortcuts_menu() -> rx.Component:
    return rx.menu.root(
        rx.menu.trigger(
            rx.icon_button(
                rx.icon("zap", size=18),
                variant="soft",
                color_scheme="gray",
                aria_label="Shortcuts",
                title="Shortcuts",
                data_testid="shortcuts-open",
            ),
        ),
        rx.menu.content(
            rx.cond(
                ShortcutState.shortcuts.length() > 0,
                rx.foreach(
                    ShortcutState.shortcuts,
                    lambda s: rx.menu.item(
                        rx.hstack(rx.icon("zap", size=14), rx.text(s.name), spacing="2"),
                        on_click=ShortcutState.choose(s.workflow_id),
                        data_testid="shortcut-item",
                    ),
                ),
                rx.menu.item("No shortcut is published", disabled=True),
            ),
        ),
        on_open_change=lambda _open: ShortcutState.load,
    )


def _question(field: FormFieldItem, index: rx.Var[int]) -> rx.Component:
    value = field.value
    return rx.vstack(
        rx.text(field.label, rx.cond(field.required, " *", ""), size="2", weight="medium"),
        rx.match(
            field.type,
            (
                "list",
                rx.select.root(
                    rx.select.trigger(placeholder="Choose", width="100%"),
                    rx.select.content(
                        rx.foreach(field.options, lambda o: rx.select.item(o, value=o))
                    ),
                    value=value,
                    on_change=lambda v: ShortcutState.set_answer(index, v),
                ),
            ),
            (
                "checkbox",
                rx.switch(
                    checked=value == "true",
                    on_change=lambda on: ShortcutState.set_answer(
                        index, rx.cond(on, "true", "false")
                    ),
                ),
            ),
            rx.input(
                value=value,
                type=rx.match(field.type, ("number", "number"), ("date", "date"), "text"),
                on_change=lambda v: ShortcutState.set_answer(index, v),
                width="100%",
                aria_label=field.label,
                data_testid="shortcut-answer",
            ),
        ),
        spacing="1",
        width="100%",
    )


def shortcut_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(ShortcutState.chosen_name),
            rx.text(ShortcutState.chosen_description, size="2", color=styles.MUTED),
            rx.vstack(
                rx.foreach(ShortcutState.form, _question),
                error_callout(ShortcutState.problem, "shortcut-error"),
                rx.hstack(
                    rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray")),
                    rx.button(
                        "Run shortcut", on_click=ShortcutState.run, data_testid="shortcut-run"
                    ),
                    justify="end",
                    width="100%",
                    spacing="2",
                ),
                spacing="3",
                padding_top="12px",
            ),
            max_width="440px",
        ),
        open=ShortcutState.dialog_open,
        on_open_change=ShortcutState.set_dialog_open,
    )
