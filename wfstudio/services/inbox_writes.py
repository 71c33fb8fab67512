"""Writes the inbox actions share: checked text, system lines, a conversation opened by a
user, and dispatching the events an action caused (after its transaction committed)."""

from __future__ import annotations

from datetime import datetime

from wfstudio.runtime.events import ConversationOpened, Event
from wfstudio.runtime.runner import Handled, Runtime
from wfstudio.services.checked_text import storable
from wfstudio.services.errors import Refused
from wfstudio.store import repo, repo_inbound
from wfstudio.store.db import Session
from wfstudio.store.tables import Contact, Conversation, Message, User

MAX_TEXT_CHARS = 4096


def clean_text(text: str, what: str, limit: int = MAX_TEXT_CHARS) -> str:
    text = storable(text, what.capitalize()).strip()
    if not text:
        raise Refused(f"Write {what} first.")
    if len(text) > limit:
        raise Refused(f"{what.capitalize()} is too long: at most {limit} characters.")
    return text


def add_note(
    session: Session, contact: Contact, actor: User, text: str, now: datetime, kind: str
) -> None:
    """A system line in the thread: an internal comment or what a user did."""
    conversation = repo.open_conversation(session=session, contact_id=contact.id or 0)
    session.add(
        Message(
            conversation_id=conversation.id if conversation is not None else None,
            contact_id=contact.id or 0,
            direction="out",
            author_kind="system",
            author_id=actor.id,
            text=text,
            payload={"kind": kind, "by": "user"},
            created_at=now,
        )
    )


async def dispatch_all(runtime: Runtime, events: list[Event]) -> Handled:
    """Dispatch ``events`` in order (after their transaction committed); what they did."""
    total = Handled()
    for event in events:
        handled = await runtime.dispatch(event)
        total.started += handled.started
        total.resumed += handled.resumed
        total.exited += handled.exited
    return total


def open_conversation_by(
    session: Session, contact: Contact, actor: User, channel_id: int | None, now: datetime
) -> tuple[Conversation, bool]:
    """The open conversation, or a new one opened by ``actor``; whether it is new."""
    # One open conversation per contact: serialize with the runtime storing a message.
    repo_inbound.lock_contact_identity(
        session=session, workspace_id=contact.workspace_id, identity=f"#{contact.id}"
    )
    conversation = repo.open_conversation(session=session, contact_id=contact.id or 0)
    if conversation is not None:
        return conversation, False
    conversation = Conversation(
        workspace_id=contact.workspace_id,
        contact_id=contact.id or 0,
        channel_id=channel_id if channel_id is not None else contact.last_interacted_channel_id,
        status="open",
        opened_by_source="user",
        opened_by_id=actor.id,
        opened_at=now,
        assignee_user_id=contact.assignee_user_id,
    )
    session.add(conversation)
    session.flush()
    return conversation, True


def opened_event(conversation: Conversation, channel_key: str | None) -> ConversationOpened:
    return ConversationOpened(
        contact_id=conversation.contact_id,
        conversation_id=conversation.id or 0,
        source="user",
        channel_key=channel_key,
    )
