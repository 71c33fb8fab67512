"""The Workflow Builder (/workflows/[id]): top bar, canvas with its assistive tools, and
the configuration drawer of the selected trigger or step.

A published workflow opens read-only (no drag, connect, add or delete; the drawer shows
without Apply) under a banner that says how to edit it.
"""

from __future__ import annotations

import reflex as rx

from wfstudio.ui import layout, routes, styles
from wfstudio.ui.components.canvas import workflow_canvas
from wfstudio.ui.components.drawer import drawer
from wfstudio.ui.components.feedback import error_callout
from wfstudio.ui.components.topbar import topbar
from wfstudio.ui.pages import workflows_settings
from wfstudio.ui.pages.builder_ai import ai_dialog
from wfstudio.ui.pages.builder_canvas import CanvasState
from wfstudio.ui.pages.builder_delete import DeleteState, delete_dialog
from wfstudio.ui.pages.builder_lifecycle import LifecycleState
from wfstudio.ui.pages.builder_picker import PickerState, step_picker, trigger_picker
from wfstudio.ui.pages.builder_rename import RenameState
from wfstudio.ui.pages.builder_state import BuilderState
from wfstudio.ui.pages.builder_versions import versions_dialog

ON_LOAD = [BuilderState.load, LifecycleState.clear, RenameState.cancel]


def _canvas() -> rx.Component:
    return workflow_canvas(
        doc_id=BuilderState.wf_id,
        nodes=BuilderState.nodes,
        edges=BuilderState.edges,
        selected_id=BuilderState.selected_id,
        read_only=BuilderState.read_only,
        dirty=BuilderState.dirty,
        can_undo=BuilderState.can_undo,
        can_redo=BuilderState.can_redo,
        can_paste=CanvasState.can_paste,
        focus=CanvasState.focus,
        on_node_select=BuilderState.select,
        on_pane_click=BuilderState.close_drawer,
        on_nodes_move=CanvasState.moved,
        on_port_connect=CanvasState.connect,
        on_port_disconnect=CanvasState.disconnect,
        on_port_add=PickerState.show_steps,
        on_trigger_choose=PickerState.show_triggers,
        on_step_delete=DeleteState.ask,
        on_undo=BuilderState.undo,
        on_redo=BuilderState.redo,
        on_step_copy=CanvasState.copy,
        on_step_paste=CanvasState.paste,
    )


def _drawer() -> rx.Component:
    """The configuration drawer of the selected node, mounted afresh for each selection
    (keyed by it), so choosing another node while it is open loads that node."""
    return rx.cond(
        BuilderState.selected_id != "",
        rx.fragment(drawer(), key=BuilderState.selected_id),
    )


def _read_only_banner() -> rx.Component:
    return rx.cond(
        BuilderState.read_only,
        rx.callout.root(
            rx.callout.icon(rx.icon("lock", size=16)),
            rx.callout.text("This workflow is published. Stop it to edit."),
            color_scheme="green",
            size="1",
            variant="surface",
            border_radius="0",
            data_testid="read-only-banner",
        ),
    )


def _refusal() -> rx.Component:
    return rx.cond(
        LifecycleState.error != "",
        rx.box(
            error_callout(LifecycleState.error, "builder-error"),
            rx.cond(
                LifecycleState.stale,
                rx.button(
                    rx.icon("refresh-cw", size=14),
                    "Reload",
                    size="1",
                    color_scheme="red",
                    variant="soft",
                    on_click=LifecycleState.reload,
                    margin_top="8px",
                    data_testid="builder-reload",
                ),
            ),
            padding="10px 16px 0",
        ),
    )


def _missing() -> rx.Component:
    return rx.center(
        rx.vstack(
            rx.text(BuilderState.missing, color=styles.MUTED, data_testid="builder-missing"),
            rx.link("Back to workflows", href=routes.WORKFLOWS, data_testid="back-to-workflows"),
            align="center",
        ),
        height="100%",
    )


def _builder() -> rx.Component:
    return rx.fragment(
        topbar(),
        _read_only_banner(),
        _refusal(),
        rx.hstack(
            rx.box(_canvas(), flex="1", min_width="0", height="100%"),
            _drawer(),
            spacing="0",
            align="stretch",
            width="100%",
            flex="1",
            min_height="0",
        ),
    )


def builder_page() -> rx.Component:
    return rx.hstack(
        layout.sidebar(routes.WORKFLOWS),
        rx.el.main(
            rx.cond(BuilderState.missing != "", _missing(), _builder()),
            display="flex",
            flex_direction="column",
            flex="1",
            min_width="0",
            height="100vh",
        ),
        step_picker(),
        trigger_picker(),
        delete_dialog(),
        versions_dialog(),
        ai_dialog(),
        workflows_settings.dialog(),
        spacing="0",
        align="start",
        width="100%",
        height="100vh",
        overflow="hidden",
    )
