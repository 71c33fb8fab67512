"""The drawer's copies of a step or the trigger, and how they go back into a definition.

A copy is plain JSON with every config field present (see :mod:`drawer_edits` for its
paths). Durations are shown as an amount and a unit; the helpers at the end convert.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

from wfstudio.domain.catalogue import STEPS, TRIGGERS
from wfstudio.domain.definition import Step, Trigger, WorkflowDefinition
from wfstudio.domain.issues import TRIGGER_ID
from wfstudio.domain.kinds import KindSpec
from wfstudio.ui.components.drawer_edits import get_at, parse_number
from wfstudio.ui.components.drawer_fields import Duration, Field

UNITS: dict[str, int] = {"seconds": 1, "minutes": 60, "hours": 3_600, "days": 86_400}


def full_config(spec: KindSpec[Any], raw: dict[str, Any]) -> dict[str, Any]:
    """The config with every field present: parsed and dumped, or defaults + ``raw``."""
    parsed = spec.parse_or_none(raw)
    if parsed is not None:
        return parsed.model_dump(mode="json")
    return {**spec.default_config(), **copy.deepcopy(raw)}


def step_doc(step: Step, spec: KindSpec[Any]) -> dict[str, Any]:
    return {"name": step.name, "config": full_config(spec, dict(step.config))}


def trigger_doc(trigger: Trigger, spec: KindSpec[Any]) -> dict[str, Any]:
    return {
        "kind": trigger.kind,
        "config": full_config(spec, dict(trigger.config)),
        "conditions": trigger.conditions.model_dump(mode="json"),
        "once_per_contact": trigger.once_per_contact,
    }


def doc_of(defn: WorkflowDefinition, target: str) -> tuple[str, dict[str, Any]]:
    """The kind and the editable copy of ``target`` (the trigger or a step) in ``defn``."""
    if target == TRIGGER_ID:
        trigger = defn.trigger
        spec = TRIGGERS.get(trigger.kind) if trigger is not None else None
        if trigger is None or spec is None:
            return "", empty_trigger()
        return trigger.kind, trigger_doc(trigger, spec)
    step = defn.step(target)
    step_spec = STEPS.get(step.kind) if step is not None else None
    if step is None or step_spec is None:
        return (step.kind if step is not None else ""), {"name": "", "config": {}}
    return step.kind, step_doc(step, step_spec)


def empty_trigger() -> dict[str, Any]:
    """The copy of a trigger not chosen yet (the drawer then offers the kinds)."""
    return {
        "kind": "",
        "config": {},
        "conditions": {"join": "and", "rules": []},
        "once_per_contact": False,
    }


def trigger_doc_for(kind: str, doc: dict[str, Any]) -> dict[str, Any]:
    """``doc`` switched to trigger ``kind``: its default config, the conditions kept."""
    spec = TRIGGERS.get(kind)
    allowed = spec is not None and spec.once_per_contact_allowed
    return {
        **copy.deepcopy(doc),
        "kind": kind,
        "config": spec.default_config() if spec is not None else {},
        "once_per_contact": bool(doc.get("once_per_contact")) and allowed,
    }


def with_doc(defn: WorkflowDefinition, target: str, doc: dict[str, Any]) -> WorkflowDefinition:
    """``defn`` with the drawer's copy in place of the step or trigger ``target``.

    A copy the definition cannot hold (only a hand-made one) leaves ``defn`` unchanged.
    """
    try:
        if target == TRIGGER_ID:
            if not doc.get("kind"):
                return defn
            before = defn.trigger.next if defn.trigger is not None else None
            return defn.replace(trigger={**doc, "next": before})
        steps = [
            {**step.model_dump(), "name": doc.get("name", ""), "config": doc.get("config", {})}
            if step.id == target
            else step.model_dump()
            for step in defn.steps
        ]
        return defn.replace(steps=steps)
    except ValueError:
        return defn


def best_unit(seconds: Any) -> str:
    """The largest unit that expresses ``seconds`` exactly (minutes at least)."""
    if not isinstance(seconds, int) or seconds <= 0:
        return "minutes"
    for unit in ("days", "hours", "minutes"):
        if seconds % UNITS[unit] == 0:
            return unit
    return "seconds"


def amount_text(seconds: Any, unit: str) -> str:
    """``seconds`` shown in ``unit`` (``"7"`` days), or the raw text when it is not a number."""
    if isinstance(seconds, bool) or not isinstance(seconds, int | float):
        return "" if seconds is None else str(seconds)
    amount = seconds / UNITS.get(unit, 1)
    return str(int(amount)) if float(amount).is_integer() else f"{amount:g}"


def seconds_of(amount: str, unit: str) -> int | str:
    """``amount`` ``unit`` in whole seconds, or the text as typed when it is not a number."""
    number = parse_number(amount.strip())
    if number is None:
        return amount
    return round(number * UNITS.get(unit, 1))


def durations_of(doc: dict[str, Any], form: Iterable[Field]) -> dict[str, dict[str, str]]:
    """How each duration of ``form`` shows: ``{path: {"amount": "7", "unit": "days"}}``."""
    shown = {}
    for field in form:
        if isinstance(field, Duration):
            path = f"config.{field.key}"
            seconds = get_at(doc, path)
            unit = best_unit(seconds)
            shown[path] = {"amount": amount_text(seconds, unit), "unit": unit}
    return shown
