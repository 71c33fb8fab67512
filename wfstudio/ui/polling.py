"""Live pages without push: a background task that refreshes a state about every
``POLL_SECONDS`` while its page is open.

The loop stops when the page says so (``on_unmount`` bumps the state's generation), when a
newer loop of the same state starts (a reload), when the browser tab's websocket is gone
(a closed tab never sends ``on_unmount``), and in any case after ``MAX_POLL_SECONDS``.
"""

from __future__ import annotations

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
