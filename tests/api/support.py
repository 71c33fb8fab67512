"""Driving the API app in-process: one event loop holds the app, its runtime and a sink."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
from sqlmodel import col, func, select

from tests.runtime.servers import RecordingServer
from tests.runtime.world import World
from wfstudio.api.routes import api_app
from wfstudio.runtime.runner import Runtime
from wfstudio.store.db import session_scope
from wfstudio.store.tables import Channel, Contact, Conversation, Enrollment, Message

TOKEN = "t-custom"  # the world's custom channel
JSON = {"Content-Type": "application/json"}  # what the JSON endpoints require


@dataclass
class Api:
    client: httpx.AsyncClient
    sink: RecordingServer
    runtime: Runtime

    async def say(
        self, body: Any, *, token: str | None = TOKEN, key: str = "custom", raw: bool = False
    ) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
        if raw:
            headers.update(JSON)
            return await self.client.post(
                f"/api/channels/{key}/messages", content=body, headers=headers
            )
        return await self.client.post(f"/api/channels/{key}/messages", json=body, headers=headers)

    def sent_texts(self) -> list[str]:
        return [request.json["message"]["text"] for request in self.sink.requests]


@asynccontextmanager
async def api(world: World) -> AsyncIterator[Api]:
    """The API app on a runtime of ``world`` (its clock), the custom channel posting to a
    recording sink."""
    async with RecordingServer() as sink:
        with session_scope(world.engine) as session:
            channel = session.exec(select(Channel).where(Channel.key == "custom")).one()
            channel.config = {"outbound_url": sink.url("/out")}
            session.add(channel)
        runtime = Runtime(world.engine, clock=world.clock)
        transport = httpx.ASGITransport(app=api_app(lambda: runtime))
        try:
            async with httpx.AsyncClient(transport=transport, base_url="http://wfstudio") as client:
                yield Api(client, sink, runtime)
        finally:
            await runtime.aclose()


def counts(world: World) -> dict[str, int]:
    """Rows that a refused request must not add."""
    with session_scope(world.engine) as session:
        return {
            table.__name__: session.exec(select(func.count(col(table.id)))).one()
            for table in (Contact, Conversation, Message, Enrollment)
        }


def hello(contact_id: str = "u-1", text: str = "hi", **contact: Any) -> dict[str, Any]:
    return {"contact": {"id": contact_id, **contact}, "text": text}
