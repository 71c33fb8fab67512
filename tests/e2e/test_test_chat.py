"""The Test Workflow dialog and the test chat: a template run end to end, skip wait,
End Testing invalidating the code, and Trigger Another Workflow followed in the chat. Screenshots: screenshots/test-dialog.png,
screenshots/test-chat.png and screenshots/test-chat-ended.png (1440×900)."""

from __future__ import annotations

import re
import secrets
from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from wfstudio.domain.codec import dump
from wfstudio.domain.definition import Step, Trigger, WorkflowDefinition
from wfstudio.services import transfer, workspace
from wfstudio.services.database import open_database

SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"


def _import(app_data: Path, definition: WorkflowDefinition) -> int:
    engine = open_database(f"sqlite:///{app_data / 'wfstudio.db'}")
    workspace_id = workspace.default_workspace_id(engine)
    assert workspace_id is not None
    return transfer.import_workflow(
        engine, workspace_id=workspace_id, actor_id=None, data=dump(definition)
    ).workflow.id


def _start_test(page: Page) -> tuple[str, str]:
    """Test → Next in the builder; returns the code and the chat link."""
    page.get_by_test_id("builder-test").click()
    dialog = page.get_by_test_id("test-dialog")
    expect(dialog).to_be_visible()
    page.get_by_test_id("test-next").click()
    expect(page.get_by_test_id("test-qr")).to_be_visible()
    code = page.get_by_test_id("test-code").inner_text()
    assert re.fullmatch(r"TEST\d{4}", code), code
    link = page.get_by_test_id("test-link").get_attribute("href")
    assert link is not None and link.endswith(f"/test/{code}")
    return code, link


def _say(chat: Page, text: str) -> None:
    chat.get_by_test_id("chat-input").fill(text)
    chat.get_by_test_id("chat-send").click()
    expect(chat.get_by_test_id("chat-mine").filter(has_text=text).last).to_be_visible()


def test_a_template_runs_in_the_test_chat(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/templates")
    page.get_by_test_id("use-welcome-message-and-ask-for-email").click()
    expect(page).to_have_url(re.compile(r"/workflows/\d+$"))
    # This template needs nothing of the workspace: no step is red, so Test is enabled.
    expect(page.get_by_test_id("issues-indicator")).to_have_count(0)
    page.get_by_test_id("builder-save").click()
    expect(page.get_by_text("Saved.")).to_be_visible()

    page.get_by_test_id("builder-test").click()
    expect(page.get_by_test_id("test-channel")).to_contain_text("Website chat")
    page.get_by_text("Trigger variables (optional)").click()
    expect(page.get_by_test_id("test-variable")).to_have_count(2)
    page.get_by_test_id("test-next").click()
    expect(page.get_by_test_id("test-qr")).to_be_visible()
    code = page.get_by_test_id("test-code").inner_text()
    with page.context.expect_page() as opened:
        page.get_by_test_id("test-link").click()
    chat = opened.value
    expect(chat).to_have_url(re.compile(rf"/test/{code}$"))

    _say(chat, code)
    expect(chat.get_by_text("Thanks for getting in touch", exact=False)).to_be_visible()
    expect(chat.get_by_text("could you share your email address", exact=False)).to_be_visible()
    _say(chat, "not an email")
    expect(chat.get_by_text("doesn't look like a valid email", exact=False)).to_be_visible()
    _say(chat, "ana@example.com")
    expect(chat.get_by_text("We've saved your email address.")).to_be_visible()
    expect(chat.get_by_test_id("test-contact")).to_contain_text("ana@example.com")
    expect(chat.get_by_test_id("test-status")).to_contain_text("Finished: completed")
    chat.screenshot(path=str(SCREENSHOTS / "test-chat.png"))

    # The builder follows the test contact in the dialog while it is open.
    expect(page.get_by_test_id("test-run-status")).to_contain_text("Finished: completed")


def test_skip_wait_fast_forwards_a_wait_step(page: Page, app_url: str, app_data: Path) -> None:
    definition = WorkflowDefinition(
        name=f"Wait test {secrets.token_hex(3)}",
        trigger=Trigger(kind="manual", next="before"),
        steps=(
            Step(
                id="before",
                kind="send_message",
                name="Before",
                config={"text": "See you in two days."},
                next={"success": "pause"},
            ),
            Step(
                id="pause",
                kind="wait",
                name="Two days",
                config={"amount": 2, "unit": "days"},
                next={"success": "after"},
            ),
            Step(id="after", kind="send_message", name="After", config={"text": "Two days later!"}),
        ),
    )
    page.goto(f"{app_url}/workflows/{_import(app_data, definition)}")
    code, link = _start_test(page)
    chat = page.context.new_page()
    chat.goto(link)
    _say(chat, code)
    expect(chat.get_by_text("See you in two days.")).to_be_visible()
    expect(chat.get_by_test_id("test-status")).to_contain_text("Waiting at “Two days”")
    expect(page.get_by_test_id("test-run-status")).to_contain_text("Waiting at “Two days”")
    # the builder highlights the step the test contact is at
    expect(page.get_by_test_id("rf__node-pause").get_by_test_id("test-position")).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "test-dialog.png"))
    chat.get_by_test_id("skip-wait").click()
    expect(chat.get_by_text("Two days later!")).to_be_visible()
    expect(chat.get_by_test_id("skip-wait")).to_have_count(0)
    expect(page.get_by_test_id("rf__node-pause").get_by_test_id("test-position")).to_have_count(0)


def test_end_testing_makes_the_code_stop_working(
    page: Page, browser: Browser, app_url: str, app_data: Path
) -> None:
    definition = WorkflowDefinition(
        name=f"End test {secrets.token_hex(3)}",
        trigger=Trigger(kind="conversation_opened", next="hi"),
        steps=(Step(id="hi", kind="send_message", name="Hi", config={"text": "Hello tester"}),),
    )
    page.goto(f"{app_url}/workflows/{_import(app_data, definition)}")
    code, link = _start_test(page)
    phone = browser.new_context(viewport={"width": 1440, "height": 900})  # not signed in
    chat = phone.new_page()
    chat.goto(link)
    _say(chat, code)
    _say(chat, code)  # again and again until End Testing
    expect(chat.get_by_text("Hello tester")).to_have_count(2)

    page.get_by_test_id("test-end").click()
    expect(page.get_by_test_id("test-dialog")).to_have_count(0)
    expect(page.get_by_text("the code no longer works", exact=False)).to_be_visible()
    expect(chat.get_by_test_id("test-ended")).to_be_visible()  # the open page notices
    # the side panel says so too, rather than where the last run stood
    expect(chat.get_by_test_id("test-status")).to_have_text(
        "This test has ended: testing was ended in the builder."
    )
    expect(chat.get_by_text("no longer works: open Test Workflow")).to_be_visible()
    chat.screenshot(path=str(SCREENSHOTS / "test-chat-ended.png"))
    chat.reload()
    expect(chat.get_by_test_id("test-ended")).to_contain_text("This code no longer works")
    expect(chat.get_by_test_id("chat-input")).to_have_count(0)
    phone.close()


def _import_view(app_data: Path, definition: WorkflowDefinition) -> tuple[int, str]:
    engine = open_database(f"sqlite:///{app_data / 'wfstudio.db'}")
    workspace_id = workspace.default_workspace_id(engine)
    assert workspace_id is not None
    view = transfer.import_workflow(
        engine, workspace_id=workspace_id, actor_id=None, data=dump(definition)
    ).workflow
    return view.id, view.key


def test_the_test_chat_follows_trigger_another_workflow(
    page: Page, app_url: str, app_data: Path
) -> None:
    tag = secrets.token_hex(3)
    sub = WorkflowDefinition(
        name=f"Sub menu {tag}",
        trigger=Trigger(kind="manual", next="faq"),
        steps=(
            Step(
                id="faq",
                kind="send_message",
                name="FAQ",
                config={"text": "Welcome to the sub menu."},
            ),
        ),
    )
    _, sub_key = _import_view(app_data, sub)
    main = WorkflowDefinition(
        name=f"Main menu {tag}",
        trigger=Trigger(kind="manual", next="menu"),
        steps=(
            Step(
                id="menu",
                kind="ask_question",
                name="Menu",
                config={
                    "text": "Pick one",
                    "question_type": "multiple_choice",
                    "options": [{"text": "Sub menu"}, {"text": "Nothing"}],
                },
                next={"option_1": "go"},
            ),
            Step(id="go", kind="trigger_workflow", name="Go", config={"workflow": sub_key}),
        ),
    )
    main_id, _ = _import_view(app_data, main)
    page.goto(f"{app_url}/workflows/{main_id}")
    code, link = _start_test(page)
    chat = page.context.new_page()
    chat.goto(link)
    _say(chat, code)
    expect(chat.get_by_text("Pick one")).to_be_visible()
    _say(chat, "Sub menu")
    expect(chat.get_by_text("Welcome to the sub menu.")).to_be_visible()
