"""The inbound endpoints' plain ASGI path (wfstudio/api/inbound_asgi.py) answers exactly
like the Starlette stack: each request goes to the app as the server runs it (``served``)
and to the same routes in a plain Starlette app (no fast path), and both replies must be
the same messages, equal to what a ``JSONResponse`` renders (what the endpoints sent
before), for every status code; every other request still reaches its own handler."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from reflex.config import get_config
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Match, Route
from starlette.types import ASGIApp, Receive, Scope, Send

from tests.api.served import Sent, call, served
from tests.api.support import api
from tests.api.test_webhooks import ORDER, webhook_workflow
from tests.runtime.servers import async_test
from tests.runtime.world import World
from wfstudio.api.answers import FAILED, json_bytes
from wfstudio.api.inbound_asgi import InboundEndpoint, InboundFirstApi
from wfstudio.api.routes import api_app
from wfstudio.api.security import API_HEADERS, SecurityHeaders
from wfstudio.runtime.runner import Runtime
from wfstudio.services import auth, inbound, workflows
from wfstudio.services.errors import NotFound, Refused
from wfstudio.store.db import make_engine

CUSTOM = "/api/channels/custom/messages"
BEARER = (b"authorization", b"Bearer t-custom")
JSON = (b"content-type", b"application/json")
HELLO = json.dumps({"contact": {"id": "u-1", "name": "Ana Lima"}, "text": "hi"}).encode()
BOTH_CORS = (b"vary", b"Origin, Origin")  # Starlette's CORS, added by Reflex twice


def as_before(content: Any, status: int, headers: dict[str, str] | None = None) -> Sent:
    """The reply the Starlette endpoint sent: a JSONResponse, with the API's protective
    headers (wfstudio/api/security.py), through both CORS layers."""
    response = JSONResponse(content, status_code=status, headers=headers)
    return Sent(status, [*response.raw_headers, *API_HEADERS, BOTH_CORS], bytes(response.body))


@dataclass
class Apps:
    fast: ASGIApp
    routed: ASGIApp

    async def both(self, method: str, path: str, *args: Any, **kwargs: Any) -> Sent:
        fast = await call(self.fast, method, path, *args, **kwargs)
        routed = await call(self.routed, method, path, *args, **kwargs)
        assert fast == routed
        return fast


class Plain(Starlette):
    """A plain Starlette app with the protective headers outside its middleware, as the
    API app adds them to what its fast path does not answer."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await SecurityHeaders(super().__call__)(scope, receive, send)


def plain(api: Starlette) -> Starlette:
    """The same routes (and endpoints) in a plain Starlette app: no fast path."""
    return Plain(routes=list(api.routes))


@asynccontextmanager
async def apps(world: World, runtime: Runtime | None = None) -> AsyncIterator[Apps]:
    async with api(world) as client:
        runtime = runtime or client.runtime
        yield Apps(served(api_app(lambda: runtime)), served(plain(api_app(lambda: runtime))))


REFUSED_CALLS: list[tuple[str, Sequence[tuple[bytes, bytes]], Sequence[bytes], int, str]] = [
    ("wrong token", [(b"authorization", b"Bearer nope"), JSON], [HELLO], 401, "Unknown channel"),
    ("no token", [JSON], [HELLO], 401, "Unknown channel"),
    ("no body", [BEARER, JSON], [b""], 400, "The body is empty"),
    ("not JSON", [BEARER, JSON], [b"{not json"], 400, "not valid JSON"),
    (
        "form body",
        [BEARER, (b"content-type", b"application/x-www-form-urlencoded")],
        [b"text=hi"],
        415,
        "“Content-Type: application/json” (Content-Type: “application/x-www-form-urlencoded”)",
    ),
    ("no content type", [BEARER], [HELLO], 415, "(Content-Type: none)"),
    ("declared too large", [BEARER, JSON, (b"content-length", b"70000")], [HELLO], 400, "64 KB"),
    ("sent too large", [BEARER, JSON], [b" " * 40_000, b" " * 40_000], 400, "64 KB"),
    (
        "bad field",
        [BEARER, JSON],
        [b'{"contact": {"id": "u"}, "text": 5}'],
        400,
        '"text" is required',
    ),
    (
        "lone surrogate",
        [BEARER, JSON],
        [b'{"contact": {"id": "u", "name": "\\ud800"}, "text": "hi"}'],
        400,
        '"contact.name" contains a lone surrogate (U+D800)',
    ),
]


@pytest.mark.parametrize(
    ("headers", "chunks", "status", "error"),
    [case[1:] for case in REFUSED_CALLS],
    ids=[case[0] for case in REFUSED_CALLS],
)
@async_test
async def test_refused_channel_messages_are_answered_as_before(
    world: World, headers: list[tuple[bytes, bytes]], chunks: list[bytes], status: int, error: str
) -> None:
    async with apps(world) as both:
        reply = await both.both("POST", CUSTOM, headers, chunks)
    auth_header = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    assert reply == as_before(reply.json(), status, auth_header)
    assert error in reply.json()["error"]


@async_test
async def test_accepted_calls_are_answered_as_before_when_their_content_type_is_json(
    world: World,
) -> None:
    secret = webhook_workflow(world)
    kinds = [b"application/json", b"Application/JSON; charset=utf-8", b"application/x.a+json"]
    async with apps(world) as both:
        for number, app in enumerate([both.fast, both.routed, both.fast]):
            body = json.dumps({"contact": {"id": f"u-{number}"}, "text": "hi"}).encode()
            kind = (b"content-type", kinds[number])
            headers = [BEARER, kind, (b"content-length", b"%d" % len(body))]
            reply = await call(app, "POST", CUSTOM, headers, [body[:9], body[9:]])
            assert reply == as_before(reply.json(), 200)
            assert reply.json()["contact_created"] is True
        for app in (both.fast, both.routed):
            hook = await call(
                app, "POST", f"/api/webhooks/{secret}", [JSON], [json.dumps(ORDER).encode()]
            )
            assert hook == as_before(hook.json(), 200)
        text = await both.both("POST", f"/api/webhooks/{secret}", [], [b"{}"])
    assert text == as_before(text.json(), 415)


@async_test
async def test_webhook_refusals_404_409_401_400_are_answered_as_before(world: World) -> None:
    by_id = webhook_workflow(world, "id", "contact_id")
    async with apps(world) as both:
        unknown = await both.both(
            "POST", f"/api/webhooks/{by_id}", [JSON], [b'{"contact_id": 999}']
        )
        bad_secret = await both.both("POST", "/api/webhooks/nope", [JSON], [b"{}"])
        bad_body = await both.both("POST", f"/api/webhooks/{by_id}", [JSON], [b"[]"])
        workflow_id = next(iter(world.published.values()))
        workflows.stop_workflow(world.engine, workflow_id=workflow_id, now=world.clock.now())
        stopped = await both.both("POST", f"/api/webhooks/{by_id}", [JSON], [b'{"contact_id": 1}'])
    assert unknown == as_before({"ok": False, "error": "No contact has the id 999."}, 404)
    assert bad_secret == as_before(bad_secret.json(), 401, {"WWW-Authenticate": "Bearer"})
    assert bad_body == as_before(bad_body.json(), 400)
    assert stopped == as_before(stopped.json(), 409)
    assert "is not published" in stopped.json()["error"]


@async_test
async def test_a_failure_is_the_same_500_and_a_gone_client_too(
    world: World, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    no_tables = make_engine(f"sqlite:///{tmp_path / 'not-migrated.db'}")
    broken = Runtime(no_tables, clock=world.clock)
    async with apps(world, broken) as both:
        failed = await both.both("POST", CUSTOM, [BEARER, JSON], [HELLO])
    await broken.aclose()
    async with apps(world) as both:
        gone = await both.both("POST", CUSTOM, [BEARER, JSON], [HELLO[:5]], disconnect=True)
    no_tables.dispose()
    error = FAILED
    assert failed == gone == as_before({"ok": False, "error": error}, 500)
    logged = [r.getMessage() for r in caplog.records if r.name == "wfstudio.api.routes"]
    assert logged == [f"POST {CUSTOM} failed"] * 4


@pytest.mark.parametrize(
    ("refused", "status", "headers"),
    [
        (auth.TooManyAttempts("Wait.", 90), 429, {"Retry-After": "90"}),
        (auth.SignInRefused("No."), 401, {"WWW-Authenticate": "Bearer"}),
        (auth.NotAllowed("Not you."), 403, None),
        (NotFound("No “such” thing."), 404, None),
        (inbound.NotAccepting("Not now."), 409, None),
        (Refused("Bad."), 400, None),
    ],
)
@async_test
async def test_every_refusal_kind_renders_as_its_json_response(
    refused: Refused, status: int, headers: dict[str, str] | None
) -> None:
    async def take(value: str, token: str, body: bytes) -> dict[str, object]:
        raise refused

    route = Route("/x/{key}", InboundEndpoint("key", take), methods=["POST"])
    for app in (served(InboundFirstApi([route])), served(Starlette(routes=[route]))):
        reply = await call(app, "POST", "/x/1", [JSON], [b"{}"])
        assert reply == as_before({"ok": False, "error": refused.message}, status, headers)


@async_test
async def test_a_reply_that_cannot_be_rendered_is_the_logged_500(
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def take(value: str, token: str, body: bytes) -> dict[str, object]:
        return {"ok": True, "score": float("nan")}

    route = Route("/x/{key}", InboundEndpoint("key", take), methods=["POST"])
    for app in (served(InboundFirstApi([route])), served(Starlette(routes=[route]))):
        reply = await call(app, "POST", "/x/1", [JSON], [b"{}"])
        assert reply == as_before({"ok": False, "error": FAILED}, 500)
    assert [r.getMessage() for r in caplog.records] == ["POST /x/1 failed"] * 2


@async_test
async def test_a_browser_request_from_a_listed_origin_gets_the_same_cors_headers(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(get_config(), "cors_allowed_origins", ["http://crm.test"])
    listed, other = (b"origin", b"http://crm.test"), (b"origin", b"http://evil.test")
    async with apps(world) as both:
        plain_origin = await both.both("POST", CUSTOM, [listed, BEARER, JSON], [b"{"])
        with_cookie = await both.both("POST", CUSTOM, [listed, (b"cookie", b"a=1"), JSON], [b"{"])
        foreign = await both.both("POST", CUSTOM, [other, BEARER, JSON], [b"{"])
    assert plain_origin.status == 400 and with_cookie.status == 401
    assert plain_origin.header(b"access-control-allow-origin") == b"http://crm.test"
    assert plain_origin.header(b"access-control-allow-credentials") == b"true"
    assert foreign.status == 400 and foreign.header(b"access-control-allow-origin") is None


OTHER_REQUESTS: list[tuple[str, str, int]] = [
    ("GET", CUSTOM, 405),  # a wrong method: 405 with Allow (tests/api/test_methods.py)
    ("PUT", CUSTOM, 405),
    ("GET", "/api/webhooks/x", 405),
    ("POST", CUSTOM + "/", 404),
    ("POST", "/api/channels/a/b/messages", 404),
    ("GET", "/api/health", 200),
    ("GET", "/api/openapi.json", 200),
    ("POST", "/api/sessions", 415),  # no Content-Type: application/json
    ("GET", "/api/workflows", 401),
    ("GET", "/ping", 200),  # Reflex's own route
]


@pytest.mark.parametrize(("method", "path", "status"), OTHER_REQUESTS)
@async_test
async def test_other_requests_reach_their_handlers_as_before(
    world: World, method: str, path: str, status: int
) -> None:
    async with apps(world) as both:
        reply = await both.both(method, path, [], [b"{}" if method == "POST" else b""])
    assert reply.status == status


JSON_CONTENTS: list[Any] = [
    {"ok": True, "contact_id": 12, "enrollments": {"started": [1, 2], "resumed": []}},
    {"ok": False, "error": '“Zoë” is not\tan "email" \\ address 😀 \u2028'},
    {"n": None, "f": 1.5, "big": 10**30, "neg": -3, "e": 1e-7, "nested": [[{}], [], {"a": [None]}]},
]


@pytest.mark.parametrize("content", JSON_CONTENTS)
def test_the_json_is_what_json_response_renders(content: Any) -> None:
    assert json_bytes(content) == JSONResponse(content).body


@pytest.mark.parametrize("content", [{"x": float("nan")}, {"x": object()}])
def test_what_json_response_cannot_render_fails_here_too(content: Any) -> None:
    with pytest.raises((ValueError, TypeError)) as here:
        json_bytes(content)
    with pytest.raises(type(here.value)):
        JSONResponse(content)


def test_no_other_route_takes_the_inbound_paths() -> None:
    routes = api_app(lambda: None).routes  # type: ignore[arg-type, return-value]
    for path in (CUSTOM, "/api/webhooks/s3cret"):
        scope = {"type": "http", "method": "POST", "path": path, "root_path": ""}
        takers = [route for route in routes if route.matches(scope)[0] is not Match.NONE]
        assert len(takers) == 1 and isinstance(takers[0].endpoint, InboundEndpoint)  # type: ignore[attr-defined]
