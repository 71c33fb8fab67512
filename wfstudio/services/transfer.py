"""Export and import of workflows (SPEC §7, the product page's import/export section)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from wfstudio.domain.codec import ImportRefused, dump, load
from wfstudio.domain.portability import strip_unknown_references
from wfstudio.services.errors import Refused
from wfstudio.services.naming import MAX_DESCRIPTION_CHARS, unique_name
from wfstudio.services.views import ImportResult, RemovedReference
from wfstudio.services.workflows import draft_of, insert_workflow, view
from wfstudio.services.workflows import load as load_workflow
from wfstudio.services.workspace_limits import require_room_for_workflow
from wfstudio.store import repo
from wfstudio.store.db import Engine, session_scope


def export_file_name(name: str) -> str:
    """``<name>.json`` with characters file systems dislike replaced."""
    safe = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "-", name).strip(" .-") or "workflow"
    return f"{safe}.json"


def export_workflow(engine: Engine, *, workflow_id: int) -> tuple[str, str]:
    """The export file of a workflow: its file name and its JSON text (the draft)."""
    with session_scope(engine) as session:
        workflow = load_workflow(session, workflow_id)
        return export_file_name(workflow.name), dump(draft_of(workflow))


def import_workflow(
    engine: Engine,
    *,
    workspace_id: int,
    actor_id: int | None,
    data: bytes | str,
    now: datetime | None = None,
) -> ImportResult:
    """Import a file as a new Draft.

    Refused (with the SPEC §7 headline and one line per problem) for invalid files;
    references this workspace lacks are removed and listed in the result; a name that
    exists already becomes "Name (2)", "Name (3)", ….
    """
    try:
        definition = load(data)
    except ImportRefused as refusal:
        raise Refused(str(refusal)) from refusal
    now = now if now is not None else datetime.now(UTC)
    with session_scope(engine) as session:
        require_room_for_workflow(session, workspace_id)
        refs = repo.workspace_refs(session=session, workspace_id=workspace_id)
        definition, removals = strip_unknown_references(definition, refs)
        # The file's name and description are kept, within the limits create and rename
        # apply (the name is cut to fit its "(2)" suffix, the description to its limit).
        definition = definition.replace(
            name=unique_name(session, workspace_id, definition.name),
            description=definition.description.strip()[:MAX_DESCRIPTION_CHARS],
        )
        workflow = insert_workflow(session, workspace_id, actor_id, definition, now)
        removed = [RemovedReference(r.step_id, r.step_name, r.found) for r in removals]
        return ImportResult(workflow=view(session, workflow), removed=removed)
