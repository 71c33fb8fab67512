"""The runtime: events in → exits, replies and enrollments → bursts of steps.

Events of one contact are handled one at a time (an asyncio lock per contact), so a reply
never races the step that asked the question; different contacts run concurrently, and
a contact's several workflows each get their burst. Events a burst causes (a tag added, a
conversation opened, Trigger Another Workflow …) are dispatched after it is committed.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from wfstudio.domain.catalogue import TRIGGERS
from wfstudio.domain.conditions import Facts, evaluate
from wfstudio.domain.kinds import FiredEvent
from wfstudio.domain.refs import STANDARD_FIELDS
from wfstudio.runtime.burst import definition_of, load_burst, run_burst, save_burst
from wfstudio.runtime.clock import Clock, SystemClock
from wfstudio.runtime.context import Outcome, Reply, Signal, Woken
from wfstudio.runtime.events import (
    EXIT_CONDITIONS,
    ConversationOpened,
    Event,
    IncomingMessage,
    OutgoingMessage,
)
from wfstudio.runtime.http import HttpClient
from wfstudio.runtime.steps import REPLY_STEPS
from wfstudio.store import repo, repo_inbound
from wfstudio.store.db import Engine, Session, session_scope
from wfstudio.store.tables import Contact, Conversation, Enrollment, Message, Workflow

logger = logging.getLogger(__name__)

MAX_CAUSED_DEPTH = 10
"""How deep events caused by steps may chain (publish refuses loops; this is the backstop)."""


@dataclass
class Handled:
    """What one event did: enrollments started, resumed and ended."""

    started: list[int] = field(default_factory=list)
    resumed: list[int] = field(default_factory=list)
    exited: list[int] = field(default_factory=list)


@dataclass
class _Plan:
    runs: list[tuple[int, Signal | None]] = field(default_factory=list)
    handled: Handled = field(default_factory=Handled)


class Runtime:
    """Moves contacts through published workflows. One per process (per event loop)."""

    def __init__(
        self, engine: Engine, *, clock: Clock | None = None, http: HttpClient | None = None
    ) -> None:
        self.engine = engine
        self.clock: Clock = clock or SystemClock()
        self.http = http or HttpClient()
        self._locks: weakref.WeakValueDictionary[int, asyncio.Lock] = weakref.WeakValueDictionary()

    async def aclose(self) -> None:
        await self.http.close()

    def _lock(self, contact_id: int) -> asyncio.Lock:
        lock = self._locks.get(contact_id)
        if lock is None:
            lock = asyncio.Lock()
            self._locks[contact_id] = lock
        return lock

    # --- events in -----------------------------------------------------------------------

    async def dispatch(self, event: Event, *, depth: int = 0) -> Handled:
        """Handle one event: exit conditions, replies, then matching triggers."""
        caused: list[Event] = []
        async with self._lock(event.contact_id):
            plan = self._plan([event])
            caused += await self._run_all(plan.runs)
        await self._dispatch_caused(caused, depth)
        return plan.handled

    async def receive(
        self,
        contact_id: int,
        text: str,
        *,
        channel_key: str | None = None,
        payload: dict[str, Any] | None = None,
    ) -> Handled:
        """A message from the contact: store it, open a conversation when none is open
        (unless it answers a question a workflow asked), then handle the events.

        Returns once everything it caused is committed: the caller acknowledges after.
        """
        caused: list[Event] = []
        async with self._lock(contact_id):
            events = self._store_incoming(contact_id, text, channel_key, payload or {})
            plan = self._plan(events)
            caused += await self._run_all(plan.runs)
        await self._dispatch_caused(caused, 0)
        return plan.handled

    async def _dispatch_caused(self, caused: Sequence[Event], depth: int) -> None:
        if depth >= MAX_CAUSED_DEPTH:
            return
        for event in caused:
            await self.dispatch(event, depth=depth + 1)

    def _store_incoming(
        self,
        contact_id: int,
        text: str,
        channel_key: str | None,
        payload: dict[str, Any],
    ) -> list[Event]:
        now = self.clock.now()
        with session_scope(self.engine) as session:
            contact = session.get(Contact, contact_id)
            if contact is None:
                return []
            # Another process may store a message of this contact right now: one at a time,
            # or both would open a conversation (PostgreSQL; SQLite's BEGIN IMMEDIATE already
            # serializes).
            repo_inbound.lock_contact_identity(
                session=session, workspace_id=contact.workspace_id, identity=f"#{contact_id}"
            )
            channel = None
            if channel_key:
                channel = repo.channel_by_key(
                    session=session, workspace_id=contact.workspace_id, key=channel_key
                )
            conversation = repo.open_conversation(session=session, contact_id=contact_id)
            events: list[Event] = []
            if conversation is None and not self._awaits_reply(session, contact_id):
                conversation = Conversation(
                    workspace_id=contact.workspace_id,
                    contact_id=contact_id,
                    channel_id=channel.id
                    if channel is not None
                    else contact.last_interacted_channel_id,
                    status="open",
                    opened_by_source="contact",
                    opened_at=now,
                    assignee_user_id=contact.assignee_user_id,
                )
                session.add(conversation)
                session.flush()
                events.append(
                    ConversationOpened(
                        contact_id=contact_id,
                        conversation_id=conversation.id or 0,
                        source="contact",
                        channel_key=channel_key,
                    )
                )
            if channel is not None:
                contact.last_interacted_channel_id = channel.id
                session.add(contact)
            session.add(
                Message(
                    conversation_id=conversation.id if conversation is not None else None,
                    contact_id=contact_id,
                    channel_id=channel.id if channel is not None else None,
                    direction="in",
                    author_kind="contact",
                    text=text,
                    payload=payload,
                    created_at=now,
                )
            )
        # The message first (exits and replies), then the opening (triggers).
        incoming = IncomingMessage(
            contact_id=contact_id, text=text, channel_key=channel_key, payload=payload
        )
        return [incoming, *events]

    def _awaits_reply(self, session: Session, contact_id: int) -> bool:
        for enrollment in repo.contact_active_enrollments(session=session, contact_id=contact_id):
            if self._waiting_for_reply(session, enrollment):
                return True
        return False

    def _waiting_for_reply(self, session: Session, enrollment: Enrollment) -> bool:
        if not enrollment.current_step_id:
            return False
        step = definition_of(session, enrollment.version_id).step(enrollment.current_step_id)
        if step is None or step.kind not in REPLY_STEPS:
            return False
        log = repo.open_step_log(session=session, enrollment_id=enrollment.id or 0, step_id=step.id)
        return log is not None and log.status == "waiting"

    # --- planning: one transaction decides who exits, resumes and starts ------------------

    def _plan(self, events: Sequence[Event]) -> _Plan:
        plan = _Plan()
        now = self.clock.now()
        with session_scope(self.engine) as session:
            for event in events:
                contact = session.get(Contact, event.contact_id)
                if contact is None:
                    continue
                self._exits_and_replies(session, event, plan, now)
                if event.trigger_kind:
                    self._enroll(session, contact, event, plan, now)
        return plan

    def _exits_and_replies(
        self, session: Session, event: Event, plan: _Plan, now: datetime
    ) -> None:
        exit_on = EXIT_CONDITIONS.get(type(event))
        if isinstance(event, OutgoingMessage) and event.author_kind != "user":
            exit_on = None  # broadcasts and the API never end a workflow (product page)
        if exit_on is None:
            return
        for enrollment in repo.contact_active_enrollments(
            session=session, contact_id=event.contact_id
        ):
            if isinstance(event, IncomingMessage) and self._waiting_for_reply(session, enrollment):
                plan.runs.append((enrollment.id or 0, Reply(event.text)))
                plan.handled.resumed.append(enrollment.id or 0)
                continue
            workflow = session.get(Workflow, enrollment.workflow_id)
            if workflow is not None and exit_on in workflow.settings.get("exit_on", []):
                repo.end_enrollments(
                    session=session,
                    enrollment_ids=[enrollment.id or 0],
                    status="ejected",
                    reason=f"exit condition: {exit_on.replace('_', ' ')}",
                    now=now,
                )
                plan.handled.exited.append(enrollment.id or 0)

    def _enroll(
        self, session: Session, contact: Contact, event: Event, plan: _Plan, now: datetime
    ) -> None:
        fired = FiredEvent(event.trigger_kind, event.detail())
        variables = {f"trigger.{k}": v for k, v in event.variables().items()}
        for workflow, version in repo.published_versions(
            session=session, workspace_id=contact.workspace_id
        ):
            if event.targeted and workflow.key != getattr(event, "workflow_key", None):
                continue
            definition = definition_of(session, version.id or 0)
            trigger = definition.trigger
            if trigger is None or trigger.kind != event.trigger_kind:
                continue
            spec = TRIGGERS[trigger.kind]
            config = spec.parse_or_none(trigger.config)
            if config is None or not spec.is_fired_by(trigger, config, fired):
                continue
            if not evaluate(trigger.conditions, self._facts(contact, variables, now)):
                continue
            if trigger.once_per_contact and repo.ever_enrolled(
                session=session, workflow_id=workflow.id or 0, contact_id=contact.id or 0
            ):
                continue
            enrollment = repo.start_enrollment(
                session=session,
                enrollment=Enrollment(
                    workflow_id=workflow.id or 0,
                    version_id=version.id or 0,
                    contact_id=contact.id or 0,
                    variables=variables,
                    started_at=now,
                ),
            )
            if enrollment is not None:
                plan.runs.append((enrollment.id or 0, None))
                plan.handled.started.append(enrollment.id or 0)

    @staticmethod
    def _facts(contact: Contact, variables: dict[str, Any], now: datetime) -> Facts:
        values = {key: getattr(contact, key) for key in STANDARD_FIELDS}
        values.update(contact.custom_fields)
        return Facts(now=now, contact=values, tags=frozenset(contact.tags), variables=variables)

    # --- bursts --------------------------------------------------------------------------

    async def _run_all(self, runs: Sequence[tuple[int, Signal | None]]) -> list[Event]:
        caused: list[Event] = []
        for enrollment_id, signal in runs:
            caused += await self._run(enrollment_id, signal)
        return caused

    async def _run(
        self, enrollment_id: int, signal: Signal | None, wake_id: int | None = None
    ) -> list[Event]:
        now = self.clock.now()
        with session_scope(self.engine) as session:
            burst = load_burst(session, enrollment_id, now)
            if burst is not None and wake_id is not None:
                step_id = burst.enrollment.current_step_id
                if burst.open_log is None or burst.open_log.status != "waiting" or step_id is None:
                    burst = None  # a stale wake: the enrollment moved on
            if burst is None and wake_id is not None:
                repo.mark_wake_fired(session=session, wake_id=wake_id, now=now)
        if burst is None:
            return []
        outcome: Outcome = await run_burst(self, burst, signal)
        with session_scope(self.engine) as session:
            if wake_id is not None and not repo.mark_wake_fired(
                session=session, wake_id=wake_id, now=now
            ):
                session.rollback()
                return []  # another worker fired it first
            save_burst(session, burst, outcome)
        return burst.caused

    # --- durable wakes -------------------------------------------------------------------

    async def fire_due(self, worker: str = "worker", *, limit: int = 50) -> int:
        """Fire the wakes due now; returns how many were handled."""
        now = self.clock.now()
        with session_scope(self.engine) as session:
            claimed = repo.claim_due_wakes(session=session, now=now, worker=worker, limit=limit)
            due = []
            for wake in claimed:
                enrollment = session.get(Enrollment, wake.enrollment_id)
                contact_id = enrollment.contact_id if enrollment is not None else 0
                due.append((wake.id or 0, wake.enrollment_id, wake.step_id, wake.kind, contact_id))
        for wake_id, enrollment_id, _step_id, kind, contact_id in due:
            try:
                caused: list[Event] = []
                async with self._lock(contact_id):
                    caused += await self._run(enrollment_id, Woken(kind), wake_id)
                await self._dispatch_caused(caused, 0)
            except Exception:
                # One bad wake must not hold up the others of the batch; its claim lapses
                # after the lease and it is tried again then.
                logger.exception("wake %s of enrollment %s failed", wake_id, enrollment_id)
        return len(due)
