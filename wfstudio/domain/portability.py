"""Moving a definition between workspaces: drop the references the target lacks (SPEC §7).

The affected steps keep their place and then show as configuration errors, so the user
sees exactly what to fill in.
"""

from __future__ import annotations

from dataclasses import dataclass

from wfstudio.domain.catalogue import STEPS, TRIGGERS
from wfstudio.domain.definition import WorkflowDefinition
from wfstudio.domain.issues import TRIGGER_ID
from wfstudio.domain.refs import Found, WorkspaceRefs, strip_unknown_refs


@dataclass(frozen=True)
class Removal:
    """One reference removed from step ``step_id`` (or the trigger)."""

    step_id: str
    step_name: str
    found: Found


def strip_unknown_references(
    definition: WorkflowDefinition, refs: WorkspaceRefs
) -> tuple[WorkflowDefinition, list[Removal]]:
    """``definition`` without the references ``refs`` lacks, and the list of removals.

    Configs that do not parse are left alone (validation reports them).
    """
    removals: list[Removal] = []
    trigger = definition.trigger
    if trigger is not None and trigger.kind in TRIGGERS:
        spec = TRIGGERS[trigger.kind]
        name = spec.label
        config = spec.parse_or_none(trigger.config)
        updates: dict[str, object] = {}
        if config is not None:
            clean, gone = strip_unknown_refs(config, refs)
            updates["config"] = clean.model_dump(mode="json")
            removals += [Removal(TRIGGER_ID, name, found) for found in gone]
        conditions, gone = strip_unknown_refs(trigger.conditions, refs)
        removals += [Removal(TRIGGER_ID, name, found) for found in gone]
        trigger = trigger.model_copy(update={**updates, "conditions": conditions})
    steps = []
    for step in definition.steps:
        step_spec = STEPS.get(step.kind)
        config = step_spec.parse_or_none(step.config) if step_spec is not None else None
        if step_spec is None or config is None:
            steps.append(step)
            continue
        clean, gone = strip_unknown_refs(config, refs)
        removals += [Removal(step.id, step.name, found) for found in gone]
        steps.append(step.model_copy(update={"config": clean.model_dump(mode="json")}))
    stripped = definition.model_copy(update={"trigger": trigger, "steps": tuple(steps)})
    return stripped, removals
