"""Deciding what an event does, inside a transaction: store an incoming message, then for
each event the exits, the replies to waiting steps and the new enrollments.

A :class:`Planner` lives for one transaction: it remembers which enrollments wait for a
reply so storing a message and planning it read that once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from wfstudio.domain.catalogue import TRIGGERS
from wfstudio.domain.conditions import Facts, evaluate
from wfstudio.domain.definition import Trigger
from wfstudio.domain.kinds import FiredEvent
from wfstudio.domain.refs import STANDARD_FIELDS
from wfstudio.runtime.burst import definition_of
from wfstudio.runtime.context import Reply, Signal
from wfstudio.runtime.events import (
    EXIT_CONDITIONS,
    ConversationOpened,
    Event,
    IncomingMessage,
    ManualTrigger,
    OutgoingMessage,
)
from wfstudio.runtime.steps import REPLY_STEPS
from wfstudio.runtime.testing import enroll_test_target
from wfstudio.runtime.workspace_config import workspace_config
from wfstudio.store import repo, repo_inbound
from wfstudio.store.db import Session
from wfstudio.store.tables import Contact, Conversation, Enrollment, Message


@dataclass
class Handled:
    """What one event did: enrollments started, resumed and ended."""

    started: list[int] = field(default_factory=list)
    resumed: list[int] = field(default_factory=list)
    exited: list[int] = field(default_factory=list)


@dataclass
class Plan:
    runs: list[tuple[int, Signal | None]] = field(default_factory=list)
    handled: Handled = field(default_factory=Handled)


class Planner:
    """Plans events in ``session`` (one transaction) at ``now``."""

    def __init__(self, session: Session, now: datetime) -> None:
        self.session = session
        self.now = now
        self._active: dict[int, list[Enrollment]] = {}
        self._waiting: dict[int, bool] = {}
        self._workspace_of: dict[int, int | None] = {}
        self._published_by_workspace: dict[int, list[tuple[int, str, int]]] = {}

    def know_workspace(self, contact_id: int, workspace_id: int) -> None:
        """The contact's workspace, known already (saves reading it)."""
        self._workspace_of[contact_id] = workspace_id

    def forget(self) -> None:
        """Read enrollments again from now on (a burst was saved)."""
        self._active.clear()
        self._waiting.clear()

    def store_incoming(
        self, contact_id: int, text: str, channel_key: str | None, payload: dict[str, Any]
    ) -> list[Event]:
        """Store a message from the contact, opening a conversation when none is open
        (unless it answers a question a workflow asked); the events it makes."""
        session, now = self.session, self.now
        contact = session.get(Contact, contact_id)
        if contact is None:
            return []
        # Another process may store a message of this contact right now: one at a time,
        # or both would open a conversation (PostgreSQL; SQLite's BEGIN IMMEDIATE already
        # serializes).
        repo_inbound.lock_contact_identity(
            session=session, workspace_id=contact.workspace_id, identity=f"#{contact_id}"
        )
        self._workspace_of[contact_id] = contact.workspace_id
        channel = None
        if channel_key:
            config = workspace_config(session, contact.workspace_id)
            channel = config.channels.get(channel_key) if config is not None else None
        conversation = repo.open_conversation(session=session, contact_id=contact_id)
        events: list[Event] = []
        if conversation is None and not self._awaits_reply(contact_id):
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
        session.flush()
        # The message first (exits and replies), then the opening (triggers).
        incoming = IncomingMessage(
            contact_id=contact_id, text=text, channel_key=channel_key, payload=payload
        )
        return [incoming, *events]

    def plan(self, events: Sequence[Event]) -> Plan:
        """Who exits, resumes and starts because of ``events``."""
        plan = Plan()
        for event in events:
            self._exits_and_replies(event, plan)
            if event.trigger_kind:
                self._enroll(event, plan)
        return plan

    def _published(self, contact_id: int) -> list[tuple[int, str, int]]:
        """The published workflows of the contact's workspace (read once a transaction)."""
        if contact_id not in self._workspace_of:
            self._workspace_of[contact_id] = repo.contact_workspace_id(
                session=self.session, contact_id=contact_id
            )
        workspace_id = self._workspace_of[contact_id]
        if workspace_id is None:
            return []
        if workspace_id not in self._published_by_workspace:
            self._published_by_workspace[workspace_id] = repo.published_version_ids(
                session=self.session, workspace_id=workspace_id
            )
        return self._published_by_workspace[workspace_id]

    def _is_test_contact(self, contact_id: int) -> bool:
        contact = self.session.get(Contact, contact_id)
        return contact is not None and contact.is_test

    def _active_enrollments(self, contact_id: int) -> list[Enrollment]:
        if contact_id not in self._active:
            self._active[contact_id] = repo.contact_active_enrollments(
                session=self.session, contact_id=contact_id
            )
        return self._active[contact_id]

    def _awaits_reply(self, contact_id: int) -> bool:
        return any(self._waiting_for_reply(e) for e in self._active_enrollments(contact_id))

    def _waiting_for_reply(self, enrollment: Enrollment) -> bool:
        key = enrollment.id or 0
        if key not in self._waiting:
            self._waiting[key] = self._read_waiting_for_reply(enrollment)
        return self._waiting[key]

    def _read_waiting_for_reply(self, enrollment: Enrollment) -> bool:
        if not enrollment.current_step_id:
            return False
        definition = definition_of(self.session, enrollment.version_id)
        step = definition.step(enrollment.current_step_id)
        if step is None or step.kind not in REPLY_STEPS:
            return False
        log = repo.open_step_log(
            session=self.session, enrollment_id=enrollment.id or 0, step_id=step.id
        )
        return log is not None and log.status == "waiting"

    def _exits_and_replies(self, event: Event, plan: Plan) -> None:
        exit_on = EXIT_CONDITIONS.get(type(event))
        if isinstance(event, OutgoingMessage) and event.author_kind != "user":
            exit_on = None  # broadcasts and the API never end a workflow (product page)
        if exit_on is None:
            return
        for enrollment in self._active_enrollments(event.contact_id):
            if enrollment.status != "active":
                continue
            if isinstance(event, IncomingMessage) and self._waiting_for_reply(enrollment):
                plan.runs.append((enrollment.id or 0, Reply(event.text)))
                plan.handled.resumed.append(enrollment.id or 0)
                continue
            workflow = repo.workflow_without_draft(
                session=self.session, workflow_id=enrollment.workflow_id
            )
            if workflow is not None and exit_on in workflow.settings.get("exit_on", []):
                repo.end_enrollments(
                    session=self.session,
                    enrollment_ids=[enrollment.id or 0],
                    status="ejected",
                    reason=f"exit condition: {exit_on.replace('_', ' ')}",
                    now=self.now,
                )
                plan.handled.exited.append(enrollment.id or 0)
        self._active.pop(event.contact_id, None)  # ended or resumed: read again next time

    def _enroll(self, event: Event, plan: Plan) -> None:
        session, now = self.session, self.now
        if isinstance(event, ManualTrigger) and self._is_test_contact(event.contact_id):
            started = enroll_test_target(session, event, now)  # the target's draft
            if started is not None:
                self._active.pop(event.contact_id, None)
                plan.runs.append((started, None))
                plan.handled.started.append(started)
            return
        fired = FiredEvent(event.trigger_kind, event.detail())
        candidates: list[tuple[int, int, Trigger]] = []
        for workflow_id, key, version_id in self._published(event.contact_id):
            if event.targeted and key != getattr(event, "workflow_key", None):
                continue
            trigger = definition_of(session, version_id).trigger
            if trigger is None or trigger.kind != event.trigger_kind:
                continue
            spec = TRIGGERS[trigger.kind]
            config = spec.parse_or_none(trigger.config)
            if config is None or not spec.is_fired_by(trigger, config, fired):
                continue
            candidates.append((workflow_id, version_id, trigger))
        if not candidates:
            return
        contact = session.get(Contact, event.contact_id)
        if contact is None or contact.is_test:
            return  # a test chat's contact runs only the draft under test
        variables = {f"trigger.{k}": v for k, v in event.variables().items()}
        for workflow_id, version_id, trigger in candidates:
            if not evaluate(trigger.conditions, _facts(contact, variables, now)):
                continue
            if trigger.once_per_contact and repo.ever_enrolled(
                session=session, workflow_id=workflow_id, contact_id=contact.id or 0
            ):
                continue
            enrollment = repo.start_enrollment(
                session=session,
                enrollment=Enrollment(
                    workflow_id=workflow_id,
                    version_id=version_id,
                    contact_id=contact.id or 0,
                    variables=variables,
                    started_at=now,
                ),
            )
            if enrollment is not None:
                self._active.pop(contact.id or 0, None)
                plan.runs.append((enrollment.id or 0, None))
                plan.handled.started.append(enrollment.id or 0)


def _facts(contact: Contact, variables: dict[str, Any], now: datetime) -> Facts:
    values = {key: getattr(contact, key) for key in STANDARD_FIELDS}
    values.update(contact.custom_fields)
    return Facts(now=now, contact=values, tags=frozenset(contact.tags), variables=variables)
