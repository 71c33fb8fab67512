"""Wake repository: durable timers, claimed by one worker at a time."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, timedelta

from sqlalchemy import Engine
from sqlmodel import Session

from tests.store import factories as f
from wfstudio.store import repo, repo_hot_burst
from wfstudio.store.db import session_scope
from wfstudio.store.tables import Enrollment, Wake


def _run(session: Session) -> Enrollment:
    ws = f.workspace(session)
    version = f.publish(session, f.workflow(session, ws, "W"))
    return f.enrollment(session, version, f.contact(session, ws))


def _wake(session: Session, run: Enrollment, step: str, **delta: float) -> Wake:
    assert run.id is not None
    return repo.schedule_wake(
        session=session, enrollment_id=run.id, step_id=step, kind="wait", due_at=f.later(**delta)
    )


def test_claim_due_wakes_earliest_first_and_only_once_per_lease(session: Session) -> None:
    run = _run(session)
    late = _wake(session, run, "late", minutes=30)
    soon = _wake(session, run, "soon", minutes=10)
    _wake(session, run, "future", hours=5)
    assert repo.next_due_at(session=session) == f.later(minutes=10)
    assert repo.next_due_at(session=session).tzinfo is UTC  # type: ignore[union-attr]

    claimed = repo.claim_due_wakes(session=session, now=f.later(hours=1), worker="w1")
    assert claimed == [soon, late]
    assert {(w.claimed_by, w.claimed_at) for w in claimed} == {("w1", f.later(hours=1))}
    assert repo.claim_due_wakes(session=session, now=f.later(hours=1, minutes=1), worker="w2") == []
    # A worker that died: its claims are free again once the lease ran out.
    reclaimed = repo.claim_due_wakes(
        session=session, now=f.later(hours=1, minutes=6), worker="w2", limit=1
    )
    assert reclaimed == [soon] and soon.claimed_by == "w2"
    assert repo.next_due_at(session=session) == f.later(hours=5)


def test_fired_and_cancelled_wakes_are_done(session: Session) -> None:
    run = _run(session)
    assert run.id is not None
    first = _wake(session, run, "a", minutes=1)
    second = _wake(session, run, "b", minutes=2)
    timeout = repo.schedule_wake(
        session=session, enrollment_id=run.id, step_id="b", kind="timeout", due_at=f.later(days=7)
    )
    assert first.id is not None
    assert repo_hot_burst.fire_wake(session=session, wake_id=first.id, now=f.later(minutes=1))
    session.refresh(first)
    assert first.fired_at == f.later(minutes=1)
    assert not repo_hot_burst.fire_wake(session=session, wake_id=first.id, now=f.later(minutes=2))
    assert repo.pending_wakes(session=session, enrollment_id=run.id) == [second, timeout]
    repo_hot_burst.cancel_wakes(session=session, enrollment_id=run.id)
    assert repo.pending_wakes(session=session, enrollment_id=run.id) == []
    assert repo.claim_due_wakes(session=session, now=f.later(days=30), worker="w") == []
    assert repo.next_due_at(session=session) is None


def test_concurrent_claims_never_share_a_wake(engine: Engine) -> None:
    """Two workers claiming at once: PostgreSQL skips the rows the first one locked,
    SQLite makes the second wait for the first one's commit; neither sees a wake twice."""
    with session_scope(engine) as session:
        run = _run(session)
        for minute in range(3):
            _wake(session, run, f"s{minute}", minutes=minute)
    now = f.later(hours=1)
    first_claimed = threading.Event()

    def claim(worker: str, hold: bool) -> list[str]:
        if not hold:
            first_claimed.wait(timeout=10)
        with session_scope(engine) as session:
            wakes = repo.claim_due_wakes(session=session, now=now, worker=worker, limit=2)
            if hold:
                first_claimed.set()
                time.sleep(0.3)  # keep the transaction open while the other worker claims
            return [wake.step_id for wake in wakes]

    with ThreadPoolExecutor(max_workers=2) as pool:
        mine = pool.submit(claim, "w1", True)
        theirs = pool.submit(claim, "w2", False)
        assert mine.result(timeout=30) == ["s0", "s1"]
        assert theirs.result(timeout=30) == ["s2"]
    with session_scope(engine) as session:
        assert (
            repo.claim_due_wakes(session=session, now=now + timedelta(minutes=1), worker="w3") == []
        )
