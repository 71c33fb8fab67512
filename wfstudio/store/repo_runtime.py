"""Repository functions the runtime's bursts read. Keyword-only, never commit."""

from __future__ import annotations

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
