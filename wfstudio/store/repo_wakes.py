"""Repository functions for wakes, the durable timers of waiting enrollments.

Keyword-only, take the session, never commit (DESIGN §4).

How several workers share the wakes: a worker claims due wakes in a short transaction
(``claim_due_wakes``, then commit), handles each, and marks it fired in the transaction
that advances the enrollment (``repo_hot_burst.fire_wake``, with the runtime's other
statements of that transaction). On PostgreSQL the claim locks rows with ``FOR UPDATE SKIP
LOCKED``, so concurrent claims never return the same wake; on SQLite transactions are
serialized (``BEGIN IMMEDIATE``). A claim is a lease: a wake claimed by a worker that
died is claimed again once ``lease`` has passed, so handling a wake must be idempotent
(check the enrollment still waits at ``step_id``).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from wfstudio.store.tables import Wake, WakeKind

DEFAULT_LEASE = timedelta(minutes=5)


def schedule_wake(
    *, session: Session, enrollment_id: int, step_id: str, kind: WakeKind, due_at: datetime
) -> Wake:
    """Add a wake for ``step_id`` of the enrollment at ``due_at``; returns it flushed."""
    wake = Wake(enrollment_id=enrollment_id, step_id=step_id, kind=kind, due_at=due_at)
    session.add(wake)
    session.flush()
    return wake


def claim_due_wakes(
    *,
    session: Session,
    now: datetime,
    worker: str,
    limit: int = 50,
    lease: timedelta = DEFAULT_LEASE,
) -> list[Wake]:
    """Claim up to ``limit`` unfired wakes due at ``now``, earliest first, that nobody
    holds (never claimed, or claimed more than ``lease`` ago). Commit soon after."""
    statement = (
        select(Wake)
        .where(
            col(Wake.fired_at).is_(None),
            col(Wake.due_at) <= now,
            or_(col(Wake.claimed_at).is_(None), col(Wake.claimed_at) < now - lease),
        )
        .order_by(col(Wake.due_at), col(Wake.id))
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    wakes = list(session.exec(statement).all())
    for wake in wakes:
        wake.claimed_by = worker
        wake.claimed_at = now
    session.flush()
    return wakes


def pending_wakes(*, session: Session, enrollment_id: int) -> list[Wake]:
    """The enrollment's unfired wakes, earliest first."""
    statement = (
        select(Wake)
        .where(Wake.enrollment_id == enrollment_id, col(Wake.fired_at).is_(None))
        .order_by(col(Wake.due_at), col(Wake.id))
    )
    return list(session.exec(statement).all())


def next_due_at(*, session: Session) -> datetime | None:
    """When the earliest unclaimed, unfired wake is due (how long a worker may sleep)."""
    statement = select(func.min(col(Wake.due_at))).where(
        col(Wake.fired_at).is_(None), col(Wake.claimed_at).is_(None)
    )
    return session.exec(statement).one()
