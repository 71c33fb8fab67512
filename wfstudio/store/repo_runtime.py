"""Repository functions the runtime's bursts read. Keyword-only, never commit."""

from __future__ import annotations

from typing import Any

from sqlalchemy import bindparam
from sqlalchemy import select as sa_select
from sqlalchemy.orm import defer
from sqlmodel import Session, col, select

from wfstudio.store.tables import (
    Channel,
    Contact,
    ContactField,
    Enrollment,
    Workflow,
    WorkflowVersion,
)

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


def enrollment_status(*, session: Session, enrollment_id: int) -> str | None:
    """The enrollment's status as stored now (not as a loaded row remembers it)."""
    statement = select(Enrollment.status).where(Enrollment.id == enrollment_id)
    return session.exec(statement).first()


# The statements of the runtime's hot paths are built once: executing a prebuilt statement
# with parameters skips building it and computing its cache key on every call.


_CONTACT_WORKSPACE = select(Contact.workspace_id).where(Contact.id == bindparam("contact_id"))


def contact_workspace_id(*, session: Session, contact_id: int) -> int | None:
    """The workspace of the contact, or None when it does not exist."""
    return session.exec(_CONTACT_WORKSPACE, params={"contact_id": contact_id}).first()


def workflow_without_draft(*, session: Session, workflow_id: int) -> Workflow | None:
    """The workflow row without its draft definition (not read or decoded: the runtime
    runs published versions; reading ``draft`` on the detached row raises)."""
    return session.get(Workflow, workflow_id, options=[defer(Workflow.draft)])  # type: ignore[arg-type]


def enrollment_contact_id(*, session: Session, enrollment_id: int) -> int | None:
    """The contact of the enrollment (read as a value: no row is loaded), or None."""
    statement = select(Enrollment.contact_id).where(Enrollment.id == enrollment_id)
    return session.exec(statement).first()
