"""The version history of a workflow, and restoring a version into the draft (Draft or
Stopped only; the unsaved changes on the canvas are replaced)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import reflex as rx

from wfstudio.services import workflows
from wfstudio.services.errors import Refused
from wfstudio.ui import context, styles
from wfstudio.ui.audience import Audience, may_send
from wfstudio.ui.components.feedback import done_toast, error_callout
from wfstudio.ui.events import event
from wfstudio.ui.pages.builder_state import BuilderState
from wfstudio.ui.view_models import human_date


@dataclasses.dataclass(frozen=True)
class VersionRow:
    number: int = 0
    published_by: str = ""
    published: str = ""
    current: bool = False


@may_send(Audience.MANAGERS)
class VersionsState(rx.State):
    """The version history dialog."""

    open: rx.Field[bool] = rx.field(False)
    rows: rx.Field[list[VersionRow]] = rx.field(default_factory=list)
    error: rx.Field[str] = rx.field("")

    @event
    async def show(self):
        builder = await self.get_state(BuilderState)
        engine = context.engine()
        try:
            current = workflows.get_workflow(engine, workflow_id=builder.wf_id).current_version
            versions = workflows.list_versions(engine, workflow_id=builder.wf_id)
        except Refused as refusal:
            return rx.toast.error(refusal.message)
        now = datetime.now(UTC)
        self.rows = [
            VersionRow(
                v.number,
                v.published_by or "—",
                human_date(v.published_at, now),
                v.number == current,
            )
            for v in versions
        ]
        self.error, self.open = "", True
        return None

    @event
    def set_open(self, value: bool):
        self.open = value

    @event
    async def restore(self, number: int):
        builder = await self.get_state(BuilderState)
        engine = context.engine()
        try:
            workflows.restore_version(engine, workflow_id=builder.wf_id, number=number)
            view, definition = workflows.get_draft(engine, workflow_id=builder.wf_id)
        except Refused as refusal:
            self.error = refusal.message
            return None
        builder._open_draft(view, definition)
        self.open = False
        return done_toast(f"Version {number} is now the draft.")


def _row(row: VersionRow) -> rx.Component:
    return rx.hstack(
        rx.vstack(
            rx.hstack(
                rx.text("Version ", row.number, size="2", weight="medium"),
                rx.cond(row.current, rx.badge("Current", color_scheme="green", variant="soft")),
                align="center",
                spacing="2",
            ),
            rx.text(row.published, " · ", row.published_by, size="1", color=styles.MUTED),
            spacing="0",
        ),
        rx.spacer(),
        rx.cond(
            BuilderState.read_only,
            rx.fragment(),
            rx.button(
                rx.icon("history", size=14),
                "Restore",
                size="1",
                variant="soft",
                on_click=VersionsState.restore(row.number),
                aria_label=f"Restore version {row.number}",
                data_testid="version-restore",
            ),
        ),
        align="center",
        width="100%",
        padding_y="8px",
        border_bottom=styles.BORDER,
        data_testid="version-row",
    )


def versions_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Version history"),
            rx.dialog.description(
                rx.cond(
                    BuilderState.read_only,
                    "Every published version of this workflow. Stop the workflow to restore one.",
                    "Every published version of this workflow. Restoring one replaces the "
                    "draft, and any unsaved changes, with it.",
                ),
                size="2",
                color=styles.MUTED,
            ),
            rx.vstack(
                rx.cond(
                    VersionsState.rows.length() > 0,
                    rx.vstack(rx.foreach(VersionsState.rows, _row), spacing="0", width="100%"),
                    rx.text("Not published yet.", size="2", color=styles.MUTED),
                ),
                error_callout(VersionsState.error, "versions-error"),
                rx.hstack(
                    rx.dialog.close(rx.button("Close", variant="soft", color_scheme="gray")),
                    justify="end",
                    width="100%",
                ),
                spacing="3",
                margin_top="12px",
            ),
            max_width="480px",
        ),
        open=VersionsState.open,
        on_open_change=VersionsState.set_open,
    )
