"""The demo workspace "Acme Support", loaded on first start (``make run`` runs
``wfstudio demo`` on every start; it loads only into an empty database).

The content is in :mod:`wfstudio.services.demo_data` and deterministic apart from the
channels' secret tokens; timestamps are relative to ``now``. Everything goes through the
same rules as :mod:`wfstudio.services.workspace`, in one transaction. Each demo user gets
the password of ``demo_data.DEMO_USERS`` (:func:`demo_sign_ins` lists them for the CLI).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from wfstudio.services import demo_data as data
from wfstudio.services import workspace as ws
from wfstudio.services.auth import hash_password
from wfstudio.store import repo_admin, repo_auth
from wfstudio.store.db import Engine, Session, session_scope
from wfstudio.store.tables import AuthorKind, Channel, Contact, Conversation, Message, User

MESSAGE_GAP = timedelta(minutes=3)


@dataclass(frozen=True)
class DemoSummary:
    """What :func:`load_demo` created."""

    workspace_id: int
    users: int
    teams: int
    channels: int
    fields: int
    tags: int
    contacts: int
    conversations: int
    messages: int

    def describe(self) -> str:
        return (
            f'"{data.WORKSPACE_NAME}" with {self.users} users, {self.teams} teams, '
            f"{self.channels} channels, {self.fields} contact fields, {self.tags} tags and "
            f"{self.contacts} contacts ({self.conversations} conversations, "
            f"{self.messages} messages)."
        )


def load_demo(engine: Engine, *, now: datetime | None = None) -> DemoSummary | None:
    """Create the demo workspace when the database has no workspace yet.

    Returns what was created, or None (and changes nothing) when a workspace exists.
    """
    now = now if now is not None else datetime.now(UTC)
    with session_scope(engine) as session:
        repo_admin.lock_workspace_setup(session=session)
        if repo_admin.first_workspace_id(session=session) is not None:
            return None
        workspace = ws.insert_workspace(
            session, name=data.WORKSPACE_NAME, timezone=data.TIMEZONE, now=now
        )
        workspace_id = workspace.id
        assert workspace_id is not None
        for label in data.LIFECYCLE_STAGES:
            ws.add_list_item(workspace, "lifecycle_stages", label)
        for label in data.CLOSING_CATEGORIES:
            ws.add_list_item(workspace, "closing_categories", label)
        session.add(workspace)
        users = {
            user.email: ws.insert_user(
                session,
                workspace_id,
                name=user.name,
                email=user.email,
                role=user.role,
                online=user.online,
            )
            for user in data.DEMO_USERS
        }
        for demo_user in data.DEMO_USERS:
            users[demo_user.email].password_hash = hash_password(demo_user.password)
            session.add(users[demo_user.email])
        teams = {
            name: ws.insert_team(
                session,
                workspace_id,
                name=name,
                members=[users[u.email].key for u in data.DEMO_USERS if name in u.teams],
            ).id
            for name in data.TEAMS
        }
        channels = {
            channel.key: ws.insert_channel(
                session,
                workspace_id,
                kind=channel.kind,
                name=channel.name,
                config=channel.config,
                key=channel.key,
            )
            for channel in data.DEMO_CHANNELS
        }
        for label, field_type in data.FIELDS:
            ws.insert_field(session, workspace_id, label=label, type=field_type)
        for label in data.TAGS:
            ws.insert_tag(session, workspace_id, label=label)
        messages = sum(
            _add_contact(session, workspace_id, person, users, teams, channels, now)
            for person in data.DEMO_CONTACTS
        )
        return DemoSummary(
            workspace_id=workspace_id,
            users=len(users),
            teams=len(teams),
            channels=len(channels),
            fields=len(data.FIELDS),
            tags=len(data.TAGS),
            contacts=len(data.DEMO_CONTACTS),
            conversations=len(data.DEMO_CONTACTS),
            messages=messages,
        )


def demo_sign_ins(engine: Engine) -> list[data.DemoUser]:
    """The demo users who are in the database (to print their passwords): those whose email
    exists, whatever their password is now."""
    with session_scope(engine) as session:
        return [
            user
            for user in data.DEMO_USERS
            if repo_auth.user_by_email(session=session, email=user.email) is not None
        ]


def _add_contact(
    session: Session,
    workspace_id: int,
    person: data.DemoContact,
    users: dict[str, User],
    teams: dict[str, int | None],
    channels: dict[str, Channel],
    now: datetime,
) -> int:
    """Add the contact, their conversation and its messages; returns how many messages."""
    opened_at = now - timedelta(hours=person.hours_ago)
    channel_id = channels[person.channel].id
    assignee = users[person.assignee] if person.assignee else None
    contact = Contact(
        workspace_id=workspace_id,
        firstname=person.firstname,
        lastname=person.lastname,
        email=person.email,
        phone=person.phone,
        country=person.country,
        language=person.language,
        custom_fields=dict(person.custom),
        tags=list(person.tags),
        lifecycle_stage=person.stage,
        assignee_user_id=assignee.id if assignee else None,
        assignee_team_id=teams[person.team] if person.team else None,
        last_interacted_channel_id=channel_id,
        created_at=opened_at - timedelta(days=3),
    )
    session.add(contact)
    session.flush()
    assert contact.id is not None
    conversation = Conversation(
        workspace_id=workspace_id,
        contact_id=contact.id,
        channel_id=channel_id,
        opened_by_source="contact",
        opened_at=opened_at,
        assignee_user_id=contact.assignee_user_id,
    )
    session.add(conversation)
    session.flush()
    at = opened_at
    for author, text in person.messages:
        user = users.get(author)
        kind: AuthorKind = "user" if user else "contact" if author == "contact" else "workflow"
        session.add(
            Message(
                conversation_id=conversation.id,
                contact_id=contact.id,
                channel_id=channel_id,
                direction="in" if author == "contact" else "out",
                author_kind=kind,
                author_id=user.id if user else None,
                text=text,
                created_at=at,
            )
        )
        at += MESSAGE_GAP
    if person.closed is not None:
        # Closed by its assignee, or by a workflow when nobody was assigned.
        conversation.status = "closed"
        conversation.closed_at = at + MESSAGE_GAP
        conversation.closed_by_source = "user" if assignee else "workflow"
        conversation.closed_by_id = assignee.id if assignee else None
        conversation.closing_category = person.closed
        session.add(conversation)
    session.flush()
    return len(person.messages)
