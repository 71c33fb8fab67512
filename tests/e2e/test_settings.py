"""Workspace Settings in the browser: an Owner restricts an agent, adds a tag, renames a
lifecycle stage and moves the workspace to another timezone, and each change is still
there after a reload. Screenshots of the Users tab and the Tags tab go to screenshots/."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect
from sqlmodel import select

from tests.e2e.conftest import AGENT, MANAGER, SignInAs
from wfstudio.domain.definition import Step, Trigger, WorkflowDefinition
from wfstudio.services import access, workflows
from wfstudio.services import workspace as svc
from wfstudio.services.database import open_database
from wfstudio.services.demo_data import DemoUser
from wfstudio.services.errors import Refused
from wfstudio.store.db import Engine, session_scope
from wfstudio.store.tables import User

SHOTS = Path(__file__).resolve().parents[2] / "screenshots"
ICON = f"settings-restriction-{access.SEE_WORKFLOWS_ICON}"


@pytest.fixture()
def settings(page: Page, app_url: str) -> Page:
    page.goto(f"{app_url}/settings")
    expect(page.get_by_test_id("page-title")).to_have_text("Settings")
    expect(page.get_by_test_id("settings-users-card")).to_be_visible()
    return page


@pytest.fixture()
def engine(app_data: Path) -> Engine:
    return open_database(f"sqlite:///{app_data / 'wfstudio.db'}")


def _open(page: Page, tab: str) -> None:
    page.get_by_test_id(f"settings-tab-{tab}").click()


def _row(page: Page, testid: str, text: str) -> Locator:
    return page.get_by_test_id(testid).filter(has_text=text)


def _user(engine: Engine, email: str) -> svc.UserView:
    workspace_id = svc.default_workspace_id(engine)
    assert workspace_id is not None
    users = svc.workspace_choices(engine, workspace_id=workspace_id).users
    return next(user for user in users if user.email == email)


def test_an_owner_restricts_an_agent_without_the_workflows_icon(
    settings: Page, engine: Engine
) -> None:
    page = settings
    row = _row(page, "settings-user-row", "chloe@acme.test")
    expect(row).to_contain_text("Agent")
    expect(row).to_contain_text("Full")
    row.get_by_role("button", name="Edit Chloe Chen").click()
    dialog = page.get_by_role("dialog", name="Edit Chloe Chen")
    expect(dialog.get_by_test_id(ICON)).to_be_disabled()
    dialog.get_by_test_id("settings-user-restricted").click()
    expect(dialog.get_by_test_id(ICON)).to_be_enabled()
    expect(dialog.get_by_test_id(ICON)).not_to_be_checked()
    dialog.get_by_test_id("settings-user-save").click()
    expect(dialog).to_be_hidden()
    expect(row).to_contain_text("Restricted")

    page.reload()
    row = _row(page, "settings-user-row", "chloe@acme.test")
    expect(row).to_contain_text("Restricted")
    row.get_by_role("button", name="Edit Chloe Chen").click()
    dialog = page.get_by_role("dialog", name="Edit Chloe Chen")
    expect(dialog.get_by_test_id("settings-user-restricted")).to_be_checked()
    expect(dialog.get_by_test_id(ICON)).not_to_be_checked()
    chloe = _user(engine, "chloe@acme.test")
    assert (chloe.restricted, chloe.restrictions) == (True, ())
    assert not access.can_see_workflows_icon(
        chloe.role,
        restricted=chloe.restricted,
        restrictions=dict.fromkeys(chloe.restrictions, True),
    )


def test_the_last_owner_and_a_bad_email_are_refused_in_place(settings: Page) -> None:
    page = settings
    row = _row(page, "settings-user-row", "owner@acme.test")
    row.get_by_role("button", name="Edit Olivia Owner").click()
    dialog = page.get_by_role("dialog", name="Edit Olivia Owner")
    dialog.get_by_test_id("settings-user-role").click()
    page.get_by_role("option", name="Agent").click()
    dialog.get_by_test_id("settings-user-save").click()
    expect(dialog.get_by_test_id("settings-user-error")).to_contain_text("only owner")
    dialog.get_by_role("button", name="Cancel").click()

    page.get_by_test_id("settings-add-user").click()
    dialog = page.get_by_role("dialog", name="Add user")
    dialog.get_by_test_id("settings-new-user-name").fill("Eve")
    dialog.get_by_test_id("settings-new-user-email").fill("ben@acme.test")
    dialog.get_by_test_id("settings-new-user-password").fill("long-enough")
    dialog.get_by_test_id("settings-new-user-save").click()
    expect(dialog.get_by_test_id("settings-new-user-error")).to_contain_text("already exists")


def test_an_owner_adds_a_tag_and_renames_a_lifecycle_stage(settings: Page) -> None:
    page, tag, stage = settings, f"Tag {uuid.uuid4().hex[:6]}", f"Warm {uuid.uuid4().hex[:6]}"
    _open(page, "tags")
    page.get_by_test_id("settings-tag-new").fill(tag)
    page.get_by_test_id("settings-tag-add").click()
    expect(_row(page, "settings-tag-row", tag)).to_be_visible()
    expect(page.get_by_test_id("settings-tag-new")).to_have_value("")
    page.get_by_test_id("settings-tag-new").fill("vip")
    page.get_by_test_id("settings-tag-add").click()
    expect(page.get_by_test_id("settings-tag-add-error")).to_contain_text("already exists")
    expect(page.get_by_test_id("settings-tag-new")).to_have_value("vip")  # kept to correct

    _open(page, "stages")
    _row(page, "settings-stage-row", "Hot lead").get_by_role(
        "button", name="Rename Hot lead"
    ).click()
    dialog = page.get_by_role("dialog", name="Rename lifecycle stage")
    dialog.get_by_test_id("settings-rename-input").fill(stage)
    dialog.get_by_test_id("settings-rename-save").click()
    expect(dialog).to_be_hidden()
    expect(_row(page, "settings-stage-row", stage)).to_be_visible()

    page.reload()
    _open(page, "tags")
    expect(_row(page, "settings-tag-row", tag)).to_be_visible()
    _open(page, "stages")
    expect(_row(page, "settings-stage-row", stage)).to_be_visible()
    expect(_row(page, "settings-stage-row", "Hot lead")).to_have_count(0)


def test_removing_a_tag_names_the_workflows_that_use_it(settings: Page, engine: Engine) -> None:
    page, tag, name = settings, f"Tag {uuid.uuid4().hex[:6]}", f"Tagger {uuid.uuid4().hex[:6]}"
    _open(page, "tags")
    page.get_by_test_id("settings-tag-new").fill(tag)
    page.get_by_test_id("settings-tag-add").click()
    expect(_row(page, "settings-tag-row", tag)).to_be_visible()
    workspace_id = svc.default_workspace_id(engine)
    assert workspace_id is not None
    key = next(
        t.key
        for t in svc.workspace_choices(engine, workspace_id=workspace_id).tags
        if t.label == tag
    )
    created = workflows.create_workflow(engine, workspace_id=workspace_id, actor_id=None, name=name)
    tagging = Step(id="tag", kind="update_contact_tag", name="Tag", config={"tags": [key]})
    workflows.save_draft(
        engine,
        workflow_id=created.id,
        definition=WorkflowDefinition(
            name=name, trigger=Trigger(kind="conversation_opened", next="tag"), steps=(tagging,)
        ),
        expected_revision=created.revision,
    )

    _row(page, "settings-tag-row", tag).get_by_role("button", name=f"Remove {tag}").click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog.get_by_test_id("settings-remove-used-by")).to_contain_text(name)
    dialog.get_by_test_id("settings-remove-confirm").click()
    expect(dialog).to_be_hidden()
    expect(_row(page, "settings-tag-row", tag)).to_have_count(0)


def test_the_timezone_change_persists(settings: Page, engine: Engine) -> None:
    page = settings
    _open(page, "workspace")
    zone = page.get_by_test_id("settings-timezone")
    zone.fill("Mars/Olympus")
    page.get_by_test_id("settings-workspace-save").click()
    expect(page.get_by_test_id("settings-workspace-error")).to_contain_text("not a known timezone")
    zone.fill("Asia/Tokyo")
    page.get_by_test_id("settings-workspace-save").click()
    expect(page.get_by_test_id("settings-workspace-error")).to_be_hidden()
    page.reload()
    _open(page, "workspace")
    expect(page.get_by_test_id("settings-timezone")).to_have_value("Asia/Tokyo")
    workspace_id = svc.default_workspace_id(engine)
    assert workspace_id is not None
    assert svc.get_workspace(engine, workspace_id=workspace_id).timezone == "Asia/Tokyo"


def test_a_channel_token_is_regenerated_and_a_list_field_gets_options(settings: Page) -> None:
    page = settings
    _open(page, "channels")
    row = _row(page, "settings-channel-row", "Custom channel")
    token = row.get_by_test_id("settings-channel-token")
    old = token.inner_text()
    assert len(old) > 20
    row.get_by_role("button", name="Regenerate the token of Custom channel").click()
    page.get_by_test_id("settings-channel-renew-confirm").click()
    expect(token).not_to_have_text(old)

    _open(page, "fields")
    row = _row(page, "settings-field-row", "Plan")
    row.get_by_role("button", name="Options of Plan").click()
    dialog = page.get_by_role("dialog", name="Options of Plan")
    dialog.get_by_test_id("settings-field-options-text").fill("Basic\nPro\npro")
    dialog.get_by_test_id("settings-field-options-save").click()
    expect(dialog.get_by_test_id("settings-field-options-error")).to_contain_text("twice")
    dialog.get_by_test_id("settings-field-options-text").fill("Basic\nPro\nEnterprise")
    dialog.get_by_test_id("settings-field-options-save").click()
    expect(dialog).to_be_hidden()
    expect(row).to_contain_text("List · Basic, Pro, Enterprise")


def _user_id(engine: Engine, email: str) -> int:
    with session_scope(engine) as session:
        user = session.exec(select(User).where(User.email == email)).one()
        assert user.id is not None
        return user.id


def test_an_owner_adds_a_user_who_signs_in(
    settings: Page, app_url: str, sign_in_as: SignInAs
) -> None:
    page, email = settings, f"eve-{uuid.uuid4().hex[:6]}@acme.test"
    page.get_by_test_id("settings-add-user").click()
    dialog = page.get_by_role("dialog", name="Add user")
    dialog.get_by_test_id("settings-new-user-name").fill("Eve Evans")
    dialog.get_by_test_id("settings-new-user-email").fill(email)
    dialog.get_by_test_id("settings-user-role").click()
    page.get_by_role("option", name="Manager").click()
    dialog.get_by_test_id("settings-new-user-password").fill("short")
    dialog.get_by_test_id("settings-new-user-save").click()
    expect(dialog.get_by_test_id("settings-new-user-error")).to_contain_text("8 characters")
    dialog.get_by_test_id("settings-new-user-password").fill("eve-password")
    dialog.get_by_test_id("settings-new-user-save").click()
    expect(dialog).to_be_hidden()
    expect(_row(page, "settings-user-row", email)).to_contain_text("Manager")

    eve = sign_in_as(DemoUser("Eve Evans", email, "manager", online=False, password="eve-password"))
    expect(eve).to_have_url(f"{app_url}/workflows")


def test_an_owner_removes_a_user_who_is_signed_out(
    settings: Page, app_url: str, sign_in_as: SignInAs, engine: Engine
) -> None:
    page, email = settings, f"fay-{uuid.uuid4().hex[:6]}@acme.test"
    expect(_row(page, "settings-user-row", "owner@acme.test")).to_be_visible()
    expect(
        _row(page, "settings-user-row", "owner@acme.test").get_by_test_id("settings-user-remove")
    ).to_have_count(0)
    page.get_by_test_id("settings-add-user").click()
    dialog = page.get_by_role("dialog", name="Add user")
    dialog.get_by_test_id("settings-new-user-name").fill("Fay Fields")
    dialog.get_by_test_id("settings-new-user-email").fill(email)
    dialog.get_by_test_id("settings-new-user-password").fill("fay-password")
    dialog.get_by_test_id("settings-new-user-save").click()
    expect(dialog).to_be_hidden()
    fay = sign_in_as(DemoUser("Fay Fields", email, "agent", online=False, password="fay-password"))

    row = _row(page, "settings-user-row", email)
    row.get_by_role("button", name="Remove Fay Fields").click()
    dialog = page.get_by_role("alertdialog", name="Remove Fay Fields?")
    expect(dialog).to_contain_text("Their open conversations become unassigned")
    dialog.get_by_role("button", name="Cancel").click()
    expect(dialog).to_be_hidden()
    expect(row).to_be_visible()

    row.get_by_role("button", name="Remove Fay Fields").click()
    expect(dialog.get_by_test_id("settings-user-remove-confirm")).to_be_visible()
    page.wait_for_timeout(300)  # the dialog's fade-in, for the screenshot only
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "settings-user-remove.png"))
    dialog.get_by_test_id("settings-user-remove-confirm").click()
    expect(dialog).to_be_hidden()
    expect(row).to_have_count(0)
    expect(page.get_by_text("Fay Fields removed.")).to_be_visible()
    workspace_id = svc.default_workspace_id(engine)
    assert workspace_id is not None
    emails = [u.email for u in svc.workspace_choices(engine, workspace_id=workspace_id).users]
    assert email not in emails

    fay.reload()
    expect(fay).to_have_url(re.compile(f"^{re.escape(app_url)}/sign-in"))


def test_a_manager_cannot_change_roles(app_url: str, sign_in_as: SignInAs, engine: Engine) -> None:
    page = sign_in_as(MANAGER)
    page.goto(f"{app_url}/settings")
    expect(page.get_by_test_id("settings-users-read-only")).to_contain_text("Only Owners")
    expect(page.get_by_test_id("settings-user-row")).not_to_have_count(0)
    expect(page.get_by_test_id("settings-add-user")).to_have_count(0)
    expect(page.get_by_test_id("settings-user-edit")).to_have_count(0)
    expect(page.get_by_test_id("settings-user-remove")).to_have_count(0)
    # The rest of the settings are a manager's to change.
    _open(page, "tags")
    expect(page.get_by_test_id("settings-tag-add")).to_be_visible()

    workspace_id = svc.default_workspace_id(engine)
    assert workspace_id is not None
    manager_id = _user_id(engine, MANAGER.email)
    with pytest.raises(Refused, match="Only Owners can add, change or remove users"):
        svc.update_user(
            engine, workspace_id=workspace_id, key="ben-brooks", role="owner", actor_id=manager_id
        )
    assert _user(engine, "ben@acme.test").role == "agent"


def test_an_agent_only_reads_the_settings(app_url: str, sign_in_as: SignInAs) -> None:
    page = sign_in_as(AGENT)
    page.goto(f"{app_url}/settings")
    expect(page.get_by_test_id("settings-users-read-only")).to_be_visible()
    _open(page, "workspace")
    expect(page.get_by_test_id("settings-workspace-read-only")).to_be_visible()
    expect(page.get_by_test_id("settings-workspace-save")).to_have_count(0)
    _open(page, "channels")
    expect(page.get_by_test_id("settings-channel-row")).not_to_have_count(0)
    expect(page.get_by_test_id("settings-channel-token")).to_have_count(0)
    _open(page, "tags")
    expect(page.get_by_test_id("settings-tag-row")).not_to_have_count(0)
    expect(page.get_by_test_id("settings-tag-add")).to_have_count(0)
    expect(page.get_by_test_id("settings-tag-rename")).to_have_count(0)


def test_settings_screenshots(settings: Page) -> None:
    page = settings
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "settings-users.png"))
    page.get_by_role("button", name="Edit Ben Brooks").click()
    expect(page.get_by_role("dialog", name="Edit Ben Brooks")).to_be_visible()
    page.screenshot(path=str(SHOTS / "settings-user-edit.png"))
    page.keyboard.press("Escape")
    _open(page, "tags")
    expect(page.get_by_test_id("settings-tag-card")).to_be_visible()
    page.screenshot(path=str(SHOTS / "settings-tags.png"))
    for tab in ("workspace", "channels", "fields", "teams"):
        _open(page, tab)
        page.wait_for_timeout(300)
        page.screenshot(path=str(SHOTS / f"settings-{tab}.png"), full_page=True)
