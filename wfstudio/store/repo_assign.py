"""Repository functions for Assign To and the conversation changes steps make.

Keyword-only, take the session, never commit (DESIGN §4).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import update
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
        .execution_options(populate_existing=True)  # fresh even if loaded before
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
    assignee; None unassigns. Records the assignment time on the user (round robin).

    Plain UPDATE statements: loaded rows of the contact, conversation or user are not
    refreshed (the runtime's bursts set the same values on theirs)."""
    contacts = Contact.__table__  # type: ignore[attr-defined]
    conversations = Conversation.__table__  # type: ignore[attr-defined]
    users = User.__table__  # type: ignore[attr-defined]
    session.execute(
        update(contacts)
        .where(contacts.c.id == contact_id)
        .values(assignee_user_id=user_id, assignee_team_id=team_id)
    )
    session.execute(
        update(conversations)
        .where(conversations.c.contact_id == contact_id, conversations.c.status == "open")
        .values(assignee_user_id=user_id)
    )
    if user_id is not None:
        session.execute(update(users).where(users.c.id == user_id).values(last_assigned_at=now))
