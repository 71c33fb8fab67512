"""What the test chat page shows of a test session: the chat, where the test stands
(running at a step, waiting with a timer that "skip wait" can fast-forward, finished, or
ended by End Testing in the builder)
and the test contact's data (so a tester sees what the workflow saved)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from wfstudio.domain.refs import STANDARD_FIELD_LABELS, STANDARD_FIELDS
from wfstudio.runtime.burst import definition_of
from wfstudio.services.chat import ChatLine, chat_lines
from wfstudio.services.errors import NotFound
from wfstudio.services.testing import UNKNOWN, TestSessionView, normalise_code, session_view
from wfstudio.store import repo, repo_testing
from wfstudio.store.db import Engine, Session, session_scope
from wfstudio.store.tables import Contact, Enrollment

WAKE_LABELS = {
    "wait": "Waiting at “{step}”",
    "timeout": "Waiting for an answer to “{step}”",
    "assign_retry": "Waiting for someone to take the conversation (“{step}”)",
    "ai_idle": "The AI agent waits for a reply (“{step}”)",
}


@dataclass(frozen=True)
class TestStatus:
    """Where the latest test run stands."""

    __test__ = False

    phase: str  # "ready" (never started), "running", "finished" or "ended" (End Testing)
    running: bool
    step_id: str  # the tested workflow's step the test contact is at ("" when none)
    text: str  # e.g. "Waiting at “Wait 1 hour” until 14:05 UTC" or "Finished: completed"
    can_skip: bool
    due_at: datetime | None


@dataclass(frozen=True)
class TestChatView:
    """Everything the test chat page shows."""

    __test__ = False

    session: TestSessionView
    lines: list[ChatLine]
    status: TestStatus
    contact: list[tuple[str, str]]  # (label, value) of the fields that are set


ENDED = TestStatus(
    "ended", False, "", "This test has ended: testing was ended in the builder.", False, None
)
"""The status of a session after End Testing, whatever its last run did."""


def _status(session: Session, enrollment: Enrollment | None) -> TestStatus:
    if enrollment is None:
        return TestStatus("ready", False, "", "Send the code to start the test.", False, None)
    if enrollment.status != "active":
        reason = f" ({enrollment.end_reason})" if enrollment.end_reason else ""
        return TestStatus(
            "finished",
            False,
            "",
            f"Finished: {enrollment.status.replace('_', ' ')}{reason}",
            False,
            None,
        )
    step_id = enrollment.current_step_id or ""
    step = definition_of(session, enrollment.version_id).step(step_id) if step_id else None
    name = step.name if step is not None and step.name else step_id
    wake = repo_testing.pending_wake(session=session, enrollment_id=enrollment.id or 0)
    if wake is None:
        text = f"Waiting for your reply to “{name}”" if step is not None else "Running"
        return TestStatus("running", True, step_id, text, False, None)
    label = WAKE_LABELS.get(wake.kind, "Waiting at “{step}”").format(step=name)
    when = wake.due_at.strftime("%d %b %H:%M UTC")
    return TestStatus("running", True, step_id, f"{label} until {when}", True, wake.due_at)


def _elsewhere(session: Session, status: TestStatus, workflow_id: int) -> TestStatus:
    """``status`` of a run in a workflow Trigger Another Workflow started: named, and with
    no step of the tested workflow to highlight."""
    workflow = repo.workflow_without_draft(session=session, workflow_id=workflow_id)
    name = workflow.name if workflow is not None else "another workflow"
    return replace(status, step_id="", text=f"In “{name}”: {status.text}")


def _contact_fields(session: Session, contact: Contact | None) -> list[tuple[str, str]]:
    if contact is None:
        return []
    shown = [
        (STANDARD_FIELD_LABELS.get(key, key), str(getattr(contact, key)))
        for key in STANDARD_FIELDS
        if getattr(contact, key) not in (None, "", False)
    ]
    labels = {
        f.key: f.label
        for f in repo.workspace_fields(session=session, workspace_id=contact.workspace_id)
    }
    shown += [
        (labels.get(key, key), str(value))
        for key, value in sorted(contact.custom_fields.items())
        if value not in (None, "")
    ]
    if contact.tags:
        shown.append(("Tags", ", ".join(contact.tags)))
    if contact.lifecycle_stage:
        shown.append(("Lifecycle", contact.lifecycle_stage))
    return shown


def chat_of_session(engine: Engine, *, code: str) -> TestChatView:
    """The test chat of ``code`` (an ended session still shows its chat).

    Raises:
        NotFound: no session has this code.
    """
    with session_scope(engine) as session:
        row = repo_testing.session_by_code(session=session, code=normalise_code(code))
        if row is None:
            raise NotFound(UNKNOWN)
        runs = repo_testing.contact_test_enrollments(session=session, contact_id=row.contact_id)
        active = [r for r in runs if r.status == "active"]
        latest = active[-1] if active else None  # maybe in a workflow the test triggered
        latest = latest or next(
            (r for r in reversed(runs) if r.workflow_id == row.workflow_id), None
        )
        status = _status(session, latest)
        if latest is not None and latest.workflow_id != row.workflow_id:
            status = _elsewhere(session, status, latest.workflow_id)
        view = session_view(session, row)
        if view.ended:
            status = ENDED
        contact = session.get(Contact, row.contact_id)
        return TestChatView(
            session=view,
            lines=chat_lines(session, contact_id=row.contact_id, with_system=True),
            status=status,
            contact=_contact_fields(session, contact),
        )
