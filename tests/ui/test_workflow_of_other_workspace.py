"""A workflow of another workspace is out of reach by its id: the builder does not open
it and the Workflows page's actions refuse it, changing nothing (the app's real states on
a real SQLite database; event arguments come from the browser, so an id can be crafted)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from reflex.istate.data import RouterData
from reflex.state import State
from sqlmodel import select

from tests.store import factories as f
from wfstudio.services import workflows
from wfstudio.services.errors import NotFound
from wfstudio.store.db import session_scope
from wfstudio.store.tables import Workflow
from wfstudio.ui import context
from wfstudio.ui.auth import AuthState
from wfstudio.ui.pages.builder_state import BuilderState
from wfstudio.ui.pages.workflows_actions import ActionsState
from wfstudio.ui.pages.workflows_edit import EditState
from wfstudio.ui.pages.workflows_settings import SettingsState
from wfstudio.ui.pages.workflows_stop import StopState


@pytest.fixture
def two(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, int]]:
    """Two workspaces with a published workflow each: ids by name."""
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'two.db'}")
    context.engine.cache_clear()
    with session_scope(context.engine()) as session:
        first, second = f.workspace(session, "First"), f.workspace(session, "Second")
        mine = f.workflow(session, first, "Mine", status="published")
        theirs = f.workflow(session, second, "Theirs", status="published")
        ids = {
            "first": first.id or 0,
            "second": second.id or 0,
            "mine": mine.id or 0,
            "theirs": theirs.id or 0,
        }
    yield ids
    context.engine.cache_clear()


def _as_owner_of(workspace_id: int, use: Any) -> Any:
    async def run() -> Any:
        root = State(_reflex_internal_init=True)  # type: ignore[call-arg]
        signed_in = await root.get_state(AuthState)
        signed_in._user_id, signed_in._role, signed_in._workspace_id = 1, "owner", workspace_id
        return await use(root)

    return asyncio.run(run())


def _open_in_builder(workspace_id: int, workflow_id: int) -> tuple[str, str]:
    async def use(root: State) -> tuple[str, str]:
        builder = await root.get_state(BuilderState)
        builder.router = RouterData.from_router_data(
            {"pathname": f"/workflows/{workflow_id}", "asPath": f"/workflows/{workflow_id}"}
        )
        await BuilderState.event_handlers["load"].fn(builder)
        return builder.name, builder.missing

    result: tuple[str, str] = _as_owner_of(workspace_id, use)
    return result


def _status(workflow_id: int) -> str:
    with session_scope(context.engine()) as session:
        row = session.get(Workflow, workflow_id)
        assert row is not None
        return row.status


def test_the_builder_opens_a_workflow_of_the_own_workspace_only(two: dict[str, int]) -> None:
    assert _open_in_builder(two["first"], two["mine"]) == ("Mine", "")
    name, missing = _open_in_builder(two["first"], two["theirs"])
    assert name == ""
    assert missing == "This workflow does not exist any more."
    assert _open_in_builder(two["second"], two["theirs"]) == ("Theirs", "")


@pytest.mark.parametrize(
    ("state", "handler", "args"),
    [
        (StopState, "ask", ("Theirs",)),
        (ActionsState, "export", ()),
        (ActionsState, "clone", ()),
        (ActionsState, "ask_delete", ("Theirs",)),
        (SettingsState, "show", ()),
        (EditState, "show", ("Theirs", "")),
    ],
)
def test_the_workflows_actions_refuse_a_workflow_of_another_workspace(
    two: dict[str, int], state: Any, handler: str, args: tuple[Any, ...]
) -> None:
    async def use(root: State) -> tuple[Any, bool]:
        target = await root.get_state(state)
        returned = await state.event_handlers[handler].fn(target, two["theirs"], *args)
        opened = bool(getattr(target, "open", False) or getattr(target, "delete_open", False))
        return returned, opened

    returned, opened = _as_owner_of(two["first"], use)
    assert "does not exist any more" in repr(returned)  # the refusal toast
    assert not opened
    assert _status(two["theirs"]) == "published"  # not stopped
    with session_scope(context.engine()) as session:
        names = sorted(session.exec(select(Workflow.name)).all())
    assert names == ["Mine", "Theirs"]  # nothing cloned


def test_the_service_check_names_the_workspace_mismatch_as_not_found(
    two: dict[str, int],
) -> None:
    engine = context.engine()
    workflows.require_in_workspace(engine, workflow_id=two["mine"], workspace_id=two["first"])
    with pytest.raises(NotFound, match="does not exist any more"):
        workflows.require_in_workspace(engine, workflow_id=two["theirs"], workspace_id=two["first"])
    with pytest.raises(NotFound):
        workflows.require_in_workspace(engine, workflow_id=999, workspace_id=two["first"])
