"""The public chat page of a web chat channel: a visitor writes, a published workflow
replies, and a message sent later (by the runtime, not by the page) appears live."""

from __future__ import annotations

import asyncio
import secrets
import threading
from pathlib import Path

from playwright.sync_api import Browser, expect

from wfstudio.domain.codec import dump
from wfstudio.domain.definition import Step, Trigger, WorkflowDefinition
from wfstudio.runtime.events import ManualTrigger
from wfstudio.runtime.runner import Runtime
from wfstudio.services import transfer, workflows, workspace
from wfstudio.services.database import open_database
from wfstudio.store import repo_hot_inbound
from wfstudio.store.db import Engine, session_scope


def _engine(app_data: Path) -> Engine:
    return open_database(f"sqlite:///{app_data / 'wfstudio.db'}")


def _publish(engine: Engine, definition: WorkflowDefinition) -> tuple[int, str]:
    workspace_id = workspace.default_workspace_id(engine)
    assert workspace_id is not None
    view = transfer.import_workflow(
        engine, workspace_id=workspace_id, actor_id=None, data=dump(definition)
    ).workflow
    workflows.publish_workflow(engine, workflow_id=view.id, actor_id=None)
    return workspace_id, view.key


def _in_another_thread(engine: Engine, event: ManualTrigger) -> None:
    """The runtime acting on its own (as the wake worker or an agent would)."""

    async def main() -> None:
        runtime = Runtime(engine)
        try:
            await runtime.dispatch(event)
        finally:
            await runtime.aclose()

    thread = threading.Thread(target=asyncio.run, args=(main(),))
    thread.start()
    thread.join(30)


def test_a_visitor_chats_with_a_published_workflow(
    browser: Browser, app_url: str, app_data: Path
) -> None:
    engine = _engine(app_data)
    marker = secrets.token_hex(3)
    _publish(
        engine,
        WorkflowDefinition(
            name=f"Web greeting {marker}",
            trigger=Trigger(kind="conversation_opened", next="hi"),
            steps=(
                Step(
                    id="hi",
                    kind="send_message",
                    name="Greet",
                    config={"text": f"Hello from the web chat {marker}"},
                ),
            ),
        ),
    )
    workspace_id, follow_up = _publish(
        engine,
        WorkflowDefinition(
            name=f"Follow-up {marker}",
            trigger=Trigger(kind="manual", next="nudge"),
            steps=(
                Step(
                    id="nudge",
                    kind="send_message",
                    name="Nudge",
                    config={"text": f"Are you still there? {marker}"},
                ),
            ),
        ),
    )

    # A visitor: nobody signed in (a fresh browser context, not the signed-in default).
    visitor = browser.new_context(viewport={"width": 1440, "height": 900})
    page = visitor.new_page()
    page.goto(f"{app_url}/chat/web-chat")
    expect(page.get_by_text("Website chat")).to_be_visible()
    expect(page.get_by_text("Say hello to start.")).to_be_visible()
    page.get_by_test_id("chat-input").fill("Hi there")
    page.get_by_test_id("chat-send").click()
    expect(page.get_by_text(f"Hello from the web chat {marker}")).to_be_visible()

    token = page.evaluate("() => window.localStorage.getItem('wfstudio_visitor')")
    assert isinstance(token, str) and token
    with session_scope(engine) as session:
        contact = repo_hot_inbound.contact_by_external_id(
            session=session, workspace_id=workspace_id, channel_key="web-chat", external_id=token
        )
        assert contact is not None and contact.id is not None
        contact_id = contact.id
    _in_another_thread(engine, ManualTrigger(contact_id=contact_id, workflow_key=follow_up))
    expect(page.get_by_text(f"Are you still there? {marker}")).to_be_visible()

    page.reload()  # the same visitor after a reload
    expect(page.get_by_text(f"Hello from the web chat {marker}")).to_be_visible()
    page.goto(f"{app_url}/chat/no-such-channel")
    expect(page.get_by_test_id("chat-missing")).to_be_visible()
    visitor.close()
