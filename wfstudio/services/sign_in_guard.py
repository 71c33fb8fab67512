"""What stands before a password is checked: the request's email and password, checked;
the client's address; and the limits on failures.

Decisions:

* Malformed input (a missing or non-string email or password, a lone surrogate, a control
  character in the email or a NUL in the password, an email over :data:`MAX_EMAIL_CHARS`
  or a password over :data:`MAX_PASSWORD_CHARS` characters) is refused with
  :class:`BadSignIn` (HTTP 400) naming the field, the same whether the email is known or
  not, and it counts as a failure like a wrong password.
* Failures are limited per email (known or not: :data:`MAX_FAILURES` within
  :data:`FAILURE_WINDOW`) and per client address (:data:`CLIENT_MAX_FAILURES` within the
  same window), so that trying one password on many emails is slowed down too. An IPv6
  address counts for its /64 network, which one host usually has to itself.
* The client's address is the connection's peer. ``X-Forwarded-For`` is believed only
  when ``$WFSTUDIO_TRUSTED_PROXY_HOPS`` says how many reverse proxies stand in front (the
  same rule as Reflex's ``trusted_proxy_hops``, which the sign-in page's address follows):
  the address that many entries from the right.
"""

from __future__ import annotations

import ipaddress
import math
import os
from datetime import datetime, timedelta
from typing import Final

from wfstudio.services.errors import Refused
from wfstudio.services.inbound_bodies import BadRequest
from wfstudio.store import repo_auth
from wfstudio.store.db import Session

MAX_FAILURES: Final = 5
CLIENT_MAX_FAILURES: Final = 20
FAILURE_WINDOW: Final = timedelta(minutes=15)
MAX_EMAIL_CHARS: Final = 254
MAX_PASSWORD_CHARS: Final = 1024
MAX_CLIENT_CHARS: Final = 64
WRONG_CREDENTIALS: Final = "Wrong email or password."
TRUSTED_PROXY_HOPS_ENV: Final = "WFSTUDIO_TRUSTED_PROXY_HOPS"


class SignInRefused(Refused):
    """Wrong email or password (the same answer for both)."""


class TooManyAttempts(SignInRefused):
    """Too many recent failures for this email or from this address; ``retry_after``
    seconds until the next try."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class BadSignIn(BadRequest):
    """The request's ``field`` (``email``, ``password`` or ``body``) is malformed."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def _text_problem(value: object, *, controls: bool) -> str | None:
    """Why ``value`` is no usable text, or None."""
    if value is None:
        return "is missing"
    if not isinstance(value, str):
        return "must be a string"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "is not valid Unicode text"
    if controls and any(ord(char) < 32 or ord(char) == 127 for char in value):
        return "contains a control character"
    if "\x00" in value:
        return "contains a NUL character"
    return None


def email_problem(value: object) -> str | None:
    """Why ``value`` is not an email one could sign in with (a message), or None."""
    problem = _text_problem(value, controls=True)
    if problem is None and isinstance(value, str) and len(value) > MAX_EMAIL_CHARS:
        problem = f"is longer than {MAX_EMAIL_CHARS} characters"
    return f"The email {problem}." if problem else None


def password_problem(value: object) -> str | None:
    """Why ``value`` is not a password one could sign in with (a message), or None."""
    problem = _text_problem(value, controls=False)
    if problem is None and isinstance(value, str) and len(value) > MAX_PASSWORD_CHARS:
        problem = f"is longer than {MAX_PASSWORD_CHARS} characters"
    return f"The password {problem}." if problem else None


def usable_email(value: object) -> str | None:
    """``value`` as failures are counted under it (trimmed, lowercased), or None when it
    is malformed."""
    if email_problem(value) is not None:
        return None
    assert isinstance(value, str)
    return value.strip().lower()


def malformed(email: object, password: object) -> BadSignIn | None:
    """The refusal of a malformed email or password (the email named first), or None."""
    for field, problem in (
        ("email", email_problem(email)),
        ("password", password_problem(password)),
    ):
        if problem is not None:
            return BadSignIn(field, problem)
    return None


def trusted_proxy_hops() -> int:
    """``$WFSTUDIO_TRUSTED_PROXY_HOPS`` when it is a number, else 0 (no proxy believed)."""
    value = os.environ.get(TRUSTED_PROXY_HOPS_ENV, "").strip()
    return int(value) if value.isdigit() else 0


def client_address(
    peer: str | None, forwarded_for: str = "", hops: int | None = None
) -> str | None:
    """The address failures are counted under, for a request from ``peer`` (the ASGI
    scope's client host) with the ``X-Forwarded-For`` header ``forwarded_for``.

    Args:
        peer: the connection's remote address; None or "" when unknown (no address
            limit then).
        forwarded_for: believed only with ``hops`` > 0.
        hops: how many trusted reverse proxies stand in front (default
            :func:`trusted_proxy_hops`).
    """
    hops = trusted_proxy_hops() if hops is None else hops
    if hops > 0:
        forwarded = [part.strip() for part in forwarded_for.split(",") if part.strip()]
        if len(forwarded) >= hops:
            peer = forwarded[-hops]
    if not peer:
        return None
    try:
        address = ipaddress.ip_address(peer.strip().strip("[]"))
    except ValueError:
        return peer[:MAX_CLIENT_CHARS]
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def _retry_after(failures: list[datetime], limit: int, now: datetime) -> int:
    free_at = failures[-limit] + FAILURE_WINDOW
    return max(1, math.ceil((free_at - now).total_seconds()))


def _wait_message(whose: str, seconds: int) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    unit = "minute" if minutes == 1 else "minutes"
    return f"Too many failed sign-ins {whose}. Wait {minutes} {unit} before trying again."


def admit(*, session: Session, email: str | None, client: str | None, now: datetime) -> None:
    """Refuse an attempt over a limit; otherwise forget failures that left the window.

    Takes the failures' lock until the end of ``session``'s transaction, in which the
    caller records the attempt, so concurrent attempts are counted one after the other.

    Raises:
        TooManyAttempts: :data:`MAX_FAILURES` for ``email`` or :data:`CLIENT_MAX_FAILURES`
            from ``client`` within :data:`FAILURE_WINDOW`.
    """
    repo_auth.lock_failures(session=session)
    since = now - FAILURE_WINDOW
    waits: list[tuple[int, str]] = []
    if email is not None:
        failures = repo_auth.recent_failures(session=session, email=email, since=since)
        if len(failures) >= MAX_FAILURES:
            waits.append((_retry_after(failures, MAX_FAILURES, now), "for this email"))
    if client is not None:
        failures = repo_auth.recent_client_failures(session=session, client=client, since=since)
        if len(failures) >= CLIENT_MAX_FAILURES:
            waits.append((_retry_after(failures, CLIENT_MAX_FAILURES, now), "from your address"))
    if waits:
        seconds, whose = max(waits)
        raise TooManyAttempts(_wait_message(whose, seconds), seconds)
    if email is not None:
        repo_auth.clear_failures(session=session, email=email, before=since)
    if client is not None:
        repo_auth.clear_client_failures(session=session, client=client, before=since)
