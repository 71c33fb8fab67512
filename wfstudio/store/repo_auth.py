"""Repository functions for signing in: users by email, sessions, failed attempts.

Used by :mod:`wfstudio.services.auth`. Keyword-only, take the session, never commit.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlmodel import Session, col, select

from wfstudio.store.tables_workspace import SignInFailure, User, UserSession


def user_by_email(*, session: Session, email: str) -> User | None:
    """The user who signs in with ``email`` (stored lowercased), or None."""
    return session.exec(select(User).where(User.email == email)).first()


def session_by_token_hash(*, session: Session, token_hash: str) -> UserSession | None:
    return session.exec(select(UserSession).where(UserSession.token_hash == token_hash)).first()


def delete_session(*, session: Session, token_hash: str) -> int:
    """Delete the session with this token hash; returns how many rows went (0 or 1)."""
    result = session.execute(delete(UserSession).where(col(UserSession.token_hash) == token_hash))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def delete_expired_sessions(*, session: Session, now: datetime) -> int:
    result = session.execute(delete(UserSession).where(col(UserSession.expires_at) <= now))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def recent_failures(*, session: Session, email: str, since: datetime) -> list[datetime]:
    """When ``email`` failed to sign in after ``since``, oldest first."""
    statement = (
        select(SignInFailure.failed_at)
        .where(SignInFailure.email == email, col(SignInFailure.failed_at) > since)
        .order_by(col(SignInFailure.failed_at))
    )
    return list(session.exec(statement))


def add_failure(*, session: Session, email: str, at: datetime) -> None:
    session.add(SignInFailure(email=email, failed_at=at))


def clear_failures(*, session: Session, email: str, before: datetime | None = None) -> None:
    """Forget ``email``'s failures (only those before ``before`` when given)."""
    condition = col(SignInFailure.email) == email
    if before is not None:
        condition = condition & (col(SignInFailure.failed_at) < before)
    session.execute(delete(SignInFailure).where(condition))
