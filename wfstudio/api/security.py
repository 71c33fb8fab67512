"""What every reply of the app carries for the browser's protection, which origins may use
the app from another site, and the JSON endpoints' Content-Type rule.

The API app (:class:`~wfstudio.api.inbound_asgi.InboundFirstApi`) is the ``api_transformer``
Reflex mounts its own app under, and in production (``reflex run --env prod`` with one
port) Reflex's app serves the built pages too (``get_frontend_mount``): every page, asset,
API reply and Reflex route passes through it, and it wraps them in :class:`SecurityHeaders`.

* Pages: ``Content-Security-Policy`` :data:`PAGE_CSP`. Reflex's build needs
  ``'unsafe-inline'`` scripts (the theme and router-hydration scripts inlined in each page)
  and ``'unsafe-eval'`` (``rx.call_script`` and ``rx.set_value`` run JavaScript through
  ``eval``); styles are inline (Emotion, React Flow). Everything else is this origin only,
  and no site may frame the app.
* API replies: :data:`API_CSP` (a JSON reply loads nothing and is never framed).
* Both: ``X-Content-Type-Options: nosniff``, ``Referrer-Policy: no-referrer`` (the test and
  web chat links carry their code in the path), ``X-Frame-Options: DENY`` (for browsers
  without ``frame-ancestors``).

Origins (:mod:`.origins`): by default only the app's own; ``$WFSTUDIO_CORS_ORIGINS``
lists others. Reflex's default was ``*``: any site's script could read the API's replies
(with credentials) and open the event websocket. Here a websocket from an origin that is
neither the app's own (its ``Host``) nor listed is refused with 403 before Reflex sees it.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from wfstudio.api.origins import cors_origins
from wfstudio.domain.text import excerpt
from wfstudio.services.errors import Refused

PAGE_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)
API_CSP = "default-src 'none'; frame-ancestors 'none'"
_COMMON: list[tuple[bytes, bytes]] = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]
API_HEADERS: list[tuple[bytes, bytes]] = [
    (b"content-security-policy", API_CSP.encode()),
    *_COMMON,
]
PAGE_HEADERS: list[tuple[bytes, bytes]] = [
    (b"content-security-policy", PAGE_CSP.encode()),
    *_COMMON,
]
_NAMES = {name for name, _ in API_HEADERS}


def headers_for(path: str) -> list[tuple[bytes, bytes]]:
    """The protective headers of a reply to ``path``."""
    return API_HEADERS if path.startswith("/api/") else PAGE_HEADERS


class UnsupportedMediaType(Refused):
    """A JSON endpoint got a body of another type (HTTP 415)."""


def require_json(content_type: str) -> None:
    """Refuse a body not declared as JSON (``application/json``, or ``application/*+json``;
    parameters such as ``charset`` are allowed).

    Raises:
        UnsupportedMediaType: naming the header and what it said.
    """
    media = content_type.split(";", 1)[0].strip().lower()
    if media == "application/json" or (
        media.startswith("application/") and media.endswith("+json")
    ):
        return
    got = f"“{excerpt(content_type)}”" if content_type.strip() else "none"
    raise UnsupportedMediaType(
        f"The body must be JSON sent with “Content-Type: application/json” (Content-Type: {got})."
    )


def _header(scope: Scope, name: bytes) -> str:
    for key, value in scope.get("headers", ()):
        if key == name:
            return bytes(value).decode("latin-1")
    return ""


def same_or_allowed_origin(scope: Scope, extra: Iterable[str]) -> bool:
    """Whether the request's ``Origin`` (if any) is the app's own (its ``Host``) or listed."""
    origin = _header(scope, b"origin")
    if not origin or origin in extra:
        return True
    return urlsplit(origin).netloc.lower() == _header(scope, b"host").lower()


class SecurityHeaders:
    """ASGI middleware: adds the protective headers a reply lacks (by path), and refuses a
    websocket opened from a page of another origin (403, before the app sees it)."""

    def __init__(self, app: ASGIApp, origins: Iterable[str] | None = None) -> None:
        self.app = app
        self.origins = frozenset(cors_origins() if origins is None else origins)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket" and not same_or_allowed_origin(scope, self.origins):
            await send({"type": "websocket.close", "code": 1008})
            return
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = headers_for(scope["path"])

        async def send_secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", ()))
                present = {key.lower() for key, _ in headers} & _NAMES
                headers.extend(item for item in extra if item[0] not in present)
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_secured)
