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
  which emails exist) and per client address (:mod:`wfstudio.services.sign_in_guard`):
  over a limit, sign-ins are refused, without checking the password, until the oldest
  failure leaves the window. The failures are rows in the database (every process sees
  them); a successful sign-in clears its email's.
* An unknown email and a wrong password get the same message and take as long: the
  password is checked against a dummy hash with the same Argon2 parameters. A malformed
  email or password is refused (400) before anything is looked up, the same for both.
* A sign-in is three steps: a short transaction checks the limits, records the attempt
  as a failure (so concurrent guesses count before they are checked) and reads the
  user's hash; Argon2 runs with no transaction open; a second short transaction turns a
  match into a session (removing the failure). :func:`sign_in_async` runs the database
  steps in threads and Argon2 in a small executor of its own (at most
  :data:`ARGON2_THREADS` at once, 64 MiB each, at niceness :data:`ARGON2_NICENESS` so a
  busy core serves the event loop first), never on the event loop.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import os
import secrets
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from typing import Final, NoReturn

from argon2 import Parameters, PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError
from argon2.low_level import ARGON2_VERSION

from wfstudio.services.auth_sessions import SESSION_LIFETIME as SESSION_LIFETIME
from wfstudio.services.auth_sessions import TOUCH_EVERY as TOUCH_EVERY
from wfstudio.services.auth_sessions import NotAllowed as NotAllowed
from wfstudio.services.auth_sessions import NotSignedIn as NotSignedIn
from wfstudio.services.auth_sessions import SignedInUser as SignedInUser
from wfstudio.services.auth_sessions import SignIn as SignIn
from wfstudio.services.auth_sessions import now_or_clock, open_session
from wfstudio.services.auth_sessions import require_user as require_user
from wfstudio.services.auth_sessions import sign_out as sign_out
from wfstudio.services.auth_sessions import signed_in_user as signed_in_user
from wfstudio.services.errors import Refused
from wfstudio.services.sign_in_guard import CLIENT_MAX_FAILURES as CLIENT_MAX_FAILURES
from wfstudio.services.sign_in_guard import FAILURE_WINDOW as FAILURE_WINDOW
from wfstudio.services.sign_in_guard import MAX_FAILURES as MAX_FAILURES
from wfstudio.services.sign_in_guard import WRONG_CREDENTIALS as WRONG_CREDENTIALS
from wfstudio.services.sign_in_guard import BadSignIn as BadSignIn
from wfstudio.services.sign_in_guard import SignInRefused as SignInRefused
from wfstudio.services.sign_in_guard import TooManyAttempts as TooManyAttempts
from wfstudio.services.sign_in_guard import admit, malformed, password_problem, usable_email
from wfstudio.services.sign_in_guard import client_address as client_address
from wfstudio.store import repo_auth
from wfstudio.store.db import Engine, session_scope
from wfstudio.store.tables_workspace import User

MIN_PASSWORD_CHARS: Final = 8


def _cores() -> int:
    """The cores this process may run on (``taskset`` counts), else the machine's."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on every platform
        return os.cpu_count() or 1


ARGON2_THREADS: Final = max(1, _cores() // 2)
ARGON2_NICENESS: Final = 10

ARGON2_PROFILE_ENV: Final = "WFSTUDIO_ARGON2_PROFILE"


def _hasher_of_environment() -> PasswordHasher:
    """argon2-cffi's default hasher (RFC 9106's low-memory profile), or the profile of
    ``argon2.profiles`` named by ``$WFSTUDIO_ARGON2_PROFILE`` (``RFC_9106_HIGH_MEMORY`` for
    more resistance; ``CHEAPEST`` only for the test suite, where thousands of hashes would
    otherwise cost minutes). A hash made with other parameters still verifies, and is
    upgraded at the next successful sign-in."""
    name = os.environ.get(ARGON2_PROFILE_ENV, "").strip()
    if not name:
        return PasswordHasher()
    found = getattr(profiles, name, None)
    if not isinstance(found, Parameters):
        known = ", ".join(k for k, v in vars(profiles).items() if isinstance(v, Parameters))
        raise RuntimeError(f"${ARGON2_PROFILE_ENV} must be one of {known}, not {name[:40]!r}.")
    return PasswordHasher.from_parameters(found)


_hasher = _hasher_of_environment()


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode().rstrip("=")


# What an unknown email's password is checked against: a well-formed hash with the
# hasher's parameters (so checking it costs as much as checking a user's) whose salt and
# digest are random bytes, so no password matches it. Made without hashing anything: an
# Argon2 hash costs a quarter second of CPU, which every start of the server would pay.
DUMMY_HASH: Final = (
    f"$argon2{_hasher.type.name.lower()}$v={ARGON2_VERSION}"
    f"$m={_hasher.memory_cost},t={_hasher.time_cost},p={_hasher.parallelism}"
    f"${_b64(secrets.token_bytes(_hasher.salt_len))}"
    f"${_b64(secrets.token_bytes(_hasher.hash_len))}"
)


def hash_password(password: str) -> str:
    """The Argon2id hash of ``password``; refused when it is shorter than 8 characters, or
    one that signing in would refuse (see :func:`.sign_in_guard.password_problem`)."""
    problem = password_problem(password)
    if problem is not None:
        raise Refused(problem)
    if len(password) < MIN_PASSWORD_CHARS:
        raise Refused(f"A password needs at least {MIN_PASSWORD_CHARS} characters.")
    return _hasher.hash(password)


def set_password(engine: Engine, *, email: str, password: str) -> None:
    """Give the user who signs in with ``email`` a new password (their sessions stay)."""
    password_hash = hash_password(password)
    with session_scope(engine) as session:
        user = repo_auth.user_by_email(session=session, email=email.strip().lower())
        if user is None:
            raise Refused(f"There is no user with the email {email}.")
        user.password_hash = password_hash
        session.add(user)


@dataclass(frozen=True)
class _Attempt:
    """What the first step of a sign-in found (its failure is recorded under ``email``):
    the user and hash to check the password against (None for an unknown email)."""

    email: str
    user_id: int | None
    password_hash: str | None


def _begin(
    engine: Engine, *, email: object, password: object, client: str | None, now: datetime
) -> _Attempt:
    """Step 1, one short transaction: the limits, the attempt recorded as a failure, the
    user's hash read. Raises :class:`TooManyAttempts` (nothing recorded) or
    :class:`BadSignIn` (recorded)."""
    usable, bad = usable_email(email), malformed(email, password)
    with session_scope(engine) as session:
        admit(session=session, email=usable, client=client, now=now)
        repo_auth.add_failure(session=session, email=usable, client=client, at=now)
        found = repo_auth.credentials(session=session, email=usable) if usable and not bad else None
    if bad is not None:
        raise bad  # after the commit: the failure stays recorded
    assert usable is not None
    user_id, password_hash = found or (None, None)
    return _Attempt(usable, user_id, password_hash)


def _check(attempt: _Attempt, password: str) -> str | None:
    """Step 2, Argon2 with no transaction open: None when ``password`` does not match,
    else the hash to keep (a new one when the hasher's parameters changed). An unknown
    email, or a user without a password, is checked against :data:`DUMMY_HASH`."""
    try:
        _hasher.verify(attempt.password_hash or DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    if not attempt.password_hash:
        return None
    if _hasher.check_needs_rehash(attempt.password_hash):
        return _hasher.hash(password)
    return attempt.password_hash


def _finish(engine: Engine, attempt: _Attempt, new_hash: str | None, now: datetime) -> SignIn:
    """Step 3, one short transaction for a match: the session opened and the email's
    failures cleared. A mismatch writes nothing more (its failure is recorded)."""
    signed_in: SignIn | None = None
    if new_hash is not None:
        with session_scope(engine) as session:
            user = session.get(User, attempt.user_id)
            # Removed, or given another password, since step 1: the check is void.
            if user is not None and user.password_hash == attempt.password_hash:
                repo_auth.clear_failures(session=session, email=attempt.email)
                if new_hash != user.password_hash:
                    user.password_hash = new_hash
                    session.add(user)
                signed_in = open_session(session=session, user=user, now=now)
    if signed_in is None:
        raise SignInRefused(WRONG_CREDENTIALS)
    return signed_in


def sign_in(
    engine: Engine,
    *,
    email: object,
    password: object,
    client: str | None = None,
    now: datetime | None = None,
) -> SignIn:
    """Check the email and password and open a session, on the calling thread (which
    Argon2 keeps busy for about 0.1 s: from async code, use :func:`sign_in_async`).

    Args:
        email, password: as the request gave them (anything: malformed ones are refused).
        client: the client's address (:func:`client_address`); None when unknown.
        now: the time (default: the clock).

    Raises:
        TooManyAttempts: over a limit for the email or the client (the password is not
            even checked, nothing is recorded).
        BadSignIn: a malformed email or password (recorded as a failure).
        SignInRefused: wrong email or password (recorded as a failure).
    """
    now = now_or_clock(now)
    attempt = _begin(engine, email=email, password=password, client=client, now=now)
    assert isinstance(password, str)
    return _finish(engine, attempt, _check(attempt, password), now)


def _lower_priority() -> None:
    """Run this thread at :data:`ARGON2_NICENESS` (Linux sets niceness per thread), so that
    on a busy core the event loop gets the CPU first and sign-ins what is left."""
    with contextlib.suppress(AttributeError, OSError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), ARGON2_NICENESS)


# Argon2 needs 64 MiB and ~0.1 s of one core per check: a few at a time, in threads that
# leave at least one core to the event loop (argon2-cffi releases the GIL), and yield to it.
_argon2_threads = ThreadPoolExecutor(
    max_workers=ARGON2_THREADS, thread_name_prefix="wf-argon2", initializer=_lower_priority
)


async def sign_in_async(
    engine: Engine,
    *,
    email: object,
    password: object,
    client: str | None,
    now: datetime | None = None,
) -> SignIn:
    """:func:`sign_in` for async code: nothing runs on the event loop. The two short
    transactions run in threads (``asyncio.to_thread``), Argon2 in its own executor of
    :data:`ARGON2_THREADS` threads, with no transaction open.

    If the caller is cancelled before the end, the attempt stays counted as a failure.
    """
    now = now_or_clock(now)
    attempt = await asyncio.to_thread(
        _begin, engine, email=email, password=password, client=client, now=now
    )
    assert isinstance(password, str)
    loop = asyncio.get_running_loop()
    new_hash = await loop.run_in_executor(_argon2_threads, _check, attempt, password)
    return await asyncio.to_thread(_finish, engine, attempt, new_hash, now)


def _count_malformed(engine: Engine, email: str | None, client: str | None, now: datetime) -> None:
    with session_scope(engine) as session:
        admit(session=session, email=email, client=client, now=now)
        repo_auth.add_failure(session=session, email=email, client=client, at=now)


async def refuse_malformed_async(
    engine: Engine,
    *,
    email: object,
    client: str | None,
    message: str,
    now: datetime | None = None,
) -> NoReturn:
    """Refuse a sign-in request that was refused before its fields were checked (a body
    too large, not JSON, or with text that cannot be stored), counting it as a failure of
    ``email`` (when it is usable: the raw value, or None) and of ``client``.

    Raises:
        TooManyAttempts: over a limit (nothing recorded).
        BadSignIn: otherwise, with ``message`` (field ``body``).
    """
    usable = usable_email(email)
    await asyncio.to_thread(_count_malformed, engine, usable, client, now_or_clock(now))
    raise BadSignIn("body", message)
