"""The template gallery's state: the cards for the current search and category, the
template being previewed, and "Use Template"."""

from __future__ import annotations

import dataclasses

import reflex as rx

from wfstudio.domain.catalogue import STEPS, TRIGGERS
from wfstudio.services import templates
from wfstudio.services.errors import Refused
from wfstudio.ui import context, routes
from wfstudio.ui.components.feedback import refused_toast
from wfstudio.ui.events import event

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


@dataclasses.dataclass(frozen=True)
class PreviewLine:
    """One node of the read-only outline: the trigger or a step, with where it leads."""

    icon: str = ""
    label: str = ""
    name: str = ""
    summary: str = ""
    exits: str = ""
    needs_setup: bool = False


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


def preview_lines(key: str) -> list[PreviewLine]:
    """The template as an outline: trigger first, then each step with its exits."""
    view, definition = templates.get_template(key)
    names = {step.id: step.name for step in definition.steps}
    lines = []
    if definition.trigger is not None and definition.trigger.kind in TRIGGERS:
        spec = TRIGGERS[definition.trigger.kind]
        config = spec.parse_or_none(definition.trigger.config)
        first = names.get(definition.trigger.next or "", "")
        lines.append(
            PreviewLine(
                icon=spec.icon,
                label="Trigger",
                name=spec.label,
                summary=spec.summary(config) if config is not None else "",
                exits=f"→ {first}" if first else "",
                needs_setup="Trigger" in view.setup_steps,
            )
        )
    for step in definition.steps:
        step_spec = STEPS[step.kind]
        config = step_spec.parse_or_none(step.config)
        labels = {p.name: p.label for p in step_spec.ports(config)} if config is not None else {}
        exits = "  ·  ".join(
            f"{labels.get(port, port)} → {names.get(target, target)}"
            for port, target in step.next.items()
        )
        lines.append(
            PreviewLine(
                icon=step_spec.icon,
                label=step_spec.label,
                name=step.name,
                summary=step_spec.summary(config) if config is not None else "",
                exits=exits,
                needs_setup=step.name in view.setup_steps,
            )
        )
    return lines


class GalleryState(rx.State):
    """Cards filtered by search and category; one template open in the preview."""

    search: rx.Field[str] = rx.field("")
    category: rx.Field[str] = rx.field(ALL)
    categories: rx.Field[list[str]] = rx.field(default_factory=list)
    cards: rx.Field[list[TemplateCard]] = rx.field(default_factory=list)
    preview_key: rx.Field[str] = rx.field("")
    preview_name: rx.Field[str] = rx.field("")
    preview: rx.Field[list[PreviewLine]] = rx.field(default_factory=list)
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
    def open_preview(self, key: str, name: str) -> None:
        self.preview_key, self.preview_name = key, name
        self.preview = preview_lines(key)

    @event
    def close_preview(self) -> None:
        self.preview_key, self.preview = "", []

    @event
    async def use(self, key: str):
        """Create a Draft from the template and open it in the builder."""
        self.busy = True
        try:
            engine, actor_id = context.engine(), await context.actor_id(self)
            view = templates.use_template(
                engine, workspace_id=context.workspace_id(), actor_id=actor_id, key=key
            )
        except Refused as refusal:
            self.busy = False
            return refused_toast(refusal)
        self.busy, self.preview_key = False, ""
        return rx.redirect(routes.builder(view.id))
