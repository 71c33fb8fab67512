"""One burst: load an enrollment, run its steps until it pauses or ends, write it back.

Reads happen in one short transaction and writes in another; in between, steps run (and
await outbound HTTP) against the detached rows of :class:`~wfstudio.runtime.context.Burst`.
Only the columns a burst changed are written back (SQLAlchemy tracks changes on detached
rows), so an agent's edit made meanwhile is not overwritten.
"""

from __future__ import annotations

from datetime import datetime

from wfstudio.domain.catalogue import STEPS
from wfstudio.domain.definition import WorkflowDefinition
from wfstudio.domain.refs import STANDARD_FIELD_LABELS, STANDARD_FIELDS, FieldType
from wfstudio.runtime.context import Burst, Outcome, Signal
from wfstudio.runtime.sending import Effects
from wfstudio.runtime.steps import RESUME, RUN
from wfstudio.store import repo
from wfstudio.store.db import Session
from wfstudio.store.tables import (
    Contact,
    Enrollment,
    StepLog,
    User,
    Workflow,
    WorkflowVersion,
    Workspace,
)

RUNAWAY_LIMIT = 200
"""Steps one enrollment may run without pausing (SPEC §4's runaway guard)."""

FAILING_PORTS = frozenset({"failure", "timeout", "idle"})
"""Ports that end the enrollment as failed when nothing is connected to them."""

_definitions: dict[tuple[str, int], WorkflowDefinition] = {}


def definition_of(session: Session, version_id: int) -> WorkflowDefinition:
    """The parsed definition of a version (versions never change, so they are cached,
    per database)."""
    key = (str(session.get_bind().engine.url), version_id)
    cached = _definitions.get(key)
    if cached is None:
        version = session.get(WorkflowVersion, version_id)
        if version is None:
            raise LookupError(f"version {version_id} does not exist")
        cached = WorkflowDefinition.model_validate(version.definition)
        _definitions[key] = cached
    return cached


def load_burst(session: Session, enrollment_id: int, now: datetime) -> Burst | None:
    """The burst of an active enrollment, or None when it is not active any more."""
    enrollment = session.get(Enrollment, enrollment_id)
    if enrollment is None or enrollment.status != "active":
        return None
    workflow = session.get(Workflow, enrollment.workflow_id)
    contact = session.get(Contact, enrollment.contact_id)
    if workflow is None or contact is None:
        return None
    workspace = session.get(Workspace, workflow.workspace_id)
    assert workspace is not None
    fields = repo.workspace_fields(session=session, workspace_id=workspace.id or 0)
    types: dict[str, FieldType] = dict(STANDARD_FIELDS)
    types.update({f.key: f.type for f in fields})  # type: ignore[misc]
    last_in = repo.last_incoming_text(session=session, contact_id=contact.id or 0)
    burst = Burst(
        now=now,
        workspace_id=workspace.id or 0,
        workspace_name=workspace.name,
        timezone=workspace.timezone,
        workflow=workflow,
        enrollment=enrollment,
        definition=definition_of(session, enrollment.version_id),
        contact=contact,
        conversation=repo.open_conversation(session=session, contact_id=contact.id or 0),
        channels={
            c.key: c
            for c in repo.workspace_channels(session=session, workspace_id=workspace.id or 0)
        },
        field_types=types,
        field_labels={**STANDARD_FIELD_LABELS, **{f.key: f.label for f in fields}},
        workspace_settings=dict(workspace.settings),
        assignee=session.get(User, contact.assignee_user_id) if contact.assignee_user_id else None,
        last_incoming=last_in,
    )
    if enrollment.current_step_id:
        burst.open_log = repo.open_step_log(
            session=session, enrollment_id=enrollment_id, step_id=enrollment.current_step_id
        )
    return burst


def _log(burst: Burst, step_id: str, kind: str) -> StepLog:
    log = StepLog(
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


def _close_log(log: StepLog, outcome: Outcome, now: datetime) -> None:
    log.input_summary = {**log.input_summary, **outcome.summary}
    log.error = outcome.error
    if outcome.pause is not None:
        log.status = "waiting"
        return
    log.port = outcome.port or ("jump" if outcome.goto else None)
    log.left_at = now
    log.status = "failed" if outcome.end is not None and outcome.end[0] == "failed" else "done"


async def run_burst(effects: Effects, burst: Burst, signal: Signal | None) -> Outcome:
    """Run from the enrollment's current step (resuming it with ``signal``) or from the
    trigger's first step, until a step pauses or the enrollment ends."""
    enrollment = burst.enrollment
    step_id = enrollment.current_step_id
    outcome: Outcome
    if signal is not None and step_id is not None:
        step = burst.step(step_id)
        resume = RESUME.get(step.kind) if step is not None else None
        if step is None or resume is None:
            return _end(burst, Outcome(end=("failed", "the waiting step no longer exists")))
        log = burst.open_log or _log(burst, step.id, step.kind)
        if burst.open_log is not None:
            burst.logs.append(log)
        outcome = await resume(effects, burst, step, STEPS[step.kind].parse(step.config), signal)
        _close_log(log, outcome, burst.now)
    else:
        trigger = burst.definition.trigger
        step_id = trigger.next if trigger is not None else None
        outcome = Outcome(goto=step_id) if step_id else Outcome(end=("completed", "no step"))
    while True:
        if outcome.pause is not None:
            enrollment.current_step_id = step_id
            return outcome
        if outcome.end is not None:
            return _end(burst, outcome)
        next_id = outcome.goto
        if next_id is None and step_id is not None:
            current = burst.step(step_id)
            next_id = current.next.get(outcome.port or "") if current is not None else None
            if next_id is None:
                status = "failed" if outcome.port in FAILING_PORTS else "completed"
                return _end(
                    burst, Outcome(end=(status, f"ended at {outcome.port or 'the last step'}"))
                )
        step = burst.step(next_id or "")
        if step is None:
            return _end(burst, Outcome(end=("failed", f"step {next_id} does not exist")))
        burst.steps_run += 1
        if burst.steps_run > RUNAWAY_LIMIT:
            return _end(burst, Outcome(end=("failed", "runaway: too many steps without pausing")))
        step_id = step.id
        enrollment.current_step_id = step_id
        log = _log(burst, step.id, step.kind)
        spec = STEPS[step.kind]
        outcome = await RUN[step.kind](effects, burst, step, spec.parse(step.config))
        _close_log(log, outcome, burst.now)


def _end(burst: Burst, outcome: Outcome) -> Outcome:
    assert outcome.end is not None
    status, reason = outcome.end
    burst.enrollment.status = status  # type: ignore[assignment]
    burst.enrollment.end_reason = reason
    burst.enrollment.ended_at = burst.now
    burst.enrollment.variables = {}  # workflow variables are erased when it ends (SPEC §6)
    return outcome


def save_burst(session: Session, burst: Burst, outcome: Outcome) -> bool:
    """Write the burst back; returns False when the enrollment had ended meanwhile (its
    state is then left alone, but what already happened — messages, contact changes — is
    recorded)."""
    enrollment = burst.enrollment
    status = repo.enrollment_status(session=session, enrollment_id=enrollment.id or 0)
    still_active = status == "active"
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
        session.add(message)
    for log in burst.logs:
        session.add(log)
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
