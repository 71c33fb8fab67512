"""What trigger conditions read beyond the contact's fields, in one statement: the
contact's last interacted channel, its assignee's presence, its latest incoming message
and a conversation (the one the event is about, else the open one).

Planning runs it only when a candidate trigger has a condition on one of those
categories, so the hot path of workflows without such conditions reads nothing more.
Keyword-only, takes the session, never commits (DESIGN §4).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Integer, bindparam, func
from sqlalchemy import select as sa_select
from sqlmodel import Session

from wfstudio.store.prepared import Prepared
from wfstudio.store.tables import Contact, Conversation, Message, User

_contacts = Contact.__table__  # type: ignore[attr-defined]
_conversations = Conversation.__table__  # type: ignore[attr-defined]
_messages = Message.__table__  # type: ignore[attr-defined]
_users = User.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class ConversationFacts:
    """The columns of a conversation that conditions look at."""

    status: str
    opened_by_source: str
    closing_category: str | None
    channel_id: int | None


@dataclass(frozen=True)
class Situation:
    """The contact's situation as trigger conditions see it."""

    last_interacted_channel_id: int | None
    assignee_online: bool | None  # None: nobody is assigned
    last_incoming: str | None
    conversation: ConversationFacts | None


_open = _conversations.alias("open_conversation")
_OPEN_ID = (
    sa_select(_open.c.id)
    .where(_open.c.contact_id == _contacts.c.id, _open.c.status == "open")
    .order_by(_open.c.id)
    .limit(1)
    .correlate(_contacts)
    .scalar_subquery()
)
_LAST_INCOMING = (
    sa_select(_messages.c.text)
    .where(_messages.c.contact_id == _contacts.c.id, _messages.c.direction == "in")
    .order_by(_messages.c.created_at.desc(), _messages.c.id.desc())
    .limit(1)
    .correlate(_contacts)
    .scalar_subquery()
)
_SITUATION = Prepared(
    sa_select(
        _contacts.c.last_interacted_channel_id,
        _users.c.id,
        _users.c.online,
        _LAST_INCOMING,
        _conversations.c.id,
        _conversations.c.status,
        _conversations.c.opened_by_source,
        _conversations.c.closing_category,
        _conversations.c.channel_id,
    )
    .select_from(
        _contacts.outerjoin(_users, _users.c.id == _contacts.c.assignee_user_id).outerjoin(
            _conversations,
            _conversations.c.id
            == func.coalesce(bindparam("conversation_id", type_=Integer), _OPEN_ID),
        )
    )
    .where(_contacts.c.id == bindparam("contact_id"))
)


def situation(
    *, session: Session, contact_id: int, conversation_id: int | None = None
) -> Situation | None:
    """The contact's situation (``conversation_id``: the conversation to describe, else
    its open one), or None when the contact does not exist."""
    params = {"contact_id": contact_id, "conversation_id": conversation_id}
    row = _SITUATION.execute(session, params).first()
    if row is None:
        return None
    conversation = None
    if row[4] is not None:
        conversation = ConversationFacts(
            status=row[5], opened_by_source=row[6], closing_category=row[7], channel_id=row[8]
        )
    return Situation(
        last_interacted_channel_id=row[0],
        assignee_online=bool(row[2]) if row[1] is not None else None,
        last_incoming=row[3],
        conversation=conversation,
    )
