"""All repository functions in one namespace: ``from wfstudio.store import repo``.

They live in :mod:`.repo_workspace` (workspace refs, people, contacts),
:mod:`.repo_workflows` (workflows, versions), :mod:`.repo_runs` (enrollments, step logs)
and :mod:`.repo_wakes` (durable timers). Every one is keyword-only, takes the session
and never commits: the caller owns the transaction.
"""

from __future__ import annotations

from wfstudio.store.repo_assign import assign_contact
from wfstudio.store.repo_runs import (
    active_enrollment,
    active_enrollments,
    contact_active_enrollments,
    contact_enrollments,
    end_enrollments,
    ever_enrolled,
    get_enrollment,
    lock_contact,
    open_step_log,
    start_enrollment,
    step_counts,
    step_logs,
    waiting_counts,
    workflow_enrollments,
)
from wfstudio.store.repo_runtime import (
    channel_by_key,
    contact_workspace_id,
    enrollment_contact_id,
    enrollment_status,
    workflow_without_draft,
    workspace_channels,
    workspace_fields,
)
from wfstudio.store.repo_wakes import (
    DEFAULT_LEASE,
    claim_due_wakes,
    next_due_at,
    pending_wakes,
    schedule_wake,
)
from wfstudio.store.repo_workflows import (
    count_workflows,
    get_version,
    get_version_by_number,
    get_workflow,
    get_workflow_by_webhook_secret,
    list_versions,
    list_workflows,
    next_version_number,
    published_versions,
    update_workflow_if_revision,
    workflow_key_exists,
    workflow_name_exists,
)
from wfstudio.store.repo_workspace import (
    find_contact,
    get_by_key,
    get_workspace,
    list_keys,
    open_contact_counts,
    open_conversation,
    workspace_refs,
)

__all__ = [
    "DEFAULT_LEASE",
    "active_enrollment",
    "active_enrollments",
    "assign_contact",
    "channel_by_key",
    "claim_due_wakes",
    "contact_active_enrollments",
    "contact_enrollments",
    "contact_workspace_id",
    "count_workflows",
    "end_enrollments",
    "enrollment_contact_id",
    "enrollment_status",
    "ever_enrolled",
    "find_contact",
    "get_by_key",
    "get_enrollment",
    "get_version",
    "get_version_by_number",
    "get_workflow",
    "get_workflow_by_webhook_secret",
    "get_workspace",
    "list_keys",
    "list_versions",
    "list_workflows",
    "lock_contact",
    "next_due_at",
    "next_version_number",
    "open_contact_counts",
    "open_conversation",
    "open_step_log",
    "pending_wakes",
    "published_versions",
    "schedule_wake",
    "start_enrollment",
    "step_counts",
    "step_logs",
    "update_workflow_if_revision",
    "waiting_counts",
    "workflow_enrollments",
    "workflow_key_exists",
    "workflow_name_exists",
    "workflow_without_draft",
    "workspace_channels",
    "workspace_fields",
    "workspace_refs",
]
