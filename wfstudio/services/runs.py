"""Read models of runs, from the enrollments and their step logs: run history per workflow
and per contact, the steps of one run, per-step counters and who waits where.

Decisions:

* A step's counters: ``entered`` is how many times it was executed (its step logs, over
  every version unless one is asked for; test runs of the test chat never count); ``waiting`` how many active enrollments are at it
  now; ``exited`` the difference — those that went on, ended or were ejected there. So
  ``entered == waiting + exited`` always holds on the canvas.
* Step names come from the version the run is pinned to (a later version may rename or
  remove the step); a step that no version has any more shows its id.
* A contact's display name is first + last name, else email, else phone, else "Contact N".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from wfstudio.domain.definition import WorkflowDefinition
from wfstudio.runtime.burst import definition_of
from wfstudio.services.errors import NotFound
from wfstudio.store import repo, repo_testing
from wfstudio.store.db import Engine, Session, session_scope
from wfstudio.store.tables import Contact, Enrollment, StepLog, Workflow


@dataclass(frozen=True)
class StepCounter:
    """How many contacts entered a step, wait at it now, and left it."""

    entered: int
    waiting: int
    exited: int


@dataclass(frozen=True)
class RunView:
    """One enrollment: a contact's run through one version of a workflow."""

    enrollment_id: int
    workflow_id: int
    workflow_name: str
    version_number: int | None
    contact_id: int
    contact_name: str
    status: str
    current_step_id: str | None
    current_step_name: str | None
    started_at: datetime
    ended_at: datetime | None
    end_reason: str | None
    is_test: bool


@dataclass(frozen=True)
class StepRunView:
    """One executed step of a run."""

    step_id: str
    step_name: str
    kind: str
    status: str
    port: str | None
    entered_at: datetime
    left_at: datetime | None
    error: str | None
    summary: dict[str, Any]


@dataclass(frozen=True)
class WaitingView:
    """A contact waiting at a step: since when, and when its timer (if any) fires."""

    enrollment_id: int
    contact_id: int
    contact_name: str
    step_id: str
    step_name: str
    kind: str
    since: datetime | None
    wakes_at: datetime | None


def contact_name(contact: Contact | None, contact_id: int) -> str:
    if contact is None:
        return f"Contact {contact_id}"
    name = " ".join(part for part in (contact.firstname, contact.lastname) if part)
    return name or contact.email or contact.phone or f"Contact {contact_id}"


def _step_name(definition: WorkflowDefinition | None, step_id: str | None) -> str | None:
    if step_id is None:
        return None
    step = definition.step(step_id) if definition is not None else None
    return step.name if step is not None and step.name else step_id


def _definition(session: Session, version_id: int) -> WorkflowDefinition | None:
    try:
        return definition_of(session, version_id)
    except LookupError:
        return None


def _workflow(session: Session, workflow_id: int) -> Workflow:
    workflow = repo.get_workflow(session=session, workflow_id=workflow_id)
    if workflow is None:
        raise NotFound("This workflow does not exist (any more).")
    return workflow


# --- counters ----------------------------------------------------------------------------


def step_counters(
    engine: Engine, *, workflow_id: int, version_id: int | None = None
) -> dict[str, StepCounter]:
    """Step id → its counters (only steps someone entered or waits at)."""
    with session_scope(engine) as session:
        _workflow(session, workflow_id)
        # test runs (the test chat) are left out
        entered = repo_testing.live_step_counts(
            session=session, workflow_id=workflow_id, version_id=version_id
        )
        waiting = repo_testing.live_waiting_counts(session=session, workflow_id=workflow_id)
    counters = {}
    for step_id in sorted(set(entered) | set(waiting)):
        total, now = entered.get(step_id, 0), waiting.get(step_id, 0)
        total = max(total, now)
        counters[step_id] = StepCounter(entered=total, waiting=now, exited=total - now)
    return counters


# --- run history -------------------------------------------------------------------------


def _run_views(session: Session, rows: list[Enrollment]) -> list[RunView]:
    views = []
    for row in rows:
        workflow = repo.get_workflow(session=session, workflow_id=row.workflow_id)
        version = repo.get_version(session=session, version_id=row.version_id)
        definition = _definition(session, row.version_id)
        contact = session.get(Contact, row.contact_id)
        views.append(
            RunView(
                enrollment_id=row.id or 0,
                workflow_id=row.workflow_id,
                workflow_name=workflow.name if workflow is not None else "",
                version_number=version.number if version is not None else None,
                contact_id=row.contact_id,
                contact_name=contact_name(contact, row.contact_id),
                status=row.status,
                current_step_id=row.current_step_id,
                current_step_name=_step_name(definition, row.current_step_id),
                started_at=row.started_at,
                ended_at=row.ended_at,
                end_reason=row.end_reason,
                is_test=row.is_test,
            )
        )
    return views


def workflow_runs(
    engine: Engine, *, workflow_id: int, limit: int = 100, include_test: bool = True
) -> list[RunView]:
    """The workflow's runs, newest first (its run history)."""
    with session_scope(engine) as session:
        _workflow(session, workflow_id)
        rows = repo.workflow_enrollments(
            session=session, workflow_id=workflow_id, limit=limit, include_test=include_test
        )
        return _run_views(session, rows)


def contact_runs(engine: Engine, *, contact_id: int, limit: int = 100) -> list[RunView]:
    """The contact's runs in any workflow, newest first (its run history)."""
    with session_scope(engine) as session:
        if session.get(Contact, contact_id) is None:
            raise NotFound("This contact does not exist (any more).")
        rows = repo.contact_enrollments(session=session, contact_id=contact_id, limit=limit)
        return _run_views(session, rows)


def run_steps(engine: Engine, *, enrollment_id: int) -> list[StepRunView]:
    """The steps one run executed, in order."""
    with session_scope(engine) as session:
        enrollment = repo.get_enrollment(session=session, enrollment_id=enrollment_id)
        if enrollment is None:
            raise NotFound("This run does not exist (any more).")
        logs: list[StepLog] = repo.step_logs(session=session, enrollment_id=enrollment_id)
        definition = _definition(session, enrollment.version_id)
        return [
            StepRunView(
                step_id=log.step_id,
                step_name=_step_name(definition, log.step_id) or log.step_id,
                kind=log.kind,
                status=log.status,
                port=log.port,
                entered_at=log.entered_at,
                left_at=log.left_at,
                error=log.error,
                summary=dict(log.input_summary),
            )
            for log in logs
        ]


# --- who waits where ---------------------------------------------------------------------


def waiting_contacts(
    engine: Engine, *, workflow_id: int, step_id: str | None = None, limit: int = 100
) -> list[WaitingView]:
    """The contacts active in the workflow, oldest enrollment first, at ``step_id`` or at
    any step: where each waits, since when, and when its timer (if any) fires."""
    with session_scope(engine) as session:
        _workflow(session, workflow_id)
        found: list[WaitingView] = []
        for row in repo.active_enrollments(session=session, workflow_id=workflow_id):
            at = row.current_step_id
            if at is None or (step_id is not None and at != step_id):
                continue
            definition = _definition(session, row.version_id)
            step = definition.step(at) if definition is not None else None
            log = repo.open_step_log(session=session, enrollment_id=row.id or 0, step_id=at)
            wakes = repo.pending_wakes(session=session, enrollment_id=row.id or 0)
            found.append(
                WaitingView(
                    enrollment_id=row.id or 0,
                    contact_id=row.contact_id,
                    contact_name=contact_name(session.get(Contact, row.contact_id), row.contact_id),
                    step_id=at,
                    step_name=_step_name(definition, at) or at,
                    kind=step.kind if step is not None else "",
                    since=log.entered_at if log is not None else None,
                    wakes_at=wakes[0].due_at if wakes else None,
                )
            )
            if len(found) >= limit:
                break
        return found
