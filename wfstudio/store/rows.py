"""Plain rows of the runtime's bursts: column values as ordinary attributes.

A burst reads a contact, its open conversation and an enrollment, lets its steps change
them (between transactions too), and writes back only the columns it changed, so an
agent's edit of another column made meanwhile is not overwritten. ORM objects did that at
a high price per row (instrumented attributes, identity map, unit of work); these are
plain dataclasses that remember the values they were loaded with
(:meth:`TrackedRow.changes`). The statements that read and write them are in
:mod:`wfstudio.store.repo_hot_burst`.

Like a JSON column of an ORM row, a change made *inside* a list or dict value is not seen:
assign a new value (``row.tags = [*row.tags, tag]``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar, Self

from sqlalchemy import Table

from wfstudio.store.tables import Contact, Conversation, Enrollment


class TrackedRow:
    """Base of the plain rows: which table, and the values as loaded (None: a new row)."""

    table: ClassVar[Table]
    columns: ClassVar[tuple[str, ...]]
    id: int | None
    _loaded: dict[str, Any] | None = None

    @classmethod
    def from_values(cls, values: Sequence[Any]) -> Self:
        """The row of the stored ``values`` (in the order of :attr:`columns`)."""
        loaded = dict(zip(cls.columns, values, strict=True))
        row = cls(**loaded)
        row._loaded = loaded
        return row

    def changes(self) -> dict[str, Any]:
        """Column → value of what changed since it was loaded (every column but ``id``
        for a new row)."""
        now = self.__dict__
        if self._loaded is None:
            return {name: now[name] for name in self.columns if name != "id"}
        return {name: now[name] for name, old in self._loaded.items() if now[name] != old}

    def saved(self) -> None:
        """Remember the current values as the stored ones."""
        self._loaded = {name: self.__dict__[name] for name in self.columns}


def _columns(table: Any) -> tuple[str, ...]:
    return tuple(column.name for column in table.__table__.columns)


@dataclass(eq=False)
class ContactRow(TrackedRow):
    id: int | None
    workspace_id: int
    created_at: datetime
    firstname: str | None = None
    lastname: str | None = None
    email: str | None = None
    phone: str | None = None
    country: str | None = None
    language: str | None = None
    bot_status: bool = False
    custom_fields: dict[str, Any] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)
    lifecycle_stage: str | None = None
    assignee_user_id: int | None = None
    assignee_team_id: int | None = None
    last_interacted_channel_id: int | None = None
    external_ids: dict[str, Any] = field(default_factory=dict)
    is_test: bool = False

    table: ClassVar[Table] = Contact.__table__  # type: ignore[attr-defined]
    columns: ClassVar[tuple[str, ...]] = _columns(Contact)


@dataclass(eq=False)
class ConversationRow(TrackedRow):
    workspace_id: int
    contact_id: int
    opened_by_source: str
    opened_at: datetime
    id: int | None = None
    channel_id: int | None = None
    status: str = "open"
    opened_by_id: int | None = None
    closed_at: datetime | None = None
    closed_by_source: str | None = None
    closed_by_id: int | None = None
    closing_category: str | None = None
    summary: str | None = None
    assignee_user_id: int | None = None

    table: ClassVar[Table] = Conversation.__table__  # type: ignore[attr-defined]
    columns: ClassVar[tuple[str, ...]] = _columns(Conversation)


@dataclass(eq=False)
class EnrollmentRow(TrackedRow):
    id: int | None
    workflow_id: int
    version_id: int
    contact_id: int
    started_at: datetime
    status: str = "active"
    current_step_id: str | None = None
    variables: dict[str, Any] = field(default_factory=dict)
    jump_counters: dict[str, Any] = field(default_factory=dict)
    ended_at: datetime | None = None
    end_reason: str | None = None
    is_test: bool = False

    table: ClassVar[Table] = Enrollment.__table__  # type: ignore[attr-defined]
    columns: ClassVar[tuple[str, ...]] = _columns(Enrollment)


@dataclass(frozen=True)
class WorkflowRef:
    """What a burst reads of its workflow."""

    id: int
    workspace_id: int
    key: str
    name: str


@dataclass(frozen=True)
class UserRef:
    """What a burst reads of a user (the contact's assignee, an Assign To candidate)."""

    id: int
    name: str
    email: str
    online: bool
    last_assigned_at: datetime | None = None
