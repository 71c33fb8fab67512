"""The address of a workflow's incoming webhook (the Incoming Webhook trigger).

The URL is ``<origin>/api/webhooks/<secret>`` (served by ``wfstudio.api.routes``). The
secret is made the first time someone asks for it (the builder shows it while the draft
is edited, so the sender can be set up before publishing); publishing keeps it.
"""

from __future__ import annotations

from wfstudio.services.workflows import load, new_secret
from wfstudio.store.db import Engine, session_scope

WEBHOOK_PATH = "/api/webhooks/{secret}"


def webhook_path(engine: Engine, *, workflow_id: int) -> str:
    """``/api/webhooks/<secret>`` of the workflow, its secret made on the first call.

    Raises:
        NotFound: no such workflow.
    """
    with session_scope(engine) as session:
        workflow = load(session, workflow_id)
        if not workflow.webhook_secret:
            workflow.webhook_secret = new_secret()
            session.add(workflow)
            session.flush()
        return WEBHOOK_PATH.format(secret=workflow.webhook_secret)
