"""The inbound endpoints (a custom channel's messages, incoming-webhook calls) as plain
ASGI apps, and the API's Starlette app that answers them before its own routing.

These two endpoints carry the server's load (two calls per conversation), so they skip
what Starlette's request machinery costs per call: the API app's error and exception
middleware, its router trying the routes in turn, the ``Request`` object, the response
class and a JSON encoder built per reply. They answer byte for byte what their Starlette
endpoints answered (a ``JSONResponse``: the same JSON, the same headers in the same
order), and the middleware added to the API app (Reflex adds CORS) still wraps them. Only
``POST`` on their paths takes this way; every other request (another method on these
paths included) goes through the app as before. ``tests/api/test_inbound_asgi.py``
compares both ways for every status code.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence

from starlette._utils import get_route_path
from starlette.applications import Starlette
from starlette.datastructures import URL
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import ClientDisconnect
from starlette.routing import BaseRoute, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from wfstudio.api.answers import Answer, answer_to, failure_answer, json_bytes
from wfstudio.api.security import API_HEADERS, SecurityHeaders, require_json
from wfstudio.services.errors import Refused
from wfstudio.services.inbound import MAX_BODY_BYTES, BadRequest

# (the path parameter's value, the channel token, the raw body) -> the 200 reply's JSON
Take = Callable[[str, str, bytes], Awaitable[Mapping[str, object]]]


def token_of(authorization: str, x_wfstudio_token: str) -> str:
    """The token of ``Authorization: Bearer …``, else of ``X-Wfstudio-Token``; "" if none."""
    scheme, _, value = authorization.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return x_wfstudio_token.strip()


async def receive_body(receive: Receive, declared: str, limit: int = MAX_BODY_BYTES) -> bytes:
    """The request body, refused once it grows past ``limit`` bytes (never read whole);
    ``declared``: the Content-Length header ("" if none)."""
    if declared.isdigit() and int(declared) > limit:
        raise BadRequest(f"The body is larger than {limit // 1024} KB.")
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.request":
            chunk = message.get("body", b"")
            if chunk:
                size += len(chunk)
                if size > limit:
                    raise BadRequest(f"The body is larger than {limit // 1024} KB.")
                chunks.append(chunk)
            if not message.get("more_body", False):
                return chunks[0] if len(chunks) == 1 else b"".join(chunks)
        elif message["type"] == "http.disconnect":
            raise ClientDisconnect()


def rendered(answer: Answer, vary_origin: bool = False) -> tuple[Message, Message]:
    """The ASGI messages of ``JSONResponse(content, status, headers)``; with
    ``vary_origin``, as they leave Starlette's CORS middleware for a request without an
    ``Origin`` header (``Vary: Origin`` added last). The protective headers of
    :mod:`.security` follow Content-Type."""
    body = json_bytes(answer.content)
    headers = [
        (k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in answer.headers.items()
    ]
    headers.append((b"content-length", str(len(body)).encode("latin-1")))
    headers.append((b"content-type", b"application/json"))
    headers.extend(API_HEADERS)
    if vary_origin:
        headers.append((b"vary", b"Origin"))
    start: Message = {"type": "http.response.start", "status": answer.status, "headers": headers}
    return start, {"type": "http.response.body", "body": body}


class InboundEndpoint:
    """One inbound endpoint as a plain ASGI app (a Starlette ``Route`` takes it as it is).

    Refuses a body not sent as JSON (415); reads the first ``Authorization``,
    ``X-Wfstudio-Token`` and ``Content-Length`` headers and the body, hands them to ``take`` with the path parameter ``param``, and answers
    its result as 200 JSON, a refusal with its status code, anything else as a logged 500.
    """

    def __init__(self, param: str, take: Take) -> None:
        self.param = param
        self.take = take

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.serve(scope, receive, send, first_headers(scope))

    async def serve(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        first: Mapping[bytes, bytes],
        vary_origin: bool = False,
    ) -> None:
        """Answer the request; ``first``: its headers (the first of each name)."""
        try:
            require_json(first.get(b"content-type", b"").decode("latin-1"))
            token = token_of(
                first.get(b"authorization", b"").decode("latin-1"),
                first.get(b"x-wfstudio-token", b"").decode("latin-1"),
            )
            body = await receive_body(receive, first.get(b"content-length", b"").decode("latin-1"))
            content = await self.take(scope["path_params"][self.param], token, body)
            start, end = rendered(Answer(200, content), vary_origin)  # may fail: a 500 then
        except Refused as refused:
            start, end = rendered(answer_to(refused), vary_origin)
        except Exception:
            start, end = rendered(
                failure_answer(scope["method"], URL(scope=scope).path), vary_origin
            )
        await send(start)
        await send(end)


def first_headers(scope: Scope) -> dict[bytes, bytes]:
    """The request's headers by name, the first of each name (as Starlette's
    ``Headers.get`` reads them)."""
    headers = scope["headers"]
    return dict(reversed(headers if isinstance(headers, list) else list(headers)))


async def _endpoint_of_scope(scope: Scope, receive: Receive, send: Send) -> None:
    await scope["endpoint"](scope, receive, send)


class InboundFirstApi(Starlette):
    """A Starlette app that serves ``POST`` on its :class:`InboundEndpoint` routes itself,
    before its routing (none of its other routes matches their paths), with only the
    middleware added to it (``add_middleware``) around them.

    When that middleware is Starlette's CORS alone (what Reflex adds) and the request has
    no ``Origin`` header, its one effect (``Vary: Origin`` on the reply) is applied
    directly; a request with an ``Origin`` goes through the middleware itself. Their replies
    carry the protective headers of :mod:`.security` (:func:`rendered` adds them); every
    other request goes through :class:`~wfstudio.api.security.SecurityHeaders`."""

    def __init__(self, routes: Sequence[BaseRoute]) -> None:
        super().__init__(routes=routes)
        self._inbound: list[tuple[Route, InboundEndpoint]] = [
            (route, route.endpoint)
            for route in routes
            if isinstance(route, Route)
            and isinstance(route.endpoint, InboundEndpoint)
            and route.methods == {"POST"}
        ]
        self._inbound_stack: ASGIApp | None = None
        self._cors_only = False
        # Every other request (pages, assets, Reflex's routes and websocket included) gets
        # the protective headers here, outside all middleware (its 500s included).
        self._secured = SecurityHeaders(super().__call__)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "POST":
            path = get_route_path(scope)
            for route, endpoint in self._inbound:
                match = route.path_regex.match(path)
                if match is not None:
                    convert = route.param_convertors
                    params = {key: convert[key].convert(v) for key, v in match.groupdict().items()}
                    scope["app"] = self
                    scope["endpoint"] = endpoint
                    scope["path_params"] = {**scope.get("path_params", {}), **params}
                    await self._serve(endpoint, scope, receive, send)
                    return
        await self._secured(scope, receive, send)

    async def _serve(
        self, endpoint: InboundEndpoint, scope: Scope, receive: Receive, send: Send
    ) -> None:
        if self._inbound_stack is None:  # the first request: all middleware is added by now
            self._inbound_stack = self._middleware_around(_endpoint_of_scope)
            middleware = self.user_middleware
            self._cors_only = len(middleware) == 1 and middleware[0].cls is CORSMiddleware
        if not self.user_middleware:
            await endpoint(scope, receive, send)
            return
        first = first_headers(scope)
        if self._cors_only and b"origin" not in first:
            await endpoint.serve(scope, receive, send, first, vary_origin=True)
        else:
            await self._inbound_stack(scope, receive, send)

    def _middleware_around(self, app: ASGIApp) -> ASGIApp:
        for cls, args, kwargs in reversed(self.user_middleware):
            app = cls(app, *args, **kwargs)
        return app
