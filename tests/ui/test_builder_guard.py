"""The "Leave without saving?" question goes only to a path of this app, whatever the
browser sends as the link's target."""

from __future__ import annotations

import pytest

from wfstudio.ui.pages.builder_guard import LeaveState


def _ask(to: object) -> tuple[bool, str]:
    state = LeaveState(_reflex_internal_init=True)  # type: ignore[call-arg]
    LeaveState.event_handlers["ask"].fn(state, to)
    return state.open, state._to


def test_a_path_of_the_app_is_asked_about() -> None:
    assert _ask("/workflows?search=x") == (True, "/workflows?search=x")


@pytest.mark.parametrize(
    "to", ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:1", "", 3]
)
def test_anything_else_is_ignored(to: object) -> None:
    assert _ask(to) == (False, "")
