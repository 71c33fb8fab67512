"""The Contact fields tab: the standard fields (read-only) and the custom ones, with the
Options dialog of a list field."""

from __future__ import annotations

import reflex as rx

from wfstudio.services import workspace as svc
from wfstudio.services.errors import Refused
from wfstudio.ui import context, styles
from wfstudio.ui.audience import Audience, may_send
from wfstudio.ui.components.feedback import done_toast, error_callout
from wfstudio.ui.events import event
from wfstudio.ui.pages.settings_lists import icon_action, list_tab, rename_remove
from wfstudio.ui.pages.settings_models import FIELD_TYPE_LABELS, ItemRow
from wfstudio.ui.pages.settings_state import SettingsState, acting


@may_send(Audience.MANAGERS)
class FieldOptionsState(rx.State):
    """The Options dialog of one list field."""

    open: rx.Field[bool] = rx.field(False)
    key: rx.Field[str] = rx.field("")
    label: rx.Field[str] = rx.field("")
    text: rx.Field[str] = rx.field("")  # one option a line
    error: rx.Field[str] = rx.field("")

    @event
    def show(self, key: str, label: str, options: list[str]):
        self.key, self.label, self.text, self.error = key, label, "\n".join(options), ""
        self.open = True

    @event
    def set_open(self, value: bool):
        self.open = value

    @event
    def set_text(self, value: str):
        self.text = value

    @event
    async def save(self):
        workspace_id, actor_id = await acting(self)
        options = [line for line in self.text.splitlines() if line.strip()]
        try:
            svc.set_field_options(
                context.engine(),
                workspace_id=workspace_id,
                key=self.key,
                options=options,
                actor_id=actor_id,
            )
        except Refused as refusal:
            self.error = refusal.message
            return None
        self.open = False
        return [done_toast(f"Options of {self.label} saved."), SettingsState.load]


def _actions(row: ItemRow) -> rx.Component:
    return rx.hstack(
        rx.cond(
            row.is_list,
            icon_action(
                "list-checks",
                "Options of " + row.label,
                FieldOptionsState.show(row.key, row.label, row.options),
                "settings-field-options",
            ),
        ),
        rename_remove("field")(row),
        spacing="3",
        justify="end",
    )


def _options_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Options of " + FieldOptionsState.label),
            rx.dialog.description(
                "One option a line, in the order they are offered. Contacts keep the "
                "values they already have.",
                size="2",
                color=styles.MUTED,
                margin_bottom="12px",
            ),
            rx.vstack(
                rx.text_area(
                    value=FieldOptionsState.text,
                    on_change=FieldOptionsState.set_text,
                    rows="8",
                    width="100%",
                    aria_label="Options, one a line",
                    data_testid="settings-field-options-text",
                ),
                error_callout(FieldOptionsState.error, "settings-field-options-error"),
                rx.hstack(
                    rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray")),
                    rx.button(
                        "Save",
                        on_click=FieldOptionsState.save,
                        data_testid="settings-field-options-save",
                    ),
                    justify="end",
                    spacing="2",
                    width="100%",
                ),
                spacing="3",
            ),
            max_width="480px",
        ),
        open=FieldOptionsState.open,
        on_open_change=FieldOptionsState.set_open,
    )


def _field_type() -> rx.Component:
    return rx.select.root(
        rx.select.trigger(aria_label="Field type", data_testid="settings-field-type"),
        rx.select.content(
            *[rx.select.item(label, value=kind) for kind, label in FIELD_TYPE_LABELS.items()]
        ),
        name="type",
        default_value="text",
    )


def fields_tab() -> rx.Component:
    return rx.fragment(
        list_tab(
            "field",
            "Contact fields",
            "The standard fields every contact has, and your custom ones. A field's type is "
            "fixed once it exists; a list field offers the options you give it.",
            SettingsState.fields,
            placeholder="New field label",
            empty="No contact fields.",
            name_header="Label",
            detail_header="Type",
            extra_inputs=(_field_type(),),
            actions=_actions,
        ),
        _options_dialog(),
    )
