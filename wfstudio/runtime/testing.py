"""Test runs: a test contact runs a snapshot of a draft, whatever its trigger.

The test chat (:mod:`wfstudio.services.testing`) uses two moves besides the ordinary
:meth:`Runtime.receive` (the test contact's replies):

* :func:`start_test` — the code was sent: record it as the contact's message (in an open
  conversation, opened silently when none is: a test start is not a "conversation opened"
  event for published workflows), end the contact's active test enrollments (sending the
  code again starts over, also in the workflows Trigger Another Workflow started), enroll the contact in the snapshot with
  the trigger variables, and run it;
* :func:`skip_wait` — make the test enrollment's pending wake (a Wait step, a question's
  timeout, an assignment retry) due now and fire it.

Test contacts are marked (``Contact.is_test``) so that published workflows' triggers leave
them alone; events the test run causes that could only start other workflows (a tag
added, a field updated …) are not dispatched from here. Trigger Another Workflow is the
exception (:func:`enroll_test_target`): the test contact runs the target's saved draft
as a test version, or its published version when the draft has errors; when neither can
run, a system line in the test chat says why.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from pydantic import JsonValue

from wfstudio.runtime.events import Event, ManualTrigger
from wfstudio.store import repo, repo_testing
from wfstudio.store.db import Session, session_scope
from wfstudio.store.tables import Contact, Conversation, Enrollment, Message

if TYPE_CHECKING:  # the runner imports planning, which imports this module
    from wfstudio.runtime.runner import Runtime

RESTARTED = "test restarted with the code"
ENDED = "testing ended"


def _not_triggers(caused: Sequence[Event]) -> list[Event]:
    """The caused events that do not fire triggers (exit conditions only), and Trigger
    Another Workflow's (:func:`enroll_test_target`)."""
    return [e for e in caused if not e.trigger_kind or isinstance(e, ManualTrigger)]


def enroll_test_target(session: Session, event: ManualTrigger, now: datetime) -> int | None:
    """Trigger Another Workflow in a test run: enroll the test contact in the target's
    draft (a test version), else in its published version; the new enrollment's id, or
    None after a system line in the chat saying why the target cannot run."""
    contact = session.get(Contact, event.contact_id)
    if contact is None:
        return None
    target = repo_testing.workflow_by_key(
        session=session, workspace_id=contact.workspace_id, key=event.workflow_key
    )
    if target is None:
        _note(session, contact, now, f"“{event.workflow_key}” does not exist.")
        return None
    problem = repo_testing.draft_problem(session=session, workflow=target)
    if problem is None:
        version_id: int | None = repo_testing.snapshot_draft(
            session=session, workflow=target, now=now
        )
    elif target.status == "published":
        version_id = target.current_version_id
    else:
        version_id = None
    if version_id is None:
        _note(session, contact, now, f"“{target.name}” cannot run: {problem}")
        return None
    enrollment = repo.start_enrollment(
        session=session,
        enrollment=Enrollment(
            workflow_id=target.id or 0,
            version_id=version_id,
            contact_id=contact.id or 0,
            variables={f"trigger.{k}": v for k, v in event.variables().items()},
            started_at=now,
            is_test=True,
        ),
    )
    if enrollment is None:
        _note(session, contact, now, f"“{target.name}” is already running.")
        return None
    return enrollment.id


def _note(session: Session, contact: Contact, now: datetime, why: str) -> None:
    """A system line in the test contact's chat: Trigger Another Workflow did nothing."""
    conversation = repo.open_conversation(session=session, contact_id=contact.id or 0)
    session.add(
        Message(
            conversation_id=conversation.id if conversation is not None else None,
            contact_id=contact.id or 0,
            direction="out",
            author_kind="system",
            text=f"Trigger Another Workflow did not start a test run: {why}",
            payload={"kind": "test_note"},
            created_at=now,
        )
    )
    session.flush()


async def start_test(
    runtime: Runtime,
    *,
    contact_id: int,
    workflow_id: int,
    version_id: int,
    channel_key: str,
    text: str,
    variables: Mapping[str, JsonValue],
) -> int | None:
    """Start the test contact over on ``version_id``; returns the new enrollment's id
    (None when the contact is gone)."""
    caused: list[Event] = []
    async with runtime._lock(contact_id):
        now = runtime.clock.now()
        with session_scope(runtime.engine) as session:
            contact = session.get(Contact, contact_id)
            if contact is None:
                return None
            channel = repo.channel_by_key(
                session=session, workspace_id=contact.workspace_id, key=channel_key
            )
            channel_id = channel.id if channel is not None else None
            conversation = repo.open_conversation(session=session, contact_id=contact_id)
            if conversation is None:
                conversation = Conversation(
                    workspace_id=contact.workspace_id,
                    contact_id=contact_id,
                    channel_id=channel_id,
                    status="open",
                    opened_by_source="contact",
                    opened_at=now,
                )
                session.add(conversation)
                session.flush()
            contact.last_interacted_channel_id = channel_id
            session.add(contact)
            session.add(
                Message(
                    conversation_id=conversation.id,
                    contact_id=contact_id,
                    channel_id=channel_id,
                    direction="in",
                    author_kind="contact",
                    text=text,
                    payload={"kind": "test_code"},
                    created_at=now,
                )
            )
            active = _active_test_ids(session, contact_id)  # with the workflows it started
            if active:
                repo.end_enrollments(
                    session=session,
                    enrollment_ids=active,
                    status="ejected",
                    reason=RESTARTED,
                    now=now,
                )
                session.flush()
            enrollment = repo.start_enrollment(
                session=session,
                enrollment=Enrollment(
                    workflow_id=workflow_id,
                    version_id=version_id,
                    contact_id=contact_id,
                    variables={f"trigger.{name}": value for name, value in variables.items()},
                    started_at=now,
                    is_test=True,
                ),
            )
            enrollment_id = enrollment.id if enrollment is not None else None
        if enrollment_id is None:
            return None
        caused += await runtime._run(enrollment_id, None)
    await runtime._dispatch_caused(_not_triggers(caused), 0)
    return enrollment_id


async def skip_wait(runtime: Runtime, *, enrollment_id: int) -> bool:
    """Fire the enrollment's pending wake now; False when it has none."""
    with session_scope(runtime.engine) as session:
        wake = repo_testing.pending_wake(session=session, enrollment_id=enrollment_id)
        if wake is None:
            return False
        repo_testing.move_wake(session=session, wake_id=wake.id or 0, due_at=runtime.clock.now())
    await runtime.fire_due()
    return True


def end_test(runtime: Runtime, *, contact_id: int) -> int:
    """End the test contact's active test enrollments; returns how many ended."""
    with session_scope(runtime.engine) as session:
        return repo.end_enrollments(
            session=session,
            enrollment_ids=_active_test_ids(session, contact_id),
            status="ejected",
            reason=ENDED,
            now=runtime.clock.now(),
        )


def _active_test_ids(session: Session, contact_id: int) -> list[int]:
    """The test contact's active test enrollments (the tested workflow's and those
    Trigger Another Workflow started)."""
    rows = repo_testing.contact_test_enrollments(session=session, contact_id=contact_id)
    return [row.id or 0 for row in rows if row.status == "active"]
