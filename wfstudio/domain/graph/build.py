"""The definition as a networkx multigraph, and what it says about reachability and deletion."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from wfstudio.domain import catalogue
from wfstudio.domain.definition import Step, WorkflowDefinition
from wfstudio.domain.issues import TRIGGER_ID
from wfstudio.domain.kinds import StepSpec, TriggerSpec

if TYPE_CHECKING:  # networkx costs ~0.13 s to import: only when a graph is built
    import networkx as nx

StepSpecs = Mapping[str, StepSpec[Any]]
TriggerSpecs = Mapping[str, TriggerSpec[Any]]

JUMP_PORT = "jump"
TRIGGER_PORT = "next"


def typed_step(step: Step, specs: StepSpecs) -> tuple[StepSpec[Any], Any] | None:
    """The step's spec and typed config, or None when the kind is unknown or the config
    does not parse."""
    spec = specs.get(step.kind)
    if spec is None:
        return None
    config = spec.parse_or_none(step.config)
    return None if config is None else (spec, config)


def _exits(step: Step, specs: StepSpecs) -> list[tuple[str, str, str]]:
    """``(port, label, target)`` of the connected ports: the kind's port order, then the rest."""
    typed = typed_step(step, specs)
    ordered: list[tuple[str, str, str]] = []
    if typed is not None:
        spec, config = typed
        ordered = [
            (p.name, p.label, step.next[p.name]) for p in spec.ports(config) if p.name in step.next
        ]
    known = {port for port, _, _ in ordered}
    ordered += [(port, port, target) for port, target in step.next.items() if port not in known]
    return ordered


def _jump_targets(step: Step, specs: StepSpecs) -> list[str]:
    typed = typed_step(step, specs)
    return [] if typed is None else typed[0].jump_targets(typed[1])


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
    import networkx as nx

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


def next_successors(graph: nx.MultiDiGraph, node: str) -> list[str]:
    """Successors through port edges (not jumps), in port order, each once."""
    seen: dict[str, None] = {}
    for _, target, jump in graph.out_edges(node, data="jump"):
        if not jump:
            seen.setdefault(target)
    return list(seen)


def _in_definition_order(defn: WorkflowDefinition, ids: Iterable[str]) -> list[str]:
    wanted = set(ids)
    return list(dict.fromkeys(sid for sid in defn.step_ids if sid in wanted))


def unreachable_steps(defn: WorkflowDefinition, *, steps: StepSpecs | None = None) -> list[str]:
    """Steps no path from the trigger reaches (jumps count), in definition order.

    Every step is unreachable when the trigger has no ``next``.
    """
    graph = to_graph(defn, steps=steps)
    import networkx as nx

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
        for child in next_successors(graph, queue.popleft()):
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
