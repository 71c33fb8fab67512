"""Tables of workflows and their runs: workflows, versions, enrollments, step logs, wakes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Column, ForeignKey, Index, Integer, UniqueConstraint
from sqlalchemy import event as sa_event
from sqlalchemy.orm import Mapper
from sqlmodel import AutoString, Field

from wfstudio.store.base import (
    ENROLLMENT_STATUSES,
    STEP_LOG_STATUSES,
    WORKFLOW_STATUSES,
    EnrollmentStatus,
    StepLogStatus,
    Table,
    WakeKind,
    WorkflowStatus,
    one_of,
    partial,
)
from wfstudio.store.types import JSONDocument, UTCDateTime


class Workflow(Table, table=True):
    """A workflow: its draft definition (the codec's dict) and live settings.

    ``revision`` grows by one on every save (optimistic concurrency, SPEC §9);
    ``settings`` is the live copy the runtime reads (it may change while published);
    ``current_version_id`` is the version new enrollments start on.
    """

    __tablename__ = "workflows"
    __table_args__ = (
        one_of("status", WORKFLOW_STATUSES),
        UniqueConstraint("workspace_id", "key"),
        Index(None, "workspace_id", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspaces.id", ondelete="CASCADE")
    key: str
    name: str
    description: str = ""
    status: WorkflowStatus = Field(default="draft", sa_type=AutoString)
    settings: dict[str, Any] = Field(default_factory=dict, sa_type=JSONDocument)
    draft: dict[str, Any] = Field(default_factory=dict, sa_type=JSONDocument)
    revision: int = 1
    created_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)
    last_published_by_id: int | None = Field(
        default=None, foreign_key="users.id", ondelete="SET NULL"
    )
    last_published_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    webhook_secret: str | None = Field(default=None, unique=True)
    # workflows <-> workflow_versions is a cycle: use_alter lets create_all order it.
    current_version_id: int | None = Field(
        default=None,
        sa_column=Column(
            Integer,
            ForeignKey("workflow_versions.id", ondelete="SET NULL", use_alter=True),
            nullable=True,
        ),
    )


class WorkflowVersion(Table, table=True):
    """An immutable published definition, numbered 1, 2, … per workflow."""

    __tablename__ = "workflow_versions"
    __table_args__ = (UniqueConstraint("workflow_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    workflow_id: int = Field(foreign_key="workflows.id", ondelete="CASCADE")
    number: int
    definition: dict[str, Any] = Field(sa_type=JSONDocument)
    published_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    published_at: datetime = Field(sa_type=UTCDateTime)
    # A snapshot of the draft for the test chat (numbered -1, -2, …): never in the version
    # history, never current, never counted (wfstudio.services.testing).
    is_test: bool = False


@sa_event.listens_for(WorkflowVersion, "before_update")
def _versions_are_immutable(mapper: Mapper[Any], connection: Any, target: Any) -> None:
    raise ValueError(f"workflow version {target.id} is immutable")


class Enrollment(Table, table=True):
    """One contact moving through one version. Rows are kept forever: they are the
    enrollment history that "trigger once per contact" consults.

    A contact has at most one *active* enrollment per workflow (a partial unique index).
    """

    __tablename__ = "enrollments"
    __table_args__ = (
        one_of("status", ENROLLMENT_STATUSES),
        Index(
            "uq_enrollments_one_active",
            "workflow_id",
            "contact_id",
            unique=True,
            **partial("status = 'active'"),
        ),
        Index(None, "contact_id", "workflow_id", "status"),
        Index(None, "workflow_id", "status", "current_step_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    workflow_id: int = Field(foreign_key="workflows.id", ondelete="CASCADE")
    version_id: int = Field(foreign_key="workflow_versions.id", ondelete="CASCADE", index=True)
    contact_id: int = Field(foreign_key="contacts.id", ondelete="CASCADE")
    status: EnrollmentStatus = Field(default="active", sa_type=AutoString)
    current_step_id: str | None = None
    variables: dict[str, Any] = Field(default_factory=dict, sa_type=JSONDocument)
    jump_counters: dict[str, Any] = Field(default_factory=dict, sa_type=JSONDocument)
    started_at: datetime = Field(sa_type=UTCDateTime)
    ended_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    end_reason: str | None = None
    is_test: bool = False


class StepLog(Table, table=True):
    """One executed step of an enrollment (run history, per-step counters)."""

    __tablename__ = "step_logs"
    __table_args__ = (
        one_of("status", STEP_LOG_STATUSES),
        Index(None, "workflow_id", "step_id"),
        Index(None, "enrollment_id", "entered_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    enrollment_id: int = Field(foreign_key="enrollments.id", ondelete="CASCADE")
    workflow_id: int = Field(foreign_key="workflows.id", ondelete="CASCADE")
    version_id: int = Field(foreign_key="workflow_versions.id", ondelete="CASCADE", index=True)
    step_id: str
    kind: str
    port: str | None = None
    entered_at: datetime = Field(sa_type=UTCDateTime)
    left_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    status: StepLogStatus = Field(default="entered", sa_type=AutoString)
    input_summary: dict[str, Any] = Field(default_factory=dict, sa_type=JSONDocument)
    error: str | None = None


class Wake(Table, table=True):
    """A durable timer: fire ``kind`` for ``step_id`` of an enrollment at ``due_at``.

    A worker claims a due wake (``claimed_by``/``claimed_at``, a lease) and marks it
    ``fired_at`` once handled; cancelled wakes are deleted.
    """

    __tablename__ = "wakes"
    __table_args__ = (Index("ix_wakes_due", "due_at", **partial("fired_at IS NULL")),)

    id: int | None = Field(default=None, primary_key=True)
    enrollment_id: int = Field(foreign_key="enrollments.id", ondelete="CASCADE", index=True)
    step_id: str
    kind: WakeKind = Field(sa_type=AutoString)
    due_at: datetime = Field(sa_type=UTCDateTime)
    claimed_by: str | None = None
    claimed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    fired_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class TestSession(Table, table=True):
    """A test of a workflow's draft in the test chat (the Test Workflow dialog).

    ``code`` (e.g. ``TEST1234``) starts the draft for the session's test contact each time
    it is sent, until ``ended_at`` (End Testing) invalidates it. ``version_id`` is the test
    snapshot the latest start used; ``variables`` the trigger variables given (name →
    value, None for empty).
    """

    __test__ = False  # not a pytest test class, whatever its name says
    __tablename__ = "test_sessions"
    __table_args__ = (Index(None, "workflow_id", "ended_at"),)

    id: int | None = Field(default=None, primary_key=True)
    workflow_id: int = Field(foreign_key="workflows.id", ondelete="CASCADE")
    code: str = Field(unique=True)
    channel_key: str
    variables: dict[str, Any] = Field(default_factory=dict, sa_type=JSONDocument)
    contact_id: int = Field(foreign_key="contacts.id", ondelete="CASCADE", index=True)
    version_id: int | None = Field(
        default=None, foreign_key="workflow_versions.id", ondelete="SET NULL"
    )
    created_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    created_at: datetime = Field(sa_type=UTCDateTime)
    ended_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
