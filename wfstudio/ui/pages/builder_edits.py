"""The builder's edits as pure functions: each takes a definition and returns a new one.

The states call these and keep the result (with an undo snapshot); nothing here touches
Reflex or the database.

Decisions:
- New step ids are readable and stable in exports: ``<kind>_<n>`` with the smallest free
  ``n``. New names are the kind's label, made unique with " 2", " 3" … so the ⚠ list
  and the jump targets can tell steps apart.
- Changing a step's config so that a port disappears (an option or branch removed)
  disconnects that port; the steps behind it stay, unreachable, for the user to reconnect
  or delete.
- Ports are numbered by position (``branch_2``, ``option_3``), so when the drawer moves,
  removes or clones a branch or an option it passes the list's new order and the
  connections are renumbered with it: an edge follows its branch or option.
- Deleting steps removes every connection to them and their canvas positions.
- A pasted step is a copy of the step's kind, name and config, unconnected, placed beside
  the original (further right while that spot is taken).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

from wfstudio.domain.catalogue import STEPS, TRIGGERS
from wfstudio.domain.definition import ConditionGroup, Position, Step, Trigger, WorkflowDefinition
from wfstudio.domain.issues import TRIGGER_ID
from wfstudio.ui.pages.builder_view import X_GAP, Y_GAP, positions


def new_step_id(defn: WorkflowDefinition, kind: str) -> str:
    """``<kind>_<n>`` with the smallest ``n`` no step uses."""
    taken, n = set(defn.step_ids), 1
    while f"{kind}_{n}" in taken:
        n += 1
    return f"{kind}_{n}"


def unique_step_name(defn: WorkflowDefinition, name: str) -> str:
    """``name``, or ``name 2``, ``name 3`` … when a step has it already."""
    taken = {step.name.casefold() for step in defn.steps}
    candidate, n = name, 1
    while candidate.casefold() in taken:
        n += 1
        candidate = f"{name} {n}"
    return candidate


def _with_next(defn: WorkflowDefinition, source: str, port: str, target: str | None) -> Any:
    """The trigger or steps of ``defn`` with ``source``'s ``port`` aimed at ``target``
    (None: disconnected), as keyword changes for :meth:`WorkflowDefinition.replace`."""
    if source == TRIGGER_ID:
        if defn.trigger is None:
            return {}
        return {"trigger": defn.trigger.model_copy(update={"next": target})}
    steps = []
    for step in defn.steps:
        if step.id == source:
            following = {p: t for p, t in step.next.items() if p != port}
            if target is not None:
                following[port] = target
            step = step.model_copy(update={"next": following})
        steps.append(step)
    return {"steps": tuple(steps)}


def connect(defn: WorkflowDefinition, source: str, port: str, target: str) -> WorkflowDefinition:
    """``source``'s ``port`` (the trigger's is ``"next"``) leads to step ``target``."""
    if target in (TRIGGER_ID, source) or target not in defn.step_ids:
        return defn
    return defn.replace(**_with_next(defn, source, port, target))


def disconnect(defn: WorkflowDefinition, source: str, port: str) -> WorkflowDefinition:
    """``source``'s ``port`` leads nowhere (the workflow ends there)."""
    return defn.replace(**_with_next(defn, source, port, None))


def add_step(
    defn: WorkflowDefinition, source: str, port: str, kind: str
) -> tuple[WorkflowDefinition, str]:
    """A new step of ``kind`` with its default config, behind ``source``'s ``port``."""
    step_id = new_step_id(defn, kind)
    spec = STEPS[kind]
    step = Step(
        id=step_id,
        kind=kind,
        name=unique_step_name(defn, spec.label),
        config=spec.default_config(),
    )
    added = defn.replace(steps=(*defn.steps, step))
    return added.replace(**_with_next(added, source, port, step_id)), step_id


def set_trigger(defn: WorkflowDefinition, kind: str) -> WorkflowDefinition:
    """The trigger becomes ``kind`` with its default config (the first step stays)."""
    following = defn.trigger.next if defn.trigger is not None else None
    trigger = Trigger(kind=kind, config=TRIGGERS[kind].default_config(), next=following)
    return defn.replace(trigger=trigger)


LIST_PORTS: Mapping[tuple[str, str], str] = {
    ("branch", "branches"): "branch_",
    ("ask_question", "options"): "option_",
}
"""(step kind, config list) → the prefix of the ports numbered after its items."""
Reordered = tuple[str, Sequence[int | None]]
"""A config list's key and, for each item now, its index before (None: a new item)."""


def renumbered_next(step: Step, reordered: Reordered) -> dict[str, str]:
    """``step.next`` with the ports of list ``reordered[0]`` following their items."""
    key, order = reordered
    prefix = LIST_PORTS.get((step.kind, key))
    if prefix is None:
        return dict(step.next)

    def numbered(port: str) -> bool:
        return port.startswith(prefix) and port[len(prefix) :].isdigit()

    kept = {port: target for port, target in step.next.items() if not numbered(port)}
    for now, before in enumerate(order, start=1):
        target = step.next.get(f"{prefix}{before + 1}") if before is not None else None
        if target is not None:
            kept[f"{prefix}{now}"] = target
    return kept


def replace_step(
    defn: WorkflowDefinition,
    step_id: str,
    name: str,
    config: Mapping[str, Any],
    reordered: Reordered | None = None,
) -> WorkflowDefinition:
    """The drawer's Apply: new name and config; ports that no longer exist are cut.
    ``reordered`` renumbers the connections of a list whose items moved."""
    steps = []
    for step in defn.steps:
        if step.id == step_id:
            following = renumbered_next(step, reordered) if reordered else step.next
            update = {"name": name, "config": dict(config), "next": following}
            step = step.model_copy(update=update)
            spec = STEPS.get(step.kind)
            parsed = spec.parse_or_none(step.config) if spec is not None else None
            if spec is not None and parsed is not None:
                kept = {port.name for port in spec.ports(parsed)}
                step = step.model_copy(
                    update={"next": {p: t for p, t in step.next.items() if p in kept}}
                )
        steps.append(step)
    return defn.replace(steps=tuple(steps))


def replace_trigger(
    defn: WorkflowDefinition,
    kind: str,
    config: Mapping[str, Any],
    conditions: Mapping[str, Any],
    once_per_contact: bool,
) -> WorkflowDefinition:
    """The drawer's Apply for the trigger (its first step stays).

    Raises:
        pydantic.ValidationError: ``conditions`` is not a condition group.
    """
    trigger = Trigger(
        kind=kind,
        config=dict(config),
        conditions=ConditionGroup.model_validate(conditions),
        once_per_contact=once_per_contact,
        next=defn.trigger.next if defn.trigger is not None else None,
    )
    return defn.replace(trigger=trigger)


def move(
    defn: WorkflowDefinition, positions: Mapping[str, tuple[float, float]]
) -> WorkflowDefinition:
    """Nodes placed by hand: their positions go into ``layout`` (unknown ids ignored)."""
    known = {TRIGGER_ID, *defn.step_ids}
    placed = {
        node: Position(x=round(x), y=round(y))
        for node, (x, y) in positions.items()
        if node in known
    }
    return defn.replace(layout={**defn.layout, **placed}) if placed else defn


def delete_steps(defn: WorkflowDefinition, step_ids: Collection[str]) -> WorkflowDefinition:
    """Without ``step_ids``: connections to them end the workflow there instead."""
    gone = set(step_ids)
    trigger = defn.trigger
    if trigger is not None and trigger.next in gone:
        trigger = trigger.model_copy(update={"next": None})
    steps = tuple(
        step.model_copy(update={"next": {p: t for p, t in step.next.items() if t not in gone}})
        for step in defn.steps
        if step.id not in gone
    )
    layout = {node: pos for node, pos in defn.layout.items() if node not in gone}
    return defn.replace(trigger=trigger, steps=steps, layout=layout)


def paste(defn: WorkflowDefinition, copied: str) -> tuple[WorkflowDefinition, str]:
    """A copy of ``copied`` (a step as JSON text) with a new id, unconnected, placed beside
    the step it was copied from (or below the workflow when that step is gone)."""
    original = Step.model_validate_json(copied)
    step_id = new_step_id(defn, original.kind)
    step = original.model_copy(
        update={
            "id": step_id,
            "name": unique_step_name(defn, f"{original.name} (copy)"),
            "next": {},
        }
    )
    placed = positions(defn)
    if original.id in placed:
        x, y = placed[original.id]
        x += X_GAP
    else:
        x, y = 0.0, max((py for _, py in placed.values()), default=0.0) + Y_GAP
    while any(abs(x - ox) < X_GAP and abs(y - oy) < Y_GAP for ox, oy in placed.values()):
        x += X_GAP
    pasted = defn.replace(steps=(*defn.steps, step))
    return move(pasted, {step_id: (x, y)}), step_id
