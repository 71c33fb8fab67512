"""Small real HTTP servers on 127.0.0.1 for runtime tests, recording what they receive.

``async with RecordingServer([Reply(500), Reply(200)]) as server:`` serves the replies in
order (the last one repeats) on a random loopback port and stops on exit;
``server.requests`` lists what arrived. :func:`async_test` lets a test be written as a
coroutine without a pytest plugin.
"""

from __future__ import annotations

import asyncio
import functools
import json
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, ParamSpec

from aiohttp import web

P = ParamSpec("P")


def async_test(test: Callable[P, Coroutine[Any, Any, None]]) -> Callable[P, None]:
    """Run the coroutine test ``test`` in a fresh event loop (its parameters, e.g. from
    ``parametrize``, are passed through)."""

    @functools.wraps(test)
    def run(*args: P.args, **kwargs: P.kwargs) -> None:
        asyncio.run(test(*args, **kwargs))

    return run


@dataclass(frozen=True)
class Reply:
    """A canned response: a JSON document (``json``) or a raw ``text`` body, after ``delay_s``."""

    status: int = 200
    json: Any = None
    text: str | None = None
    content_type: str | None = None
    delay_s: float = 0.0


@dataclass(frozen=True)
class Received:
    """One request as the server saw it (path decoded, query as a dict)."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class RecordingServer:
    replies: Sequence[Reply] = (Reply(),)
    requests: list[Received] = field(default_factory=list)
    _runner: web.AppRunner | None = None
    _port: int = 0

    async def __aenter__(self) -> RecordingServer:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, shutdown_timeout=0.1, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self._port = self._runner.addresses[0][1]
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self._port}{path}"

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._port}"

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        self.requests.append(
            Received(
                method=request.method,
                path=request.path,
                query=dict(request.query),
                headers={name.lower(): value for name, value in request.headers.items()},
                body=await request.read(),
            )
        )
        reply = self.replies[min(len(self.requests), len(self.replies)) - 1]
        if reply.delay_s:
            await asyncio.sleep(reply.delay_s)
        if reply.text is not None:
            return web.Response(
                status=reply.status,
                text=reply.text,
                content_type=reply.content_type or "text/plain",
            )
        if reply.json is not None:
            return web.json_response(reply.json, status=reply.status)
        return web.Response(status=reply.status)
