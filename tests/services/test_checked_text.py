"""Free text the UI sends is refused (nothing stored) when it holds NUL or a lone
surrogate: workflow names and descriptions, the builder's draft (services/checked_text.py)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import Engine

from tests.services.conftest import NOW, SeededWorkspace, flow, opened, send, snapshot
from wfstudio.services import workflows as svc
from wfstudio.services.errors import Refused


@pytest.mark.parametrize(
    ("name", "description", "message"),
    [
        ("Wel\x00come", "", "The name contains a NUL character (U+0000): remove it."),
        ("Welcome", "a \ud800 b", "The description contains a lone surrogate (U+D800)"),
    ],
)
def test_create_and_rename_refuse_text_that_cannot_be_stored(
    engine: Engine, workspace: SeededWorkspace, name: str, description: str, message: str
) -> None:
    with pytest.raises(Refused, match=re.escape(message)):
        svc.create_workflow(
            engine, workspace_id=workspace.id, actor_id=None, name=name, description=description
        )
    created = svc.create_workflow(engine, workspace_id=workspace.id, actor_id=None, name="Ok")
    before = snapshot(engine, workspace.id)
    with pytest.raises(Refused):
        svc.rename_workflow(engine, workflow_id=created.id, name=name, description=description)
    assert snapshot(engine, workspace.id) == before


def test_a_draft_with_a_lone_surrogate_in_a_step_is_refused_naming_the_step(
    engine: Engine, workspace: SeededWorkspace
) -> None:
    created = svc.create_workflow(engine, workspace_id=workspace.id, actor_id=None, name="W")
    before = snapshot(engine, workspace.id)
    with pytest.raises(Refused) as refused:
        svc.save_draft(
            engine,
            workflow_id=created.id,
            definition=flow("W", opened(), send("hello", "Hi \udc00")),
            expected_revision=created.revision,
            now=NOW,
        )
    assert refused.value.message == (
        "Step “Send hello” (config.text) contains a lone surrogate (U+DC00), which is not "
        "text: remove it."
    )
    assert snapshot(engine, workspace.id) == before
