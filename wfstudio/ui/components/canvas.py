"""The React Flow canvas of the builder, wrapped for Reflex.

The React side is ``assets/canvas/workflow_canvas.jsx`` (React Flow 12 with the
workflow's own node type, the assistive tools, the minimap and keyboard shortcuts).
This module wraps it as :class:`WorkflowCanvas` and hands it the lucide icons it needs:
those of every trigger and step kind in the catalogue, and the canvas's own.
"""

from __future__ import annotations

from typing import Annotated, Any

import reflex as rx
from reflex_base.event import EventHandler, no_args_event_spec, passthrough_event_spec
from reflex_base.utils.imports import ImportVar
from reflex_base.vars.base import Var, VarData

from wfstudio.domain.catalogue import STEPS, TRIGGERS

REACT_FLOW = "@xyflow/react@12.12.1"
CANVAS_ICONS = (
    "circle-help",
    "plus",
    "trash-2",
    "triangle-alert",
    "zoom-in",
    "zoom-out",
    "scan",
    "undo-2",
    "redo-2",
    "copy",
    "clipboard-paste",
)


def icon_map(names: list[str]) -> Var:
    """A JavaScript object ``{lucide name: icon component}`` with the imports it needs:
    the very imports ``rx.icon`` makes, so a page using both imports each icon once."""
    imports: dict[str, list[ImportVar]] = {}
    entries = []
    for name in sorted(set(names)):
        icon = rx.icon(name)
        found = icon.import_var
        imports.setdefault(str(icon.library), []).append(found)
        entries.append(f'"{name}": {found.alias or found.tag}')
    body = ", ".join(entries)
    return Var(_js_expr=f"({{{body}}})", _var_type=dict, _var_data=VarData(imports=imports))


def every_icon() -> list[str]:
    """The icons of the catalogue's kinds and of the canvas itself."""
    kinds = [spec.icon for spec in STEPS.values()] + [spec.icon for spec in TRIGGERS.values()]
    return [*kinds, *CANVAS_ICONS]


_ID = passthrough_event_spec(str)  # a node id
_PORT = passthrough_event_spec(str, str)  # source node id, port
_CONNECTION = passthrough_event_spec(str, str, str)  # source node id, port, target node id
_POSITIONS = passthrough_event_spec(list[dict[str, Any]])  # [{id, x, y}]


class WorkflowCanvas(rx.Component):
    """The workflow canvas (see ``assets/canvas/workflow_canvas.jsx``).

    Nodes and edges are React Flow's (``builder_view`` makes them); every change comes
    back through an event: ``on_node_select(id)``, ``on_pane_click()``,
    ``on_nodes_move([{id, x, y}])`` (the dragged node and its followers),
    ``on_port_connect(source, port, target)``, ``on_port_disconnect(source, port)``,
    ``on_port_add(source, port)`` (a "+"), ``on_trigger_choose()``,
    ``on_step_delete(id)``, ``on_undo()``, ``on_redo()``, ``on_step_copy(id)``,
    ``on_step_paste()``. A node whose data has ``testing`` is where the test contact is.
    """

    library = "$/public/canvas/workflow_canvas.jsx"
    tag = "WorkflowCanvas"
    lib_dependencies: list[str] = [REACT_FLOW]  # noqa: RUF012 (Reflex reads it as a field)

    doc_id: rx.Var[int]
    nodes: rx.Var[list[dict[str, Any]]]
    edges: rx.Var[list[dict[str, Any]]]
    selected_id: rx.Var[str]
    read_only: rx.Var[bool]
    preview: rx.Var[bool]  # the gallery: show only (no drag, selection, "+", minimap)
    dirty: rx.Var[bool]  # unsaved changes: leaving the page asks first
    can_undo: rx.Var[bool]
    can_redo: rx.Var[bool]
    can_paste: rx.Var[bool]
    focus: rx.Var[dict[str, Any]]
    icons: rx.Var[dict[str, Any]]

    on_node_select: Annotated[EventHandler, _ID]
    on_pane_click: Annotated[EventHandler, no_args_event_spec]
    on_nodes_move: Annotated[EventHandler, _POSITIONS]
    on_port_connect: Annotated[EventHandler, _CONNECTION]
    on_port_disconnect: Annotated[EventHandler, _PORT]
    on_port_add: Annotated[EventHandler, _PORT]
    on_trigger_choose: Annotated[EventHandler, no_args_event_spec]
    on_step_delete: Annotated[EventHandler, _ID]
    on_undo: Annotated[EventHandler, no_args_event_spec]
    on_redo: Annotated[EventHandler, no_args_event_spec]
    on_step_copy: Annotated[EventHandler, _ID]
    on_step_paste: Annotated[EventHandler, no_args_event_spec]


def workflow_canvas(**props: Any) -> rx.Component:
    """The canvas, with every icon the catalogue's kinds and the canvas itself use."""
    return WorkflowCanvas.create(icons=icon_map(every_icon()), **props)
