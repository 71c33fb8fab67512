"""The real app (``reflex run --env prod``) takes a custom channel's message over HTTP on
loopback, its workflow's reply reaches the channel's outbound URL, and the lifespan's
wake worker fires a wait. Marked e2e: it builds and starts the app (about 15 s)."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime
from pathlib import Path

import aiohttp
import pytest
from sqlmodel import select

from tests.e2e.conftest import running_app
from tests.runtime.servers import RecordingServer
from tests.runtime.test_scenarios import say, step
from wfstudio.api.security import API_CSP, PAGE_CSP
from wfstudio.domain.definition import Trigger, WorkflowDefinition
from wfstudio.services import workflows
from wfstudio.store.db import make_engine, migrate, session_scope
from wfstudio.store.tables import Channel, User, Workspace

TOKEN = "live-app-token"


def seed(data: Path) -> str:
    """A workspace with a custom channel and a published workflow; the database URL."""
    url = f"sqlite:///{data / 'wfstudio.db'}"
    engine = make_engine(url)
    migrate(engine)
    now = datetime.now(UTC)
    with session_scope(engine) as session:
        workspace = Workspace(name="Live", created_at=now)
        session.add(workspace)
        session.flush()
        owner = User(workspace_id=workspace.id or 0, key="o", name="O", email="o@live.test")
        channel = Channel(
            workspace_id=workspace.id or 0,
            key="app",
            kind="custom_channel",
            name="App",
            secret_token=TOKEN,
            config={"outbound_url": ""},
        )
        session.add_all([owner, channel])
        session.flush()
        workspace_id, owner_id = workspace.id or 0, owner.id
    draft = workflows.create_workflow(
        engine, workspace_id=workspace_id, actor_id=owner_id, name="Greet", now=now
    )
    definition = WorkflowDefinition(
        name="Greet",
        trigger=Trigger(kind="conversation_opened", next="hello"),
        steps=(
            say("hello", "Hello $contact.firstname", success="pause"),
            step("pause", "wait", {"success": "later"}, amount=1, unit="seconds"),
            say("later", "Still there?"),
        ),
    )
    workflows.save_draft(
        engine, workflow_id=draft.id, definition=definition, expected_revision=draft.revision
    )
    workflows.publish_workflow(engine, workflow_id=draft.id, actor_id=owner_id)
    engine.dispose()
    return url


def point_channel_at(url: str, outbound_url: str) -> None:
    engine = make_engine(url)
    with session_scope(engine) as session:
        channel = session.exec(select(Channel).where(Channel.key == "app")).one()
        channel.config = {"outbound_url": outbound_url}
        session.add(channel)
    engine.dispose()


@pytest.mark.e2e
def test_the_running_app_takes_a_message_and_its_workflow_replies(tmp_path: Path) -> None:
    database = seed(tmp_path)
    with running_app(tmp_path) as base:

        async def main() -> None:
            async with RecordingServer() as sink, aiohttp.ClientSession() as http:
                point_channel_at(database, sink.url("/out"))
                async with http.post(
                    f"{base}/api/channels/app/messages",
                    json={"contact": {"id": "ana-1", "name": "Ana Lima"}, "text": "hi"},
                    headers={"Authorization": f"Bearer {TOKEN}"},
                ) as reply:
                    assert reply.status == 200, await reply.text()
                    ack = await reply.json()
                # Acknowledged after the burst committed: the greeting has gone out.
                assert [r.json["message"]["text"] for r in sink.requests] == ["Hello Ana"]
                assert ack["contact_created"] is True
                deadline = time.monotonic() + 15
                while len(sink.requests) < 2 and time.monotonic() < deadline:
                    await asyncio.sleep(0.1)  # the lifespan worker fires the 1 s wait
                texts = [r.json["message"]["text"] for r in sink.requests]
                assert texts == ["Hello Ana", "Still there?"]
                async with http.post(
                    f"{base}/api/channels/app/messages", json={"text": "hi"}, headers={}
                ) as refused:
                    assert refused.status == 401
                    # As a Starlette JSONResponse through Reflex's two CORS layers.
                    assert refused.headers["WWW-Authenticate"] == "Bearer"
                    assert refused.headers["Content-Type"] == "application/json"
                    assert refused.headers["Vary"] == "Origin, Origin"
                    assert await refused.read() == (
                        b'{"ok":false,"error":"Unknown channel or wrong token."}'
                    )
                async with http.get(f"{base}/api/channels/app/messages") as wrong_method:
                    assert wrong_method.status == 405  # not a POST: ours, not Reflex's 404
                    assert wrong_method.headers["Allow"] == "POST"
                async with http.get(f"{base}/api/health") as health:
                    assert health.status == 200
                async with http.get(f"{base}/ping") as ping:
                    assert ping.status == 200  # Reflex's own routes still answer
                # The built pages are served by the same ASGI app: protective headers.
                for path, csp in [
                    ("/", PAGE_CSP),
                    ("/sign-in", PAGE_CSP),
                    ("/api/health", API_CSP),
                ]:
                    async with http.get(f"{base}{path}") as page:
                        assert page.status == 200
                        assert page.headers["Content-Security-Policy"] == csp
                        assert page.headers["X-Content-Type-Options"] == "nosniff"
                        assert page.headers["X-Frame-Options"] == "DENY"
                        assert page.headers["Referrer-Policy"] == "no-referrer"
                async with http.post(
                    f"{base}/api/channels/app/messages", data=b"text=hi", headers={}
                ) as form:
                    assert form.status == 415

        asyncio.run(main())
