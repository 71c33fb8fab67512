"""The Messages page's view models: small serializable rows built from the inbox services'
read models, with times already written out in the workspace's timezone."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, tzinfo

from wfstudio.services.inbox_views import (
    ContactPanel,
    ConversationItem,
    OngoingWorkflow,
    ShortcutView,
    ThreadLine,
)


@dataclasses.dataclass(frozen=True)
class Row:
    """A row of the conversation list."""

    contact_id: int = 0
    name: str = ""
    initials: str = ""
    preview: str = ""
    when: str = ""
    awaiting: bool = False
    assignee: str = ""
    channel: str = ""


@dataclasses.dataclass(frozen=True)
class Line:
    """A line of the thread."""

    key: str = ""
    kind: str = ""
    side: str = "in"  # in / out / note
    author: str = ""
    text: str = ""
    when: str = ""


@dataclasses.dataclass(frozen=True)
class FieldRow:
    key: str = ""
    label: str = ""
    type: str = "text"
    value: str = ""


@dataclasses.dataclass(frozen=True)
class Choice:
    key: str = ""
    label: str = ""


@dataclasses.dataclass(frozen=True)
class WorkflowItem:
    """A workflow in the Ongoing Workflows tab."""

    workflow_id: int = 0
    name: str = ""
    ongoing: bool = False
    step: str = ""
    since: str = ""
    can_stop: bool = False


@dataclasses.dataclass(frozen=True)
class FormFieldItem:
    """A question of a shortcut's form."""

    variable: str = ""
    label: str = ""
    type: str = "text"
    required: bool = False
    options: list[str] = dataclasses.field(default_factory=list)
    value: str = ""  # the agent's answer so far


@dataclasses.dataclass(frozen=True)
class ShortcutItem:
    workflow_id: int = 0
    name: str = ""
    icon: str = "zap"
    description: str = ""


def short_time(moment: datetime | None, now: datetime, zone: tzinfo = UTC) -> str:
    """ "14:05" today, "Yesterday", "Mon" this week, else "3 Mar" (or "3 Mar 2024")."""
    if moment is None:
        return ""
    moment = (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(zone)
    now = now.astimezone(zone)
    days = (now.date() - moment.date()).days
    if days <= 0:
        return moment.strftime("%H:%M")
    if days == 1:
        return "Yesterday"
    if days < 7:
        return moment.strftime("%a")
    if moment.year == now.year:
        return f"{moment.day} {moment:%b}"
    return f"{moment.day} {moment:%b %Y}"


def stamp(moment: datetime, now: datetime, zone: tzinfo = UTC) -> str:
    """A thread line's time: "14:05", or "3 Mar, 14:05" before today."""
    moment = (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(zone)
    clock = moment.strftime("%H:%M")
    if moment.date() == now.astimezone(zone).date():
        return clock
    return f"{moment.day} {moment:%b}, {clock}"


def initials(name: str) -> str:
    parts = [part for part in name.replace("@", " ").split() if part[:1].isalnum()]
    return "".join(part[0].upper() for part in parts[:2]) or "?"


def row(item: ConversationItem, now: datetime, zone: tzinfo) -> Row:
    return Row(
        contact_id=item.contact_id,
        name=item.name,
        initials=initials(item.name),
        preview=item.preview,
        when=short_time(item.last_at, now, zone),
        awaiting=item.awaiting_reply,
        assignee=item.assignee,
        channel=item.channel,
    )


def line(item: ThreadLine, now: datetime, zone: tzinfo) -> Line:
    return Line(
        key=item.key,
        kind=item.kind,
        side=item.side,
        author=item.author,
        text=item.text,
        when=stamp(item.at, now, zone),
    )


def field_rows(panel: ContactPanel) -> list[FieldRow]:
    return [FieldRow(f.key, f.label, f.type, f.value) for f in panel.fields]


def workflow_item(item: OngoingWorkflow, now: datetime, zone: tzinfo) -> WorkflowItem:
    return WorkflowItem(
        workflow_id=item.workflow_id,
        name=item.name,
        ongoing=item.ongoing,
        step=item.step,
        since=stamp(item.since, now, zone) if item.since is not None else "",
        can_stop=item.can_stop,
    )


def shortcut_item(view: ShortcutView) -> ShortcutItem:
    return ShortcutItem(view.workflow_id, view.name, view.icon, view.description)


def form_fields(view: ShortcutView) -> list[FormFieldItem]:
    return [
        FormFieldItem(f.variable, f.label, f.type, f.required, list(f.options))
        for f in view.fields
        if f.variable
    ]
