"""The Messages module end to end: live messages, the exit conditions an agent's actions
fire, Stop for a contact, and text that stays text.

The module publishes its small shortcut workflows into the session's app and stops them at
the end (a second app from the same worktree would rebuild the shared frontend for its own
port, breaking the session's app).
"""

from __future__ import annotations

import json
import re
import secrets
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Dialog, Locator, Page, expect

from tests.e2e.conftest import AGENT, MANAGER, SignInAs, demo_user
from wfstudio.domain.definition import Settings, Step, Trigger, WorkflowDefinition
from wfstudio.services import workflows, workspace
from wfstudio.services.database import Engine, open_database

SHOTS = Path(__file__).resolve().parents[2] / "screenshots"
XSS = "<img src=x onerror=alert(1)>"
RESTRICTED = demo_user("diego@acme.test")  # made a restricted agent, without the permission


@pytest.fixture(scope="module")
def inbox_url(app_url: str, app_data: Path) -> Iterator[str]:
    """The session's app, with this module's workflows published and Diego restricted;
    at the end the workflows are stopped and Diego is unrestricted again."""
    engine = open_database(f"sqlite:///{app_data / 'wfstudio.db'}")
    workspace_id = workspace.default_workspace_id(engine)
    assert workspace_id is not None
    published = [
        _publish(engine, workspace_id, "Reply exit", exit_on=("outgoing_message",)),
        _publish(engine, workspace_id, "Assignment exit", exit_on=("manual_assignment",)),
        _publish(engine, workspace_id, "Stop allowed", allow_stop=True),
        _publish(engine, workspace_id, "Stop not allowed"),
    ]
    [diego] = [
        u
        for u in workspace.workspace_choices(engine, workspace_id=workspace_id).users
        if u.email == RESTRICTED.email
    ]
    workspace.update_user(engine, workspace_id=workspace_id, key=diego.key, restricted=True)
    try:
        yield app_url
    finally:
        workspace.update_user(engine, workspace_id=workspace_id, key=diego.key, restricted=False)
        # Stopped, not deleted: SQLite would give the next published version a deleted
        # version's id, and the app's runtime caches definitions by version id.
        for workflow_id in published:
            workflows.stop_workflow(engine, workflow_id=workflow_id)
        engine.dispose()


@pytest.fixture(autouse=True)
def _patient_expect() -> Iterator[None]:
    """Changes made by the server (a workflow's step, the live poll) may take a few seconds
    on a busy machine: this module's expectations wait up to 15 s."""
    expect.set_options(timeout=15_000)
    yield
    expect.set_options(timeout=5_000)


@pytest.fixture
def signed_in(sign_in_as: SignInAs, inbox_url: str) -> SignInAs:
    """Sign a demo user in (a fresh context of their own), once this module's data is in."""
    return sign_in_as


def _publish(
    engine: Engine,
    workspace_id: int,
    name: str,
    *,
    exit_on: tuple[str, ...] = (),
    allow_stop: bool = False,
) -> int:
    """A shortcut workflow: Send a Message, then Ask a Question (it waits a day)."""
    definition = WorkflowDefinition(
        name=name,
        trigger=Trigger(kind="shortcut", config={"name": name, "icon": "zap"}, next="hello"),
        steps=(
            Step(
                id="hello",
                kind="send_message",
                name="Greet",
                config={"text": f"{name}: hello from the workflow"},
                next={"success": "ask"},
            ),
            Step(
                id="ask",
                kind="ask_question",
                name="Ask for the order number",
                config={"text": "What is your order number?", "timeout_seconds": 86400},
            ),
        ),
    )
    view = workflows.create_workflow(engine, workspace_id=workspace_id, actor_id=None, name=name)
    workflows.save_draft(
        engine, workflow_id=view.id, definition=definition, expected_revision=view.revision
    )
    workflows.update_settings(
        engine,
        workflow_id=view.id,
        settings=Settings.model_validate(
            {"exit_on": exit_on, "allow_stop_for_contact": allow_stop}
        ),
    )
    workflows.publish_workflow(engine, workflow_id=view.id, actor_id=None)
    return view.id


def _post_message(url: str, data: Path, contact_id: str, name: str, text: str) -> None:
    """A contact writes through the custom channel's REST API."""
    engine = open_database(f"sqlite:///{data / 'wfstudio.db'}")
    workspace_id = workspace.default_workspace_id(engine)
    assert workspace_id is not None
    [custom] = [
        c for c in workspace.list_channels(engine, workspace_id=workspace_id) if c.key == "custom"
    ]
    engine.dispose()
    request = urllib.request.Request(
        f"{url}/api/channels/custom/messages",
        data=json.dumps({"contact": {"id": contact_id, "name": name}, "text": text}).encode(),
        headers={
            "Authorization": f"Bearer {custom.secret_token}",
            "Content-Type": "application/json",
        },
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 200


# --- page helpers ---------------------------------------------------------------------------


def _open_inbox(page: Page, url: str) -> None:
    """Messages through the side navigation (a client-side move: no reload)."""
    if not page.url.endswith("/messages"):
        page.get_by_test_id("nav-messages").click()
        expect(page).to_have_url(f"{url}/messages")
    expect(page.get_by_test_id("conversation-row").first).to_be_visible(timeout=30_000)


def _open_contact(page: Page, name: str) -> None:
    page.get_by_test_id("conversation-row").filter(has_text=name).click()
    expect(page.get_by_test_id("conversation-name")).to_have_text(name)


def _run_shortcut(page: Page, name: str) -> None:
    page.get_by_test_id("shortcuts-open").click()
    page.get_by_role("menuitem", name=name, exact=True).click()
    page.get_by_test_id("shortcut-run").click()
    expect(page.get_by_test_id("thread")).to_contain_text(f"{name}: hello from the workflow")


def _workflow_row(page: Page, name: str) -> Locator:
    page.get_by_test_id("workflows-icon").click()
    return page.get_by_test_id("ongoing-workflow").filter(has_text=name)


# --- the tests ------------------------------------------------------------------------------


def test_a_contact_writes_in_the_chat_page_and_the_agent_sees_it_live(
    signed_in: SignInAs, inbox_url: str, browser: Browser
) -> None:
    marker = secrets.token_hex(3)
    agent = signed_in(AGENT)
    _open_inbox(agent, inbox_url)
    rows = agent.get_by_test_id("conversation-row")
    expect(rows.filter(has_text=marker)).to_have_count(0)
    before = rows.count()
    # the contact: nobody signed in, on the web chat channel's public page
    visitor = browser.new_context(viewport={"width": 1440, "height": 900}).new_page()
    visitor.goto(f"{inbox_url}/chat/web-chat")
    expect(visitor.get_by_text("Say hello to start.")).to_be_visible()  # the page is live
    visitor.get_by_test_id("chat-input").fill(f"Is anyone there? {marker}")
    visitor.get_by_test_id("chat-send").click()
    expect(visitor.get_by_test_id("chat-mine").filter(has_text=marker)).to_have_count(1)
    # no reload: the list is live. The new contact's row comes first; its preview may
    # already be a published workflow's reply rather than the marker.
    expect(rows).to_have_count(before + 1)
    rows.first.click()
    expect(agent.get_by_test_id("thread")).to_contain_text(f"Is anyone there? {marker}")
    visitor.get_by_test_id("chat-input").fill(f"Hello again {marker}")
    visitor.get_by_test_id("chat-send").click()
    expect(agent.get_by_test_id("thread-message").last).to_contain_text(f"Hello again {marker}")
    # and the other way: the agent's reply reaches the chat page
    agent.get_by_test_id("composer-text").fill(f"Hi, Alice here {marker}")
    agent.get_by_test_id("composer-send").click()
    expect(visitor.get_by_text(f"Hi, Alice here {marker}")).to_be_visible()
    visitor.context.close()


def test_a_reply_ends_the_workflow_that_exits_on_it_but_its_own_message_does_not(
    signed_in: SignInAs, inbox_url: str
) -> None:
    page = signed_in(MANAGER)
    _open_inbox(page, inbox_url)
    _open_contact(page, "Yuki Tanaka")
    _run_shortcut(page, "Reply exit")
    row = _workflow_row(page, "Reply exit")
    # the workflow's own Send a Message did not end it: it waits at its question
    expect(row).to_have_attribute("data-ongoing", "true")
    expect(row).to_contain_text("Ask for the order number")
    page.get_by_test_id("composer-text").fill("Hi Yuki, Max here")
    page.get_by_test_id("composer-send").click()
    expect(page.get_by_test_id("thread")).to_contain_text("Hi Yuki, Max here")
    expect(row).to_have_attribute("data-ongoing", "false")
    expect(page.get_by_test_id("thread-event").last).to_contain_text(
        "Workflow “Reply exit” ended (exit condition: outgoing message)"
    )


def test_a_manual_assignment_ends_the_workflow_that_exits_on_it(
    signed_in: SignInAs, inbox_url: str
) -> None:
    page = signed_in(MANAGER)
    _open_inbox(page, inbox_url)
    _open_contact(page, "Emma Wilson")
    _run_shortcut(page, "Assignment exit")
    row = _workflow_row(page, "Assignment exit")
    expect(row).to_have_attribute("data-ongoing", "true")
    page.get_by_test_id("assign-open").click()
    page.get_by_test_id("assign-user").click()
    page.get_by_role("option", name="Ben Brooks").click()
    page.get_by_test_id("assign-save").click()
    expect(page.get_by_test_id("conversation-assignee")).to_contain_text("Ben Brooks")
    expect(row).to_have_attribute("data-ongoing", "false")
    expect(page.get_by_test_id("thread")).to_contain_text("assigned the contact to Ben Brooks")


def test_stop_is_offered_only_where_the_workflow_allows_it_and_works(
    signed_in: SignInAs, inbox_url: str
) -> None:
    page = signed_in(AGENT)
    _open_inbox(page, inbox_url)
    _open_contact(page, "Lucas Martin")
    _run_shortcut(page, "Stop allowed")
    _run_shortcut(page, "Stop not allowed")
    stoppable = _workflow_row(page, "Stop allowed")
    locked = _workflow_row(page, "Stop not allowed")
    expect(stoppable).to_have_attribute("data-ongoing", "true")
    expect(locked).to_have_attribute("data-ongoing", "true")
    expect(locked.get_by_test_id("stop-workflow")).to_have_count(0)
    # a workflow the contact is not in offers no Stop either
    expect(
        page.get_by_test_id("ongoing-workflow")
        .filter(has_text="Reply exit")
        .get_by_test_id("stop-workflow")
    ).to_have_count(0)
    stoppable.get_by_test_id("stop-workflow").click()
    expect(stoppable).to_have_attribute("data-ongoing", "false")
    expect(locked).to_have_attribute("data-ongoing", "true")
    expect(page.get_by_test_id("thread")).to_contain_text(
        re.compile("Workflow “Stop allowed” was stopped for this contact")
    )


def test_a_message_that_looks_like_html_shows_as_text(
    signed_in: SignInAs, inbox_url: str, app_data: Path
) -> None:
    page = signed_in(AGENT)
    dialogs: list[str] = []

    def seen(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", seen)
    _post_message(inbox_url, app_data, "xss-1", "Mallory", XSS)
    _open_inbox(page, inbox_url)
    expect(page.get_by_test_id("conversation-row").filter(has_text="Mallory")).to_contain_text(XSS)
    _open_contact(page, "Mallory")
    message = page.get_by_test_id("thread-message").filter(has_text=XSS)
    expect(message).to_have_count(1)
    expect(page.get_by_test_id("thread").locator("img")).to_have_count(0)
    assert dialogs == []


def test_a_restricted_agent_does_not_see_the_workflows_icon(
    signed_in: SignInAs, inbox_url: str
) -> None:
    page = signed_in(RESTRICTED)
    expect(page).to_have_url(re.compile(r"/messages$"))
    _open_inbox(page, inbox_url)
    _open_contact(page, "Lucas Martin")
    expect(page.get_by_test_id("contact-panel")).to_be_visible()
    expect(page.get_by_test_id("workflows-icon")).to_have_count(0)
    expect(page.get_by_test_id("tab-workflows")).to_have_count(0)
    # an unrestricted agent does see it
    other = signed_in(AGENT)
    _open_inbox(other, inbox_url)
    _open_contact(other, "Lucas Martin")
    expect(other.get_by_test_id("workflows-icon")).to_be_visible()


def test_screenshots_of_the_inbox(signed_in: SignInAs, inbox_url: str) -> None:
    page = signed_in(MANAGER)
    _open_inbox(page, inbox_url)
    _open_contact(page, "Lucas Martin")
    page.get_by_test_id("composer-comment").click()
    page.get_by_test_id("composer-text").fill("Lucas prefers French: Chloe can take this one.")
    page.get_by_test_id("composer-send").click()
    expect(page.get_by_test_id("thread-comment").last).to_contain_text("Chloe can take this one")
    page.get_by_test_id("composer-reply").click()
    page.get_by_test_id("tab-contact").click()
    page.screenshot(path=str(SHOTS / "messages-conversation.png"))
    page.get_by_test_id("workflows-icon").click()
    expect(page.get_by_test_id("ongoing-workflows")).to_be_visible()
    page.screenshot(path=str(SHOTS / "messages-ongoing-workflows.png"))


def test_enter_sends_a_reply_and_shift_enter_starts_a_new_line(
    signed_in: SignInAs, inbox_url: str
) -> None:
    page = signed_in(MANAGER)
    _open_inbox(page, inbox_url)
    _open_contact(page, "Mateo García")
    box = page.get_by_test_id("composer-text")
    box.click()
    box.press_sequentially("First line")
    box.press("Shift+Enter")
    box.press_sequentially("second line")
    expect(box).to_have_value("First line\nsecond line")
    box.press("Enter")
    expect(page.get_by_test_id("thread-message").last).to_contain_text("First line\nsecond line")
    expect(box).to_have_value("")
