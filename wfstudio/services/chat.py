"""A contact's conversation as a web chat shows it: the read model the test chat and the
public web chat pages share.

Decisions:

* Lines are the contact's messages in order: the contact's own on one side; the
  workflow's, the AI agent's and agents' on the other, each with its author; a
  question's options and a message's buttons as buttons.
* The test chat also shows what a contact would not see, as system lines: internal
  comments, and the assignments (naming the user chosen), openings and closings its
  test run made (from the step log). Steps of one burst share a timestamp, so a system line is placed after the
  messages the burst's earlier steps sent (steps that send are counted in the log).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from wfstudio.domain.definition import WorkflowDefinition
from wfstudio.runtime.burst import definition_of
from wfstudio.store import repo_testing
from wfstudio.store.db import Session
from wfstudio.store.tables import Message, StepLog, User, Workflow

Side = Literal["contact", "bot", "system"]

SYSTEM_KINDS = ("assign_to", "open_conversation", "close_conversation")
SENDING_KINDS = frozenset({"send_message", "ask_question", "ai_agent", "add_comment"})
_LOG_KINDS = (*SYSTEM_KINDS, *SENDING_KINDS)


@dataclass(frozen=True)
class ChatLine:
    """One line of the chat."""

    key: str  # unique in the chat ("m12" for a message, "s5" for a step's system line)
    side: Side
    author: str
    text: str
    buttons: tuple[str, ...]
    at: datetime


def _author(session: Session, message: Message, names: dict[tuple[str, int], str]) -> str:
    kind, who = message.author_kind, message.author_id or 0
    if kind == "contact":
        return "You"
    if kind == "ai":
        return "AI Agent"
    if (kind, who) not in names:
        row: Workflow | User | None = None
        if who:
            row = session.get(Workflow, who) if kind == "workflow" else session.get(User, who)
        names[(kind, who)] = row.name if row is not None else kind.title()
    return names[(kind, who)]


def _message_line(
    session: Session, message: Message, names: dict[tuple[str, int], str]
) -> ChatLine:
    payload = message.payload or {}
    if message.author_kind == "system":
        label = "Internal comment" if payload.get("kind") == "comment" else "Note"
        return ChatLine(
            f"m{message.id}", "system", "", f"{label}: {message.text}", (), message.created_at
        )
    side: Side = "contact" if message.direction == "in" else "bot"
    buttons = tuple(str(b) for b in payload.get("buttons") or ())
    return ChatLine(
        f"m{message.id}",
        side,
        _author(session, message, names),
        message.text,
        buttons,
        message.created_at,
    )


def _system_text(
    log: StepLog, definition: WorkflowDefinition | None, assignee: str = ""
) -> str | None:
    """The system line of a step's log; ``assignee`` names whom an Assign To chose."""
    step = definition.step(log.step_id) if definition is not None else None
    name = step.name if step is not None and step.name else log.step_id
    summary = log.input_summary or {}
    if log.kind == "open_conversation":
        return "Conversation opened by the workflow" if summary.get("opened") else None
    if log.kind == "close_conversation":
        if not summary.get("closed"):
            return None
        category = step.config.get("category") if step is not None else None
        return "Conversation closed" + (f" ({category})" if category else "")
    result = summary.get("result")
    texts = {
        "assigned": f"Assigned to {assignee} by “{name}”" if assignee else f"Assigned by “{name}”",
        "unassigned": f"Unassigned by “{name}”",
        "queued": f"“{name}”: nobody can take the conversation yet; waiting in the queue",
        "empty_team": f"“{name}”: the team has nobody; moving on",
    }
    return texts.get(str(result))


def chat_lines(session: Session, *, contact_id: int, with_system: bool) -> list[ChatLine]:
    """The contact's chat, oldest first; ``with_system`` adds comments and the system
    lines of its runs (the test chat)."""
    names: dict[tuple[str, int], str] = {}
    keyed: list[tuple[tuple[datetime, float], ChatLine]] = []
    outbound_at: dict[datetime, list[int]] = {}  # instant → positions of messages sent then
    for position, message in enumerate(
        repo_testing.contact_messages(session=session, contact_id=contact_id)
    ):
        if message.author_kind == "system" and not with_system:
            continue
        keyed.append(
            ((message.created_at, float(position)), _message_line(session, message, names))
        )
        if message.direction == "out":
            outbound_at.setdefault(message.created_at, []).append(position)
    if with_system:
        keyed += _system_lines(session, contact_id, outbound_at)
    keyed.sort(key=lambda pair: pair[0])
    return [line for _, line in keyed]


def _system_lines(
    session: Session, contact_id: int, outbound_at: dict[datetime, list[int]]
) -> list[tuple[tuple[datetime, float], ChatLine]]:
    """System lines keyed to sort after the messages their burst sent before them."""
    keyed = []
    sent_before: dict[tuple[int, datetime], int] = {}
    logs = repo_testing.contact_step_logs(session=session, contact_id=contact_id, kinds=_LOG_KINDS)
    for log in logs:
        burst = (log.enrollment_id, log.entered_at)
        if log.kind in SENDING_KINDS:
            sent_before[burst] = sent_before.get(burst, 0) + 1
            continue
        text = _system_text(log, _definition(session, log.version_id), _assignee(session, log))
        if text is None:
            continue
        at = log.left_at or log.entered_at
        sent = outbound_at.get(at, [])
        count = sent_before.get(burst, 0)
        place = sent[count] - 0.5 if count < len(sent) else float("inf")
        keyed.append(((at, place), ChatLine(f"s{log.id}", "system", "", text, (), at)))
    return keyed


def _assignee(session: Session, log: StepLog) -> str:
    """The name of the user an Assign To step chose ("" when unknown or removed)."""
    user_id = (log.input_summary or {}).get("assignee_id")
    user = session.get(User, user_id) if isinstance(user_id, int) else None
    return user.name if user is not None else ""


def _definition(session: Session, version_id: int) -> WorkflowDefinition | None:
    try:
        return definition_of(session, version_id)
    except LookupError:
        return None
