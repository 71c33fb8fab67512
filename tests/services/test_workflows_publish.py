"""Workflow service: publish (versions, loops), stop (ejection), version history, restore."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import select

from tests.services.conftest import (
    NOW,
    SeededWorkspace,
    enroll,
    enrollment_statuses,
    flow,
    manual,
    normalised,
    opened,
    same_flow,
    send,
    snapshot,
    step,
    tag_added,
    welcome,
)
from wfstudio.domain.codec import definition_from_dict
from wfstudio.domain.definition import WorkflowDefinition
from wfstudio.domain.issues import Code
from wfstudio.services import workflows as svc
from wfstudio.services.errors import NotFound, Refused
from wfstudio.services.views import WorkflowView
from wfstudio.store import repo
from wfstudio.store.db import session_scope
from wfstudio.store.tables import Enrollment, Wake

LATER = NOW + timedelta(hours=1)


def _draft(engine: Engine, ws: SeededWorkspace, definition: WorkflowDefinition) -> WorkflowView:
    created = svc.create_workflow(
        engine, workspace_id=ws.id, actor_id=ws.owner_id, name=definition.name, now=NOW
    )
    return svc.save_draft(
        engine,
        workflow_id=created.id,
        definition=definition,
        expected_revision=created.revision,
        now=NOW,
    )


def _publish(engine: Engine, ws: SeededWorkspace, view: WorkflowView) -> WorkflowView:
    return svc.publish_workflow(engine, workflow_id=view.id, actor_id=ws.owner_id, now=NOW)


def _edit(engine: Engine, workflow_id: int, definition: WorkflowDefinition) -> WorkflowView:
    view = svc.get_workflow(engine, workflow_id=workflow_id)
    return svc.save_draft(
        engine, workflow_id=workflow_id, definition=definition, expected_revision=view.revision
    )


def _version(engine: Engine, workflow_id: int, number: int) -> WorkflowDefinition:
    with session_scope(engine) as session:
        version = repo.get_version_by_number(
            session=session, workflow_id=workflow_id, number=number
        )
        assert version is not None
        return definition_from_dict(version.definition)


# --- publish ----------------------------------------------------------------------------


def test_publish_stores_version_1_and_records_who_and_when(
    engine: Engine, workspace: SeededWorkspace
) -> None:
    draft = _draft(engine, workspace, welcome())
    published = _publish(engine, workspace, draft)
    assert published.status == "published"
    assert published.current_version == 1
    assert (published.last_published_by, published.last_published_at) == ("Olivia Owner", NOW)
    assert svc.list_workflows(engine, workspace_id=workspace.id) == [published]
    assert same_flow(_version(engine, draft.id, 1), welcome())
    [version] = svc.list_versions(engine, workflow_id=draft.id)
    assert (version.number, version.published_by, version.published_at) == (
        1,
        "Olivia Owner",
        NOW,
    )


def test_publish_after_stop_and_edit_stores_version_2_and_keeps_version_1(
    engine: Engine, workspace: SeededWorkspace
) -> None:
    draft = _draft(engine, workspace, welcome())
    _publish(engine, workspace, draft)
    svc.stop_workflow(engine, workflow_id=draft.id, now=NOW)
    edited = flow("Welcome", opened(), send("hello", "Hello again"))
    _edit(engine, draft.id, edited)
    again = svc.publish_workflow(
        engine, workflow_id=draft.id, actor_id=workspace.agent_id, now=LATER
    )
    assert (again.status, again.current_version) == ("published", 2)
    assert (again.last_published_by, again.last_published_at) == ("Ana Agent", LATER)
    assert same_flow(_version(engine, draft.id, 2), edited)
    assert same_flow(_version(engine, draft.id, 1), welcome())
    history = svc.list_versions(engine, workflow_id=draft.id)
    assert [(v.number, v.published_by, v.published_at) for v in history] == [
        (2, "Ana Agent", LATER),
        (1, "Olivia Owner", NOW),
    ]


def test_publish_refuses_configuration_errors(engine: Engine, workspace: SeededWorkspace) -> None:
    # A new workflow has no trigger yet: its draft cannot be published.
    created = svc.create_workflow(
        engine, workspace_id=workspace.id, actor_id=None, name="Empty", now=NOW
    )
    before = snapshot(engine, workspace.id)
    with pytest.raises(Refused) as refused:
        svc.publish_workflow(engine, workflow_id=created.id, actor_id=None, now=NOW)
    assert refused.value.message.startswith("This workflow cannot be published yet: Choose a")
    assert [issue.code for issue in refused.value.issues] == [Code.NO_TRIGGER]
    assert snapshot(engine, workspace.id) == before
    assert svc.list_versions(engine, workflow_id=created.id) == []


def test_publish_refuses_references_that_went_missing_since_the_save(
    engine: Engine, workspace: SeededWorkspace
) -> None:
    target = _draft(engine, workspace, flow("Sub menu", manual(), send("sub")))
    caller = _draft(
        engine,
        workspace,
        flow("Main menu", opened(), step("go", "trigger_workflow", {"workflow": target.key})),
    )
    svc.delete_workflow(engine, workflow_id=target.id)
    before = snapshot(engine, workspace.id)
    with pytest.raises(Refused) as refused:
        svc.publish_workflow(engine, workflow_id=caller.id, actor_id=None, now=NOW)
    assert refused.value.message.startswith("This workflow cannot be published yet: ")
    assert {(i.step_id, i.code) for i in refused.value.issues} == {("go", Code.UNKNOWN_REFERENCE)}
    assert snapshot(engine, workspace.id) == before


def test_publish_refuses_an_already_published_workflow(
    engine: Engine, workspace: SeededWorkspace
) -> None:
    draft = _draft(engine, workspace, welcome())
    _publish(engine, workspace, draft)
    before = snapshot(engine, workspace.id)
    with pytest.raises(Refused, match="already published"):
        svc.publish_workflow(engine, workflow_id=draft.id, actor_id=None, now=LATER)
    assert snapshot(engine, workspace.id) == before


def test_publish_refuses_a_step_that_fires_its_own_trigger(
    engine: Engine, workspace: SeededWorkspace
) -> None:
    looping = flow(
        "VIP greeting",
        tag_added("vip"),
        send("hello"),
        step("again", "update_contact_tag", {"action": "add", "tags": ["vip"]}, name="Tag VIP"),
    )
    draft = _draft(engine, workspace, looping)  # loops do not block a save
    before = snapshot(engine, workspace.id)
    with pytest.raises(Refused) as refused:
        svc.publish_workflow(engine, workflow_id=draft.id, actor_id=None, now=NOW)
    message = refused.value.message
    assert message.startswith("Workflow loop detected")
    assert '"Tag VIP"' in message and "Tag added: vip" in message
    loops = [i for i in refused.value.issues if i.code == Code.LOOP_SELF_TRIGGER]
    assert [(i.step_id, i.related) for i in loops] == [("again", ("again",))]
    assert snapshot(engine, workspace.id) == before
    assert svc.get_workflow(engine, workflow_id=draft.id).status == "draft"


def test_publish_refuses_a_trigger_workflow_step_aimed_at_its_own_workflow(
    engine: Engine, workspace: SeededWorkspace
) -> None:
    created = svc.create_workflow(engine, workspace_id=workspace.id, actor_id=None, name="Menu")
    itself = flow("Menu", manual(), step("again", "trigger_workflow", {"workflow": created.key}))
    _edit(engine, created.id, itself)
    with pytest.raises(Refused) as refused:
        svc.publish_workflow(engine, workflow_id=created.id, actor_id=None, now=NOW)
    assert refused.value.message.startswith("Workflow loop detected")
    assert "starts this same workflow" in refused.value.message
    assert svc.list_versions(engine, workflow_id=created.id) == []


def test_publish_refuses_steps_that_repeat_without_pausing(
    engine: Engine, workspace: SeededWorkspace
) -> None:
    first = send("first").model_copy(update={"next": {"success": "second"}})
    second = send("second").model_copy(update={"next": {"success": "first"}})
    spinning = WorkflowDefinition(
        name="Spinner", trigger=opened().model_copy(update={"next": "first"}), steps=(first, second)
    )
    draft = _draft(engine, workspace, spinning)
    with pytest.raises(Refused) as refused:
        svc.publish_workflow(engine, workflow_id=draft.id, actor_id=None, now=NOW)
    assert refused.value.message.startswith("Workflow loop detected")
    assert '"Send first"' in refused.value.message and '"Send second"' in refused.value.message
    assert Code.LOOP_NO_PAUSE in {issue.code for issue in refused.value.issues}
    assert svc.get_workflow(engine, workflow_id=draft.id).status == "draft"


def test_publish_refuses_workflows_that_trigger_one_another(
    engine: Engine, workspace: SeededWorkspace
) -> None:
    a = svc.create_workflow(engine, workspace_id=workspace.id, actor_id=None, name="Main menu")
    b = _draft(engine, workspace, flow("Sub menu", manual(), send("faq")))
    to_sub = step("to_sub", "trigger_workflow", {"workflow": b.key}, name="Open sub menu")
    to_main = step("to_main", "trigger_workflow", {"workflow": a.key}, name="Back to main")
    _edit(engine, a.id, flow("Main menu", manual(), to_sub))
    _edit(engine, b.id, flow("Sub menu", manual(), send("faq"), to_main))
    assert _publish(engine, workspace, a).status == "published"
    before = snapshot(engine, workspace.id)
    with pytest.raises(Refused) as refused:
        _publish(engine, workspace, b)
    message = refused.value.message
    assert message.startswith("Workflow loop detected")
    assert '"Main menu"' in message and '"Sub menu"' in message
    assert '"Open sub menu"' in message and '"Back to main"' in message
    [loop] = [i for i in refused.value.issues if i.code == Code.LOOP_ACROSS_WORKFLOWS]
    assert set(loop.related) == {a.key, b.key}
    assert snapshot(engine, workspace.id) == before
    # Once A is stopped the cycle is no longer live: B may be published.
    svc.stop_workflow(engine, workflow_id=a.id, now=NOW)
    assert _publish(engine, workspace, b).status == "published"


def test_publish_refuses_workflows_whose_tag_steps_fire_one_another(
    engine: Engine, workspace: SeededWorkspace
) -> None:
    vip = flow(
        "On VIP",
        tag_added("vip"),
        step("lead", "update_contact_tag", {"action": "add", "tags": ["lead"]}, name="Mark lead"),
    )
    lead = flow(
        "On lead",
        tag_added("lead"),
        step("vip", "update_contact_tag", {"action": "add", "tags": ["vip"]}, name="Mark VIP"),
    )
    first = _publish(engine, workspace, _draft(engine, workspace, vip))
    second = _draft(engine, workspace, lead)
    before = snapshot(engine, workspace.id)
    with pytest.raises(Refused) as refused:
        _publish(engine, workspace, second)
    message = refused.value.message
    assert message.startswith("Workflow loop detected")
    assert '"On VIP"' in message and '"On lead"' in message
    assert '"Mark lead"' in message and '"Mark VIP"' in message
    [loop] = refused.value.issues
    assert loop.code == Code.LOOP_ACROSS_WORKFLOWS
    assert set(loop.related) == {first.key, second.key}
    assert snapshot(engine, workspace.id) == before


# --- stop -------------------------------------------------------------------------------


def test_stop_ejects_every_active_enrollment_at_once(
    engine: Engine, workspace: SeededWorkspace
) -> None:
    draft = _draft(engine, workspace, welcome())
    _publish(engine, workspace, draft)
    other = _publish(engine, workspace, _draft(engine, workspace, welcome("Other")))
    ids = enroll(engine, workspace.id, draft.id, 3)
    other_ids = enroll(engine, workspace.id, other.id, 2)
    with session_scope(engine) as session:
        repo.end_enrollments(
            session=session, enrollment_ids=ids[:1], status="completed", reason="done", now=NOW
        )
        for enrollment_id in (ids[1], other_ids[0]):
            repo.schedule_wake(
                session=session,
                enrollment_id=enrollment_id,
                step_id="hello",
                kind="wait",
                due_at=LATER,
            )
    ejected = svc.stop_workflow(engine, workflow_id=draft.id, now=LATER)
    assert ejected == 2
    assert svc.get_workflow(engine, workflow_id=draft.id).status == "stopped"
    assert enrollment_statuses(engine, draft.id) == {
        ids[0]: ("completed", "done"),
        ids[1]: ("ejected", "workflow_stopped"),
        ids[2]: ("ejected", "workflow_stopped"),
    }
    with session_scope(engine) as session:
        assert repo.active_enrollments(session=session, workflow_id=draft.id) == []
        ended = session.get(Enrollment, ids[1])
        assert ended is not None and ended.ended_at == LATER
        # The ejected contact's timer is gone; the other workflow's stays.
        assert [w.enrollment_id for w in session.exec(select(Wake)).all()] == [other_ids[0]]
    assert set(enrollment_statuses(engine, other.id).values()) == {("active", None)}
    assert sorted(enrollment_statuses(engine, other.id)) == other_ids


def test_republishing_does_not_re_enroll_ejected_contacts(
    engine: Engine, workspace: SeededWorkspace
) -> None:
    draft = _draft(engine, workspace, welcome())
    _publish(engine, workspace, draft)
    ids = enroll(engine, workspace.id, draft.id, 2)
    svc.stop_workflow(engine, workflow_id=draft.id, now=NOW)
    again = svc.publish_workflow(engine, workflow_id=draft.id, actor_id=None, now=LATER)
    assert (again.status, again.current_version) == ("published", 2)
    assert enrollment_statuses(engine, draft.id) == dict.fromkeys(
        ids, ("ejected", "workflow_stopped")
    )
    with session_scope(engine) as session:
        rows = session.exec(select(Enrollment).where(Enrollment.workflow_id == draft.id)).all()
        assert sorted(row.id or 0 for row in rows) == ids
        assert repo.active_enrollments(session=session, workflow_id=draft.id) == []


@pytest.mark.parametrize("stop_first", [False, True])
def test_stop_refuses_a_workflow_that_is_not_published(
    engine: Engine, workspace: SeededWorkspace, stop_first: bool
) -> None:
    draft = _draft(engine, workspace, welcome())
    if stop_first:
        _publish(engine, workspace, draft)
        svc.stop_workflow(engine, workflow_id=draft.id, now=NOW)
    before = snapshot(engine, workspace.id)
    with pytest.raises(Refused, match="Only a published workflow can be stopped"):
        svc.stop_workflow(engine, workflow_id=draft.id, now=LATER)
    assert snapshot(engine, workspace.id) == before


def test_a_stopped_workflow_can_be_edited(engine: Engine, workspace: SeededWorkspace) -> None:
    draft = _draft(engine, workspace, welcome())
    _publish(engine, workspace, draft)
    svc.stop_workflow(engine, workflow_id=draft.id, now=NOW)
    edited = flow("Welcome", opened(), send("hello", "Changed"))
    saved = _edit(engine, draft.id, edited)
    assert saved.status == "stopped"
    assert same_flow(svc.get_draft(engine, workflow_id=draft.id)[1], edited)
    assert same_flow(_version(engine, draft.id, 1), welcome())


# --- version history and restore -------------------------------------------------------


def _two_versions(engine: Engine, ws: SeededWorkspace) -> tuple[WorkflowView, WorkflowDefinition]:
    draft = _draft(engine, ws, welcome())
    _publish(engine, ws, draft)
    svc.stop_workflow(engine, workflow_id=draft.id, now=NOW)
    second = flow("Welcome", opened(), send("hello", "Version two"))
    _edit(engine, draft.id, second)
    svc.publish_workflow(engine, workflow_id=draft.id, actor_id=None, now=LATER)
    return draft, second


def test_version_history_is_newest_first(engine: Engine, workspace: SeededWorkspace) -> None:
    draft, _ = _two_versions(engine, workspace)
    history = svc.list_versions(engine, workflow_id=draft.id)
    assert [(v.number, v.published_by, v.published_at) for v in history] == [
        (2, "", LATER),
        (1, "Olivia Owner", NOW),
    ]


def test_restore_copies_an_older_version_into_the_draft_of_a_stopped_workflow(
    engine: Engine, workspace: SeededWorkspace
) -> None:
    draft, second = _two_versions(engine, workspace)
    svc.stop_workflow(engine, workflow_id=draft.id, now=LATER)
    svc.rename_workflow(engine, workflow_id=draft.id, name="Renamed", description="Now")
    before = svc.get_workflow(engine, workflow_id=draft.id)
    restored = svc.restore_version(engine, workflow_id=draft.id, number=1, now=LATER)
    assert restored.status == "stopped"
    assert restored.revision == before.revision + 1
    assert restored.current_version == 2  # what runs is unchanged until the next publish
    view, restored_draft = svc.get_draft(engine, workflow_id=draft.id)
    assert same_flow(restored_draft, welcome())
    assert (view.name, restored_draft.name, restored_draft.description) == (
        "Renamed",
        "Renamed",
        "Now",
    )
    assert [v.number for v in svc.list_versions(engine, workflow_id=draft.id)] == [2, 1]
    assert normalised(_version(engine, draft.id, 2)).steps == normalised(second).steps


def test_restore_is_refused_while_published_and_for_an_unknown_version(
    engine: Engine, workspace: SeededWorkspace
) -> None:
    draft, _ = _two_versions(engine, workspace)
    before = snapshot(engine, workspace.id)
    with pytest.raises(Refused, match="Stop the workflow before restoring"):
        svc.restore_version(engine, workflow_id=draft.id, number=1)
    assert snapshot(engine, workspace.id) == before
    svc.stop_workflow(engine, workflow_id=draft.id, now=LATER)
    before = snapshot(engine, workspace.id)
    with pytest.raises(NotFound, match="Version 3 of this workflow does not exist"):
        svc.restore_version(engine, workflow_id=draft.id, number=3)
    assert snapshot(engine, workspace.id) == before
