"""A contact's thread in the Messages module: messages, internal comments and system lines,
and the contact panel beside it.

Decisions:

* The thread is the contact's whole history (every conversation, and messages that came
  while none was open), the latest :data:`THREAD_LIMIT` messages.
* System lines come from two places: inbox actions (assigned, closed, reopened) and
  internal comments are stored as ``system`` messages (``payload.kind`` ``event`` or
  ``comment``); workflow started and ended are read from the contact's enrollments (test
  runs left out), so they need no extra writes by the runtime.
* Everything is text: the UI renders it as text, never as HTML.
"""

from __future__ import annotations

from typing import Any

from pydantic import JsonValue

from wfstudio.domain.checkbox import parse_checkbox
from wfstudio.domain.refs import STANDARD_FIELD_LABELS, STANDARD_FIELDS
from wfstudio.services.inbox_common import Names, display_name, load_actor, load_contact
from wfstudio.services.inbox_views import ContactPanel, FieldValue, LineKind, ThreadLine
from wfstudio.services.workspace_lists import list_options
from wfstudio.services.workspace_views import Option
from wfstudio.store import repo, repo_admin, repo_inbox
from wfstudio.store.db import Engine, session_scope
from wfstudio.store.tables import Contact, Enrollment, Message, Tag, Team, User, Workspace

THREAD_LIMIT = 300

_AUTHORS: dict[str, str] = {"broadcast": "Broadcast", "api": "API", "contact": ""}


def contact_thread(engine: Engine, *, user_id: int | None, contact_id: int) -> list[ThreadLine]:
    """The lines of the contact's thread, oldest first."""
    with session_scope(engine) as session:
        actor = load_actor(session, user_id)
        contact = load_contact(session, actor, contact_id)
        names = Names(session)
        ranked: list[tuple[Any, int, int, ThreadLine]] = []
        for message in repo_inbox.contact_messages(
            session=session, contact_id=contact_id, limit=THREAD_LIMIT
        ):
            ranked.append((message.created_at, 1, message.id or 0, _line(message, contact, names)))
        for enrollment in repo.contact_enrollments(session=session, contact_id=contact_id):
            if enrollment.is_test:
                continue
            for rank, line in _enrollment_lines(enrollment, names):
                ranked.append((line.at, rank, enrollment.id or 0, line))
        ranked.sort(key=lambda item: item[:3])
        return [line for *_, line in ranked]


def _line(message: Message, contact: Contact, names: Names) -> ThreadLine:
    kind: LineKind
    author = ""
    if message.author_kind == "system":
        kind = "comment" if message.payload.get("kind") == "comment" else "event"
        if kind == "comment":
            by_user = message.payload.get("by") == "user"
            author = names.user(message.author_id) if by_user else names.workflow(message.author_id)
    elif message.author_kind in ("contact", "user", "workflow", "ai", "broadcast", "api"):
        kind = message.author_kind
        if kind == "contact":
            author = display_name(contact)
        elif kind == "user":
            author = names.user(message.author_id) or "Agent"
        elif kind in ("workflow", "ai"):
            author = names.bot_author(kind, message.author_id)
        else:
            author = _AUTHORS[kind]
    else:
        kind, author = "event", ""
    side = "in" if kind == "contact" else "note" if kind in ("comment", "event") else "out"
    return ThreadLine(
        key=f"m{message.id}",
        kind=kind,
        side=side,  # type: ignore[arg-type]
        author=author,
        text=message.text,
        at=message.created_at,
    )


def _enrollment_lines(enrollment: Enrollment, names: Names) -> list[tuple[int, ThreadLine]]:
    workflow = names.workflow(enrollment.workflow_id) or "A deleted workflow"
    lines = [
        (
            0,
            ThreadLine(
                key=f"e{enrollment.id}s",
                kind="event",
                side="note",
                author="",
                text=f"Workflow “{workflow}” started",
                at=enrollment.started_at,
            ),
        )
    ]
    if enrollment.ended_at is not None:
        lines.append(
            (
                2,
                ThreadLine(
                    key=f"e{enrollment.id}e",
                    kind="event",
                    side="note",
                    author="",
                    text=ended_text(workflow, enrollment.status, enrollment.end_reason),
                    at=enrollment.ended_at,
                ),
            )
        )
    return lines


def ended_text(workflow: str, status: str, reason: str | None) -> str:
    """How the thread tells that an enrollment ended."""
    if status == "completed":
        return f"Workflow “{workflow}” ended"
    if status == "stopped_for_contact":
        return f"Workflow “{workflow}” was stopped for this contact{_by(reason)}"
    verb = "failed" if status == "failed" else "ended"
    detail = (reason or "").replace("_", " ")
    return f"Workflow “{workflow}” {verb}" + (f" ({detail})" if detail else "")


def _by(reason: str | None) -> str:
    return f" ({reason})" if reason else ""


# --- the contact panel -------------------------------------------------------------------


def contact_panel(engine: Engine, *, user_id: int | None, contact_id: int) -> ContactPanel:
    """The contact's fields, tags, stage, Bot status, assignee and latest conversation."""
    with session_scope(engine) as session:
        actor = load_actor(session, user_id)
        contact = load_contact(session, actor, contact_id)
        workspace = session.get(Workspace, contact.workspace_id)
        assert workspace is not None
        names = Names(session)
        tag_labels = {
            tag.key: tag.label
            for tag in repo_admin.list_rows(
                session=session, table=Tag, workspace_id=workspace.id or 0
            )
        }
        fields = [
            FieldValue(key, STANDARD_FIELD_LABELS[key], kind, _text(getattr(contact, key)), True)
            for key, kind in STANDARD_FIELDS.items()
            if key != "bot_status"
        ]
        fields += [
            FieldValue(
                f.key, f.label, f.type, _text(contact.custom_fields.get(f.key), f.type), False
            )
            for f in sorted(
                repo.workspace_fields(session=session, workspace_id=workspace.id or 0),
                key=lambda f: f.label.casefold(),
            )
        ]
        conversation = repo_inbox.latest_conversation(session=session, contact_id=contact_id)
        categories = {o.key: o.label for o in list_options(workspace.closing_categories)}
        category = conversation.closing_category if conversation is not None else None
        return ContactPanel(
            contact_id=contact_id,
            name=display_name(contact),
            fields=tuple(fields),
            tags=tuple(Option(key, tag_labels.get(key, key)) for key in contact.tags),
            lifecycle_stage=contact.lifecycle_stage or "",
            bot_status=bool(contact.bot_status),
            assignee_user=_key(session.get(User, contact.assignee_user_id or 0)),
            assignee_team=_key(session.get(Team, contact.assignee_team_id or 0)),
            assignee=names.assignee(contact),
            conversation_id=conversation.id or 0 if conversation is not None else 0,
            conversation_status=conversation.status if conversation is not None else "",
            closing_category=categories.get(category or "", category or ""),
            summary=(conversation.summary or "") if conversation is not None else "",
            channel=names.channel(conversation.channel_id) if conversation is not None else "",
        )


def _key(row: User | Team | None) -> str:
    return row.key if row is not None else ""


def _text(value: JsonValue, field_type: str = "") -> str:
    if field_type == "checkbox":  # the switch reads "true"; a value stored as "On" counts
        return "true" if parse_checkbox(value) else "false"
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
