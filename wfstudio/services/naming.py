"""Workflow names and keys: the rules create, rename, clone and import share."""

from __future__ import annotations

import re
import secrets

from wfstudio.domain.limits import MAX_NAME_CHARS
from wfstudio.services.checked_text import storable
from wfstudio.services.errors import Refused
from wfstudio.store import repo
from wfstudio.store.db import Session

MAX_DESCRIPTION_CHARS = 500


def valid_name(
    session: Session,
    workspace_id: int,
    name: str,
    description: str,
    *,
    exclude_id: int | None = None,
) -> tuple[str, str]:
    """The cleaned name and description, or :class:`Refused` saying what is wrong."""
    name = storable(name, "The name").strip()
    description = storable(description, "The description").strip()
    if not name:
        raise Refused("Give the workflow a name.")
    if len(name) > MAX_NAME_CHARS:
        raise Refused(f"The name has {len(name)} characters; the limit is {MAX_NAME_CHARS}.")
    if len(description) > MAX_DESCRIPTION_CHARS:
        raise Refused(
            f"The description has {len(description)} characters; "
            f"the limit is {MAX_DESCRIPTION_CHARS}."
        )
    if repo.workflow_name_exists(
        session=session, workspace_id=workspace_id, name=name, exclude_id=exclude_id
    ):
        raise Refused(f'A workflow named "{name}" already exists: choose another name.')
    return name, description


def unique_name(session: Session, workspace_id: int, name: str) -> str:
    """``name``, or "name (2)", "name (3)" … the first one no workflow has yet."""
    name = name.strip()[:MAX_NAME_CHARS] or "Workflow"
    candidate, number = name, 1
    while repo.workflow_name_exists(session=session, workspace_id=workspace_id, name=candidate):
        number += 1
        suffix = f" ({number})"
        candidate = name[: MAX_NAME_CHARS - len(suffix)] + suffix
    return candidate


def new_key(session: Session, workspace_id: int, name: str) -> str:
    """A stable key for a new workflow: a slug of its name, made unique.

    The key never changes (renames keep it): other workflows' Trigger Another Workflow
    steps refer to it.
    """
    slug = re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-")[:40] or "workflow"
    key = slug
    while repo.workflow_key_exists(session=session, workspace_id=workspace_id, key=key):
        key = f"{slug}-{secrets.token_hex(2)}"
    return key
