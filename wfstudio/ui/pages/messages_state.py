"""The Messages page's main state: who looks, the conversation list, the open contact, and
the poll that keeps both live.

Live updates: while the page is shown, a background task asks the inbox service for a
cheap fingerprint of the workspace about once a second and reloads only when it changed.
It stops when the page unmounts, when the browser tab is gone, when a newer poll of the
same tab replaced it, or after a few hours (:mod:`wfstudio.ui.polling`).
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import reflex as rx

from wfstudio.services import inbox_list
from wfstudio.services.errors import Refused
from wfstudio.ui import context
from wfstudio.ui.audience import Audience, may_send
from wfstudio.ui.auth import sender
from wfstudio.ui.events import event
from wfstudio.ui.pages.messages_models import Row, row
from wfstudio.ui.polling import LivePoll


async def acting_user_id(state: rx.State) -> int:
    """The signed-in user of this tab (the page guard lets nobody else in)."""
    return await context.actor_id(state) or 0


def zone_of(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (KeyError, ValueError):
        return ZoneInfo("UTC")


@may_send(Audience.SIGNED_IN)
class InboxState(LivePoll, rx.State):
    """The list (box and status), the selected contact and the viewer's permissions."""

    box: rx.Field[str] = rx.field("all")
    status: rx.Field[str] = rx.field("open")
    rows: rx.Field[list[Row]] = rx.field(default_factory=list)
    selected: rx.Field[int] = rx.field(0)
    sees_workflows: rx.Field[bool] = rx.field(False)
    viewer_name: rx.Field[str] = rx.field("")
    loaded: rx.Field[bool] = rx.field(False)
    problem: rx.Field[str] = rx.field("")
    _user_id: int = 0
    _workspace_id: int = 0
    _timezone: str = "UTC"
    _fingerprint: str = ""

    def _fetch_rows(self) -> None:
        engine, zone, now = context.engine(), zone_of(self._timezone), datetime.now(UTC)
        items = inbox_list.list_conversations(
            engine, user_id=self._user_id, box=self.box, status=self.status
        )
        self.rows = [row(item, now, zone) for item in items]

    async def _reload(self) -> None:
        """The list and, when a contact is open, its thread, panel and workflows."""
        from wfstudio.ui.pages.messages_open import reload_open_contact

        if not await self._know_viewer():
            return
        try:
            self._fetch_rows()
            self.problem = ""
        except Refused as refusal:
            self.problem, self.rows = refusal.message, []
        if self.selected:
            await reload_open_contact(self)

    async def refresh(self) -> None:
        """After an action: take the new fingerprint and reload (the poll then stays calm)."""
        self._fingerprint = inbox_list.inbox_fingerprint(
            context.engine(), workspace_id=self._workspace_id
        )
        await self._reload()

    async def _know_viewer(self) -> bool:
        """The viewer is the sender of this event (a tab can change hands: sign out, sign
        in as someone else); their workspace and permissions follow. False: none."""
        user_id = await acting_user_id(self)
        if user_id == self._user_id and user_id:
            return True
        self._user_id, self._workspace_id, self.rows = user_id, 0, []
        try:
            viewer = inbox_list.inbox_viewer(context.engine(), user_id=user_id)
        except Refused as refusal:
            self.problem = refusal.message
            return False
        self._workspace_id, self._timezone = viewer.workspace_id, viewer.timezone
        self.sees_workflows, self.viewer_name = viewer.sees_workflows_icon, viewer.name
        return True

    @event
    async def load(self):
        """on_load: who looks, then the list; the poll starts when the page mounts."""
        self._user_id = 0
        if not await self._know_viewer():
            self.loaded = True
            return
        self._fingerprint = inbox_list.inbox_fingerprint(
            context.engine(), workspace_id=self._workspace_id
        )
        await self._reload()
        self.loaded = True

    @event
    async def set_box(self, box: str | list[str]):
        self.box = box if isinstance(box, str) else "all"
        await self._reload()

    @event
    async def set_status(self, status: str):
        self.status = status
        await self._reload()

    @event
    async def select(self, contact_id: int):
        self.selected = contact_id
        await self._reload()

    async def _live_refresh(self):
        """Reload when the workspace's fingerprint changes (see the module docstring)."""
        found = await sender(self)  # as of this tab's last event (a poll is no event)
        if found is None or found.user_id != self._user_id:
            return None  # signed out (maybe in another tab): show nothing new
        if not self._workspace_id:
            return None
        latest = inbox_list.inbox_fingerprint(context.engine(), workspace_id=self._workspace_id)
        if latest != self._fingerprint:
            self._fingerprint = latest
            await self._reload()
        return []
