"""The statements of the runtime's inbound and planning hot path, as plain SQLAlchemy Core.

Every statement is built once with bind parameters and returns tuples or small frozen
dataclasses instead of ORM objects: a custom channel's message (authenticate the channel,
find or create the contact) and a round's planning (store the message, the contact's
active enrollments with what planning needs of them, the published workflows with their
versions' stamps, start an enrollment) each cost a few narrow statements.

Keyword-only, take the session, never commit (DESIGN §4). Values read here are read in
the caller's transaction: nothing is cached in this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, insert, text, update
from sqlalchemy import select as sa_select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.sqltypes import JSON
from sqlmodel import Session

from wfstudio.domain.refs import STANDARD_FIELDS
from wfstudio.store.tables import (
    Channel,
    Contact,
    Conversation,
    Enrollment,
    Message,
    StepLog,
    Workflow,
    WorkflowVersion,
)

_contacts = Contact.__table__  # type: ignore[attr-defined]
_conversations = Conversation.__table__  # type: ignore[attr-defined]
_messages = Message.__table__  # type: ignore[attr-defined]
_enrollments = Enrollment.__table__  # type: ignore[attr-defined]
_channels = Channel.__table__  # type: ignore[attr-defined]


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


# --- a custom channel's inbound message -------------------------------------------------


@dataclass(frozen=True)
class ChannelRow:
    """What authenticating an inbound call needs of a channel."""

    id: int
    workspace_id: int
    key: str
    kind: str
    name: str
    secret_token: str


_CHANNELS_WITH_KEY = (
    sa_select(
        _channels.c.id,
        _channels.c.workspace_id,
        _channels.c.key,
        _channels.c.kind,
        _channels.c.name,
        _channels.c.secret_token,
    )
    .where(_channels.c.key == bindparam("key"))
    .order_by(_channels.c.id)
)


def channels_with_key(*, session: Session, key: str) -> list[ChannelRow]:
    """Every workspace's channel with ``key`` (keys are unique per workspace only), as
    stored now: a token rotated by another process is seen at once."""
    return [ChannelRow(*row) for row in session.execute(_CHANNELS_WITH_KEY, {"key": key})]


@dataclass(frozen=True)
class ContactIdentity:
    """What finding a contact by its channel id needs of it (and may fill in)."""

    id: int
    firstname: str | None
    lastname: str | None
    phone: str | None
    email: str | None
    external_ids: dict[str, Any]


_IDENTITY_COLUMNS = (
    _contacts.c.id,
    _contacts.c.firstname,
    _contacts.c.lastname,
    _contacts.c.phone,
    _contacts.c.email,
    _contacts.c.external_ids,
)
_BY_EXTERNAL_ID = (
    sa_select(*_IDENTITY_COLUMNS)
    .where(
        _contacts.c.workspace_id == bindparam("workspace_id"),
        _contacts.c.external_ids[bindparam("channel_key", type_=JSON.JSONStrIndexType)].as_string()
        == bindparam("external_id"),
    )
    .order_by(_contacts.c.id)
    .limit(1)
)


def contact_by_external_id(
    *, session: Session, workspace_id: int, channel_key: str, external_id: str
) -> ContactIdentity | None:
    """The workspace's contact whose id on channel ``channel_key`` is ``external_id``
    (``Contact.external_ids[channel_key]``), the oldest if several; or None."""
    params = {"workspace_id": workspace_id, "channel_key": channel_key, "external_id": external_id}
    row = session.execute(_BY_EXTERNAL_ID, params).first()
    return ContactIdentity(*row) if row is not None else None


_INSERT_CONTACT = insert(_contacts).returning(_contacts.c.id)


def insert_contact(*, session: Session, values: dict[str, Any]) -> int:
    """Insert a contact (column → value; the others take their defaults); its id."""
    return int(session.execute(_INSERT_CONTACT, values).scalar_one())


def update_contact(*, session: Session, contact_id: int, values: dict[str, Any]) -> None:
    """Set columns of a contact (column → value)."""
    if values:
        session.execute(update(_contacts).where(_contacts.c.id == contact_id).values(**values))


# --- storing an incoming message ---------------------------------------------------------


@dataclass(frozen=True)
class IncomingContext:
    """What storing a contact's message needs, read in one statement."""

    workspace_id: int
    last_interacted_channel_id: int | None
    assignee_user_id: int | None
    open_conversation_id: int | None
    channel_id: int | None  # the channel the message came on, when it exists


_OPEN_CONVERSATION_ID = (
    sa_select(_conversations.c.id)
    .where(_conversations.c.contact_id == _contacts.c.id, _conversations.c.status == "open")
    .order_by(_conversations.c.id)
    .limit(1)
    .scalar_subquery()
)
_CHANNEL_ID = (
    sa_select(_channels.c.id)
    .where(
        _channels.c.workspace_id == _contacts.c.workspace_id,
        _channels.c.key == bindparam("channel_key"),
    )
    .scalar_subquery()
)
_INCOMING_CONTEXT = sa_select(
    _contacts.c.workspace_id,
    _contacts.c.last_interacted_channel_id,
    _contacts.c.assignee_user_id,
    _OPEN_CONVERSATION_ID,
    _CHANNEL_ID,
).where(_contacts.c.id == bindparam("contact_id"))


def incoming_context(
    *, session: Session, contact_id: int, channel_key: str | None
) -> IncomingContext | None:
    """The contact's workspace, last channel and assignee, its open conversation's id and
    the id of its workspace's channel ``channel_key``; None when the contact does not
    exist."""
    params = {"contact_id": contact_id, "channel_key": channel_key or ""}
    row = session.execute(_INCOMING_CONTEXT, params).first()
    return IncomingContext(*row) if row is not None else None


_INSERT_CONVERSATION = insert(_conversations).returning(_conversations.c.id)
_INSERT_MESSAGE = insert(_messages)


def insert_conversation(*, session: Session, values: dict[str, Any]) -> int:
    """Insert a conversation (column → value; the others take their defaults); its id."""
    return int(session.execute(_INSERT_CONVERSATION, values).scalar_one())


def insert_message(*, session: Session, values: dict[str, Any]) -> None:
    """Insert a message (column → value; the others take their defaults)."""
    session.execute(_INSERT_MESSAGE, values)


# --- planning ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ActiveEnrollment:
    """An active enrollment as planning sees it: where it is, its version's stamp, the
    status of the open log of its current step and its workflow's live settings."""

    id: int
    workflow_id: int
    version_id: int
    current_step_id: str | None
    version_stamp: datetime | None
    open_log_status: str | None
    workflow_settings: dict[str, Any] | None


_versions = WorkflowVersion.__table__  # type: ignore[attr-defined]
_workflows = Workflow.__table__  # type: ignore[attr-defined]
_logs = StepLog.__table__  # type: ignore[attr-defined]

_OPEN_LOG_STATUS = (
    sa_select(_logs.c.status)
    .where(
        _logs.c.enrollment_id == _enrollments.c.id,
        _logs.c.step_id == _enrollments.c.current_step_id,
        _logs.c.left_at.is_(None),
    )
    .order_by(_logs.c.id.desc())
    .limit(1)
    .scalar_subquery()
)
_ACTIVE_ENROLLMENTS = (
    sa_select(
        _enrollments.c.id,
        _enrollments.c.workflow_id,
        _enrollments.c.version_id,
        _enrollments.c.current_step_id,
        _versions.c.published_at,
        _OPEN_LOG_STATUS,
        _workflows.c.settings,
    )
    .select_from(
        _enrollments.outerjoin(_versions, _versions.c.id == _enrollments.c.version_id).outerjoin(
            _workflows, _workflows.c.id == _enrollments.c.workflow_id
        )
    )
    .where(_enrollments.c.contact_id == bindparam("contact_id"), _enrollments.c.status == "active")
    .order_by(_enrollments.c.id)
)


def active_enrollments(*, session: Session, contact_id: int) -> list[ActiveEnrollment]:
    """The contact's active enrollments, oldest first, in one statement."""
    rows = session.execute(_ACTIVE_ENROLLMENTS, {"contact_id": contact_id})
    return [ActiveEnrollment(*row) for row in rows]


_PUBLISHED = (
    sa_select(
        _workflows.c.id, _workflows.c.key, _workflows.c.current_version_id, _versions.c.published_at
    )
    .select_from(_workflows.join(_versions, _versions.c.id == _workflows.c.current_version_id))
    .where(
        _workflows.c.workspace_id == bindparam("workspace_id"), _workflows.c.status == "published"
    )
    .order_by(_workflows.c.id)
)


def published_versions(
    *, session: Session, workspace_id: int
) -> list[tuple[int, str, int, datetime]]:
    """(workflow id, key, current version id, the version's stamp) of each published
    workflow of the workspace, by workflow id: events are matched against these and the
    definitions cached by version id and stamp."""
    rows = session.execute(_PUBLISHED, {"workspace_id": workspace_id})
    return [(wid, key, vid, stamp) for wid, key, vid, stamp in rows]


CONTACT_FACT_COLUMNS = ("id", "workspace_id", "is_test", *STANDARD_FIELDS, "custom_fields", "tags")
_CONTACT_FACTS = sa_select(*(_contacts.c[name] for name in CONTACT_FACT_COLUMNS)).where(
    _contacts.c.id == bindparam("contact_id")
)


def contact_facts(*, session: Session, contact_id: int) -> dict[str, Any] | None:
    """The contact's fields as stored now (:data:`CONTACT_FACT_COLUMNS`), or None."""
    row = session.execute(_CONTACT_FACTS, {"contact_id": contact_id}).first()
    return dict(zip(CONTACT_FACT_COLUMNS, row, strict=True)) if row is not None else None


_START_ENROLLMENT = {
    "sqlite": sqlite.insert(_enrollments).on_conflict_do_nothing().returning(_enrollments.c.id),
    "postgresql": postgresql.insert(_enrollments)
    .on_conflict_do_nothing()
    .returning(_enrollments.c.id),
}


def start_enrollment(*, session: Session, values: dict[str, Any]) -> int | None:
    """Insert an active enrollment (column → value) unless the contact has an active one
    in that workflow already; its id, or None.

    One statement, safe against a concurrent start: the partial unique index
    (``uq_enrollments_one_active``) makes the insert do nothing instead of failing.
    """
    if values.get("status", "active") != "active":
        raise ValueError("a new enrollment starts active")
    statement = _START_ENROLLMENT[_dialect(session)]
    return session.execute(statement, values).scalar_one_or_none()


# --- a workspace's configuration, as one row of text -------------------------------------

_CONFIG_SNAPSHOT = {
    "sqlite": text(
        "SELECT w.name, w.timezone, w.settings, "
        "(SELECT json_group_array(json_array(c.id, c.key, c.kind, c.name, json(c.config))) "
        " FROM (SELECT * FROM channels WHERE workspace_id = :ws ORDER BY id) c), "
        "(SELECT json_group_array(json_array(f.key, f.type, f.label)) "
        " FROM (SELECT * FROM contact_fields WHERE workspace_id = :ws ORDER BY id) f) "
        "FROM workspaces w WHERE w.id = :ws"
    ),
    "postgresql": text(
        "SELECT w.name, w.timezone, w.settings::text, "
        "(SELECT coalesce(json_agg(json_build_array(c.id, c.key, c.kind, c.name, c.config) "
        "  ORDER BY c.id), '[]')::text FROM channels c WHERE c.workspace_id = :ws), "
        "(SELECT coalesce(json_agg(json_build_array(f.key, f.type, f.label) ORDER BY f.id), "
        "  '[]')::text FROM contact_fields f WHERE f.workspace_id = :ws) "
        "FROM workspaces w WHERE w.id = :ws"
    ),
}

ConfigSnapshot = tuple[str, str, str | None, str, str]
"""(name, timezone, settings JSON, channels JSON, fields JSON): the channels as
``[[id, key, kind, name, config], …]`` and the custom fields as ``[[key, type, label], …]``,
by id. Plain text, so comparing it with a cached copy is cheap."""


def workspace_config_snapshot(*, session: Session, workspace_id: int) -> ConfigSnapshot | None:
    """What the runtime reads of a workspace's configuration, in one statement, as text;
    None when the workspace does not exist."""
    statement = _CONFIG_SNAPSHOT[_dialect(session)]
    row = session.execute(statement, {"ws": workspace_id}).first()
    return (row[0], row[1], row[2], row[3], row[4]) if row is not None else None


__all__ = [
    "CONTACT_FACT_COLUMNS",
    "ActiveEnrollment",
    "ChannelRow",
    "ConfigSnapshot",
    "ContactIdentity",
    "IncomingContext",
    "active_enrollments",
    "channels_with_key",
    "contact_by_external_id",
    "contact_facts",
    "insert_contact",
    "insert_conversation",
    "insert_message",
    "published_versions",
    "start_enrollment",
    "update_contact",
    "workspace_config_snapshot",
]
