"""Repository functions the runtime's bursts read. Keyword-only, never commit."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, insert, text, update
from sqlalchemy import select as sa_select
from sqlalchemy.orm import defer
from sqlmodel import Session, col, select

from wfstudio.store.tables import (
    Channel,
    Contact,
    ContactField,
    Enrollment,
    Message,
    StepLog,
    Workflow,
    WorkflowVersion,
    Workspace,
)

_VERSION_STAMP = sa_select(WorkflowVersion.published_at).where(  # type: ignore[call-overload]
    WorkflowVersion.id == bindparam("version_id")
)


def version_published_at(*, session: Session, version_id: int) -> datetime | None:
    """When a version was made, or None when it does not exist. SQLite may give a deleted
    version's id to a new one: a cache of definitions by id checks this stamp."""
    return session.execute(_VERSION_STAMP, {"version_id": version_id}).scalar_one_or_none()


_VERSION_STAMP_ROW = sa_select(
    col(WorkflowVersion.published_at),
    col(WorkflowVersion.workflow_id),
    col(WorkflowVersion.number),
).where(col(WorkflowVersion.id) == bindparam("version_id"))


def version_stamp(*, session: Session, version_id: int) -> tuple[Any, ...] | None:
    """(published at, workflow id, number) of a version, or None when it does not exist:
    what a cache of definitions by id checks (SQLite may give a deleted version's id to a
    new one)."""
    row = session.connection().execute(_VERSION_STAMP_ROW, {"version_id": version_id}).first()
    return tuple(row) if row is not None else None


def workspace_channels(*, session: Session, workspace_id: int) -> list[Channel]:
    """Every channel of the workspace."""
    return list(session.exec(select(Channel).where(Channel.workspace_id == workspace_id)).all())


def channel_by_key(*, session: Session, workspace_id: int, key: str) -> Channel | None:
    statement = select(Channel).where(Channel.workspace_id == workspace_id, Channel.key == key)
    return session.exec(statement).first()


def workspace_fields(*, session: Session, workspace_id: int) -> list[ContactField]:
    """The workspace's custom contact fields."""
    statement = select(ContactField).where(ContactField.workspace_id == workspace_id)
    return list(session.exec(statement).all())


def last_incoming_text(*, session: Session, contact_id: int) -> str | None:
    """The text of the contact's latest message, or None."""
    statement = (
        select(Message.text)
        .where(Message.contact_id == contact_id, Message.direction == "in")
        .order_by(col(Message.created_at).desc(), col(Message.id).desc())
        .limit(1)
    )
    return session.exec(statement).first()


def enrollment_status(*, session: Session, enrollment_id: int) -> str | None:
    """The enrollment's status as stored now (not as a loaded row remembers it)."""
    statement = select(Enrollment.status).where(Enrollment.id == enrollment_id)
    return session.exec(statement).first()


# The statements of the runtime's hot paths are built once: executing a prebuilt statement
# with parameters skips building it and computing its cache key on every call.
_ENROLLMENT_STATE = text(
    "SELECT e.status, e.current_step_id, "
    "(SELECT l.left_at IS NULL FROM step_logs l WHERE l.id = :log) "
    "FROM enrollments e WHERE e.id = :id"
)


def enrollment_state(
    *, session: Session, enrollment_id: int, log_id: int | None
) -> tuple[str | None, str | None, bool | None]:
    """The enrollment's status and current step as stored now, and whether step log
    ``log_id`` is still open (not left); None for what does not exist."""
    row = session.execute(_ENROLLMENT_STATE, {"id": enrollment_id, "log": log_id}).first()
    if row is None:
        return None, None, None
    return row[0], row[1], None if row[2] is None else bool(row[2])


_PUBLISHED = (
    select(Workflow.id, Workflow.key, Workflow.current_version_id)
    .where(
        Workflow.workspace_id == bindparam("workspace_id"),
        Workflow.status == "published",
        col(Workflow.current_version_id).is_not(None),
    )
    .order_by(col(Workflow.id))
)


def published_version_ids(*, session: Session, workspace_id: int) -> list[tuple[int, str, int]]:
    """(workflow id, workflow key, current version id) of each published workflow of the
    workspace, by workflow id: what events are matched against, without loading the
    definitions (the runtime caches them by version id)."""
    rows = session.exec(_PUBLISHED, params={"workspace_id": workspace_id}).all()
    return [(wid or 0, key, vid or 0) for wid, key, vid in rows]


_CONTACT_WORKSPACE = select(Contact.workspace_id).where(Contact.id == bindparam("contact_id"))


def contact_workspace_id(*, session: Session, contact_id: int) -> int | None:
    """The workspace of the contact, or None when it does not exist."""
    return session.exec(_CONTACT_WORKSPACE, params={"contact_id": contact_id}).first()


ConfigRows = tuple[tuple[Any, ...] | None, list[tuple[Any, ...]], list[tuple[Any, ...]]]


_WORKSPACE_ROW = select(Workspace.name, Workspace.timezone, Workspace.settings).where(
    Workspace.id == bindparam("workspace_id")
)
_CHANNEL_ROWS = (
    sa_select(
        col(Channel.id), col(Channel.key), col(Channel.kind), col(Channel.name), col(Channel.config)
    )
    .where(col(Channel.workspace_id) == bindparam("workspace_id"))
    .order_by(col(Channel.id))
)
_FIELD_ROWS = (
    select(ContactField.key, ContactField.type, ContactField.label)
    .where(ContactField.workspace_id == bindparam("workspace_id"))
    .order_by(col(ContactField.id))
)


def workspace_config_rows(*, session: Session, workspace_id: int) -> ConfigRows:
    """What the runtime reads of a workspace's configuration, as plain tuples (cheap to
    compare with a cached copy): (name, timezone, settings) of the workspace, (id, key,
    kind, name, config) of each channel and (key, type, label) of each custom field."""
    params = {"workspace_id": workspace_id}
    workspace = session.execute(_WORKSPACE_ROW, params).first()
    channels = session.execute(_CHANNEL_ROWS, params).all()
    fields = session.execute(_FIELD_ROWS, params).all()
    return (
        tuple(workspace) if workspace is not None else None,
        [tuple(row) for row in channels],
        [tuple(row) for row in fields],
    )


_LOG_COLUMNS = [c for c in StepLog.__table__.columns]  # type: ignore[attr-defined]


_OPEN_LOG = (
    sa_select(*_LOG_COLUMNS)
    .where(
        col(StepLog.enrollment_id) == bindparam("enrollment_id"),
        col(StepLog.step_id) == bindparam("step_id"),
        col(StepLog.left_at).is_(None),
    )
    .order_by(col(StepLog.id).desc())
    .limit(1)
)


def open_step_log_values(
    *, session: Session, enrollment_id: int, step_id: str
) -> dict[str, Any] | None:
    """The column values of the newest log of ``step_id`` in the enrollment not left yet
    (what :func:`~wfstudio.store.repo_runs.open_step_log` returns, as a dict), or None."""
    params = {"enrollment_id": enrollment_id, "step_id": step_id}
    row = session.execute(_OPEN_LOG, params).first()
    return dict(row._mapping) if row is not None else None


_INSERT_LOGS = insert(StepLog.__table__)  # type: ignore[attr-defined]
_INSERT_MESSAGES = insert(Message.__table__)  # type: ignore[attr-defined]


def insert_step_logs(*, session: Session, rows: list[dict[str, Any]]) -> None:
    """Insert step logs (column → value, without ``id``) in one statement."""
    if rows:
        session.execute(_INSERT_LOGS, rows)


def update_step_log(*, session: Session, log_id: int, values: dict[str, Any]) -> None:
    session.execute(
        update(StepLog.__table__)  # type: ignore[attr-defined]
        .where(StepLog.__table__.c.id == log_id)  # type: ignore[attr-defined]
        .values(**values)
    )


_MESSAGE_COLUMNS = [c.name for c in Message.__table__.columns if c.name != "id"]  # type: ignore[attr-defined]


def insert_messages(*, session: Session, messages: list[Message]) -> None:
    """Insert messages (their ids stay None) in one statement."""
    if messages:
        rows = [{name: getattr(m, name) for name in _MESSAGE_COLUMNS} for m in messages]
        session.execute(_INSERT_MESSAGES, rows)


def workflow_without_draft(*, session: Session, workflow_id: int) -> Workflow | None:
    """The workflow row without its draft definition (not read or decoded: the runtime
    runs published versions; reading ``draft`` on the detached row raises)."""
    return session.get(Workflow, workflow_id, options=[defer(Workflow.draft)])  # type: ignore[arg-type]


def enrollment_contact_id(*, session: Session, enrollment_id: int) -> int | None:
    """The contact of the enrollment (read as a value: no row is loaded), or None."""
    statement = select(Enrollment.contact_id).where(Enrollment.id == enrollment_id)
    return session.exec(statement).first()
