"""Sending a message to the contact from a step, on the channel it should go out on."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Literal, Protocol

from pydantic import JsonValue

from wfstudio.runtime.channels import (
    INBOX_ONLY_KINDS,
    ChannelTarget,
    ContactAddress,
    Delivery,
    OutboundMessage,
    deliver,
)
from wfstudio.runtime.context import Burst, Suspend
from wfstudio.runtime.http import HttpClient
from wfstudio.store.db import Engine, Session

OFFLINE_KINDS = frozenset({"web_chat", *INBOX_ONLY_KINDS})
"""Channel kinds whose delivery does not leave the process (nothing to await)."""


class Effects(Protocol):
    """What step handlers may use besides the burst: the shared HTTP client, and the open
    transaction when the step runs inside one (for the few steps that must decide in the
    database, e.g. Assign To: see :func:`session_of`)."""

    http: HttpClient
    engine: Engine
    session: Session | None


@dataclass
class StepEffects:
    """The effects of steps run by the runtime: inside a transaction or between two."""

    http: HttpClient
    engine: Engine
    session: Session | None = None


def session_of(effects: Effects) -> Session:
    """The transaction a step that needs the database runs in; outside one the step is
    suspended (before it changed anything) and continued inside the next one."""
    if effects.session is None:
        raise Suspend
    return effects.session


def needs_network(effects: Effects) -> None:
    """Call before a step awaits the network: inside a transaction the step is suspended
    (before it changed anything) and continued after the commit."""
    if effects.session is not None:
        raise Suspend


async def send(
    effects: Effects,
    burst: Burst,
    text: str,
    *,
    channel_key: str | None = None,
    buttons: tuple[str, ...] = (),
    attachments: tuple[str, ...] = (),
    kind: Literal["message", "question"] = "message",
    options: tuple[str, ...] = (),
    author_kind: Literal["workflow", "ai"] = "workflow",
) -> Delivery:
    """Deliver ``text`` and record it as an outgoing message of the conversation.

    ``channel_key`` None means the last interacted channel (the open conversation's, else
    the contact's last one). A workflow's send never opens a conversation: without an open
    one the message is recorded on the contact only. Test enrollments always deliver to
    the test chat (a web chat), whatever channel the step names.

    Each message gets a random id, sent as ``message.id`` to custom channels (the same on
    every retry, so a receiver can de-duplicate) and kept in the stored message's payload
    as ``outbound_id``.
    """
    key = channel_key or burst.channel_key()
    channel = burst.channels.get(key) if key else None
    if channel is None:
        return Delivery(ok=False, error="The contact has no channel to send this message on.")
    if not burst.enrollment.is_test and channel.kind not in OFFLINE_KINDS:
        needs_network(effects)
    outbound_id = secrets.token_hex(16)
    if burst.enrollment.is_test:
        delivery = Delivery(ok=True)
    else:
        target = ChannelTarget(
            key=channel.key, kind=channel.kind, name=channel.name, config=channel.config
        )
        contact = burst.contact
        address = ContactAddress(
            contact_id=contact.id,
            name=" ".join(part for part in (contact.firstname, contact.lastname) if part) or None,
            phone=contact.phone,
            email=contact.email,
            external_id=(contact.external_ids or {}).get(channel.key),
        )
        message = OutboundMessage(
            text=text,
            buttons=buttons,
            attachments=attachments,
            kind=kind,
            options=options,
            message_id=outbound_id,
        )
        delivery = await deliver(effects.http, target, address, message)
    if delivery.ok:
        payload: dict[str, JsonValue] = {"kind": kind, "outbound_id": outbound_id}
        if buttons or options:
            payload["buttons"] = list(options or buttons)
        if attachments:
            payload["attachments"] = list(attachments)
        burst.add_message(
            channel_id=channel.id,
            direction="out",
            author_kind=author_kind,
            author_id=burst.workflow.id,
            text=text,
            payload=payload,
        )
    return delivery
