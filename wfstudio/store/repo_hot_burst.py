"""The statements of the runtime's burst hot path: built once, executed with parameters on
the driver's cursor (:class:`~wfstudio.store.prepared.Prepared`: no ORM loading, unit of
work, statement building or SQLAlchemy execution context per call).

Keyword-only, take the session, never commit (DESIGN §4).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Integer,
    String,
    and_,
    bindparam,
    delete,
    exists,
    func,
    insert,
    select,
    update,
)
from sqlmodel import Session

from wfstudio.store.prepared import Prepared
from wfstudio.store.rows import (
    ContactRow,
    ConversationRow,
    EnrollmentRow,
    TrackedRow,
    UserRef,
    WorkflowRef,
)
from wfstudio.store.tables import (
    Message,
    StepLog,
    Team,
    TeamMember,
    User,
    Wake,
    Workflow,
    WorkflowVersion,
)

_enrollments = EnrollmentRow.table
_contacts = ContactRow.table
_conversations = ConversationRow.table
_workflows: Any = Workflow.__table__  # type: ignore[attr-defined]
_versions: Any = WorkflowVersion.__table__  # type: ignore[attr-defined]
_users: Any = User.__table__  # type: ignore[attr-defined]
_logs: Any = StepLog.__table__  # type: ignore[attr-defined]
_messages: Any = Message.__table__  # type: ignore[attr-defined]
_wakes: Any = Wake.__table__  # type: ignore[attr-defined]
_teams: Any = Team.__table__  # type: ignore[attr-defined]
_members: Any = TeamMember.__table__  # type: ignore[attr-defined]

LOG_COLUMNS = tuple(column.name for column in _logs.columns)

_log = _logs.alias("open_log")
_open_log_id = (
    select(func.max(_log.c.id))
    .where(
        _log.c.enrollment_id == _enrollments.c.id,
        _log.c.step_id == _enrollments.c.current_step_id,
        _log.c.left_at.is_(None),
    )
    .correlate(_enrollments)
    .scalar_subquery()
)
_last_incoming = (
    select(_messages.c.text)
    .where(_messages.c.contact_id == _enrollments.c.contact_id, _messages.c.direction == "in")
    .order_by(_messages.c.created_at.desc(), _messages.c.id.desc())
    .limit(1)
    .correlate(_enrollments)
    .scalar_subquery()
)
_USER_COLUMNS = ("id", "name", "email", "online", "last_assigned_at")
_PARTS: tuple[tuple[str, Any, tuple[str, ...]], ...] = (
    ("enrollment", _enrollments, EnrollmentRow.columns),
    ("contact", _contacts, ContactRow.columns),
    ("conversation", _conversations, ConversationRow.columns),
    ("workflow", _workflows, ("id", "workspace_id", "key", "name")),
    ("version", _versions, ("published_at", "workflow_id", "number")),
    ("assignee", _users, _USER_COLUMNS),
    ("log", _logs, LOG_COLUMNS),
)


def _burst_select(with_last_incoming: bool) -> Any:
    columns = [table.c[name] for _, table, names in _PARTS for name in names]
    if with_last_incoming:
        columns.append(_last_incoming)
    return (
        select(*columns)
        .select_from(_enrollments)
        .join(_workflows, _workflows.c.id == _enrollments.c.workflow_id)
        .join(_contacts, _contacts.c.id == _enrollments.c.contact_id)
        .outerjoin(_versions, _versions.c.id == _enrollments.c.version_id)
        .outerjoin(
            _conversations,
            and_(
                _conversations.c.contact_id == _enrollments.c.contact_id,
                _conversations.c.status == "open",
            ),
        )
        .outerjoin(_users, _users.c.id == _contacts.c.assignee_user_id)
        .outerjoin(_logs, _logs.c.id == _open_log_id)
        .where(_enrollments.c.id == bindparam("enrollment_id"), _enrollments.c.status == "active")
    )


_BURST = {flag: Prepared(_burst_select(flag)) for flag in (False, True)}


@dataclass
class BurstRows:
    """What a burst starts from, read in one statement."""

    enrollment: EnrollmentRow
    contact: ContactRow
    conversation: ConversationRow | None  # the contact's open conversation
    workflow: WorkflowRef
    version_stamp: tuple[Any, ...] | None  # (published_at, workflow id, number); None: gone
    assignee: UserRef | None
    open_log: dict[str, Any] | None  # the current step's log not left yet (column → value)
    last_incoming: str | None  # the contact's latest message (when asked for)


def load_burst_rows(
    *, session: Session, enrollment_id: int, last_incoming: bool
) -> BurstRows | None:
    """The rows of the enrollment's burst, or None when it is not active (or its workflow
    or contact is gone). ``last_incoming``: also read the contact's latest message."""
    row = _BURST[last_incoming].execute(session, {"enrollment_id": enrollment_id}).first()
    if row is None:
        return None
    parts: dict[str, tuple[Any, ...]] = {}
    start = 0
    for name, _, columns in _PARTS:
        parts[name] = tuple(row[start : start + len(columns)])
        start += len(columns)
    conversation, user, log = parts["conversation"], parts["assignee"], parts["log"]
    version = parts["version"]
    return BurstRows(
        enrollment=EnrollmentRow.from_values(parts["enrollment"]),
        contact=ContactRow.from_values(parts["contact"]),
        conversation=ConversationRow.from_values(conversation) if conversation[0] else None,
        workflow=WorkflowRef(*parts["workflow"]),
        version_stamp=version if version[0] is not None else None,
        assignee=UserRef(*user) if user[0] is not None else None,
        open_log=dict(zip(LOG_COLUMNS, log, strict=True)) if log[0] is not None else None,
        last_incoming=row[start] if last_incoming else None,
    )


# --- writing a burst back ----------------------------------------------------------------

_UPDATE = {
    table.name: Prepared(update(table).where(table.c.id == bindparam("row_id")))
    for table in (_contacts, _conversations, _enrollments, _logs)
}
_INSERT_ONE = {  # insert_row: a new row gets its id
    table.name: Prepared(insert(table).returning(table.c.id))
    for table in (_contacts, _conversations, _enrollments)
}
_INSERT = {  # insert_rows
    table.name: Prepared(insert(table)) for table in (_messages, _logs, _wakes)
}
_CANCEL_WAKES = Prepared(
    delete(_wakes).where(
        _wakes.c.enrollment_id == bindparam("enrollment_id"), _wakes.c.fired_at.is_(None)
    )
)


def save_row(*, session: Session, row: TrackedRow) -> None:
    """Write the columns of ``row`` that changed (insert it when new: it gets its id)."""
    changes = row.changes()
    if row.id is None:
        row.id = insert_row(session=session, table=row.table.name, values=changes)
    else:
        update_row(session=session, table=row.table.name, row_id=row.id, values=changes)
    row.saved()


def insert_row(*, session: Session, table: str, values: dict[str, Any]) -> int:
    """Insert one row (column → value; the others take their defaults) into contacts,
    conversations or enrollments; its id."""
    return int(_INSERT_ONE[table].execute(session, values).scalar_one())


def update_row(*, session: Session, table: str, row_id: int, values: dict[str, Any]) -> None:
    """Set ``values`` (column → value) on row ``row_id`` of contacts, conversations,
    enrollments or step_logs; nothing when there are none."""
    if values:
        _UPDATE[table].execute(session, {"row_id": row_id, **values})


def _save_enrollment(with_log: bool) -> Any:
    current = [
        _enrollments.c.id == bindparam("row_id"),
        _enrollments.c.status == "active",
        _enrollments.c.current_step_id.is_not_distinct_from(bindparam("resumed", type_=String)),
    ]
    if with_log:
        log = _logs.alias("resumed_log")
        current.append(
            exists().where(log.c.id == bindparam("log", type_=Integer), log.c.left_at.is_(None))
        )
    return update(_enrollments).where(*current)


_SAVE_ENROLLMENT = {flag: Prepared(_save_enrollment(flag)) for flag in (False, True)}


def save_enrollment_if_current(
    *, session: Session, row: EnrollmentRow, resumed_step: str | None, open_log_id: int | None
) -> bool:
    """Write the changed columns of the enrollment if it is still active at
    ``resumed_step`` (the step it was loaded at) with step log ``open_log_id`` (when
    given) not left yet; False (nothing written) when it ended or moved on meanwhile."""
    changes = row.changes() or {"current_step_id": row.current_step_id}
    params = {"row_id": row.id, "resumed": resumed_step, "log": open_log_id, **changes}
    statement = _SAVE_ENROLLMENT[open_log_id is not None]
    if statement.execute(session, params).rowcount != 1:
        return False
    row.saved()
    return True


def insert_rows(*, session: Session, table: str, rows: list[dict[str, Any]]) -> None:
    """Insert ``rows`` (column → value, without ``id``) into ``table`` (messages,
    step_logs or wakes) in one statement."""
    _INSERT[table].execute_many(session, rows)


_FIRE_WAKE = Prepared(
    update(_wakes)
    .where(_wakes.c.id == bindparam("wake_id"), _wakes.c.fired_at.is_(None))
    .values(fired_at=bindparam("now"))
)


def fire_wake(*, session: Session, wake_id: int, now: datetime) -> bool:
    """Record that the wake was handled; False when it was fired or cancelled already."""
    return _FIRE_WAKE.execute(session, {"wake_id": wake_id, "now": now}).rowcount == 1


def cancel_wakes(*, session: Session, enrollment_id: int) -> None:
    """Delete the enrollment's pending wakes."""
    _CANCEL_WAKES.execute(session, {"enrollment_id": enrollment_id})


# --- Assign To ---------------------------------------------------------------------------

_CANDIDATE_COLUMNS = [_users.c[name] for name in _USER_COLUMNS]
_IN_WORKSPACE = Prepared(
    select(*_CANDIDATE_COLUMNS)
    .where(_users.c.workspace_id == bindparam("workspace_id"))
    .order_by(_users.c.id)
    .with_for_update()
)
_BY_KEY = Prepared(
    select(*_CANDIDATE_COLUMNS)
    .where(_users.c.workspace_id == bindparam("workspace_id"), _users.c.key == bindparam("key"))
    .with_for_update()
)
_IN_TEAM = Prepared(
    select(*_CANDIDATE_COLUMNS, _teams.c.id)
    .select_from(_teams)
    .join(_members, _members.c.team_id == _teams.c.id)
    .join(_users, _users.c.id == _members.c.user_id)
    .where(_teams.c.workspace_id == bindparam("workspace_id"), _teams.c.key == bindparam("key"))
    .order_by(_users.c.id)
    .with_for_update(of=_users)
)


def lock_candidates(
    *, session: Session, workspace_id: int, team_key: str | None = None, user_key: str | None = None
) -> tuple[list[UserRef], int | None]:
    """The users Assign To chooses from, locked for this transaction on PostgreSQL (SQLite's
    BEGIN IMMEDIATE already serialises writers) so concurrent assignments see each other's
    choices, by id: the user ``user_key``, the members of team ``team_key`` (with the
    team's id; none when the team is unknown or empty), or every user of the workspace."""
    if user_key is not None:
        params = {"workspace_id": workspace_id, "key": user_key}
        return [_user(row) for row in _BY_KEY.execute(session, params)], None
    if team_key is not None:
        params = {"workspace_id": workspace_id, "key": team_key}
        members = _IN_TEAM.execute(session, params).all()
        return [_user(row) for row in members], members[0][-1] if members else None
    everyone = _IN_WORKSPACE.execute(session, {"workspace_id": workspace_id})
    return [_user(row) for row in everyone], None


def _user(row: Any) -> UserRef:
    return UserRef(*row[: len(_USER_COLUMNS)])
