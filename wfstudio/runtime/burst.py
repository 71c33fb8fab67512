"""One burst: load an enrollment, run its steps until it pauses or ends, write it back.

Reads happen in one short transaction and writes in another; in between, steps run (and
await outbound HTTP) against the plain rows of :class:`~wfstudio.runtime.context.Burst`
(:mod:`wfstudio.store.rows`). Only the columns a burst changed are written back, so an
agent's edit made meanwhile is not overwritten.
"""

from __future__ import annotations

import weakref
from datetime import datetime
from typing import Any

from wfstudio.domain.catalogue import STEPS
from wfstudio.domain.definition import Step, WorkflowDefinition
from wfstudio.runtime.context import Burst, Cursor, LogEntry, Outcome, Signal, Suspend
from wfstudio.runtime.sending import Effects
from wfstudio.runtime.steps import RESUME, RUN
from wfstudio.runtime.workspace_config import workspace_config
from wfstudio.store import repo_hot_burst, repo_runtime
from wfstudio.store.db import Engine, Session
from wfstudio.store.tables import WorkflowVersion

RUNAWAY_LIMIT = 200
"""Steps one enrollment may run without pausing (SPEC §4's runaway guard)."""

FAILING_PORTS = frozenset({"failure", "timeout", "idle"})
"""Ports that end the enrollment as failed when nothing is connected to them."""

_Cached = tuple[tuple[Any, ...], WorkflowDefinition, dict[str, Any]]
_definitions: weakref.WeakKeyDictionary[Engine, dict[int, _Cached]] = weakref.WeakKeyDictionary()


def definition_of(
    session: Session, version_id: int, *, stamp: tuple[Any, ...] | None = None
) -> WorkflowDefinition:
    """The parsed definition of a version. Versions never change, so they are cached per
    database (engine), checked against the version's stamp (when it was published, its
    workflow and number: SQLite can reuse a deleted version's id). ``stamp``: the stamp
    as the caller just read it (saves reading it)."""
    return _cached(session, version_id, stamp)[1]


def _cached(session: Session, version_id: int, stamp: tuple[Any, ...] | None) -> _Cached:
    """The cache entry of the version: its stamp, definition and parsed step configs."""
    if stamp is None:
        stamp = repo_runtime.version_stamp(session=session, version_id=version_id)
        if stamp is None:
            raise LookupError(f"version {version_id} does not exist")
    engine = session.get_bind().engine
    cache = _definitions.get(engine)
    if cache is None:
        cache = _definitions[engine] = {}
    cached = cache.get(version_id)
    if cached is None or cached[0] != stamp:
        version = session.get(WorkflowVersion, version_id)
        if version is None:
            raise LookupError(f"version {version_id} does not exist")
        cached = (stamp, WorkflowDefinition.model_validate(version.definition), {})
        cache[version_id] = cached
    return cached


_UNKNOWN = object()


def load_burst(
    session: Session, enrollment_id: int, now: datetime, *, last_incoming: object = _UNKNOWN
) -> Burst | None:
    """The burst of an active enrollment, or None when it is not active any more.

    ``last_incoming``: the text of the contact's latest message when the caller knows it
    (it just stored it), which saves reading it. Reads its rows in one statement (the
    session's pending changes must be flushed); steps change them without anything being
    written until :func:`save_burst`.
    """
    rows = repo_hot_burst.load_burst_rows(
        session=session, enrollment_id=enrollment_id, last_incoming=last_incoming is _UNKNOWN
    )
    if rows is None:
        return None
    enrollment, workflow = rows.enrollment, rows.workflow
    if rows.version_stamp is None:
        raise LookupError(f"version {enrollment.version_id} does not exist")
    workspace = workspace_config(session, workflow.workspace_id)
    assert workspace is not None
    last_in = rows.last_incoming if last_incoming is _UNKNOWN else last_incoming
    _stamp, definition, step_configs = _cached(session, enrollment.version_id, rows.version_stamp)
    burst = Burst(
        now=now,
        workspace_id=workflow.workspace_id,
        workspace_name=workspace.name,
        timezone=workspace.timezone,
        workflow=workflow,
        enrollment=enrollment,
        definition=definition,
        contact=rows.contact,
        conversation=rows.conversation,
        channels=workspace.channels,
        field_types=workspace.field_types,
        field_labels=workspace.field_labels,
        workspace_settings=dict(workspace.settings),
        assignee=rows.assignee,
        last_incoming=last_in if isinstance(last_in, str) else None,
        step_configs=step_configs,
    )
    burst.resumed_step = enrollment.current_step_id
    if rows.open_log is not None:
        burst.open_log = LogEntry(**rows.open_log)
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
    values = dict(log.__dict__)  # its fields (a plain dataclass): a step log's columns
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


def _config(burst: Burst, step: Step, spec: Any) -> Any:
    """The step's parsed config, parsed once per cached definition (steps only read it)."""
    config = burst.step_configs.get(step.id)
    if config is None:
        config = burst.step_configs[step.id] = spec.parse(step.config)
    return config


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
            run = RUN[step.kind](effects, burst, step, _config(burst, step, spec))
        else:
            log = burst.open_log or _log(burst, step.id, step.kind)
            if burst.open_log is not None:
                burst.logs.append(log)
            resume = RESUME[step.kind]
            run = resume(effects, burst, step, _config(burst, step, spec), cursor.signal)
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
    burst.enrollment.status = status
    burst.enrollment.end_reason = reason
    burst.enrollment.ended_at = burst.now
    burst.enrollment.variables = {}  # workflow variables are erased when it ends (SPEC §6)
    return outcome


def save_burst(session: Session, burst: Burst, outcome: Outcome) -> bool:
    """Write the burst back; returns False when the enrollment had ended or moved on
    meanwhile (another process handled a reply or a timeout of the same step: its state
    is then left alone, but what already happened — messages, contact changes — is
    recorded). Writes only the columns of its rows that changed, with plain statements
    (the session's pending changes must be flushed)."""
    hot = repo_hot_burst
    enrollment, open_log = burst.enrollment, burst.open_log
    enrollment_id = enrollment.id or 0
    # First, while the resumed step's log is still open: the enrollment, if it is still
    # active at the step it was loaded at.
    still_active = hot.save_enrollment_if_current(
        session=session,
        row=enrollment,
        resumed_step=burst.resumed_step,
        open_log_id=open_log.id if open_log is not None else None,
    )
    hot.save_row(session=session, row=burst.contact)
    for earlier in burst.earlier_conversations:  # written first: at most one is open
        hot.save_row(session=session, row=earlier)
    if burst.conversation is not None:
        hot.save_row(session=session, row=burst.conversation)
    for message, conversation in burst.messages:
        if conversation is not None:
            message["conversation_id"] = conversation.id
    hot.insert_rows(session=session, table="messages", rows=[m for m, _ in burst.messages])
    logs = [_values(log) for log in burst.logs if log.id is None]
    hot.insert_rows(session=session, table="step_logs", rows=logs)
    if open_log is not None and open_log in burst.logs and still_active:  # resumed
        hot.update_row(
            session=session, table="step_logs", row_id=open_log.id or 0, values=_values(open_log)
        )
    if still_active:
        pause = outcome.pause
        # A burst that started the enrollment has no wakes to cancel: wakes are only
        # scheduled by a pause, which sets its current step.
        if (pause is None or not pause.keep_wakes) and burst.resumed_step is not None:
            hot.cancel_wakes(session=session, enrollment_id=enrollment_id)
        if pause is not None and enrollment.status == "active":
            step = enrollment.current_step_id or ""
            wakes = [
                {"enrollment_id": enrollment_id, "step_id": step, "kind": kind, "due_at": due}
                for kind, due in pause.wakes
            ]
            hot.insert_rows(session=session, table="wakes", rows=wakes)
    return still_active
