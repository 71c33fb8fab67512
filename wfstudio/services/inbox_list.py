"""The conversation list of the Messages module, and what the page polls to stay live.

Decisions:

* A row is a contact with their latest conversation: Open lists contacts whose latest
  conversation is open, Closed those whose latest one is closed. A contact never appears
  twice, however many conversations they had.
* Mine is what is assigned to the signed-in user; Unassigned has neither a user nor a team.
* "Awaiting reply" (the emphasis of a row) means the latest message is the contact's.
* A preview names who wrote the latest message as the thread does: the agent, or the
  workflow (``AI agent · workflow`` for its AI agent).
* The page polls :func:`inbox_fingerprint` about once a second and reloads only when it
  changed: a handful of aggregates, cheap however long the list is.
"""

from __future__ import annotations

from wfstudio.services.inbox_common import (
    Names,
    display_name,
    load_actor,
    one_line,
    sees_workflows_icon,
)
from wfstudio.services.inbox_views import ConversationItem, Viewer
from wfstudio.store import repo_inbox
from wfstudio.store.db import Engine, session_scope
from wfstudio.store.repo_inbox import Box
from wfstudio.store.tables import Message, Workspace

BOXES: tuple[Box, ...] = ("mine", "unassigned", "all")
STATUSES = ("open", "closed")


def inbox_viewer(engine: Engine, *, user_id: int | None) -> Viewer:
    """The signed-in user as the inbox sees them (refused when there is none)."""
    with session_scope(engine) as session:
        actor = load_actor(session, user_id)
        workspace = session.get(Workspace, actor.workspace_id)
        return Viewer(
            user_id=actor.id or 0,
            workspace_id=actor.workspace_id,
            name=actor.name,
            role=actor.role,
            sees_workflows_icon=sees_workflows_icon(actor),
            timezone=workspace.timezone if workspace is not None else "UTC",
        )


def list_conversations(
    engine: Engine, *, user_id: int | None, box: str = "all", status: str = "open"
) -> list[ConversationItem]:
    """The rows of one box (mine / unassigned / all) and status (open / closed)."""
    chosen_box: Box = next((b for b in BOXES if b == box), "all")
    with session_scope(engine) as session:
        actor = load_actor(session, user_id)
        rows = repo_inbox.inbox_rows(
            session=session,
            workspace_id=actor.workspace_id,
            status="closed" if status == "closed" else "open",
            box=chosen_box,
            user_id=actor.id,
        )
        names = Names(session)
        return [
            ConversationItem(
                contact_id=contact.id or 0,
                conversation_id=conversation.id or 0,
                name=display_name(contact),
                status=conversation.status,
                preview=_preview(message, names),
                last_at=message.created_at if message is not None else conversation.opened_at,
                awaiting_reply=message is not None and message.direction == "in",
                assignee=names.assignee(contact),
                channel=names.channel(conversation.channel_id),
            )
            for contact, conversation, message in rows
        ]


def inbox_fingerprint(engine: Engine, *, workspace_id: int) -> str:
    """Changes whenever the inbox of the workspace would look different."""
    with session_scope(engine) as session:
        values = repo_inbox.inbox_fingerprint(session=session, workspace_id=workspace_id)
    return "|".join(str(value) for value in values)


def _preview(message: Message | None, names: Names) -> str:
    if message is None:
        return "No messages yet"
    if message.author_kind == "user":
        return one_line(f"{names.user(message.author_id) or 'Agent'}: {message.text}")
    if message.author_kind in ("workflow", "ai"):
        author = names.bot_author(message.author_kind, message.author_id)
        return one_line(f"{author}: {message.text}")
    return one_line(message.text) or "(empty message)"
