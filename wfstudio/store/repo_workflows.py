"""Repository functions for workflows and their published versions.

Keyword-only, take the session, never commit (DESIGN §4).

Name search and the "name exists" check compare ``str.casefold()`` values in Python
rather than SQL ``lower()``: SQLite's ``lower`` (and PostgreSQL's under the C locale)
folds ASCII only, and a workspace holds at most a few hundred workflows.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from wfstudio.store.tables import Workflow, WorkflowStatus, WorkflowVersion

WorkflowOrder = Literal["name", "updated"]


def get_workflow(*, session: Session, workflow_id: int) -> Workflow | None:
    """The workflow, or None."""
    return session.get(Workflow, workflow_id)


def get_workflow_by_webhook_secret(*, session: Session, secret: str) -> Workflow | None:
    """The workflow whose incoming-webhook URL carries ``secret``, or None."""
    if not secret:
        return None
    return session.exec(select(Workflow).where(Workflow.webhook_secret == secret)).first()


def list_workflows(
    *,
    session: Session,
    workspace_id: int,
    search: str = "",
    status: WorkflowStatus | Collection[WorkflowStatus] | None = None,
    order: WorkflowOrder = "name",
) -> list[Workflow]:
    """The workspace's workflows whose name contains ``search`` (case-insensitive),
    optionally only those with ``status`` (one or several), by name or newest update."""
    statement = select(Workflow.id, Workflow.name, Workflow.updated_at).where(
        Workflow.workspace_id == workspace_id
    )
    if status is not None:
        wanted = [status] if isinstance(status, str) else list(status)
        statement = statement.where(col(Workflow.status).in_(wanted))
    needle = search.strip().casefold()
    rows = [row for row in session.exec(statement).all() if needle in row[1].casefold()]
    if order == "name":
        rows.sort(key=lambda row: (row[1].casefold(), row[0]))
    else:
        rows.sort(key=lambda row: (row[2], row[0]), reverse=True)
    if not rows:
        return []
    ids = [row[0] for row in rows]
    by_id = {w.id: w for w in session.exec(select(Workflow).where(col(Workflow.id).in_(ids))).all()}
    return [by_id[workflow_id] for workflow_id in ids]


def count_workflows(
    *, session: Session, workspace_id: int, status: WorkflowStatus | None = None
) -> int:
    """How many workflows the workspace has (for the per-workspace limit)."""
    statement = select(func.count(col(Workflow.id))).where(Workflow.workspace_id == workspace_id)
    if status is not None:
        statement = statement.where(Workflow.status == status)
    return int(session.exec(statement).one())


def workflow_name_exists(
    *, session: Session, workspace_id: int, name: str, exclude_id: int | None = None
) -> bool:
    """Whether another workflow of the workspace has ``name`` (ignoring case and the
    surrounding spaces); ``exclude_id`` is the workflow being renamed."""
    wanted = name.strip().casefold()
    statement = select(Workflow.id, Workflow.name).where(Workflow.workspace_id == workspace_id)
    return any(
        other.strip().casefold() == wanted and workflow_id != exclude_id
        for workflow_id, other in session.exec(statement).all()
    )


def workflow_key_exists(*, session: Session, workspace_id: int, key: str) -> bool:
    """Whether the workspace has a workflow with ``key`` (keys are unique per workspace)."""
    statement = select(Workflow.id).where(
        Workflow.workspace_id == workspace_id, Workflow.key == key
    )
    return session.exec(statement).first() is not None


def update_workflow_if_revision(
    *,
    session: Session,
    workflow_id: int,
    expected_revision: int,
    changes: Mapping[str, Any],
    now: datetime,
) -> bool:
    """Apply ``changes`` (column → value) only if the workflow is still at
    ``expected_revision``; then its revision grows by one and ``updated_at`` becomes ``now``.

    Returns False, changing nothing, when someone saved in between (a stale save,
    SPEC §9) or the workflow is gone. Loaded ``Workflow`` objects are updated too.
    """
    if "revision" in changes or "id" in changes:
        raise ValueError("revision and id are not changed by hand")
    statement = (
        update(Workflow)
        .where(col(Workflow.id) == workflow_id, col(Workflow.revision) == expected_revision)
        .values(**changes, revision=col(Workflow.revision) + 1, updated_at=now)
        .execution_options(synchronize_session="fetch")
    )
    return session.exec(statement).rowcount == 1


def next_version_number(*, session: Session, workflow_id: int) -> int:
    """The number the workflow's next published version gets (1 for the first)."""
    statement = select(func.max(col(WorkflowVersion.number))).where(
        WorkflowVersion.workflow_id == workflow_id
    )
    return int(session.exec(statement).one() or 0) + 1


def get_version(*, session: Session, version_id: int) -> WorkflowVersion | None:
    """The version, or None."""
    return session.get(WorkflowVersion, version_id)


def get_version_by_number(
    *, session: Session, workflow_id: int, number: int
) -> WorkflowVersion | None:
    """Version ``number`` of the workflow, or None."""
    statement = select(WorkflowVersion).where(
        WorkflowVersion.workflow_id == workflow_id, WorkflowVersion.number == number
    )
    return session.exec(statement).first()


def list_versions(*, session: Session, workflow_id: int) -> list[WorkflowVersion]:
    """The workflow's versions, newest first (version history)."""
    statement = (
        select(WorkflowVersion)
        .where(WorkflowVersion.workflow_id == workflow_id)
        .order_by(col(WorkflowVersion.number).desc())
    )
    return list(session.exec(statement).all())


def published_versions(
    *, session: Session, workspace_id: int
) -> list[tuple[Workflow, WorkflowVersion]]:
    """Each published workflow of the workspace with its current version, by workflow id.

    What the runtime matches events against, and what loop detection reads across
    workflows (SPEC §5).
    """
    statement = (
        select(Workflow, WorkflowVersion)
        .join(WorkflowVersion, col(WorkflowVersion.id) == col(Workflow.current_version_id))
        .where(Workflow.workspace_id == workspace_id, Workflow.status == "published")
        .order_by(col(Workflow.id))
    )
    return [(workflow, version) for workflow, version in session.exec(statement).all()]
