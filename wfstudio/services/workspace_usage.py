"""Which workflows use a workspace item (a tag, a field, a team, …): what the Settings page
warns about before the item is removed. Removing stays allowed (see :mod:`.workspace`);
those workflows then show a configuration error on the step."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from wfstudio.domain.definition import WorkflowDefinition
from wfstudio.domain.portability import strip_unknown_references
from wfstudio.domain.refs import RefKind, WorkspaceRefs
from wfstudio.services.workflows import draft_of
from wfstudio.services.workspace_rules import load_workspace
from wfstudio.store import repo
from wfstudio.store.db import Engine, session_scope
from wfstudio.store.tables import WorkflowVersion

# The WorkspaceRefs collection of each kind of item the Settings page removes.
_COLLECTIONS: Mapping[RefKind, str] = {
    "tag": "tags",
    "field": "fields",
    "lifecycle_stage": "lifecycle_stages",
    "closing_category": "closing_categories",
    "team": "teams",
    "channel": "channels",
    "user": "users",
}


def _without(refs: WorkspaceRefs, kind: RefKind, key: str) -> WorkspaceRefs:
    name = _COLLECTIONS[kind]
    current: Any = getattr(refs, name)
    changes: dict[str, Any] = {
        name: {k: v for k, v in current.items() if k != key}
        if isinstance(current, Mapping)
        else frozenset(current) - {key}
    }
    return replace(refs, **changes)


def _refers(definition: WorkflowDefinition, refs: WorkspaceRefs, kind: RefKind, key: str) -> bool:
    """Whether ``definition`` has a reference that ``refs`` (the workspace without the
    item) lacks: the same walker that import uses to drop unknown references."""
    _, removals = strip_unknown_references(definition, refs)
    return any(r.found.kind == kind and r.found.key == key for r in removals)


def workflows_using(engine: Engine, *, workspace_id: int, kind: RefKind, key: str) -> list[str]:
    """The names of the workflows whose draft or live version refers to item ``key`` of
    ``kind``, by name; a live one is marked "(published)"."""
    with session_scope(engine) as session:
        load_workspace(session, workspace_id)
        refs = repo.workspace_refs(session=session, workspace_id=workspace_id)
        without = _without(refs, kind, key)
        names = []
        for workflow in repo.list_workflows(session=session, workspace_id=workspace_id):
            definitions = [draft_of(workflow)]
            if workflow.status == "published" and workflow.current_version_id is not None:
                version = session.get(WorkflowVersion, workflow.current_version_id)
                if version is not None:
                    definitions.append(WorkflowDefinition.model_validate(version.definition))
            if any(_refers(d, without, kind, key) for d in definitions):
                live = " (published)" if workflow.status == "published" else ""
                names.append(f"{workflow.name}{live}")
        return sorted(names, key=str.casefold)
