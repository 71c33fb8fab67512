"""What arrives from outside: a custom channel's inbound messages and incoming-webhook
calls. The REST API (:mod:`wfstudio.api.routes`) is a thin layer over these two functions.

Both authenticate first, then validate, and only then write: a bad token raises
:class:`Unauthorized` and a malformed body :class:`BadRequest`, and either leaves the
database untouched. A call returns only once everything it caused (the stored message,
enrollments started or resumed, their steps, the messages they sent) is committed, so the
caller may acknowledge its sender then; an error before that point means "not handled,
send it again".

A custom channel's message body (JSON)::

    {"contact": {"id": "<the contact's id on this channel>",      required
                 "name": "Ana Lima",                              optional (or firstname/lastname)
                 "phone": "+351912345678", "email": "ana@example.com"},   optional
     "text": "hi",                                                required, non-empty
     "payload": {...},                                            optional, kept with the message
     "referral": {"source": "ad", "ad_id": "120208…",             optional: the ad clicked
                  "ad_source": "facebook", "headline": "…", "source_url": "https://…",
                  "ref": "…"}}

A ``referral`` (every key optional; ``source`` "ad" or "post", ``ad_source`` facebook,
instagram or tiktok) fires the workspace's Click-to-Chat Ad triggers when the message opens
a conversation — a conversation *starts* from an ad click — with its values as
``$trigger.ad_id`` … ``$trigger.ref``; on a message of an open conversation (or one that
answers a workflow's question) it is accepted and fires nothing.

The contact is the workspace's contact with that id on this channel
(``Contact.external_ids[channel key]``), else the oldest with that phone, else with that
email (the channel id is then recorded on it), else a new contact. Details the request
brings fill the contact's empty fields; they never overwrite what is there.

An incoming webhook's body is any JSON object; the workflow's trigger says where the
contact's id, email or phone is (a dotted path such as ``customer.email``) and which
values become ``$trigger.<variable>`` (a missing key gives an empty variable). An
unknown email or phone creates the contact; an unknown contact id is refused
(:class:`~wfstudio.services.errors.NotFound`). A workflow that is not published (or
whose published version has another trigger) refuses with :class:`NotAccepting`.

The bodies are parsed and checked in :mod:`.inbound_bodies`.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, Protocol

from pydantic import JsonValue

from wfstudio.domain.catalogue import TRIGGERS
from wfstudio.domain.triggers.incoming_webhook import IncomingWebhookConfig
from wfstudio.runtime.burst import definition_of
from wfstudio.runtime.events import WebhookReceived
from wfstudio.runtime.runner import Handled, Runtime
from wfstudio.services.errors import NotFound, Refused
from wfstudio.services.inbound_bodies import (
    MAX_BODY_BYTES,
    BadRequest,
    ChannelMessage,
    InboundContact,
    decode_json,
    lookup,
    parse_channel_message,
    webhook_identifier,
)
from wfstudio.store import repo, repo_hot_burst, repo_hot_inbound, repo_inbound
from wfstudio.store.db import Session
from wfstudio.store.repo_hot_inbound import ChannelRow, ContactIdentity
from wfstudio.store.tables import Contact, Workflow

__all__ = [
    "MAX_BODY_BYTES",
    "Ack",
    "BadRequest",
    "ChannelMessage",
    "InboundContact",
    "NotAccepting",
    "Unauthorized",
    "decode_json",
    "lookup",
    "parse_channel_message",
    "receive_channel_message",
    "receive_webhook",
]


class Unauthorized(Refused):
    """The token or secret does not open anything (HTTP 401)."""


class NotAccepting(Refused):
    """The webhook's workflow does not take calls now: not published (HTTP 409)."""


@dataclass(frozen=True)
class Ack:
    """What an accepted call did, once committed: every enrollment it started, resumed
    or ended, those down the chain included (a step's tag or field change, or Trigger
    Another Workflow, that started another workflow), in the order they happened."""

    contact_id: int
    contact_created: bool
    started: tuple[int, ...] = ()
    resumed: tuple[int, ...] = ()
    exited: tuple[int, ...] = ()

    def as_json(self) -> dict[str, JsonValue]:
        return {
            "ok": True,
            "contact_id": self.contact_id,
            "contact_created": self.contact_created,
            "enrollments": {
                "started": list(self.started),
                "resumed": list(self.resumed),
                "exited": list(self.exited),
            },
        }


# --- the custom channel ------------------------------------------------------------------


async def receive_channel_message(
    runtime: Runtime, *, channel_key: str, token: str, body: bytes | str | object
) -> Ack:
    """Take one message a custom channel received from a contact.

    Args:
        runtime: the process's runtime.
        channel_key: the channel's key (from the URL).
        token: the channel's secret token, as the caller sent it.
        body: the raw request body (bytes or text), or the already-parsed JSON value.

    Raises:
        Unauthorized: no custom channel has this key and token.
        BadRequest: the body is malformed (see the module docstring).
    """
    try:
        message: ChannelMessage | None = parse_channel_message(decode_json(body))
        problem: BadRequest | None = None
    except BadRequest as refusal:
        message, problem = None, refusal
    now = runtime.clock.now()

    def find_contact(session: Session) -> tuple[int, str, bool]:
        external_id = message.contact.external_id if message is not None else ""
        channel, known = _authenticate_channel(session, channel_key, token, external_id)
        if problem is not None:
            raise problem
        assert message is not None
        contact_id, created = _channel_contact(session, channel, message.contact, now, known=known)
        return contact_id, channel.key, created

    # The lookup is the first part of the runtime's first transaction (which stores the
    # message and starts its round) whenever the contact is not busy with another call.
    text, payload = (message.text, message.payload) if message is not None else ("", {})
    referral = message.referral if message is not None else None
    found, handled = await runtime.receive_found(find_contact, text, payload, referral=referral)
    contact_id, _key, created = found
    return _ack(contact_id, created, handled)


_UNREAD: Any = object()


def _authenticate_channel(
    session: Session, channel_key: str, token: str, external_id: str
) -> tuple[ChannelRow, ContactIdentity | None]:
    """The custom channel with this key and token, as stored now (a rotated token is
    refused at once), and the contact with ``external_id`` on it when the same statement
    could read it (SQLite; else ``_UNREAD``). Compares tokens in constant time."""
    with_contacts = repo_hot_inbound.channels_with_contact(
        session=session, key=channel_key, external_id=external_id
    )
    if with_contacts is None:
        channels = repo_hot_inbound.channels_with_key(session=session, key=channel_key)
        with_contacts = [(channel, _UNREAD) for channel in channels]
    found = None
    given = token.encode()
    for channel, contact in with_contacts:
        if hmac.compare_digest(channel.secret_token.encode(), given) and found is None:
            found = (channel, contact)
    if found is None or not token:
        raise Unauthorized("Unknown channel or wrong token.")
    if found[0].kind != "custom_channel":
        raise BadRequest(
            f"Channel “{found[0].name}” is not a custom channel: only custom channels take "
            "messages here."
        )
    return found


class _ChannelKey(Protocol):
    @property
    def workspace_id(self) -> int: ...
    @property
    def key(self) -> str: ...


_IDENTITY_FIELDS = ("firstname", "lastname", "phone", "email")


def _channel_contact(
    session: Session,
    channel: _ChannelKey,
    who: InboundContact,
    now: datetime,
    *,
    known: ContactIdentity | None = _UNREAD,
) -> tuple[int, bool]:
    """The contact the message is from (found or created); whether it was created.

    ``known``: the contact with the message's id on the channel (or None), when the
    caller read it already. Reads the contact as a few columns and writes only what
    changes (nothing, for a known contact whose details are all filled)."""
    workspace_id = channel.workspace_id
    repo_inbound.lock_contact_identity(
        session=session, workspace_id=workspace_id, identity=f"{channel.key}:{who.external_id}"
    )
    found = known
    if found is _UNREAD:
        found = repo_hot_inbound.contact_by_external_id(
            session=session,
            workspace_id=workspace_id,
            channel_key=channel.key,
            external_id=who.external_id,
        )
    fallbacks: tuple[tuple[Literal["phone", "email"], str | None], ...] = (
        ("phone", who.phone),
        ("email", who.email),
    )
    for by, value in fallbacks:
        if found is None and value:
            contact = repo.find_contact(
                session=session, workspace_id=workspace_id, by=by, value=value
            )
            if contact is not None:
                found = ContactIdentity(
                    id=contact.id or 0,
                    **{name: getattr(contact, name) for name in _IDENTITY_FIELDS},
                    external_ids=contact.external_ids,
                )
    external_ids = found.external_ids if found is not None else {}
    changes: dict[str, Any] = {}
    if external_ids.get(channel.key) != who.external_id:
        changes["external_ids"] = {**external_ids, channel.key: who.external_id}
    for name in _IDENTITY_FIELDS:
        value = getattr(who, name)
        if value is not None and (found is None or getattr(found, name) is None):
            changes[name] = value
    if found is None:
        values = {"workspace_id": workspace_id, "created_at": now, **changes}
        return repo_hot_burst.insert_row(session=session, table="contacts", values=values), True
    repo_hot_burst.update_row(session=session, table="contacts", row_id=found.id, values=changes)
    return found.id, False


# --- incoming webhooks -------------------------------------------------------------------


async def receive_webhook(runtime: Runtime, *, secret: str, body: bytes | str | object) -> Ack:
    """Take one call of a workflow's incoming webhook and fire its trigger.

    Args:
        runtime: the process's runtime.
        secret: the token of the webhook URL.
        body: the raw request body (bytes or text), or the already-parsed JSON value.

    Raises:
        Unauthorized: no workflow has this webhook secret.
        NotAccepting: the workflow is not published with an Incoming Webhook trigger.
        BadRequest: the body is not a JSON object, or lacks a valid contact identifier.
        NotFound: the identifier is a contact id that does not exist.
    """
    try:
        document: object = decode_json(body)
        problem: BadRequest | None = None
    except BadRequest as refusal:
        document, problem = None, refusal
    now = runtime.clock.now()

    def find_contact(session: Session) -> tuple[int, bool, str, dict[str, JsonValue]]:
        workflow = repo.get_workflow_by_webhook_secret(session=session, secret=secret)
        if workflow is None or not hmac.compare_digest(
            (workflow.webhook_secret or "").encode(), secret.encode()
        ):
            raise Unauthorized("Unknown webhook: check the URL's secret.")
        config = _webhook_config(session, workflow)
        if problem is not None:
            raise problem
        if not isinstance(document, dict):
            raise BadRequest("The body must be a JSON object.")
        by = config.identifier_type
        identifier = webhook_identifier(document, config)
        if by != "id":  # it may create the contact: one request at a time per identity
            repo_inbound.lock_contact_identity(
                session=session, workspace_id=workflow.workspace_id, identity=f"{by}:{identifier}"
            )
        contact = repo.find_contact(
            session=session, workspace_id=workflow.workspace_id, by=by, value=identifier
        )
        created = False
        if contact is None and by == "id":
            raise NotFound(f"No contact has the id {identifier}.")
        if contact is None:
            contact = Contact(workspace_id=workflow.workspace_id, created_at=now)
            setattr(contact, by, identifier)
            session.add(contact)
            session.flush()
            created = True
        contact_id = contact.id or 0
        values = {
            mapping.variable: lookup(document, mapping.key)
            for mapping in config.mappings
            if mapping.variable and mapping.key
        }
        return contact_id, created, workflow.key, values

    contact_id, created, workflow_key, values = await runtime.writer.run(find_contact)
    handled = await runtime.dispatch(
        WebhookReceived(contact_id=contact_id, workflow_key=workflow_key, values=values)
    )
    return _ack(contact_id, created, handled)


def _webhook_config(session: Session, workflow: Workflow) -> IncomingWebhookConfig:
    not_live = NotAccepting(
        f"The workflow “{workflow.name}” is not published with an Incoming Webhook trigger: "
        "nothing was done."
    )
    if workflow.status != "published" or workflow.current_version_id is None:
        raise not_live
    trigger = definition_of(session, workflow.current_version_id).trigger
    if trigger is None or trigger.kind != "incoming_webhook":
        raise not_live
    config = TRIGGERS[trigger.kind].parse_or_none(trigger.config)
    if not isinstance(config, IncomingWebhookConfig):
        raise not_live
    return config


# --- shared ------------------------------------------------------------------------------


def _ack(contact_id: int, created: bool, handled: Handled) -> Ack:
    return Ack(
        contact_id=contact_id,
        contact_created=created,
        started=tuple(handled.started),
        resumed=tuple(handled.resumed),
        exited=tuple(handled.exited),
    )
