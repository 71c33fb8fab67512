"""What every table shares: the metadata, the ``Table`` base and the closed vocabularies.

The ``Literal`` types name the values a string column may hold; the tuples list them
(for CHECK constraints, forms and tests).
"""

from __future__ import annotations

from typing import Any, Literal, get_args

from sqlalchemy import CheckConstraint, MetaData, text
from sqlmodel import SQLModel

Role = Literal["owner", "manager", "agent"]
ChannelKind = Literal[
    "web_chat",
    "custom_channel",
    "whatsapp",
    "messenger",
    "instagram",
    "telegram",
    "viber",
    "line",
    "wechat",
    "email",
    "sms",
]
ConversationStatus = Literal["open", "closed"]
Source = Literal["user", "workflow", "contact", "api"]
Direction = Literal["in", "out"]
AuthorKind = Literal["contact", "user", "workflow", "ai", "api", "broadcast", "system"]
WorkflowStatus = Literal["draft", "published", "stopped"]
EnrollmentStatus = Literal["active", "completed", "ejected", "failed", "stopped_for_contact"]
StepLogStatus = Literal["entered", "waiting", "done", "failed"]
WakeKind = Literal["wait", "timeout", "assign_retry", "ai_idle"]

ROLES: tuple[Role, ...] = get_args(Role)
CHANNEL_KINDS: tuple[ChannelKind, ...] = get_args(ChannelKind)
CONVERSATION_STATUSES: tuple[ConversationStatus, ...] = get_args(ConversationStatus)
SOURCES: tuple[Source, ...] = get_args(Source)
DIRECTIONS: tuple[Direction, ...] = get_args(Direction)
AUTHOR_KINDS: tuple[AuthorKind, ...] = get_args(AuthorKind)
WORKFLOW_STATUSES: tuple[WorkflowStatus, ...] = get_args(WorkflowStatus)
ENROLLMENT_STATUSES: tuple[EnrollmentStatus, ...] = get_args(EnrollmentStatus)
STEP_LOG_STATUSES: tuple[StepLogStatus, ...] = get_args(StepLogStatus)
WAKE_KINDS: tuple[WakeKind, ...] = get_args(WakeKind)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def one_of(column: str, values: tuple[str, ...]) -> CheckConstraint:
    listed = ", ".join(f"'{value}'" for value in values)
    return CheckConstraint(f"{column} IN ({listed})", name=column)


def partial(condition: str) -> dict[str, Any]:
    """Dialect options of a partial index (SQLite and PostgreSQL both have them)."""
    return {"sqlite_where": text(condition), "postgresql_where": text(condition)}


class Table(SQLModel):
    """Base of every table: puts it on our own :data:`metadata`."""

    metadata = metadata
