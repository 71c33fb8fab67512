"""Signed-in pages show the signed-in user's workspace, not the default one (the app's
real states on a real SQLite database)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from reflex.state import State

from tests.store import factories as f
from wfstudio.store.db import session_scope
from wfstudio.ui import context
from wfstudio.ui.auth import AuthState
from wfstudio.ui.pages.workflows_listing import ListingState


@pytest.fixture
def workspaces(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[int, int]]:
    """Two workspaces (the first is the default), each with its own workflow."""
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'two.db'}")
    context.engine.cache_clear()
    with session_scope(context.engine()) as session:
        first, second = f.workspace(session, "First"), f.workspace(session, "Second")
        f.workflow(session, first, "Welcome of First")
        f.workflow(session, second, "Welcome of Second")
        ids = (first.id or 0, second.id or 0)
    yield ids
    context.engine.cache_clear()


def _listed(workspace_id: int) -> list[str]:
    async def run() -> list[str]:
        root = State(_reflex_internal_init=True)  # type: ignore[call-arg]
        signed_in = await root.get_state(AuthState)
        signed_in._user_id, signed_in._role, signed_in._workspace_id = 1, "owner", workspace_id
        listing = await root.get_state(ListingState)
        await listing._fetch()
        return [row.name for row in listing.rows]

    return asyncio.run(run())


def test_each_owner_lists_only_the_workflows_of_their_workspace(
    workspaces: tuple[int, int],
) -> None:
    first, second = workspaces
    assert context.workspace_id() == first  # the default workspace
    assert _listed(second) == ["Welcome of Second"]
    assert _listed(first) == ["Welcome of First"]
