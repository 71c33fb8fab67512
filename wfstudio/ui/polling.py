"""Live pages without push: a background task that refreshes a state about every
``POLL_SECONDS`` while its page is open.

The loop stops when the page says so (``on_unmount`` bumps the state's generation), when a
newer loop of the same state starts (a reload), when the browser tab's websocket is gone
(a closed tab never sends ``on_unmount``), and in any case after ``MAX_POLL_SECONDS``.
A state gets the loop as ``class S(LivePoll, rx.State)`` (``rx.State`` named too: without
it Reflex 0.10.1 turns neither the fields nor the handlers into vars and events) and writes
its ``_live_refresh``.
"""

from __future__ import annotations

import asyncio
from typing import Any

import reflex as rx
from reflex.utils import prerequisites

POLL_SECONDS = 0.7
MAX_POLL_SECONDS = 4 * 3600


def tab_connected(state: rx.State) -> bool:
    """Whether the browser tab of ``state`` still has its websocket."""
    try:
        namespace = prerequisites.get_and_validate_app().app.event_namespace
    except Exception:  # no app (e.g. a unit test): assume the tab is there
        return True
    if namespace is None:
        return True
    return state.router.session.client_token in namespace.token_to_sid


def max_ticks() -> int:
    return int(MAX_POLL_SECONDS / POLL_SECONDS)


class LivePoll(rx.State, mixin=True):
    """``poll`` (start it on load or mount) and ``stop`` (on unmount) for a live page."""

    _generation: int = 0

    async def _live_refresh(self) -> list[Any] | None:
        """One tick, under the state's lock: bring the state up to date.

        Returns the events to send (e.g. a scroll), or None to stop polling.
        """
        raise NotImplementedError

    @rx.event
    def stop(self):
        """on_unmount: the page went away."""
        self._generation += 1

    @rx.event(background=True)
    async def poll(self):
        async with self:
            self._generation += 1
            mine = self._generation
        for _ in range(max_ticks()):
            await asyncio.sleep(POLL_SECONDS)
            if not tab_connected(self):
                return
            async with self:
                if self._generation != mine:
                    return
                events = await self._live_refresh()
            if events is None:
                return
            for sent in events:
                yield sent
