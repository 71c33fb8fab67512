"""What the Messages module's services return: small frozen read models, no database rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from wfstudio.domain.triggers.shortcut import FormField
from wfstudio.services.workspace_views import Option

LineKind = Literal["contact", "user", "workflow", "ai", "broadcast", "api", "comment", "event"]


@dataclass(frozen=True)
class ConversationItem:
    """One row of the conversation list: a contact and their latest conversation."""

    contact_id: int
    conversation_id: int
    name: str
    status: str
    preview: str  # the latest message, one line, shortened
    last_at: datetime
    awaiting_reply: bool  # the latest message is the contact's
    assignee: str  # a user's name, a team's name, or ""
    channel: str


@dataclass(frozen=True)
class ThreadLine:
    """One line of a contact's thread: a message, an internal comment or a system event.

    ``side`` is where the UI puts it: ``in`` (the contact's), ``out`` (sent to the contact)
    or ``note`` (only the team sees it: comments and events)."""

    key: str
    kind: LineKind
    side: Literal["in", "out", "note"]
    author: str
    text: str
    at: datetime


@dataclass(frozen=True)
class FieldValue:
    key: str
    label: str
    type: str
    value: str  # as the contact panel edits it ("" when not set)
    standard: bool


@dataclass(frozen=True)
class ContactPanel:
    """The contact panel and the conversation header of one contact."""

    contact_id: int
    name: str
    fields: tuple[FieldValue, ...]
    tags: tuple[Option, ...]
    lifecycle_stage: str  # key, "" when not set
    bot_status: bool
    assignee_user: str  # key, ""
    assignee_team: str  # key, ""
    assignee: str  # the name shown ("" unassigned)
    conversation_id: int  # the latest conversation (0: none yet)
    conversation_status: str  # open / closed / ""
    closing_category: str  # label
    summary: str
    channel: str


@dataclass(frozen=True)
class OngoingWorkflow:
    """A published workflow in the Ongoing Workflows tab, for one contact."""

    workflow_id: int
    name: str
    ongoing: bool
    enrollment_id: int  # 0 when not ongoing
    step: str  # the step it is at ("" when not ongoing or between steps)
    since: datetime | None
    can_stop: bool  # ongoing, and the workflow allows stopping it for a contact


@dataclass(frozen=True)
class ShortcutView:
    """A published workflow with a Shortcut trigger, as the shortcut menu offers it."""

    workflow_id: int
    workflow_key: str
    name: str
    icon: str
    description: str
    fields: tuple[FormField, ...]


@dataclass(frozen=True)
class Viewer:
    """Who looks at the inbox, and what the page may offer them."""

    user_id: int
    workspace_id: int
    name: str
    role: str
    sees_workflows_icon: bool
    timezone: str
