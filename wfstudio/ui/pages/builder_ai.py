"""Show AI Instructions: for each AI Agent step, exactly the instructions the model will
read (:func:`wfstudio.domain.ai_instructions.build_instructions`, with the workspace's
field labels and types and its name, as the runtime calls it)."""

from __future__ import annotations

import dataclasses
from typing import Any, cast

import reflex as rx

from wfstudio.domain.ai_instructions import build_instructions
from wfstudio.domain.catalogue import STEPS
from wfstudio.domain.steps.ai_agent import AiAgentConfig
from wfstudio.services import workspace
from wfstudio.services.errors import Refused
from wfstudio.ui import context, styles
from wfstudio.ui.audience import Audience, may_send
from wfstudio.ui.events import event
from wfstudio.ui.pages.builder_state import BuilderState


@dataclasses.dataclass(frozen=True)
class AiInstructions:
    step: str = ""
    text: str = ""


@may_send(Audience.MANAGERS)
class AiState(rx.State):
    """The Show AI Instructions dialog."""

    open: rx.Field[bool] = rx.field(False)
    items: rx.Field[list[AiInstructions]] = rx.field(default_factory=list)

    @event
    async def show(self):
        builder = await self.get_state(BuilderState)
        engine = context.engine()
        try:
            workspace_id = await context.signed_in_workspace_id(self)
            name = workspace.get_workspace(engine, workspace_id=workspace_id).name
            fields = workspace.workspace_choices(engine, workspace_id=workspace_id).fields
        except Refused as refusal:
            return rx.toast.error(refusal.message)
        labels = {f.key: f.label for f in fields}
        types = cast(Any, {f.key: f.type for f in fields})
        spec = STEPS["ai_agent"]
        self.items = [
            AiInstructions(
                step.name,
                build_instructions(config, labels, name, field_types=types)
                if isinstance(config := spec.parse_or_none(step.config), AiAgentConfig)
                else "This step's configuration is not valid yet: fix it to see its instructions.",
            )
            for step in builder.current_definition().steps
            if step.kind == "ai_agent"
        ]
        self.open = True
        return None

    @event
    def set_open(self, value: bool):
        self.open = value


def _item(item: AiInstructions) -> rx.Component:
    return rx.vstack(
        rx.text(item.step, size="2", weight="bold"),
        rx.el.pre(
            item.text,
            style={
                "white_space": "pre-wrap",
                "font_family": "var(--code-font-family)",
                "font_size": "12px",
                "line_height": "1.5",
                "margin": "0",
                "padding": "12px",
                "width": "100%",
                "box_sizing": "border-box",
                "background": "var(--gray-a2)",
                "border": styles.BORDER,
                "border_radius": "var(--radius-3)",
            },
        ),
        spacing="1",
        width="100%",
        data_testid="ai-instructions",
    )


def ai_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("AI Instructions"),
            rx.dialog.description(
                "What each AI Agent step sends to the model when the workflow runs.",
                size="2",
                color=styles.MUTED,
            ),
            rx.scroll_area(
                rx.vstack(rx.foreach(AiState.items, _item), spacing="4", width="100%"),
                max_height="64vh",
                type="auto",
                scrollbars="vertical",
                margin_top="12px",
            ),
            rx.hstack(
                rx.dialog.close(rx.button("Close", variant="soft", color_scheme="gray")),
                justify="end",
                width="100%",
                margin_top="12px",
            ),
            max_width="760px",
        ),
        open=AiState.open,
        on_open_change=AiState.set_open,
    )
