"""Screenshots of the listing at 1440×900 for review: screenshots/listing-empty.png and
screenshots/listing.png.

The empty listing is shot only while the workspace has no workflows, i.e. when this module
runs before the other e2e modules (pytest runs them in file-name order). The filled
listing is seeded through the services, on the session app's own database, with a few
workflows named after the product's templates.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from playwright.sync_api import Page, expect
from sqlmodel import select

from wfstudio.domain.codec import dump
from wfstudio.domain.definition import Step, Trigger, WorkflowDefinition
from wfstudio.services import transfer, workflows, workspace
from wfstudio.services.database import open_database
from wfstudio.store.db import Engine, session_scope
from wfstudio.store.tables import User

SHOTS = Path(__file__).resolve().parents[2] / "screenshots"

# (name, description, final status, created days ago, creator email, publisher email)
SEEDS = (
    (
        "Welcome Message",
        "Send a welcome message every time a Contact starts a conversation with you.",
        "published",
        41,
        "owner@acme.test",
        "owner@acme.test",
    ),
    (
        "Away Message with Business Hours",
        "Send an away message every time a Contact starts a conversation outside your "
        "business hours.",
        "stopped",
        23,
        "manager@acme.test",
        "manager@acme.test",
    ),
    (
        "Assignment: Round Robin",
        "Assign a Contact to a team member round robin every time a Contact starts a conversation.",
        "published",
        9,
        "manager@acme.test",
        "owner@acme.test",
    ),
    ("Collect Contact Email with AI", "", "draft", 1, "owner@acme.test", ""),
    (
        "CSAT to Google Sheets",
        "Send a CSAT after closing a conversation and send the data to a google sheet "
        "for analysis.",
        "draft",
        0,
        "manager@acme.test",
        "",
    ),
)


def _user_ids(engine: Engine) -> dict[str, int]:
    with session_scope(engine) as session:
        return {user.email: user.id for user in session.exec(select(User)) if user.id}


def _seed(engine: Engine) -> None:
    now = datetime.now(UTC)
    workspace_id = workspace.default_workspace_id(engine)
    assert workspace_id is not None
    users = _user_ids(engine)
    for name, description, status, days, creator, publisher in SEEDS:
        definition = WorkflowDefinition(
            name=name,
            description=description,
            trigger=Trigger(kind="conversation_opened", next="hi"),
            steps=(Step(id="hi", kind="send_message", name="Say hi", config={"text": "Hi"}),),
        )
        created = now - timedelta(days=days, hours=3)
        view = transfer.import_workflow(
            engine,
            workspace_id=workspace_id,
            actor_id=users[creator],
            data=dump(definition),
            now=created,
        ).workflow
        if status != "draft":
            workflows.publish_workflow(
                engine,
                workflow_id=view.id,
                actor_id=users[publisher],
                now=created + timedelta(days=days / 2),
            )
        if status == "stopped":
            workflows.stop_workflow(engine, workflow_id=view.id)


def test_listing_screenshots(page: Page, app_url: str, app_data: Path) -> None:
    SHOTS.mkdir(exist_ok=True)
    engine = open_database(f"sqlite:///{app_data / 'wfstudio.db'}")
    page.goto(f"{app_url}/workflows")
    expect(page.get_by_test_id("page-title")).to_have_text("Workflows")
    workspace_id = workspace.default_workspace_id(engine)
    assert workspace_id is not None
    if not workflows.list_workflows(engine, workspace_id=workspace_id):
        expect(page.get_by_test_id("workflows-empty")).to_be_visible()
        page.screenshot(path=str(SHOTS / "listing-empty.png"))

    _seed(engine)
    page.reload()
    expect(page.get_by_test_id("workflow-row").first).to_be_visible()
    page.screenshot(path=str(SHOTS / "listing.png"))

    page.get_by_role("button", name="Actions for Assignment: Round Robin").click()
    expect(page.get_by_role("menuitem", name="Stop Workflow")).to_be_visible()
    page.screenshot(path=str(SHOTS / "listing-actions.png"))
