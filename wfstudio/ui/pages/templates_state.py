"""The template gallery's state: the cards for the current search and category, the
template being previewed, and "Use Template"."""

from __future__ import annotations

import dataclasses
from typing import Any

import reflex as rx

from wfstudio.domain.catalogue import STEPS, TRIGGERS
from wfstudio.domain.issues import TRIGGER_ID
from wfstudio.services import templates
from wfstudio.services.errors import Refused
from wfstudio.ui import context, routes
from wfstudio.ui.audience import Audience, may_send
from wfstudio.ui.components.feedback import refused_toast
from wfstudio.ui.events import event
from wfstudio.ui.pages.builder_view import canvas_edges, canvas_nodes

ALL = "All"


@dataclasses.dataclass(frozen=True)
class TemplateCard:
    key: str = ""
    name: str = ""
    category: str = ""
    description: str = ""
    trigger: str = ""
    steps: list[str] = dataclasses.field(default_factory=list)  # step labels, each once
    step_count: int = 0
    step_label: str = ""  # "1 step", "5 steps"
    setup: str = ""  # what the user fills in after Use Template


def _card(view: templates.TemplateView) -> TemplateCard:
    trigger = TRIGGERS.get(view.trigger_kind)
    return TemplateCard(
        key=view.key,
        name=view.name,
        category=view.category,
        description=view.description,
        trigger=trigger.label if trigger is not None else view.trigger_kind,
        steps=[STEPS[kind].label for kind in view.step_kinds if kind in STEPS],
        step_count=view.step_count,
        step_label=f"{view.step_count} step{'' if view.step_count == 1 else 's'}",
        setup=", ".join(view.setup_steps),
    )


SETUP_NOTE = "To fill in after Use Template: choose it from your workspace."


def preview_graph(key: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The template as the builder's canvas shows it (nodes, edges); the steps that need
    workspace data after "Use Template" are red."""
    view, definition = templates.get_template(key)
    to_fill = set(view.setup_steps)
    errors = {step.id: [SETUP_NOTE] for step in definition.steps if step.name in to_fill}
    if "Trigger" in to_fill:
        errors[TRIGGER_ID] = [SETUP_NOTE]
    return canvas_nodes(definition, errors), canvas_edges(definition)


@may_send(Audience.MANAGERS)
class GalleryState(rx.State):
    """Cards filtered by search and category; one template open in the preview."""

    search: rx.Field[str] = rx.field("")
    category: rx.Field[str] = rx.field(ALL)
    categories: rx.Field[list[str]] = rx.field(default_factory=list)
    cards: rx.Field[list[TemplateCard]] = rx.field(default_factory=list)
    preview_key: rx.Field[str] = rx.field("")
    preview_name: rx.Field[str] = rx.field("")
    preview_nodes: rx.Field[list[dict[str, Any]]] = rx.field(default_factory=list)
    preview_edges: rx.Field[list[dict[str, Any]]] = rx.field(default_factory=list)
    preview_count: rx.Field[int] = rx.field(0)  # one more per preview: the canvas refits
    problem: rx.Field[str] = rx.field("")
    busy: rx.Field[bool] = rx.field(False)

    def _refresh(self) -> None:
        needle = self.search.strip().casefold()
        try:
            views = templates.list_templates()
            self.categories = [ALL, *templates.template_categories()]
        except Refused as refusal:
            self.problem, self.cards = refusal.message, []
            return
        self.problem = ""
        self.cards = [
            _card(view)
            for view in views
            if (self.category in (ALL, view.category))
            and (needle in view.name.casefold() or needle in view.description.casefold())
        ]

    @event
    def load(self) -> None:
        self._refresh()

    @event
    def set_search(self, value: str) -> None:
        self.search = value
        self._refresh()

    @event
    def set_category(self, value: str) -> None:
        self.category = value or ALL
        self._refresh()

    @event
    def clear_filters(self) -> None:
        """The empty state's way back: every template again."""
        self.search, self.category = "", ALL
        self._refresh()

    @event
    def open_preview(self, key: str, name: str) -> None:
        self.preview_key, self.preview_name = key, name
        self.preview_nodes, self.preview_edges = preview_graph(key)
        self.preview_count += 1

    @event
    def close_preview(self) -> None:
        self.preview_key, self.preview_nodes, self.preview_edges = "", [], []

    @event
    async def use(self, key: str):
        """Create a Draft from the template and open it in the builder."""
        self.busy = True
        try:
            engine, actor_id = context.engine(), await context.actor_id(self)
            view = templates.use_template(
                engine,
                workspace_id=await context.signed_in_workspace_id(self),
                actor_id=actor_id,
                key=key,
            )
        except Refused as refusal:
            self.busy = False
            return refused_toast(refusal)
        self.busy, self.preview_key = False, ""
        return rx.redirect(routes.builder(view.id))
