"""The listing's state: the rows shown for the current search (every action refreshes it)."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import reflex as rx

from wfstudio.services import workflows, workspace
from wfstudio.services.errors import Refused
from wfstudio.ui import context
from wfstudio.ui.audience import Audience, may_send
from wfstudio.ui.events import event
from wfstudio.ui.view_models import WorkflowRow, workflow_row


@may_send(Audience.MANAGERS)
class ListingState(rx.State):
    """The rows the listing shows for the current search."""

    rows: rx.Field[list[WorkflowRow]] = rx.field(default_factory=list)
    search: rx.Field[str] = rx.field("")
    total: rx.Field[int] = rx.field(0)  # workflows in the workspace, whatever the search
    count_label: rx.Field[str] = rx.field("")
    loaded: rx.Field[bool] = rx.field(False)
    problem: rx.Field[str] = rx.field("")

    async def _fetch(self) -> None:
        engine, search = context.engine(), self.search.strip()
        try:
            workspace_id = await context.signed_in_workspace_id(self)
            zone = ZoneInfo(workspace.get_workspace(engine, workspace_id=workspace_id).timezone)
            every = workflows.list_workflows(engine, workspace_id=workspace_id)
            views = (
                workflows.list_workflows(engine, workspace_id=workspace_id, search=search)
                if search
                else every
            )
        except Refused as refusal:
            self.problem, self.rows, self.total, self.count_label = refusal.message, [], 0, ""
        else:
            now = datetime.now(UTC)
            self.problem, self.total = "", len(every)
            self.rows = [workflow_row(view, now, zone) for view in views]
            noun = "workflow" if self.total == 1 else "workflows"
            shown = f"{len(views)} of " if search else ""
            self.count_label = f"{shown}{self.total} {noun}"
        self.loaded = True

    @event
    async def load(self):
        """on_load: fresh rows for the search the page shows."""
        await self._fetch()

    @event
    async def refresh(self):
        """After an action changed a workflow."""
        await self._fetch()

    @event
    async def set_search(self, value: str):
        self.search = value
        await self._fetch()
