"""Handlers of the steps that change the contact or its conversation, and Assign To."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Literal

from pydantic import JsonValue

from wfstudio.domain.checkbox import parse_checkbox
from wfstudio.domain.definition import Step
from wfstudio.domain.refs import STANDARD_FIELDS
from wfstudio.domain.steps.assign_to import AssignToConfig
from wfstudio.domain.steps.close_conversation import CloseConversationConfig
from wfstudio.domain.steps.open_conversation import OpenConversationConfig
from wfstudio.domain.steps.update_contact_field import UpdateContactFieldConfig, fits_field_type
from wfstudio.domain.steps.update_contact_tag import UpdateContactTagConfig
from wfstudio.domain.steps.update_lifecycle import UpdateLifecycleConfig
from wfstudio.domain.variables import has_variable, render
from wfstudio.runtime.context import Burst, Outcome, Pause, Signal, Woken
from wfstudio.runtime.events import (
    ConversationClosed,
    ConversationOpened,
    FieldChanged,
    LifecycleChanged,
    TagChanged,
)
from wfstudio.runtime.sending import Effects, session_of
from wfstudio.store import repo, repo_assign, repo_hot_burst
from wfstudio.store.db import Session
from wfstudio.store.rows import ConversationRow, UserRef

ASSIGN_RETRY = timedelta(seconds=30)
"""How often a queued contact looks for an agent again (also on every agent change)."""


def set_field(burst: Burst, key: str, value: JsonValue) -> None:
    """Set contact field ``key`` in the burst and queue the "field updated" event."""
    contact = burst.contact
    if key in STANDARD_FIELDS:
        old = getattr(contact, key)
        if key == "bot_status":
            value = bool(parse_checkbox(value))
        setattr(contact, key, value)
    else:
        old = contact.custom_fields.get(key)
        contact.custom_fields = {**contact.custom_fields, key: value}
    if old != value:
        burst.caused.append(
            FieldChanged(contact_id=contact.id or 0, field_key=key, old_value=old, new_value=value)
        )


async def update_contact_tag(
    effects: Effects, burst: Burst, step: Step, config: UpdateContactTagConfig
) -> Outcome:
    tags = list(burst.contact.tags)
    changed = []
    for tag in config.tags:
        if config.action == "add" and tag not in tags:
            tags.append(tag)
            changed.append(tag)
        elif config.action == "remove" and tag in tags:
            tags.remove(tag)
            changed.append(tag)
    burst.contact.tags = tags
    action: Literal["added", "removed"] = "added" if config.action == "add" else "removed"
    burst.caused += [
        TagChanged(contact_id=burst.contact.id or 0, tag=tag, action=action) for tag in changed
    ]
    return Outcome(port="success", summary={"changed": list[JsonValue](changed)})


async def update_contact_field(
    effects: Effects, burst: Burst, step: Step, config: UpdateContactFieldConfig
) -> Outcome:
    scope = burst.scope()
    problems = []
    for update in config.updates:
        value = render(update.value, scope)
        field_type = burst.field_types.get(update.field) or STANDARD_FIELDS.get(update.field)
        if value and field_type is not None and not fits_field_type(field_type, value):
            problems.append(f"{update.field}: “{value}” is not a valid {field_type}")
            continue
        if has_variable(value):  # a variable without a value: leave the field alone
            problems.append(f"{update.field}: no value for {value}")
            continue
        set_field(burst, update.field, _typed(value, field_type))
    if problems and config.failure_branch:
        return Outcome(port="failure", error="; ".join(problems))
    skipped: list[JsonValue] = list(problems)
    return Outcome(port="success", summary={"skipped": skipped} if problems else {})


def _typed(value: str, field_type: str | None) -> JsonValue:
    if value == "":
        return None
    if field_type == "number":
        number = float(value.replace(",", ""))
        return int(number) if number.is_integer() else number
    if field_type == "checkbox":
        return parse_checkbox(value)
    return value


async def update_lifecycle(
    effects: Effects, burst: Burst, step: Step, config: UpdateLifecycleConfig
) -> Outcome:
    old = burst.contact.lifecycle_stage
    new = config.stage if config.action == "set" and config.stage else None
    if old != new:
        burst.contact.lifecycle_stage = new
        burst.caused.append(
            LifecycleChanged(contact_id=burst.contact.id or 0, old_stage=old, new_stage=new)
        )
    return Outcome(port="success", summary={"stage": new})


async def open_conversation(
    effects: Effects, burst: Burst, step: Step, config: OpenConversationConfig
) -> Outcome:
    if burst.conversation is not None and burst.conversation.status == "open":
        return Outcome(port="success", summary={"opened": False})
    channel_key = burst.channel_key()
    channel = burst.channels.get(channel_key) if channel_key else None
    conversation = ConversationRow(
        workspace_id=burst.workspace_id,
        contact_id=burst.contact.id or 0,
        channel_id=channel.id if channel is not None else None,
        status="open",
        opened_by_source="workflow",
        opened_by_id=burst.workflow.id,
        opened_at=burst.now,
        assignee_user_id=burst.contact.assignee_user_id,
    )
    if burst.conversation is not None:
        burst.earlier_conversations.append(burst.conversation)  # closed earlier in this burst
    burst.conversation = conversation
    burst.caused.append(
        ConversationOpened(
            contact_id=burst.contact.id or 0, source="workflow", channel_key=channel_key
        )
    )
    return Outcome(port="success", summary={"opened": True})


async def close_conversation(
    effects: Effects, burst: Burst, step: Step, config: CloseConversationConfig
) -> Outcome:
    conversation = burst.conversation
    if conversation is None or conversation.status != "open":
        return Outcome(port="success", summary={"closed": False})
    summary = render(config.summary, burst.scope()) or None
    conversation.status = "closed"
    conversation.closed_at = burst.now
    conversation.closed_by_source = "workflow"
    conversation.closed_by_id = burst.workflow.id
    conversation.closing_category = config.category or None
    conversation.summary = summary
    burst.caused.append(
        ConversationClosed(
            contact_id=burst.contact.id or 0,
            conversation_id=conversation.id or 0,
            source="workflow",
            category=config.category or None,
            summary=summary,
            closed_by=burst.workflow.name,
        )
    )
    return Outcome(port="success", summary={"closed": True})


class Assigner:
    """Chooses and records an assignee inside the burst's transaction (exact round robin:
    the users are locked, or the SQLite transaction holds the write lock)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def assign(self, burst: Burst, config: AssignToConfig, now: datetime) -> str:
        """Returns "assigned", "unassigned", "nobody" (queue) or "empty_team"."""
        session = self.session
        if config.action == "unassign":
            _record(session, burst, None, None, now)
            return "unassigned"
        if config.action == "specific_user":
            candidates, team_id = repo_hot_burst.lock_candidates(
                session=session, workspace_id=burst.workspace_id, user_key=config.user
            )
        else:
            team_key = config.team if config.action == "team" else None
            users, team_id = repo_hot_burst.lock_candidates(
                session=session, workspace_id=burst.workspace_id, team_key=team_key
            )
            if team_key is not None and not users:
                return "empty_team"
            candidates = _qualifying(session, users, config)
        if not candidates:
            return "nobody"
        chosen = _choose(session, candidates, config)
        _record(session, burst, chosen, team_id, _stamp(candidates, now))
        if burst.conversation is not None and burst.conversation.status == "open":
            burst.conversation.assignee_user_id = chosen.id
        return "assigned"


def _record(
    session: Session, burst: Burst, user: UserRef | None, team_id: int | None, now: datetime
) -> None:
    """Assign the contact to ``user`` now, in this transaction: its row is written with the
    burst's other changes to it so far (one statement), then its open conversation and the
    user's assignment time (what concurrent assignments read)."""
    contact = burst.contact
    contact.assignee_user_id = user.id if user is not None else None
    contact.assignee_team_id = team_id
    repo_hot_burst.save_row(session=session, row=contact)
    user_id = contact.assignee_user_id
    repo_assign.record_assignment(
        session=session, contact_id=contact.id or 0, user_id=user_id, now=now
    )
    burst.assignee = user


def _qualifying(session: Session, users: list[UserRef], config: AssignToConfig) -> list[UserRef]:
    if config.only_online:
        users = [user for user in users if user.online]
    if config.max_open_contacts:
        counts = repo.open_contact_counts(session=session, user_ids=[u.id for u in users])
        users = [u for u in users if counts.get(u.id, 0) < config.max_open_contacts]
    return users


def _stamp(users: list[UserRef], now: datetime) -> datetime:
    """The assignment time to record: ``now``, or just after the latest one recorded, so
    assignments made within the same instant still queue up in order (exact round robin)."""
    latest = max((u.last_assigned_at for u in users if u.last_assigned_at), default=None)
    if latest is not None and latest >= now:
        return latest + timedelta(microseconds=1)
    return now


def _choose(session: Session, users: list[UserRef], config: AssignToConfig) -> UserRef:
    never = datetime.min.replace(tzinfo=None)

    def last(user: UserRef) -> datetime:
        return user.last_assigned_at.replace(tzinfo=None) if user.last_assigned_at else never

    if config.logic == "least_open":
        counts = repo.open_contact_counts(session=session, user_ids=[u.id for u in users])
        return min(users, key=lambda u: (counts.get(u.id, 0), last(u), u.id))
    return min(users, key=lambda u: (last(u), u.id))


async def assign_to(effects: Effects, burst: Burst, step: Step, config: AssignToConfig) -> Outcome:
    result = Assigner(session_of(effects)).assign(burst, config, burst.now)
    if result != "nobody":
        return Outcome(port="success", summary=_assigned(result, burst))
    due = burst.now + timedelta(seconds=config.timeout_seconds)
    return Outcome(
        pause=Pause("assign", [("assign_retry", burst.now + ASSIGN_RETRY), ("timeout", due)]),
        summary={"result": "queued"},
    )


def _assigned(result: str, burst: Burst) -> dict[str, JsonValue]:
    """The step log's summary of an assignment: the result, and whom it chose (the test
    chat names them)."""
    if result == "assigned" and burst.assignee is not None:
        return {"result": result, "assignee_id": burst.assignee.id}
    return {"result": result}


async def resume_assign_to(
    effects: Effects, burst: Burst, step: Step, config: AssignToConfig, signal: Signal
) -> Outcome:
    if isinstance(signal, Woken) and signal.kind == "timeout":
        if config.timeout_branch:
            return Outcome(port="timeout", error="Nobody could be assigned before the timeout.")
        return Outcome(end=("failed", "timeout: nobody could be assigned"))
    result = Assigner(session_of(effects)).assign(burst, config, burst.now)
    if result != "nobody":
        return Outcome(port="success", summary=_assigned(result, burst))
    return Outcome(
        pause=Pause("assign", [("assign_retry", burst.now + ASSIGN_RETRY)], keep_wakes=True),
        summary={"result": "queued"},
    )
