"""What every page works on: the database, the current workspace and the acting user.

Signed-in pages work on the signed-in user's workspace (:func:`signed_in_workspace_id`);
the public chat pages, with nobody signed in, on the default one (:func:`workspace_id`).
Changes are recorded under the signed-in user (:func:`actor_id`).
"""

from __future__ import annotations

from functools import cache

import reflex as rx

from wfstudio.services import workflows, workspace
from wfstudio.services.database import Engine, open_database
from wfstudio.services.errors import Refused


@cache
def engine() -> Engine:
    """One engine per backend process, migrated on first use."""
    return open_database()


def workspace_id() -> int:
    """The default workspace (public pages); refused when there is none yet."""
    found = workspace.default_workspace_id(engine())
    if found is None:
        raise Refused("There is no workspace yet: run `wfstudio demo` (or `make run`).")
    return found


async def actor_id(state: rx.State) -> int | None:
    """The user on whose behalf a page's change is made: the signed-in user of the tab of
    ``state`` (None when nobody is signed in; guarded pages let nobody in then)."""
    from wfstudio.ui.auth import AuthState  # ui.auth imports this module

    signed_in = await state.get_state(AuthState)
    return signed_in.user_id or None


async def signed_in_workspace_id(state: rx.State) -> int:
    """The workspace of the signed-in user of the tab of ``state`` (the default workspace
    when nobody is signed in: guarded pages let nobody in then)."""
    from wfstudio.ui.auth import AuthState  # ui.auth imports this module

    signed_in = await state.get_state(AuthState)
    return signed_in.workspace_id or workspace_id()


async def own_workflow(state: rx.State, workflow_id: int) -> int:
    """``workflow_id``, when that workflow belongs to the signed-in user's workspace; a
    workflow of another workspace is refused as if it did not exist (event arguments come
    from the browser, so a crafted id must not reach another workspace)."""
    workspace_id = await signed_in_workspace_id(state)
    workflows.require_in_workspace(engine(), workflow_id=workflow_id, workspace_id=workspace_id)
    return workflow_id
