"""Export and import (SPEC §7, the product page's import/export section)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import Engine

from tests.services.conftest import (
    NOW,
    SeededWorkspace,
    flow,
    manual,
    opened,
    same_flow,
    send,
    snapshot,
    step,
    tag_added,
    welcome,
)
from tests.store import factories as f
from wfstudio.domain.codec import HEADLINE, dump
from wfstudio.domain.definition import Settings, WorkflowDefinition
from wfstudio.domain.issues import TRIGGER_ID, Code
from wfstudio.domain.limits import MAX_NAME_CHARS
from wfstudio.domain.refs import Found
from wfstudio.domain.validation import validate
from wfstudio.services import workflows as svc
from wfstudio.services.errors import Refused
from wfstudio.services.transfer import export_workflow, import_workflow
from wfstudio.services.views import RemovedReference, WorkflowView
from wfstudio.store import repo
from wfstudio.store.db import session_scope
from wfstudio.store.tables import Workspace


def _draft(
    engine: Engine, ws: SeededWorkspace, definition: WorkflowDefinition, description: str = ""
) -> WorkflowView:
    created = svc.create_workflow(
        engine, workspace_id=ws.id, actor_id=None, name=definition.name, description=description
    )
    return svc.save_draft(
        engine, workflow_id=created.id, definition=definition, expected_revision=created.revision
    )


def _import(engine: Engine, ws: SeededWorkspace | int, data: bytes | str) -> Any:
    workspace_id = ws if isinstance(ws, int) else ws.id
    actor = None if isinstance(ws, int) else ws.owner_id
    return import_workflow(engine, workspace_id=workspace_id, actor_id=actor, data=data, now=NOW)


def _bare_workspace(engine: Engine) -> int:
    """A second workspace with none of the seeded channels, tags, users, teams or fields."""
    with session_scope(engine) as session:
        row = f.workspace(session, "Elsewhere")
        assert row.id is not None
        return row.id


def _refused_lines(engine: Engine, ws: SeededWorkspace, data: bytes | str) -> list[str]:
    """The refusal's lines for importing ``data``, after checking that nothing changed."""
    before = snapshot(engine, ws.id)
    with pytest.raises(Refused) as refused:
        _import(engine, ws, data)
    assert snapshot(engine, ws.id) == before
    lines = refused.value.message.splitlines()
    assert lines[0] == "Invalid JSON schema, please submit a valid JSON file" == HEADLINE
    assert len(lines) > 1 and all(line.startswith("$") for line in lines[1:])
    return lines[1:]


def _doc(definition: WorkflowDefinition) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(dump(definition))
    return doc


# --- export -----------------------------------------------------------------------------


def test_export_is_the_draft_as_name_dot_json(engine: Engine, workspace: SeededWorkspace) -> None:
    saved = _draft(engine, workspace, welcome(), description="Greets new contacts")
    svc.update_settings(
        engine, workflow_id=saved.id, settings=Settings(allow_stop_for_contact=True)
    )
    file_name, text = export_workflow(engine, workflow_id=saved.id)
    assert file_name == "Welcome.json"
    _, draft = svc.get_draft(engine, workflow_id=saved.id)
    assert text == dump(draft)
    doc = json.loads(text)
    assert (doc["name"], doc["description"]) == ("Welcome", "Greets new contacts")
    assert doc["settings"]["allow_stop_for_contact"] is True
    assert doc["trigger"]["kind"] == "conversation_opened"
    assert [s["id"] for s in doc["steps"]] == ["hello", "tag"]


def test_export_file_names_avoid_characters_file_systems_refuse(
    engine: Engine, workspace: SeededWorkspace
) -> None:
    created = svc.create_workflow(
        engine, workspace_id=workspace.id, actor_id=None, name='Sales / "VIP": follow-up?'
    )
    file_name, text = export_workflow(engine, workflow_id=created.id)
    assert file_name == "Sales - -VIP- follow-up.json"
    assert json.loads(text)["name"] == 'Sales / "VIP": follow-up?'


def test_a_published_workflow_can_be_exported(engine: Engine, workspace: SeededWorkspace) -> None:
    saved = _draft(engine, workspace, welcome())
    svc.publish_workflow(engine, workflow_id=saved.id, actor_id=None, now=NOW)
    file_name, text = export_workflow(engine, workflow_id=saved.id)
    assert file_name == "Welcome.json"
    assert text == dump(svc.get_draft(engine, workflow_id=saved.id)[1])
    assert svc.get_workflow(engine, workflow_id=saved.id).status == "published"


# --- import -----------------------------------------------------------------------------


def test_import_creates_a_draft_with_the_files_name_and_description(
    engine: Engine, workspace: SeededWorkspace
) -> None:
    definition = welcome("Away message").replace(
        description="Sent outside hours", settings=Settings(exit_on=("incoming_message",))
    )
    result = _import(engine, workspace, dump(definition).encode())
    view = result.workflow
    assert (view.name, view.description, view.status) == (
        "Away message",
        "Sent outside hours",
        "draft",
    )
    assert (view.created_by, view.created_at, view.current_version) == ("Olivia Owner", NOW, None)
    assert view.settings == Settings(exit_on=("incoming_message",))
    assert result.removed == []
    _, draft = svc.get_draft(engine, workflow_id=view.id)
    assert same_flow(draft, definition)
    assert svc.list_workflows(engine, workspace_id=workspace.id) == [view]


def test_import_numbers_names_that_exist_already(
    engine: Engine, workspace: SeededWorkspace
) -> None:
    saved = _draft(engine, workspace, welcome("Welcome Message"))
    _, text = export_workflow(engine, workflow_id=saved.id)
    second = _import(engine, workspace, text).workflow
    third = _import(engine, workspace, text.encode()).workflow
    fourth = _import(engine, workspace, text.replace("Welcome Message", "WELCOME MESSAGE"))
    assert [second.name, third.name, fourth.workflow.name] == [
        "Welcome Message (2)",
        "Welcome Message (3)",
        "WELCOME MESSAGE (4)",
    ]
    assert len({saved.key, second.key, third.key, fourth.workflow.key}) == 4
    names = [view.name for view in svc.list_workflows(engine, workspace_id=workspace.id)]
    assert names == [
        "Welcome Message",
        "Welcome Message (2)",
        "Welcome Message (3)",
        "WELCOME MESSAGE (4)",
    ]


def test_import_fits_long_names_and_descriptions_into_their_limits(
    engine: Engine, workspace: SeededWorkspace
) -> None:
    long = welcome("n" * 150).replace(description=" " + "d" * 900)
    first = _import(engine, workspace, dump(long)).workflow
    second = _import(engine, workspace, dump(long)).workflow
    assert first.name == "n" * MAX_NAME_CHARS
    assert second.name == "n" * (MAX_NAME_CHARS - 4) + " (2)"
    assert first.description == "d" * 500
    # What import stored passes the rules of Edit Name/Description.
    renamed = svc.rename_workflow(
        engine, workflow_id=first.id, name="Short", description=first.description
    )
    assert renamed.description == first.description


def test_export_import_export_gives_the_same_bytes_apart_from_the_name(
    engine: Engine, workspace: SeededWorkspace
) -> None:
    target = _draft(engine, workspace, flow("Sub menu", manual(), send("faq")))
    rich = flow(
        "Main menu",
        opened(),
        step(
            "greet",
            "send_message",
            {"channel_mode": "specific", "channel": "web", "text": "Hi $contact.firstname"},
        ),
        step("tag", "update_contact_tag", {"action": "add", "tags": ["vip", "lead"]}),
        step("assign", "assign_to", {"action": "team", "team": "support"}),
        step("plan", "update_contact_field", {"updates": [{"field": "plan", "value": "gold"}]}),
        step("sub", "trigger_workflow", {"workflow": target.key}),
    ).replace(layout={"greet": {"x": 10, "y": 20}, "tag": {"x": 10, "y": 120}})
    saved = _draft(engine, workspace, rich, description="Everything")
    svc.update_settings(
        engine, workflow_id=saved.id, settings=Settings(allow_stop_for_contact=True)
    )
    _, first = export_workflow(engine, workflow_id=saved.id)
    imported = _import(engine, workspace, first)
    assert imported.removed == []
    file_name, second = export_workflow(engine, workflow_id=imported.workflow.id)
    assert file_name == "Main menu (2).json"
    assert second == first.replace('"name": "Main menu"', '"name": "Main menu (2)"', 1)
    assert second != first


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("{not json", "$: "),
        (b"\xff\xfe not utf-8", "$: "),
        ('["a", "list"]', "$: expected object"),
    ],
)
def test_import_refuses_a_file_that_is_not_a_json_document(
    engine: Engine, workspace: SeededWorkspace, data: str | bytes, expected: str
) -> None:
    lines = _refused_lines(engine, workspace, data)
    assert lines[0].startswith(expected)


def test_import_refuses_a_file_that_does_not_match_the_schema(
    engine: Engine, workspace: SeededWorkspace
) -> None:
    doc = _doc(welcome())
    doc["steps"][0]["kind"] = "teleport"
    doc["steps"][1]["config"]["tags"] = "vip"
    doc["colour"] = "blue"
    del doc["name"]
    lines = _refused_lines(engine, workspace, json.dumps(doc))
    assert "$.colour: unknown key" in lines
    assert "$.name: this required key is missing" in lines
    assert '$.steps[0].kind: unknown step kind "teleport"' in lines


def test_import_refuses_a_trigger_without_a_step(
    engine: Engine, workspace: SeededWorkspace
) -> None:
    doc = _doc(flow("Lonely", opened()))
    assert _refused_lines(engine, workspace, json.dumps(doc)) == [
        "$.steps: the workflow has a trigger but no step"
    ]


def test_import_refuses_two_triggers(engine: Engine, workspace: SeededWorkspace) -> None:
    doc = _doc(welcome())
    doc["trigger"] = [doc["trigger"], _doc(flow("x", tag_added("vip"), send()))["trigger"]]
    assert _refused_lines(engine, workspace, json.dumps(doc)) == [
        "$.trigger: the file has 2 triggers; a workflow has exactly one"
    ]
    text = dump(welcome())
    repeated = text.replace('"trigger": {', '"trigger": {"kind": "manual"}, "trigger": {', 1)
    assert _refused_lines(engine, workspace, repeated) == [
        "$.trigger: the file has 2 triggers; a workflow has exactly one"
    ]


def test_import_refuses_a_file_over_400_kb(engine: Engine, workspace: SeededWorkspace) -> None:
    text = dump(flow("Big", opened(), send("hello", "x" * (400 * 1024))))
    assert len(text.encode()) > 400 * 1024
    [line] = _refused_lines(engine, workspace, text.encode())
    assert "400 KB" in line


def test_import_refuses_more_than_100_steps(engine: Engine, workspace: SeededWorkspace) -> None:
    many = flow("Many", opened(), *(send(f"s{n}") for n in range(101)))
    assert _refused_lines(engine, workspace, dump(many)) == [
        "$.steps: the file has 101 steps; the limit is 100"
    ]
    exactly = flow("Hundred", opened(), *(send(f"s{n}") for n in range(100)))
    assert len(_import(engine, workspace, dump(exactly)).workflow.name) > 0


def test_import_is_refused_at_the_workflow_limit(
    engine: Engine, workspace: SeededWorkspace
) -> None:
    _draft(engine, workspace, welcome())
    with session_scope(engine) as session:
        row = session.get(Workspace, workspace.id)
        assert row is not None
        row.settings = {"max_workflows": 1}
        session.add(row)
    before = snapshot(engine, workspace.id)
    with pytest.raises(Refused, match="already has 1 workflows"):
        _import(engine, workspace, dump(welcome("Other")))
    assert snapshot(engine, workspace.id) == before


def test_import_removes_references_the_workspace_lacks_and_the_steps_show_errors(
    engine: Engine, workspace: SeededWorkspace
) -> None:
    target = _draft(engine, workspace, flow("Sub menu", manual(), send("faq")))
    source = flow(
        "Main menu",
        tag_added("vip"),
        step(
            "greet",
            "send_message",
            {"channel_mode": "specific", "channel": "web", "text": "Hi"},
            name="Greet",
        ),
        step("tag", "update_contact_tag", {"action": "add", "tags": ["lead"]}, name="Tag"),
        step("agent", "assign_to", {"action": "specific_user", "user": "ana"}, name="To Ana"),
        step("team", "assign_to", {"action": "team", "team": "support"}, name="To support"),
        step("plan", "update_contact_field", {"updates": [{"field": "plan", "value": "gold"}]}),
        step("sub", "trigger_workflow", {"workflow": target.key}, name="Sub menu"),
    )
    elsewhere = _bare_workspace(engine)
    result = _import(engine, elsewhere, dump(source))

    removed = {(r.step_id, r.found.kind, r.found.key) for r in result.removed}
    assert removed == {
        (TRIGGER_ID, "tag", "vip"),
        ("greet", "channel", "web"),
        ("tag", "tag", "lead"),
        ("agent", "user", "ana"),
        ("team", "team", "support"),
        ("plan", "field", "plan"),
        ("sub", "workflow", target.key),
    }
    greet = next(r for r in result.removed if r.step_id == "greet")
    assert greet == RemovedReference("greet", "Greet", Found("channel", "channel", "web"))
    assert greet.describe() == 'Greet: channel "web" (not in this workspace)'

    _, draft = svc.get_draft(engine, workflow_id=result.workflow.id)
    configs = {s.id: s.config for s in draft.steps}
    assert configs["greet"]["channel"] == "" and configs["greet"]["text"] == "Hi"
    assert configs["tag"]["tags"] == []
    assert configs["agent"]["user"] == "" and configs["team"]["team"] == ""
    assert configs["plan"]["updates"] == [{"field": "", "value": "gold"}]
    assert configs["sub"]["workflow"] == ""
    assert draft.trigger is not None and draft.trigger.config["tags"] == []

    with session_scope(engine) as session:
        refs = repo.workspace_refs(session=session, workspace_id=elsewhere)
    issues = validate(draft, refs)
    missing = {issue.step_id for issue in issues if issue.code == Code.MISSING_REFERENCE}
    assert missing == {TRIGGER_ID, "greet", "tag", "agent", "team", "plan", "sub"}
    # The import itself is not refused: the user fills the gaps in the builder.
    assert result.workflow.status == "draft"


def test_import_keeps_the_references_the_workspace_has(
    engine: Engine, workspace: SeededWorkspace
) -> None:
    source = flow(
        "Tags",
        opened(),
        step("tag", "update_contact_tag", {"action": "add", "tags": ["vip", "ghost", "lead"]}),
    )
    result = _import(engine, workspace, dump(source))
    assert [(r.step_id, r.found.kind, r.found.key) for r in result.removed] == [
        ("tag", "tag", "ghost")
    ]
    _, draft = svc.get_draft(engine, workflow_id=result.workflow.id)
    tag_step = draft.step("tag")
    assert tag_step is not None and tag_step.config["tags"] == ["vip", "lead"]
    with session_scope(engine) as session:
        refs = repo.workspace_refs(session=session, workspace_id=workspace.id)
    assert [issue for issue in validate(draft, refs) if issue.is_error] == []
