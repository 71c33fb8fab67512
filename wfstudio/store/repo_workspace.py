"""Repository functions for a workspace and its data (people, channels, contacts).

Every function is keyword-only, takes the session and never commits: the caller owns
the transaction (DESIGN §4).
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterable
from typing import Any, Literal, TypeVar

from sqlalchemy import bindparam, func
from sqlmodel import Session, col, select

from wfstudio.domain.outbound import AllowList, allow_list_from
from wfstudio.domain.refs import FIELD_TYPES, STANDARD_FIELDS, FieldType, WorkspaceRefs
from wfstudio.store.tables import (
    Channel,
    Contact,
    ContactField,
    Conversation,
    SheetCredential,
    Tag,
    Team,
    User,
    Workflow,
    Workspace,
)

Keyed = TypeVar("Keyed", User, Team, Channel, ContactField, Tag, SheetCredential, Workflow)
"""The tables whose rows a workflow definition refers to by ``key``."""

ContactIdentifier = Literal["id", "email", "phone"]


def get_workspace(*, session: Session, workspace_id: int) -> Workspace | None:
    """The workspace, or None."""
    return session.get(Workspace, workspace_id)


def get_by_key(
    *, session: Session, table: type[Keyed], workspace_id: int, key: str
) -> Keyed | None:
    """The row of ``table`` with ``key`` in the workspace, or None.

    Example: ``get_by_key(session=s, table=Channel, workspace_id=1, key="web")``.
    """
    statement = select(table).where(table.workspace_id == workspace_id, table.key == key)
    return session.exec(statement).first()


def _keys(session: Session, table: type[Keyed], workspace_id: int) -> frozenset[str]:
    statement = select(table.key).where(table.workspace_id == workspace_id)
    return frozenset(session.exec(statement).all())


def list_keys(items: Iterable[Any]) -> frozenset[str]:
    """Keys of a workspace JSON list whose items are ``{"key": ...}`` dicts or strings."""
    keys: set[str] = set()
    for item in items:
        key = item.get("key") if isinstance(item, dict) else item
        if isinstance(key, str) and key:
            keys.add(key)
    return frozenset(keys)


def workspace_refs(*, session: Session, workspace_id: int) -> WorkspaceRefs:
    """Everything of the workspace a definition can refer to, by key (for validation).

    Contact fields are the standard fields plus the custom ones (a custom field with an
    unknown type is left out); workflows map to the trigger kind of their draft (``""``
    when the draft has no trigger yet). URLs are judged with the deployment's outbound
    allow-list (``WFSTUDIO_OUTBOUND_ALLOW``, read here as ``DATABASE_URL`` is in ``db``);
    a list with a wrong entry counts as empty (sending names the entry).

    Raises:
        LookupError: the workspace does not exist.
    """
    workspace = session.get(Workspace, workspace_id)
    if workspace is None:
        raise LookupError(f"workspace {workspace_id} does not exist")
    channels = session.exec(
        select(Channel.key, Channel.kind).where(Channel.workspace_id == workspace_id)
    ).all()
    fields: dict[str, FieldType] = dict(STANDARD_FIELDS)
    for key, field_type in session.exec(
        select(ContactField.key, ContactField.type).where(ContactField.workspace_id == workspace_id)
    ).all():
        if field_type in FIELD_TYPES:
            fields[key] = field_type
    trigger_kind = col(Workflow.draft)[("trigger", "kind")].as_string()
    workflows = session.exec(
        select(Workflow.key, trigger_kind).where(Workflow.workspace_id == workspace_id)
    ).all()
    return WorkspaceRefs(
        channels={key: kind for key, kind in channels},
        users=_keys(session, User, workspace_id),
        teams=_keys(session, Team, workspace_id),
        tags=_keys(session, Tag, workspace_id),
        fields=fields,
        lifecycle_stages=list_keys(workspace.lifecycle_stages),
        closing_categories=list_keys(workspace.closing_categories),
        workflows={key: kind or "" for key, kind in workflows},
        sheet_credentials=_keys(session, SheetCredential, workspace_id),
        outbound_allow=_outbound_allow(),
    )


def _outbound_allow() -> AllowList:
    try:
        return allow_list_from(os.environ)
    except ValueError:
        return AllowList()  # fail closed: only public addresses


def open_contact_counts(*, session: Session, user_ids: Collection[int]) -> dict[int, int]:
    """For each user, how many contacts assigned to them have an open conversation.

    Every id in ``user_ids`` is in the result (0 when none), for "least open contacts"
    and "fewer than N open contacts" assignment.
    """
    counts = dict.fromkeys(user_ids, 0)
    if not counts:
        return counts
    statement = (
        select(Contact.assignee_user_id, func.count(col(Contact.id)))
        .join(Conversation, col(Conversation.contact_id) == col(Contact.id))
        .where(col(Contact.assignee_user_id).in_(counts), Conversation.status == "open")
        .group_by(col(Contact.assignee_user_id))
    )
    for user_id, count in session.exec(statement).all():
        if user_id is not None:
            counts[user_id] = count
    return counts


def find_contact(
    *, session: Session, workspace_id: int, by: ContactIdentifier, value: str
) -> Contact | None:
    """The workspace's contact whose id, email or phone is ``value`` (the oldest if
    several share an email or phone), or None. Email matches case-insensitively."""
    statement = select(Contact).where(Contact.workspace_id == workspace_id)
    if by == "id":
        if not value.strip().isdigit():
            return None
        statement = statement.where(Contact.id == int(value))
    elif by == "email":
        statement = statement.where(func.lower(col(Contact.email)) == value.strip().lower())
    else:
        statement = statement.where(Contact.phone == value.strip())
    return session.exec(statement.order_by(col(Contact.id))).first()


_OPEN_CONVERSATION = select(Conversation).where(
    Conversation.contact_id == bindparam("contact_id"), Conversation.status == "open"
)  # built once: a prebuilt statement skips building and cache-keying it on each call


def open_conversation(*, session: Session, contact_id: int) -> Conversation | None:
    """The contact's open conversation (there is at most one), or None."""
    return session.exec(_OPEN_CONVERSATION, params={"contact_id": contact_id}).first()
