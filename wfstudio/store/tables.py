"""The database tables (SQLModel, ``table=True``): import them from here.

The classes live in :mod:`.tables_workspace` (people, channels, contacts, conversations,
messages) and :mod:`.tables_workflows` (workflows, versions, enrollments, step logs,
wakes); the shared metadata and vocabularies in :mod:`.base`.

Decisions:

* Plain foreign-key columns, no ``Relationship()``: repository functions write the
  joins they need, and nothing lazy-loads behind a caller's back.
* Ids are integers. Everything a workflow definition can reference also has a ``key``,
  unique per workspace, so definitions move between workspaces (SPEC §1).
* Timestamps are :class:`~wfstudio.store.types.UTCDateTime` values the caller passes in
  (aware, UTC); the store never reads the clock.
* JSON columns are JSON on SQLite and JSONB on PostgreSQL. Assign a new value to change
  one: mutating a loaded dict in place is not seen by the session.
* Closed state machines (role, statuses, message direction) carry a CHECK constraint;
  open-ended kinds (channel kinds, wake kinds, author kinds) do not, so adding one needs
  no migration. The allowed values are the ``Literal`` types of :mod:`.base`.
* Deleting a workspace or a workflow cascades to everything under it (in the database,
  ``ON DELETE CASCADE``); deleting a user, team or channel clears references to it.
* The tables live on their own :data:`metadata` with a naming convention (every
  constraint has a stable name a migration can refer to), not on ``SQLModel.metadata``.
* Changing a table needs a migration: ``tests/store/test_migrations.py`` compares this
  metadata with the migrated schema.
"""

from __future__ import annotations

from wfstudio.store.base import (
    AUTHOR_KINDS,
    CHANNEL_KINDS,
    CONVERSATION_STATUSES,
    DIRECTIONS,
    ENROLLMENT_STATUSES,
    ROLES,
    SOURCES,
    STEP_LOG_STATUSES,
    WAKE_KINDS,
    WORKFLOW_STATUSES,
    AuthorKind,
    ChannelKind,
    ConversationStatus,
    Direction,
    EnrollmentStatus,
    Role,
    Source,
    StepLogStatus,
    Table,
    WakeKind,
    WorkflowStatus,
    metadata,
)
from wfstudio.store.tables_workflows import (
    Enrollment,
    StepLog,
    TestSession,
    Wake,
    Workflow,
    WorkflowVersion,
)
from wfstudio.store.tables_workspace import (
    Channel,
    Contact,
    ContactField,
    ContactIdentity,
    Conversation,
    Message,
    SheetCredential,
    Tag,
    Team,
    TeamMember,
    User,
    Workspace,
)

__all__ = [
    "AUTHOR_KINDS",
    "CHANNEL_KINDS",
    "CONVERSATION_STATUSES",
    "DIRECTIONS",
    "ENROLLMENT_STATUSES",
    "ROLES",
    "SOURCES",
    "STEP_LOG_STATUSES",
    "WAKE_KINDS",
    "WORKFLOW_STATUSES",
    "AuthorKind",
    "Channel",
    "ChannelKind",
    "Contact",
    "ContactField",
    "ContactIdentity",
    "Conversation",
    "ConversationStatus",
    "Direction",
    "Enrollment",
    "EnrollmentStatus",
    "Message",
    "Role",
    "SheetCredential",
    "Source",
    "StepLog",
    "StepLogStatus",
    "Table",
    "Tag",
    "Team",
    "TeamMember",
    "TestSession",
    "User",
    "Wake",
    "WakeKind",
    "Workflow",
    "WorkflowStatus",
    "WorkflowVersion",
    "Workspace",
    "metadata",
]
