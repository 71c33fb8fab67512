"""Deciding what an event does, inside a transaction: store an incoming message, then for
each event the exits, the replies to waiting steps and the new enrollments.

A :class:`Planner` lives for one transaction: it remembers which enrollments wait for a
reply so storing a message and planning it read that once.

What planning reads, it reads as narrow rows (:mod:`wfstudio.store.repo_hot_planning`,
:mod:`wfstudio.store.repo_hot_inbound`): storing a message reads the contact's fields,
open conversation, channel and count of active enrollments in one statement; the active
enrollments come with their versions' stamps, open logs and workflows' settings in one
statement, the published workflows with their versions' stamps in another. What was read
holds until a burst is saved (:meth:`Planner.forget`). Parsed definitions are cached per
database and version id, checked against the stamp those statements return, so planning
reads no workflow version (a re-published workflow is a new version id, seen at once).

Trigger conditions see what a Branch sees (:func:`~wfstudio.runtime.facts.condition_facts`).
Only a trigger that has conditions reads the workspace's configuration (once per session,
shared with the bursts that follow), and only a condition on the channel, conversation,
latest message or assignee reads one more statement
(:mod:`wfstudio.store.repo_hot_conditions`): workflows without such conditions cost nothing.
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
from wfstudio.runtime.facts import condition_facts
from wfstudio.runtime.steps import REPLY_STEPS
from wfstudio.runtime.testing import enroll_test_target
from wfstudio.runtime.workspace_config import workspace_config
from wfstudio.store import repo, repo_hot_burst, repo_inbound
from wfstudio.store import repo_hot_conditions as situational
from wfstudio.store import repo_hot_inbound as inbound_rows
from wfstudio.store import repo_hot_planning as hot
from wfstudio.store.db import Session


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
        self._active: dict[int, list[hot.ActiveEnrollment]] = {}
        self._facts: dict[int, dict[str, Any] | None] = {}  # contact id -> its fields
        self._workspace_of: dict[int, int | None] = {}
        self._published_by_workspace: dict[int, list[tuple[int, str, int, tuple[Any, ...]]]] = {}

    def know_workspace(self, contact_id: int, workspace_id: int) -> None:
        """The contact's workspace, known already (saves reading it)."""
        self._workspace_of[contact_id] = workspace_id

    def forget(self) -> None:
        """Read enrollments and contacts again from now on (a burst was saved)."""
        self._active.clear()
        self._facts.clear()

    def store_incoming(
        self, contact_id: int, text: str, channel_key: str | None, payload: dict[str, Any]
    ) -> list[Event]:
        """Store a message from the contact, opening a conversation when none is open
        (unless it answers a question a workflow asked); the events it makes."""
        session, now = self.session, self.now
        if session.get_bind().dialect.name == "postgresql":
            # Another process may store a message of this contact right now: one at a
            # time, or both would open a conversation (SQLite's BEGIN IMMEDIATE already
            # serializes). Taken before the open conversation is read.
            workspace_id = repo.contact_workspace_id(session=session, contact_id=contact_id)
            if workspace_id is None:
                return []
            repo_inbound.lock_contact_identity(
                session=session, workspace_id=workspace_id, identity=f"#{contact_id}"
            )
        found = inbound_rows.incoming_context(
            session=session, contact_id=contact_id, channel_key=channel_key
        )
        if found is None:
            return []
        self._workspace_of[contact_id] = found.workspace_id
        self._facts[contact_id] = found.facts  # storing a message changes none of them
        if found.active_enrollments == 0:
            self._active[contact_id] = []
        channel_id = found.channel_id if channel_key else None
        conversation_id = found.open_conversation_id
        events: list[Event] = []
        if conversation_id is None and not self._awaits_reply(contact_id):
            conversation_id = repo_hot_burst.insert_row(
                session=session,
                table="conversations",
                values={
                    "workspace_id": found.workspace_id,
                    "contact_id": contact_id,
                    "channel_id": channel_id
                    if channel_id is not None
                    else found.last_interacted_channel_id,
                    "status": "open",
                    "opened_by_source": "contact",
                    "opened_at": now,
                    "assignee_user_id": found.assignee_user_id,
                },
            )
            events.append(
                ConversationOpened(
                    contact_id=contact_id,
                    conversation_id=conversation_id,
                    source="contact",
                    channel_key=channel_key,
                )
            )
        if channel_id is not None and channel_id != found.last_interacted_channel_id:
            inbound_rows.set_last_channel(
                session=session, contact_id=contact_id, channel_id=channel_id
            )
        repo_hot_burst.insert_rows(
            session=session,
            table="messages",
            rows=[
                {
                    "conversation_id": conversation_id,
                    "contact_id": contact_id,
                    "channel_id": channel_id,
                    "direction": "in",
                    "author_kind": "contact",
                    "text": text,
                    "payload": payload,
                    "created_at": now,
                }
            ],
        )
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

    def _published(self, contact_id: int) -> list[tuple[int, str, int, tuple[Any, ...]]]:
        """The published workflows of the contact's workspace (read once a transaction)."""
        if contact_id not in self._workspace_of:
            self._workspace_of[contact_id] = repo.contact_workspace_id(
                session=self.session, contact_id=contact_id
            )
        workspace_id = self._workspace_of[contact_id]
        if workspace_id is None:
            return []
        if workspace_id not in self._published_by_workspace:
            self._published_by_workspace[workspace_id] = hot.published_versions(
                session=self.session, workspace_id=workspace_id
            )
        return self._published_by_workspace[workspace_id]

    def _contact_facts(self, contact_id: int) -> dict[str, Any] | None:
        """The contact's fields as stored now (read once until a burst is saved)."""
        if contact_id not in self._facts:
            self._facts[contact_id] = hot.contact_facts(session=self.session, contact_id=contact_id)
        return self._facts[contact_id]

    def _active_enrollments(self, contact_id: int) -> list[hot.ActiveEnrollment]:
        if contact_id not in self._active:
            self._active[contact_id] = hot.active_enrollments(
                session=self.session, contact_id=contact_id
            )
        return self._active[contact_id]

    def _awaits_reply(self, contact_id: int) -> bool:
        return any(self._waiting_for_reply(e) for e in self._active_enrollments(contact_id))

    def _waiting_for_reply(self, enrollment: hot.ActiveEnrollment) -> bool:
        if not enrollment.current_step_id or enrollment.open_log_status != "waiting":
            return False
        definition = definition_of(
            self.session, enrollment.version_id, stamp=enrollment.version_stamp
        )
        step = definition.step(enrollment.current_step_id)
        return step is not None and step.kind in REPLY_STEPS

    def _exits_and_replies(self, event: Event, plan: Plan) -> None:
        exit_on = EXIT_CONDITIONS.get(type(event))
        if isinstance(event, OutgoingMessage) and event.author_kind != "user":
            exit_on = None  # broadcasts and the API never end a workflow (product page)
        if exit_on is None:
            return
        active = self._active_enrollments(event.contact_id)
        for enrollment in active:
            if isinstance(event, IncomingMessage) and self._waiting_for_reply(enrollment):
                plan.runs.append((enrollment.id, Reply(event.text)))
                plan.handled.resumed.append(enrollment.id)
                continue
            settings = enrollment.workflow_settings or {}
            if exit_on in settings.get("exit_on", []):
                repo.end_enrollments(
                    session=self.session,
                    enrollment_ids=[enrollment.id],
                    status="ejected",
                    reason=f"exit condition: {exit_on.replace('_', ' ')}",
                    now=self.now,
                )
                plan.handled.exited.append(enrollment.id)
        if active:
            self._active.pop(event.contact_id, None)  # ended or resumed: read again next time

    def _enroll(self, event: Event, plan: Plan) -> None:
        session, now = self.session, self.now
        if isinstance(event, ManualTrigger):
            facts = self._contact_facts(event.contact_id)
            if facts is not None and facts["is_test"]:
                self._facts.clear()
                started = enroll_test_target(session, event, now)  # the target's draft
                if started is not None:
                    self._active.pop(event.contact_id, None)
                    plan.runs.append((started, None))
                    plan.handled.started.append(started)
                return
        fired = FiredEvent(event.trigger_kind, event.detail())
        candidates: list[tuple[int, int, Trigger]] = []
        for workflow_id, key, version_id, stamp in self._published(event.contact_id):
            if event.targeted and key != getattr(event, "workflow_key", None):
                continue
            trigger = definition_of(session, version_id, stamp=stamp).trigger
            if trigger is None or trigger.kind != event.trigger_kind:
                continue
            spec = TRIGGERS[trigger.kind]
            config = spec.parse_or_none(trigger.config)
            if config is None or not spec.is_fired_by(trigger, config, fired):
                continue
            candidates.append((workflow_id, version_id, trigger))
        if not candidates:
            return
        contact = self._contact_facts(event.contact_id)
        if contact is None or contact["is_test"]:
            return  # a test chat's contact runs only the draft under test
        contact_id: int = contact["id"]
        variables = {f"trigger.{k}": v for k, v in event.variables().items()}
        seen: Facts | None = None
        for workflow_id, version_id, trigger in candidates:
            if trigger.conditions.rules:
                if seen is None:
                    seen = self._condition_facts(event, contact, variables, candidates)
                if not evaluate(trigger.conditions, seen):
                    continue
            if trigger.once_per_contact and repo.ever_enrolled(
                session=session, workflow_id=workflow_id, contact_id=contact_id
            ):
                continue
            enrollment_id = hot.start_enrollment(
                session=session,
                values={
                    "workflow_id": workflow_id,
                    "version_id": version_id,
                    "contact_id": contact_id,
                    "variables": variables,
                    "started_at": now,
                },
            )
            if enrollment_id is not None:
                self._active.pop(contact_id, None)
                plan.runs.append((enrollment_id, None))
                plan.handled.started.append(enrollment_id)

    def _condition_facts(
        self,
        event: Event,
        contact: dict[str, Any],
        variables: dict[str, Any],
        candidates: list[tuple[int, int, Trigger]],
    ) -> Facts:
        """What the candidates' conditions see: the facts a Branch sees (one builder,
        :func:`~wfstudio.runtime.facts.condition_facts`). The channel, conversation,
        latest message and assignee are read only when a condition looks at them."""
        values = {key: contact[key] for key in STANDARD_FIELDS}
        values.update(contact["custom_fields"] or {})
        config = workspace_config(self.session, int(contact["workspace_id"]))
        situation = None
        if any(
            rule.category in SITUATION_CATEGORIES
            for _, _, trigger in candidates
            for rule in trigger.conditions.rules
        ):
            conversation_id = getattr(event, "conversation_id", None) or None
            situation = situational.situation(
                session=self.session, contact_id=contact["id"], conversation_id=conversation_id
            )
        return condition_facts(
            now=self.now,
            timezone=config.timezone if config is not None else "UTC",
            contact=values,
            field_types=config.field_types if config is not None else {},
            tags=contact["tags"],
            variables=variables,
            assignee_online=situation.assignee_online if situation else None,
            conversation=situation.conversation if situation else None,
            last_interacted_channel_id=situation.last_interacted_channel_id if situation else None,
            channels=config.channels if config is not None else {},
            last_incoming=situation.last_incoming if situation else None,
        )


SITUATION_CATEGORIES = frozenset(
    {"channel", "last_incoming_message", "conversation", "assignee_status"}
)
"""The condition categories that need more than the contact's row."""
