"""Sessions: who a session token belongs to, extending and ending sessions.

See :mod:`wfstudio.services.auth` for the decisions (re-exported there: use ``auth.…``).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Final

from wfstudio.services.errors import Refused
from wfstudio.store import repo_auth
from wfstudio.store.db import Engine, Session, session_scope
from wfstudio.store.tables_workspace import User, UserSession

SESSION_LIFETIME: Final = timedelta(days=14)
TOUCH_EVERY: Final = timedelta(minutes=1)


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


def now_or_clock(now: datetime | None) -> datetime:
    return now if now is not None else datetime.now(UTC)


def token_hash(token: str) -> str:
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


def open_session(*, session: Session, user: User, now: datetime) -> SignIn:
    """A new session for ``user``, added to ``session`` (expired ones are removed)."""
    token = secrets.token_urlsafe(32)
    assert user.id is not None
    session.add(
        UserSession(
            token_hash=token_hash(token),
            user_id=user.id,
            created_at=now,
            last_seen_at=now,
            expires_at=now + SESSION_LIFETIME,
        )
    )
    repo_auth.delete_expired_sessions(session=session, now=now)
    return SignIn(token=token, user=_signed_in_user(user))


def signed_in_user(
    engine: Engine, *, token: str, now: datetime | None = None
) -> SignedInUser | None:
    """The user of the session ``token``, or None when it is unknown, signed out or expired.

    A use extends the session (see :data:`SESSION_LIFETIME`)."""
    if not token:
        return None
    now = now_or_clock(now)
    with session_scope(engine) as session:
        found = repo_auth.session_by_token_hash(session=session, token_hash=token_hash(token))
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
        return repo_auth.delete_session(session=session, token_hash=token_hash(token)) > 0


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
