"""Workflow service: clone, delete and Workflow Settings (stop for a contact, exit conditions)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import col, select

from tests.services.conftest import (
    NOW,
    SeededWorkspace,
    enroll,
    flow,
    opened,
    same_flow,
    send,
    snapshot,
    welcome,
)
from wfstudio.domain.definition import Settings, WorkflowDefinition
from wfstudio.services import workflows as svc
from wfstudio.services.errors import NotFound, Refused
from wfstudio.services.views import WorkflowView
from wfstudio.store import repo
from wfstudio.store.db import session_scope
from wfstudio.store.tables import Contact, Enrollment, StepLog, Wake, Workflow, WorkflowVersion
from wfstudio.store.tables import Workspace as WorkspaceRow

LATER = NOW + timedelta(days=1)
STOPPABLE = Settings(allow_stop_for_contact=True, exit_on=("incoming_message", "outgoing_message"))


def _draft(
    engine: Engine, ws: SeededWorkspace, definition: WorkflowDefinition, description: str = ""
) -> WorkflowView:
    created = svc.create_workflow(
        engine,
        workspace_id=ws.id,
        actor_id=ws.owner_id,
        name=definition.name,
        description=description,
        now=NOW,
    )
    return svc.save_draft(
        engine,
        workflow_id=created.id,
        definition=definition,
        expected_revision=created.revision,
        now=NOW,
    )


def _published(engine: Engine, ws: SeededWorkspace, definition: WorkflowDefinition) -> WorkflowView:
    view = _draft(engine, ws, definition)
    return svc.publish_workflow(engine, workflow_id=view.id, actor_id=ws.owner_id, now=NOW)


# --- clone ------------------------------------------------------------------------------


def test_clone_is_a_draft_named_clone_with_the_same_trigger_steps_and_settings(
    engine: Engine, workspace: SeededWorkspace
) -> None:
    source = _published(engine, workspace, welcome())
    svc.update_settings(engine, workflow_id=source.id, settings=STOPPABLE)
    clone = svc.clone_workflow(
        engine, workflow_id=source.id, actor_id=workspace.agent_id, now=LATER
    )
    assert (clone.name, clone.status, clone.current_version) == ("Welcome clone", "draft", None)
    assert (clone.created_by, clone.created_at) == ("Ana Agent", LATER)
    assert clone.last_published_at is None and clone.key != source.key
    assert clone.settings == STOPPABLE
    _, source_draft = svc.get_draft(engine, workflow_id=source.id)
    _, clone_draft = svc.get_draft(engine, workflow_id=clone.id)
    assert same_flow(clone_draft, source_draft) and same_flow(clone_draft, welcome())
    assert clone_draft.settings == STOPPABLE and clone_draft.name == "Welcome clone"
    # The source is untouched and still runs.
    assert svc.get_workflow(engine, workflow_id=source.id).status == "published"
    assert svc.list_versions(engine, workflow_id=clone.id) == []


def test_a_second_clone_gets_a_number(engine: Engine, workspace: SeededWorkspace) -> None:
    source = _draft(engine, workspace, welcome())
    first = svc.clone_workflow(engine, workflow_id=source.id, actor_id=None, now=NOW)
    second = svc.clone_workflow(engine, workflow_id=source.id, actor_id=None, now=NOW)
    third = svc.clone_workflow(engine, workflow_id=source.id, actor_id=None, now=NOW)
    assert [first.name, second.name, third.name] == [
        "Welcome clone",
        "Welcome clone (2)",
        "Welcome clone (3)",
    ]
    assert len({first.key, second.key, third.key, source.key}) == 4


def test_clone_keeps_the_description(engine: Engine, workspace: SeededWorkspace) -> None:
    source = _draft(engine, workspace, welcome(), description="Greets new contacts")
    clone = svc.clone_workflow(engine, workflow_id=source.id, actor_id=None, now=NOW)
    assert clone.description == "Greets new contacts"


def test_clone_is_refused_at_the_workflow_limit(engine: Engine, workspace: SeededWorkspace) -> None:
    source = _draft(engine, workspace, welcome())
    with session_scope(engine) as session:
        row = session.get(WorkspaceRow, workspace.id)
        assert row is not None
        row.settings = {"max_workflows": 1}
        session.add(row)
    before = snapshot(engine, workspace.id)
    with pytest.raises(Refused, match="already has 1 workflows"):
        svc.clone_workflow(engine, workflow_id=source.id, actor_id=None, now=NOW)
    assert snapshot(engine, workspace.id) == before


# --- delete -----------------------------------------------------------------------------


def test_delete_is_refused_while_published(engine: Engine, workspace: SeededWorkspace) -> None:
    live = _published(engine, workspace, welcome())
    enroll(engine, workspace.id, live.id, 2)
    before = snapshot(engine, workspace.id)
    with pytest.raises(Refused, match="A published workflow cannot be deleted: stop it first"):
        svc.delete_workflow(engine, workflow_id=live.id)
    assert snapshot(engine, workspace.id) == before


def test_delete_removes_a_stopped_workflow_with_its_versions_and_enrollments(
    engine: Engine, workspace: SeededWorkspace
) -> None:
    doomed = _published(engine, workspace, welcome())
    kept = _published(engine, workspace, welcome("Kept"))
    doomed_enrollments = enroll(engine, workspace.id, doomed.id, 2)
    kept_enrollments = enroll(engine, workspace.id, kept.id, 1)
    with session_scope(engine) as session:
        doomed_row = session.get(Workflow, doomed.id)
        assert doomed_row is not None and doomed_row.current_version_id is not None
        session.add(
            StepLog(
                enrollment_id=doomed_enrollments[0],
                workflow_id=doomed.id,
                version_id=doomed_row.current_version_id,
                step_id="hello",
                kind="send_message",
                entered_at=NOW,
            )
        )
        session.add(
            Wake(enrollment_id=doomed_enrollments[0], step_id="hello", kind="wait", due_at=LATER)
        )
    svc.stop_workflow(engine, workflow_id=doomed.id, now=NOW)
    kept_before = svc.get_draft(engine, workflow_id=kept.id)
    svc.delete_workflow(engine, workflow_id=doomed.id, now=LATER)

    assert [view.name for view in svc.list_workflows(engine, workspace_id=workspace.id)] == ["Kept"]
    with pytest.raises(NotFound):
        svc.get_workflow(engine, workflow_id=doomed.id)
    with session_scope(engine) as session:
        assert (
            session.exec(
                select(WorkflowVersion).where(WorkflowVersion.workflow_id == doomed.id)
            ).all()
            == []
        )
        assert (
            session.exec(select(Enrollment).where(col(Enrollment.id).in_(doomed_enrollments))).all()
            == []
        )
        assert session.exec(select(StepLog).where(StepLog.workflow_id == doomed.id)).all() == []
        assert session.exec(select(Wake)).all() == []
        assert [e.id for e in repo.active_enrollments(session=session, workflow_id=kept.id)] == (
            kept_enrollments
        )
        # Contacts are not the workflow's: they stay.
        assert len(session.exec(select(Contact)).all()) == 3
    assert svc.get_draft(engine, workflow_id=kept.id) == kept_before
    assert svc.create_workflow(engine, workspace_id=workspace.id, actor_id=None, name="Welcome")


def test_delete_removes_a_draft(engine: Engine, workspace: SeededWorkspace) -> None:
    draft = _draft(engine, workspace, welcome())
    svc.delete_workflow(engine, workflow_id=draft.id)
    assert svc.list_workflows(engine, workspace_id=workspace.id) == []
    with pytest.raises(NotFound):
        svc.delete_workflow(engine, workflow_id=draft.id)


# --- Workflow Settings ------------------------------------------------------------------


def test_settings_change_while_published_without_a_new_version(
    engine: Engine, workspace: SeededWorkspace
) -> None:
    live = _published(engine, workspace, welcome())
    changed = svc.update_settings(engine, workflow_id=live.id, settings=STOPPABLE, now=LATER)
    assert (changed.status, changed.current_version, changed.settings) == (
        "published",
        1,
        STOPPABLE,
    )
    view, draft = svc.get_draft(engine, workflow_id=live.id)
    assert view.settings == STOPPABLE and draft.settings == STOPPABLE
    assert [v.number for v in svc.list_versions(engine, workflow_id=live.id)] == [1]
    with session_scope(engine) as session:
        row = session.get(Workflow, live.id)
        assert row is not None
        assert row.settings == {
            "allow_stop_for_contact": True,
            "exit_on": ["outgoing_message", "incoming_message"],
        }
    turned_off = svc.update_settings(engine, workflow_id=live.id, settings=Settings())
    assert turned_off.settings == Settings()


def test_a_save_keeps_the_settings(engine: Engine, workspace: SeededWorkspace) -> None:
    draft = _draft(engine, workspace, welcome())
    updated = svc.update_settings(engine, workflow_id=draft.id, settings=STOPPABLE)
    edited = flow("Welcome", opened(), send("hello", "Changed"), settings=Settings())
    saved = svc.save_draft(
        engine, workflow_id=draft.id, definition=edited, expected_revision=updated.revision
    )
    assert saved.settings == STOPPABLE
    assert svc.get_draft(engine, workflow_id=draft.id)[1].settings == STOPPABLE
