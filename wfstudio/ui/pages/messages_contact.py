"""The contact panel: standard and custom fields, tags, lifecycle stage and Bot status.
Each edit goes through the inbox service, which fires the matching workflow triggers."""

from __future__ import annotations

from typing import Any

import reflex as rx

from wfstudio.services import inbox_contact
from wfstudio.services.errors import Refused
from wfstudio.services.inbox_views import ContactPanel
from wfstudio.services.live import get_runtime
from wfstudio.ui import context, styles
from wfstudio.ui.audience import Audience, may_send
from wfstudio.ui.components.feedback import error_callout
from wfstudio.ui.events import event
from wfstudio.ui.pages.messages_models import Choice, FieldRow, initials

NO_STAGE = "-"


@may_send(Audience.SIGNED_IN)
class ContactState(rx.State):
    """What the panel and the conversation header show of the open contact."""

    name: rx.Field[str] = rx.field("")
    initials: rx.Field[str] = rx.field("")
    conversation_status: rx.Field[str] = rx.field("")
    assignee: rx.Field[str] = rx.field("")
    assignee_user: rx.Field[str] = rx.field("")
    assignee_team: rx.Field[str] = rx.field("")
    channel: rx.Field[str] = rx.field("")
    closing: rx.Field[str] = rx.field("")  # "Resolved · summary"
    fields: rx.Field[list[FieldRow]] = rx.field(default_factory=list)
    tags: rx.Field[list[Choice]] = rx.field(default_factory=list)
    stage: rx.Field[str] = rx.field(NO_STAGE)
    bot_status: rx.Field[bool] = rx.field(False)
    tag_choices: rx.Field[list[Choice]] = rx.field(default_factory=list)
    stage_choices: rx.Field[list[Choice]] = rx.field(default_factory=list)
    tab: rx.Field[str] = rx.field("contact")  # contact / workflows
    problem: rx.Field[str] = rx.field("")
    version: rx.Field[int] = rx.field(0)  # re-mounts the field inputs after a reload

    def show(self, panel: ContactPanel, fields: list[FieldRow]) -> None:
        self.name, self.conversation_status = panel.name, panel.conversation_status
        self.initials = initials(panel.name)
        self.assignee, self.channel = panel.assignee, panel.channel
        self.assignee_user, self.assignee_team = panel.assignee_user, panel.assignee_team
        self.closing = " · ".join(p for p in (panel.closing_category, panel.summary) if p)
        self.fields, self.bot_status = fields, panel.bot_status
        self.tags = [Choice(t.key, t.label) for t in panel.tags]
        self.stage = panel.lifecycle_stage or NO_STAGE
        self.version += 1

    @event
    def set_tab(self, tab: str):
        self.tab = tab

    async def _edit(self, call: Any, **values: Any) -> None:
        from wfstudio.ui.pages.messages_state import InboxState

        inbox = await self.get_state(InboxState)
        try:
            await call(
                get_runtime(),
                user_id=(await context.actor_id(self) or 0),
                contact_id=inbox.selected,
                **values,
            )
        except Refused as refusal:
            self.problem = refusal.message
        else:
            self.problem = ""
        await inbox.refresh()

    @event
    async def save_field(self, key: str, value: str):
        await self._edit(inbox_contact.update_field, key=key, value=value)

    @event
    async def add_tag(self, tag: str):
        await self._edit(inbox_contact.set_tag, tag=tag, present=True)

    @event
    async def remove_tag(self, tag: str):
        await self._edit(inbox_contact.set_tag, tag=tag, present=False)

    @event
    async def set_stage(self, stage: str):
        await self._edit(inbox_contact.set_lifecycle, stage="" if stage == NO_STAGE else stage)

    @event
    async def set_bot(self, on: bool):
        await self._edit(inbox_contact.set_bot_status, on=on)


# --- components ----------------------------------------------------------------------------


def _label(text: str | rx.Var) -> rx.Component:
    return rx.text(text, size="1", weight="medium", color=styles.MUTED)


def _field(row: FieldRow) -> rx.Component:
    kind = rx.match(row.type, ("number", "number"), ("date", "date"), ("email", "email"), "text")
    return rx.vstack(
        _label(row.label),
        rx.cond(
            row.type == "checkbox",
            rx.switch(
                checked=row.value == "true",
                on_change=lambda on: ContactState.save_field(row.key, rx.cond(on, "true", "false")),
                data_testid=f"field-{row.key}",
            ),
            rx.input(
                default_value=row.value,
                type=kind,
                on_blur=lambda value: ContactState.save_field(row.key, value),
                key=ContactState.version.to_string() + row.key,
                size="1",
                width="100%",
                aria_label=row.label,
                data_testid=f"field-{row.key}",
            ),
        ),
        spacing="1",
        width="100%",
    )


def _tag(tag: Choice) -> rx.Component:
    return rx.badge(
        tag.label,
        rx.icon(
            "x",
            size=12,
            cursor="pointer",
            on_click=ContactState.remove_tag(tag.key),
            aria_label="Remove tag",
        ),
        variant="soft",
        radius="full",
        data_testid="contact-tag",
    )


def _tags() -> rx.Component:
    return rx.vstack(
        _label("Tags"),
        rx.flex(rx.foreach(ContactState.tags, _tag), wrap="wrap", gap="6px"),
        rx.select.root(
            rx.select.trigger(placeholder="Add a tag", data_testid="add-tag"),
            rx.select.content(
                rx.foreach(ContactState.tag_choices, lambda c: rx.select.item(c.label, value=c.key))
            ),
            value="",
            on_change=ContactState.add_tag,
            size="1",
        ),
        spacing="1",
        width="100%",
    )


def contact_panel() -> rx.Component:
    return rx.vstack(
        error_callout(ContactState.problem, "contact-error"),
        rx.hstack(
            rx.vstack(
                _label("Bot status"),
                rx.text(rx.cond(ContactState.bot_status, "On", "Off"), size="2"),
                spacing="0",
            ),
            rx.spacer(),
            rx.switch(
                checked=ContactState.bot_status,
                on_change=ContactState.set_bot,
                data_testid="bot-status",
            ),
            width="100%",
            align="center",
        ),
        rx.vstack(
            _label("Lifecycle stage"),
            rx.select.root(
                rx.select.trigger(width="100%", data_testid="lifecycle-stage"),
                rx.select.content(
                    rx.select.item("No stage", value=NO_STAGE),
                    rx.foreach(
                        ContactState.stage_choices,
                        lambda c: rx.select.item(c.label, value=c.key),
                    ),
                ),
                value=ContactState.stage,
                on_change=ContactState.set_stage,
                size="1",
            ),
            spacing="1",
            width="100%",
        ),
        _tags(),
        rx.separator(size="4"),
        rx.foreach(ContactState.fields, _field),
        spacing="3",
        width="100%",
        data_testid="contact-panel",
    )
