"""The configurable per-workspace limits (SPEC §8: both default to 100)."""

from __future__ import annotations

from wfstudio.domain.limits import MAX_STEPS_PER_WORKFLOW, MAX_WORKFLOWS_PER_WORKSPACE
from wfstudio.services.errors import NotFound, Refused
from wfstudio.store import repo
from wfstudio.store.db import Session


def _setting(session: Session, workspace_id: int, name: str, default: int) -> int:
    workspace = repo.get_workspace(session=session, workspace_id=workspace_id)
    if workspace is None:
        raise NotFound("This workspace does not exist.")
    value = workspace.settings.get(name, default)
    return value if isinstance(value, int) and value > 0 else default


def max_workflows(session: Session, workspace_id: int) -> int:
    return _setting(session, workspace_id, "max_workflows", MAX_WORKFLOWS_PER_WORKSPACE)


def max_steps(session: Session, workspace_id: int) -> int:
    return _setting(session, workspace_id, "max_steps", MAX_STEPS_PER_WORKFLOW)


def require_room_for_workflow(session: Session, workspace_id: int) -> None:
    """Refuses when the workspace already holds its maximum number of workflows."""
    limit = max_workflows(session, workspace_id)
    if repo.count_workflows(session=session, workspace_id=workspace_id) >= limit:
        raise Refused(
            f"This workspace already has {limit} workflows, the most it can hold. "
            "Delete a workflow before adding another."
        )
