"""Signing in and out: passwords, sessions in the database, the slowdown of guesses."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import select

from tests.services.conftest import NOW, SeededWorkspace
from wfstudio.services import auth
from wfstudio.services.errors import Refused
from wfstudio.store.db import session_scope
from wfstudio.store.tables import User
from wfstudio.store.tables_workspace import SignInFailure, UserSession

PASSWORD = "correct horse"


@pytest.fixture
def owner_email(engine: Engine, workspace: SeededWorkspace) -> str:
    auth.set_password(engine, email="O@acme.test", password=PASSWORD)
    return "o@acme.test"


def _sessions(engine: Engine) -> list[UserSession]:
    with session_scope(engine) as session:
        return list(session.exec(select(UserSession)))


def _failures(engine: Engine) -> int:
    with session_scope(engine) as session:
        return len(session.exec(select(SignInFailure)).all())


def test_the_right_password_opens_a_session(
    engine: Engine, workspace: SeededWorkspace, owner_email: str
) -> None:
    signed = auth.sign_in(engine, email=" O@Acme.test ", password=PASSWORD, now=NOW)
    assert signed.user == auth.SignedInUser(
        id=workspace.owner_id,
        name="Olivia Owner",
        email=owner_email,
        role="owner",
        workspace_id=workspace.id,
    )
    [stored] = _sessions(engine)
    # Only a hash of the token is kept.
    assert signed.token not in stored.token_hash and len(signed.token) >= 40
    assert (stored.user_id, stored.created_at, stored.last_seen_at) == (
        workspace.owner_id,
        NOW,
        NOW,
    )
    assert stored.expires_at == NOW + auth.SESSION_LIFETIME
    assert auth.signed_in_user(engine, token=signed.token, now=NOW) == signed.user


def test_the_password_is_stored_hashed_with_argon2(engine: Engine, owner_email: str) -> None:
    with session_scope(engine) as session:
        user = session.exec(select(User).where(User.email == owner_email)).one()
    assert user.password_hash is not None
    assert user.password_hash.startswith("$argon2id$") and PASSWORD not in user.password_hash


@pytest.mark.parametrize(
    ("email", "password"),
    [("o@acme.test", "wrong password"), ("nobody@acme.test", PASSWORD), ("", PASSWORD)],
)
def test_a_wrong_password_or_unknown_email_gets_the_same_answer(
    engine: Engine, owner_email: str, email: str, password: str
) -> None:
    with pytest.raises(auth.SignInRefused) as refused:
        auth.sign_in(engine, email=email, password=password, now=NOW)
    assert refused.value.message == "Wrong email or password."
    assert _sessions(engine) == []
    assert _failures(engine) == 1


def test_a_user_without_a_password_cannot_sign_in(
    engine: Engine, workspace: SeededWorkspace
) -> None:
    with pytest.raises(auth.SignInRefused):
        auth.sign_in(engine, email="a@acme.test", password="", now=NOW)


def test_a_short_password_is_refused(engine: Engine, workspace: SeededWorkspace) -> None:
    with pytest.raises(Refused, match="at least 8 characters"):
        auth.set_password(engine, email="o@acme.test", password="short")


def test_five_failures_in_fifteen_minutes_refuse_that_email_for_a_while(
    engine: Engine, workspace: SeededWorkspace, owner_email: str
) -> None:
    for minute in range(auth.MAX_FAILURES):
        with pytest.raises(auth.SignInRefused):
            auth.sign_in(
                engine, email=owner_email, password="guess", now=NOW + timedelta(minutes=minute)
            )
    # Even the right password is refused now, with a message saying how long to wait.
    later = NOW + timedelta(minutes=5)
    with pytest.raises(auth.TooManyAttempts) as refused:
        auth.sign_in(engine, email=owner_email, password=PASSWORD, now=later)
    assert refused.value.message == (
        "Too many failed sign-ins for this email. Wait 10 minutes before trying again."
    )
    assert refused.value.retry_after == 10 * 60
    assert _sessions(engine) == []
    # Refused tries do not count as failures (they do not lengthen the wait).
    assert _failures(engine) == auth.MAX_FAILURES
    # Another email is not slowed down.
    auth.set_password(engine, email="a@acme.test", password=PASSWORD)
    auth.sign_in(engine, email="a@acme.test", password=PASSWORD, now=later)
    # Once the first failure is 15 minutes old, the right password works, and clears them.
    free = NOW + auth.FAILURE_WINDOW
    auth.sign_in(engine, email=owner_email, password=PASSWORD, now=free)
    assert _failures(engine) == 0


def test_failures_spread_over_more_than_fifteen_minutes_do_not_lock(
    engine: Engine, owner_email: str
) -> None:
    for attempt in range(auth.MAX_FAILURES * 2):
        with pytest.raises(auth.SignInRefused) as refused:
            at = NOW + attempt * auth.FAILURE_WINDOW / (auth.MAX_FAILURES - 1) * 1.01
            auth.sign_in(engine, email=owner_email, password="guess", now=at)
        assert not isinstance(refused.value, auth.TooManyAttempts)


def test_the_slowdown_counts_unknown_emails_too(engine: Engine) -> None:
    for _ in range(auth.MAX_FAILURES):
        with pytest.raises(auth.SignInRefused):
            auth.sign_in(engine, email="who@acme.test", password="guess", now=NOW)
    with pytest.raises(auth.TooManyAttempts):
        auth.sign_in(engine, email="WHO@acme.test", password="guess", now=NOW)


def test_a_session_ends_after_being_idle_for_its_lifetime(engine: Engine, owner_email: str) -> None:
    token = auth.sign_in(engine, email=owner_email, password=PASSWORD, now=NOW).token
    # Each use moves the expiry on.
    used = NOW + auth.SESSION_LIFETIME - timedelta(hours=1)
    assert auth.signed_in_user(engine, token=token, now=used) is not None
    [stored] = _sessions(engine)
    assert (stored.last_seen_at, stored.expires_at) == (used, used + auth.SESSION_LIFETIME)
    assert auth.signed_in_user(engine, token=token, now=used + auth.SESSION_LIFETIME) is None
    assert _sessions(engine) == []


def test_sign_out_ends_only_that_session(engine: Engine, owner_email: str) -> None:
    first = auth.sign_in(engine, email=owner_email, password=PASSWORD, now=NOW).token
    second = auth.sign_in(engine, email=owner_email, password=PASSWORD, now=NOW).token
    assert auth.sign_out(engine, token=first) is True
    assert auth.signed_in_user(engine, token=first, now=NOW) is None
    assert auth.signed_in_user(engine, token=second, now=NOW) is not None
    assert auth.sign_out(engine, token=first) is False


@pytest.mark.parametrize("token", ["", "not-a-token"])
def test_an_unknown_token_is_nobody(engine: Engine, owner_email: str, token: str) -> None:
    assert auth.signed_in_user(engine, token=token, now=NOW) is None


def test_a_session_survives_a_new_engine(engine: Engine, db_url: str, owner_email: str) -> None:
    """A server restart: another engine (process) on the same database knows the session."""
    from wfstudio.services.database import open_database

    token = auth.sign_in(engine, email=owner_email, password=PASSWORD, now=NOW).token
    other = open_database(db_url)
    try:
        user = auth.signed_in_user(other, token=token, now=NOW)
    finally:
        other.dispose()
    assert user is not None and user.email == owner_email


def test_a_role_change_shows_at_the_next_look_up(engine: Engine, owner_email: str) -> None:
    token = auth.sign_in(engine, email=owner_email, password=PASSWORD, now=NOW).token
    with session_scope(engine) as session:
        user = session.exec(select(User).where(User.email == owner_email)).one()
        user.role = "agent"
        session.add(user)
    found = auth.signed_in_user(engine, token=token, now=NOW)
    assert found is not None and found.role == "agent"


def test_removing_a_user_ends_their_sessions(engine: Engine, owner_email: str) -> None:
    token = auth.sign_in(engine, email=owner_email, password=PASSWORD, now=NOW).token
    with session_scope(engine) as session:
        session.delete(session.exec(select(User).where(User.email == owner_email)).one())
    assert auth.signed_in_user(engine, token=token, now=NOW) is None
    assert _sessions(engine) == []
