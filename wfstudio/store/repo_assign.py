"""Repository functions for Assign To and the conversation changes steps make.

Keyword-only, take the session, never commit (DESIGN §4).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, update
from sqlmodel import Session

from wfstudio.store.prepared import Prepared
from wfstudio.store.tables import Contact, Conversation, User

_contacts: Any = Contact.__table__  # type: ignore[attr-defined]
_conversations: Any = Conversation.__table__  # type: ignore[attr-defined]
_users: Any = User.__table__  # type: ignore[attr-defined]
_ASSIGN_CONTACT = Prepared(
    update(_contacts)
    .where(_contacts.c.id == bindparam("contact_id"))
    .values(assignee_user_id=bindparam("user_id"), assignee_team_id=bindparam("team_id"))
)
_ASSIGN_CONVERSATION = Prepared(
    update(_conversations)
    .where(_conversations.c.contact_id == bindparam("contact"))
    .where(_conversations.c.status == "open")
    .values(assignee_user_id=bindparam("user_id"))
)
_USER_ASSIGNED = Prepared(
    update(_users)
    .where(_users.c.id == bindparam("user_id"))
    .values(last_assigned_at=bindparam("now"))
)


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
    params = {"contact_id": contact_id, "user_id": user_id, "team_id": team_id}
    _ASSIGN_CONTACT.execute(session, params)
    record_assignment(session=session, contact_id=contact_id, user_id=user_id, now=now)


def record_assignment(
    *, session: Session, contact_id: int, user_id: int | None, now: datetime
) -> None:
    """What assigning the contact to ``user_id`` (None: nobody) changes besides the
    contact's row: its open conversation's assignee, and the user's assignment time."""
    _ASSIGN_CONVERSATION.execute(session, {"contact": contact_id, "user_id": user_id})
    if user_id is not None:
        _USER_ASSIGNED.execute(session, {"user_id": user_id, "now": now})
