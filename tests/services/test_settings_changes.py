"""The workspace service calls the Settings page added: name and timezone in one go, and a
custom channel's outbound URL changed without losing the rest of its settings."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from tests.services.conftest import NOW, state
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
