"""Run repository: enrollments (one active per workflow, history) and step logs."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from tests.store import factories as f
from wfstudio.store import repo, repo_runs
from wfstudio.store.db import session_scope
from wfstudio.store.tables import Enrollment, StepLog, WorkflowVersion


def _new(version: WorkflowVersion, contact_id: int, **fields: object) -> Enrollment:
    assert version.id is not None
    return Enrollment(
        workflow_id=version.workflow_id,
        version_id=version.id,
        contact_id=contact_id,
        started_at=f.NOW,
        **fields,
    )


def test_start_enrollment_refuses_a_second_active_one(session: Session) -> None:
    ws = f.workspace(session)
    version = f.publish(session, f.workflow(session, ws, "W"))
    person = f.contact(session, ws)
    assert person.id is not None
    first = repo.start_enrollment(session=session, enrollment=_new(version, person.id))
    assert first is not None and first.id is not None
    assert repo.start_enrollment(session=session, enrollment=_new(version, person.id)) is None
    assert (
        repo.active_enrollment(
            session=session, workflow_id=version.workflow_id, contact_id=person.id
        )
        is first
    )
    assert (
        repo.end_enrollments(
            session=session,
            enrollment_ids=[first.id],
            status="completed",
            reason="end",
            now=f.later(hours=1),
        )
        == 1
    )
    again = repo.start_enrollment(session=session, enrollment=_new(version, person.id))
    assert again is not None and again.id != first.id
    with pytest.raises(ValueError):
        repo.start_enrollment(
            session=session, enrollment=_new(version, person.id, status="completed")
        )


def test_start_enrollment_loses_a_race_gracefully(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the pre-check cannot see a concurrent insert, the unique index decides."""
    with session_scope(engine) as session:
        ws = f.workspace(session)
        version = f.publish(session, f.workflow(session, ws, "W"))
        person = f.contact(session, ws)
        assert person.id is not None
        session.add(_new(version, person.id))
        session.flush()
        ids = (version.id, person.id)
    checks: list[int] = []
    original = repo_runs.active_enrollment

    def blind_once(**kwargs: Any) -> Enrollment | None:
        checks.append(1)
        return None if len(checks) == 1 else original(**kwargs)

    monkeypatch.setattr(repo_runs, "active_enrollment", blind_once)
    with session_scope(engine) as session:
        version = session.get(WorkflowVersion, ids[0])
        assert version is not None
        assert repo.start_enrollment(session=session, enrollment=_new(version, ids[1])) is None
        # The transaction is still usable after the failed savepoint.
        assert len(repo.active_enrollments(session=session, workflow_id=version.workflow_id)) == 1
    assert len(checks) == 2


def test_ever_enrolled_keeps_the_history(session: Session) -> None:
    ws = f.workspace(session)
    version = f.publish(session, f.workflow(session, ws, "W"))
    person, tester, stranger = (
        f.contact(session, ws),
        f.contact(session, ws),
        f.contact(session, ws),
    )
    f.enrollment(session, version, person, status="completed", ended_at=f.NOW)
    f.enrollment(session, version, tester, is_test=True)
    wid = version.workflow_id
    assert repo.ever_enrolled(session=session, workflow_id=wid, contact_id=person.id)  # type: ignore[arg-type]
    assert not repo.ever_enrolled(session=session, workflow_id=wid, contact_id=tester.id)  # type: ignore[arg-type]
    assert repo.ever_enrolled(
        session=session, workflow_id=wid, contact_id=tester.id, include_test=True
    )  # type: ignore[arg-type]
    assert not repo.ever_enrolled(session=session, workflow_id=wid, contact_id=stranger.id)  # type: ignore[arg-type]


def test_stop_ejects_every_active_enrollment_and_drops_their_wakes(session: Session) -> None:
    ws = f.workspace(session)
    version = f.publish(session, f.workflow(session, ws, "W"))
    other = f.publish(session, f.workflow(session, ws, "Other"))
    people = [f.contact(session, ws) for _ in range(3)]
    runs = [f.enrollment(session, version, person, current_step_id="ask") for person in people[:2]]
    done = f.enrollment(session, version, people[2], status="completed", ended_at=f.NOW)
    elsewhere = f.enrollment(session, other, people[0])
    for run in [*runs, elsewhere]:
        repo.schedule_wake(
            session=session,
            enrollment_id=run.id,
            step_id="ask",
            kind="timeout",
            due_at=f.later(days=1),
        )  # type: ignore[arg-type]

    active = repo.active_enrollments(session=session, workflow_id=version.workflow_id)
    assert active == runs
    ids = [run.id for run in active] + [done.id]
    ended = repo.end_enrollments(
        session=session,
        enrollment_ids=ids,
        status="ejected",
        reason="workflow_stopped",
        now=f.later(hours=1),
    )  # type: ignore[arg-type]
    assert ended == 2
    assert [(run.status, run.end_reason, run.ended_at) for run in runs] == [
        ("ejected", "workflow_stopped", f.later(hours=1))
    ] * 2
    assert done.status == "completed" and done.end_reason is None
    assert repo.active_enrollments(session=session, workflow_id=version.workflow_id) == []
    assert repo.pending_wakes(session=session, enrollment_id=runs[0].id) == []  # type: ignore[arg-type]
    assert len(repo.pending_wakes(session=session, enrollment_id=elsewhere.id)) == 1  # type: ignore[arg-type]
    assert (
        repo.end_enrollments(
            session=session, enrollment_ids=[], status="ejected", reason="x", now=f.NOW
        )
        == 0
    )
    assert repo.contact_active_enrollments(session=session, contact_id=people[0].id) == [elsewhere]  # type: ignore[arg-type]


def test_history_and_counters(session: Session) -> None:
    ws = f.workspace(session)
    wf = f.workflow(session, ws, "W")
    v1 = f.publish(session, wf, 1)
    v2 = f.publish(session, wf, 2)
    ann, bob = f.contact(session, ws), f.contact(session, ws)
    old = f.enrollment(session, v1, ann, status="completed", ended_at=f.NOW)
    waiting = f.enrollment(session, v2, ann, current_step_id="ask")
    other = f.enrollment(session, v2, bob, current_step_id="ask", is_test=True)
    for run, version, step, minute in [
        (old, v1, "hello", 0),
        (waiting, v2, "hello", 1),
        (waiting, v2, "ask", 2),
        (other, v2, "hello", 3),
    ]:
        session.add(
            StepLog(
                enrollment_id=run.id,
                workflow_id=wf.id,
                version_id=version.id,
                step_id=step,
                kind="x",
                entered_at=f.later(minutes=minute),
                status="done",
            )
        )  # type: ignore[arg-type]
    session.flush()
    assert wf.id is not None
    assert repo.waiting_counts(session=session, workflow_id=wf.id) == {"ask": 2}
    assert repo.step_counts(session=session, workflow_id=wf.id) == {"hello": 3, "ask": 1}
    assert repo.step_counts(session=session, workflow_id=wf.id, version_id=v1.id) == {"hello": 1}
    assert [log.step_id for log in repo.step_logs(session=session, enrollment_id=waiting.id)] == [
        "hello",
        "ask",
    ]  # type: ignore[arg-type]
    assert repo.contact_enrollments(session=session, contact_id=ann.id) == [waiting, old]  # type: ignore[arg-type]
    assert repo.workflow_enrollments(session=session, workflow_id=wf.id) == [other, waiting, old]
    assert repo.workflow_enrollments(
        session=session, workflow_id=wf.id, include_test=False, limit=1
    ) == [waiting]
    assert repo.get_enrollment(session=session, enrollment_id=old.id) is old  # type: ignore[arg-type]


def test_open_step_log(session: Session) -> None:
    ws = f.workspace(session)
    wf = f.workflow(session, ws, "W")
    version = f.publish(session, wf)
    run = f.enrollment(session, version, f.contact(session, ws))
    closed = StepLog(
        enrollment_id=run.id,
        workflow_id=wf.id,
        version_id=version.id,
        step_id="ask",
        kind="ask_question",
        entered_at=f.NOW,
        left_at=f.NOW,
        status="done",
        port="answered",
    )  # type: ignore[arg-type]
    waiting = StepLog(
        enrollment_id=run.id,
        workflow_id=wf.id,
        version_id=version.id,
        step_id="ask",
        kind="ask_question",
        entered_at=f.later(minutes=1),
        status="waiting",
        input_summary={"question": "Email?"},
    )  # type: ignore[arg-type]
    session.add_all([closed, waiting])
    session.flush()
    assert repo.open_step_log(session=session, enrollment_id=run.id, step_id="ask") is waiting  # type: ignore[arg-type]
    assert repo.open_step_log(session=session, enrollment_id=run.id, step_id="other") is None  # type: ignore[arg-type]
