"""Repository functions for runs: enrollments and step logs.

Keyword-only, take the session, never commit (DESIGN §4): an enrollment, its step log
and its wake are written in the caller's one transaction.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import bindparam, delete, func, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from wfstudio.store.prepared import ADVISORY_LOCK
from wfstudio.store.tables import Enrollment, EnrollmentStatus, StepLog, Wake

# Distinct from the other advisory locks (setup, contact identities, migrations).
_CONTACT_LOCK_SPACE = 0x77F5_2000 << 32


def lock_contact(*, session: Session, contact_id: int) -> None:
    """Serialize, across processes, the transactions that read and then change a
    contact's enrollments (a reply and the timeout of the question it answers).

    On PostgreSQL: a transaction-scoped advisory lock on the contact's id. SQLite needs
    none: its transactions hold the write lock from their start (``BEGIN IMMEDIATE``).
    """
    if session.get_bind().dialect.name != "postgresql":
        return
    ADVISORY_LOCK.execute(session, {"key": _CONTACT_LOCK_SPACE | contact_id})


def get_enrollment(*, session: Session, enrollment_id: int) -> Enrollment | None:
    """The enrollment, or None."""
    return session.get(Enrollment, enrollment_id)


def active_enrollment(*, session: Session, workflow_id: int, contact_id: int) -> Enrollment | None:
    """The contact's active enrollment in the workflow (there is at most one), or None."""
    statement = select(Enrollment).where(
        Enrollment.workflow_id == workflow_id,
        Enrollment.contact_id == contact_id,
        Enrollment.status == "active",
    )
    return session.exec(statement).first()


def active_enrollments(*, session: Session, workflow_id: int) -> list[Enrollment]:
    """The workflow's active enrollments, oldest first (what Stop ejects)."""
    statement = (
        select(Enrollment)
        .where(Enrollment.workflow_id == workflow_id, Enrollment.status == "active")
        .order_by(col(Enrollment.id))
    )
    return list(session.exec(statement).all())


_CONTACT_ACTIVE = (
    select(Enrollment)
    .where(Enrollment.contact_id == bindparam("contact_id"), Enrollment.status == "active")
    .order_by(col(Enrollment.id))
)  # built once (a hot path of the runtime)


def contact_active_enrollments(*, session: Session, contact_id: int) -> list[Enrollment]:
    """The contact's active enrollments in any workflow, oldest first (the inbox's
    "ongoing workflows", and the enrollments an exit condition may end)."""
    return list(session.exec(_CONTACT_ACTIVE, params={"contact_id": contact_id}).all())


def ever_enrolled(
    *, session: Session, workflow_id: int, contact_id: int, include_test: bool = False
) -> bool:
    """Whether the contact was ever enrolled in the workflow ("trigger once per contact").

    Test-mode enrollments do not count unless ``include_test``.
    """
    statement = select(Enrollment.id).where(
        Enrollment.workflow_id == workflow_id, Enrollment.contact_id == contact_id
    )
    if not include_test:
        statement = statement.where(col(Enrollment.is_test).is_(False))
    return session.exec(statement.limit(1)).first() is not None


def start_enrollment(*, session: Session, enrollment: Enrollment) -> Enrollment | None:
    """Add ``enrollment`` (active) unless its contact already has an active enrollment in
    that workflow; returns it flushed (with its id), or None when one is active already.

    Safe against a concurrent start: the insert runs in a savepoint, and the partial
    unique index turns the loser of a race into None instead of a failed transaction.
    """
    if enrollment.status != "active":
        raise ValueError("a new enrollment starts active")
    if active_enrollment(
        session=session, workflow_id=enrollment.workflow_id, contact_id=enrollment.contact_id
    ):
        return None
    try:
        with session.begin_nested():
            session.add(enrollment)
    except IntegrityError:
        if active_enrollment(
            session=session, workflow_id=enrollment.workflow_id, contact_id=enrollment.contact_id
        ):
            return None
        raise
    return enrollment


def end_enrollments(
    *,
    session: Session,
    enrollment_ids: Collection[int],
    status: EnrollmentStatus,
    reason: str,
    now: datetime,
) -> int:
    """End those of ``enrollment_ids`` still active (with ``status`` and ``reason`` at
    ``now``) and delete their pending wakes; returns how many were ended.

    Loaded ``Enrollment`` objects are updated too.
    """
    if status == "active":
        raise ValueError("ending an enrollment needs a final status")
    ids = list(enrollment_ids)
    if not ids:
        return 0
    ended = session.exec(
        update(Enrollment)
        .where(col(Enrollment.id).in_(ids), col(Enrollment.status) == "active")
        .values(status=status, end_reason=reason, ended_at=now)
        .execution_options(synchronize_session="fetch")
    ).rowcount
    session.exec(
        delete(Wake)
        .where(col(Wake.enrollment_id).in_(ids), col(Wake.fired_at).is_(None))
        .execution_options(synchronize_session="fetch")
    )
    return int(ended)


def contact_enrollments(*, session: Session, contact_id: int, limit: int = 100) -> list[Enrollment]:
    """The contact's enrollments in any workflow, newest first (run history per contact)."""
    statement = (
        select(Enrollment)
        .where(Enrollment.contact_id == contact_id)
        .order_by(col(Enrollment.id).desc())
        .limit(limit)
    )
    return list(session.exec(statement).all())


def workflow_enrollments(
    *, session: Session, workflow_id: int, limit: int = 100, include_test: bool = True
) -> list[Enrollment]:
    """The workflow's enrollments, newest first (run history per workflow)."""
    statement = select(Enrollment).where(Enrollment.workflow_id == workflow_id)
    if not include_test:
        statement = statement.where(col(Enrollment.is_test).is_(False))
    return list(session.exec(statement.order_by(col(Enrollment.id).desc()).limit(limit)).all())


def waiting_counts(*, session: Session, workflow_id: int) -> dict[str, int]:
    """Step id → how many active enrollments of the workflow are at that step
    ("contacts waiting here" on the canvas)."""
    statement = (
        select(Enrollment.current_step_id, func.count(col(Enrollment.id)))
        .where(Enrollment.workflow_id == workflow_id, Enrollment.status == "active")
        .group_by(col(Enrollment.current_step_id))
    )
    return {step: count for step, count in session.exec(statement).all() if step is not None}


def step_counts(
    *, session: Session, workflow_id: int, version_id: int | None = None
) -> dict[str, int]:
    """Step id → how many times it was executed (the per-step counters), over all
    versions or only ``version_id``."""
    statement = select(StepLog.step_id, func.count(col(StepLog.id))).where(
        StepLog.workflow_id == workflow_id
    )
    if version_id is not None:
        statement = statement.where(StepLog.version_id == version_id)
    return dict(session.exec(statement.group_by(col(StepLog.step_id))).all())


def step_logs(*, session: Session, enrollment_id: int) -> list[StepLog]:
    """The enrollment's step logs in the order they were entered."""
    statement = (
        select(StepLog)
        .where(StepLog.enrollment_id == enrollment_id)
        .order_by(col(StepLog.entered_at), col(StepLog.id))
    )
    return list(session.exec(statement).all())


def open_step_log(*, session: Session, enrollment_id: int, step_id: str) -> StepLog | None:
    """The newest log of ``step_id`` in the enrollment that has not been left yet (the
    one a waiting step completes when its answer or timeout arrives), or None."""
    statement = (
        select(StepLog)
        .where(
            StepLog.enrollment_id == enrollment_id,
            StepLog.step_id == step_id,
            col(StepLog.left_at).is_(None),
        )
        .order_by(col(StepLog.id).desc())
    )
    return session.exec(statement).first()
