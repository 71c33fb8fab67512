"""The configuration drawer: edit a step and the trigger, see the canvas summary and ⚠
follow, insert a ``$variable``, add rows, and a published workflow read-only.

Also shoots ``screenshots/drawer.png`` (1440×900, an Ask a Question step selected).
Workflows are seeded through the services on the session app's own database.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
import uuid
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

from wfstudio.domain.codec import dump
from wfstudio.domain.definition import Step, Trigger, WorkflowDefinition
from wfstudio.services import transfer, workflows, workspace
from wfstudio.services.database import open_database

SHOTS = Path(__file__).resolve().parents[2] / "screenshots"


def _seed(
    app_data: Path, *steps: Step, publish: bool = False, trigger: str = "conversation_opened"
) -> int:
    engine = open_database(f"sqlite:///{app_data / 'wfstudio.db'}")
    workspace_id = workspace.default_workspace_id(engine)
    assert workspace_id is not None
    definition = WorkflowDefinition(
        name=f"Drawer {uuid.uuid4().hex[:8]}",
        trigger=Trigger(kind=trigger, next=steps[0].id),
        steps=steps,
    )
    view = transfer.import_workflow(
        engine, workspace_id=workspace_id, actor_id=None, data=dump(definition)
    ).workflow
    if publish:
        workflows.publish_workflow(engine, workflow_id=view.id, actor_id=None)
    return view.id


def _node(page: Page, node_id: str) -> Locator:
    return page.locator(f'[data-testid="canvas-node"][data-node-id="{node_id}"]')


def _choose(page: Page, testid: str, option: str) -> None:
    page.get_by_test_id(testid).click()
    page.get_by_role("option", name=option, exact=True).click()


def _open(page: Page, app_url: str, workflow_id: int, node_id: str) -> Locator:
    page.goto(f"{app_url}/workflows/{workflow_id}")
    _node(page, node_id).click()
    drawer = page.get_by_test_id("drawer")
    expect(drawer).to_be_visible()
    return drawer


HELLO = Step(id="hello", kind="send_message", name="Say hi", config={"text": "Hi!"}, next={})
QUESTION = Step(
    id="ask",
    kind="ask_question",
    name="Ask for a team",
    config={
        "question_type": "multiple_choice",
        "options": [{"text": "Sales", "tag": ""}, {"text": "Support", "tag": ""}],
    },
)


def test_edit_a_question(page: Page, app_url: str, app_data: Path) -> None:
    hello = HELLO.model_copy(update={"next": {"success": "ask"}})
    drawer = _open(page, app_url, _seed(app_data, hello, QUESTION), "ask")
    ask = _node(page, "ask")
    expect(drawer.get_by_test_id("drawer-kind")).to_have_text("Ask a Question")
    expect(drawer.get_by_test_id("drawer-name")).to_have_value("Ask for a team")
    issue = drawer.get_by_test_id("drawer-issue-config.text")
    expect(issue).to_have_text("The question text is required.")
    expect(ask).to_have_attribute("data-error", "true")

    # Typing the question fixes the step: the canvas summary and ⚠ follow.
    drawer.get_by_test_id("drawer-field-text").fill("Hi $contact.firstname, which team")
    expect(ask).to_have_attribute("data-error", "false")
    expect(issue).to_have_count(0)
    expect(ask).to_contain_text("Multiple choice: Hi $contact.firstname, which team")

    # "$ Insert variable" appends the chosen variable.
    drawer.get_by_test_id("drawer-field-text-variables").click()
    page.get_by_test_id("drawer-variable-$assignee.name").click()
    expect(drawer.get_by_test_id("drawer-field-text")).to_have_value(
        "Hi $contact.firstname, which team $assignee.name"
    )

    # A new option is a new branch; empty, it is an error shown under it.
    drawer.get_by_test_id("drawer-options-add").click()
    expect(ask).to_contain_text("Option 3")
    expect(drawer.get_by_test_id("drawer-issue-config.options.2.text")).to_have_text(
        "Option 3 is required."
    )
    expect(ask).to_have_attribute("data-error", "true")
    drawer.get_by_test_id("drawer-field-options-2-text").fill("Billing")
    expect(ask).to_contain_text("Billing")
    expect(ask).to_have_attribute("data-error", "false")

    # The name is edited inline at the top.
    drawer.get_by_test_id("drawer-name").fill("Pick a team")
    expect(ask.get_by_test_id("node-name")).to_have_text("Pick a team")

    drawer.get_by_test_id("drawer-field-timeout_branch").click()
    expect(ask).to_contain_text("Timeout")
    drawer.get_by_test_id("drawer-field-text").fill("Which team can help you?")
    expect(ask).to_contain_text("Which team can help you?")
    drawer.get_by_test_id("drawer-name").scroll_into_view_if_needed()
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "drawer.png"))

    # Switching the question type changes the form and the ports.
    _choose(page, "drawer-field-question_type", "Number")
    expect(drawer.get_by_test_id("drawer-field-min_value")).to_be_visible()
    expect(drawer.get_by_test_id("drawer-options-add")).to_have_count(0)
    expect(ask).to_contain_text("Answered")
    drawer.get_by_test_id("drawer-field-min_value").fill("10")
    drawer.get_by_test_id("drawer-field-max_value").fill("5")
    expect(drawer.get_by_test_id("drawer-issue-config.max_value")).to_contain_text(
        "must not be below the minimum"
    )

    drawer.get_by_test_id("drawer-close").click()
    expect(page.get_by_test_id("drawer")).to_have_count(0)


def test_edit_the_trigger_and_its_conditions(page: Page, app_url: str, app_data: Path) -> None:
    drawer = _open(page, app_url, _seed(app_data, HELLO), "trigger")
    trigger = _node(page, "trigger")
    expect(drawer.get_by_test_id("drawer-kind")).to_have_text("Conversation Opened")
    drawer.get_by_test_id("drawer-field-sources-user").click()
    expect(trigger).to_contain_text("Opened by User")

    drawer.get_by_test_id("drawer-conditions-condition-add").click()
    expect(drawer.get_by_test_id("drawer-issue-conditions.rules.0.field")).to_be_visible()
    expect(trigger).to_have_attribute("data-error", "true")
    _choose(page, "drawer-conditions-rule-0-field", "Email")
    _choose(page, "drawer-conditions-rule-0-operator", "exists")
    expect(drawer.get_by_test_id("drawer-conditions-rule-0-value")).to_have_count(0)
    expect(trigger).to_have_attribute("data-error", "false")

    # Selecting another node loads its form.
    _node(page, "hello").click()
    expect(drawer.get_by_test_id("drawer-kind")).to_have_text("Send a Message")
    expect(drawer.get_by_test_id("drawer-field-text")).to_have_value("Hi!")


def test_a_published_workflow_is_read_only(page: Page, app_url: str, app_data: Path) -> None:
    drawer = _open(page, app_url, _seed(app_data, HELLO, publish=True), "hello")
    expect(drawer.get_by_test_id("drawer-field-text")).to_have_value("Hi!")
    expect(drawer.get_by_test_id("drawer-field-text")).to_be_disabled()
    expect(drawer.get_by_test_id("drawer-name")).to_be_disabled()


def _options(page: Page, testid: str) -> list[str]:
    """The options a select offers (it is left closed)."""
    page.get_by_test_id(testid).click()
    names = page.get_by_role("option").all_inner_texts()
    page.keyboard.press("Escape")
    return [name.strip() for name in names]


def test_condition_operators_follow_the_field(page: Page, app_url: str, app_data: Path) -> None:
    drawer = _open(page, app_url, _seed(app_data, HELLO), "trigger")
    drawer.get_by_test_id("drawer-conditions-condition-add").click()
    operator = "drawer-conditions-rule-0-operator"
    _choose(page, "drawer-conditions-rule-0-field", "Birthday")
    offered = _options(page, operator)
    assert "is before" in offered and "is after" in offered and "contains" not in offered
    _choose(page, operator, "is before")
    drawer.get_by_test_id("drawer-conditions-rule-0-value").fill("today")
    expect(_node(page, "trigger")).to_have_attribute("data-error", "false")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "drawer-condition.png"))

    # A text field has no "is before": the operator goes back to "is equal to".
    _choose(page, "drawer-conditions-rule-0-field", "Company")
    expect(drawer.get_by_test_id(operator)).to_have_text("is equal to")
    assert "is before" not in _options(page, operator)
    _choose(page, "drawer-conditions-rule-0-category", "Tags")
    assert _options(page, operator) == [
        "has any of",
        "has all of",
        "has none of",
        "exists",
        "does not exist",
    ]


def test_a_question_saves_only_to_fields_that_fit(page: Page, app_url: str, app_data: Path) -> None:
    hello = HELLO.model_copy(update={"next": {"success": "ask"}})
    drawer = _open(page, app_url, _seed(app_data, hello, QUESTION), "ask")
    _choose(page, "drawer-field-question_type", "Number")
    drawer.get_by_test_id("drawer-field-save_to_field").click()
    assert _options(page, "drawer-field-field") == ["Order count"]
    _choose(page, "drawer-field-question_type", "Text")
    offered = _options(page, "drawer-field-field")
    assert {"First Name", "Company", "Plan"} <= set(offered)
    assert "Order count" not in offered and "Birthday" not in offered


def test_the_webhook_trigger_shows_its_url(page: Page, app_url: str, app_data: Path) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    drawer = _open(page, app_url, _seed(app_data, HELLO, trigger="incoming_webhook"), "trigger")
    url = drawer.get_by_test_id("drawer-webhook-url")
    expect(url).to_have_value(re.compile(re.escape(f"{app_url}/api/webhooks/") + r"[\w-]{20,}"))
    address = url.input_value()
    drawer.get_by_test_id("drawer-webhook-copy").click()
    expect(page.get_by_text("Webhook URL copied.")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == address
    page.screenshot(path=str(SHOTS / "drawer-webhook.png"))
    # The address is the workflow's: a draft refuses the call (409), a wrong secret is 401.
    request = urllib.request.Request(address, data=b"{}", method="POST")
    request.add_header("Content-Type", "application/json")
    assert _status(request) == 409
    wrong = urllib.request.Request(f"{app_url}/api/webhooks/nope", data=b"{}", method="POST")
    wrong.add_header("Content-Type", "application/json")
    assert _status(wrong) == 401


def _status(request: urllib.request.Request) -> int:
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


def _branch_rule(tag: str) -> dict[str, object]:
    return {"join": "and", "rules": [{"category": "tags", "operator": "exists", "value": None}]}


def test_branches_move_and_clone_and_their_edges_follow(
    page: Page, app_url: str, app_data: Path
) -> None:
    hub = Step(
        id="hub",
        kind="branch",
        name="Route",
        config={"branches": [_branch_rule("a"), _branch_rule("b")]},
        next={"branch_1": "first", "branch_2": "second"},
    )
    first = HELLO.model_copy(update={"id": "first", "name": "First"})
    second = HELLO.model_copy(update={"id": "second", "name": "Second"})
    workflow_id = _seed(app_data, hub, first, second)
    drawer = _open(page, app_url, workflow_id, "hub")
    expect(drawer.get_by_test_id("drawer-branch-0-up")).to_be_disabled()
    expect(drawer.get_by_test_id("drawer-branch-1-down")).to_be_disabled()
    drawer.get_by_test_id("drawer-branch-1-up").click()
    drawer.get_by_test_id("drawer-branch-0-clone").click()
    expect(drawer.get_by_text("Branch 3", exact=True)).to_be_visible()
    expect(_node(page, "hub")).to_contain_text("Branch 3")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Unsaved changes")).to_have_count(0)
    engine = open_database(f"sqlite:///{app_data / 'wfstudio.db'}")
    _, saved = workflows.get_draft(engine, workflow_id=workflow_id)
    step = saved.step("hub")
    assert step is not None
    # Branch 2 ("second") moved up, then its clone was put after it (unconnected).
    assert step.next == {"branch_1": "second", "branch_3": "first"}


def test_options_move_and_the_undo_resyncs_the_drawer(
    page: Page, app_url: str, app_data: Path
) -> None:
    question = QUESTION.model_copy(
        update={"config": {**QUESTION.config, "text": "Which team?"}, "next": {"option_1": "hi"}}
    )
    hi = HELLO.model_copy(update={"id": "hi"})
    drawer = _open(page, app_url, _seed(app_data, question, hi), "ask")
    ask = _node(page, "ask")
    drawer.get_by_test_id("drawer-field-options-1-up").click()
    expect(drawer.get_by_test_id("drawer-field-options-0-text")).to_have_value("Support")
    expect(ask.locator(".wf-port-label").first).to_have_text("Support")
    page.screenshot(path=str(SHOTS / "drawer-reordered.png"))
    # The edge left with "Sales", now the second option.
    expect(page.locator('.react-flow__edge[data-id="ask:option_2"]')).to_have_count(1)
    expect(page.locator('.react-flow__edge[data-id="ask:option_1"]')).to_have_count(0)

    # Undo with the drawer open puts the form back as the definition is again.
    page.keyboard.press("Control+z")
    expect(drawer.get_by_test_id("drawer-field-options-0-text")).to_have_value("Sales")
    expect(page.locator('.react-flow__edge[data-id="ask:option_1"]')).to_have_count(1)
    drawer.get_by_test_id("drawer-field-timeout_branch").click()
    expect(ask).to_contain_text("Timeout")
    page.keyboard.press("Control+z")  # the switch has the focus, not a text box
    expect(ask).not_to_contain_text("Timeout")
    expect(drawer.get_by_test_id("drawer-field-timeout_branch")).not_to_be_checked()
    page.get_by_role("button", name="Redo").click()
    expect(drawer.get_by_test_id("drawer-field-timeout_branch")).to_be_checked()

    # Typing then the Undo button: the name goes back in the drawer and on the canvas.
    name = drawer.get_by_test_id("drawer-name")
    name.fill("Team question")
    expect(ask.get_by_test_id("node-name")).to_have_text("Team question")
    page.get_by_role("button", name="Undo").click()
    expect(name).to_have_value("Ask for a team")
    expect(ask.get_by_test_id("node-name")).to_have_text("Ask for a team")
    expect(drawer.get_by_test_id("drawer-field-timeout_branch")).to_be_checked()
    page.get_by_role("button", name="Redo").click()
    expect(name).to_have_value("Team question")
    # Ctrl+Z inside a text box is the text box's own undo; the canvas follows the box.
    name.press("Control+z")
    expect(ask.get_by_test_id("node-name")).to_have_text(name.input_value())


def test_http_headers_move_up_and_down(page: Page, app_url: str, app_data: Path) -> None:
    call = Step(
        id="call",
        kind="http_request",
        name="Call the CRM",
        config={
            "url": "https://crm.example/api",
            "headers": [
                {"name": "Accept", "value": "application/json"},
                {"name": "Authorization", "value": "Bearer $trigger.token"},
            ],
        },
    )
    drawer = _open(page, app_url, _seed(app_data, call), "call")
    first, second = (f"drawer-field-headers-{i}-name" for i in (0, 1))
    expect(drawer.get_by_test_id("drawer-field-headers-0-up")).to_be_disabled()
    drawer.get_by_test_id("drawer-field-headers-0-down").click()
    expect(drawer.get_by_test_id(first)).to_have_value("Authorization")
    expect(drawer.get_by_test_id(second)).to_have_value("Accept")
    expect(drawer.get_by_test_id("drawer-field-headers-0-value")).to_have_value(
        "Bearer $trigger.token"
    )
    drawer.get_by_test_id(first).scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "drawer-headers.png"))
    page.get_by_role("button", name="Undo").click()
    expect(drawer.get_by_test_id(first)).to_have_value("Accept")
