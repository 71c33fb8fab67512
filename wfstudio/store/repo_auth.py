"""Repository functions for signing in: users by email, sessions, failed attempts.

Used by :mod:`wfstudio.services.auth`. Keyword-only, take the session, never commit.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, text
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


def credentials(*, session: Session, email: str) -> tuple[int, str | None] | None:
    """The id and password hash of the user who signs in with ``email``, or None."""
    statement = select(User.id, User.password_hash).where(User.email == email)
    row = session.exec(statement).first()
    return None if row is None or row[0] is None else (row[0], row[1])


def lock_failures(*, session: Session) -> None:
    """Serialise the check-then-record of failures with other sign-ins until the end of
    the transaction (so concurrent guesses are counted one after the other). SQLite's
    ``BEGIN IMMEDIATE`` already did; PostgreSQL takes a lock that only writers of
    ``sign_in_failures`` wait for (readers do not)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("LOCK TABLE sign_in_failures IN SHARE ROW EXCLUSIVE MODE"))


def recent_failures(*, session: Session, email: str, since: datetime) -> list[datetime]:
    """When ``email`` failed to sign in after ``since``, oldest first."""
    statement = (
        select(SignInFailure.failed_at)
        .where(SignInFailure.email == email, col(SignInFailure.failed_at) > since)
        .order_by(col(SignInFailure.failed_at))
    )
    return list(session.exec(statement))


def recent_client_failures(*, session: Session, client: str, since: datetime) -> list[datetime]:
    """When sign-ins from the address ``client`` failed after ``since``, oldest first."""
    statement = (
        select(SignInFailure.failed_at)
        .where(SignInFailure.client == client, col(SignInFailure.failed_at) > since)
        .order_by(col(SignInFailure.failed_at))
    )
    return list(session.exec(statement))


def add_failure(*, session: Session, email: str | None, client: str | None, at: datetime) -> None:
    """Record a failure (or an attempt under way: see :mod:`wfstudio.services.auth`)."""
    session.add(SignInFailure(email=email, client=client, failed_at=at))


def clear_failures(*, session: Session, email: str, before: datetime | None = None) -> None:
    """Forget ``email``'s failures (only those before ``before`` when given)."""
    condition = col(SignInFailure.email) == email
    if before is not None:
        condition = condition & (col(SignInFailure.failed_at) < before)
    session.execute(delete(SignInFailure).where(condition))


def clear_client_failures(*, session: Session, client: str, before: datetime) -> None:
    """Forget the failures of the address ``client`` from before ``before``."""
    condition = (col(SignInFailure.client) == client) & (col(SignInFailure.failed_at) < before)
    session.execute(delete(SignInFailure).where(condition))
