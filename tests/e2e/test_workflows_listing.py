"""The Workflows listing: add, search, import, the Actions menu, export and delete."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from wfstudio.domain.codec import dump, load
from wfstudio.domain.definition import Step, Trigger, WorkflowDefinition


def _unique(prefix: str) -> str:
    return f"{prefix} {uuid.uuid4().hex[:8]}"


def _definition(name: str, *, channel: str = "") -> WorkflowDefinition:
    config: dict = {"text": "Hi"}
    if channel:
        config |= {"channel_mode": "specific", "channel": channel}
    return WorkflowDefinition(
        name=name,
        description="Says hi to every new conversation",
        trigger=Trigger(kind="conversation_opened", next="hi"),
        steps=(Step(id="hi", kind="send_message", name="Say hi", config=config),),
    )


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / f"{uuid.uuid4().hex[:8]}.json"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture()
def listing(page: Page, app_url: str) -> Page:
    page.goto(f"{app_url}/workflows")
    expect(page.get_by_test_id("page-title")).to_have_text("Workflows")
    return page


def _row(page: Page, name: str) -> Locator:
    return page.get_by_test_id("workflow-row").filter(
        has=page.get_by_role("link", name=name, exact=True)
    )


def _act(page: Page, name: str, action: str) -> None:
    _row(page, name).get_by_role("button", name=f"Actions for {name}").click()
    page.get_by_role("menuitem", name=action, exact=True).click()


def _import(page: Page, path: Path) -> None:
    page.get_by_test_id("add-workflow-more").click()
    page.get_by_role("menuitem", name="Import Workflow").click()
    dialog = page.get_by_role("dialog", name="Import Workflow")
    dialog.get_by_test_id("import-dropzone").locator("input[type=file]").set_input_files(path)
    expect(dialog.get_by_test_id("import-chosen")).to_have_text(path.name)
    dialog.get_by_role("button", name="Import", exact=True).click()


def _close_dialog(page: Page) -> None:
    page.get_by_role("dialog").get_by_role("button", name="Close").click()
    expect(page.get_by_role("dialog")).to_have_count(0)


def _imported(page: Page, tmp_path: Path, name: str) -> None:
    _import(page, _write(tmp_path, name, dump(_definition(name))))
    expect(page.get_by_test_id("import-success")).to_contain_text(f"Imported “{name}”")
    _close_dialog(page)
    expect(_row(page, name)).to_be_visible()


def _status(page: Page, name: str) -> Locator:
    return _row(page, name).get_by_test_id("workflow-status")


def test_add_a_workflow_opens_the_builder_and_search_finds_it(listing: Page) -> None:
    page, name = listing, _unique("Welcome")
    page.get_by_test_id("add-workflow").click()
    dialog = page.get_by_role("dialog", name="Add Workflow")
    dialog.get_by_label("Name").fill(name)
    dialog.get_by_label("Description (optional)").fill("Greets new contacts")
    dialog.get_by_role("button", name="Create").click()

    expect(page).to_have_url(re.compile(r"/workflows/\d+$"))
    expect(page.get_by_test_id("page-title")).to_have_text(name)
    expect(page.get_by_test_id("builder-status")).to_contain_text("Draft")

    page.get_by_role("link", name="Back to workflows").click()
    expect(_row(page, name)).to_contain_text("Greets new contacts")
    page.get_by_role("textbox", name="Search workflows").fill(name.split()[1])
    expect(page.get_by_test_id("workflow-row")).to_have_count(1)
    expect(_row(page, name)).to_be_visible()
    page.get_by_role("textbox", name="Search workflows").fill("no such workflow zzz")
    expect(page.get_by_test_id("workflows-no-match")).to_be_visible()


def test_a_taken_name_is_refused_in_the_add_dialog(listing: Page, tmp_path: Path) -> None:
    page, name = listing, _unique("Taken")
    _imported(page, tmp_path, name)
    page.get_by_test_id("add-workflow").click()
    dialog = page.get_by_role("dialog", name="Add Workflow")
    dialog.get_by_label("Name").fill(name)
    dialog.get_by_role("button", name="Create").click()
    expect(dialog.get_by_test_id("add-error")).to_contain_text("already exists")


def test_publish_refuse_delete_stop_clone_and_edit(listing: Page, tmp_path: Path) -> None:
    page, name = listing, _unique("Greeter")
    _imported(page, tmp_path, name)
    expect(_status(page, name)).to_have_text("Draft")

    _act(page, name, "Publish Workflow")
    expect(_status(page, name)).to_have_text("Published")

    _act(page, name, "Delete")
    alert = page.get_by_role("alertdialog")
    expect(alert).to_contain_text("Click Delete again to confirm")
    alert.get_by_role("button", name="Delete").click()
    expect(alert.get_by_test_id("delete-error")).to_contain_text(
        "A published workflow cannot be deleted"
    )
    alert.get_by_role("button", name="Cancel").click()
    expect(_status(page, name)).to_have_text("Published")

    _act(page, name, "Stop Workflow")
    expect(_status(page, name)).to_have_text("Stopped")

    _act(page, name, "Clone")
    expect(_status(page, f"{name} clone")).to_have_text("Draft")

    renamed = _unique("Renamed")
    _act(page, name, "Edit Name/Description")
    dialog = page.get_by_role("dialog", name="Edit Name/Description")
    dialog.get_by_label("Name").fill(renamed)
    dialog.get_by_label("Description").fill("A new description")
    dialog.get_by_role("button", name="Save").click()
    expect(_row(page, renamed)).to_contain_text("A new description")
    expect(_row(page, name)).to_have_count(0)


def test_workflow_settings_are_saved(listing: Page, tmp_path: Path) -> None:
    page, name = listing, _unique("Settings")
    _imported(page, tmp_path, name)
    _act(page, name, "Workflow Settings")
    dialog = page.get_by_role("dialog", name="Workflow Settings")
    allow = dialog.get_by_role("switch", name="Allow users to stop this Workflow for a Contact")
    incoming = dialog.get_by_role("switch", name="When an incoming message is received")
    allow.click()
    incoming.click()
    dialog.get_by_role("button", name="Save").click()
    expect(page.get_by_role("dialog")).to_have_count(0)

    _act(page, name, "Workflow Settings")
    expect(allow).to_be_checked()
    expect(incoming).to_be_checked()
    expect(
        dialog.get_by_role("switch", name="When an outgoing message is sent")
    ).not_to_be_checked()


def test_export_import_again_and_delete(listing: Page, tmp_path: Path) -> None:
    page, name = listing, _unique("Exported")
    _imported(page, tmp_path, name)

    with page.expect_download() as download:
        _act(page, name, "Export")
    assert download.value.suggested_filename == f"{name}.json"
    exported = tmp_path / "exported.json"
    download.value.save_as(exported)
    assert load(exported.read_bytes()).name == name

    _import(page, exported)
    expect(page.get_by_test_id("import-success")).to_contain_text(f"Imported “{name} (2)”")
    _close_dialog(page)
    expect(_row(page, f"{name} (2)")).to_be_visible()

    _act(page, f"{name} (2)", "Delete")
    page.get_by_role("alertdialog").get_by_role("button", name="Delete").click()
    expect(_row(page, f"{name} (2)")).to_have_count(0)
    expect(_row(page, name)).to_be_visible()


def test_import_lists_the_references_it_removed(listing: Page, tmp_path: Path) -> None:
    page, name = listing, _unique("Elsewhere")
    _import(page, _write(tmp_path, name, dump(_definition(name, channel="no-such-channel"))))
    success = page.get_by_test_id("import-success")
    expect(success).to_contain_text(f"Imported “{name}”")
    expect(success).to_contain_text("no-such-channel")


def test_an_invalid_file_is_refused_with_its_problems(listing: Page, tmp_path: Path) -> None:
    page = listing
    _import(page, _write(tmp_path, "bad", '{"format": "wfstudio.workflow", "name": 3}'))
    error = page.get_by_role("dialog").get_by_test_id("import-error")
    expect(error).to_contain_text("Invalid JSON schema, please submit a valid JSON file")
    expect(error).to_contain_text("$.name")
