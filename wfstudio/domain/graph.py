"""The workflow as a graph: canvas layout, reachability, deletion and loop detection (SPEC §5).

This is the only module that imports networkx. Nodes are ``"trigger"`` and the step ids;
edges follow the ``next`` port maps (``port`` = the port name) and Jump To targets
(``port="jump"``, ``jump=True``). Targets that name no step are skipped: validation
reports them. Configs are parsed through the catalogue; a step of an unknown kind or with
a config that does not parse contributes its ``next`` edges but no port labels, jump
targets or fired events (validation reports those too).

Loops (publish refuses them):

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
from collections import deque
from collections.abc import Iterable, Mapping
from typing import Any

import networkx as nx

from wfstudio.domain import catalogue
from wfstudio.domain.definition import Step, Trigger, WorkflowDefinition
from wfstudio.domain.issues import TRIGGER_ID, Code, Issue
from wfstudio.domain.kinds import FiredEvent, StepSpec, TriggerSpec

StepSpecs = Mapping[str, StepSpec[Any]]
TriggerSpecs = Mapping[str, TriggerSpec[Any]]

JUMP_PORT = "jump"
TRIGGER_PORT = "next"
MAX_CYCLES = 50
"""At most this many cycles are reported per check (a guard against pathological graphs)."""

Point = tuple[float, float]


# ---------------------------------------------------------------------------
# Building the graph


def _parse(spec: StepSpec[Any] | TriggerSpec[Any] | None, raw: Mapping[str, Any]) -> Any:
    """The typed config, or None when the kind is unknown or the config does not parse."""
    if spec is None:
        return None
    try:
        return spec.parse(raw)
    except (ValueError, TypeError):  # pydantic.ValidationError is a ValueError
        return None


def _exits(step: Step, specs: StepSpecs) -> list[tuple[str, str, str]]:
    """``(port, label, target)`` of the connected ports: the kind's port order, then the rest."""
    spec = specs.get(step.kind)
    config = _parse(spec, step.config)
    ordered: list[tuple[str, str, str]] = []
    if spec is not None and config is not None:
        ordered = [
            (p.name, p.label, step.next[p.name]) for p in spec.ports(config) if p.name in step.next
        ]
    known = {port for port, _, _ in ordered}
    ordered += [(port, port, target) for port, target in step.next.items() if port not in known]
    return ordered


def _jump_targets(step: Step, specs: StepSpecs) -> list[str]:
    spec = specs.get(step.kind)
    config = _parse(spec, step.config)
    return [] if spec is None or config is None else spec.jump_targets(config)


def to_graph(defn: WorkflowDefinition, *, steps: StepSpecs | None = None) -> nx.MultiDiGraph:
    """The definition as a multigraph keyed by port.

    Args:
        defn: the workflow.
        steps: step catalogue (default :data:`catalogue.STEPS`).

    Returns:
        Nodes ``"trigger"`` (``kind`` = the trigger kind or ``""``, ``name="Trigger"``)
        and every step id (``kind``, ``name``); an edge per connected port in port order
        (key and ``port`` = port name, ``label``, ``jump=False``), the trigger's
        ``next`` (port ``"next"``) and each Jump To target (port ``"jump"``, ``jump=True``).
    """
    specs = catalogue.STEPS if steps is None else steps
    graph = nx.MultiDiGraph()
    trigger = defn.trigger
    graph.add_node(TRIGGER_ID, kind=trigger.kind if trigger else "", name="Trigger")
    for step in defn.steps:
        graph.add_node(step.id, kind=step.kind, name=step.name)
    ids = set(defn.step_ids)
    if trigger is not None and trigger.next in ids:
        graph.add_edge(
            TRIGGER_ID, trigger.next, key=TRIGGER_PORT, port=TRIGGER_PORT, label="", jump=False
        )
    for step in defn.steps:
        for port, label, target in _exits(step, specs):
            if target in ids:
                graph.add_edge(step.id, target, key=port, port=port, label=label, jump=False)
        for target in _jump_targets(step, specs):
            if target in ids:
                graph.add_edge(
                    step.id, target, key=JUMP_PORT, port=JUMP_PORT, label="Jump", jump=True
                )
    return graph


def _next_successors(graph: nx.MultiDiGraph, node: str) -> list[str]:
    """Successors through port edges (not jumps), in port order, each once."""
    seen: dict[str, None] = {}
    for _, target, jump in graph.out_edges(node, data="jump"):
        if not jump:
            seen.setdefault(target)
    return list(seen)


def _in_definition_order(defn: WorkflowDefinition, ids: Iterable[str]) -> list[str]:
    wanted = set(ids)
    return list(dict.fromkeys(sid for sid in defn.step_ids if sid in wanted))


# ---------------------------------------------------------------------------
# Reachability and deletion


def unreachable_steps(defn: WorkflowDefinition, *, steps: StepSpecs | None = None) -> list[str]:
    """Steps no path from the trigger reaches (jumps count), in definition order.

    Every step is unreachable when the trigger has no ``next``.
    """
    graph = to_graph(defn, steps=steps)
    reached = nx.descendants(graph, TRIGGER_ID)
    return _in_definition_order(defn, (sid for sid in defn.step_ids if sid not in reached))


def descendants_to_delete(
    defn: WorkflowDefinition, step_id: str, *, steps: StepSpecs | None = None
) -> list[str]:
    """What deleting ``step_id`` deletes: the step and everything that stems only from it.

    "Stems from" follows ports (not Jump To targets, which point elsewhere in the
    workflow). A descendant survives when something that survives still leads to it —
    the trigger, another branch, a jump, or a disconnected fragment — so no remaining
    step is left pointing at a deleted one.

    Raises:
        KeyError: ``step_id`` is not a step of ``defn``.
    """
    if step_id not in defn.step_ids:
        raise KeyError(step_id)
    graph = to_graph(defn, steps=steps)
    stems: set[str] = set()
    queue = deque([step_id])
    while queue:
        for child in _next_successors(graph, queue.popleft()):
            if child not in stems and child != step_id:
                stems.add(child)
                queue.append(child)
    rest = graph.copy()
    rest.remove_node(step_id)
    alive = set(rest.nodes) - stems
    queue = deque(alive)
    while queue:
        for child in rest.successors(queue.popleft()):
            if child not in alive:
                alive.add(child)
                queue.append(child)
    return _in_definition_order(defn, {step_id} | (stems - alive))


# ---------------------------------------------------------------------------
# Layout


def _spanning_forest(
    defn: WorkflowDefinition, graph: nx.MultiDiGraph
) -> tuple[list[str], list[str], dict[str, list[str]], dict[str, str]]:
    """Breadth-first trees over port edges: main tree order, fragment order, children, parent.

    A step with several parents hangs under the one nearest the top. Fragments (steps the
    trigger does not reach) are rooted at steps nothing else in the fragment leads to.
    """
    children: dict[str, list[str]] = {node: [] for node in graph.nodes}
    parent: dict[str, str] = {}
    placed: set[str] = set()

    def grow(roots: list[str]) -> list[str]:
        order: list[str] = []
        for root in roots:
            if root in placed:
                continue
            placed.add(root)
            queue = deque([root])
            while queue:
                node = queue.popleft()
                order.append(node)
                for child in _next_successors(graph, node):
                    if child not in placed:
                        placed.add(child)
                        parent[child] = node
                        children[node].append(child)
                        queue.append(child)
        return order

    main = grow([TRIGGER_ID])
    rest = [sid for sid in dict.fromkeys(defn.step_ids) if sid not in placed]
    fed = {target for sid in rest for target in _next_successors(graph, sid) if target != sid}
    fragments = grow([sid for sid in rest if sid not in fed] + rest)
    return main, fragments, children, parent


def _tidy(order: list[str], children: dict[str, list[str]]) -> dict[str, float]:
    """Slot x of each node: leaves one slot apart, parents centred over their children."""
    width: dict[str, int] = {}
    for node in reversed(order):
        width[node] = sum(width[c] for c in children[node]) or 1
    left: dict[str, float] = {}
    slot = 0.0
    for node in order:
        if node not in left:  # a root
            left[node] = slot
            slot += width[node]
        offset = left[node]
        for child in children[node]:
            left[child] = offset
            offset += width[child]
    x: dict[str, float] = {}
    for node in reversed(order):
        kids = children[node]
        x[node] = (x[kids[0]] + x[kids[-1]]) / 2 if kids else left[node]
    return x


def layout(
    defn: WorkflowDefinition,
    *,
    x_gap: float = 300.0,
    y_gap: float = 180.0,
    steps: StepSpecs | None = None,
) -> dict[str, Point]:
    """Canvas positions for the trigger and every step (deterministic).

    A top-down tree: the trigger at ``(0, 0)``, each node's children left to right in
    port order one ``y_gap`` lower, parents centred above them, leaves ``x_gap`` apart.
    Steps the trigger does not reach form fragments whose roots stand in a row beneath
    the tree. A node with a position in ``defn.layout`` keeps it and its unplaced
    children follow it; an automatic position that would come closer than
    ``x_gap``/``y_gap`` to a placed node moves right until it is free.

    Args:
        defn: the workflow.
        x_gap: least horizontal distance between two nodes of one row.
        y_gap: distance between rows.
        steps: step catalogue (default :data:`catalogue.STEPS`).
    """
    graph = to_graph(defn, steps=steps)
    main, fragments, children, parent = _spanning_forest(defn, graph)
    slots = _tidy(main, children) | _tidy(fragments, children)
    depth: dict[str, int] = {}
    for node in main:
        depth[node] = depth[parent[node]] + 1 if node in parent else 0
    below = max(depth.values()) + 2
    for node in fragments:
        depth[node] = depth[parent[node]] + 1 if node in parent else below
    auto = {n: ((slots[n] - slots[TRIGGER_ID]) * x_gap, depth[n] * y_gap) for n in slots}

    final: dict[str, Point] = {
        node: (pos.x, pos.y) for node, pos in defn.layout.items() if node in auto
    }
    occupied = list(final.values())
    for node in main + fragments:
        if node in final:
            continue
        x, y = auto[node]
        if node in parent:  # follow the parent wherever it ended up
            px, py = final[parent[node]]
            ax, ay = auto[parent[node]]
            x, y = px + x - ax, py + y - ay
        while any(abs(x - ox) < x_gap and abs(y - oy) < y_gap for ox, oy in occupied):
            x += x_gap
        final[node] = (x, y)
        occupied.append((x, y))
    return {node: final[node] for node in graph.nodes}


# ---------------------------------------------------------------------------
# Loops


def _fired(step: Step, specs: StepSpecs) -> list[FiredEvent]:
    spec = specs.get(step.kind)
    config = _parse(spec, step.config)
    return [] if spec is None or config is None else spec.fires(config)


def _parsed_trigger(
    trigger: Trigger | None, specs: TriggerSpecs
) -> tuple[Trigger, TriggerSpec[Any], Any] | None:
    if trigger is None:
        return None
    spec = specs.get(trigger.kind)
    config = _parse(spec, trigger.config)
    return None if spec is None or config is None else (trigger, spec, config)


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
    cycles_graph = nx.DiGraph()
    cycles_graph.add_nodes_from(index[sid] for sid in ids if sid in moving)
    for sid in ids:
        if sid in moving:
            for target in _next_successors(graph, sid):
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
