"""Workflow repository: search and filters, names, revisions, versions."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlmodel import Session

from tests.store import factories as f
from wfstudio.store import repo
from wfstudio.store.db import session_scope
from wfstudio.store.tables import Workflow, WorkflowVersion


def _names(workflows: list[Workflow]) -> list[str]:
    return [workflow.name for workflow in workflows]


def test_list_workflows_searches_names_case_insensitively(session: Session) -> None:
    ws = f.workspace(session)
    assert ws.id is not None
    for name in ["Welcome new leads", "VIP welcome", "Ünïcode Ärger", "Close stale chats"]:
        f.workflow(session, ws, name)
    f.workflow(session, f.workspace(session, "Other"), "Welcome elsewhere")
    found = repo.list_workflows(session=session, workspace_id=ws.id, search="WELCOME")
    assert _names(found) == ["VIP welcome", "Welcome new leads"]
    assert _names(repo.list_workflows(session=session, workspace_id=ws.id, search="ärger")) == [
        "Ünïcode Ärger"
    ]
    assert _names(repo.list_workflows(session=session, workspace_id=ws.id, search="50%")) == []
    assert len(repo.list_workflows(session=session, workspace_id=ws.id)) == 4


def test_list_workflows_filters_by_status_and_orders(session: Session) -> None:
    ws = f.workspace(session)
    assert ws.id is not None
    f.workflow(session, ws, "b draft", updated_at=f.later(hours=3))
    f.workflow(session, ws, "A live", status="published", updated_at=f.later(hours=1))
    f.workflow(session, ws, "c stopped", status="stopped", updated_at=f.later(hours=2))
    assert _names(repo.list_workflows(session=session, workspace_id=ws.id, status="published")) == [
        "A live"
    ]
    both = repo.list_workflows(session=session, workspace_id=ws.id, status=("draft", "stopped"))
    assert _names(both) == ["b draft", "c stopped"]
    newest = repo.list_workflows(session=session, workspace_id=ws.id, order="updated")
    assert _names(newest) == ["b draft", "c stopped", "A live"]
    assert (
        repo.list_workflows(session=session, workspace_id=ws.id, search="b", status="published")
        == []
    )


def test_count_and_name_and_key_checks(session: Session) -> None:
    ws = f.workspace(session)
    assert ws.id is not None
    wf = f.workflow(session, ws, "Lead intake", key="lead_intake")
    f.workflow(session, ws, "Other", status="published")
    assert repo.count_workflows(session=session, workspace_id=ws.id) == 2
    assert repo.count_workflows(session=session, workspace_id=ws.id, status="published") == 1
    assert repo.workflow_name_exists(session=session, workspace_id=ws.id, name=" lead INTAKE ")
    assert not repo.workflow_name_exists(
        session=session, workspace_id=ws.id, name="Lead intake", exclude_id=wf.id
    )
    assert not repo.workflow_name_exists(
        session=session, workspace_id=ws.id, name="Lead intake (2)"
    )
    assert repo.workflow_key_exists(session=session, workspace_id=ws.id, key="lead_intake")
    assert not repo.workflow_key_exists(session=session, workspace_id=ws.id, key="lead")


def test_a_stale_save_is_refused(engine: Engine) -> None:
    with session_scope(engine) as session:
        wf = f.workflow(session, f.workspace(session), "Draft")
        workflow_id, revision = wf.id, wf.revision
    assert workflow_id is not None
    with session_scope(engine) as session:
        loaded = session.get(Workflow, workflow_id)
        assert repo.update_workflow_if_revision(
            session=session,
            workflow_id=workflow_id,
            expected_revision=revision,
            changes={"name": "Renamed", "draft": f.draft("Renamed")},
            now=f.later(minutes=5),
        )
        assert loaded is not None and loaded.revision == revision + 1 and loaded.name == "Renamed"
    with session_scope(engine) as session:
        assert not repo.update_workflow_if_revision(
            session=session,
            workflow_id=workflow_id,
            expected_revision=revision,
            changes={"name": "Stale"},
            now=f.later(minutes=6),
        )
    with session_scope(engine) as session:
        stored = session.get(Workflow, workflow_id)
        assert stored is not None
        assert (stored.name, stored.revision, stored.updated_at) == (
            "Renamed",
            revision + 1,
            f.later(minutes=5),
        )
        assert stored.draft["name"] == "Renamed"


def test_versions(session: Session) -> None:
    ws = f.workspace(session)
    assert ws.id is not None
    wf = f.workflow(session, ws, "Versioned")
    assert wf.id is not None
    assert repo.next_version_number(session=session, workflow_id=wf.id) == 1
    first = f.publish(session, wf, 1)
    second = f.publish(session, wf, 2)
    assert repo.next_version_number(session=session, workflow_id=wf.id) == 3
    assert repo.list_versions(session=session, workflow_id=wf.id) == [second, first]
    assert repo.get_version_by_number(session=session, workflow_id=wf.id, number=1) is first
    assert repo.get_version(session=session, version_id=second.id) is second  # type: ignore[arg-type]
    assert repo.get_version_by_number(session=session, workflow_id=wf.id, number=9) is None


def test_published_versions_pairs_each_live_workflow_with_its_current_version(
    session: Session,
) -> None:
    ws = f.workspace(session)
    assert ws.id is not None
    live = f.workflow(session, ws, "Live")
    f.publish(session, live, 1)
    current = f.publish(session, live, 2)
    stopped = f.workflow(session, ws, "Stopped")
    f.publish(session, stopped)
    stopped.status = "stopped"
    f.workflow(session, ws, "Draft")
    session.flush()
    pairs = repo.published_versions(session=session, workspace_id=ws.id)
    assert [(wf.name, version.number) for wf, version in pairs] == [("Live", 2)]
    assert isinstance(pairs[0][1], WorkflowVersion) and pairs[0][1] is current


def test_get_workflow_by_webhook_secret(session: Session) -> None:
    ws = f.workspace(session)
    wf = f.workflow(session, ws, "Hook", trigger_kind="incoming_webhook")
    wf.webhook_secret = "s3cr3t"
    session.flush()
    assert repo.get_workflow(session=session, workflow_id=wf.id) is wf  # type: ignore[arg-type]
    assert repo.get_workflow_by_webhook_secret(session=session, secret="s3cr3t") is wf
    assert repo.get_workflow_by_webhook_secret(session=session, secret="") is None
    assert repo.get_workflow_by_webhook_secret(session=session, secret="nope") is None
