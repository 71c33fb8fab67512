"""Workflow service: listing, create, the workflow limit, names, rename and save.

Publish, stop and versions are in ``test_workflows_publish.py``; clone, delete and
settings in ``test_workflows_manage.py``.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Engine

from tests.services.conftest import (
    NOW,
    SeededWorkspace,
    flow,
    opened,
    same_flow,
    send,
    snapshot,
    step,
    welcome,
)
from tests.store import factories as f
from wfstudio.domain.definition import Settings
from wfstudio.domain.issues import Code
from wfstudio.domain.limits import MAX_NAME_CHARS
from wfstudio.services import workflows as svc
from wfstudio.services.errors import NotFound, Refused
from wfstudio.services.views import WorkflowView
from wfstudio.store import repo
from wfstudio.store.db import session_scope
from wfstudio.store.tables import Workspace


def _create(engine: Engine, ws: SeededWorkspace, name: str, description: str = "") -> WorkflowView:
    return svc.create_workflow(
        engine,
        workspace_id=ws.id,
        actor_id=ws.owner_id,
        name=name,
        description=description,
        now=NOW,
    )


def _saved(engine: Engine, ws: SeededWorkspace, name: str = "Welcome") -> WorkflowView:
    """A Draft whose saved draft is :func:`welcome`."""
    created = _create(engine, ws, name)
    return svc.save_draft(
        engine,
        workflow_id=created.id,
        definition=welcome(name),
        expected_revision=created.revision,
        now=NOW,
    )


def _names(views: list[WorkflowView]) -> list[str]:
    return [view.name for view in views]


def _set_workspace_settings(engine: Engine, ws: SeededWorkspace, **settings: object) -> None:
    with session_scope(engine) as session:
        row = session.get(Workspace, ws.id)
        assert row is not None
        row.settings = {**row.settings, **settings}
        session.add(row)


# --- create -----------------------------------------------------------------------------


def test_create_makes_a_draft_with_its_name_description_creator_and_date(
    engine: Engine, workspace: SeededWorkspace
) -> None:
    created = _create(engine, workspace, "  Welcome message ", "  Greets new contacts ")
    assert created.status == "draft"
    assert (created.name, created.description) == ("Welcome message", "Greets new contacts")
    assert (created.created_by, created.created_at) == ("Olivia Owner", NOW)
    assert created.last_published_by == "" and created.last_published_at is None
    assert created.current_version is None
    [listed] = svc.list_workflows(engine, workspace_id=workspace.id)
    assert listed == created
    view, draft = svc.get_draft(engine, workflow_id=created.id)
    assert view == created
    assert (draft.name, draft.description) == ("Welcome message", "Greets new contacts")
    assert draft.trigger is None and draft.steps == ()


def test_create_refuses_the_101st_workflow_of_a_workspace(
    engine: Engine, workspace: SeededWorkspace
) -> None:
    with session_scope(engine) as session:
        ws = session.get(Workspace, workspace.id)
        assert ws is not None
        for number in range(99):
            f.workflow(session, ws, f"Workflow {number}")
    _create(engine, workspace, "The hundredth")
    before = snapshot(engine, workspace.id)
    with pytest.raises(Refused) as refused:
        _create(engine, workspace, "One too many")
    assert "already has 100 workflows" in refused.value.message
    assert "Delete a workflow" in refused.value.message
    assert snapshot(engine, workspace.id) == before
    assert len(before.workflows) == 100


def test_the_workflow_limit_is_a_workspace_setting(
    engine: Engine, workspace: SeededWorkspace
) -> None:
    _set_workspace_settings(engine, workspace, max_workflows=2)
    _create(engine, workspace, "One")
    _create(engine, workspace, "Two")
    with pytest.raises(Refused, match="already has 2 workflows"):
        _create(engine, workspace, "Three")
    assert _names(svc.list_workflows(engine, workspace_id=workspace.id)) == ["One", "Two"]
    svc.delete_workflow(
        engine, workflow_id=svc.list_workflows(engine, workspace_id=workspace.id)[0].id
    )
    assert _create(engine, workspace, "Three").name == "Three"


@pytest.mark.parametrize("name", ["", "   "])
def test_create_refuses_an_empty_name(
    engine: Engine, workspace: SeededWorkspace, name: str
) -> None:
    with pytest.raises(Refused, match="Give the workflow a name"):
        _create(engine, workspace, name)
    assert svc.list_workflows(engine, workspace_id=workspace.id) == []


def test_create_refuses_a_name_another_workflow_has_ignoring_case(
    engine: Engine, workspace: SeededWorkspace
) -> None:
    _create(engine, workspace, "Welcome")
    before = snapshot(engine, workspace.id)
    with pytest.raises(Refused) as refused:
        _create(engine, workspace, " WELCOME ")
    assert refused.value.message == (
        'A workflow named "WELCOME" already exists: choose another name.'
    )
    assert snapshot(engine, workspace.id) == before


def test_names_are_unique_per_workspace_only(engine: Engine, workspace: SeededWorkspace) -> None:
    with session_scope(engine) as session:
        other = f.workspace(session, "Other")
        assert other.id is not None
        other_id = other.id
    _create(engine, workspace, "Welcome")
    there = svc.create_workflow(engine, workspace_id=other_id, actor_id=None, name="Welcome")
    assert there.name == "Welcome" and there.created_by == ""
    assert _names(svc.list_workflows(engine, workspace_id=workspace.id)) == ["Welcome"]


def test_create_refuses_too_long_names_and_descriptions(
    engine: Engine, workspace: SeededWorkspace
) -> None:
    with pytest.raises(Refused, match=f"the limit is {MAX_NAME_CHARS}"):
        _create(engine, workspace, "x" * (MAX_NAME_CHARS + 1))
    with pytest.raises(Refused, match="The description has 501 characters"):
        _create(engine, workspace, "Fine", "d" * 501)
    assert svc.list_workflows(engine, workspace_id=workspace.id) == []
    assert _create(engine, workspace, "x" * MAX_NAME_CHARS, "d" * 500).status == "draft"


def test_an_unknown_workflow_is_not_found(engine: Engine, workspace: SeededWorkspace) -> None:
    with pytest.raises(NotFound, match="does not exist any more"):
        svc.get_workflow(engine, workflow_id=999_999)
    with pytest.raises(NotFound):
        svc.publish_workflow(engine, workflow_id=999_999, actor_id=None)


# --- listing ----------------------------------------------------------------------------


def test_the_listing_searches_names_case_insensitively(
    engine: Engine, workspace: SeededWorkspace
) -> None:
    for name in ["Welcome message", "VIP welcome", "Away message", "Close stale chats"]:
        _create(engine, workspace, name)
    assert _names(svc.list_workflows(engine, workspace_id=workspace.id, search="WELCOME")) == [
        "VIP welcome",
        "Welcome message",
    ]
    assert _names(svc.list_workflows(engine, workspace_id=workspace.id, search=" message ")) == [
        "Away message",
        "Welcome message",
    ]
    assert svc.list_workflows(engine, workspace_id=workspace.id, search="nothing") == []
    assert len(svc.list_workflows(engine, workspace_id=workspace.id)) == 4


def test_the_listing_filters_by_status(engine: Engine, workspace: SeededWorkspace) -> None:
    _create(engine, workspace, "Still a draft")
    live = _saved(engine, workspace, "Live")
    stopped = _saved(engine, workspace, "Was live")
    for view in (live, stopped):
        svc.publish_workflow(engine, workflow_id=view.id, actor_id=workspace.owner_id, now=NOW)
    svc.stop_workflow(engine, workflow_id=stopped.id, now=NOW)

    def listed(status: str, search: str = "") -> list[str]:
        views = svc.list_workflows(engine, workspace_id=workspace.id, status=status, search=search)
        assert {view.status for view in views} <= {status}
        return _names(views)

    assert listed("draft") == ["Still a draft"]
    assert listed("published") == ["Live"]
    assert listed("stopped") == ["Was live"]
    assert listed("published", search="was") == []


# --- rename -----------------------------------------------------------------------------


@pytest.mark.parametrize("publish", [False, True])
def test_rename_changes_name_and_description_in_any_status(
    engine: Engine, workspace: SeededWorkspace, publish: bool
) -> None:
    saved = _saved(engine, workspace, "Welcome")
    if publish:
        svc.publish_workflow(engine, workflow_id=saved.id, actor_id=None, now=NOW)
    renamed = svc.rename_workflow(
        engine, workflow_id=saved.id, name=" Hello ", description=" Says hello "
    )
    assert (renamed.name, renamed.description) == ("Hello", "Says hello")
    assert renamed.key == saved.key
    assert renamed.status == ("published" if publish else "draft")
    view, draft = svc.get_draft(engine, workflow_id=saved.id)
    assert (view.name, draft.name, draft.description) == ("Hello", "Hello", "Says hello")
    assert same_flow(draft, welcome())
    assert _names(svc.list_workflows(engine, workspace_id=workspace.id, search="hello")) == [
        "Hello"
    ]


def test_rename_refuses_another_workflows_name_but_allows_a_new_case(
    engine: Engine, workspace: SeededWorkspace
) -> None:
    first = _create(engine, workspace, "First")
    _create(engine, workspace, "Second")
    before = snapshot(engine, workspace.id)
    with pytest.raises(Refused, match="already exists"):
        svc.rename_workflow(engine, workflow_id=first.id, name="second", description="")
    with pytest.raises(Refused, match="Give the workflow a name"):
        svc.rename_workflow(engine, workflow_id=first.id, name=" ", description="")
    assert snapshot(engine, workspace.id) == before
    assert svc.rename_workflow(engine, workflow_id=first.id, name="FIRST", description="").name == (
        "FIRST"
    )


# --- save -------------------------------------------------------------------------------


def test_save_stores_the_draft_and_bumps_the_revision(
    engine: Engine, workspace: SeededWorkspace
) -> None:
    created = _create(engine, workspace, "Welcome", "Greets")
    later = NOW + timedelta(minutes=5)
    saved = svc.save_draft(
        engine,
        workflow_id=created.id,
        definition=welcome("Whatever the builder sent"),
        expected_revision=created.revision,
        now=later,
    )
    assert saved.revision == created.revision + 1
    assert saved.status == "draft"
    view, draft = svc.get_draft(engine, workflow_id=created.id)
    assert view == saved
    assert same_flow(draft, welcome())
    # The row owns name, description and settings: a save does not change them.
    assert (draft.name, draft.description, draft.settings) == ("Welcome", "Greets", Settings())
    with session_scope(engine) as session:
        row = repo.get_workflow(session=session, workflow_id=created.id)
        assert row is not None and row.updated_at == later


def test_save_refuses_a_trigger_without_a_step(engine: Engine, workspace: SeededWorkspace) -> None:
    created = _create(engine, workspace, "Welcome")
    before = snapshot(engine, workspace.id)
    with pytest.raises(Refused) as refused:
        svc.save_draft(
            engine,
            workflow_id=created.id,
            definition=flow("Welcome", opened()),
            expected_revision=created.revision,
        )
    assert refused.value.message == (
        "A workflow with a trigger but no step cannot be saved: add a step."
    )
    assert Code.NO_STEPS in {issue.code for issue in refused.value.issues}
    assert snapshot(engine, workspace.id) == before


def test_save_refuses_configuration_errors_and_lists_them(
    engine: Engine, workspace: SeededWorkspace
) -> None:
    created = _create(engine, workspace, "Welcome")
    broken = flow(
        "Welcome",
        opened(),
        send("hello", text=""),
        step("tag", "update_contact_tag", {"action": "add", "tags": ["no-such-tag"]}),
    )
    before = snapshot(engine, workspace.id)
    with pytest.raises(Refused) as refused:
        svc.save_draft(
            engine, workflow_id=created.id, definition=broken, expected_revision=created.revision
        )
    assert refused.value.message.startswith("The workflow was not saved: fix the configuration")
    assert "in 2 places" in refused.value.message
    found = {(issue.step_id, issue.code) for issue in refused.value.issues}
    assert found == {("hello", Code.REQUIRED), ("tag", Code.UNKNOWN_REFERENCE)}
    assert all(issue.is_error for issue in refused.value.issues)
    assert snapshot(engine, workspace.id) == before


def test_save_refuses_a_stale_revision_and_says_to_reload(
    engine: Engine, workspace: SeededWorkspace
) -> None:
    created = _create(engine, workspace, "Welcome")
    first = svc.save_draft(
        engine,
        workflow_id=created.id,
        definition=welcome(),
        expected_revision=created.revision,
    )
    before = snapshot(engine, workspace.id)
    other = flow("Welcome", opened(), send("bye", "Bye"))
    with pytest.raises(Refused) as refused:
        svc.save_draft(
            engine, workflow_id=created.id, definition=other, expected_revision=created.revision
        )
    assert refused.value.message == svc.STALE_SAVE
    assert "Reload the workflow" in refused.value.message
    assert snapshot(engine, workspace.id) == before
    assert svc.get_workflow(engine, workflow_id=created.id).revision == first.revision


def test_save_refuses_while_published(engine: Engine, workspace: SeededWorkspace) -> None:
    saved = _saved(engine, workspace)
    published = svc.publish_workflow(engine, workflow_id=saved.id, actor_id=None, now=NOW)
    before = snapshot(engine, workspace.id)
    with pytest.raises(Refused, match="A published workflow cannot be edited: stop it first"):
        svc.save_draft(
            engine,
            workflow_id=saved.id,
            definition=flow("Welcome", opened(), send("bye", "Bye")),
            expected_revision=published.revision,
        )
    assert snapshot(engine, workspace.id) == before
