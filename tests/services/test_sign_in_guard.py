"""Signing in without side channels: the same Argon2 check for every email, malformed
input refused and counted, failures limited per client address too, and Argon2 off the
event loop and outside any transaction."""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from argon2 import PasswordHasher, extract_parameters
from sqlalchemy import Engine
from sqlmodel import select

from tests.runtime.servers import async_test
from tests.services.conftest import NOW, SeededWorkspace
from wfstudio.services import auth
from wfstudio.services.errors import Refused
from wfstudio.store.db import session_scope
from wfstudio.store.tables import User
from wfstudio.store.tables_workspace import SignInFailure

PASSWORD = "correct horse"
CLIENT = "203.0.113.7"


class SpyHasher:
    """The real hasher, recording what each ``verify`` checked (and running ``during``
    inside it, on the thread that verifies)."""

    def __init__(self, real: PasswordHasher, during: Callable[[], None] | None = None) -> None:
        self.real, self.during = real, during
        self.checked: list[tuple[str, str]] = []
        self.threads: list[threading.Thread] = []

    def verify(self, password_hash: str, password: str) -> bool:
        self.checked.append((password_hash, password))
        self.threads.append(threading.current_thread())
        if self.during is not None:
            self.during()
        return self.real.verify(password_hash, password)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch) -> SpyHasher:
    found = SpyHasher(auth._hasher)
    monkeypatch.setattr(auth, "_hasher", found)
    return found


@pytest.fixture
def owner_email(engine: Engine, workspace: SeededWorkspace) -> str:
    auth.set_password(engine, email="o@acme.test", password=PASSWORD)
    return "o@acme.test"


def _hash_of(engine: Engine, email: str) -> str | None:
    with session_scope(engine) as session:
        return session.exec(select(User).where(User.email == email)).one().password_hash


def _failures(engine: Engine) -> list[tuple[str | None, str | None]]:
    with session_scope(engine) as session:
        rows = session.exec(select(SignInFailure).order_by(SignInFailure.id)).all()  # type: ignore[arg-type]
        return [(row.email, row.client) for row in rows]


def test_the_dummy_hash_costs_what_a_users_hash_costs(engine: Engine, owner_email: str) -> None:
    stored = _hash_of(engine, owner_email)
    assert stored is not None
    assert extract_parameters(auth.DUMMY_HASH) == extract_parameters(stored)


@pytest.mark.parametrize(
    ("email", "expected"),
    [
        ("o@acme.test", "owner"),  # known, wrong password
        ("nobody@acme.test", "dummy"),  # unknown
        ("a@acme.test", "dummy"),  # known, without a password
        ("", "dummy"),
    ],
)
def test_every_email_runs_one_argon2_check(
    engine: Engine, owner_email: str, spy: SpyHasher, email: str, expected: str
) -> None:
    with pytest.raises(auth.SignInRefused) as refused:
        auth.sign_in(engine, email=email, password="wrong password", client=CLIENT, now=NOW)
    assert refused.value.message == auth.WRONG_CREDENTIALS
    checked = {"owner": _hash_of(engine, owner_email), "dummy": auth.DUMMY_HASH}[expected]
    assert spy.checked == [(checked, "wrong password")]
    assert _failures(engine) == [(email, CLIENT)]


MALFORMED = [
    (None, PASSWORD, "email", "The email is missing."),
    (42, PASSWORD, "email", "The email must be a string."),
    ("o\ud800@acme.test", PASSWORD, "email", "The email is not valid Unicode text."),
    ("o@acme.test\x00", PASSWORD, "email", "The email contains a control character."),
    ("o" * 250 + "@acme.test", PASSWORD, "email", "The email is longer than 254 characters."),
    ("{known}", None, "password", "The password is missing."),
    ("{known}", ["x"], "password", "The password must be a string."),
    ("{known}", "\ud800", "password", "The password is not valid Unicode text."),
    ("{known}", "pass\x00word", "password", "The password contains a NUL character."),
    ("{known}", "x" * 1025, "password", "The password is longer than 1024 characters."),
]


@pytest.mark.parametrize("known", [True, False], ids=["known", "unknown"])
@pytest.mark.parametrize(("email", "password", "field", "message"), MALFORMED)
def test_malformed_input_is_refused_the_same_way_and_counted(
    engine: Engine,
    owner_email: str,
    spy: SpyHasher,
    known: bool,
    email: object,
    password: object,
    field: str,
    message: str,
) -> None:
    if email == "{known}":
        email = owner_email if known else "nobody@acme.test"
    with pytest.raises(auth.BadSignIn) as refused:
        auth.sign_in(engine, email=email, password=password, client=CLIENT, now=NOW)
    assert (refused.value.field, refused.value.message) == (field, message)
    assert spy.checked == []  # refused before any look-up: known and unknown alike
    usable = email if field == "password" else None
    assert _failures(engine) == [(usable, CLIENT)]


def test_malformed_input_counts_towards_the_email_limit(engine: Engine, owner_email: str) -> None:
    for _ in range(auth.MAX_FAILURES):
        with pytest.raises(auth.BadSignIn):
            auth.sign_in(engine, email=owner_email, password="\ud800", now=NOW)
    with pytest.raises(auth.TooManyAttempts):
        auth.sign_in(engine, email=owner_email, password=PASSWORD, now=NOW)


def test_one_password_on_many_emails_is_slowed_down_per_address(
    engine: Engine, owner_email: str, spy: SpyHasher
) -> None:
    for number in range(auth.CLIENT_MAX_FAILURES):
        at = NOW + timedelta(seconds=number)
        with pytest.raises(auth.SignInRefused):
            auth.sign_in(
                engine,
                email=f"user{number}@acme.test",
                password="Summer2024",
                client=CLIENT,
                now=at,
            )
    later = NOW + timedelta(minutes=1)
    # Even the right password of an untouched email is refused from that address...
    with pytest.raises(auth.TooManyAttempts) as refused:
        auth.sign_in(engine, email=owner_email, password=PASSWORD, client=CLIENT, now=later)
    assert refused.value.message == (
        "Too many failed sign-ins from your address. Wait 14 minutes before trying again."
    )
    assert refused.value.retry_after == 14 * 60
    assert len(spy.checked) == auth.CLIENT_MAX_FAILURES  # ...without being checked
    # ...but not from another address, nor once the first failure is 15 minutes old.
    auth.sign_in(engine, email=owner_email, password=PASSWORD, client="198.51.100.1", now=later)
    free = NOW + auth.FAILURE_WINDOW
    auth.sign_in(engine, email=owner_email, password=PASSWORD, client=CLIENT, now=free)


def test_a_success_does_not_clear_the_addresss_failures(engine: Engine, owner_email: str) -> None:
    """An attacker with an account of their own cannot reset their address's count."""
    for number in range(auth.CLIENT_MAX_FAILURES - 1):
        with pytest.raises(auth.SignInRefused):
            auth.sign_in(engine, email=f"u{number}@acme.test", password="x", client=CLIENT, now=NOW)
    auth.sign_in(engine, email=owner_email, password=PASSWORD, client=CLIENT, now=NOW)
    with pytest.raises(auth.SignInRefused):
        auth.sign_in(engine, email="last@acme.test", password="x", client=CLIENT, now=NOW)
    with pytest.raises(auth.TooManyAttempts):
        auth.sign_in(engine, email="more@acme.test", password="x", client=CLIENT, now=NOW)


@async_test
async def test_concurrent_guesses_are_counted_before_they_are_checked(
    engine: Engine, owner_email: str, spy: SpyHasher
) -> None:
    """Ten guesses at once for one email: only the first five are checked."""
    guesses = [
        auth.sign_in_async(engine, email=owner_email, password=f"guess {n}", client=None, now=NOW)
        for n in range(10)
    ]
    results = await asyncio.gather(*guesses, return_exceptions=True)
    kinds = sorted(type(result).__name__ for result in results)
    assert kinds == ["SignInRefused"] * auth.MAX_FAILURES + ["TooManyAttempts"] * 5
    assert len(spy.checked) == auth.MAX_FAILURES


@pytest.mark.parametrize("password", [PASSWORD, "wrong password"])
@async_test
async def test_argon2_runs_off_the_loop_with_no_transaction_open(
    engine: Engine, owner_email: str, monkeypatch: pytest.MonkeyPatch, password: str
) -> None:
    """While the password is checked, a task on the loop keeps ticking (the check waits
    for three ticks: on the loop it would wait for ever), no connection is out of the
    pool (so no transaction is open), and the checking thread runs at a lower priority."""
    ticks = 0
    ticked = threading.Event()
    pool_in_use: list[int] = []
    niceness: list[int] = []

    async def ticker() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.001)
            ticks += 1
            if ticks == 3:
                ticked.set()

    def during() -> None:
        pool_in_use.append(engine.pool.checkedout())  # type: ignore[attr-defined]
        niceness.append(os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))
        assert ticked.wait(timeout=10), "the event loop did not run while Argon2 did"

    spy = SpyHasher(auth._hasher, during)
    monkeypatch.setattr(auth, "_hasher", spy)
    ticking = asyncio.create_task(ticker())
    try:
        outcome: auth.SignIn | Refused
        try:
            outcome = await auth.sign_in_async(
                engine, email=owner_email, password=password, client=CLIENT, now=NOW
            )
        except Refused as refused:
            outcome = refused
    finally:
        ticking.cancel()
    assert isinstance(outcome, auth.SignIn) == (password == PASSWORD)
    assert spy.threads[0] is not threading.main_thread()
    assert pool_in_use == [0]
    assert niceness[0] >= auth.ARGON2_NICENESS  # the loop comes first on a busy core
    assert _failures(engine) == ([] if password == PASSWORD else [(owner_email, CLIENT)])


def test_an_outdated_hash_is_upgraded_at_sign_in(engine: Engine, owner_email: str) -> None:
    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1)
    with session_scope(engine) as session:
        user = session.exec(select(User).where(User.email == owner_email)).one()
        user.password_hash = weak.hash(PASSWORD)
        session.add(user)
    auth.sign_in(engine, email=owner_email, password=PASSWORD, now=NOW)
    upgraded = _hash_of(engine, owner_email)
    assert upgraded is not None
    assert extract_parameters(upgraded) == extract_parameters(auth.DUMMY_HASH)


def test_a_password_changed_during_the_check_voids_it(
    engine: Engine, owner_email: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def change_password() -> None:
        with session_scope(engine) as session:
            user = session.exec(select(User).where(User.email == owner_email)).one()
            user.password_hash = "$argon2id$changed"
            session.add(user)

    monkeypatch.setattr(auth, "_hasher", SpyHasher(auth._hasher, change_password))
    with pytest.raises(auth.SignInRefused):
        auth.sign_in(engine, email=owner_email, password=PASSWORD, client=CLIENT, now=NOW)
    assert _failures(engine) == [(owner_email, CLIENT)]


@pytest.mark.parametrize("password", ["\ud800", "x" * 1025, "nul\x00nul"])
def test_a_password_sign_in_would_refuse_cannot_be_set(
    engine: Engine, workspace: SeededWorkspace, password: str
) -> None:
    with pytest.raises(Refused, match="The password"):
        auth.set_password(engine, email="o@acme.test", password=password)


@pytest.mark.parametrize(
    ("peer", "forwarded", "hops", "expected"),
    [
        ("203.0.113.7", "", 0, "203.0.113.7"),
        ("203.0.113.7", "198.51.100.1", 0, "203.0.113.7"),  # not believed by default
        ("10.0.0.2", "198.51.100.1, 203.0.113.9", 1, "203.0.113.9"),
        ("10.0.0.2", "198.51.100.1, 203.0.113.9", 2, "198.51.100.1"),
        ("10.0.0.2", "", 1, "10.0.0.2"),  # fewer entries than proxies: the peer
        ("2001:db8:1:2:3:4:5:6", "", 0, "2001:db8:1:2::/64"),
        ("::ffff:192.0.2.1", "", 0, "192.0.2.1"),
        ("testclient", "", 0, "testclient"),
        (None, "", 0, None),
        ("", "", 0, None),
    ],
)
def test_the_client_address(peer: str | None, forwarded: str, hops: int, expected: str) -> None:
    assert auth.client_address(peer, forwarded, hops) == expected


def test_the_trusted_proxy_hops_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WFSTUDIO_TRUSTED_PROXY_HOPS", "1")
    assert auth.client_address("10.0.0.2", "203.0.113.9") == "203.0.113.9"
    monkeypatch.setenv("WFSTUDIO_TRUSTED_PROXY_HOPS", "nonsense")
    assert auth.client_address("10.0.0.2", "203.0.113.9") == "10.0.0.2"
