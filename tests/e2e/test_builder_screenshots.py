"""Screenshots of the builder at 1440×900 for review: screenshots/builder.png (a workflow of
seven steps with a branch) and screenshots/builder-errors.png (the same workflow with
configuration errors, the ⚠ list open). The workflows are imported through the services,
on the session app's own database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from wfstudio.domain.codec import dump
from wfstudio.domain.definition import WorkflowDefinition
from wfstudio.services import transfer, workspace
from wfstudio.services.database import open_database

SHOTS = Path(__file__).resolve().parents[2] / "screenshots"

SHOWCASE: dict[str, Any] = {
    "name": "Welcome & route",
    "description": "Greets new contacts, asks for their email and routes them to a team.",
    "trigger": {"kind": "conversation_opened", "next": "welcome"},
    "steps": [
        {
            "id": "welcome",
            "kind": "send_message",
            "name": "Welcome",
            "config": {"text": "Hi $contact.firstname! Thanks for reaching out."},
            "next": {"success": "ask_email"},
        },
        {
            "id": "ask_email",
            "kind": "ask_question",
            "name": "Ask for email",
            "config": {
                "text": "What is your email address?",
                "question_type": "email",
                "save_to_field": True,
                "field": "email",
                "timeout_branch": True,
            },
            "next": {"answered": "known", "timeout": "close"},
        },
        {
            "id": "known",
            "kind": "branch",
            "name": "Customer with a plan?",
            "config": {
                "branches": [
                    {
                        "join": "and",
                        "rules": [
                            {"category": "contact_field", "field": "plan", "operator": "exists"}
                        ],
                    }
                ]
            },
            "next": {"branch_1": "tag_vip", "else": "assign_support"},
        },
        {
            "id": "tag_vip",
            "kind": "update_contact_tag",
            "name": "Tag as VIP",
            "config": {"tags": ["vip"]},
            "next": {"success": "assign_sales"},
        },
        {
            "id": "assign_sales",
            "kind": "assign_to",
            "name": "Assign to Sales",
            "config": {"action": "team", "team": "sales"},
        },
        {
            "id": "assign_support",
            "kind": "assign_to",
            "name": "Assign to Support",
            "config": {"action": "team", "team": "support", "only_online": True},
        },
        {
            "id": "close",
            "kind": "close_conversation",
            "name": "Close when silent",
            "config": {"category": "no-response"},
        },
    ],
}

# What a half-finished copy lacks: a message, a tag and a team.
BROKEN = {"welcome": {"text": ""}, "tag_vip": {"tags": []}, "assign_sales": {"team": ""}}


def _broken() -> dict[str, Any]:
    steps = [
        {**step, "config": {**step["config"], **BROKEN.get(step["id"], {})}}
        for step in SHOWCASE["steps"]
    ]
    return {**SHOWCASE, "name": "Welcome & route (unfinished)", "steps": steps}


def _import(app_data: Path, document: dict[str, Any]) -> int:
    engine = open_database(f"sqlite:///{app_data / 'wfstudio.db'}")
    workspace_id = workspace.default_workspace_id(engine)
    assert workspace_id is not None
    definition = WorkflowDefinition.model_validate(document)
    return transfer.import_workflow(
        engine, workspace_id=workspace_id, actor_id=None, data=dump(definition)
    ).workflow.id


def _open(page: Page, url: str, steps: int) -> None:
    page.goto(url)
    expect(page.get_by_test_id("canvas-node")).to_have_count(steps + 1)
    page.wait_for_timeout(400)  # the canvas fits the workflow once its nodes are measured


def test_builder_screenshots(page: Page, app_url: str, app_data: Path) -> None:
    SHOTS.mkdir(exist_ok=True)
    steps = len(SHOWCASE["steps"])

    _open(page, f"{app_url}/workflows/{_import(app_data, SHOWCASE)}", steps)
    expect(page.get_by_test_id("issues-indicator")).to_have_count(0)
    page.screenshot(path=str(SHOTS / "builder.png"))

    _open(page, f"{app_url}/workflows/{_import(app_data, _broken())}", steps)
    page.get_by_test_id("issues-indicator").click()
    expect(page.get_by_test_id("issue-item")).to_have_count(len(BROKEN))
    page.screenshot(path=str(SHOTS / "builder-errors.png"))
