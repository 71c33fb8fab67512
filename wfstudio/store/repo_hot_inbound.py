"""The statements of the runtime's inbound and planning hot path, as plain SQLAlchemy Core
run on the driver's cursor (:class:`~wfstudio.store.prepared.Prepared`).

Every statement is built once with bind parameters and returns tuples or small frozen
dataclasses instead of ORM objects: a custom channel's message (authenticate the channel,
find or create the contact) and a round's planning (store the message, the contact's
active enrollments with what planning needs of them, the published workflows with their
versions' stamps, start an enrollment) each cost a few narrow statements.

Keyword-only, take the session, never commit (DESIGN §4). Values read here are read in
the caller's transaction: nothing is cached in this module. Planning's statements are in
:mod:`wfstudio.store.repo_hot_planning`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, func, update
from sqlalchemy import select as sa_select
from sqlmodel import Session

from wfstudio.domain.refs import STANDARD_FIELDS
from wfstudio.store.prepared import Prepared
from wfstudio.store.tables import (
    Channel,
    Contact,
    Conversation,
    Enrollment,
)
from wfstudio.store.tables import ContactIdentity as IdentityTable

_contacts = Contact.__table__  # type: ignore[attr-defined]
_conversations = Conversation.__table__  # type: ignore[attr-defined]
_enrollments = Enrollment.__table__  # type: ignore[attr-defined]
_channels = Channel.__table__  # type: ignore[attr-defined]
_identities = IdentityTable.__table__  # type: ignore[attr-defined]


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


# --- a custom channel's inbound message -------------------------------------------------


@dataclass(frozen=True)
class ChannelRow:
    """What authenticating an inbound call needs of a channel."""

    id: int
    workspace_id: int
    key: str
    kind: str
    name: str
    secret_token: str


_CHANNELS_WITH_KEY_SELECT = (
    sa_select(
        _channels.c.id,
        _channels.c.workspace_id,
        _channels.c.key,
        _channels.c.kind,
        _channels.c.name,
        _channels.c.secret_token,
    )
    .where(_channels.c.key == bindparam("key"))
    .order_by(_channels.c.id)
)
_CHANNELS_WITH_KEY = Prepared(_CHANNELS_WITH_KEY_SELECT)


def channels_with_key(*, session: Session, key: str) -> list[ChannelRow]:
    """Every workspace's channel with ``key`` (keys are unique per workspace only), as
    stored now: a token rotated by another process is seen at once."""
    return [ChannelRow(*row) for row in _CHANNELS_WITH_KEY.execute(session, {"key": key})]


@dataclass(frozen=True)
class ContactIdentity:
    """What finding a contact by its channel id needs of it (and may fill in)."""

    id: int
    firstname: str | None
    lastname: str | None
    phone: str | None
    email: str | None
    external_ids: dict[str, Any]


_IDENTITY_COLUMNS = (
    _contacts.c.id,
    _contacts.c.firstname,
    _contacts.c.lastname,
    _contacts.c.phone,
    _contacts.c.email,
    _contacts.c.external_ids,
)


def _oldest_with_external_id(workspace_id: Any) -> Any:
    """The id of the oldest contact of ``workspace_id`` whose id on the channel of the
    ``channel_key`` parameter is the ``external_id`` parameter (through the
    ``contact_identities`` index)."""
    return (
        sa_select(func.min(_identities.c.contact_id))
        .where(
            _identities.c.workspace_id == workspace_id,
            _identities.c.channel_key == bindparam("channel_key"),
            _identities.c.external_id == bindparam("external_id"),
        )
        .scalar_subquery()
    )


_BY_EXTERNAL_ID = Prepared(
    sa_select(*_IDENTITY_COLUMNS).where(
        _contacts.c.id == _oldest_with_external_id(bindparam("workspace_id"))
    )
)


_CONTACT_ALIAS = _contacts.alias("known")
_OLDEST_WITH_EXTERNAL_ID = _oldest_with_external_id(_channels.c.workspace_id).correlate(_channels)
_CHANNELS_WITH_CONTACT = Prepared(
    sa_select(
        *_CHANNELS_WITH_KEY_SELECT.selected_columns,
        *(_CONTACT_ALIAS.c[column.name] for column in _IDENTITY_COLUMNS),
    )
    .select_from(
        _channels.outerjoin(_CONTACT_ALIAS, _CONTACT_ALIAS.c.id == _OLDEST_WITH_EXTERNAL_ID)
    )
    .where(_channels.c.key == bindparam("key"))
    .order_by(_channels.c.id)
)


def channels_with_contact(
    *, session: Session, key: str, external_id: str
) -> list[tuple[ChannelRow, ContactIdentity | None]] | None:
    """Like :func:`channels_with_key`, each with the contact of its workspace whose id on
    that channel is ``external_id`` (as :func:`contact_by_external_id`), in one statement.

    None on PostgreSQL, where the contact must be read only after
    :func:`~wfstudio.store.repo_inbound.lock_contact_identity`: call the two functions
    then. (SQLite's transactions hold the write lock from their start.)
    """
    if _dialect(session) != "sqlite":
        return None
    params = {"key": key, "channel_key": key, "external_id": external_id}
    return [
        (ChannelRow(*row[:6]), ContactIdentity(*row[6:]) if row[6] is not None else None)
        for row in _CHANNELS_WITH_CONTACT.execute(session, params)
    ]


def contact_by_external_id(
    *, session: Session, workspace_id: int, channel_key: str, external_id: str
) -> ContactIdentity | None:
    """The workspace's contact whose id on channel ``channel_key`` is ``external_id``
    (``Contact.external_ids[channel_key]``), the oldest if several; or None."""
    params = {"workspace_id": workspace_id, "channel_key": channel_key, "external_id": external_id}
    row = _BY_EXTERNAL_ID.execute(session, params).first()
    return ContactIdentity(*row) if row is not None else None


# --- storing an incoming message ---------------------------------------------------------


CONTACT_FACT_COLUMNS = ("id", "workspace_id", "is_test", *STANDARD_FIELDS, "custom_fields", "tags")
"""The contact's columns that trigger conditions read (:func:`contact_facts`)."""


@dataclass(frozen=True)
class IncomingContext:
    """What storing a contact's message needs, read in one statement."""

    last_interacted_channel_id: int | None
    assignee_user_id: int | None
    open_conversation_id: int | None
    channel_id: int | None  # the channel the message came on, when it exists
    active_enrollments: int  # how many of the contact's enrollments are active
    facts: dict[str, Any]  # CONTACT_FACT_COLUMNS → value

    @property
    def workspace_id(self) -> int:
        return int(self.facts["workspace_id"])


_OPEN_CONVERSATION_ID = (
    sa_select(_conversations.c.id)
    .where(_conversations.c.contact_id == _contacts.c.id, _conversations.c.status == "open")
    .order_by(_conversations.c.id)
    .limit(1)
    .scalar_subquery()
)
_CHANNEL_ID = (
    sa_select(_channels.c.id)
    .where(
        _channels.c.workspace_id == _contacts.c.workspace_id,
        _channels.c.key == bindparam("channel_key"),
    )
    .scalar_subquery()
)
_ACTIVE_COUNT = (
    sa_select(func.count())
    .select_from(_enrollments)
    .where(_enrollments.c.contact_id == _contacts.c.id, _enrollments.c.status == "active")
    .scalar_subquery()
)
_INCOMING_CONTEXT = Prepared(
    sa_select(
        _contacts.c.last_interacted_channel_id,
        _contacts.c.assignee_user_id,
        _OPEN_CONVERSATION_ID,
        _CHANNEL_ID,
        _ACTIVE_COUNT,
        *(_contacts.c[name] for name in CONTACT_FACT_COLUMNS),
    ).where(_contacts.c.id == bindparam("contact_id"))
)


def incoming_context(
    *, session: Session, contact_id: int, channel_key: str | None
) -> IncomingContext | None:
    """The contact's last channel, assignee and fields, its open conversation's id, the id
    of its workspace's channel ``channel_key`` and how many active enrollments it has;
    None when the contact does not exist."""
    params = {"contact_id": contact_id, "channel_key": channel_key or ""}
    row = _INCOMING_CONTEXT.execute(session, params).first()
    if row is None:
        return None
    return IncomingContext(
        last_interacted_channel_id=row[0],
        assignee_user_id=row[1],
        open_conversation_id=row[2],
        channel_id=row[3],
        active_enrollments=row[4],
        facts=dict(zip(CONTACT_FACT_COLUMNS, row[5:], strict=True)),
    )


_SET_LAST_CHANNEL = Prepared(
    update(_contacts)
    .where(_contacts.c.id == bindparam("contact"))
    .values(last_interacted_channel_id=bindparam("channel"))
)


def set_last_channel(*, session: Session, contact_id: int, channel_id: int) -> None:
    """Record the channel the contact last wrote on."""
    _SET_LAST_CHANNEL.execute(session, {"contact": contact_id, "channel": channel_id})


__all__ = [
    "CONTACT_FACT_COLUMNS",
    "ChannelRow",
    "ContactIdentity",
    "IncomingContext",
    "channels_with_key",
    "contact_by_external_id",
    "incoming_context",
    "set_last_channel",
]
