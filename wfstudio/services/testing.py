"""Testing a draft in the test chat (the Test Workflow dialog and the test chat page).

Decisions:

* A test session belongs to one workflow and one channel (any of the workspace's but
  Custom Channel and WeChat, which the product page says testing does not support). It
  has a code like ``TEST1234`` and its own test contact ("Test Contact", marked
  ``is_test`` so that published workflows' triggers never enroll it).
* Sending the code in the test chat snapshots the *saved* draft as a test version
  (numbered -1, -2 …, reused while the draft is unchanged; never in the version history,
  never published, never counted on the canvas), ends the test contact's running test of
  the workflow (sending the code again starts over) and enrolls it in the snapshot
  whatever the trigger, with the dialog's trigger variables (empty = null). A draft with
  configuration errors, or without a trigger and a step, is refused with the reason.
* Any other text is the test contact's message: it answers the question the test waits
  at, or ends the test when the workflow has the "incoming message" exit condition.
* The code works again and again until End Testing, which ends the running test; after
  that the chat says the code no longer works.
* Reopening the dialog shows the user's session of that workflow that is still going.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from pydantic import JsonValue

from wfstudio.domain.catalogue import TRIGGERS
from wfstudio.domain.definition import WorkflowDefinition
from wfstudio.runtime import testing as test_runs
from wfstudio.runtime.runner import Runtime
from wfstudio.services.errors import NotFound, Refused
from wfstudio.services.workspace_views import ChannelChoice
from wfstudio.store import repo, repo_testing
from wfstudio.store.db import Engine, Session, session_scope
from wfstudio.store.tables import Contact, TestSession, Workflow

UNSUPPORTED_KINDS = frozenset({"custom_channel", "wechat"})
CODE_PREFIX = "TEST"
ENDED = "This code no longer works: testing was ended in the builder."
UNKNOWN = "This test code does not exist."


@dataclass(frozen=True)
class TestSessionView:
    """A test session as the dialog shows it."""

    __test__ = False

    code: str
    workflow_id: int
    workflow_name: str
    channel_key: str
    channel_name: str
    contact_id: int
    ended: bool


def _now(now: datetime | None) -> datetime:
    return now if now is not None else datetime.now(UTC)


def normalise_code(text: str) -> str:
    """A code as typed (any case, spaces around) in its stored form."""
    return text.strip().upper()


def channels_for_testing(engine: Engine, *, workspace_id: int) -> list[ChannelChoice]:
    """The channels a workflow can be tested on: web chats first, then by name."""
    with session_scope(engine) as session:
        rows = repo.workspace_channels(session=session, workspace_id=workspace_id)
        return sorted(
            (ChannelChoice(c.key, c.name, c.kind) for c in rows if c.kind not in UNSUPPORTED_KINDS),
            key=lambda c: (c.kind != "web_chat", c.name.lower()),  # web chat first
        )


def trigger_variables(engine: Engine, *, workflow_id: int) -> list[str]:
    """The names of the trigger variables of the workflow's saved draft."""
    with session_scope(engine) as session:
        definition = _draft(_workflow(session, workflow_id))
    trigger = definition.trigger
    if trigger is None:
        return []
    spec = TRIGGERS[trigger.kind]
    config = spec.parse_or_none(trigger.config)
    return list(spec.variables(config)) if config is not None else []


def _workflow(session: Session, workflow_id: int) -> Workflow:
    workflow = repo.get_workflow(session=session, workflow_id=workflow_id)
    if workflow is None:
        raise NotFound("This workflow does not exist (any more).")
    return workflow


def _draft(workflow: Workflow) -> WorkflowDefinition:
    return WorkflowDefinition.model_validate(workflow.draft)


def session_view(session: Session, row: TestSession) -> TestSessionView:
    """The read model of a test session row."""
    workflow = _workflow(session, row.workflow_id)
    channel = repo.channel_by_key(
        session=session, workspace_id=workflow.workspace_id, key=row.channel_key
    )
    return TestSessionView(
        code=row.code,
        workflow_id=row.workflow_id,
        workflow_name=workflow.name,
        channel_key=row.channel_key,
        channel_name=channel.name if channel is not None else row.channel_key,
        contact_id=row.contact_id,
        ended=row.ended_at is not None,
    )


def _new_code(session: Session) -> str:
    for digits in (4, 4, 4, 4, 6, 8):
        code = CODE_PREFIX + "".join(secrets.choice("0123456789") for _ in range(digits))
        if not repo_testing.code_exists(session=session, code=code):
            return code
    raise Refused("No free test code could be made: try again.")


def open_session(
    engine: Engine,
    *,
    workflow_id: int,
    channel_key: str,
    variables: dict[str, str | None],
    actor_id: int | None,
    now: datetime | None = None,
) -> TestSessionView:
    """Start a test session (Next in the Test Workflow dialog).

    Args:
        variables: trigger variable name → sample value; empty or None means null.

    Raises:
        Refused: the channel cannot be tested on, or a variable is not the trigger's.
    """
    allowed = set(trigger_variables(engine, workflow_id=workflow_id))
    unknown = sorted(set(variables) - allowed)
    if unknown:
        raise Refused(f"The trigger has no variable “{unknown[0]}”.")
    now = _now(now)
    with session_scope(engine) as session:
        workflow = _workflow(session, workflow_id)
        channel = repo.channel_by_key(
            session=session, workspace_id=workflow.workspace_id, key=channel_key
        )
        if channel is None:
            raise Refused("Choose a channel to test on.")
        if channel.kind in UNSUPPORTED_KINDS:
            raise Refused(
                f"Testing is not available on “{channel.name}” (Custom Channel and WeChat)."
            )
        contact = Contact(
            workspace_id=workflow.workspace_id,
            firstname="Test",
            lastname="Contact",
            is_test=True,
            last_interacted_channel_id=channel.id,
            created_at=now,
        )
        session.add(contact)
        session.flush()
        row = TestSession(
            workflow_id=workflow_id,
            code=_new_code(session),
            channel_key=channel.key,
            variables={name: (value or None) for name, value in variables.items()},
            contact_id=contact.id or 0,
            created_by_id=actor_id,
            created_at=now,
        )
        session.add(row)
        session.flush()
        return session_view(session, row)


def active_session(
    engine: Engine, *, workflow_id: int, actor_id: int | None
) -> TestSessionView | None:
    """The user's newest session of the workflow that was not ended, or None."""
    with session_scope(engine) as session:
        row = repo_testing.open_session_of(
            session=session, workflow_id=workflow_id, user_id=actor_id
        )
        return session_view(session, row) if row is not None else None


def get_session(engine: Engine, *, code: str) -> TestSessionView:
    """The session of ``code`` (ended or not). Raises NotFound for an unknown code."""
    with session_scope(engine) as session:
        row = repo_testing.session_by_code(session=session, code=normalise_code(code))
        if row is None:
            raise NotFound(UNKNOWN)
        return session_view(session, row)


def end_session(runtime: Runtime, *, code: str) -> None:
    """End Testing: the code stops working and the running test ends."""
    with session_scope(runtime.engine) as session:
        row = repo_testing.session_by_code(session=session, code=normalise_code(code))
        if row is None:
            raise NotFound(UNKNOWN)
        row.ended_at = row.ended_at or runtime.clock.now()
        session.add(row)
        contact_id = row.contact_id
    test_runs.end_test(runtime, contact_id=contact_id)


def _live_session(session: Session, code: str) -> TestSession:
    row = repo_testing.session_by_code(session=session, code=normalise_code(code))
    if row is None:
        raise NotFound(UNKNOWN)
    if row.ended_at is not None:
        raise Refused(ENDED)
    return row


def _snapshot(session: Session, workflow: Workflow, now: datetime) -> int:
    """The test version of the workflow's saved draft (the newest one when unchanged)."""
    problem = repo_testing.draft_problem(session=session, workflow=workflow)
    if problem == repo_testing.NO_STEPS:
        raise Refused(problem)
    if problem is not None:
        raise Refused(f"{problem} Fix them in the builder, save, then send the code again.")
    return repo_testing.snapshot_draft(session=session, workflow=workflow, now=now)


async def send(runtime: Runtime, *, code: str, text: str) -> None:
    """The test contact writes ``text`` in the chat of session ``code``.

    Raises:
        NotFound: unknown code. Refused: the session was ended, the text is empty, or
            (for the code) the draft cannot be tested as it is.
    """
    text = text.strip()
    if not text:
        raise Refused("Write a message first.")
    with session_scope(runtime.engine) as session:
        row = _live_session(session, code)
        is_code = normalise_code(text) == row.code
        if is_code:
            workflow = _workflow(session, row.workflow_id)
            row.version_id = _snapshot(session, workflow, runtime.clock.now())
            session.add(row)
        start = (row.contact_id, row.workflow_id, row.version_id or 0, row.channel_key)
        variables: dict[str, JsonValue] = dict(row.variables)
    contact_id, workflow_id, version_id, channel_key = start
    if is_code:
        await test_runs.start_test(
            runtime,
            contact_id=contact_id,
            workflow_id=workflow_id,
            version_id=version_id,
            channel_key=channel_key,
            text=text,
            variables=variables,
        )
    else:
        await runtime.receive(contact_id, text, channel_key=channel_key)


async def skip_wait(runtime: Runtime, *, code: str) -> bool:
    """Fast-forward the running test's wait or timeout; False when it waits for none."""
    with session_scope(runtime.engine) as session:
        row = _live_session(session, code)
        runs = repo_testing.contact_test_enrollments(session=session, contact_id=row.contact_id)
        active = [r.id for r in runs if r.status == "active"]  # with triggered workflows'
        enrollment_id = active[-1] if active else None
    if enrollment_id is None:
        return False
    return await test_runs.skip_wait(runtime, enrollment_id=enrollment_id)


def qr_code_svg(link: str) -> str:
    """The QR code of ``link`` as an SVG data URI (for an ``<img>``)."""
    import segno  # only the test dialog draws one: not imported when the app starts

    return str(segno.make(link, error="m").svg_data_uri(scale=6, border=2, dark="#1c2024"))
