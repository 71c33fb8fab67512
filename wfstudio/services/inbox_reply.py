"""Replying to the contact as the signed-in user, and internal comments.

A reply goes out on the open conversation's channel (else the contact's last one) exactly
as a workflow's Send a Message does (:func:`~wfstudio.runtime.channels.deliver`); it is
stored only once the channel accepted it, then dispatched as an ``OutgoingMessage`` by a
user (the "outgoing message" exit condition). Replying while no conversation is open
opens one, by the user. An internal comment is a system line only the team sees; no
workflow reacts to it.
"""

from __future__ import annotations

import uuid

from wfstudio.runtime.channels import ChannelTarget, ContactAddress, OutboundMessage, deliver
from wfstudio.runtime.events import Event, OutgoingMessage
from wfstudio.runtime.runner import Handled, Runtime
from wfstudio.services.errors import Refused
from wfstudio.services.inbox_common import display_name, load_actor, load_contact
from wfstudio.services.inbox_writes import (
    add_note,
    clean_text,
    dispatch_all,
    open_conversation_by,
    opened_event,
)
from wfstudio.store import repo
from wfstudio.store.db import Session, session_scope
from wfstudio.store.tables import Channel, Contact, Message


async def reply(runtime: Runtime, *, user_id: int | None, contact_id: int, text: str) -> Handled:
    """Send ``text`` to the contact as the user; refused (nothing stored) when the channel
    does not accept it."""
    text = clean_text(text, "a message")
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
        conversation, opened = open_conversation_by(session, contact, actor, channel_id, now)
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
            events.append(opened_event(conversation, target.key))
    return await dispatch_all(runtime, events)


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
    text = clean_text(text, "a comment")
    with session_scope(runtime.engine) as session:
        actor = load_actor(session, user_id)
        contact = load_contact(session, actor, contact_id)
        add_note(session, contact, actor, text, runtime.clock.now(), kind="comment")
