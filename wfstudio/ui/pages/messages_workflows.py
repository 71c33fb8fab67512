"""The Workflows icon's Ongoing Workflows tab: every published workflow, the ones the
contact is in with the step they are at, and Stop where the workflow allows it."""

from __future__ import annotations

import reflex as rx

from wfstudio.services import inbox_workflows
from wfstudio.services.errors import Refused
from wfstudio.ui import context, styles
from wfstudio.ui.audience import Audience, may_send
from wfstudio.ui.components.feedback import done_toast, error_callout, refused_toast
from wfstudio.ui.events import event
from wfstudio.ui.pages.messages_models import WorkflowItem


@may_send(Audience.SIGNED_IN)
class WorkflowsState(rx.State):
    items: rx.Field[list[WorkflowItem]] = rx.field(default_factory=list)
    problem: rx.Field[str] = rx.field("")

    @event
    async def stop(self, workflow_id: int):
        from wfstudio.ui.pages.messages_state import InboxState

        inbox = await self.get_state(InboxState)
        try:
            inbox_workflows.stop_for_contact(
                context.engine(),
                user_id=(await context.actor_id(self) or 0),
                contact_id=inbox.selected,
                workflow_id=workflow_id,
            )
        except Refused as refusal:
            await inbox.refresh()
            return refused_toast(refusal)
        await inbox.refresh()
        return done_toast("Workflow stopped for this contact")


def _item(item: WorkflowItem) -> rx.Component:
    return rx.hstack(
        rx.center(
            rx.icon("workflow", size=16),
            width="32px",
            height="32px",
            border_radius="var(--radius-2)",
            background=rx.cond(item.ongoing, "var(--green-a3)", "var(--gray-a3)"),
            color=rx.cond(item.ongoing, "var(--green-11)", "var(--gray-10)"),
            flex_shrink="0",
        ),
        rx.vstack(
            rx.text(item.name, size="2", weight="medium"),
            rx.cond(
                item.ongoing,
                rx.text(
                    rx.cond(item.step != "", "At “" + item.step + "”", "Running"),
                    " · since ",
                    item.since,
                    size="1",
                    color=styles.MUTED,
                ),
                rx.text("Not enrolled", size="1", color=styles.MUTED),
            ),
            spacing="0",
            flex="1",
            min_width="0",
        ),
        rx.cond(
            item.ongoing,
            rx.badge("Ongoing", color_scheme="green", variant="soft"),
        ),
        rx.cond(
            item.can_stop,
            rx.button(
                "Stop",
                size="1",
                color_scheme="red",
                variant="soft",
                on_click=WorkflowsState.stop(item.workflow_id),
                data_testid="stop-workflow",
            ),
        ),
        align="center",
        spacing="2",
        width="100%",
        padding="8px 0",
        border_bottom=styles.BORDER,
        data_testid="ongoing-workflow",
        data_ongoing=rx.cond(item.ongoing, "true", "false"),
    )


def ongoing_workflows() -> rx.Component:
    return rx.vstack(
        rx.text(
            "Every published workflow; the ones this contact is in are ongoing.",
            size="1",
            color=styles.MUTED,
        ),
        error_callout(WorkflowsState.problem, "ongoing-error"),
        rx.cond(
            WorkflowsState.items.length() > 0,
            rx.vstack(rx.foreach(WorkflowsState.items, _item), spacing="0", width="100%"),
            rx.text("No workflow is published yet.", size="2", color=styles.MUTED),
        ),
        spacing="2",
        width="100%",
        data_testid="ongoing-workflows",
    )
