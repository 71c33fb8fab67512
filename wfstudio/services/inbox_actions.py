"""What an agent does to a conversation in the Messages module: reply, comment, assign,
close and reopen. Each checks, writes in one transaction, then hands the event to the
runtime, so the triggers and exit conditions of published workflows react to it.

Decisions:

* A reply goes out on the open conversation's channel (else the contact's last one)
  exactly as a workflow's Send a Message does (:func:`~wfstudio.runtime.channels.deliver`);
  it is stored only once the channel accepted it, and then dispatched as an
  ``OutgoingMessage`` by a user (the "outgoing message" exit condition). Replying while
  no conversation is open opens one, by the user.
* Assigning by hand (to a user, a team, or nobody) fires the "manual assignment" exit
  condition; assigning to whoever is already assigned is refused as a no-op.
* Closing asks for a closing category when the workspace has any; the summary is optional.
* Each action leaves a system line in the thread (who did what); internal comments are
  system lines the contact never sees.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TypeVar

from wfstudio.runtime.channels import ChannelTarget, ContactAddress, OutboundMessage, deliver
from wfstudio.runtime.events import (
    ConversationClosed,
    ConversationOpened,
    Event,
    ManualAssignment,
    OutgoingMessage,
)
from wfstudio.runtime.runner import Handled, Runtime
from wfstudio.services.errors import NotFound, Refused
from wfstudio.services.inbox_common import display_name, load_actor, load_contact
from wfstudio.services.workspace_lists import list_options
from wfstudio.store import repo, repo_inbound, repo_inbox
from wfstudio.store.db import Session, session_scope
from wfstudio.store.tables import Channel, Contact, Conversation, Message, Team, User, Workspace

Keyed = TypeVar("Keyed", User, Team)

MAX_TEXT_CHARS = 4096
MAX_SUMMARY_CHARS = 1000


# --- reply and comment -------------------------------------------------------------------


async def reply(runtime: Runtime, *, user_id: int | None, contact_id: int, text: str) -> Handled:
    """Send ``text`` to the contact as the user; refused (nothing stored) when the channel
    does not accept it."""
    text = _text(text, "a message")
    with session_scope(runtime.engine) as session:
        actor = load_actor(session, user_id)
        contact = load_contact(session, actor, contact_id)
        channel = _reply_channel(session, contact)
        target = ChannelTarget(channel.key, channel.kind, channel.name, dict(channel.config))
        address = ContactAddress(
            contact_id=contact_id,
            name=display_name(contact),
            phone=contact.phone,
            email=contact.email,
            external_id=(contact.external_ids or {}).get(channel.key),
        )
        channel_id, actor_id = channel.id, actor.id
    outbound_id = uuid.uuid4().hex
    delivery = await deliver(
        runtime.http, target, address, OutboundMessage(text=text, message_id=outbound_id)
    )
    if not delivery.ok:
        raise Refused(f"The message was not sent: {delivery.error}")
    now = runtime.clock.now()
    events: list[Event] = [
        OutgoingMessage(contact_id=contact_id, text=text, author_kind="user", author_id=actor_id)
    ]
    with session_scope(runtime.engine) as session:
        actor = load_actor(session, user_id)
        contact = load_contact(session, actor, contact_id)
        conversation, opened = _open_conversation(session, contact, actor, channel_id, now)
        session.add(
            Message(
                conversation_id=conversation.id,
                contact_id=contact_id,
                channel_id=channel_id,
                direction="out",
                author_kind="user",
                author_id=actor.id,
                text=text,
                payload={"kind": "message", "outbound_id": outbound_id},
                created_at=now,
            )
        )
        if opened:
            events.append(_opened(conversation, target.key))
    return await _dispatch(runtime, events)


def _reply_channel(session: Session, contact: Contact) -> Channel:
    conversation = repo.open_conversation(session=session, contact_id=contact.id or 0)
    channel_id = (
        conversation.channel_id
        if conversation is not None and conversation.channel_id is not None
        else contact.last_interacted_channel_id
    )
    channel = session.get(Channel, channel_id) if channel_id is not None else None
    if channel is None:
        raise Refused("This contact has no channel to reply on yet.")
    return channel


def add_comment(runtime: Runtime, *, user_id: int | None, contact_id: int, text: str) -> None:
    """An internal comment in the thread: only the team sees it, no workflow reacts."""
    text = _text(text, "a comment")
    with session_scope(runtime.engine) as session:
        actor = load_actor(session, user_id)
        contact = load_contact(session, actor, contact_id)
        _note(session, contact, actor, text, runtime.clock.now(), kind="comment")


# --- assign --------------------------------------------------------------------------------


async def assign(
    runtime: Runtime,
    *,
    user_id: int | None,
    contact_id: int,
    assignee_key: str = "",
    team_key: str = "",
) -> Handled:
    """Assign the contact by hand to a user (``assignee_key``), a team (``team_key``), both,
    or nobody (both empty) — the "manual assignment" event."""
    now = runtime.clock.now()
    with session_scope(runtime.engine) as session:
        actor = load_actor(session, user_id)
        contact = load_contact(session, actor, contact_id)
        user = _by_key(session, User, actor.workspace_id, assignee_key)
        team = _by_key(session, Team, actor.workspace_id, team_key)
        user_id_to = user.id if user is not None else None
        team_id_to = team.id if team is not None else None
        if (contact.assignee_user_id, contact.assignee_team_id) == (user_id_to, team_id_to):
            raise Refused("Nothing changed: the contact is already assigned that way.")
        repo.assign_contact(
            session=session, contact_id=contact_id, user_id=user_id_to, team_id=team_id_to, now=now
        )
        names = [f"the team {team.name}" if team is not None else ""]
        if user is not None:
            names.insert(0, user.name)
        to = " in ".join(name for name in names if name)
        what = f"assigned the contact to {to}" if to else "unassigned the contact"
        _note(session, contact, actor, f"{actor.name} {what}", now, kind="event")
        event = ManualAssignment(
            contact_id=contact_id, user_id=user_id_to, team_id=team_id_to, by_user_id=actor.id
        )
    return await _dispatch(runtime, [event])


def _by_key(session: Session, table: type[Keyed], workspace_id: int, key: str) -> Keyed | None:
    if not key:
        return None
    row = repo.get_by_key(session=session, table=table, workspace_id=workspace_id, key=key)
    if row is None:
        what = "user" if table is User else "team"
        raise NotFound(f"This {what} does not exist (any more).")
    return row


# --- close and reopen --------------------------------------------------------------------


async def close(
    runtime: Runtime,
    *,
    user_id: int | None,
    contact_id: int,
    category: str = "",
    summary: str = "",
) -> Handled:
    """Close the open conversation with a closing category and an optional summary."""
    now = runtime.clock.now()
    summary = summary.strip()
    if len(summary) > MAX_SUMMARY_CHARS:
        raise Refused(f"The summary is too long: at most {MAX_SUMMARY_CHARS} characters.")
    with session_scope(runtime.engine) as session:
        actor = load_actor(session, user_id)
        contact = load_contact(session, actor, contact_id)
        workspace = session.get(Workspace, contact.workspace_id)
        assert workspace is not None
        labels = {option.key: option.label for option in list_options(workspace.closing_categories)}
        if category and category not in labels:
            raise NotFound("This closing category does not exist (any more).")
        if labels and not category:
            raise Refused("Choose a closing category.")
        conversation = repo.open_conversation(session=session, contact_id=contact_id)
        if conversation is None:
            raise Refused("This conversation is already closed.")
        conversation.status = "closed"
        conversation.closed_at = now
        conversation.closed_by_source = "user"
        conversation.closed_by_id = actor.id
        conversation.closing_category = category or None
        conversation.summary = summary or None
        session.add(conversation)
        session.flush()
        label = f" · {labels[category]}" if category else ""
        _note(session, contact, actor, f"{actor.name} closed the conversation{label}", now, "event")
        event = ConversationClosed(
            contact_id=contact_id,
            conversation_id=conversation.id or 0,
            source="user",
            category=category or None,
            summary=summary or None,
            closed_by=actor.name,
        )
    return await _dispatch(runtime, [event])


async def reopen(runtime: Runtime, *, user_id: int | None, contact_id: int) -> Handled:
    """Open a new conversation with the contact, by the user."""
    now = runtime.clock.now()
    with session_scope(runtime.engine) as session:
        actor = load_actor(session, user_id)
        contact = load_contact(session, actor, contact_id)
        if repo.open_conversation(session=session, contact_id=contact_id) is not None:
            raise Refused("This conversation is already open.")
        latest = repo_inbox.latest_conversation(session=session, contact_id=contact_id)
        channel_id = latest.channel_id if latest is not None else None
        conversation, _ = _open_conversation(session, contact, actor, channel_id, now)
        _note(session, contact, actor, f"{actor.name} opened the conversation", now, "event")
        channel = session.get(Channel, conversation.channel_id) if conversation.channel_id else None
        event = _opened(conversation, channel.key if channel is not None else None)
    return await _dispatch(runtime, [event])


def _open_conversation(
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


def _opened(conversation: Conversation, channel_key: str | None) -> ConversationOpened:
    return ConversationOpened(
        contact_id=conversation.contact_id,
        conversation_id=conversation.id or 0,
        source="user",
        channel_key=channel_key,
    )


# --- shared ------------------------------------------------------------------------------


def _text(text: str, what: str, limit: int = MAX_TEXT_CHARS) -> str:
    text = text.strip()
    if not text:
        raise Refused(f"Write {what} first.")
    if len(text) > limit:
        raise Refused(f"{what.capitalize()} is too long: at most {limit} characters.")
    return text


def _note(
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


async def _dispatch(runtime: Runtime, events: list[Event]) -> Handled:
    """Dispatch ``events`` in order (after their transaction committed); what they did."""
    total = Handled()
    for event in events:
        handled = await runtime.dispatch(event)
        total.started += handled.started
        total.resumed += handled.resumed
        total.exited += handled.exited
    return total
