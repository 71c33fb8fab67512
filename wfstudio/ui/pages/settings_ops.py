"""Add, rename and remove for each list of the Settings page, as calls to the workspace
services (which check the acting user's role and refuse bad input)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from wfstudio.domain.refs import RefKind
from wfstudio.services import workspace as svc
from wfstudio.ui import context

# What each kind is called in messages ("Tag “VIP” added.").
WHAT: Mapping[str, str] = {
    "tag": "tag",
    "stage": "lifecycle stage",
    "category": "closing category",
    "field": "contact field",
    "team": "team",
    "channel": "channel",
}

_USED = "Workflows that use it show a configuration error until you choose another."
# What removing one does besides (the services' documented decisions).
CONSEQUENCES: Mapping[str, str] = {
    "tag": f"It is taken off every contact that has it. {_USED}",
    "stage": f"Contacts in this stage are left without one. {_USED}",
    "category": f"Closed conversations keep it as their history. {_USED}",
    "field": f"Every contact's value of this field is deleted. {_USED}",
    "team": f"Its members stay users of the workspace. {_USED}",
    "channel": f"Its conversations and messages stay. {_USED}",
}

# The kind of reference each list's items are in workflows.
_REF_KIND: Mapping[str, RefKind] = {
    "tag": "tag",
    "stage": "lifecycle_stage",
    "category": "closing_category",
    "field": "field",
    "team": "team",
    "channel": "channel",
}

_ADD: Mapping[str, Callable[..., Any]] = {
    "tag": svc.add_tag,
    "stage": svc.add_lifecycle_stage,
    "category": svc.add_closing_category,
    "field": svc.add_field,
}
_RENAME: Mapping[str, Callable[..., Any]] = {
    "tag": svc.rename_tag,
    "stage": svc.rename_lifecycle_stage,
    "category": svc.rename_closing_category,
    "field": svc.rename_field,
}
_REMOVE: Mapping[str, Callable[..., Any]] = {
    "tag": svc.remove_tag,
    "stage": svc.remove_lifecycle_stage,
    "category": svc.remove_closing_category,
    "field": svc.remove_field,
    "team": svc.remove_team,
    "channel": svc.remove_channel,
}


def add(kind: str, workspace_id: int, actor_id: int, form: Mapping[str, Any]) -> None:
    """Add a tag, stage, category (``form["label"]``) or field (and ``form["type"]``)."""
    engine, label = context.engine(), str(form.get("label", ""))
    if kind == "team":
        svc.add_team(engine, workspace_id=workspace_id, name=label, actor_id=actor_id)
        return
    extra = {"type": str(form.get("type") or "text")} if kind == "field" else {}
    _ADD[kind](engine, workspace_id=workspace_id, label=label, actor_id=actor_id, **extra)


def rename(kind: str, workspace_id: int, actor_id: int, key: str, label: str) -> None:
    engine = context.engine()
    if kind in ("team", "channel"):
        update = svc.update_team if kind == "team" else svc.update_channel
        update(engine, workspace_id=workspace_id, key=key, name=label, actor_id=actor_id)
        return
    _RENAME[kind](engine, workspace_id=workspace_id, key=key, label=label, actor_id=actor_id)


def remove(kind: str, workspace_id: int, actor_id: int, key: str) -> None:
    _REMOVE[kind](context.engine(), workspace_id=workspace_id, key=key, actor_id=actor_id)


def used_by(kind: str, workspace_id: int, key: str) -> str:
    """The workflows that use the item, as one line ("" when none)."""
    names = svc.workflows_using(
        context.engine(), workspace_id=workspace_id, kind=_REF_KIND[kind], key=key
    )
    return ", ".join(names)
