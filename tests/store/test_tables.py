"""Constraints the schema enforces, and JSON documents surviving a round trip."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine, func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from tests.store import factories as f
from wfstudio.domain.codec import definition_from_dict, definition_to_dict, dump
from wfstudio.domain.definition import (
    Condition,
    ConditionGroup,
    Position,
    Settings,
    Step,
    Trigger,
    WorkflowDefinition,
)
from wfstudio.store.db import session_scope
from wfstudio.store.tables import (
    Conversation,
    Enrollment,
    StepLog,
    Tag,
    Wake,
    Workflow,
    WorkflowVersion,
)


def _definition() -> WorkflowDefinition:
    return WorkflowDefinition(
        name="Welcome VIPs — ünïcödé ✓",
        description='Quotes " and \\ backslashes',
        settings=Settings(allow_stop_for_contact=True, exit_on=("incoming_message",)),
        trigger=Trigger(
            kind="contact_tag_updated",
            config={"action": "added", "tags": ["vip"]},
            conditions=ConditionGroup(
                join="or",
                rules=(
                    Condition(category="contact_field", field="email", operator="exists"),
                    Condition(
                        category="variable", field="var.score", operator="between", value=[1.5, 10]
                    ),
                ),
            ),
            once_per_contact=True,
            next="hello",
        ),
        steps=(
            Step(
                id="hello",
                kind="send_message",
                name="Hello",
                config={"text": "Hi $contact.firstname"},
                next={"success": "wait"},
            ),
            Step(
                id="wait",
                kind="wait",
                name="Wait",
                config={"amount": 2, "unit": "days"},
            ),
        ),
        layout={"hello": Position(x=10.5, y=-3), "wait": Position(x=0, y=120)},
    )


def _setup(session: Session) -> tuple[Any, WorkflowVersion, Any]:
    ws = f.workspace(session)
    version = f.publish(session, f.workflow(session, ws, "Onboarding"))
    return ws, version, f.contact(session, ws, firstname="Ann")


def test_a_definition_round_trips_through_a_json_column(engine: Engine) -> None:
    defn = _definition()
    stored = definition_to_dict(defn)
    with session_scope(engine) as session:
        ws = f.workspace(session)
        wf = f.workflow(session, ws, "Round trip")
        wf.draft = stored
        workflow_id = wf.id
    with session_scope(engine) as session:
        loaded = session.get(Workflow, workflow_id)
        assert loaded is not None
        assert loaded.draft == stored
        assert dump(definition_from_dict(loaded.draft)) == dump(defn)


def test_one_active_enrollment_per_contact_and_workflow(engine: Engine) -> None:
    with session_scope(engine) as session:
        _ws, version, person = _setup(session)
        first = f.enrollment(session, version, person)
        ids = (version.id, person.id, first.id)

    with pytest.raises(IntegrityError), session_scope(engine) as session:
        version = session.get(WorkflowVersion, ids[0])
        person_id = ids[1]
        session.add(
            Enrollment(
                workflow_id=version.workflow_id,
                version_id=version.id,
                contact_id=person_id,
                started_at=f.NOW,
            )  # type: ignore[union-attr]
        )

    with session_scope(engine) as session:
        first_row = session.get(Enrollment, ids[2])
        assert first_row is not None
        first_row.status = "completed"
        first_row.ended_at = f.later(hours=1)
    with session_scope(engine) as session:
        version = session.get(WorkflowVersion, ids[0])
        assert version is not None
        session.add(
            Enrollment(
                workflow_id=version.workflow_id,
                version_id=ids[0],
                contact_id=ids[1],
                started_at=f.later(hours=2),
            )
        )
    with session_scope(engine) as session:
        statuses = session.exec(select(Enrollment.status).order_by(col(Enrollment.id))).all()
    assert statuses == ["completed", "active"]


def test_a_contact_may_be_active_in_several_workflows(session: Session) -> None:
    ws, version, person = _setup(session)
    other = f.publish(session, f.workflow(session, ws, "Other"))
    f.enrollment(session, version, person)
    f.enrollment(session, other, person)
    assert session.exec(select(func.count()).select_from(Enrollment)).one() == 2


def test_one_open_conversation_per_contact(engine: Engine) -> None:
    with session_scope(engine) as session:
        ws, _version, person = _setup(session)
        open_conversation = dict(
            workspace_id=ws.id, contact_id=person.id, opened_by_source="contact", opened_at=f.NOW
        )
        session.add(Conversation(**open_conversation, status="closed", closed_at=f.NOW))
        session.add(Conversation(**open_conversation))
    with pytest.raises(IntegrityError), session_scope(engine) as session:
        session.add(Conversation(**open_conversation))


def test_status_values_are_checked(engine: Engine) -> None:
    with session_scope(engine) as session:
        _ws, version, person = _setup(session)
        ids = (version.workflow_id, version.id, person.id)
    with pytest.raises(IntegrityError), session_scope(engine) as session:
        session.add(
            Enrollment(
                workflow_id=ids[0],
                version_id=ids[1],
                contact_id=ids[2],
                status="paused",
                started_at=f.NOW,
            )  # type: ignore[arg-type]
        )


def test_keys_are_unique_per_workspace(engine: Engine) -> None:
    with session_scope(engine) as session:
        first = f.workspace(session, "One")
        second = f.workspace(session, "Two")
        session.add(Tag(workspace_id=first.id, key="vip", label="VIP"))
        session.add(Tag(workspace_id=second.id, key="vip", label="VIP"))
        first_id = first.id
    with pytest.raises(IntegrityError), session_scope(engine) as session:
        session.add(Tag(workspace_id=first_id, key="vip", label="Again"))


def test_version_numbers_are_unique_per_workflow(engine: Engine) -> None:
    with session_scope(engine) as session:
        _ws, version, _person = _setup(session)
        workflow_id = version.workflow_id
    with pytest.raises(IntegrityError), session_scope(engine) as session:
        session.add(
            WorkflowVersion(workflow_id=workflow_id, number=1, definition={}, published_at=f.NOW)
        )


def test_versions_are_immutable(session: Session) -> None:
    _ws, version, _person = _setup(session)
    version.definition = {"changed": True}
    with pytest.raises(ValueError, match="immutable"):
        session.flush()
    session.rollback()


def test_deleting_a_workflow_removes_its_versions_and_runs(engine: Engine) -> None:
    with session_scope(engine) as session:
        _ws, version, person = _setup(session)
        run = f.enrollment(session, version, person)
        assert run.id is not None and version.id is not None
        session.add(
            StepLog(
                enrollment_id=run.id,
                workflow_id=version.workflow_id,
                version_id=version.id,
                step_id="a",
                kind="wait",
                entered_at=f.NOW,
            )
        )
        session.add(Wake(enrollment_id=run.id, step_id="a", kind="wait", due_at=f.later(days=1)))
        workflow_id = version.workflow_id
    with session_scope(engine) as session:
        wf = session.get(Workflow, workflow_id)
        session.delete(wf)
    with session_scope(engine) as session:
        for table in (Workflow, WorkflowVersion, Enrollment, StepLog, Wake):
            assert session.exec(select(func.count()).select_from(table)).one() == 0, table
