"""Repository functions of the Messages module: the conversation list, a contact's thread,
and the cheap "did anything change" fingerprint the inbox polls.

Keyword-only, take the session, never commit (DESIGN §4).
"""

from __future__ import annotations

from typing import Literal

from sqlalchemy import func
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from wfstudio.store.tables import (
    Contact,
    Conversation,
    ConversationStatus,
    Enrollment,
    Message,
    StepLog,
    Workflow,
)

Box = Literal["mine", "unassigned", "all"]


def inbox_rows(
    *,
    session: Session,
    workspace_id: int,
    status: ConversationStatus,
    box: Box,
    user_id: int | None,
    limit: int = 200,
) -> list[tuple[Contact, Conversation, Message | None]]:
    """Contacts whose latest conversation has ``status``, with that conversation and their
    latest message that is not a system line, most recent activity first. The test chat's
    contacts (``Contact.is_test``) are never listed: they are not customers.

    ``box``: ``mine`` (assigned to ``user_id``), ``unassigned`` (no user, no team), ``all``.
    """
    in_workspace = _customers(workspace_id)
    latest = (
        select(Conversation.contact_id, func.max(Conversation.id).label("cid"))
        .where(Conversation.workspace_id == workspace_id)
        .group_by(col(Conversation.contact_id))
        .subquery()
    )
    last = (
        select(Message.contact_id, func.max(Message.id).label("mid"))
        .where(col(Message.contact_id).in_(in_workspace), Message.author_kind != "system")
        .group_by(col(Message.contact_id))
        .subquery()
    )
    statement = (
        select(Contact, Conversation, Message)
        .join(latest, latest.c.contact_id == Contact.id)
        .join(Conversation, col(Conversation.id) == latest.c.cid)
        .outerjoin(last, last.c.contact_id == Contact.id)
        .outerjoin(Message, col(Message.id) == last.c.mid)
        .where(
            Contact.workspace_id == workspace_id,
            col(Contact.is_test).is_(False),
            Conversation.status == status,
        )
    )
    if box == "mine":
        statement = statement.where(Contact.assignee_user_id == (user_id or 0))
    elif box == "unassigned":
        statement = statement.where(
            col(Contact.assignee_user_id).is_(None), col(Contact.assignee_team_id).is_(None)
        )
    activity = func.coalesce(col(Message.created_at), col(Conversation.opened_at))
    statement = statement.order_by(activity.desc(), col(Contact.id).desc()).limit(limit)
    return [(contact, conv, message) for contact, conv, message in session.exec(statement).all()]


def inbox_fingerprint(*, session: Session, workspace_id: int) -> tuple[object, ...]:
    """A few aggregates that change whenever the inbox would look different: messages,
    conversations, assignments, enrollments and executed steps of the workspace."""
    contacts = _customers(workspace_id)
    workflows = select(Workflow.id).where(Workflow.workspace_id == workspace_id)
    messages = session.exec(
        select(func.max(Message.id), func.count()).where(col(Message.contact_id).in_(contacts))
    ).one()
    conversations = session.exec(
        select(
            func.max(Conversation.id),
            func.count(col(Conversation.closed_at)),
            func.max(Conversation.closed_at),
        ).where(col(Conversation.contact_id).in_(contacts))
    ).one()
    assigned = session.exec(
        select(
            func.count(),
            func.sum(func.coalesce(col(Contact.assignee_user_id), 0)),
            func.sum(func.coalesce(col(Contact.assignee_team_id), 0)),
        ).where(Contact.workspace_id == workspace_id, col(Contact.is_test).is_(False))
    ).one()
    enrollments = session.exec(
        select(func.max(Enrollment.id), func.count(col(Enrollment.ended_at))).where(
            col(Enrollment.workflow_id).in_(workflows)
        )
    ).one()
    steps = session.exec(
        select(func.max(StepLog.id)).where(col(StepLog.workflow_id).in_(workflows))
    ).one()
    return (*messages, *conversations, *assigned, *enrollments, steps)


def _customers(workspace_id: int) -> SelectOfScalar[int | None]:
    """The ids of the workspace's contacts that are not the test chat's."""
    return select(col(Contact.id)).where(
        Contact.workspace_id == workspace_id, col(Contact.is_test).is_(False)
    )


def contact_messages(*, session: Session, contact_id: int, limit: int = 300) -> list[Message]:
    """The contact's latest ``limit`` messages (every conversation), oldest first."""
    statement = (
        select(Message)
        .where(Message.contact_id == contact_id)
        .order_by(col(Message.id).desc())
        .limit(limit)
    )
    return list(reversed(session.exec(statement).all()))


def latest_conversation(*, session: Session, contact_id: int) -> Conversation | None:
    """The contact's newest conversation (open or closed), or None."""
    statement = (
        select(Conversation)
        .where(Conversation.contact_id == contact_id)
        .order_by(col(Conversation.id).desc())
        .limit(1)
    )
    return session.exec(statement).first()
