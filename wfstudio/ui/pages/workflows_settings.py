"""Workflow Settings: stop for a contact, and the exit conditions (also while published)."""

from __future__ import annotations

import reflex as rx

from wfstudio.domain.definition import EXIT_ON_CHOICES, Settings
from wfstudio.services import workflows
from wfstudio.services.errors import Refused
from wfstudio.ui import context, styles
from wfstudio.ui.audience import Audience, may_send
from wfstudio.ui.components.feedback import done_toast, error_callout
from wfstudio.ui.events import event

# (choice, label, the exception, in one line) as the product page's table explains them.
EXIT_CONDITIONS = (
    (
        "outgoing_message",
        "When an outgoing message is sent",
        "Except messages sent by this workflow's own steps, broadcasts and integrations "
        "(API, Zapier, Make.com, Google Sheets, Dialogflow …).",
    ),
    (
        "incoming_message",
        "When an incoming message is received",
        "Except a contact's answer to a question of this workflow (Ask a Question).",
    ),
    (
        "manual_assignment",
        "When a user is manually assigned to the contact",
        "Except assignments made by workflows or through the API.",
    ),
)
assert tuple(choice for choice, _, _ in EXIT_CONDITIONS) == EXIT_ON_CHOICES


@may_send(Audience.MANAGERS)
class SettingsState(rx.State):
    """The Workflow Settings dialog of one workflow."""

    open: rx.Field[bool] = rx.field(False)
    name: rx.Field[str] = rx.field("")
    allow_stop: rx.Field[bool] = rx.field(False)
    exit_on: rx.Field[list[str]] = rx.field(default_factory=list)
    error: rx.Field[str] = rx.field("")
    _target: int = 0

    @event
    async def show(self, target: int):
        try:
            view = workflows.get_workflow(
                context.engine(), workflow_id=await context.own_workflow(self, target)
            )
        except Refused as refusal:
            return rx.toast.error(refusal.message)
        self._target, self.name, self.error = target, view.name, ""
        self.allow_stop = view.settings.allow_stop_for_contact
        self.exit_on = list(view.settings.exit_on)
        self.open = True
        return None

    @event
    def set_open(self, value: bool):
        self.open = value

    @event
    def set_allow_stop(self, value: bool):
        self.allow_stop = value

    @event
    def toggle_exit(self, choice: str, on: bool):
        chosen = set(self.exit_on) - {choice}
        self.exit_on = [c for c in EXIT_ON_CHOICES if c in chosen or (on and c == choice)]

    @event
    def save(self):
        settings = Settings.model_validate(
            {"allow_stop_for_contact": self.allow_stop, "exit_on": self.exit_on}
        )
        try:
            workflows.update_settings(context.engine(), workflow_id=self._target, settings=settings)
        except Refused as refusal:
            self.error = refusal.message
            return None
        self.open = False
        return done_toast(f"Settings of “{self.name}” saved.")


def _switch_row(
    label: str, explanation: str, checked, on_change, testid: str, *, strong: bool = False
) -> rx.Component:
    return rx.hstack(
        rx.vstack(
            rx.text(label, size="2", weight="medium" if strong else "regular"),
            rx.text(explanation, size="1", color=styles.MUTED),
            spacing="1",
            flex="1",
        ),
        rx.switch(checked=checked, on_change=on_change, aria_label=label, data_testid=testid),
        align="start",
        spacing="4",
        width="100%",
    )


def dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Workflow Settings"),
            rx.dialog.description(SettingsState.name, size="2", color=styles.MUTED),
            rx.vstack(
                _switch_row(
                    "Allow users to stop this Workflow for a Contact",
                    "Users can stop it for a contact at any point from the Messages module. "
                    "Can be changed while the workflow is published.",
                    SettingsState.allow_stop,
                    SettingsState.set_allow_stop,
                    "settings-allow-stop",
                    strong=True,
                ),
                rx.separator(),
                rx.text("Stop this Workflow for a Contact", size="2", weight="medium"),
                *[
                    _switch_row(
                        label,
                        exception,
                        SettingsState.exit_on.contains(choice),
                        lambda on, choice=choice: SettingsState.toggle_exit(choice, on),
                        f"settings-exit-{choice}",
                    )
                    for choice, label, exception in EXIT_CONDITIONS
                ],
                rx.text(
                    "With several conditions, the first one that happens stops the workflow.",
                    size="1",
                    color=styles.MUTED,
                ),
                error_callout(SettingsState.error, "settings-error"),
                rx.hstack(
                    rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray")),
                    rx.button("Save", on_click=SettingsState.save, data_testid="settings-save"),
                    justify="end",
                    width="100%",
                ),
                spacing="4",
                margin_top="16px",
            ),
            max_width="520px",
        ),
        open=SettingsState.open,
        on_open_change=SettingsState.set_open,
    )
