"""Repository functions the runtime's bursts read. Keyword-only, never commit."""

from __future__ import annotations

from sqlalchemy import text
from sqlmodel import Session, col, select

from wfstudio.store.tables import Channel, ContactField, Enrollment, Message


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


def enrollment_state(
    *, session: Session, enrollment_id: int, log_id: int | None
) -> tuple[str | None, str | None, bool | None]:
    """The enrollment's status and current step as stored now, and whether step log
    ``log_id`` is still open (not left); None for what does not exist."""
    row = session.execute(
        text(
            "SELECT e.status, e.current_step_id, "
            "(SELECT l.left_at IS NULL FROM step_logs l WHERE l.id = :log) "
            "FROM enrollments e WHERE e.id = :id"
        ),
        {"id": enrollment_id, "log": log_id},
    ).first()
    if row is None:
        return None, None, None
    return row[0], row[1], None if row[2] is None else bool(row[2])
