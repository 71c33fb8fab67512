"""The Workflows listing: add, search, import, the Actions menu, export and delete."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from wfstudio.domain.codec import dump, load
from wfstudio.domain.definition import Step, Trigger, WorkflowDefinition
from wfstudio.services.database import open_database
from wfstudio.store import repo
from wfstudio.store.db import session_scope
from wfstudio.store.tables import Contact, Enrollment, Workflow

SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"


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


def _choose(page: Page, path: Path) -> Locator:
    """Opens Import Workflow (unless it is open) and chooses ``path``; the dialog."""
    dialog = page.get_by_role("dialog", name="Import Workflow")
    if not dialog.is_visible():
        page.get_by_test_id("add-workflow-more").click()
        page.get_by_role("menuitem", name="Import Workflow").click()
    dialog.get_by_test_id("import-dropzone").locator("input[type=file]").set_input_files(path)
    expect(dialog.get_by_test_id("import-chosen")).to_have_text(path.name)
    return dialog


def _import(page: Page, path: Path) -> None:
    _choose(page, path).get_by_role("button", name="Import", exact=True).click()


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


def _workflow_id(page: Page, name: str) -> int:
    href = _row(page, name).get_by_role("link", name=name, exact=True).get_attribute("href")
    assert href is not None
    return int(href.rsplit("/", 1)[1])


def _enroll(data: Path, monkeypatch: pytest.MonkeyPatch, workflow_id: int, count: int) -> None:
    """``count`` new contacts in the workflow, written straight into the app's database."""
    monkeypatch.setenv("WFSTUDIO_DATA_DIR", str(data))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    engine = open_database()
    try:
        with session_scope(engine) as session:
            workflow = session.get(Workflow, workflow_id)
            assert workflow is not None and workflow.current_version_id is not None
            for number in range(count):
                person = Contact(
                    workspace_id=workflow.workspace_id,
                    firstname=f"Enrolled {number}",
                    created_at=datetime.now(UTC),
                )
                session.add(person)
                session.flush()
                assert person.id is not None
                repo.start_enrollment(
                    session=session,
                    enrollment=Enrollment(
                        workflow_id=workflow_id,
                        version_id=workflow.current_version_id,
                        contact_id=person.id,
                        current_step_id="hi",
                        started_at=datetime.now(UTC),
                    ),
                )
    finally:
        engine.dispose()


def test_publish_refuse_delete_stop_clone_and_edit(
    listing: Page, tmp_path: Path, app_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page, name = listing, _unique("Greeter")
    _imported(page, tmp_path, name)
    expect(_status(page, name)).to_have_text("Draft")

    _act(page, name, "Publish Workflow")
    expect(_status(page, name)).to_have_text("Published")

    _act(page, name, "Delete")  # refused at once: no confirmation first
    expect(page.get_by_text("A published workflow cannot be deleted")).to_be_visible()
    expect(page.get_by_role("alertdialog")).to_have_count(0)
    expect(_status(page, name)).to_have_text("Published")

    _enroll(app_data, monkeypatch, _workflow_id(page, name), 2)
    _act(page, name, "Stop Workflow")
    alert = page.get_by_role("alertdialog", name="Stop workflow")
    expect(alert.get_by_test_id("stop-summary")).to_contain_text(
        "2 contacts are in it now: they will be ejected at once, and they will not be "
        "re-enrolled when it is published again."
    )
    page.screenshot(path=str(SCREENSHOTS / "listing-stop.png"))
    alert.get_by_role("button", name="Cancel").click()
    expect(alert).to_have_count(0)
    expect(_status(page, name)).to_have_text("Published")
    _act(page, name, "Stop Workflow")
    alert.get_by_role("button", name="Stop").click()
    expect(_status(page, name)).to_have_text("Stopped")
    expect(page.get_by_text(f"“{name}” is stopped (2 contacts ejected).")).to_be_visible()

    _act(page, name, "Delete")
    expect(page.get_by_role("alertdialog")).to_contain_text("Click Delete again to confirm")
    page.get_by_role("alertdialog").get_by_role("button", name="Cancel").click()

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
    dialog = _choose(listing, _write(tmp_path, "bad", '{"format": "wfstudio.workflow", "name": 3}'))
    error = dialog.get_by_test_id("import-error")  # at once, before Import is pressed
    expect(error).to_contain_text("Invalid JSON schema, please submit a valid JSON file")
    expect(error).to_contain_text("$.name")
    expect(dialog.get_by_role("button", name="Import", exact=True)).to_be_disabled()


def test_a_file_that_is_not_json_is_refused_at_once_and_the_same_file_is_read_again(
    listing: Page, tmp_path: Path
) -> None:
    page, name = listing, _unique("Reread")
    path = tmp_path / "notes.txt"
    path.write_text("These are not the workflows you are looking for.", encoding="utf-8")
    dialog = _choose(page, path)
    expect(dialog.get_by_test_id("import-error")).to_contain_text(
        "Invalid JSON schema, please submit a valid JSON file"
    )
    expect(dialog.get_by_role("button", name="Import", exact=True)).to_be_disabled()
    page.screenshot(path=str(SCREENSHOTS / "import-not-json.png"))

    path.write_text(dump(_definition(name)), encoding="utf-8")  # fixed, chosen again
    with page.expect_file_chooser() as chooser:
        dialog.get_by_role("button", name="Browse file").click()
    chooser.value.set_files(path)
    expect(dialog.get_by_test_id("import-error")).to_have_count(0)
    dialog.get_by_role("button", name="Import", exact=True).click()
    expect(dialog.get_by_test_id("import-success")).to_contain_text(f"Imported “{name}”")
    _close_dialog(page)
    expect(_row(page, name)).to_be_visible()


def test_a_long_name_is_cut_with_a_tooltip_and_the_columns_stay_on_the_page(
    listing: Page, tmp_path: Path
) -> None:
    page = listing
    name = "Long" + uuid.uuid4().hex[:8] + "x" * 88  # 100 characters, no space
    _imported(page, tmp_path, name)
    link = _row(page, name).get_by_test_id("workflow-name")
    box, table = link.bounding_box(), page.get_by_test_id("workflows-table").bounding_box()
    assert box is not None and table is not None and box["width"] <= 361
    assert link.evaluate("element => element.scrollWidth > element.clientWidth")  # cut
    viewport = page.viewport_size
    assert viewport is not None and table["x"] + table["width"] <= viewport["width"]
    link.hover()
    expect(page.get_by_role("tooltip")).to_contain_text(name)
    page.screenshot(path=str(SCREENSHOTS / "listing-long-name.png"))
