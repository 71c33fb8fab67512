"""The builder route (a placeholder until the real builder lands): name, status, way back."""

from __future__ import annotations

import reflex as rx

from wfstudio.services import workflows
from wfstudio.services.errors import Refused
from wfstudio.ui import context, layout, routes, styles
from wfstudio.ui.events import event
from wfstudio.ui.pages.workflows_table import status_badge
from wfstudio.ui.view_models import STATUS_LABELS


class BuilderState(rx.State):
    """The workflow the builder shows."""

    name: rx.Field[str] = rx.field("")
    description: rx.Field[str] = rx.field("")
    status: rx.Field[str] = rx.field("")
    status_label: rx.Field[str] = rx.field("")
    missing: rx.Field[str] = rx.field("")

    @event
    def load(self):
        raw = self.router.url.path.rstrip("/").rsplit("/", 1)[-1]
        try:
            view = workflows.get_workflow(context.engine(), workflow_id=int(raw))
        except (ValueError, Refused) as error:
            self.name, self.status = "Workflow not found", ""
            self.missing = error.message if isinstance(error, Refused) else "No such workflow."
            return
        self.name, self.description, self.status = view.name, view.description, view.status
        self.status_label, self.missing = STATUS_LABELS.get(view.status, view.status), ""


def _back() -> rx.Component:
    return rx.link(
        rx.hstack(rx.icon("arrow-left", size=14), "Back to workflows", align="center"),
        href=routes.WORKFLOWS,
        size="2",
        data_testid="back-to-workflows",
    )


def builder_page() -> rx.Component:
    return layout.shell(
        rx.vstack(
            rx.cond(
                BuilderState.missing != "",
                rx.text(BuilderState.missing, color=styles.MUTED, data_testid="builder-missing"),
                rx.hstack(
                    status_badge(BuilderState.status, BuilderState.status_label),
                    rx.text(BuilderState.description, size="2", color=styles.MUTED),
                    align="center",
                    data_testid="builder-status",
                ),
            ),
            rx.center(
                rx.text("The canvas comes here.", size="2", color=styles.MUTED),
                height="360px",
                width="100%",
                border="1px dashed var(--gray-a6)",
                border_radius="var(--radius-4)",
            ),
            spacing="4",
            width="100%",
        ),
        active=routes.WORKFLOWS,
        title=BuilderState.name,
        actions=_back(),
    )
