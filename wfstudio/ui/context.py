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
    """The user on whose behalf a page's change is made: the sender of the event ``state``
    is handling (None when nobody is signed in; guarded states let nobody in then)."""
    from wfstudio.ui.auth import sender  # ui.auth imports this module

    found = await sender(state)
    return found.user_id if found else None


async def signed_in_workspace_id(state: rx.State) -> int:
    """The workspace of the sender of the event ``state`` is handling.

    Raises:
        Refused: nobody is signed in (guarded states let nobody in then; this is the
            second lock, never the default workspace).
    """
    from wfstudio.ui.auth import sender  # ui.auth imports this module

    found = await sender(state)
    if found is None:
        raise Refused("Sign in first.")
    return found.workspace_id


async def own_workflow(state: rx.State, workflow_id: int) -> int:
    """``workflow_id``, when that workflow belongs to the signed-in user's workspace; a
    workflow of another workspace is refused as if it did not exist (event arguments come
    from the browser, so a crafted id must not reach another workspace)."""
    workspace_id = await signed_in_workspace_id(state)
    workflows.require_in_workspace(engine(), workflow_id=workflow_id, workspace_id=workspace_id)
    return workflow_id
