"""The statements of the runtime's planning hot path, as plain SQLAlchemy Core run on the
driver's cursor (:class:`~wfstudio.store.prepared.Prepared`): the
contact's active enrollments with what planning needs of them, the published workflows with
their versions' stamps, the contact's fields, starting an enrollment, and a workspace's
configuration as one row of text.

Built once with bind parameters; tuples and small frozen dataclasses, no ORM objects.
Keyword-only, take the session, never commit (DESIGN §4); nothing is cached here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, text
from sqlalchemy import select as sa_select
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from wfstudio.store.prepared import Prepared
from wfstudio.store.repo_hot_inbound import CONTACT_FACT_COLUMNS
from wfstudio.store.tables import Contact, Enrollment, StepLog, Workflow, WorkflowVersion

_contacts = Contact.__table__  # type: ignore[attr-defined]
_enrollments = Enrollment.__table__  # type: ignore[attr-defined]


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


# --- planning ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ActiveEnrollment:
    """An active enrollment as planning sees it: where it is, its version's stamp, the
    status of the open log of its current step and its workflow's live settings."""

    id: int
    workflow_id: int
    version_id: int
    current_step_id: str | None
    version_stamp: tuple[Any, ...] | None  # (published_at, workflow id, number); None: gone
    open_log_status: str | None
    workflow_settings: dict[str, Any] | None


_versions = WorkflowVersion.__table__  # type: ignore[attr-defined]
_workflows = Workflow.__table__  # type: ignore[attr-defined]
_logs = StepLog.__table__  # type: ignore[attr-defined]

_OPEN_LOG_STATUS = (
    sa_select(_logs.c.status)
    .where(
        _logs.c.enrollment_id == _enrollments.c.id,
        _logs.c.step_id == _enrollments.c.current_step_id,
        _logs.c.left_at.is_(None),
    )
    .order_by(_logs.c.id.desc())
    .limit(1)
    .scalar_subquery()
)
_ACTIVE_ENROLLMENTS = Prepared(
    sa_select(
        _enrollments.c.id,
        _enrollments.c.workflow_id,
        _enrollments.c.version_id,
        _enrollments.c.current_step_id,
        _versions.c.published_at,
        _versions.c.workflow_id,
        _versions.c.number,
        _OPEN_LOG_STATUS,
        _workflows.c.settings,
    )
    .select_from(
        _enrollments.outerjoin(_versions, _versions.c.id == _enrollments.c.version_id).outerjoin(
            _workflows, _workflows.c.id == _enrollments.c.workflow_id
        )
    )
    .where(_enrollments.c.contact_id == bindparam("contact_id"), _enrollments.c.status == "active")
    .order_by(_enrollments.c.id)
)


def active_enrollments(*, session: Session, contact_id: int) -> list[ActiveEnrollment]:
    """The contact's active enrollments, oldest first, in one statement."""
    rows = _ACTIVE_ENROLLMENTS.execute(session, {"contact_id": contact_id})
    return [
        ActiveEnrollment(
            id=id_,
            workflow_id=workflow_id,
            version_id=version_id,
            current_step_id=step_id,
            version_stamp=(published_at, stamp_workflow, number)
            if published_at is not None
            else None,
            open_log_status=log_status,
            workflow_settings=settings,
        )
        for (
            id_,
            workflow_id,
            version_id,
            step_id,
            published_at,
            stamp_workflow,
            number,
            log_status,
            settings,
        ) in rows
    ]


_PUBLISHED = Prepared(
    sa_select(
        _workflows.c.id,
        _workflows.c.key,
        _workflows.c.current_version_id,
        _versions.c.published_at,
        _versions.c.workflow_id,
        _versions.c.number,
    )
    .select_from(_workflows.join(_versions, _versions.c.id == _workflows.c.current_version_id))
    .where(
        _workflows.c.workspace_id == bindparam("workspace_id"), _workflows.c.status == "published"
    )
    .order_by(_workflows.c.id)
)


def published_versions(
    *, session: Session, workspace_id: int
) -> list[tuple[int, str, int, tuple[Any, ...]]]:
    """(workflow id, key, current version id, the version's stamp: published at, workflow
    id, number) of each published workflow of the workspace, by workflow id: events are
    matched against these and the definitions cached by version id and stamp."""
    rows = _PUBLISHED.execute(session, {"workspace_id": workspace_id})
    return [(wid, key, vid, tuple(stamp)) for wid, key, vid, *stamp in rows]


_CONTACT_FACTS = Prepared(
    sa_select(*(_contacts.c[name] for name in CONTACT_FACT_COLUMNS)).where(
        _contacts.c.id == bindparam("contact_id")
    )
)


def contact_facts(*, session: Session, contact_id: int) -> dict[str, Any] | None:
    """The contact's fields as stored now (:data:`CONTACT_FACT_COLUMNS`), or None."""
    row = _CONTACT_FACTS.execute(session, {"contact_id": contact_id}).first()
    return dict(zip(CONTACT_FACT_COLUMNS, row, strict=True)) if row is not None else None


_START_ENROLLMENT = {
    "sqlite": Prepared(
        sqlite.insert(_enrollments).on_conflict_do_nothing().returning(_enrollments.c.id)
    ),
    "postgresql": Prepared(
        postgresql.insert(_enrollments).on_conflict_do_nothing().returning(_enrollments.c.id)
    ),
}


def start_enrollment(*, session: Session, values: dict[str, Any]) -> int | None:
    """Insert an active enrollment (column → value) unless the contact has an active one
    in that workflow already; its id, or None.

    One statement, safe against a concurrent start: the partial unique index
    (``uq_enrollments_one_active``) makes the insert do nothing instead of failing.
    """
    if values.get("status", "active") != "active":
        raise ValueError("a new enrollment starts active")
    statement = _START_ENROLLMENT[_dialect(session)]
    return statement.execute(session, values).scalar_one_or_none()


# --- a workspace's configuration, as one row of text -------------------------------------

_CONFIG_SNAPSHOT = {
    "sqlite": Prepared(
        text(
            "SELECT w.name, w.timezone, w.settings, "
            "(SELECT json_group_array(json_array(c.id, c.key, c.kind, c.name, json(c.config))) "
            " FROM (SELECT * FROM channels WHERE workspace_id = :ws ORDER BY id) c), "
            "(SELECT json_group_array(json_array(f.key, f.type, f.label)) "
            " FROM (SELECT * FROM contact_fields WHERE workspace_id = :ws ORDER BY id) f) "
            "FROM workspaces w WHERE w.id = :ws"
        )
    ),
    "postgresql": Prepared(
        text(
            "SELECT w.name, w.timezone, w.settings::text, "
            "(SELECT coalesce(json_agg(json_build_array(c.id, c.key, c.kind, c.name, c.config) "
            "  ORDER BY c.id), '[]')::text FROM channels c WHERE c.workspace_id = :ws), "
            "(SELECT coalesce(json_agg(json_build_array(f.key, f.type, f.label) ORDER BY f.id), "
            "  '[]')::text FROM contact_fields f WHERE f.workspace_id = :ws) "
            "FROM workspaces w WHERE w.id = :ws"
        )
    ),
}

ConfigSnapshot = tuple[str, str, str | None, str, str]
"""(name, timezone, settings JSON, channels JSON, fields JSON): the channels as
``[[id, key, kind, name, config], …]`` and the custom fields as ``[[key, type, label], …]``,
by id. Plain text, so comparing it with a cached copy is cheap."""


def workspace_config_snapshot(*, session: Session, workspace_id: int) -> ConfigSnapshot | None:
    """What the runtime reads of a workspace's configuration, in one statement, as text;
    None when the workspace does not exist."""
    statement = _CONFIG_SNAPSHOT[_dialect(session)]
    row = statement.execute(session, {"ws": workspace_id}).first()
    return (row[0], row[1], row[2], row[3], row[4]) if row is not None else None
