"""What the builder shows, derived from a definition: React Flow nodes and edges, and the
rows of the ⚠ list. Pure functions over domain types (no Reflex, no I/O).

Decisions:
- Node positions come from ``definition.layout`` where a node was placed by hand and from
  :func:`wfstudio.domain.graph.layout` elsewhere, so a tree built with "+" stays tidy
  until someone drags a node.
- A port named in ``step.next`` that the step's config no longer has (an option removed)
  still gets a handle, so its edge stays visible until the connection is fixed;
  validation reports it.
- A node's summary names workspace things (an Assign To's user and team) by their names,
  not their keys, when the caller passes ``names``; a key with no name (deleted, or no
  workspace at hand) shows as the key.
- The ⚠ list shows errors only (warnings such as unreachable steps do not block save),
  one row per step in definition order, the trigger first, workflow-wide errors last.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import BaseModel

from wfstudio.domain import graph
from wfstudio.domain.catalogue import STEPS, TRIGGERS
from wfstudio.domain.definition import Step, WorkflowDefinition
from wfstudio.domain.issues import TRIGGER_ID, Issue
from wfstudio.domain.refs import find_refs

NODE_TYPE = "wfstep"
UNKNOWN_ICON = "circle-help"
TRIGGER_PORT = graph.TRIGGER_PORT
X_GAP, Y_GAP = 300.0, 150.0  # canvas slots: a node is 248 px wide and 60–110 px high
Counters = Mapping[str, tuple[int, int, int]]
"""Step id → (entered, waiting now, exited), for published and stopped workflows."""
Names = Mapping[str, Mapping[str, str]]
"""Reference kind (``"user"``, ``"team"``, …) → key → the name a summary shows."""


@dataclasses.dataclass(frozen=True)
class IssueRow:
    """One row of the ⚠ list: a step (or the trigger, or the whole workflow) and its errors."""

    step_id: str = ""  # "" for errors about the whole workflow
    title: str = ""
    message: str = ""


def _step_title(defn: WorkflowDefinition, step_id: str | None) -> str:
    if step_id is None:
        return "Workflow"
    if step_id == TRIGGER_ID:
        return "Trigger"
    step = defn.step(step_id)
    return step.name if step is not None else step_id


def errors_by_step(issues: Iterable[Issue]) -> dict[str, list[str]]:
    """Step id (``"trigger"`` for the trigger, ``""`` for the workflow) → error details."""
    found: dict[str, list[str]] = {}
    for issue in issues:
        if issue.is_error:
            found.setdefault(issue.step_id or "", []).append(issue.detail or issue.message)
    return found


def issue_rows(defn: WorkflowDefinition, issues: Iterable[Issue]) -> list[IssueRow]:
    """The ⚠ list: the trigger, then each step with errors in definition order, then
    errors about the whole workflow."""
    found = errors_by_step(issues)
    order = [TRIGGER_ID, *defn.step_ids, *(sid for sid in found if sid not in defn.step_ids)]
    rows = [
        IssueRow(sid, _step_title(defn, sid), " ".join(found[sid]))
        for sid in dict.fromkeys(order)
        if sid and sid in found
    ]
    rows += [IssueRow("", "Workflow", message) for message in found.get("", [])]
    return rows


def _ports(step: Step) -> list[tuple[str, str]]:
    """``(port, label)`` of a step: its kind's ports for its config, then stale ones."""
    spec = STEPS.get(step.kind)
    config = spec.parse_or_none(step.config) if spec is not None else None
    ports = (
        [(p.name, p.label) for p in spec.ports(config)]
        if spec is not None and config is not None
        else []
    )
    known = {name for name, _ in ports}
    return ports + [(name, name) for name in step.next if name not in known]


def named(config: BaseModel, names: Names) -> BaseModel:
    """``config`` with each top-level reference ``names`` knows replaced by its name, for
    the summary only (never saved)."""
    update = {
        found.path: names[found.kind][found.key]
        for found in find_refs(config)
        if "." not in found.path and found.key in names.get(found.kind, {})
    }
    return config.model_copy(update=update) if update else config


def _step_view(step: Step, names: Names) -> tuple[str, str, str, list[str]]:
    """``(kind label, icon, summary, jump targets)`` of a step."""
    spec = STEPS.get(step.kind)
    if spec is None:
        return step.kind, UNKNOWN_ICON, "Unknown step kind", []
    config = spec.parse_or_none(step.config)
    if config is None:
        return spec.label, spec.icon, "", []
    summary = spec.summary(named(config, names))
    return spec.label, spec.icon, summary, spec.jump_targets(config)


def positions(defn: WorkflowDefinition) -> dict[str, graph.Point]:
    """Where every node sits: placed by hand, or laid out as a tree."""
    return graph.layout(defn, x_gap=X_GAP, y_gap=Y_GAP)


def _node(node_id: str, position: graph.Point, data: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": node_id,
        "type": NODE_TYPE,
        "position": {"x": position[0], "y": position[1]},
        "data": data,
    }


def _trigger_data(defn: WorkflowDefinition) -> dict[str, Any]:
    trigger = defn.trigger
    if trigger is None:
        return {"trigger": True, "empty": True, "caption": "Trigger", "ports": []}
    spec = TRIGGERS.get(trigger.kind)
    config = spec.parse_or_none(trigger.config) if spec is not None else None
    summary = spec.summary(config) if spec is not None and config is not None else ""
    rules = len(trigger.conditions.rules)
    if rules:
        summary += f" · {rules} condition{'s' * (rules > 1)}"
    return {
        "trigger": True,
        "caption": "Trigger",
        "name": spec.label if spec is not None else trigger.kind,
        "icon": spec.icon if spec is not None else UNKNOWN_ICON,
        "summary": summary,
        "ports": [{"name": TRIGGER_PORT, "label": "", "open": trigger.next is None}],
    }


def canvas_nodes(
    defn: WorkflowDefinition,
    errors: Mapping[str, list[str]],
    counters: Counters | None = None,
    names: Names | None = None,
) -> list[dict[str, Any]]:
    """React Flow nodes: the trigger (or the "Choose a trigger" node) and every step.

    Args:
        defn: the workflow.
        errors: step id → error details (see :func:`errors_by_step`); those nodes are red.
        counters: per-step counters to show, or None (a draft shows none).
        names: the names summaries show for workspace references (users, teams).
    """
    placed = positions(defn)
    trigger = _trigger_data(defn)
    if TRIGGER_ID in errors:
        trigger |= {"error": True, "errors": "\n".join(errors[TRIGGER_ID])}
    nodes = [_node(TRIGGER_ID, placed[TRIGGER_ID], trigger)]
    for step in defn.steps:
        label, icon, summary, jumps = _step_view(step, names or {})
        data: dict[str, Any] = {
            "caption": label,
            "name": step.name,
            "icon": icon,
            "summary": summary,
            "ports": [
                {"name": name, "label": port_label, "open": name not in step.next}
                for name, port_label in _ports(step)
            ],
            "jump": bool(jumps),
        }
        if step.id in errors:
            data |= {"error": True, "errors": "\n".join(errors[step.id])}
        if counters is not None:
            data["counters"] = list(counters.get(step.id, (0, 0, 0)))
        nodes.append(_node(step.id, placed.get(step.id, (0.0, 0.0)), data))
    return nodes


def with_test_position(nodes: list[dict[str, Any]], step_id: str) -> list[dict[str, Any]]:
    """``nodes`` with ``data.testing`` True on ``step_id`` only ("" marks none): where the
    test contact is while a test runs."""
    return [
        {**node, "data": {**node["data"], "testing": bool(step_id) and node["id"] == step_id}}
        for node in nodes
    ]


def _edge(source: str, port: str, target: str, label: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": f"{source}:{port}",
        "source": source,
        "sourceHandle": port,
        "target": target,
        "targetHandle": "in",
        "label": label,
        "type": "smoothstep",
        **extra,
    }


def canvas_edges(defn: WorkflowDefinition) -> list[dict[str, Any]]:
    """React Flow edges: one per connected port, labelled with the port's label, and a
    dashed one per Jump To target. Connections to missing steps are left out."""
    ids = set(defn.step_ids)
    edges = []
    if defn.trigger is not None and defn.trigger.next in ids:
        edges.append(_edge(TRIGGER_ID, TRIGGER_PORT, defn.trigger.next, ""))
    for step in defn.steps:
        labels = dict(_ports(step))
        edges += [
            _edge(step.id, port, target, labels.get(port, port))
            for port, target in step.next.items()
            if target in ids
        ]
        edges += [
            _edge(step.id, graph.JUMP_PORT, target, "Jump", jump=True, deletable=False)
            for target in _step_view(step, {})[3]
            if target in ids
        ]
    return edges
