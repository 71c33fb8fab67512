"""What every page works on: the database, the current workspace and the acting user.

Until sign-in lands (a later issue) the studio works on the default workspace, acting
as its first owner.
"""

from __future__ import annotations

from functools import cache

from wfstudio.services import workspace
from wfstudio.services.database import Engine, open_database
from wfstudio.services.errors import Refused


@cache
def engine() -> Engine:
    """One engine per backend process, migrated on first use."""
    return open_database()


def workspace_id() -> int:
    """The workspace the studio shows; refused when there is none yet."""
    found = workspace.default_workspace_id(engine())
    if found is None:
        raise Refused("There is no workspace yet: run `wfstudio demo` (or `make run`).")
    return found


def actor_id() -> int | None:
    """The user on whose behalf changes are made: the workspace's first owner until
    sign-in lands."""
    return workspace.acting_user_id(engine(), workspace_id=workspace_id())
