"""``validate(definition, refs) -> list[Issue]``: every rule a draft must pass before save.

Never raises: whatever the definition holds, the answer is a list of issues. Errors block
save and publish; warnings (unreachable steps) only inform. Loops are checked at publish
(:func:`publish_issues`), because they depend on the workspace's other workflows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import ValidationError

from wfstudio.domain import graph
from wfstudio.domain.catalogue import STEPS, TRIGGERS
from wfstudio.domain.condition_checks import check_conditions
from wfstudio.domain.definition import Step, WorkflowDefinition
from wfstudio.domain.issues import TRIGGER_ID, Code, Issue
from wfstudio.domain.kinds import CheckContext, Config, KindSpec
from wfstudio.domain.limits import MAX_NAME_CHARS, MAX_STEPS_PER_WORKFLOW
from wfstudio.domain.refs import WorkspaceRefs, find_refs

REF_LABELS = {
    "channel": "channel",
    "user": "user",
    "team": "team",
    "tag": "tag",
    "field": "contact field",
    "lifecycle_stage": "lifecycle stage",
    "closing_category": "closing category",
    "workflow": "workflow",
    "sheet_credential": "Google Sheets credential",
}


def validate(
    definition: WorkflowDefinition,
    refs: WorkspaceRefs | None = None,
    *,
    max_steps: int = MAX_STEPS_PER_WORKFLOW,
) -> list[Issue]:
    """All issues of ``definition`` against the workspace ``refs``, trigger first, then steps."""
    refs = refs if refs is not None else WorkspaceRefs.unknown()
    issues: list[Issue] = []
    step_ids = {step.id for step in definition.steps}
    issues += _trigger_issues(definition, refs, step_ids)
    if definition.trigger is not None and not definition.steps:
        issues.append(
            Issue(Code.NO_STEPS, "The workflow has a trigger but no step: add at least one step.")
        )
    if len(definition.steps) > max_steps:
        issues.append(
            Issue(
                Code.TOO_MANY_STEPS,
                f"The workflow has {len(definition.steps)} steps; the limit is {max_steps}.",
            )
        )
    issues += _duplicate_ids(definition.steps)
    for step in definition.steps:
        issues += _step_issues(step, refs, step_ids)
    issues += [
        Issue(
            Code.UNREACHABLE,
            f'Step "{_name(definition.step(step_id))}" cannot be reached from the trigger.',
            step_id=step_id,
            detail="No step or trigger leads here.",
            severity="warning",
        )
        for step_id in graph.unreachable_steps(definition)
        if definition.trigger is not None
    ]
    return issues


def publish_issues(
    definition: WorkflowDefinition,
    refs: WorkspaceRefs | None = None,
    *,
    workflow_key: str | None = None,
    published: Mapping[str, WorkflowDefinition] | None = None,
    max_steps: int = MAX_STEPS_PER_WORKFLOW,
) -> list[Issue]:
    """What blocks publishing: validation errors, then loops inside and across workflows.

    ``published`` holds the workspace's other published workflows by key; the workflow
    being published is added to it under ``workflow_key``.
    """
    issues = [issue for issue in validate(definition, refs, max_steps=max_steps) if issue.is_error]
    if definition.trigger is None or not definition.steps:
        return issues
    issues += graph.loops_inside(definition, workflow_key=workflow_key)
    if workflow_key is not None and published is not None:
        everyone = {**published, workflow_key: definition}
        issues += [issue for issue in graph.loops_across(everyone) if workflow_key in issue.related]
    return issues


def _name(step: Step | None) -> str:
    return step.name if step is not None else "?"


def _parse(spec: KindSpec[Any], raw: Mapping[str, Any], ctx: CheckContext) -> Config | None:
    try:
        return spec.parse(raw)
    except ValidationError as error:
        for problem in error.errors():
            path = ".".join(str(part) for part in problem["loc"])
            ctx.error(Code.INVALID_VALUE, path, f"{path or 'The configuration'}: {problem['msg']}.")
        return None


def _reference_issues(config: Config, ctx: CheckContext) -> None:
    if not ctx.refs.known:
        return
    for found in find_refs(config):
        if not ctx.refs.has(found.kind, found.key):
            ctx.error(
                Code.UNKNOWN_REFERENCE,
                found.path,
                f'The {REF_LABELS[found.kind]} "{found.key}" does not exist in this workspace.',
            )


def _trigger_issues(
    definition: WorkflowDefinition, refs: WorkspaceRefs, step_ids: set[str]
) -> list[Issue]:
    trigger = definition.trigger
    if trigger is None:
        return [Issue(Code.NO_TRIGGER, "Choose a trigger: it decides which contacts enter.")]
    spec = TRIGGERS.get(trigger.kind)
    if spec is None:
        return [
            Issue(
                Code.UNKNOWN_KIND,
                f'The trigger kind "{trigger.kind}" does not exist.',
                step_id=TRIGGER_ID,
                field="kind",
            )
        ]
    ctx = CheckContext(TRIGGER_ID, "Trigger", spec.label, refs)
    config = _parse(spec, trigger.config, ctx)
    if config is not None:
        _reference_issues(config, ctx)
        spec.check(config, ctx)
    conditions_ctx = CheckContext(TRIGGER_ID, "Trigger", spec.label, refs, prefix="")
    check_conditions(trigger.conditions, conditions_ctx, "conditions")
    if trigger.once_per_contact and not spec.once_per_contact_allowed:
        conditions_ctx.error(
            Code.INVALID_VALUE,
            "once_per_contact",
            f"“Trigger once per contact” is not available for {spec.label}.",
        )
    if trigger.next is not None and trigger.next not in step_ids:
        conditions_ctx.error(
            Code.UNKNOWN_STEP, "next", f'It leads to step "{trigger.next}", which does not exist.'
        )
    return ctx.issues + conditions_ctx.issues


def _duplicate_ids(steps: Iterable[Step]) -> list[Issue]:
    seen: set[str] = set()
    issues = []
    for step in steps:
        if step.id in seen:
            issues.append(
                Issue(
                    Code.DUPLICATE_STEP_ID,
                    f'Two steps have the id "{step.id}"; each step needs its own.',
                    step_id=step.id,
                    field="id",
                )
            )
        seen.add(step.id)
    return issues


def _step_issues(step: Step, refs: WorkspaceRefs, step_ids: set[str]) -> list[Issue]:
    spec = STEPS.get(step.kind)
    if spec is None:
        return [
            Issue(
                Code.UNKNOWN_KIND,
                f'Step "{step.name}": the step kind "{step.kind}" does not exist.',
                step_id=step.id,
                field="kind",
            )
        ]
    ctx = CheckContext(step.id, spec.label, step.name, refs)
    outer = CheckContext(step.id, spec.label, step.name, refs, prefix="")
    if outer.require(step.name, "name", "The step name"):
        outer.max_chars(step.name, MAX_NAME_CHARS, "name", "The step name")
    config = _parse(spec, step.config, ctx)
    if config is None:
        return outer.issues + ctx.issues
    _reference_issues(config, ctx)
    spec.check(config, ctx)
    ports = {port.name for port in spec.ports(config)}
    for port, target in sorted(step.next.items()):
        if port not in ports:
            outer.error(
                Code.UNKNOWN_PORT,
                f"next.{port}",
                f'The exit "{port}" does not exist on this step any more; reconnect its steps.',
            )
        if target not in step_ids:
            outer.error(
                Code.UNKNOWN_STEP, f"next.{port}", f'The exit "{port}" leads to a missing step.'
            )
    for target in spec.jump_targets(config):
        if target and target not in step_ids:
            ctx.error(Code.UNKNOWN_STEP, "target", "The step to jump to does not exist.")
    return outer.issues + ctx.issues
