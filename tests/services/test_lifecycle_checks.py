"""The checks made before a confirmation: Delete of a Published workflow and Stop of one
that is not are refused at once; Stop's question counts the contacts in it now."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from tests.services.conftest import NOW, SeededWorkspace, enroll, snapshot, welcome
from wfstudio.services import lifecycle_checks as checks
from wfstudio.services import workflows as svc
from wfstudio.services.errors import Refused
from wfstudio.services.views import WorkflowView


def _published(engine: Engine, ws: SeededWorkspace) -> WorkflowView:
    created = svc.create_workflow(
        engine, workspace_id=ws.id, actor_id=ws.owner_id, name="Welcome", now=NOW
    )
    svc.save_draft(
        engine,
        workflow_id=created.id,
        definition=welcome(),
        expected_revision=created.revision,
        now=NOW,
    )
    return svc.publish_workflow(engine, workflow_id=created.id, actor_id=ws.owner_id, now=NOW)


def test_delete_of_a_published_workflow_is_refused_with_the_services_reason(
    engine: Engine, workspace: SeededWorkspace
) -> None:
    live = _published(engine, workspace)
    before = snapshot(engine, workspace.id)
    with pytest.raises(Refused) as checked:
        checks.require_deletable(engine, workflow_id=live.id)
    with pytest.raises(Refused) as acted:
        svc.delete_workflow(engine, workflow_id=live.id)
    assert checked.value.message == acted.value.message
    assert snapshot(engine, workspace.id) == before


def test_stop_counts_the_contacts_it_would_eject_and_changes_nothing(
    engine: Engine, workspace: SeededWorkspace
) -> None:
    live = _published(engine, workspace)
    assert checks.contacts_in(engine, workflow_id=live.id) == 0
    enroll(engine, workspace.id, live.id, 3)
    before = snapshot(engine, workspace.id)
    assert checks.contacts_in(engine, workflow_id=live.id) == 3
    assert snapshot(engine, workspace.id) == before
    assert svc.stop_workflow(engine, workflow_id=live.id, now=NOW) == 3

    checks.require_deletable(engine, workflow_id=live.id)  # stopped: Delete may ask
    with pytest.raises(Refused) as checked:
        checks.contacts_in(engine, workflow_id=live.id)
    with pytest.raises(Refused) as acted:
        svc.stop_workflow(engine, workflow_id=live.id, now=NOW)
    assert checked.value.message == acted.value.message
