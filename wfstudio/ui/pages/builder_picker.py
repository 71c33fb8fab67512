"""The step picker (a port's "+") and the trigger picker ("Choose a trigger"): searchable
lists of the catalogue, grouped as the catalogue groups steps."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import reflex as rx

from wfstudio.domain.catalogue import STEPS, TRIGGERS
from wfstudio.domain.kinds import KindSpec
from wfstudio.ui import styles
from wfstudio.ui.audience import Audience, may_send
from wfstudio.ui.events import event
from wfstudio.ui.pages import builder_edits as edits
from wfstudio.ui.pages.builder_canvas import CanvasState
from wfstudio.ui.pages.builder_state import BuilderState

STEP_GROUPS = tuple(dict.fromkeys(spec.group for spec in STEPS.values()))


def _matching(specs: Mapping[str, KindSpec[Any]], search: str) -> list[str]:
    words = search.casefold().split()
    return [
        kind
        for kind, spec in specs.items()
        if all(
            word in f"{spec.label} {spec.description} {getattr(spec, 'group', '')}".casefold()
            for word in words
        )
    ]


@may_send(Audience.MANAGERS)
class PickerState(rx.State):
    """Which picker is open, what it searches for and where a chosen step goes."""

    mode: rx.Field[str] = rx.field("")  # "step", "trigger" or "" (closed)
    search: rx.Field[str] = rx.field("")
    _source: str = ""
    _port: str = ""

    @rx.var
    def matches(self) -> list[str]:
        return _matching(STEPS if self.mode == "step" else TRIGGERS, self.search)

    @rx.var
    def groups(self) -> list[str]:
        shown = {STEPS[kind].group for kind in self.matches if kind in STEPS}
        return [group for group in STEP_GROUPS if group in shown]

    @event
    def show_steps(self, source: str, port: str):
        self._source, self._port, self.search, self.mode = source, port, "", "step"

    @event
    def show_triggers(self):
        self.search, self.mode = "", "trigger"

    @event
    def set_open(self, value: bool):
        if not value:
            self.mode = ""

    @event
    def set_search(self, value: str):
        self.search = value

    @event
    async def choose(self, kind: str):
        """Add a step of ``kind`` behind the port (or make it the trigger) and open it."""
        builder = await self.get_state(BuilderState)
        definition = builder.current_definition()
        if self.mode == "trigger":
            node_id = "trigger"
            builder._commit(edits.set_trigger(definition, kind))
        else:
            changed, node_id = edits.add_step(definition, self._source, self._port, kind)
            builder._commit(changed)
        self.mode = ""
        if not builder.read_only:
            builder.selected_id = node_id
            (await self.get_state(CanvasState))._centre_on(node_id)


def _item(kind: str, spec: KindSpec[Any]) -> rx.Component:
    return rx.cond(
        PickerState.matches.contains(kind),
        rx.el.button(
            rx.hstack(
                rx.center(
                    rx.icon(spec.icon, size=18),
                    width="36px",
                    height="36px",
                    flex_shrink="0",
                    border_radius="var(--radius-3)",
                    background="var(--accent-a3)",
                    color="var(--accent-11)",
                ),
                rx.vstack(
                    rx.text(spec.label, size="2", weight="medium"),
                    rx.text(spec.description, size="1", color=styles.MUTED),
                    spacing="0",
                    align="start",
                ),
                spacing="3",
                align="center",
            ),
            on_click=PickerState.choose(kind),
            type="button",
            data_testid=f"pick-{kind}",
            aria_label=spec.label,
            width="100%",
            text_align="left",
            padding="8px 10px",
            border_radius="var(--radius-3)",
            background="transparent",
            border="none",
            cursor="pointer",
            color="var(--gray-12)",
            _hover={"background": "var(--accent-a3)"},
            _focus_visible={"outline": "2px solid var(--accent-8)"},
        ),
    )


def _search_box(placeholder: str) -> rx.Component:
    return rx.input(
        rx.input.slot(rx.icon("search", size=16)),
        placeholder=placeholder,
        value=PickerState.search,
        on_change=PickerState.set_search,
        aria_label=placeholder,
        auto_focus=True,
        width="100%",
        data_testid="picker-search",
    )


def _no_match() -> rx.Component:
    return rx.cond(
        PickerState.matches.length() == 0,
        rx.text("Nothing matches your search.", size="2", color=styles.MUTED, padding="8px"),
    )


def _dialog(mode: str, title: str, description: str, *content: rx.Component) -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(title),
            rx.dialog.description(description, size="2", color=styles.MUTED),
            rx.vstack(
                _search_box(f"Search {mode}s"),
                rx.scroll_area(
                    rx.vstack(*content, _no_match(), spacing="1", width="100%"),
                    max_height="56vh",
                    type="auto",
                    scrollbars="vertical",
                ),
                spacing="3",
                margin_top="12px",
            ),
            max_width="520px",
            data_testid=f"{mode}-picker",
        ),
        open=PickerState.mode == mode,
        on_open_change=PickerState.set_open,
    )


def _group(group: str) -> rx.Component:
    return rx.cond(
        PickerState.groups.contains(group),
        rx.vstack(
            rx.text(group, size="1", weight="bold", color=styles.MUTED, padding="8px 10px 2px"),
            *[_item(kind, spec) for kind, spec in STEPS.items() if spec.group == group],
            spacing="1",
            width="100%",
        ),
    )


def step_picker() -> rx.Component:
    return _dialog(
        "step",
        "Add a step",
        "Choose what happens next.",
        *[_group(group) for group in STEP_GROUPS],
    )


def trigger_picker() -> rx.Component:
    return _dialog(
        "trigger",
        "Choose a trigger",
        "A contact enters the workflow when this happens.",
        *[_item(kind, spec) for kind, spec in TRIGGERS.items()],
    )
