"""Tables of a workspace: its people, channels, contact data, conversations, messages."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import AutoString, Field

from wfstudio.store.base import (
    CONVERSATION_STATUSES,
    DIRECTIONS,
    ROLES,
    AuthorKind,
    ChannelKind,
    ConversationStatus,
    Direction,
    Role,
    Source,
    Table,
    one_of,
    partial,
)
from wfstudio.store.types import JSONDocument, UTCDateTime


class Workspace(Table, table=True):
    """One business's account. Lifecycle stages and closing categories are JSON lists of
    ``{"key": ..., "label": ...}``; settings hold e.g. ``max_workflows``, ``ai`` (base URL,
    model, key) and ``auto_close``."""

    __tablename__ = "workspaces"

    id: int | None = Field(default=None, primary_key=True)
    name: str
    timezone: str = "UTC"
    business_hours: dict[str, Any] = Field(default_factory=dict, sa_type=JSONDocument)
    lifecycle_stages: list[Any] = Field(default_factory=list, sa_type=JSONDocument)
    closing_categories: list[Any] = Field(default_factory=list, sa_type=JSONDocument)
    settings: dict[str, Any] = Field(default_factory=dict, sa_type=JSONDocument)
    created_at: datetime = Field(sa_type=UTCDateTime)


class User(Table, table=True):
    """A person who logs in. ``email`` is unique across workspaces (it is the login)."""

    __tablename__ = "users"
    __table_args__ = (one_of("role", ROLES), UniqueConstraint("workspace_id", "key"))

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspaces.id", ondelete="CASCADE")
    key: str
    name: str
    email: str = Field(unique=True)
    role: Role = Field(default="agent", sa_type=AutoString)
    restricted: bool = False
    restrictions: dict[str, Any] = Field(default_factory=dict, sa_type=JSONDocument)
    online: bool = False
    password_hash: str | None = None
    # When this user was last given a contact by Assign To: round robin picks the one
    # assigned longest ago, which stays exact however many assignments run at once.
    last_assigned_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class Team(Table, table=True):
    __tablename__ = "teams"
    __table_args__ = (UniqueConstraint("workspace_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspaces.id", ondelete="CASCADE")
    key: str
    name: str


class TeamMember(Table, table=True):
    __tablename__ = "team_members"

    team_id: int = Field(foreign_key="teams.id", ondelete="CASCADE", primary_key=True)
    user_id: int = Field(foreign_key="users.id", ondelete="CASCADE", primary_key=True, index=True)


class Channel(Table, table=True):
    """Where messages travel. ``config`` holds e.g. the outbound URL; ``secret_token``
    authenticates inbound webhooks (so it is unique)."""

    __tablename__ = "channels"
    __table_args__ = (UniqueConstraint("workspace_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspaces.id", ondelete="CASCADE")
    key: str
    kind: ChannelKind = Field(sa_type=AutoString)
    name: str
    config: dict[str, Any] = Field(default_factory=dict, sa_type=JSONDocument)
    secret_token: str = Field(unique=True)


class ContactField(Table, table=True):
    """A custom contact field; ``type`` is one of ``wfstudio.domain.refs.FIELD_TYPES``."""

    __tablename__ = "contact_fields"
    __table_args__ = (UniqueConstraint("workspace_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspaces.id", ondelete="CASCADE")
    key: str
    label: str
    type: str = "text"
    # The choices of a field of type "list", in the order they are offered.
    options: list[str] = Field(default_factory=list, sa_type=JSONDocument)


class Tag(Table, table=True):
    __tablename__ = "tags"
    __table_args__ = (UniqueConstraint("workspace_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspaces.id", ondelete="CASCADE")
    key: str
    label: str


class SheetCredential(Table, table=True):
    """Google Sheets credentials (e.g. a service-account JSON) that add_sheet_row uses."""

    __tablename__ = "sheet_credentials"
    __table_args__ = (UniqueConstraint("workspace_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspaces.id", ondelete="CASCADE")
    key: str
    name: str
    credentials: dict[str, Any] = Field(default_factory=dict, sa_type=JSONDocument)


# --- contacts and conversations -----------------------------------------------------


class Contact(Table, table=True):
    """An end customer. ``None`` in a standard field means "not set" (operator
    ``not_exists``); ``tags`` is a JSON list of tag keys, ``custom_fields`` key → value."""

    __tablename__ = "contacts"
    __table_args__ = (
        Index(None, "workspace_id", "email"),
        Index(None, "workspace_id", "phone"),
    )

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspaces.id", ondelete="CASCADE")
    firstname: str | None = None
    lastname: str | None = None
    email: str | None = None
    phone: str | None = None
    country: str | None = None
    language: str | None = None
    bot_status: bool = False
    custom_fields: dict[str, Any] = Field(default_factory=dict, sa_type=JSONDocument)
    tags: list[str] = Field(default_factory=list, sa_type=JSONDocument)
    lifecycle_stage: str | None = None
    assignee_user_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    assignee_team_id: int | None = Field(default=None, foreign_key="teams.id", ondelete="SET NULL")
    last_interacted_channel_id: int | None = Field(
        default=None, foreign_key="channels.id", ondelete="SET NULL"
    )
    # channel key -> the contact's id on that channel (e.g. a custom channel's user id)
    external_ids: dict[str, Any] = Field(default_factory=dict, sa_type=JSONDocument)
    created_at: datetime = Field(sa_type=UTCDateTime)
    # The test contact of a test chat session: published triggers never enroll it.
    is_test: bool = False


class ContactIdentity(Table, table=True):
    """The index of ``Contact.external_ids``: one row per (channel key, external id) of a
    contact, so an inbound message finds its contact by index instead of reading every
    contact's JSON. Written only by database triggers on ``contacts`` (migration 0008);
    the application never writes it."""

    __tablename__ = "contact_identities"

    workspace_id: int = Field(foreign_key="workspaces.id", ondelete="CASCADE", primary_key=True)
    channel_key: str = Field(primary_key=True)
    external_id: str = Field(primary_key=True)
    contact_id: int = Field(
        foreign_key="contacts.id", ondelete="CASCADE", primary_key=True, index=True
    )


class Conversation(Table, table=True):
    """A contact's thread; at most one open per contact (a partial unique index).

    ``opened_by_id`` / ``closed_by_id`` name the user or workflow behind the source."""

    __tablename__ = "conversations"
    __table_args__ = (
        one_of("status", CONVERSATION_STATUSES),
        Index(None, "contact_id", "status"),
        Index("uq_conversations_one_open", "contact_id", unique=True, **partial("status = 'open'")),
        Index(None, "workspace_id", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspaces.id", ondelete="CASCADE")
    contact_id: int = Field(foreign_key="contacts.id", ondelete="CASCADE")
    channel_id: int | None = Field(default=None, foreign_key="channels.id", ondelete="SET NULL")
    status: ConversationStatus = Field(default="open", sa_type=AutoString)
    opened_by_source: Source = Field(sa_type=AutoString)
    opened_by_id: int | None = None
    opened_at: datetime = Field(sa_type=UTCDateTime)
    closed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    closed_by_source: Source | None = Field(default=None, sa_type=AutoString)
    closed_by_id: int | None = None
    closing_category: str | None = None
    summary: str | None = None
    assignee_user_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")


class Message(Table, table=True):
    """One message in or out. ``conversation_id`` is empty for a message that arrives while
    no conversation is open (a late answer does not reopen one, SPEC §4)."""

    __tablename__ = "messages"
    __table_args__ = (
        one_of("direction", DIRECTIONS),
        Index(None, "contact_id", "created_at"),
        Index(None, "conversation_id", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    conversation_id: int | None = Field(
        default=None, foreign_key="conversations.id", ondelete="SET NULL"
    )
    contact_id: int = Field(foreign_key="contacts.id", ondelete="CASCADE")
    channel_id: int | None = Field(default=None, foreign_key="channels.id", ondelete="SET NULL")
    direction: Direction = Field(sa_type=AutoString)
    author_kind: AuthorKind = Field(sa_type=AutoString)
    author_id: int | None = None
    text: str = ""
    payload: dict[str, Any] = Field(default_factory=dict, sa_type=JSONDocument)
    created_at: datetime = Field(sa_type=UTCDateTime)


# --- sign-in ------------------------------------------------------------------------


class UserSession(Table, table=True):
    """A signed-in browser or API client. Only the SHA-256 of the token is stored, so a
    leaked database does not sign anybody in."""

    __tablename__ = "user_sessions"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(unique=True)
    user_id: int = Field(foreign_key="users.id", ondelete="CASCADE", index=True)
    created_at: datetime = Field(sa_type=UTCDateTime)
    last_seen_at: datetime = Field(sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)


class SignInFailure(Table, table=True):
    """One failed sign-in (or one under way: a row is written before the password is
    checked, and removed when it matches): what slows repeated guesses down, per email
    (known or not; None when the request gave no usable email) and per client address
    (None when unknown)."""

    __tablename__ = "sign_in_failures"
    __table_args__ = (Index(None, "email", "failed_at"), Index(None, "client", "failed_at"))

    id: int | None = Field(default=None, primary_key=True)
    email: str | None = None
    client: str | None = None
    failed_at: datetime = Field(sa_type=UTCDateTime)
