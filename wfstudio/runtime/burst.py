"""One burst: load an enrollment, run its steps until it pauses or ends, write it back.

Reads happen in one short transaction and writes in another; in between, steps run (and
await outbound HTTP) against the detached rows of :class:`~wfstudio.runtime.context.Burst`.
Only the columns a burst changed are written back (SQLAlchemy tracks changes on detached
rows), so an agent's edit made meanwhile is not overwritten.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Any

from wfstudio.domain.catalogue import STEPS
from wfstudio.domain.definition import Step, WorkflowDefinition
from wfstudio.runtime.context import Burst, Cursor, LogEntry, Outcome, Signal, Suspend
from wfstudio.runtime.sending import Effects
from wfstudio.runtime.steps import RESUME, RUN
from wfstudio.runtime.workspace_config import workspace_config
from wfstudio.store import repo
from wfstudio.store.db import Session
from wfstudio.store.tables import (
    Contact,
    Enrollment,
    User,
    WorkflowVersion,
)

RUNAWAY_LIMIT = 200
"""Steps one enrollment may run without pausing (SPEC §4's runaway guard)."""

FAILING_PORTS = frozenset({"failure", "timeout", "idle"})
"""Ports that end the enrollment as failed when nothing is connected to them."""

_definitions: dict[tuple[str, int], tuple[datetime, WorkflowDefinition]] = {}


def definition_of(session: Session, version_id: int) -> WorkflowDefinition:
    """The parsed definition of a version (versions never change, so they are cached per
    database, checked against the version's stamp: SQLite can reuse a deleted one's id)."""
    stamp = repo.version_published_at(session=session, version_id=version_id)
    if stamp is None:
        raise LookupError(f"version {version_id} does not exist")
    key = (str(session.get_bind().engine.url), version_id)
    cached = _definitions.get(key)
    if cached is None or cached[0] != stamp:
        version = session.get(WorkflowVersion, version_id)
        if version is None:
            raise LookupError(f"version {version_id} does not exist")
        cached = (stamp, WorkflowDefinition.model_validate(version.definition))
        _definitions[key] = cached
    return cached[1]


_UNKNOWN = object()


def load_burst(
    session: Session, enrollment_id: int, now: datetime, *, last_incoming: object = _UNKNOWN
) -> Burst | None:
    """The burst of an active enrollment, or None when it is not active any more.

    ``last_incoming``: the text of the contact's latest message when the caller knows it
    (it just stored it), which saves reading it.

    The rows it holds are detached from ``session`` (expunged): steps change them without
    the session writing anything until :func:`save_burst` adds them back.
    """
    enrollment = session.get(Enrollment, enrollment_id)
    if enrollment is None or enrollment.status != "active":
        return None
    workflow = repo.workflow_without_draft(session=session, workflow_id=enrollment.workflow_id)
    contact = session.get(Contact, enrollment.contact_id)
    if workflow is None or contact is None:
        return None
    workspace = workspace_config(session, workflow.workspace_id)
    assert workspace is not None
    last_in = (
        repo.last_incoming_text(session=session, contact_id=contact.id or 0)
        if last_incoming is _UNKNOWN
        else last_incoming
    )
    burst = Burst(
        now=now,
        workspace_id=workflow.workspace_id,
        workspace_name=workspace.name,
        timezone=workspace.timezone,
        workflow=workflow,
        enrollment=enrollment,
        definition=definition_of(session, enrollment.version_id),
        contact=contact,
        conversation=repo.open_conversation(session=session, contact_id=contact.id or 0),
        channels=workspace.channels,
        field_types=workspace.field_types,
        field_labels=workspace.field_labels,
        workspace_settings=dict(workspace.settings),
        assignee=session.get(User, contact.assignee_user_id) if contact.assignee_user_id else None,
        last_incoming=last_in if isinstance(last_in, str) else None,
    )
    burst.resumed_step = enrollment.current_step_id
    if enrollment.current_step_id:
        row = repo.open_step_log_values(
            session=session, enrollment_id=enrollment_id, step_id=enrollment.current_step_id
        )
        burst.open_log = LogEntry(**row) if row is not None else None
    session.flush()
    session.expunge_all()
    return burst


def _log(burst: Burst, step_id: str, kind: str) -> LogEntry:
    log = LogEntry(
        enrollment_id=burst.enrollment.id or 0,
        workflow_id=burst.workflow.id or 0,
        version_id=burst.enrollment.version_id,
        step_id=step_id,
        kind=kind,
        entered_at=burst.now,
        status="entered",
    )
    burst.logs.append(log)
    return log


def _values(log: LogEntry) -> dict[str, Any]:
    values = dataclasses.asdict(log)
    del values["id"]
    return values


def _close_log(log: LogEntry, outcome: Outcome, now: datetime) -> None:
    log.input_summary = {**log.input_summary, **outcome.summary}
    log.error = outcome.error
    if outcome.pause is not None:
        log.status = "waiting"
        return
    log.port = outcome.port or ("jump" if outcome.goto else None)
    log.left_at = now
    log.status = "failed" if outcome.end is not None and outcome.end[0] == "failed" else "done"


async def run_burst(effects: Effects, burst: Burst, signal: Signal | None) -> Outcome | None:
    """Run from the enrollment's current step (resuming it with ``signal``) or from the
    trigger's first step, until a step pauses or the enrollment ends; returns how.

    Returns None when a step had to be suspended (:class:`Suspend`: it needs the network
    inside a transaction, or the database outside one): call again on the other side and
    the burst goes on from that step (``signal`` is only read by the first call).
    """
    if not burst.started:
        burst.started = True
        begun = _begin(burst, signal)
        if begun is not None:
            return begun
    while burst.cursor is not None:
        cursor = burst.cursor
        step = burst.step(cursor.step_id)
        if step is None:
            return _end(burst, Outcome(end=("failed", f"step {cursor.step_id} does not exist")))
        spec = STEPS[step.kind]
        if cursor.signal is None:
            if burst.steps_run >= RUNAWAY_LIMIT:
                return _end(
                    burst, Outcome(end=("failed", "runaway: too many steps without pausing"))
                )
            burst.enrollment.current_step_id = step.id
            log = _log(burst, step.id, step.kind)
            run = RUN[step.kind](effects, burst, step, spec.parse(step.config))
        else:
            log = burst.open_log or _log(burst, step.id, step.kind)
            if burst.open_log is not None:
                burst.logs.append(log)
            resume = RESUME[step.kind]
            run = resume(effects, burst, step, spec.parse(step.config), cursor.signal)
        try:
            outcome = await run
        except Suspend:
            burst.logs.remove(log)  # the step runs again, from the start, on the other side
            return None
        if cursor.signal is None:
            burst.steps_run += 1
        _close_log(log, outcome, burst.now)
        _follow(burst, step, outcome)
    assert burst.outcome is not None
    return burst.outcome


def _begin(burst: Burst, signal: Signal | None) -> Outcome | None:
    """Where the burst starts; an outcome when it ends before any step."""
    step_id = burst.enrollment.current_step_id
    if signal is not None and step_id is not None:
        step = burst.step(step_id)
        if step is None or step.kind not in RESUME:
            return _end(burst, Outcome(end=("failed", "the waiting step no longer exists")))
        burst.cursor = Cursor(step.id, signal)
        return None
    trigger = burst.definition.trigger
    first = trigger.next if trigger is not None else None
    if not first:
        return _end(burst, Outcome(end=("completed", "no step")))
    burst.cursor = Cursor(first)
    return None


def _follow(burst: Burst, step: Step, outcome: Outcome) -> None:
    """Move the cursor on after ``step`` decided ``outcome`` (or stop: pause or end)."""
    if outcome.pause is not None:
        burst.enrollment.current_step_id = step.id
        burst.cursor, burst.outcome = None, outcome
        return
    if outcome.end is not None:
        _end(burst, outcome)
        return
    next_id = outcome.goto or step.next.get(outcome.port or "")
    if next_id is None:
        status = "failed" if outcome.port in FAILING_PORTS else "completed"
        _end(burst, Outcome(end=(status, f"ended at {outcome.port or 'the last step'}")))
        return
    burst.cursor = Cursor(next_id)


def _end(burst: Burst, outcome: Outcome) -> Outcome:
    assert outcome.end is not None
    burst.cursor, burst.outcome = None, outcome
    status, reason = outcome.end
    burst.enrollment.status = status  # type: ignore[assignment]
    burst.enrollment.end_reason = reason
    burst.enrollment.ended_at = burst.now
    burst.enrollment.variables = {}  # workflow variables are erased when it ends (SPEC §6)
    return outcome


def save_burst(session: Session, burst: Burst, outcome: Outcome) -> bool:
    """Write the burst back; returns False when the enrollment had ended or moved on
    meanwhile (another process handled a reply or a timeout of the same step: its state
    is then left alone, but what already happened — messages, contact changes — is
    recorded).

    The session must not hold the burst's rows already (load and save in the same
    session only with :func:`load_burst`'s expunge in between)."""
    enrollment = burst.enrollment
    status, step_id, log_open = repo.enrollment_state(
        session=session,
        enrollment_id=enrollment.id or 0,
        log_id=burst.open_log.id if burst.open_log is not None else None,
    )
    still_active = (
        status == "active"
        and step_id == burst.resumed_step
        and (burst.open_log is None or log_open is True)
    )
    session.add(burst.contact)
    for earlier in burst.earlier_conversations:  # written first: at most one is open
        session.add(earlier)
        session.flush()
    if burst.conversation is not None:
        session.add(burst.conversation)
        session.flush()
    for message, conversation in burst.messages:
        if conversation is not None:
            message.conversation_id = conversation.id
    repo.insert_messages(session=session, messages=[message for message, _ in burst.messages])
    repo.insert_step_logs(
        session=session, rows=[_values(log) for log in burst.logs if log.id is None]
    )
    if burst.open_log is not None and burst.open_log in burst.logs and still_active:  # resumed
        values = _values(burst.open_log)
        repo.update_step_log(session=session, log_id=burst.open_log.id or 0, values=values)
    if still_active:
        session.add(enrollment)
        pause = outcome.pause
        if pause is None or not pause.keep_wakes:
            repo.cancel_wakes(session=session, enrollment_id=enrollment.id or 0)
        if pause is not None and enrollment.status == "active":
            for kind, due in pause.wakes:
                repo.schedule_wake(
                    session=session,
                    enrollment_id=enrollment.id or 0,
                    step_id=enrollment.current_step_id or "",
                    kind=kind,  # type: ignore[arg-type]
                    due_at=due,
                )
    session.flush()
    return still_active
