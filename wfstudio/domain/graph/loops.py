"""Loops publish refuses: self-triggering steps, pauseless cycles, workflows that fire each other.

* a step whose fired events would re-fire its own workflow's trigger
  (:attr:`Code.LOOP_SELF_TRIGGER`, one issue per culprit step);
* a cycle of ``next`` edges with no pausing step (:attr:`Code.LOOP_NO_PAUSE`). Jump edges
  are left out: Jump To is bounded by its counter;
* workflows that fire one another's triggers (:attr:`Code.LOOP_ACROSS_WORKFLOWS`).

An event addressed to a workflow (``detail["workflow"]``, i.e. Trigger Workflow) fires
exactly that workflow's trigger when the kinds match; the trigger spec is not asked,
because a trigger does not know the key of its own workflow. Every step counts, reachable
or not: an unreachable step is reported separately and fixing it is cheap.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from wfstudio.domain import catalogue
from wfstudio.domain.definition import Step, Trigger, WorkflowDefinition
from wfstudio.domain.graph.build import (
    StepSpecs,
    TriggerSpecs,
    next_successors,
    to_graph,
    typed_step,
)
from wfstudio.domain.issues import Code, Issue
from wfstudio.domain.kinds import FiredEvent, TriggerSpec

if TYPE_CHECKING:  # imported where a graph is built, not at start
    import networkx as nx

MAX_CYCLES = 50
"""At most this many cycles are reported per check (a guard against pathological graphs)."""


def _fired(step: Step, specs: StepSpecs) -> list[FiredEvent]:
    typed = typed_step(step, specs)
    return [] if typed is None else typed[0].fires(typed[1])


def _parsed_trigger(
    trigger: Trigger | None, specs: TriggerSpecs
) -> tuple[Trigger, TriggerSpec[Any], Any] | None:
    spec = None if trigger is None else specs.get(trigger.kind)
    if trigger is None or spec is None:
        return None
    config = spec.parse_or_none(trigger.config)
    return None if config is None else (trigger, spec, config)


def _fires(
    parsed: tuple[Trigger, TriggerSpec[Any], Any], event: FiredEvent, key: str | None
) -> bool:
    """Whether ``event`` fires the parsed trigger of the workflow with ``key``."""
    trigger, spec, config = parsed
    if event.trigger_kind != trigger.kind:
        return False
    if "workflow" in event.detail:
        return key is not None and event.detail["workflow"] == key
    return bool(spec.is_fired_by(trigger, config, event))


def _described(parsed: tuple[Trigger, TriggerSpec[Any], Any]) -> str:
    _, spec, config = parsed
    summary = spec.summary(config)
    return f'"{spec.label}: {summary}"' if summary else f'"{spec.label}"'


def _name(step: Step) -> str:
    return step.name.strip() or step.id


def _watched(event: FiredEvent) -> str | None:
    """``adds the tag`` for events that change something a trigger watches, else None."""
    kind, detail = event.trigger_kind, event.detail
    if kind == "contact_tag_updated":
        return f"{'removes' if detail.get('action') == 'removed' else 'adds'} the tag"
    return {
        "contact_field_updated": "updates the contact field",
        "lifecycle_updated": "changes the lifecycle stage",
    }.get(kind)


def _action(event: FiredEvent) -> str:
    """What the step does, e.g. ``adds the tag "vip"``."""
    detail = event.detail
    thing = detail.get("tag") or detail.get("field") or detail.get("stage")
    watched = _watched(event)
    if watched:
        return f'{watched} "{thing}"' if thing else watched
    return {
        "conversation_opened": "opens a conversation",
        "conversation_closed": "closes the conversation",
    }.get(event.trigger_kind, f'causes "{event.trigger_kind}"')


def _self_trigger_issues(
    defn: WorkflowDefinition, specs: StepSpecs, triggers: TriggerSpecs, key: str | None
) -> list[Issue]:
    parsed = _parsed_trigger(defn.trigger, triggers)
    if parsed is None:
        return []
    issues: list[Issue] = []
    for step in defn.steps:
        event = next((e for e in _fired(step, specs) if _fires(parsed, e, key)), None)
        if event is None:
            continue
        if "workflow" in event.detail:
            what = "starts this same workflow"
        elif watched := _watched(event):
            what = f"{watched} this workflow's trigger watches"
        else:
            what = f"{_action(event)}, which fires this workflow's own trigger"
        message = f'Workflow loop detected: step "{_name(step)}" {what} ({_described(parsed)}).'
        issues.append(Issue(Code.LOOP_SELF_TRIGGER, message, step.id, related=(step.id,)))
    return issues


def _cycles(graph: nx.DiGraph) -> list[list[int]]:
    """Elementary cycles of an int-labelled graph (ints hash stably), each starting at
    its smallest node, shortest first."""
    import networkx as nx

    found = [list(c) for c in itertools.islice(nx.simple_cycles(graph), MAX_CYCLES)]
    rotated = [c[c.index(min(c)) :] + c[: c.index(min(c))] for c in found]
    return sorted(rotated, key=lambda c: (len(c), c))


def _pauseless_cycle_issues(defn: WorkflowDefinition, specs: StepSpecs) -> list[Issue]:
    graph = to_graph(defn, steps=specs)
    by_id: dict[str, Step] = {}
    for step in defn.steps:
        by_id.setdefault(step.id, step)  # validation reports duplicate ids
    ids = list(by_id)
    moving = {
        sid
        for sid, step in by_id.items()
        if (spec := specs.get(step.kind)) is not None and not spec.pauses
    }
    index = {sid: i for i, sid in enumerate(ids)}
    import networkx as nx

    cycles_graph = nx.DiGraph()
    cycles_graph.add_nodes_from(index[sid] for sid in ids if sid in moving)
    for sid in ids:
        if sid in moving:
            for target in next_successors(graph, sid):
                if target in moving:
                    cycles_graph.add_edge(index[sid], index[target])
    issues: list[Issue] = []
    for cycle in _cycles(cycles_graph):
        chain = [ids[i] for i in cycle]
        names = " → ".join(f'"{_name(by_id[sid])}"' for sid in [*chain, chain[0]])
        noun = "step" if len(chain) == 1 else "steps"
        message = (
            f"Workflow loop detected: {noun} {names} repeat without ever pausing. Add a Wait "
            "(or a step that waits for the contact) inside the loop, or go back with Jump To, "
            "which stops after its maximum."
        )
        issues.append(Issue(Code.LOOP_NO_PAUSE, message, chain[0], related=tuple(chain)))
    return issues


def loops_inside(
    defn: WorkflowDefinition,
    *,
    steps: StepSpecs | None = None,
    triggers: TriggerSpecs | None = None,
    workflow_key: str | None = None,
) -> list[Issue]:
    """Loops within one workflow: self-triggering steps, then cycles that never pause.

    Args:
        defn: the workflow.
        steps: step catalogue (default :data:`catalogue.STEPS`).
        triggers: trigger catalogue (default :data:`catalogue.TRIGGERS`).
        workflow_key: this workflow's key, so that a Trigger Workflow step aimed at the
            workflow itself is caught; without it such steps are not detected here.
    """
    specs = catalogue.STEPS if steps is None else steps
    trigger_specs = catalogue.TRIGGERS if triggers is None else triggers
    return _self_trigger_issues(defn, specs, trigger_specs, workflow_key) + (
        _pauseless_cycle_issues(defn, specs)
    )


def loops_across(
    workflows: Mapping[str, WorkflowDefinition],
    *,
    steps: StepSpecs | None = None,
    triggers: TriggerSpecs | None = None,
) -> list[Issue]:
    """Cycles of workflows whose steps fire one another's triggers.

    An edge A → B exists when a step of A fires an event B's trigger is fired by (a
    Trigger Workflow step of A aimed at B for a Manual trigger). Every elementary cycle
    of two or more workflows gives one :attr:`Code.LOOP_ACROSS_WORKFLOWS` issue, in a
    deterministic order; ``related`` holds the workflow keys along the cycle. A workflow
    that fires itself is :func:`loops_inside`'s business.

    Args:
        workflows: workflow key → definition (e.g. every published workflow plus the one
            about to be published).
        steps: step catalogue (default :data:`catalogue.STEPS`).
        triggers: trigger catalogue (default :data:`catalogue.TRIGGERS`).
    """
    specs = catalogue.STEPS if steps is None else steps
    trigger_specs = catalogue.TRIGGERS if triggers is None else triggers
    keys = sorted(workflows)
    parsed = {key: _parsed_trigger(workflows[key].trigger, trigger_specs) for key in keys}
    causes: dict[tuple[int, int], list[str]] = {}
    for a, source in enumerate(keys):
        defn = workflows[source]
        for step in defn.steps:
            events = _fired(step, specs)
            for b, target in enumerate(keys):
                trigger = parsed[target]
                if a == b or trigger is None:
                    continue
                event = next((e for e in events if _fires(trigger, e, target)), None)
                if event is None:
                    continue
                name = f'"{workflows[target].name}"'
                what = (
                    f"starts {name}"
                    if "workflow" in event.detail
                    else f"{_action(event)}, which starts {name} ({_described(trigger)})"
                )
                causes.setdefault((a, b), []).append(
                    f'step "{_name(step)}" of "{defn.name}" {what}'
                )
    import networkx as nx

    graph = nx.DiGraph()
    graph.add_edges_from(sorted(causes))
    issues: list[Issue] = []
    for cycle in _cycles(graph):
        names = " → ".join(f'"{workflows[keys[i]].name}"' for i in [*cycle, cycle[0]])
        hops = zip(cycle, [*cycle[1:], cycle[0]], strict=True)
        clauses = [clause for hop in hops for clause in causes[hop]]
        message = f"Workflow loop detected: {names} trigger one another: {'; '.join(clauses)}."
        related = tuple(keys[i] for i in cycle)
        issues.append(Issue(Code.LOOP_ACROSS_WORKFLOWS, message, related=related))
    return issues
