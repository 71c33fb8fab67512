"""The workflow as a graph: canvas layout, reachability, deletion and loop detection (SPEC §5).

This is the only package that imports networkx. Nodes are ``"trigger"`` and the step ids;
edges follow the ``next`` port maps (``port`` = the port name) and Jump To targets
(``port="jump"``, ``jump=True``). Targets that name no step are skipped: validation
reports them. Configs are parsed through the catalogue; a step of an unknown kind or with
a config that does not parse contributes its ``next`` edges but no port labels, jump
targets or fired events (validation reports those too).

Modules: :mod:`.build` makes the graph and answers reachability and deletion;
:mod:`.canvas_layout` places the nodes on the canvas; :mod:`.loops` finds loops inside
and across workflows.
"""

from __future__ import annotations

from wfstudio.domain.graph.build import (
    JUMP_PORT,
    TRIGGER_PORT,
    StepSpecs,
    TriggerSpecs,
    descendants_to_delete,
    to_graph,
    unreachable_steps,
)
from wfstudio.domain.graph.canvas_layout import Point, layout
from wfstudio.domain.graph.loops import MAX_CYCLES, loops_across, loops_inside

__all__ = [
    "JUMP_PORT",
    "MAX_CYCLES",
    "TRIGGER_PORT",
    "Point",
    "StepSpecs",
    "TriggerSpecs",
    "descendants_to_delete",
    "layout",
    "loops_across",
    "loops_inside",
    "to_graph",
    "unreachable_steps",
]
