"""Repository functions for Assign To and the conversation changes steps make.

Keyword-only, take the session, never commit (DESIGN §4).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlmodel import Session, col, select

from wfstudio.store.tables import Contact, Conversation, User


def lock_users(*, session: Session, user_ids: Collection[int]) -> list[User]:
    """The users, locked for this transaction on PostgreSQL (SQLite's BEGIN IMMEDIATE
    already serialises writers), so concurrent assignments see each other's choices."""
    if not user_ids:
        return []
    statement = (
        select(User)
        .where(col(User.id).in_(list(user_ids)))
        .order_by(col(User.id))
        .with_for_update()
    )
    return list(session.exec(statement).all())


def assign_contact(
    *,
    session: Session,
    contact_id: int,
    user_id: int | None,
    team_id: int | None,
    now: datetime,
) -> None:
    """Make ``user_id`` (and ``team_id``) the contact's and its open conversation's
    assignee; None unassigns. Records the assignment time on the user (round robin)."""
    contact = session.get(Contact, contact_id)
    if contact is None:
        return
    contact.assignee_user_id = user_id
    contact.assignee_team_id = team_id
    session.add(contact)
    conversation = session.exec(
        select(Conversation).where(
            Conversation.contact_id == contact_id, Conversation.status == "open"
        )
    ).first()
    if conversation is not None:
        conversation.assignee_user_id = user_id
        session.add(conversation)
    if user_id is not None:
        user = session.get(User, user_id)
        if user is not None:
            user.last_assigned_at = now
            session.add(user)
    session.flush()
