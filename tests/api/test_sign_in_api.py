"""POST /api/sessions without side channels: malformed input is a 400 naming the field
(never a 500) and counts as a failure; failures are limited per client address too."""

from __future__ import annotations

import pytest
from sqlmodel import select

from tests.api.support import JSON, api
from tests.runtime.servers import async_test
from tests.runtime.world import World
from wfstudio.services import auth
from wfstudio.store.db import session_scope
from wfstudio.store.tables_workspace import SignInFailure

PASSWORD = "api-password"
OWNER = "o@x.test"
PEER = "127.0.0.1"  # httpx's ASGI transport's client address


@pytest.fixture
def world(world: World) -> World:
    auth.set_password(world.engine, email=OWNER, password=PASSWORD)
    return world


def _failures(world: World) -> list[tuple[str | None, str | None]]:
    with session_scope(world.engine) as session:
        rows = session.exec(select(SignInFailure).order_by(SignInFailure.id)).all()  # type: ignore[arg-type]
        return [(row.email, row.client) for row in rows]


@pytest.mark.parametrize(
    "body",
    [
        '{"email": "%s", "password": 12345678}',
        '{"email": "%s", "password": "\\ud800"}',
        '{"email": "%s", "password": "a\\u0000b"}',
        '{"email": "%s", "password": "%s"}',
        '{"email": "%s"}',
    ],
    ids=["number", "lone-surrogate", "nul", "too-long", "missing"],
)
@async_test
async def test_a_malformed_password_is_a_400_for_known_and_unknown_emails(
    world: World, body: str
) -> None:
    async with api(world) as server:
        replies = []
        for email in (OWNER, "nobody@x.test"):
            text = body % ((email, "x" * 1025) if body.count("%s") == 2 else email)
            replies.append(
                await server.client.post("/api/sessions", content=text.encode(), headers=JSON)
            )
    known, unknown = replies
    assert known.status_code == unknown.status_code == 400
    assert known.json() == unknown.json()  # nothing tells the known email apart
    assert "password" in known.json()["error"]  # the message names the field
    assert _failures(world) == [(OWNER, PEER), ("nobody@x.test", PEER)]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"email=o@x.test", "JSON"),
        (b'["o@x.test"]', 'The body must be {"email": "\u2026", "password": "\u2026"}.'),
        (b'{"email": 7, "password": "p"}', "The email must be a string."),
        (b'{"email": "o\\ud800@x.test", "password": "p"}', "email"),
        (b"{" + b" " * 5000 + b"}", "The body is larger than 4 KB."),
    ],
)
@async_test
async def test_an_unreadable_body_or_email_counts_for_the_address(
    world: World, content: bytes, message: str
) -> None:
    async with api(world) as server:
        reply = await server.client.post("/api/sessions", content=content, headers=JSON)
    assert reply.status_code == 400
    assert message in reply.json()["error"]
    assert _failures(world) == [(None, PEER)]


@async_test
async def test_one_password_on_many_emails_gets_429_from_that_address(world: World) -> None:
    async with api(world) as server:
        client = server.client
        for number in range(auth.CLIENT_MAX_FAILURES):
            body = {"email": f"user{number}@x.test", "password": "Summer2024"}
            # A made-up X-Forwarded-For does not make another address (no trusted proxy).
            headers = {"X-Forwarded-For": f"198.51.100.{number}"}
            reply = await client.post("/api/sessions", json=body, headers=headers)
            assert reply.status_code == 401
        right = await client.post("/api/sessions", json={"email": OWNER, "password": PASSWORD})
    assert right.status_code == 429
    assert 14 * 60 < int(right.headers["retry-after"]) <= 15 * 60
    assert right.json()["error"].startswith("Too many failed sign-ins from your address.")


@async_test
async def test_behind_a_trusted_proxy_the_forwarded_address_counts(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WFSTUDIO_TRUSTED_PROXY_HOPS", "1")
    async with api(world) as server:
        headers = {"X-Forwarded-For": "spoofed, 203.0.113.9"}
        reply = await server.client.post(
            "/api/sessions", json={"email": OWNER, "password": "nope"}, headers=headers
        )
    assert reply.status_code == 401
    assert _failures(world) == [(OWNER, "203.0.113.9")]
