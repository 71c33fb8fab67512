"""Repository functions for workspace administration (people, channels, contact data).

Used by :mod:`wfstudio.services.workspace` and the demo loader. Every function is
keyword-only, takes the session and never commits: the caller owns the transaction.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, func, text, update
from sqlmodel import Session, col, select

from wfstudio.store.repo_workspace import Keyed
from wfstudio.store.tables import Contact, TeamMember, User, Workspace

# Any constant works: it only has to differ from the other advisory locks we take.
_SETUP_LOCK = 0x77F5_0DE0


def first_workspace_id(*, session: Session) -> int | None:
    """The id of the oldest workspace, or None when there is none."""
    return session.exec(select(Workspace.id).order_by(col(Workspace.id)).limit(1)).first()


def lock_workspace_setup(*, session: Session) -> None:
    """Serialize "create a workspace when there is none" across processes.

    SQLite transactions already hold the write lock (``BEGIN IMMEDIATE``); on PostgreSQL
    this takes a transaction-scoped advisory lock, released at commit or rollback.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.connection().execute(
            text("SELECT pg_advisory_xact_lock(:key)"), {"key": _SETUP_LOCK}
        )


def list_rows(*, session: Session, table: type[Keyed], workspace_id: int) -> list[Keyed]:
    """Every row of ``table`` in the workspace, oldest first."""
    statement = select(table).where(table.workspace_id == workspace_id).order_by(col(table.id))
    return list(session.exec(statement).all())


def team_members(*, session: Session, workspace_id: int) -> dict[int, list[int]]:
    """Team id → ids of its members (ascending) for the workspace's teams with members."""
    statement = (
        select(TeamMember.team_id, TeamMember.user_id)
        .join(User, col(User.id) == col(TeamMember.user_id))
        .where(User.workspace_id == workspace_id)
        .order_by(col(TeamMember.team_id), col(TeamMember.user_id))
    )
    members: dict[int, list[int]] = {}
    for team_id, user_id in session.exec(statement).all():
        members.setdefault(team_id, []).append(user_id)
    return members


def set_team_members(*, session: Session, team_id: int, user_ids: Iterable[int]) -> None:
    """Make ``user_ids`` the team's members (replacing the previous ones)."""
    session.exec(delete(TeamMember).where(col(TeamMember.team_id) == team_id))
    for user_id in sorted(set(user_ids)):
        session.add(TeamMember(team_id=team_id, user_id=user_id))
    session.flush()


def email_taken(*, session: Session, email: str, exclude_user_id: int | None = None) -> bool:
    """Whether a user of any workspace has ``email`` (ignoring case): it is the login."""
    statement = select(User.id).where(func.lower(col(User.email)) == email.strip().lower())
    if exclude_user_id is not None:
        statement = statement.where(User.id != exclude_user_id)
    return session.exec(statement.limit(1)).first() is not None


def workspace_contacts(*, session: Session, workspace_id: int) -> list[Contact]:
    """Every contact of the workspace, oldest first."""
    statement = (
        select(Contact).where(Contact.workspace_id == workspace_id).order_by(col(Contact.id))
    )
    return list(session.exec(statement).all())


def clear_lifecycle_stage(*, session: Session, workspace_id: int, key: str) -> int:
    """Clear lifecycle stage ``key`` on the workspace's contacts; returns how many."""
    statement = (
        update(Contact)
        .where(col(Contact.workspace_id) == workspace_id, col(Contact.lifecycle_stage) == key)
        .values(lifecycle_stage=None)
    )
    result = session.exec(statement)
    return int(result.rowcount or 0)
