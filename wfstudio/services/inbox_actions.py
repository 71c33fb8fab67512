"""What an agent does to a conversation in the Messages module: reply, comment, assign,
close and reopen. Each checks, writes in one transaction, then hands the event to the
runtime, so the triggers and exit conditions of published workflows react to it.

Decisions:

* Replies and internal comments are in :mod:`.inbox_reply` (re-exported here).
* Assigning by hand (to a user, a team, or nobody) fires the "manual assignment" exit
  condition; assigning to whoever is already assigned is refused as a no-op.
* Closing asks for a closing category when the workspace has any; the summary is optional.
* Each action leaves a system line in the thread (who did what); internal comments are
  system lines the contact never sees.
"""

from __future__ import annotations

from typing import TypeVar

from wfstudio.runtime.events import ConversationClosed, ManualAssignment
from wfstudio.runtime.runner import Handled, Runtime
from wfstudio.services.errors import NotFound, Refused
from wfstudio.services.inbox_common import load_actor, load_contact
from wfstudio.services.inbox_reply import add_comment, reply
from wfstudio.services.inbox_writes import (
    add_note,
    dispatch_all,
    open_conversation_by,
    opened_event,
)
from wfstudio.services.workspace_lists import list_options
from wfstudio.store import repo, repo_inbox
from wfstudio.store.db import Session, session_scope
from wfstudio.store.tables import Channel, Team, User, Workspace

__all__ = ["add_comment", "assign", "close", "reopen", "reply"]

Keyed = TypeVar("Keyed", User, Team)
MAX_SUMMARY_CHARS = 1000


# --- assign --------------------------------------------------------------------------------


async def assign(
    runtime: Runtime,
    *,
    user_id: int | None,
    contact_id: int,
    assignee_key: str = "",
    team_key: str = "",
) -> Handled:
    """Assign the contact by hand to a user (``assignee_key``), a team (``team_key``), both,
    or nobody (both empty) — the "manual assignment" event."""
    now = runtime.clock.now()
    with session_scope(runtime.engine) as session:
        actor = load_actor(session, user_id)
        contact = load_contact(session, actor, contact_id)
        user = _by_key(session, User, actor.workspace_id, assignee_key)
        team = _by_key(session, Team, actor.workspace_id, team_key)
        user_id_to = user.id if user is not None else None
        team_id_to = team.id if team is not None else None
        if (contact.assignee_user_id, contact.assignee_team_id) == (user_id_to, team_id_to):
            raise Refused("Nothing changed: the contact is already assigned that way.")
        repo.assign_contact(
            session=session, contact_id=contact_id, user_id=user_id_to, team_id=team_id_to, now=now
        )
        names = [f"the team {team.name}" if team is not None else ""]
        if user is not None:
            names.insert(0, user.name)
        to = " in ".join(name for name in names if name)
        what = f"assigned the contact to {to}" if to else "unassigned the contact"
        add_note(session, contact, actor, f"{actor.name} {what}", now, kind="event")
        event = ManualAssignment(
            contact_id=contact_id, user_id=user_id_to, team_id=team_id_to, by_user_id=actor.id
        )
    return await dispatch_all(runtime, [event])


def _by_key(session: Session, table: type[Keyed], workspace_id: int, key: str) -> Keyed | None:
    if not key:
        return None
    row = repo.get_by_key(session=session, table=table, workspace_id=workspace_id, key=key)
    if row is None:
        what = "user" if table is User else "team"
        raise NotFound(f"This {what} does not exist (any more).")
    return row


# --- close and reopen --------------------------------------------------------------------


async def close(
    runtime: Runtime,
    *,
    user_id: int | None,
    contact_id: int,
    category: str = "",
    summary: str = "",
) -> Handled:
    """Close the open conversation with a closing category and an optional summary."""
    now = runtime.clock.now()
    summary = summary.strip()
    if len(summary) > MAX_SUMMARY_CHARS:
        raise Refused(f"The summary is too long: at most {MAX_SUMMARY_CHARS} characters.")
    with session_scope(runtime.engine) as session:
        actor = load_actor(session, user_id)
        contact = load_contact(session, actor, contact_id)
        workspace = session.get(Workspace, contact.workspace_id)
        assert workspace is not None
        labels = {option.key: option.label for option in list_options(workspace.closing_categories)}
        if category and category not in labels:
            raise NotFound("This closing category does not exist (any more).")
        if labels and not category:
            raise Refused("Choose a closing category.")
        conversation = repo.open_conversation(session=session, contact_id=contact_id)
        if conversation is None:
            raise Refused("This conversation is already closed.")
        conversation.status = "closed"
        conversation.closed_at = now
        conversation.closed_by_source = "user"
        conversation.closed_by_id = actor.id
        conversation.closing_category = category or None
        conversation.summary = summary or None
        session.add(conversation)
        session.flush()
        label = f" · {labels[category]}" if category else ""
        add_note(
            session, contact, actor, f"{actor.name} closed the conversation{label}", now, "event"
        )
        event = ConversationClosed(
            contact_id=contact_id,
            conversation_id=conversation.id or 0,
            source="user",
            category=category or None,
            summary=summary or None,
            closed_by=actor.name,
        )
    return await dispatch_all(runtime, [event])


async def reopen(runtime: Runtime, *, user_id: int | None, contact_id: int) -> Handled:
    """Open a new conversation with the contact, by the user."""
    now = runtime.clock.now()
    with session_scope(runtime.engine) as session:
        actor = load_actor(session, user_id)
        contact = load_contact(session, actor, contact_id)
        if repo.open_conversation(session=session, contact_id=contact_id) is not None:
            raise Refused("This conversation is already open.")
        latest = repo_inbox.latest_conversation(session=session, contact_id=contact_id)
        channel_id = latest.channel_id if latest is not None else None
        conversation, _ = open_conversation_by(session, contact, actor, channel_id, now)
        add_note(session, contact, actor, f"{actor.name} opened the conversation", now, "event")
        channel = session.get(Channel, conversation.channel_id) if conversation.channel_id else None
        event = opened_event(conversation, channel.key if channel is not None else None)
    return await dispatch_all(runtime, [event])
