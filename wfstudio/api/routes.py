"""REST endpoints on the Reflex backend (``rx.App(api_transformer=api_app())``).

* ``POST /api/channels/{key}/messages`` — a custom channel's inbound message. The channel's
  secret token comes as ``Authorization: Bearer <token>`` or ``X-Wfstudio-Token: <token>``.
* ``POST /api/webhooks/{secret}`` — an incoming-webhook trigger call.
* ``POST /api/sessions``, ``DELETE /api/sessions``, ``GET /api/workflows``,
  ``GET /api/workflows/{id}/export`` — signing in for the API, and the Workflows module's
  endpoints for Owners and Managers (:mod:`wfstudio.api.workflows`).
* ``GET /api/health`` — 200 when the database answers.
* ``GET /api/openapi.json`` — the OpenAPI document of these endpoints.

Replies are JSON. Success: 200 with ``{"ok": true, "contact_id": …, "contact_created": …,
"enrollments": {"started": […], "resumed": […], "exited": […]}}``, sent only after
everything the call caused is committed; the lists name every enrollment the call started,
resumed or ended, those its workflows' steps caused down the chain included. Refusals: ``{"ok": false, "error": "<why>"}`` with
401 (bad token or secret), 400 (malformed body), 404 (unknown contact id), 409 (the
webhook's workflow is not published), 403 (an Agent on a Workflows endpoint), 405 (a method
the path does not take; ``Allow`` lists those it takes), 429 (too
many failed sign-ins for the email or from the client address: wait ``Retry-After``
seconds); nothing is stored for any of them, except that a refused sign-in (400, 401)
counts as a failure.

Bad input is never a 500: a body not sent with ``Content-Type: application/json`` is a 415;
one that is not UTF-8 JSON, nests deeper than 64 levels, has a number longer than 40
characters, ``NaN`` or ``Infinity``, or text with NUL or a lone surrogate (anywhere, keys
included) is a 400 whose message names the field (:mod:`wfstudio.domain.text`). A 500
means the server failed (it is logged): the request may or may not have taken effect, so
retry it later, a few times at most, and report it if it persists.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Awaitable, Callable, Mapping, Sequence

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Match, Route
from starlette.types import Scope

from wfstudio.api.answers import Answer, answer_to, failure_answer
from wfstudio.api.inbound_asgi import InboundEndpoint, InboundFirstApi, receive_body
from wfstudio.api.openapi import OPENAPI
from wfstudio.api.security import require_json
from wfstudio.api.workflows import WorkflowEndpoints
from wfstudio.services import inbound, live
from wfstudio.services.errors import Refused
from wfstudio.services.live import Runtime
from wfstudio.services.webhooks import WEBHOOK_PATH

RuntimeProvider = Callable[[], Runtime]


def json_response(answer: Answer) -> JSONResponse:
    return JSONResponse(answer.content, status_code=answer.status, headers=answer.headers)


async def read_body(request: Request, limit: int = inbound.MAX_BODY_BYTES) -> bytes:
    """The request body, refused once it grows past ``limit`` bytes (never read whole)."""
    return await receive_body(request.receive, request.headers.get("content-length", ""), limit)


Handler = Callable[[Request], Awaitable[Response]]
DEFAULT_CONCURRENCY = 16


def default_concurrency() -> int:
    """``$WFSTUDIO_API_CONCURRENCY`` when it is a positive number, else 16."""
    value = os.environ.get("WFSTUDIO_API_CONCURRENCY", "")
    return int(value) if value.isdigit() and int(value) > 0 else DEFAULT_CONCURRENCY


def _answering(
    handler: Callable[[Request], Awaitable[Mapping[str, object] | Response]],
) -> Handler:
    """Turn a handler's result into 200 JSON (a Response goes as it is) and its refusals
    into their status codes."""

    async def endpoint(request: Request) -> Response:
        try:
            answer = await handler(request)
            return answer if isinstance(answer, Response) else JSONResponse(answer)
        except Refused as refused:
            return json_response(answer_to(refused))
        except Exception:
            return json_response(failure_answer(request.method, request.url.path))

    endpoint.__name__ = handler.__name__
    return endpoint


def _json_body(
    handler: Callable[[Request], Awaitable[Mapping[str, object] | Response]],
) -> Callable[[Request], Awaitable[Mapping[str, object] | Response]]:
    """``handler`` for a JSON body only: another Content-Type is refused (415) first."""

    async def checked(request: Request) -> Mapping[str, object] | Response:
        require_json(request.headers.get("content-type", ""))
        return await handler(request)

    checked.__name__ = handler.__name__
    return checked


def api_app(
    runtime: RuntimeProvider | None = None, *, concurrency: int | None = None
) -> InboundFirstApi:
    """The API as a Starlette app; it answers ``POST`` of the inbound endpoints itself,
    before its routing (:mod:`wfstudio.api.inbound_asgi`).

    Args:
        runtime: gives the runtime to use (default: the process's live runtime of the
            running loop).
        concurrency: how many inbound calls are handled at once; the others wait their
            turn (default ``$WFSTUDIO_API_CONCURRENCY`` or 16). The database work of a call
            runs on the event loop, so hundreds of calls at once would all slow down
            together, until a step's outbound request times out waiting for the loop and
            is sent again; a short queue keeps each call fast instead.
    """
    provide: RuntimeProvider = runtime or live.get_runtime
    gate = asyncio.Semaphore(concurrency or default_concurrency())

    async def channel_message(key: str, token: str, body: bytes) -> Mapping[str, object]:
        async with gate:
            ack = await inbound.receive_channel_message(
                provide(), channel_key=key, token=token, body=body
            )
        return ack.as_json()

    async def webhook(secret: str, _token: str, body: bytes) -> Mapping[str, object]:
        async with gate:
            ack = await inbound.receive_webhook(provide(), secret=secret, body=body)
        return ack.as_json()

    async def health(request: Request) -> Mapping[str, object]:
        return {"ok": True, **live.health(provide())}

    async def openapi(request: Request) -> Mapping[str, object]:
        return OPENAPI

    studio = WorkflowEndpoints(lambda: provide().engine, read_body)
    routes: list[Route] = [
        Route("/api/sessions", _answering(_json_body(studio.sign_in)), methods=["POST"]),
        Route("/api/sessions", _answering(studio.sign_out), methods=["DELETE"]),
        Route("/api/workflows", _answering(studio.list), methods=["GET"]),
        Route("/api/workflows/{workflow_id}/export", _answering(studio.export), methods=["GET"]),
        Route(
            "/api/channels/{key}/messages",
            InboundEndpoint("key", channel_message),
            methods=["POST"],
            name="channel_message",
        ),
        Route(WEBHOOK_PATH, InboundEndpoint("secret", webhook), methods=["POST"], name="webhook"),
        Route("/api/health", _answering(health), methods=["GET"]),
        Route("/api/openapi.json", _answering(openapi), methods=["GET"]),
    ]
    return InboundFirstApi(routes=[*routes, *other_methods_refused(routes)])


def other_methods_refused(routes: Sequence[Route]) -> list[Route]:
    """One route per path of ``routes``, to go after them: it takes only the methods none
    of them takes, and answers those with a 405, an ``Allow`` header listing the methods
    they take and a JSON error. (Starlette answers a plain-text 405 itself only when no
    route matches fully, but Reflex mounts its app at "" after these routes: a 404 page.)"""
    allowed: dict[str, set[str]] = {}
    for route in routes:
        allowed.setdefault(route.path, set()).update(route.methods or ())
    return [_OtherMethods(path, sorted(methods)) for path, methods in allowed.items()]


class _OtherMethods(Route):
    """The 405 of a path for every method its routes do not take (it matches no other)."""

    def __init__(self, path: str, allowed: list[str]) -> None:
        super().__init__(path, self._refuse, name=f"{path} other methods")
        self.allowed = allowed
        self.methods = None  # every method (matches() below leaves out the allowed ones)

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if scope.get("type") == "http" and scope.get("method") in self.allowed:
            return Match.NONE, {}
        return super().matches(scope)

    async def _refuse(self, request: Request) -> Response:
        named = [m for m in self.allowed if m != "HEAD" or "GET" not in self.allowed]
        message = f"{request.method} is not allowed on {self.path}: use {' or '.join(named)}."
        headers = {"Allow": ", ".join(self.allowed)}
        return json_response(Answer(405, {"ok": False, "error": message}, headers))
