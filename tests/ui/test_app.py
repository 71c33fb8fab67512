"""The app registers its routes, and every state stays small (DESIGN.md §4–5)."""

from __future__ import annotations

import reflex as rx

from wfstudio.ui import routes
from wfstudio.wfstudio import app


def test_the_routes_are_registered() -> None:
    assert set(app._unevaluated_pages) >= {"index", "workflows", "workflows/[workflow_id]"}
    assert routes.builder(12) == "/workflows/12"
    assert routes.BUILDER == "/workflows/[workflow_id]"


def _states(cls: type[rx.State]) -> list[type[rx.State]]:
    found = []
    for sub in cls.get_substates():
        if sub.__module__.startswith("wfstudio."):
            found.append(sub)
        found.extend(_states(sub))
    return found


def test_every_state_is_small() -> None:
    states = _states(rx.State)
    assert states, "no wfstudio state found"
    for state in states:
        handlers = [name for name in state.event_handlers if name != "setvar"]
        assert len(handlers) <= 10, f"{state.__name__} has {len(handlers)} handlers"
