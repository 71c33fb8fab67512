"""The API as the server runs it, driven in-process over raw ASGI: the ASGI app that
Reflex 0.10.1's ``App.__call__`` builds (reflex/app.py) around ``app.api_transformer``,
and a client that returns the exact messages the app sent."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reflex.app import App, _ContextMiddleware
from starlette.applications import Starlette
from starlette.types import ASGIApp, Message


def served(api: Starlette) -> ASGIApp:
    """``api`` as ``App.__call__`` serves a Starlette ``api_transformer``: CORS added to
    it, the Reflex app's own routes (``/ping``, ``/_event`` …) mounted under it, and all
    of it mounted in a top Starlette app with Reflex's context middleware and CORS."""
    from wfstudio.wfstudio import app as reflex_app  # the real app, with its own routes

    assert reflex_app._api is not None
    App._add_cors(api)
    api.mount("", reflex_app._api)
    top = Starlette()
    top.add_middleware(_ContextMiddleware, reflex_app=reflex_app)
    top.mount("", api)
    App._add_cors(top)
    return top


@dataclass(frozen=True)
class Sent:
    """What the app sent for one request: status, raw headers in order, body."""

    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    def header(self, name: bytes) -> bytes | None:
        return next((value for key, value in self.headers if key == name), None)


def http_scope(method: str, path: str, headers: list[tuple[bytes, bytes]]) -> dict[str, Any]:
    """The ASGI scope of an HTTP request from 127.0.0.1 to the app on port 8000."""
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": headers,
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }


async def call(
    app: ASGIApp,
    method: str,
    path: str,
    headers: Sequence[tuple[bytes, bytes]] = (),
    chunks: Sequence[bytes] = (b"",),
    *,
    disconnect: bool = False,
) -> Sent:
    """Send one request as an ASGI server would (the body in ``chunks``; with
    ``disconnect`` the client goes away after them) and collect the reply."""
    scope = http_scope(method, path, [(b"host", b"127.0.0.1:8000"), *headers])
    incoming: list[Message] = [
        {"type": "http.request", "body": chunk, "more_body": number < len(chunks) - 1 or disconnect}
        for number, chunk in enumerate(chunks)
    ]
    if disconnect:
        incoming.append({"type": "http.disconnect"})
    sent: list[Message] = []

    async def receive() -> Message:
        return incoming.pop(0) if incoming else {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        sent.append(message)

    await app(scope, receive, send)
    start, *bodies = sent
    assert start["type"] == "http.response.start" and not any(b.get("more_body") for b in bodies)
    return Sent(start["status"], list(start["headers"]), b"".join(b["body"] for b in bodies))
