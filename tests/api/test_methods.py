"""A method a path does not take is a 405 with ``Allow`` and a JSON error, not a 404 — also
when, as in the running app, Reflex's app is mounted at "" after the API's routes."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from starlette.applications import Starlette
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from wfstudio.api.routes import api_app


def served() -> Starlette:
    """The API app with a catch-all app mounted after its routes, as Reflex mounts itself."""
    # No request here reaches a runtime: none is given.
    app = api_app(lambda: None)  # type: ignore[arg-type,return-value]
    app.mount("", Starlette(routes=[Route("/{path:path}", lambda _r: PlainTextResponse("page"))]))
    return app


async def call(method: str, path: str) -> httpx.Response:
    transport = httpx.ASGITransport(app=served())
    async with httpx.AsyncClient(transport=transport, base_url="http://wfstudio") as client:
        return await client.request(method, path)


@pytest.mark.parametrize(
    ("method", "path", "allow", "use"),
    [
        ("GET", "/api/channels/app/messages", "POST", "use POST"),
        ("PUT", "/api/channels/app/messages", "POST", "use POST"),
        ("GET", "/api/webhooks/s3cret", "POST", "use POST"),
        ("DELETE", "/api/webhooks/s3cret", "POST", "use POST"),
        ("GET", "/api/sessions", "DELETE, POST", "use DELETE or POST"),
        ("POST", "/api/workflows", "GET, HEAD", "use GET."),
        ("DELETE", "/api/workflows/7/export", "GET, HEAD", "use GET."),
        ("POST", "/api/health", "GET, HEAD", "use GET."),
        ("PATCH", "/api/openapi.json", "GET, HEAD", "use GET."),
        ("OPTIONS", "/api/health", "GET, HEAD", "use GET."),
    ],
)
def test_a_wrong_method_is_a_405_naming_the_allowed_ones(
    method: str, path: str, allow: str, use: str
) -> None:
    reply = asyncio.run(call(method, path))
    assert reply.status_code == 405
    assert reply.headers["allow"] == allow
    assert reply.headers["content-type"] == "application/json"
    assert reply.headers["x-content-type-options"] == "nosniff"  # the API's headers too
    body = reply.json()
    assert body["ok"] is False
    assert body["error"].startswith(f"{method} is not allowed on ")
    assert use in body["error"]
    assert "s3cret" not in body["error"]  # the route's pattern, never a webhook's secret


def test_an_unknown_path_still_goes_on_to_the_app_mounted_after() -> None:
    reply = asyncio.run(call("GET", "/api/nothing-here"))
    assert (reply.status_code, reply.text) == (200, "page")
    assert asyncio.run(call("GET", "/chat/app")).text == "page"


def test_a_right_method_still_reaches_its_endpoint() -> None:
    reply = asyncio.run(call("GET", "/api/openapi.json"))
    assert reply.status_code == 200
    assert "paths" in reply.json()


def test_a_cors_preflight_is_still_answered_by_the_cors_middleware() -> None:
    async def preflight() -> httpx.Response:
        app = served()
        app.add_middleware(CORSMiddleware, allow_origins=["http://crm.test"], allow_methods=["*"])
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://wfstudio") as client:
            return await client.options(
                "/api/channels/app/messages",
                headers={"Origin": "http://crm.test", "Access-Control-Request-Method": "POST"},
            )

    reply = asyncio.run(preflight())
    assert reply.status_code == 200
    assert reply.headers["access-control-allow-origin"] == "http://crm.test"
