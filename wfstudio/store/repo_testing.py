"""Repository functions for the test chat: test sessions, test snapshots of drafts, and
the counters that leave test runs out.

Keyword-only, take the session, never commit (DESIGN §4).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from wfstudio.domain.codec import definition_to_dict
from wfstudio.domain.definition import WorkflowDefinition
from wfstudio.domain.issues import errors
from wfstudio.domain.validation import validate
from wfstudio.store.repo_workspace import workspace_refs
from wfstudio.store.tables import (
    Enrollment,
    Message,
    StepLog,
    TestSession,
    Wake,
    Workflow,
    WorkflowVersion,
)

NO_STEPS = "Add a trigger and a step to the workflow before testing it."


def session_by_code(*, session: Session, code: str) -> TestSession | None:
    """The test session with this code (ended or not), or None."""
    return session.exec(select(TestSession).where(TestSession.code == code)).first()


def code_exists(*, session: Session, code: str) -> bool:
    return session_by_code(session=session, code=code) is not None


def latest_test_version(*, session: Session, workflow_id: int) -> WorkflowVersion | None:
    """The workflow's newest test snapshot, or None."""
    statement = (
        select(WorkflowVersion)
        .where(WorkflowVersion.workflow_id == workflow_id, col(WorkflowVersion.is_test))
        .order_by(col(WorkflowVersion.number))
        .limit(1)
    )
    return session.exec(statement).first()


def next_test_number(*, session: Session, workflow_id: int) -> int:
    """The number of the workflow's next test snapshot: -1, -2, … (published versions
    count up from 1, so the two never meet)."""
    statement = select(func.min(col(WorkflowVersion.number))).where(
        WorkflowVersion.workflow_id == workflow_id, col(WorkflowVersion.is_test)
    )
    lowest = session.exec(statement).one()
    return min(int(lowest or 0), 0) - 1


def workflow_by_key(*, session: Session, workspace_id: int, key: str) -> Workflow | None:
    """The workspace's workflow with ``key``, or None."""
    statement = select(Workflow).where(Workflow.workspace_id == workspace_id, Workflow.key == key)
    return session.exec(statement).first()


def draft_problem(*, session: Session, workflow: Workflow) -> str | None:
    """Why the workflow's saved draft cannot be tested (no trigger or step, or its first
    configuration error, by the domain's validation), or None when it can."""
    definition = WorkflowDefinition.model_validate(workflow.draft)
    if definition.trigger is None or not definition.trigger.next or not definition.steps:
        return NO_STEPS
    refs = workspace_refs(session=session, workspace_id=workflow.workspace_id)
    problems = errors(validate(definition, refs.for_draft(workflow.key, definition)))
    return f"This workflow has configuration errors: {problems[0].message}" if problems else None


def snapshot_draft(*, session: Session, workflow: Workflow, now: datetime) -> int:
    """The id of the test version of the workflow's saved draft (the newest test version
    when the draft is unchanged, else a new one numbered -1, -2 …). Check
    :func:`draft_problem` first."""
    stored = definition_to_dict(WorkflowDefinition.model_validate(workflow.draft))
    latest = latest_test_version(session=session, workflow_id=workflow.id or 0)
    if latest is not None and latest.definition == stored:
        return latest.id or 0
    version = WorkflowVersion(
        workflow_id=workflow.id or 0,
        number=next_test_number(session=session, workflow_id=workflow.id or 0),
        definition=stored,
        published_at=now,
        is_test=True,
    )
    session.add(version)
    session.flush()
    return version.id or 0


def contact_test_enrollments(*, session: Session, contact_id: int) -> list[Enrollment]:
    """The test contact's enrollments, oldest first."""
    statement = (
        select(Enrollment)
        .where(Enrollment.contact_id == contact_id, col(Enrollment.is_test))
        .order_by(col(Enrollment.id))
    )
    return list(session.exec(statement).all())


def contact_messages(*, session: Session, contact_id: int, after_id: int = 0) -> list[Message]:
    """The contact's messages (in and out), oldest first, from id ``after_id`` on."""
    statement = (
        select(Message)
        .where(Message.contact_id == contact_id, col(Message.id) > after_id)
        .order_by(col(Message.id))
    )
    return list(session.exec(statement).all())


def contact_step_logs(
    *, session: Session, contact_id: int, kinds: tuple[str, ...]
) -> list[StepLog]:
    """Step logs of ``kinds`` in any enrollment of the contact, in the order they were
    written."""
    statement = (
        select(StepLog)
        .join(Enrollment, col(Enrollment.id) == col(StepLog.enrollment_id))
        .where(Enrollment.contact_id == contact_id, col(StepLog.kind).in_(kinds))
        .order_by(col(StepLog.id))
    )
    return list(session.exec(statement).all())


def pending_wake(*, session: Session, enrollment_id: int) -> Wake | None:
    """The enrollment's earliest wake that has not fired, or None."""
    statement = (
        select(Wake)
        .where(Wake.enrollment_id == enrollment_id, col(Wake.fired_at).is_(None))
        .order_by(col(Wake.due_at))
        .limit(1)
    )
    return session.exec(statement).first()


def move_wake(*, session: Session, wake_id: int, due_at: datetime) -> None:
    """Make an unfired wake due at ``due_at`` (and free its claim, if any)."""
    wake = session.get(Wake, wake_id)
    if wake is not None and wake.fired_at is None:
        wake.due_at, wake.claimed_by, wake.claimed_at = due_at, None, None
        session.add(wake)


# --- counters without test runs (the canvas's per-step counters) --------------------------


def live_step_counts(
    *, session: Session, workflow_id: int, version_id: int | None = None
) -> dict[str, int]:
    """Step id → how many times it was executed outside test runs."""
    statement = (
        select(StepLog.step_id, func.count(col(StepLog.id)))
        .join(Enrollment, col(Enrollment.id) == col(StepLog.enrollment_id))
        .where(StepLog.workflow_id == workflow_id, col(Enrollment.is_test).is_(False))
    )
    if version_id is not None:
        statement = statement.where(StepLog.version_id == version_id)
    return dict(session.exec(statement.group_by(col(StepLog.step_id))).all())


def live_waiting_counts(*, session: Session, workflow_id: int) -> dict[str, int]:
    """Step id → how many active enrollments outside test runs are at it now."""
    statement = (
        select(Enrollment.current_step_id, func.count(col(Enrollment.id)))
        .where(
            Enrollment.workflow_id == workflow_id,
            Enrollment.status == "active",
            col(Enrollment.is_test).is_(False),
        )
        .group_by(col(Enrollment.current_step_id))
    )
    return {step: count for step, count in session.exec(statement).all() if step is not None}


def open_session_of(
    *, session: Session, workflow_id: int, user_id: int | None
) -> TestSession | None:
    """The user's newest test session of the workflow that was not ended, or None."""
    statement = select(TestSession).where(
        TestSession.workflow_id == workflow_id, col(TestSession.ended_at).is_(None)
    )
    if user_id is not None:
        statement = statement.where(TestSession.created_by_id == user_id)
    return session.exec(statement.order_by(col(TestSession.id).desc()).limit(1)).first()
