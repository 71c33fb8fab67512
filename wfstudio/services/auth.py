"""Signing in and out: passwords, server-side sessions, and the slowdown of repeated guesses.

Decisions:

* Passwords are hashed with Argon2id (argon2-cffi's defaults); a hash made with older
  parameters is upgraded at the next successful sign-in.
* A session is a random token (``secrets.token_urlsafe``) the browser or API client keeps;
  the database stores only its SHA-256, the user, when it was created and last seen, and
  when it expires. Each use moves the expiry to :data:`SESSION_LIFETIME` after that use
  (written at most once per :data:`TOUCH_EVERY`), so an idle session ends on its own.
  Sessions live in the database: they survive a reload and a server restart, and hold
  across several backend processes.
* Repeated failures are slowed down per email (known or not, so the answer does not tell
  which emails exist): after :data:`MAX_FAILURES` failures within :data:`FAILURE_WINDOW`,
  sign-ins for that email are refused, without checking the password, until the oldest of
  them leaves the window. The failures are rows in the database (every process sees them);
  a successful sign-in clears them.
* An unknown email and a wrong password get the same message, and take about as long
  (the password is checked against a dummy hash).
"""

from __future__ import annotations

import functools
import hashlib
import math
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Final

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from wfstudio.services.errors import Refused
from wfstudio.store import repo_auth
from wfstudio.store.db import Engine, session_scope
from wfstudio.store.tables_workspace import User, UserSession

SESSION_LIFETIME: Final = timedelta(days=14)
TOUCH_EVERY: Final = timedelta(minutes=1)
MAX_FAILURES: Final = 5
FAILURE_WINDOW: Final = timedelta(minutes=15)
MIN_PASSWORD_CHARS: Final = 8
WRONG_CREDENTIALS: Final = "Wrong email or password."

_hasher = PasswordHasher()


@functools.cache
def _dummy_hash() -> str:
    """A hash to verify against when the user has none, so that the answer takes as long.
    Made on first use, not at import: one Argon2 hash costs a quarter second of CPU, which
    every start of the server would pay."""
    return _hasher.hash("not a password anybody has")


class SignInRefused(Refused):
    """Wrong email or password (the same answer for both)."""


class TooManyAttempts(SignInRefused):
    """Too many recent failures for this email; ``retry_after`` seconds until the next try."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class NotSignedIn(Refused):
    """No session token, or one that is unknown, signed out or expired."""


class NotAllowed(Refused):
    """Signed in, but the user's role may not do this."""


@dataclass(frozen=True)
class SignedInUser:
    """Who a session belongs to: what pages, the API and the access rules need."""

    id: int
    name: str
    email: str
    role: str
    workspace_id: int
    restricted: bool = False
    restrictions: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class SignIn:
    """A new session: give ``token`` back on every request (it is shown only once)."""

    token: str
    user: SignedInUser


def _now(now: datetime | None) -> datetime:
    return now if now is not None else datetime.now(UTC)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _signed_in_user(user: User) -> SignedInUser:
    assert user.id is not None
    return SignedInUser(
        id=user.id,
        name=user.name,
        email=user.email,
        role=user.role,
        workspace_id=user.workspace_id,
        restricted=user.restricted,
        restrictions=dict(user.restrictions),
    )


def hash_password(password: str) -> str:
    """The Argon2id hash of ``password``; refused when it is shorter than 8 characters."""
    if len(password) < MIN_PASSWORD_CHARS:
        raise Refused(f"A password needs at least {MIN_PASSWORD_CHARS} characters.")
    return _hasher.hash(password)


def _password_matches(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _dummy_hash(), password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def set_password(engine: Engine, *, email: str, password: str) -> None:
    """Give the user who signs in with ``email`` a new password (their sessions stay)."""
    password_hash = hash_password(password)
    with session_scope(engine) as session:
        user = repo_auth.user_by_email(session=session, email=email.strip().lower())
        if user is None:
            raise Refused(f"There is no user with the email {email}.")
        user.password_hash = password_hash
        session.add(user)


def _wait_message(seconds: int) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    unit = "minute" if minutes == 1 else "minutes"
    return f"Too many failed sign-ins for this email. Wait {minutes} {unit} before trying again."


def sign_in(engine: Engine, *, email: str, password: str, now: datetime | None = None) -> SignIn:
    """Check the email and password and open a session.

    Raises:
        TooManyAttempts: the email failed :data:`MAX_FAILURES` times within
            :data:`FAILURE_WINDOW` (the password is not even checked).
        SignInRefused: wrong email or password (recorded as a failure).
    """
    now, email = _now(now), email.strip().lower()
    # One transaction (on SQLite it holds the write lock), so concurrent guesses for the
    # same email are counted one after the other.
    signed_in: SignIn | None = None
    with session_scope(engine) as session:
        failures = repo_auth.recent_failures(
            session=session, email=email, since=now - FAILURE_WINDOW
        )
        if len(failures) >= MAX_FAILURES:
            free_at = failures[-MAX_FAILURES] + FAILURE_WINDOW
            retry_after = max(1, math.ceil((free_at - now).total_seconds()))
            raise TooManyAttempts(_wait_message(retry_after), retry_after)
        user = repo_auth.user_by_email(session=session, email=email) if email else None
        if user is None or not _password_matches(user.password_hash, password):
            repo_auth.clear_failures(session=session, email=email, before=now - FAILURE_WINDOW)
            repo_auth.add_failure(session=session, email=email, at=now)
        else:
            repo_auth.clear_failures(session=session, email=email)
            if user.password_hash and _hasher.check_needs_rehash(user.password_hash):
                user.password_hash = _hasher.hash(password)
                session.add(user)
            token = secrets.token_urlsafe(32)
            assert user.id is not None
            session.add(
                UserSession(
                    token_hash=_token_hash(token),
                    user_id=user.id,
                    created_at=now,
                    last_seen_at=now,
                    expires_at=now + SESSION_LIFETIME,
                )
            )
            repo_auth.delete_expired_sessions(session=session, now=now)
            signed_in = SignIn(token=token, user=_signed_in_user(user))
    # Raised after the commit: the failure must be recorded, not rolled back.
    if signed_in is None:
        raise SignInRefused(WRONG_CREDENTIALS)
    return signed_in


def signed_in_user(
    engine: Engine, *, token: str, now: datetime | None = None
) -> SignedInUser | None:
    """The user of the session ``token``, or None when it is unknown, signed out or expired.

    A use extends the session (see :data:`SESSION_LIFETIME`)."""
    if not token:
        return None
    now = _now(now)
    with session_scope(engine) as session:
        found = repo_auth.session_by_token_hash(session=session, token_hash=_token_hash(token))
        if found is None:
            return None
        if found.expires_at <= now:
            session.delete(found)
            return None
        user = session.get(User, found.user_id)
        if user is None:
            return None
        if now - found.last_seen_at >= TOUCH_EVERY:
            found.last_seen_at, found.expires_at = now, now + SESSION_LIFETIME
            session.add(found)
        return _signed_in_user(user)


def sign_out(engine: Engine, *, token: str) -> bool:
    """End the session ``token``; False when there was none (already signed out)."""
    if not token:
        return False
    with session_scope(engine) as session:
        return repo_auth.delete_session(session=session, token_hash=_token_hash(token)) > 0


def require_user(
    engine: Engine,
    *,
    token: str,
    allow: Callable[[str], bool] | None = None,
    why_not: str = "Your role may not do this.",
    now: datetime | None = None,
) -> SignedInUser:
    """The user of the session ``token``, whom ``allow`` (a rule of
    :mod:`wfstudio.services.access` on the role) lets in.

    Raises:
        NotSignedIn: no valid session.
        NotAllowed: ``allow`` refuses the user's role (the message is ``why_not``).
    """
    user = signed_in_user(engine, token=token, now=now)
    if user is None:
        raise NotSignedIn("Not signed in, or the session has ended: sign in again.")
    if allow is not None and not allow(user.role):
        raise NotAllowed(why_not)
    return user
