"""The Workflow Builder: build a workflow from nothing with the pickers, follow ⚠ to a
step's drawer, fix it, save, publish (read-only) and stop; refusals; the canvas tools."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

from tests.e2e.test_builder_screenshots import SHOTS, SHOWCASE
from wfstudio.domain.codec import dump
from wfstudio.domain.definition import Step, Trigger, WorkflowDefinition
from wfstudio.services import transfer, workflows, workspace
from wfstudio.services.database import Engine, open_database


def _unique(prefix: str) -> str:
    return f"{prefix} {uuid.uuid4().hex[:8]}"


def new_workflow(page: Page, app_url: str, name: str) -> None:
    """Add a workflow from the listing; the builder opens on it."""
    page.goto(f"{app_url}/workflows")
    page.get_by_test_id("add-workflow").click()
    dialog = page.get_by_role("dialog", name="Add Workflow")
    dialog.get_by_label("Name").fill(name)
    dialog.get_by_role("button", name="Create").click()
    expect(page).to_have_url(re.compile(r"/workflows/\d+$"))
    expect(page.get_by_test_id("page-title")).to_have_text(name)


def node(page: Page, node_id: str) -> Locator:
    return page.locator(f'[data-testid="canvas-node"][data-node-id="{node_id}"]')


def choose_trigger(page: Page, label: str) -> None:
    page.get_by_test_id("choose-trigger").click()
    picker = page.get_by_role("dialog", name="Choose a trigger")
    picker.get_by_role("button", name=label, exact=True).click()
    expect(picker).to_have_count(0)
    expect(node(page, "trigger")).to_contain_text(label)


def add_step(page: Page, source: str, port: str, search: str, label: str) -> None:
    """The "+" of ``source``'s ``port``, then the picker: search, choose ``label``."""
    page.get_by_test_id(f"add-step-{source}-{port}").click()
    picker = page.get_by_role("dialog", name="Add a step")
    expect(picker).to_be_visible()
    every = picker.locator('[data-testid^="pick-"]').count()
    picker.get_by_role("textbox", name="Search steps").fill(search)
    expect(picker.locator('[data-testid^="pick-"]')).not_to_have_count(every)  # filtered
    picker.get_by_role("button", name=label, exact=True).click()
    expect(picker).to_have_count(0)


def close_drawer(page: Page) -> None:
    """Click an empty part of the canvas (which closes the drawer)."""
    page.locator(".react-flow__pane").click(position={"x": 40, "y": 300})
    expect(page.get_by_test_id("drawer")).to_have_count(0)


def test_build_fix_save_publish_and_stop(page: Page, app_url: str) -> None:
    name = _unique("Welcome")
    new_workflow(page, app_url, name)
    expect(page.get_by_test_id("builder-status")).to_contain_text("Draft")

    choose_trigger(page, "Conversation Opened")
    add_step(page, "trigger", "next", "message", "Send a Message")
    add_step(page, "send_message_1", "success", "branch", "Branch")
    add_step(page, "branch_1", "branch_1", "comment", "Add Comment")
    expect(page.get_by_test_id("canvas-node")).to_have_count(4)
    expect(page.locator(".react-flow__edge")).to_have_count(3)

    # ⚠ lists the steps with errors; choosing one opens its drawer (in place of the
    # Add Comment drawer the picker opened).
    expect(page.get_by_test_id("drawer-name")).to_have_value("Add Comment")
    expect(node(page, "send_message_1")).to_have_attribute("data-error", "true")
    page.get_by_test_id("issues-indicator").click()
    items = page.get_by_test_id("issue-item")
    expect(items).to_have_count(3)
    expect(items.nth(0)).to_contain_text("Send a Message")
    expect(items.nth(1)).to_contain_text("Branch")
    expect(items.nth(2)).to_contain_text("Add Comment")
    items.filter(has_text="Send a Message").click()
    drawer = page.get_by_test_id("drawer")
    expect(drawer.get_by_test_id("drawer-name")).to_have_value("Send a Message")

    # Save is refused while there are errors, with the reason.
    page.get_by_test_id("builder-save").click()
    expect(page.get_by_test_id("builder-error")).to_contain_text(
        "The workflow was not saved: fix the configuration errors"
    )

    # Fix the message in the drawer; the node is no longer red.
    drawer.get_by_test_id("drawer-field-text").fill("Hi $contact.firstname, welcome!")
    expect(node(page, "send_message_1")).to_have_attribute("data-error", "false")
    expect(node(page, "send_message_1")).to_contain_text("welcome")

    # Delete the branch: the confirmation lists the step that goes with it.
    node(page, "branch_1").click()
    node(page, "branch_1").get_by_role("button", name="Delete step Branch").click()
    alert = page.get_by_role("alertdialog", name="Delete step")
    expect(alert.get_by_test_id("delete-also")).to_contain_text("Add Comment")
    alert.get_by_role("button", name="Delete").click()
    expect(page.get_by_test_id("canvas-node")).to_have_count(2)
    expect(page.get_by_test_id("issues-indicator")).to_have_count(0)

    page.get_by_test_id("builder-save").click()
    expect(page.get_by_test_id("builder-error")).to_have_count(0)
    expect(page.get_by_text("Unsaved changes")).to_have_count(0)

    page.get_by_test_id("builder-publish").click()
    expect(page.get_by_test_id("read-only-banner")).to_have_text(
        "This workflow is published. Stop it to edit."
    )
    expect(page.get_by_test_id("builder-status")).to_contain_text("Published")
    expect(page.locator('[data-testid^="add-step-"]')).to_have_count(0)
    expect(page.get_by_role("button", name=re.compile("^Delete step"))).to_have_count(0)
    expect(node(page, "send_message_1").get_by_test_id("node-counters")).to_be_visible()

    page.get_by_test_id("builder-stop").click()
    expect(page.get_by_test_id("read-only-banner")).to_have_count(0)
    expect(page.get_by_test_id("builder-status")).to_contain_text("Stopped")
    expect(page.get_by_test_id("add-step-send_message_1-success")).to_be_visible()

    page.reload()
    expect(node(page, "send_message_1")).to_contain_text("welcome")


def test_publish_with_errors_is_refused_with_the_reason(page: Page, app_url: str) -> None:
    new_workflow(page, app_url, _unique("Unfinished"))
    choose_trigger(page, "Conversation Opened")
    page.get_by_test_id("builder-publish").click()
    expect(page.get_by_test_id("builder-error")).to_contain_text("cannot be saved: add a step")
    expect(page.get_by_test_id("builder-status")).to_contain_text("Draft")


def test_undo_redo_copy_paste_and_rename(page: Page, app_url: str) -> None:
    new_workflow(page, app_url, _unique("Tools"))
    choose_trigger(page, "Conversation Opened")
    add_step(page, "trigger", "next", "wait", "Wait")
    expect(page.get_by_test_id("canvas-node")).to_have_count(2)

    page.get_by_role("button", name="Undo").click()
    expect(page.get_by_test_id("canvas-node")).to_have_count(1)
    page.get_by_role("button", name="Redo").click()
    expect(page.get_by_test_id("canvas-node")).to_have_count(2)
    close_drawer(page)
    page.keyboard.press("Control+z")
    expect(page.get_by_test_id("canvas-node")).to_have_count(1)
    page.keyboard.press("Control+Shift+z")
    expect(page.get_by_test_id("canvas-node")).to_have_count(2)

    # Typing in the drawer is one edit for Undo, however many keys it took.
    node(page, "wait_1").click()
    amount = page.get_by_test_id("drawer").get_by_test_id("drawer-field-amount")
    amount.select_text()
    amount.press_sequentially("25", delay=100)
    expect(node(page, "wait_1")).to_contain_text("Wait 1 day 1 h")  # 25 hours
    page.get_by_role("button", name="Undo").click()
    expect(node(page, "wait_1")).to_contain_text("Wait 1 h")
    expect(page.get_by_test_id("canvas-node")).to_have_count(2)

    page.get_by_role("button", name="Copy step").click()
    page.get_by_role("button", name="Paste step").click()
    expect(node(page, "wait_2")).to_contain_text("Wait (copy)")
    expect(page.locator(".react-flow__edge")).to_have_count(1)  # the copy is not connected

    # Drag from the first Wait's port onto the copy: they are connected.
    handle = page.locator('.react-flow__handle[data-nodeid="wait_1"][data-handleid="success"]')
    target = settled(page, node(page, "wait_2"))  # the canvas glides to the copy
    start = box(handle)
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] / 2)
    page.mouse.down()
    page.mouse.move(target["x"] + target["width"] / 2, target["y"] + 30, steps=10)
    page.mouse.up()
    expect(page.locator(".react-flow__edge")).to_have_count(2)
    expect(page.get_by_test_id("add-step-wait_1-success")).to_have_count(0)

    renamed = _unique("Renamed")
    page.get_by_role("button", name="Edit name and description").click()
    page.get_by_role("textbox", name="Workflow name").fill(renamed)
    page.get_by_role("textbox", name="Workflow description").fill("Waits a bit")
    page.get_by_test_id("rename-save").click()
    expect(page.get_by_test_id("page-title")).to_have_text(renamed)
    expect(page.get_by_test_id("builder-description")).to_have_text("Waits a bit")


def test_a_dragged_node_takes_its_descendants_along_and_is_saved(page: Page, app_url: str) -> None:
    new_workflow(page, app_url, _unique("Drag"))
    choose_trigger(page, "Conversation Opened")
    add_step(page, "trigger", "next", "wait", "Wait")
    add_step(page, "wait_1", "success", "open", "Open Conversation")
    close_drawer(page)
    page.get_by_test_id("builder-save").click()
    expect(page.get_by_text("Unsaved changes")).to_have_count(0)
    ids = ("trigger", "wait_1", "open_conversation_1")
    start = settled(page, node(page, "wait_1"))
    before = [position(page, node_id) for node_id in ids]
    page.mouse.move(start["x"] + 60, start["y"] + 20)
    page.mouse.down()
    page.mouse.move(start["x"] + 200, start["y"] + 80, steps=8)
    page.mouse.up()
    expect(page.get_by_text("Unsaved changes")).to_be_visible()  # the server has the move
    after = [position(page, node_id) for node_id in ids]
    assert after[0] == before[0]  # the trigger stays
    moved = [(new[0] - old[0], new[1] - old[1]) for old, new in zip(before, after, strict=True)]
    assert moved[1] == moved[2] and moved[1][0] > 100 and moved[1][1] > 40

    page.get_by_test_id("builder-save").click()
    expect(page.get_by_text("Unsaved changes")).to_have_count(0)
    page.reload()
    expect(node(page, "open_conversation_1")).to_be_visible()
    assert [position(page, node_id) for node_id in ids] == after


def box(found: Locator) -> dict[str, float]:
    found.wait_for()
    bounds = found.bounding_box()
    assert bounds is not None
    return dict(bounds)


def settled(page: Page, found: Locator) -> dict[str, float]:
    """The bounding box of ``found`` once the canvas has stopped gliding."""
    last = box(found)
    for _ in range(40):
        page.wait_for_timeout(100)
        now = box(found)
        if now == last:
            return now
        last = now
    return last


def position(page: Page, node_id: str) -> tuple[float, float]:
    """Where a node sits on the canvas (React Flow's coordinates, not the screen's)."""
    style = page.locator(f'.react-flow__node[data-id="{node_id}"]').get_attribute("style") or ""
    found = re.search(r"translate\(([-\d.]+)px, ([-\d.]+)px\)", style)
    assert found, style
    return float(found.group(1)), float(found.group(2))


def _engine(app_data: Path) -> Engine:
    return open_database(f"sqlite:///{app_data / 'wfstudio.db'}")


def _import(app_data: Path, definition: WorkflowDefinition) -> int:
    engine = _engine(app_data)
    workspace_id = workspace.default_workspace_id(engine)
    assert workspace_id is not None
    return transfer.import_workflow(
        engine, workspace_id=workspace_id, actor_id=None, data=dump(definition)
    ).workflow.id


def test_ai_instructions_settings_and_version_history(
    page: Page, app_url: str, app_data: Path
) -> None:
    definition = WorkflowDefinition(
        name=_unique("Collect email"),
        trigger=Trigger(kind="conversation_opened", next="ai"),
        steps=(
            Step(
                id="ai",
                kind="ai_agent",
                name="Ask for the email",
                config={"objective": "collect_fields", "fields": ["email"]},
            ),
        ),
    )
    page.goto(f"{app_url}/workflows/{_import(app_data, definition)}")

    page.get_by_role("button", name="Show AI Instructions").click()
    dialog = page.get_by_role("dialog", name="AI Instructions")
    expect(dialog.get_by_test_id("ai-instructions")).to_contain_text("Ask for the email")
    expect(dialog.get_by_test_id("ai-instructions")).to_contain_text('Email (key "email")')
    dialog.get_by_role("button", name="Close").click()

    page.get_by_role("button", name="Workflow Settings").click()
    settings = page.get_by_role("dialog", name="Workflow Settings")
    settings.get_by_role("switch", name="Allow users to stop this Workflow for a Contact").click()
    settings.get_by_role("button", name="Save").click()
    expect(settings).to_have_count(0)

    page.get_by_test_id("builder-publish").click()
    expect(page.get_by_test_id("read-only-banner")).to_be_visible()
    page.get_by_test_id("builder-stop").click()
    expect(page.get_by_test_id("read-only-banner")).to_have_count(0)

    # An unsaved change, then version 1 restored into the draft.
    add_step(page, "ai", "success", "wait", "Wait")
    expect(page.get_by_test_id("canvas-node")).to_have_count(3)
    page.get_by_role("button", name="Version history").click()
    history = page.get_by_role("dialog", name="Version history")
    expect(history.get_by_test_id("version-row")).to_have_count(1)
    expect(history.get_by_test_id("version-row")).to_contain_text("Version 1")
    history.get_by_role("button", name="Restore version 1").click()
    expect(history).to_have_count(0)
    expect(page.get_by_test_id("canvas-node")).to_have_count(2)
    page.get_by_role("button", name="Workflow Settings").click()
    expect(
        page.get_by_role("switch", name="Allow users to stop this Workflow for a Contact")
    ).to_be_checked()


def test_a_stale_save_is_refused_with_a_reload(page: Page, app_url: str, app_data: Path) -> None:
    definition = WorkflowDefinition(
        name=_unique("Stale"),
        trigger=Trigger(kind="conversation_opened", next="hi"),
        steps=(Step(id="hi", kind="send_message", name="Say hi", config={"text": "Hi"}),),
    )
    workflow_id = _import(app_data, definition)
    page.goto(f"{app_url}/workflows/{workflow_id}")
    add_step(page, "hi", "success", "wait", "Wait")

    # Someone else saves in the meantime.
    engine = _engine(app_data)
    view, draft = workflows.get_draft(engine, workflow_id=workflow_id)
    workflows.save_draft(
        engine,
        workflow_id=workflow_id,
        definition=draft.replace(steps=(draft.steps[0].model_copy(update={"name": "Hello"}),)),
        expected_revision=view.revision,
    )

    page.get_by_test_id("builder-save").click()
    expect(page.get_by_test_id("builder-error")).to_contain_text("Someone saved this workflow")
    page.get_by_role("button", name="Reload").click()
    expect(page.get_by_test_id("builder-error")).to_have_count(0)
    expect(page.get_by_test_id("canvas-node")).to_have_count(2)
    expect(node(page, "hi")).to_contain_text("Hello")


def _overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )


def test_the_minimap_leaves_the_ports_free_with_the_drawer_open(
    page: Page, app_url: str, app_data: Path
) -> None:
    showcase = WorkflowDefinition.model_validate({**SHOWCASE, "name": _unique("Minimap")})
    page.goto(f"{app_url}/workflows/{_import(app_data, showcase)}")
    node(page, "welcome").click()
    expect(page.get_by_test_id("drawer")).to_be_visible()
    minimap = settled(page, page.locator(".react-flow__minimap"))
    assert minimap["width"] <= 180 and minimap["height"] <= 120
    covered = [".wf-add", ".react-flow__node", ".wf-tools"]
    for views in range(2):
        for selector in covered:
            found = page.locator(selector)
            for index in range(found.count()):
                assert not _overlap(minimap, box(found.nth(index))), (selector, index, views)
        page.screenshot(path=str(SHOTS / f"builder-drawer{'-centered' * views}.png"))
        page.get_by_role("button", name="Center").click()
        settled(page, node(page, "trigger"))
