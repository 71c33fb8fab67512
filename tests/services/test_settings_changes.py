"""The workspace service calls the Settings page added: name and timezone in one go, and a
custom channel's outbound URL changed without losing the rest of its settings."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from tests.services.conftest import NOW, flow, opened, state, step, welcome
from wfstudio.services import auth, workflows
from wfstudio.services import workspace as svc
from wfstudio.services.errors import Refused


@pytest.fixture
def ws(engine: Engine) -> int:
    return svc.create_workspace(engine, name="Acme", now=NOW).id


def test_name_and_timezone_change_together_or_not_at_all(engine: Engine, ws: int) -> None:
    view = svc.update_workspace(engine, workspace_id=ws, name=" Acme Ltd ", timezone="Asia/Tokyo")
    assert (view.name, view.timezone) == ("Acme Ltd", "Asia/Tokyo")
    before = state(engine, ws)
    with pytest.raises(Refused, match='"Mars/Olympus" is not a known timezone'):
        svc.update_workspace(engine, workspace_id=ws, name="Other", timezone="Mars/Olympus")
    with pytest.raises(Refused, match="Give the workspace a name"):
        svc.update_workspace(engine, workspace_id=ws, name=" ", timezone="Europe/Paris")
    assert state(engine, ws) == before
    assert svc.update_workspace(engine, workspace_id=ws).name == "Acme Ltd"


def test_a_custom_channel_s_outbound_url(engine: Engine, ws: int) -> None:
    shop = svc.add_channel(
        engine,
        workspace_id=ws,
        kind="custom_channel",
        name="Shop",
        config={"outbound_url": "https://shop.test/a", "format": "v2"},
    )
    changed = svc.update_channel(
        engine, workspace_id=ws, key=shop.key, outbound_url=" https://shop.test/b "
    )
    assert changed.config == {"outbound_url": "https://shop.test/b", "format": "v2"}
    assert changed.secret_token == shop.secret_token
    before = state(engine, ws)
    with pytest.raises(Refused, match="must start with http:// or https://"):
        svc.update_channel(engine, workspace_id=ws, key=shop.key, outbound_url="ftp://x")
    assert state(engine, ws) == before


def test_every_channel_kind_has_a_label() -> None:
    assert svc.CHANNEL_KIND_LABELS["custom_channel"] == "Custom Channel"
    assert all(svc.CHANNEL_KIND_LABELS.values())


def test_a_list_field_s_options(engine: Engine, ws: int) -> None:
    plan = svc.add_field(
        engine, workspace_id=ws, label="Plan", type="list", options=[" Basic ", "Pro"]
    )
    assert plan.options == ("Basic", "Pro")
    plan = svc.set_field_options(
        engine, workspace_id=ws, key="plan", options=["Basic", "Pro", "Enterprise"]
    )
    assert plan.options == ("Basic", "Pro", "Enterprise")
    fields = svc.workspace_choices(engine, workspace_id=ws).fields
    assert next(f for f in fields if f.key == "plan").options == ("Basic", "Pro", "Enterprise")
    assert svc.rename_field(engine, workspace_id=ws, key="plan", label="Tier").options == (
        "Basic",
        "Pro",
        "Enterprise",
    )
    svc.add_field(engine, workspace_id=ws, label="Company", type="text")
    before = state(engine, ws)
    for key, options, match in (
        ("plan", ["Pro", "pro"], 'The option "pro" is listed twice'),
        ("plan", ["Pro", " "], "Give the option a name"),
        ("plan", [f"o{i}" for i in range(svc.MAX_FIELD_OPTIONS + 1)], "at most 100 options"),
        ("company", ["A"], "is a text field: only list fields have options"),
        ("nope", ["A"], 'The field "nope" does not exist'),
    ):
        with pytest.raises(Refused, match=match):
            svc.set_field_options(engine, workspace_id=ws, key=key, options=options)
    with pytest.raises(Refused, match="Only a field of type list has options"):
        svc.add_field(engine, workspace_id=ws, label="Size", type="number", options=["1"])
    assert state(engine, ws) == before


def test_an_added_user_signs_in_with_the_initial_password(engine: Engine, ws: int) -> None:
    svc.add_user(engine, workspace_id=ws, name="Ben", email="Ben@Acme.test", password="s3cret-pass")
    assert auth.sign_in(engine, email="ben@acme.test", password="s3cret-pass").user.name == "Ben"
    before = state(engine, ws)
    with pytest.raises(Refused, match="at least 8 characters"):
        svc.add_user(engine, workspace_id=ws, name="Cy", email="cy@acme.test", password="short")
    assert state(engine, ws) == before
    svc.add_user(engine, workspace_id=ws, name="Di", email="di@acme.test")
    with pytest.raises(Refused):
        auth.sign_in(engine, email="di@acme.test", password="")


def test_which_workflows_use_an_item(engine: Engine, ws: int) -> None:
    for label in ("Lead", "VIP", "Spam"):
        svc.add_tag(engine, workspace_id=ws, label=label)
    svc.add_field(engine, workspace_id=ws, label="Plan", type="text")
    tagger = workflows.create_workflow(
        engine, workspace_id=ws, actor_id=None, name="Tagger", now=NOW
    )
    workflows.save_draft(
        engine, workflow_id=tagger.id, definition=welcome("Tagger"), expected_revision=1
    )
    workflows.publish_workflow(engine, workflow_id=tagger.id, actor_id=None, now=NOW)
    planner = workflows.create_workflow(
        engine, workspace_id=ws, actor_id=None, name="Planner", now=NOW
    )
    setting = step("set", "update_contact_field", {"updates": [{"field": "plan", "value": "pro"}]})
    tagging = step("tag", "update_contact_tag", {"action": "add", "tags": ["vip"]})
    workflows.save_draft(
        engine,
        workflow_id=planner.id,
        definition=flow("Planner", opened(), setting, tagging),
        expected_revision=1,
    )

    def using(kind: str, key: str) -> list[str]:
        return svc.workflows_using(engine, workspace_id=ws, kind=kind, key=key)  # type: ignore[arg-type]

    assert using("tag", "lead") == ["Tagger (published)"]
    assert using("tag", "vip") == ["Planner"]
    assert using("tag", "spam") == []
    assert using("field", "plan") == ["Planner"]
    workflows.stop_workflow(engine, workflow_id=tagger.id, now=NOW)
    assert using("tag", "lead") == ["Tagger"]
