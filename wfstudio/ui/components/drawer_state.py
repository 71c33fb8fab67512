"""The drawer's state: an editable JSON copy of the selected step or trigger.

The copy is loaded when the selection changes (:meth:`DrawerState.load`) and re-synced
when the builder's definition changes under it (:meth:`DrawerState.sync`). Every edit
changes the copy by path, validates the builder's definition with the copy in place (the
issues shown under the fields), and hands the copy to the builder (``apply_step`` /
``apply_trigger``, in the same event) so the canvas summary and ⚠ follow at once.
"""

from __future__ import annotations

import copy
from typing import Any

import reflex as rx

from wfstudio.domain.catalogue import STEPS, TRIGGERS
from wfstudio.domain.definition import WorkflowDefinition
from wfstudio.domain.issues import TRIGGER_ID
from wfstudio.domain.refs import WorkspaceRefs
from wfstudio.domain.validation import validate
from wfstudio.services import webhooks, workspace
from wfstudio.services.errors import Refused
from wfstudio.ui import context
from wfstudio.ui.audience import Audience, may_send
from wfstudio.ui.components import drawer_docs as docs
from wfstudio.ui.components import drawer_edits as edits
from wfstudio.ui.components.drawer_forms import form_for, issue_slot
from wfstudio.ui.components.drawer_variables import issues_by_field, menus
from wfstudio.ui.events import event
from wfstudio.ui.pages import builder_edits
from wfstudio.ui.pages.builder_state import BuilderState


@may_send(Audience.MANAGERS)
class DrawerState(rx.State):
    """The copy being edited, its issues, and what the form's menus offer."""

    target: rx.Field[str] = rx.field("")  # "trigger", a step id, or "" before loading
    kind: rx.Field[str] = rx.field("")
    doc: rx.Field[dict[str, Any]] = rx.field(default_factory=dict)
    issues: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    general: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    durations: rx.Field[dict[str, dict[str, str]]] = rx.field(default_factory=dict)
    variables: rx.Field[list[dict[str, Any]]] = rx.field(default_factory=list)
    flow_variables: rx.Field[list[str]] = rx.field(default_factory=list)
    lists: rx.Field[dict[str, list[dict[str, str]]]] = rx.field(default_factory=dict)
    labels: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    field_types: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    webhook_url: rx.Field[str] = rx.field("")
    _refs: WorkspaceRefs | None = None
    _workflow_key: str = ""

    @event
    async def load(self):
        """A new selection: its copy, the menus' lists and the issues."""
        builder = await self.get_state(BuilderState)
        defn, target = builder.current_definition(), builder.selected_id
        try:
            engine, workspace_id = context.engine(), await context.signed_in_workspace_id(self)
            choices = workspace.workspace_choices(engine, workspace_id=workspace_id)
            self._refs = workspace.workspace_refs(engine, workspace_id=workspace_id)
            self._workflow_key = builder._key
        except Refused as refusal:
            return rx.toast.error(refusal.message)
        for name, value in menus(defn, target, choices).items():
            setattr(self, name, value)
        self.target, self.webhook_url = target, ""
        self._show(*docs.doc_of(defn, target))
        self._check(defn)
        return self._find_webhook_url(builder.wf_id)

    @event
    async def sync(self):
        """The builder's definition changed (undo, redo, canvas): reload the copy if the
        definition no longer holds it."""
        builder = await self.get_state(BuilderState)
        if builder.selected_id == self.target:
            defn = builder.current_definition()
            kind, doc = docs.doc_of(defn, self.target)
            if doc != self.doc:
                self._show(kind, doc)
            self._check(defn)

    @event
    async def set_field(self, path: str, value: Any):
        if self._is_trigger() and path == "kind":
            self._show(str(value), docs.trigger_doc_for(str(value), self.doc))
            builder = await self.get_state(BuilderState)
            if refused := self._find_webhook_url(builder.wf_id):
                return refused
        else:
            refs = self._refs or WorkspaceRefs.unknown()
            self.doc = edits.edit(self.doc, self._fields(), path, value, refs.field_type)
        return await self._commit()

    @event
    async def set_duration(self, path: str, amount: str, unit: str):
        self.durations = {**self.durations, path: {"amount": str(amount), "unit": unit}}
        self.doc = edits.set_at(self.doc, path, docs.seconds_of(str(amount), unit))
        return await self._commit()

    @event
    async def add_row(self, path: str):
        self.doc = edits.with_row_added(self.doc, self._fields(), path)
        return await self._commit()

    @event
    async def remove_row(self, path: str, index: int):
        count = len(edits.get_at(self.doc, path) or [])
        self.doc = edits.with_row_removed(self.doc, path, index)
        return await self._commit((path, edits.removal_order(count, index)))

    @event
    async def move_row(self, path: str, index: int, delta: int):
        """Row ``index`` of the list at ``path`` one place up (-1) or down (1)."""
        self.doc, order = edits.with_row_moved(self.doc, path, index, index + delta)
        return await self._commit((path, order))

    @event
    async def clone_row(self, path: str, index: int):
        """A copy of row ``index`` (e.g. a branch with its conditions) right after it."""
        self.doc, order = edits.with_row_cloned(self.doc, path, index)
        return await self._commit((path, order))

    @event
    async def toggle_item(self, path: str, key: str):
        if key and key != edits.NONE:
            self.doc = edits.set_at(
                self.doc, path, edits.toggled(edits.get_at(self.doc, path), key)
            )
        return await self._commit()

    @event
    async def insert_variable(self, path: str, variable: str):
        text = edits.appended_variable(edits.get_at(self.doc, path), variable)
        self.doc = edits.set_at(self.doc, path, text)
        return await self._commit()

    def _find_webhook_url(self, workflow_id: int) -> Any:
        """The Incoming Webhook trigger shows its URL (the secret is made on first ask)."""
        if self.kind != "incoming_webhook" or self.webhook_url or not workflow_id:
            return None
        try:
            path = webhooks.webhook_path(context.engine(), workflow_id=workflow_id)
        except Refused as refusal:
            return rx.toast.error(refusal.message)
        self.webhook_url = f"{self.router.url.origin}{path}"
        return None

    def _is_trigger(self) -> bool:
        return self.target == TRIGGER_ID

    def _fields(self) -> dict[str, Any]:
        spec = (TRIGGERS if self._is_trigger() else STEPS).get(self.kind)
        return edits.root_fields(spec, trigger=self._is_trigger()) if spec else {}

    def _show(self, kind: str, doc: dict[str, Any]) -> None:
        """Edit ``doc`` (a plain copy) of ``kind`` from now on."""
        self.kind, self.doc = kind, doc
        self.durations = docs.durations_of(doc, form_for(kind, trigger=self._is_trigger()))

    def _check(self, defn: WorkflowDefinition) -> None:
        """The issues of the copy, validated in place in ``defn``."""
        doc = copy.deepcopy(self.doc)  # plain JSON, not the state's proxy
        edited = docs.with_doc(defn, self.target, doc)
        kind, trigger = self.kind, self._is_trigger()
        self.issues, self.general = issues_by_field(
            validate(
                edited,
                (self._refs or WorkspaceRefs.unknown()).for_draft(self._workflow_key, edited),
            ),
            self.target,
            lambda path: issue_slot(path, kind, trigger=trigger),
        )

    async def _commit(self, reordered: tuple[str, edits.Order] | None = None) -> Any:
        """Check the copy and hand it to the builder (nothing changes when read-only).

        ``reordered``: the path of a list whose rows moved and their order, so a step's
        connections follow its branches or options (and Undo takes the move back alone).
        """
        builder = await self.get_state(BuilderState)
        if builder.read_only or builder.selected_id != self.target:
            return None
        self._check(builder.current_definition())
        doc = copy.deepcopy(self.doc)
        parts = reordered[0].split(".") if reordered else []
        if reordered and not self._is_trigger() and len(parts) == 2 and parts[0] == "config":
            changed = builder_edits.replace_step(
                builder.current_definition(),
                self.target,
                doc["name"],
                doc["config"],
                reordered=(parts[1], reordered[1]),
            )
            builder._commit(changed)
            return None
        if self._is_trigger():
            return BuilderState.apply_trigger.fn(
                builder, doc["kind"], doc["config"], doc["conditions"], doc["once_per_contact"]
            )
        return BuilderState.apply_step.fn(builder, self.target, doc["name"], doc["config"])
