"""What the UI checks before it asks for a confirmation: a refusal comes at once, not
after the person has confirmed, and Stop's confirmation says how many contacts leave.

The services that act (:func:`wfstudio.services.workflows.delete_workflow`,
:func:`~wfstudio.services.workflows.stop_workflow`) check the same again in their own
transaction: the state may change between the question and the answer.
"""

from __future__ import annotations

from wfstudio.services.errors import Refused
from wfstudio.services.workflows import DELETE_PUBLISHED, STOP_NOT_PUBLISHED, load
from wfstudio.store import repo
from wfstudio.store.db import Engine, session_scope


def require_deletable(engine: Engine, *, workflow_id: int) -> None:
    """Refuses a workflow Delete would refuse: a Published one."""
    with session_scope(engine) as session:
        if load(session, workflow_id).status == "published":
            raise Refused(DELETE_PUBLISHED)


def contacts_in(engine: Engine, *, workflow_id: int) -> int:
    """How many contacts a Stop would eject now; refuses a workflow that is not published."""
    with session_scope(engine) as session:
        if load(session, workflow_id).status != "published":
            raise Refused(STOP_NOT_PUBLISHED)
        return len(repo.active_enrollments(session=session, workflow_id=workflow_id))
