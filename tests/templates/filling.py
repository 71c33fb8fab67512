"""Filling a template's workspace references with a real workspace's keys (tests only).

``fill_for_demo`` does what a user does after "Use Template": choose a channel, team,
user, tag … for every step shown in red. Its choices are arbitrary but valid, so the
result can be saved and published.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from wfstudio.domain.definition import WorkflowDefinition
from wfstudio.domain.issues import REFERENCE_CODES, TRIGGER_ID, Code, Issue
from wfstudio.domain.refs import RefKind, WorkspaceRefs
from wfstudio.domain.validation import validate
from wfstudio.services.workspace import WorkspaceChoices

KIND_BY_NAME: dict[str, RefKind] = {
    "channel": "channel",
    "user": "user",
    "mentions": "user",
    "team": "team",
    "tag": "tag",
    "tags": "tag",
    "field": "field",
    "fields": "field",
    "stage": "lifecycle_stage",
    "stages": "lifecycle_stage",
    "category": "closing_category",
    "categories": "closing_category",
    "workflow": "workflow",
    "credential": "sheet_credential",
}


def refs_of(choices: WorkspaceChoices) -> WorkspaceRefs:
    """What validation accepts in the workspace the choices come from."""
    return WorkspaceRefs(
        channels={c.key: c.kind for c in choices.channels},
        users=frozenset(u.key for u in choices.users),
        teams=frozenset(t.key for t in choices.teams),
        tags=frozenset(t.key for t in choices.tags),
        fields={f.key: f.type for f in choices.fields},  # type: ignore[misc]
        lifecycle_stages=frozenset(s.key for s in choices.lifecycle_stages),
        closing_categories=frozenset(c.key for c in choices.closing_categories),
        workflows={w.key: w.trigger_kind for w in choices.workflows},
        sheet_credentials=frozenset(c.key for c in choices.sheet_credentials),
    )


def _keys(choices: WorkspaceChoices) -> dict[RefKind, list[str]]:
    return {
        "channel": [c.key for c in choices.channels],
        "user": [u.key for u in choices.users],
        "team": [t.key for t in sorted(choices.teams, key=lambda t: -t.member_count)],
        "tag": [t.key for t in choices.tags],
        "field": [f.key for f in choices.fields if f.type == "text" and not f.standard],
        "lifecycle_stage": [s.key for s in choices.lifecycle_stages],
        "closing_category": [c.key for c in choices.closing_categories],
        "workflow": [w.key for w in choices.manual_workflows],
        "sheet_credential": [c.key for c in choices.sheet_credentials],
    }


def _fillable(issue: Issue) -> bool:
    """A reference to choose, or a tag/channel condition left without value by stripping."""
    return issue.code in REFERENCE_CODES or (
        issue.code == Code.REQUIRED and ".rules." in issue.field and issue.field.endswith("value")
    )


def _kind_at(node: dict[str, Any], parts: list[str]) -> RefKind:
    if "rules" in parts:
        at = parts.index("rules") + 2
        rule = _walk(node, parts[:at])
        if parts[at] == "field":
            return "field"
        return "tag" if rule["category"] == "tags" else "channel"
    return KIND_BY_NAME[next(part for part in reversed(parts) if not part.isdigit())]


def _walk(node: Any, parts: list[str]) -> Any:
    for part in parts:
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node


def fill_for_demo(definition: WorkflowDefinition, choices: WorkspaceChoices) -> WorkflowDefinition:
    """``definition`` with every reference the workspace cannot satisfy set to one of its
    keys (several references of one kind in a step get different keys when there are)."""
    doc = definition.model_dump(mode="json")
    nodes = {step["id"]: step for step in doc["steps"]} | {TRIGGER_ID: doc["trigger"]}
    keys, used = _keys(choices), Counter[tuple[str, str]]()
    for issue in validate(definition, refs_of(choices)):
        if not _fillable(issue):
            continue
        node, parts = nodes[issue.step_id or ""], issue.field.split(".")
        kind = _kind_at(node, parts)
        assert keys[kind], f"the workspace has no {kind} for {issue.message}"
        key = keys[kind][used[(issue.step_id or "", kind)] % len(keys[kind])]
        used[(issue.step_id or "", kind)] += 1
        parent, last = _walk(node, parts[:-1]), parts[-1]
        slot = int(last) if isinstance(parent, list) else last
        parent[slot] = [key] if isinstance(parent[slot], list) else key
    return WorkflowDefinition.model_validate(doc)
