"""The builder's document: the workflow opened, its draft definition (kept as JSON on the
backend), what the canvas and the ⚠ list show, the selection and undo/redo.

The configuration drawer (:mod:`wfstudio.ui.components.drawer`) codes against this
interface: the vars ``selected_id`` ("trigger", a step id, or "" when nothing is
selected), ``read_only`` and ``edits`` (bumped on every change of the definition, undo and
redo included); the handlers ``select``, ``close_drawer``, ``apply_step`` and
``apply_trigger``; and :meth:`BuilderState.current_definition` for other states' handlers.
The test chat marks where its test contact is with :meth:`BuilderState.show_test_position`.

Every edit goes through ``BuilderState._commit``: it keeps an undo snapshot, marks the
draft unsaved, revalidates (``domain.validation``) and derives nodes, edges and ⚠ rows.
"""

from __future__ import annotations

from typing import Any

import reflex as rx
from pydantic import ValidationError

from wfstudio.domain.definition import WorkflowDefinition
from wfstudio.domain.refs import WorkspaceRefs
from wfstudio.domain.validation import validate
from wfstudio.services import runs, workflows, workspace
from wfstudio.services.errors import Refused
from wfstudio.services.views import WorkflowView
from wfstudio.ui import context
from wfstudio.ui.audience import Audience, may_send
from wfstudio.ui.events import event
from wfstudio.ui.pages import builder_edits as edits
from wfstudio.ui.pages.builder_view import (
    IssueRow,
    canvas_edges,
    canvas_nodes,
    errors_by_step,
    with_test_position,
)
from wfstudio.ui.pages.builder_view import issue_rows as rows_of
from wfstudio.ui.view_models import STATUS_LABELS

MAX_UNDO = 50


@may_send(Audience.MANAGERS)
class BuilderState(rx.State):
    """The workflow the builder edits and everything derived from its draft."""

    wf_id: rx.Field[int] = rx.field(0)
    name: rx.Field[str] = rx.field("")
    description: rx.Field[str] = rx.field("")
    status: rx.Field[str] = rx.field("")
    status_label: rx.Field[str] = rx.field("")
    revision: rx.Field[int] = rx.field(0)
    missing: rx.Field[str] = rx.field("")
    selected_id: rx.Field[str] = rx.field("")
    read_only: rx.Field[bool] = rx.field(False)
    dirty: rx.Field[bool] = rx.field(False)
    edits: rx.Field[int] = rx.field(0)
    nodes: rx.Field[list[dict[str, Any]]] = rx.field(default_factory=list)
    edges: rx.Field[list[dict[str, Any]]] = rx.field(default_factory=list)
    issues: rx.Field[list[IssueRow]] = rx.field(default_factory=list)
    has_ai: rx.Field[bool] = rx.field(False)
    can_undo: rx.Field[bool] = rx.field(False)
    can_redo: rx.Field[bool] = rx.field(False)
    testing_step_id: rx.Field[str] = rx.field("")  # where the test contact is ("" none)
    _definition: str = ""  # the definition as JSON text (immutable: no proxy, cheap snapshots)
    _undo: rx.Field[list[str]] = rx.field(default_factory=list)
    _redo: rx.Field[list[str]] = rx.field(default_factory=list)
    _refs: WorkspaceRefs | None = None
    _names: rx.Field[dict[str, dict[str, str]]] = rx.field(default_factory=dict)  # summaries
    _key: str = ""
    _workspace_id: int = 0  # the workspace of the workflow opened (the signed-in user's)
    _counters: dict[str, tuple[int, int, int]] | None = None
    _run: str = ""  # what the last edit changed, when the drawer made it

    def current_definition(self) -> WorkflowDefinition:
        """The definition as the builder shows it now (saved or not)."""
        if not self._definition:
            return WorkflowDefinition(name=self.name or "Workflow")
        return WorkflowDefinition.model_validate_json(self._definition)

    def _show_workflow(self, view: WorkflowView) -> None:
        """The header fields of ``view`` (after load, save, publish, stop, rename)."""
        self.wf_id, self._key, self.revision = view.id, view.key, view.revision
        self.name, self.description, self.status = view.name, view.description, view.status
        self.status_label = STATUS_LABELS.get(view.status, view.status.title())
        self.read_only = view.status == "published"

    def _open_draft(self, view: WorkflowView, definition: WorkflowDefinition) -> None:
        """Show ``definition`` as the saved draft of ``view``: no undo history, nothing
        selected, fresh workspace references and counters."""
        self._show_workflow(view)
        engine = context.engine()
        workspace_id = self._workspace_id or context.workspace_id()
        self._refs = workspace.workspace_refs(engine, workspace_id=workspace_id)
        choices = workspace.workspace_choices(engine, workspace_id=workspace_id)
        self._names = {
            "user": {user.key: user.name for user in choices.users},
            "team": {team.key: team.name for team in choices.teams},
        }
        self._counters = None
        if view.status != "draft":  # a draft has never run
            counted = runs.step_counters(engine, workflow_id=view.id)
            self._counters = {s: (c.entered, c.waiting, c.exited) for s, c in counted.items()}
        self._undo, self._redo, self._run = [], [], ""
        self.selected_id, self.dirty, self.missing = "", False, ""
        self._show(definition)

    def _commit(self, definition: WorkflowDefinition, run: str = "") -> None:
        """An edit: keep an undo snapshot, then show ``definition`` (unsaved).

        Edits of one ``run`` in a row (the drawer applies every keystroke to the same
        step) share one snapshot, so Undo takes back the whole run at once.
        """
        text = definition.model_dump_json()
        if self.read_only or text == self._definition:
            return
        if not run or run != self._run or not self._undo:
            self._undo = [*self._undo[1 - MAX_UNDO :], self._definition]
        self._redo, self._run, self.dirty = [], run, True
        self._show(definition, text)

    def _show(self, definition: WorkflowDefinition, text: str = "") -> None:
        self._definition = text or definition.model_dump_json()
        refs = (self._refs or WorkspaceRefs.unknown()).for_draft(self._key, definition)
        issues = validate(definition, refs)
        nodes = canvas_nodes(definition, errors_by_step(issues), self._counters, self._names)
        self.nodes = with_test_position(nodes, self.testing_step_id)
        self.edges = canvas_edges(definition)
        self.issues = rows_of(definition, issues)
        self.has_ai = any(step.kind == "ai_agent" for step in definition.steps)
        ids = {"trigger", *definition.step_ids}
        self.selected_id = self.selected_id if self.selected_id in ids else ""
        self.can_undo, self.can_redo = bool(self._undo), bool(self._redo)
        self.edits += 1

    def show_test_position(self, step_id: str) -> None:
        """Highlight the node where the test contact is ("" clears it); for the test chat.

        Not an edit: no undo snapshot, the draft stays as saved or unsaved as it was. The
        mark survives every later re-render of the nodes until changed or cleared.
        """
        self.testing_step_id = step_id
        self.nodes = with_test_position(self.nodes, step_id)

    @event
    async def load(self):
        """on_load: the workflow of the URL and its draft (of the signed-in user's
        workspace only)."""
        raw = self.router.url.path.rstrip("/").rsplit("/", 1)[-1]
        try:
            workflow_id, workspace_id = int(raw), await context.signed_in_workspace_id(self)
            workflows.require_in_workspace(
                context.engine(), workflow_id=workflow_id, workspace_id=workspace_id
            )
            view, definition = workflows.get_draft(context.engine(), workflow_id=workflow_id)
            self._workspace_id = workspace_id
        except (ValueError, Refused) as error:
            self.name, self.status, self.nodes, self.edges, self.issues = "", "", [], [], []
            self.missing = error.message if isinstance(error, Refused) else "No such workflow."
            return
        if view.id != self.wf_id:
            self.testing_step_id = ""
        self._open_draft(view, definition)

    @event
    def select(self, node_id: str):
        self.selected_id = node_id

    @event
    def close_drawer(self):
        self.selected_id = ""

    @event
    def apply_step(self, step_id: str, name: str, config: dict):
        changed = edits.replace_step(self.current_definition(), step_id, name, config)
        self._commit(changed, run=f"step:{step_id}")

    @event
    def apply_trigger(self, kind: str, config: dict, conditions: dict, once_per_contact: bool):
        try:
            changed = edits.replace_trigger(
                self.current_definition(), kind, config, conditions, once_per_contact
            )
        except ValidationError:
            return rx.toast.error("These trigger conditions are incomplete.")
        self._commit(changed, run="trigger")
        return None

    @event
    def undo(self):
        if self._undo and not self.read_only:
            *rest, snapshot = self._undo
            self._undo, self._redo = list(rest), [*self._redo, self._definition]
            self._restore(snapshot)

    @event
    def redo(self):
        if self._redo and not self.read_only:
            *rest, snapshot = self._redo
            self._redo, self._undo = list(rest), [*self._undo, self._definition]
            self._restore(snapshot)

    def _restore(self, snapshot: str) -> None:
        self.dirty, self._run = True, ""
        self._show(WorkflowDefinition.model_validate_json(snapshot), snapshot)
