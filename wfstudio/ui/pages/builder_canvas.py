"""The canvas's own actions: drag, connect, disconnect, copy, paste and centring on a node.

Each handler edits the definition held by :class:`BuilderState` (which keeps the undo
snapshot and revalidates); a published workflow is read-only, so its edits are ignored.
"""

from __future__ import annotations

import itertools
from typing import Any

import reflex as rx

from wfstudio.ui.audience import Audience, may_send
from wfstudio.ui.events import event
from wfstudio.ui.pages import builder_edits as edits
from wfstudio.ui.pages.builder_state import BuilderState

_nonce = itertools.count(1)


@may_send(Audience.MANAGERS)
class CanvasState(rx.State):
    """What the canvas needs besides the document: where to centre, and the clipboard."""

    focus: rx.Field[dict[str, Any]] = rx.field(default_factory=lambda: {"id": "", "n": 0})
    can_paste: rx.Field[bool] = rx.field(False)
    _clipboard: str = ""  # the copied step as JSON

    def _centre_on(self, node_id: str) -> None:
        """Ask the canvas to centre on ``node_id`` (again, even when it was the last one)."""
        self.focus = {"id": node_id, "n": next(_nonce)}

    @event
    async def moved(self, positions: list[dict]):
        """A drag ended: the dragged node's and its followers' new positions."""
        builder = await self.get_state(BuilderState)
        placed = {str(p["id"]): (float(p["x"]), float(p["y"])) for p in positions}
        builder._commit(edits.move(builder.current_definition(), placed))

    @event
    async def connect(self, source: str, port: str, target: str):
        builder = await self.get_state(BuilderState)
        builder._commit(edits.connect(builder.current_definition(), source, port, target))

    @event
    async def disconnect(self, source: str, port: str):
        builder = await self.get_state(BuilderState)
        builder._commit(edits.disconnect(builder.current_definition(), source, port))

    @event
    async def copy(self, step_id: str):
        builder = await self.get_state(BuilderState)
        step = builder.current_definition().step(step_id)
        if step is None:
            return None
        self._clipboard, self.can_paste = step.model_dump_json(), True
        return rx.toast.info(f"Copied “{step.name}”. Paste it with Ctrl+V.", duration=2500)

    @event
    async def paste(self):
        builder = await self.get_state(BuilderState)
        if not self._clipboard or builder.read_only:
            return
        pasted, step_id = edits.paste(builder.current_definition(), self._clipboard)
        builder._commit(pasted)
        builder.selected_id = step_id
        self._centre_on(step_id)

    @event
    async def focus_on(self, node_id: str):
        """From the ⚠ list: centre the canvas on the node and open its drawer ("" is an
        error about the whole workflow: nothing to show)."""
        if not node_id:
            return
        builder = await self.get_state(BuilderState)
        builder.selected_id = node_id
        self._centre_on(node_id)
