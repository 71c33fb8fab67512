"""The one outbound HTTP client of the runtime: a pooled aiohttp session and a safe request.

Every effect that leaves the process (custom channels, HTTP Request steps, Google Sheets,
AI endpoints) goes through one :class:`HttpClient`, so connections are pooled and kept
alive across steps (DESIGN.md §5: one pooled aiohttp session, measured 2.4× cheaper per
call than httpx here).

Decisions:

* The :class:`aiohttp.ClientSession` is created lazily, on the first request, inside the
  running event loop (aiohttp binds a session to its loop). Using the same client from a
  second loop is a programming error and raises :class:`RuntimeError`; create one client
  per loop (the server has one; each test makes its own).
* :meth:`HttpClient.request` never raises for what the network or the remote server can
  do (refused connection, DNS failure, TLS error, timeout, invalid URL, oversized body):
  it returns an :class:`HttpReply` with ``status`` 0 (or the status already received) and
  ``error`` set to a sentence a user can read in the step log.
* ``timeout_s`` is the total time for the request, reading the body included.
* ``json`` is the parsed body when the response is JSON: its ``Content-Type`` says JSON
  (``application/json``, ``…+json``), or the body starts with ``{`` or ``[`` (servers that
  label a JSON document ``text/plain`` or ``text/html`` are common). A body that does not
  parse gives None.
* Response bodies are capped (10 MiB by default) so one misbehaving API cannot exhaust
  the server's memory; a larger body is an error.
* Proxy variables from the environment are ignored unless ``trust_env=True`` (with a
  proxy, the proxy resolves host names: only its own address and literal IPs are
  checked here, so allow-list the proxy and let it enforce its own rules).
* Requests go only where :mod:`wfstudio.domain.outbound` allows: every URL, the first
  and each redirect hop, is checked before connecting (scheme, userinfo, a host written
  as an IP address, which aiohttp connects to without resolving), and the connector's
  resolver (:class:`GuardedResolver`) drops every resolved address that is not allowed,
  so the address checked is the address connected to (no DNS-rebinding gap; aiohttp
  caches only what the resolver returned). A refusal makes no connection and is an
  :class:`HttpReply` with ``refused`` set. The allow-list is ``WFSTUDIO_OUTBOUND_ALLOW``,
  read on every request unless the client was given one.
* Redirects are followed here, not by aiohttp (at most :data:`MAX_REDIRECTS`), so each
  hop is checked: 303 (and 301/302 after a POST) continue as a GET without body; 307/308
  repeat the method and body; ``Authorization`` and ``Cookie`` headers are dropped when
  the origin changes. ``timeout_s`` covers all hops.
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
import os
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Final

import aiohttp
from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import DefaultResolver
from pydantic import JsonValue
from yarl import URL

from wfstudio.domain.outbound import AllowList, address_problem, allow_list_from, target_problem
from wfstudio.domain.text import parse_json

USER_AGENT: Final = "wfstudio/0.1"
DEFAULT_TIMEOUT_SECONDS: Final = 10.0
DEFAULT_MAX_BODY_BYTES: Final = 10 * 1024 * 1024
MAX_REDIRECTS: Final = 10
REDIRECT_STATUSES: Final = frozenset({301, 302, 303, 307, 308})
_ORIGIN_HEADERS: Final = frozenset({"authorization", "cookie", "proxy-authorization"})
_BODY_HEADERS: Final = frozenset({"content-type", "content-length"})

_NO_JSON: Final[Any] = object()
"""``json_body`` default: None is a valid JSON body (``null``), so it cannot be the default."""


@dataclass(frozen=True)
class HttpReply:
    """What came back: ``status`` 0 and ``error`` set when no response arrived.

    Attributes:
        status: the HTTP status, or 0 when there was no response.
        headers: response headers with lower-case names (repeated headers joined by ``, ``).
        body: the raw response body.
        json: the parsed body when the response is JSON, else None.
        error: why the request failed (network, timeout, body too large), else None. A
            non-2xx status is not an error here: the caller decides what it means.
        refused: the URL or a redirect is not one requests may go to (the outbound
            rules refused it, or it is no valid URL); nothing was sent to it, and sending
            again will not help.
    """

    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    json: JsonValue = None
    error: str | None = None
    refused: bool = False

    @property
    def ok(self) -> bool:
        """A response arrived and its status is 2xx."""
        return self.error is None and 200 <= self.status < 300

    @property
    def text(self) -> str:
        """The body decoded as UTF-8 (undecodable bytes replaced)."""
        return self.body.decode("utf-8", errors="replace")


def deployment_allow_list() -> AllowList:
    """The deployment's outbound allow-list (``WFSTUDIO_OUTBOUND_ALLOW``), read now.

    Raises:
        ValueError: an entry is not a CIDR, an IP address or a host name.
    """
    return allow_list_from(os.environ)


class OutboundRefused(OSError):
    """Raised by :class:`GuardedResolver` when a host resolves to no allowed address (an
    ``OSError``, so aiohttp reports it as the connection's cause, before connecting)."""


class GuardedResolver(AbstractResolver):
    """A resolver that returns only the addresses outbound requests may reach.

    It wraps aiohttp's default resolver; aiohttp connects only to what it returns, so
    the check holds for the address actually connected to.

    Args:
        allow: gives the allow-list to apply (called on every resolution).
        inner: the resolver that does the lookup (aiohttp's default when None).
    """

    def __init__(
        self, allow: Callable[[], AllowList], inner: AbstractResolver | None = None
    ) -> None:
        self._allow = allow
        self._owns_inner = inner is None
        self._inner = inner if inner is not None else DefaultResolver()

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        found = await self._inner.resolve(host, port, family)
        allow = self._allow()
        if allow.allows_host(host):
            return found
        kept: list[ResolveResult] = []
        refusal: str | None = None
        for result in found:
            try:
                address = ipaddress.ip_address(result["host"])
            except ValueError:
                refusal = refusal or f"The host “{host}” resolves to “{result['host']}”."
                continue
            problem = address_problem(address, allow, f"The host “{host}” resolves to")
            if problem is None:
                kept.append(result)
            else:
                refusal = refusal or problem
        if not kept:
            raise OutboundRefused(refusal or f"The host “{host}” resolves to no address.")
        return kept

    async def close(self) -> None:
        if self._owns_inner:
            await self._inner.close()


class HttpClient:
    """One shared, pooled HTTP session for the runtime; close it when the server stops.

    Use as ``async with HttpClient() as client: ...`` or call :meth:`close` yourself.

    Args:
        limit: maximum simultaneous connections in the pool (a server-sized default).
        limit_per_host: maximum simultaneous connections to one host, so that one slow
            endpoint cannot take the whole pool.
        keepalive_s: how long an idle connection is kept for reuse.
        max_body_bytes: largest response body read.
        trust_env: honour ``HTTP(S)_PROXY`` / ``NO_PROXY`` from the environment.
        allow: the outbound allow-list; None reads ``WFSTUDIO_OUTBOUND_ALLOW`` on every
            request (:func:`deployment_allow_list`).
        resolver: looks host names up (aiohttp's default when None); whatever it
            answers is filtered by :class:`GuardedResolver`.
    """

    def __init__(
        self,
        *,
        limit: int = 100,
        limit_per_host: int = 30,
        keepalive_s: float = 30.0,
        max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
        trust_env: bool = False,
        allow: AllowList | None = None,
        resolver: AbstractResolver | None = None,
    ) -> None:
        self._allow = allow
        self._lookup = resolver
        self._limit = limit
        self._limit_per_host = limit_per_host
        self._keepalive_s = keepalive_s
        self._max_body_bytes = max_body_bytes
        self._trust_env = trust_env
        self._session: aiohttp.ClientSession | None = None
        self._resolver: GuardedResolver | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    async def __aenter__(self) -> HttpClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.close()

    def _get_session(self) -> aiohttp.ClientSession:
        loop = asyncio.get_running_loop()
        if self._session is not None and not self._session.closed:
            if loop is not self._loop:
                raise RuntimeError("HttpClient used from a second event loop; make one per loop")
            return self._session
        if self._resolver is None:
            self._resolver = GuardedResolver(self.allow_list, self._lookup)
        connector = aiohttp.TCPConnector(
            limit=self._limit,
            limit_per_host=self._limit_per_host,
            keepalive_timeout=self._keepalive_s,
            ttl_dns_cache=300,
            resolver=self._resolver,
        )
        self._session = aiohttp.ClientSession(
            connector=connector,
            headers={"User-Agent": USER_AGENT},
            trust_env=self._trust_env,
            raise_for_status=False,
            # One pool serves every workspace: a cookie one workspace's target sets must
            # not ride along on another workspace's requests to the same site.
            cookie_jar=aiohttp.DummyCookieJar(),
        )
        self._loop = loop
        return self._session

    def allow_list(self) -> AllowList:
        """The allow-list requests are judged by (the environment's unless one was given).

        Raises:
            ValueError: ``WFSTUDIO_OUTBOUND_ALLOW`` has an entry that is not valid.
        """
        return self._allow if self._allow is not None else deployment_allow_list()

    async def close(self) -> None:
        """Close the session and its connections; the client can be used again afterwards."""
        session, self._session, self._loop = self._session, None, None
        if session is not None and not session.closed:
            await session.close()
        resolver, self._resolver = self._resolver, None
        if resolver is not None:  # a connector does not close a resolver it was given
            await resolver.close()

    async def request(
        self,
        method: str,
        url: str,
        *,
        headers: dict[str, str] | None = None,
        json_body: Any = _NO_JSON,
        data: bytes | str | None = None,
        timeout_s: float = DEFAULT_TIMEOUT_SECONDS,
    ) -> HttpReply:
        """Send one request and read the whole reply; never raises for network trouble.

        Args:
            method: ``GET``, ``POST`` … (any case).
            url: an absolute ``http://`` or ``https://`` URL.
            headers: request headers; ``Content-Type: application/json`` is added for
                ``json_body``.
            json_body: a JSON value to send (serialised compactly); exclusive with ``data``.
            data: a raw body (text is sent as UTF-8).
            timeout_s: total time allowed, connecting and reading the body included.

        Returns:
            The reply; ``status`` 0 and ``error`` set when no usable response arrived.

        Raises:
            ValueError: both ``json_body`` and ``data`` were given (a programming error).
        """
        send_headers = dict(headers or {})
        if json_body is not _NO_JSON:
            if data is not None:
                raise ValueError("give json_body or data, not both")
            data = json.dumps(json_body, separators=(",", ":"), ensure_ascii=False)
            if not any(name.lower() == "content-type" for name in send_headers):
                send_headers["Content-Type"] = "application/json"
        if isinstance(data, str):
            data = data.encode("utf-8")
        try:
            allow = self.allow_list()
        except ValueError as error:  # the deployment's list is wrong: nothing may go out
            return HttpReply(0, error=str(error), refused=True)
        try:
            target = URL(url.strip())
        except ValueError:
            return HttpReply(0, error=f"“{url}” is not a valid http(s) URL.", refused=True)
        session = self._get_session()
        method = method.upper()
        status = 0
        hops = 0
        try:
            async with asyncio.timeout(timeout_s):  # every hop and the body included
                while True:
                    refused = _target_problem(target, allow)
                    if refused is not None:
                        return HttpReply(0, error=_after(hops, target, refused), refused=True)
                    async with session.request(
                        method, target, headers=send_headers, data=data, allow_redirects=False
                    ) as response:
                        status = response.status
                        location = response.headers.get("Location")
                        if status not in REDIRECT_STATUSES or not location:
                            reply_headers = _headers(response)
                            body = await self._read(response)
                            break
                    hops += 1
                    if hops > MAX_REDIRECTS:
                        return HttpReply(status, error=f"More than {MAX_REDIRECTS} redirects.")
                    following = target.join(URL(location))
                    method, data = _redirected_method(status, method, data, send_headers)
                    if _origin(following) != _origin(target):
                        _drop(send_headers, _ORIGIN_HEADERS)
                    target = following
        except TimeoutError:
            return HttpReply(status, error=f"No response within {timeout_s:g} s.")
        except _BodyTooLarge:
            return HttpReply(
                status, error=f"The response is larger than {self._max_body_bytes} bytes."
            )
        except aiohttp.InvalidURL:
            invalid = f"“{target}” is not a valid http(s) URL."
            return HttpReply(0, error=_after(hops, target, invalid))
        except aiohttp.ClientConnectorError as error:
            if isinstance(error.os_error, OutboundRefused):
                return HttpReply(0, error=_after(hops, target, str(error.os_error)), refused=True)
            reason = error.strerror or error.os_error or "connection failed"
            return HttpReply(0, error=f"Cannot connect to {error.host}:{error.port} ({reason}).")
        except (aiohttp.ClientError, OSError, ValueError) as error:
            return HttpReply(status, error=_describe(error))
        return HttpReply(
            status,
            headers=reply_headers,
            body=body,
            json=_parse_json(reply_headers.get("content-type", ""), body),
        )

    async def _read(self, response: aiohttp.ClientResponse) -> bytes:
        length = response.content_length
        if length is not None and length <= self._max_body_bytes:
            return await response.read()  # its size is known and allowed: read it at once
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.content.iter_chunked(64 * 1024):
            size += len(chunk)
            if size > self._max_body_bytes:
                raise _BodyTooLarge
            chunks.append(chunk)
        return b"".join(chunks)


class _BodyTooLarge(Exception):
    pass


def _target_problem(target: URL, allow: AllowList) -> str | None:
    """Why ``target`` (as aiohttp will connect to it) may not be requested, or None."""
    userinfo = target.raw_user is not None or target.raw_password is not None
    return target_problem(target.scheme, target.raw_host, userinfo, allow)


def _after(hops: int, target: URL, error: str) -> str:
    """``error``, saying which redirect led there when ``target`` is not the first URL."""
    if not hops:
        return error
    shown = target.with_user(None).with_query(None).with_fragment(None)
    return f"Redirected to {shown}: {error}"


def _redirected_method(
    status: int, method: str, data: bytes | None, headers: dict[str, str]
) -> tuple[str, bytes | None]:
    """The method and body of the next hop (as browsers and aiohttp do): 303, and 301/302
    after a POST, become a GET without body; 307/308 repeat the request."""
    if (status == 303 and method != "HEAD") or (status in (301, 302) and method == "POST"):
        _drop(headers, _BODY_HEADERS)
        return "GET", None
    return method, data


def _origin(url: URL) -> tuple[str, str | None, int | None]:
    return url.scheme, url.host, url.port  # never raises, unlike URL.origin()


def _drop(headers: dict[str, str], names: frozenset[str]) -> None:
    for name in [name for name in headers if name.lower() in names]:
        del headers[name]


def _headers(response: aiohttp.ClientResponse) -> dict[str, str]:
    found: dict[str, str] = {}
    for name, value in response.headers.items():
        key = name.lower()
        found[key] = f"{found[key]}, {value}" if key in found else value
    return found


def _parse_json(content_type: str, body: bytes) -> JsonValue:
    media = content_type.split(";", 1)[0].strip().lower()
    declared = media == "application/json" or media.endswith("+json")
    if not declared and body.lstrip()[:1] not in (b"{", b"["):
        return None
    try:
        parsed: JsonValue = parse_json(body.decode("utf-8-sig"))  # limits: domain/text.py
    except ValueError:  # includes TextRefused and UnicodeDecodeError
        return None
    return parsed


def _describe(error: BaseException) -> str:
    text = str(error).strip()
    name = type(error).__name__
    return f"{name}: {text}" if text else name
