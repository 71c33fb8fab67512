"""The incoming-webhook URL's secret: made on first ask, stable, unique, kept by publish."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from tests.services.conftest import NOW, SeededWorkspace, welcome
from wfstudio.services import webhooks
from wfstudio.services import workflows as svc
from wfstudio.services.errors import NotFound
from wfstudio.store import repo
from wfstudio.store.db import session_scope


def _create(engine: Engine, ws: SeededWorkspace, name: str) -> int:
    return svc.create_workflow(
        engine, workspace_id=ws.id, actor_id=ws.owner_id, name=name, now=NOW
    ).id


def test_the_path_is_made_once_and_names_the_workflow(
    engine: Engine, workspace: SeededWorkspace
) -> None:
    first, second = _create(engine, workspace, "One"), _create(engine, workspace, "Two")
    path = webhooks.webhook_path(engine, workflow_id=first)
    assert path.startswith("/api/webhooks/") and len(path) > len("/api/webhooks/") + 20
    assert webhooks.webhook_path(engine, workflow_id=first) == path
    assert webhooks.webhook_path(engine, workflow_id=second) != path
    secret = path.rsplit("/", 1)[-1]
    with session_scope(engine) as session:
        found = repo.get_workflow_by_webhook_secret(session=session, secret=secret)
        assert found is not None and found.id == first


def test_publish_keeps_the_secret_shown_before(engine: Engine, workspace: SeededWorkspace) -> None:
    workflow_id = _create(engine, workspace, "Welcome")
    view = svc.get_workflow(engine, workflow_id=workflow_id)
    svc.save_draft(
        engine, workflow_id=workflow_id, definition=welcome(), expected_revision=view.revision
    )
    path = webhooks.webhook_path(engine, workflow_id=workflow_id)
    svc.publish_workflow(engine, workflow_id=workflow_id, actor_id=workspace.owner_id, now=NOW)
    assert webhooks.webhook_path(engine, workflow_id=workflow_id) == path


def test_an_unknown_workflow_is_not_found(engine: Engine) -> None:
    with pytest.raises(NotFound):
        webhooks.webhook_path(engine, workflow_id=9999)
