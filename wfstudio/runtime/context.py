"""The in-memory state of one burst: a contact moving through steps until it pauses or ends.

A burst is loaded in a transaction (:func:`load_burst`), runs its steps against the
plain rows held here (:mod:`wfstudio.store.rows`: only the columns it changes are written
back), and is written back in a transaction (:func:`save_burst`).
Steps that only compute or touch the database run inside those transactions; a step that
awaits the network (a channel's POST, an HTTP Request, the AI) raises :class:`Suspend`
there and runs between two transactions instead, where a step that needs the database
raises :class:`Suspend` in turn (see :func:`~wfstudio.runtime.burst.run_burst`). Steps
change the contact and conversation through this object so later steps of the same burst
see current data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pydantic import JsonValue

from wfstudio.domain.conditions import Facts
from wfstudio.domain.definition import Step, WorkflowDefinition
from wfstudio.domain.refs import STANDARD_FIELDS, FieldType
from wfstudio.domain.variables import Scope
from wfstudio.runtime.events import Event
from wfstudio.runtime.facts import condition_facts
from wfstudio.runtime.workspace_config import ChannelInfo
from wfstudio.store.rows import ContactRow, ConversationRow, EnrollmentRow, UserRef, WorkflowRef


class Suspend(Exception):
    """Raised by a step before it changes anything, when it cannot run where it is now:
    it needs the network inside a transaction, or the database outside one. The burst
    stops before that step and is continued on the other side."""


@dataclass
class Cursor:
    """The step a burst runs next, and the signal when it resumes a waiting step."""

    step_id: str
    signal: Reply | Woken | None = None


@dataclass
class Pause:
    """Why and until when an enrollment waits at its current step."""

    reason: str  # reply / wait / assign / ai
    wakes: list[tuple[str, datetime]] = field(default_factory=list)  # (wake kind, due at)
    keep_wakes: bool = False  # waiting again at the same step: its wakes stay


@dataclass(eq=False)  # compared by identity: a burst may log the same step twice alike
class LogEntry:
    """A step log row as a burst writes it (``id`` None until it is stored): plain data,
    written with one bulk insert per burst."""

    enrollment_id: int
    workflow_id: int
    version_id: int
    step_id: str
    kind: str
    entered_at: datetime
    status: str = "entered"
    port: str | None = None
    left_at: datetime | None = None
    input_summary: dict[str, Any] = field(default_factory=dict)
    error: str | None = None
    id: int | None = None


@dataclass
class Outcome:
    """What a step decided: take ``port``, jump to ``goto``, pause, or end the enrollment."""

    port: str | None = None
    goto: str | None = None
    pause: Pause | None = None
    end: tuple[str, str] | None = None  # (status, reason)
    summary: dict[str, JsonValue] = field(default_factory=dict)
    error: str | None = None


@dataclass
class Burst:
    """Everything a burst of steps reads and the writes it has queued."""

    now: datetime
    workspace_id: int
    workspace_name: str
    timezone: str
    workflow: WorkflowRef
    enrollment: EnrollmentRow
    definition: WorkflowDefinition
    contact: ContactRow
    conversation: ConversationRow | None
    channels: dict[str, ChannelInfo]
    field_types: dict[str, FieldType]
    field_labels: dict[str, str]
    workspace_settings: dict[str, Any]
    assignee: UserRef | None
    last_incoming: str | None = None
    caused: list[Event] = field(default_factory=list)
    # messages to insert (column → value), with the conversation they are in (its id is
    # known once it is written)
    messages: list[tuple[dict[str, Any], ConversationRow | None]] = field(default_factory=list)
    earlier_conversations: list[ConversationRow] = field(
        default_factory=list
    )  # replaced in this burst
    logs: list[LogEntry] = field(default_factory=list)
    open_log: LogEntry | None = None  # the log of the step being resumed
    steps_run: int = 0
    started: bool = False  # run_burst has chosen where to begin
    cursor: Cursor | None = None  # the step to run next (None once it paused or ended)
    outcome: Outcome | None = None  # how it paused or ended, once it did
    resumed_step: str | None = None  # the waiting step it was loaded at (checked on save)
    depth: int = 0  # how deep in a chain of caused events the event that ran it was
    wake_id: int | None = None  # the wake it was woken by (marked fired on save)
    # step id -> its parsed config; shared by the bursts of one cached definition
    step_configs: dict[str, Any] = field(default_factory=dict)

    # --- reading -------------------------------------------------------------------------

    def contact_values(self) -> dict[str, JsonValue]:
        values: dict[str, JsonValue] = {"id": self.contact.id}
        for key in STANDARD_FIELDS:
            values[key] = getattr(self.contact, key)
        values.update(self.contact.custom_fields)
        return values

    def scope(self) -> Scope:
        assignee = None
        if self.assignee is not None:
            first, _, last = self.assignee.name.partition(" ")
            assignee = {
                "name": self.assignee.name,
                "firstname": first,
                "lastname": last,
                "email": self.assignee.email,
            }
        return Scope(
            now=self.now,
            timezone=self.timezone,
            contact=self.contact_values(),
            assignee=assignee,
            variables=dict(self.enrollment.variables),
        )

    def facts(self) -> Facts:
        return condition_facts(
            now=self.now,
            timezone=self.timezone,
            contact=self.contact_values(),
            field_types=self.field_types,
            tags=self.contact.tags,
            variables=self.enrollment.variables,
            assignee_online=None if self.assignee is None else bool(self.assignee.online),
            conversation=self.conversation,
            last_interacted_channel_id=self.contact.last_interacted_channel_id,
            channels=self.channels,
            last_incoming=self.last_incoming,
        )

    def channel_key(self) -> str | None:
        channel_id = (
            self.conversation.channel_id
            if self.conversation is not None and self.conversation.channel_id is not None
            else self.contact.last_interacted_channel_id
        )
        for key, channel in self.channels.items():
            if channel.id == channel_id:
                return key
        return None

    def step(self, step_id: str) -> Step | None:
        return self.definition.step(step_id)

    # --- changing ------------------------------------------------------------------------

    def set_variables(self, values: dict[str, JsonValue]) -> None:
        self.enrollment.variables = {**self.enrollment.variables, **values}

    def set_contact(self, **changes: Any) -> None:
        for name, value in changes.items():
            setattr(self.contact, name, value)

    def add_message(self, **values: Any) -> dict[str, Any]:
        """Record a message on the contact, in the conversation if one is open now; returns
        its columns (``channel_id``, ``direction``, ``author_kind``, ``author_id``,
        ``text``, ``payload``)."""
        message = {**_MESSAGE_DEFAULTS, "payload": {}, **values}
        message["contact_id"] = self.contact.id or 0
        message["created_at"] = self.now
        open_now = self.conversation if self.conversation is not None else None
        if open_now is not None and open_now.status != "open":
            open_now = None
        self.messages.append((message, open_now))
        return message


_MESSAGE_DEFAULTS: dict[str, Any] = {
    "conversation_id": None,
    "channel_id": None,
    "author_id": None,
    "text": "",
}


@dataclass(frozen=True)
class Reply:
    """The contact answered the step the enrollment waits at."""

    text: str


@dataclass(frozen=True)
class Woken:
    """A durable timer of the waiting step fired (``wait``, ``timeout``, ``assign_retry``,
    ``ai_idle``)."""

    kind: str


Signal = Reply | Woken
