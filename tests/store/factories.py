"""Rows for store tests, with sensible defaults; each helper adds and flushes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlmodel import Session

from wfstudio.store.tables import (
    Contact,
    Enrollment,
    Workflow,
    WorkflowStatus,
    WorkflowVersion,
    Workspace,
)

NOW = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)


def later(**delta: float) -> datetime:
    return NOW + timedelta(**delta)


def workspace(session: Session, name: str = "Acme", **fields: Any) -> Workspace:
    row = Workspace(name=name, created_at=NOW, **fields)
    session.add(row)
    session.flush()
    return row


def draft(name: str, trigger_kind: str | None = "manual") -> dict[str, Any]:
    doc: dict[str, Any] = {"format": "wfstudio.workflow", "format_version": 1, "name": name}
    if trigger_kind is not None:
        doc["trigger"] = {"kind": trigger_kind, "config": {}}
    return doc


def workflow(
    session: Session,
    ws: Workspace,
    name: str,
    *,
    key: str | None = None,
    status: WorkflowStatus = "draft",
    trigger_kind: str | None = "manual",
    updated_at: datetime = NOW,
) -> Workflow:
    assert ws.id is not None
    row = Workflow(
        workspace_id=ws.id,
        key=key or name.lower().replace(" ", "_"),
        name=name,
        status=status,
        draft=draft(name, trigger_kind),
        created_at=NOW,
        updated_at=updated_at,
    )
    session.add(row)
    session.flush()
    return row


def publish(session: Session, wf: Workflow, number: int = 1) -> WorkflowVersion:
    assert wf.id is not None
    version = WorkflowVersion(
        workflow_id=wf.id, number=number, definition=wf.draft, published_at=NOW
    )
    session.add(version)
    session.flush()
    wf.current_version_id = version.id
    wf.status = "published"
    session.flush()
    return version


def contact(session: Session, ws: Workspace, **fields: Any) -> Contact:
    assert ws.id is not None
    row = Contact(workspace_id=ws.id, created_at=NOW, **fields)
    session.add(row)
    session.flush()
    return row


def enrollment(
    session: Session, version: WorkflowVersion, person: Contact, **fields: Any
) -> Enrollment:
    assert version.id is not None and person.id is not None
    row = Enrollment(
        workflow_id=version.workflow_id,
        version_id=version.id,
        contact_id=person.id,
        started_at=fields.pop("started_at", NOW),
        **fields,
    )
    session.add(row)
    session.flush()
    return row
