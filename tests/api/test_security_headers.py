"""The protective headers on every kind of reply the app serves, the websocket's origin
check, and the CORS origins' configuration (wfstudio/api/security.py, origins.py)."""

from __future__ import annotations

import pytest
from starlette.types import Message

from tests.api.served import call, http_scope, served
from tests.api.support import api
from tests.runtime.servers import async_test
from tests.runtime.world import World
from wfstudio.api.origins import cors_origins
from wfstudio.api.routes import api_app
from wfstudio.api.security import API_CSP, PAGE_CSP, SecurityHeaders

COMMON = {
    b"x-content-type-options": b"nosniff",
    b"referrer-policy": b"no-referrer",
    b"x-frame-options": b"DENY",
}


@pytest.mark.parametrize(
    ("method", "path", "headers", "csp"),
    [
        ("POST", "/api/channels/custom/messages", [], API_CSP),  # the fast path (415)
        ("POST", "/api/channels/custom/messages", [(b"origin", b"http://x.test")], API_CSP),
        ("GET", "/api/health", [], API_CSP),
        ("POST", "/api/sessions", [], API_CSP),
        ("GET", "/ping", [], PAGE_CSP),  # Reflex's own route
        ("GET", "/workflows", [], PAGE_CSP),  # a page (404 here: no build mounted)
    ],
)
@async_test
async def test_every_reply_carries_the_protective_headers(
    world: World, method: str, path: str, headers: list[tuple[bytes, bytes]], csp: str
) -> None:
    async with api(world) as client:
        app = served(api_app(lambda: client.runtime))
        reply = await call(app, method, path, headers, [b"{}" if method == "POST" else b""])
    assert reply.header(b"content-security-policy") == csp.encode()
    for name, value in COMMON.items():
        assert reply.header(name) == value
        assert [key for key, _ in reply.headers].count(name) == 1


async def _websocket(origin: str | None, extra: list[str]) -> list[Message]:
    sent: list[Message] = []
    reached: list[bool] = []

    async def app(scope: object, receive: object, send: object) -> None:
        reached.append(True)

    async def send(message: Message) -> None:
        sent.append(message)

    async def receive() -> Message:
        return {"type": "websocket.connect"}

    headers = [(b"host", b"studio.test:8000")]
    if origin is not None:
        headers.append((b"origin", origin.encode()))
    scope = {**http_scope("GET", "/_event/", headers), "type": "websocket"}
    await SecurityHeaders(app, extra)(scope, receive, send)
    return sent if not reached else [{"type": "reached"}]


@pytest.mark.parametrize(
    ("origin", "extra", "allowed"),
    [
        ("http://studio.test:8000", [], True),  # the app's own origin
        (None, [], True),  # no Origin: not a browser page
        ("http://evil.test", [], False),
        ("http://studio.test:3000", [], False),  # another port is another origin
        ("https://crm.test", ["https://crm.test"], True),  # listed
    ],
)
@async_test
async def test_a_websocket_from_another_origin_is_refused(
    origin: str | None, extra: list[str], allowed: bool
) -> None:
    sent = await _websocket(origin, extra)
    expected = [{"type": "reached"}] if allowed else [{"type": "websocket.close", "code": 1008}]
    assert sent == expected


def test_cors_origins_are_the_apps_own_unless_listed() -> None:
    assert cors_origins({"REFLEX_ENV_MODE": "prod"}) == []
    listed = {
        "REFLEX_ENV_MODE": "prod",
        "WFSTUDIO_CORS_ORIGINS": " https://a.test/, https://b.test ",
    }
    assert cors_origins(listed) == ["https://a.test", "https://b.test"]
    # Reflex's dev mode: the pages come from the frontend server's port.
    assert cors_origins({"REFLEX_FRONTEND_PORT": "3001"}) == [
        "http://localhost:3001",
        "http://127.0.0.1:3001",
    ]
