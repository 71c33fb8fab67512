"""Canvas positions: a tidy top-down tree from the trigger, fragments in a row beneath."""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING

from wfstudio.domain.definition import WorkflowDefinition
from wfstudio.domain.graph.build import StepSpecs, next_successors, to_graph
from wfstudio.domain.issues import TRIGGER_ID

if TYPE_CHECKING:
    import networkx as nx

Point = tuple[float, float]


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
                for child in next_successors(graph, node):
                    if child not in placed:
                        placed.add(child)
                        parent[child] = node
                        children[node].append(child)
                        queue.append(child)
        return order

    main = grow([TRIGGER_ID])
    rest = [sid for sid in dict.fromkeys(defn.step_ids) if sid not in placed]
    fed = {target for sid in rest for target in next_successors(graph, sid) if target != sid}
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
