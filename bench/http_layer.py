"""What the HTTP layer of the inbound endpoints costs, in process: the ASGI stack the
server runs (Reflex's top Starlette app, the API app mounted in it, Reflex's own app
mounted under the API) driven directly with scope/receive/send, no socket, no server.

    .venv/bin/python -m bench.http_layer [--requests 20000]

The runtime call behind the endpoints is replaced by a stub that answers at once (here
only, never in tests), so the figures are the layer alone: CPU µs per request
(``time.process_time()`` over all requests, best of 5 rounds) and Python function calls
per request (cProfile), for a channel message that is accepted (200), one that is refused
(401), a webhook call (200), and two paths the fast path must leave alone (the API's
OpenAPI document and Reflex's ``/ping``).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import pstats
import time
from collections.abc import Callable
from typing import Any

from starlette.types import ASGIApp, Message

from tests.api.served import http_scope, served
from wfstudio.api.routes import api_app
from wfstudio.services import inbound

Headers = list[tuple[bytes, bytes]]
BODY = json.dumps({"contact": {"id": "c-1", "name": "Ana Lima"}, "text": "hi"}).encode()
ACK = inbound.Ack(contact_id=1, contact_created=False, resumed=(7,))


async def _channel_message(runtime: object, *, token: str, **call: object) -> inbound.Ack:
    if token != "secret":
        raise inbound.Unauthorized("Unknown channel or wrong token.")
    return ACK


async def _webhook(runtime: object, **call: object) -> inbound.Ack:
    return ACK


def request(method: str, path: str, headers: Headers, body: bytes = b"") -> Callable[..., Any]:
    """A coroutine function sending one request through ``app``; returns the status."""
    scope_template = http_scope(method, path, headers)
    incoming: Message = {"type": "http.request", "body": body, "more_body": False}

    async def call(app: ASGIApp) -> int:
        status = 0

        async def receive() -> Message:
            return incoming

        async def send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]

        await app(dict(scope_template), receive, send)
        return status

    return call


CASES: dict[str, tuple[Callable[..., Any], int]] = {
    "channel message, 200": (
        request(
            "POST",
            "/api/channels/bench/messages",
            [
                (b"host", b"127.0.0.1:8000"),
                (b"content-type", b"application/json"),
                (b"authorization", b"Bearer secret"),
                (b"content-length", str(len(BODY)).encode()),
            ],
            BODY,
        ),
        200,
    ),
    "channel message, 401": (
        request(
            "POST",
            "/api/channels/bench/messages",
            [(b"host", b"127.0.0.1:8000"), (b"authorization", b"Bearer wrong")],
            BODY,
        ),
        401,
    ),
    "webhook, 200": (
        request("POST", "/api/webhooks/abc", [(b"host", b"127.0.0.1:8000")], b'{"a": 1}'),
        200,
    ),
    "GET /api/openapi.json": (request("GET", "/api/openapi.json", []), 200),
    "GET /ping (Reflex)": (request("GET", "/ping", []), 200),
}


async def _run(app: ASGIApp, call: Callable[..., Any], count: int, expected: int) -> None:
    for _ in range(count):
        status = await call(app)
        assert status == expected, status


def measure(app: ASGIApp, requests: int) -> None:
    loop = asyncio.new_event_loop()
    print(f"{'request':28} {'CPU µs/request':>15} {'calls/request':>14}")
    for name, (call, expected) in CASES.items():
        loop.run_until_complete(_run(app, call, 200, expected))  # warm up
        best = float("inf")
        for _ in range(5):
            start = time.process_time()
            loop.run_until_complete(_run(app, call, requests, expected))
            best = min(best, time.process_time() - start)
        profiler = cProfile.Profile()
        profiler.enable()
        loop.run_until_complete(_run(app, call, 1000, expected))
        profiler.disable()
        calls = pstats.Stats(profiler).total_calls  # type: ignore[attr-defined]
        print(f"{name:28} {best / requests * 1e6:15.1f} {calls / 1000:14.0f}")
    loop.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=20000)
    args = parser.parse_args()
    inbound.receive_channel_message = _channel_message  # type: ignore[assignment]
    inbound.receive_webhook = _webhook  # type: ignore[assignment]
    measure(served(api_app(lambda: object())), args.requests)  # type: ignore[arg-type, return-value]


if __name__ == "__main__":
    main()
