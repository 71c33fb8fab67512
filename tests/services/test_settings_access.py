"""Who may change what on the Settings page, checked by the workspace services themselves:
users are the Owners' to change, the rest of the settings Owners' and Managers'; agents
only look. Every refusal changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import select

from tests.services.conftest import NOW, state
from wfstudio.services import access
from wfstudio.services import workspace as svc
from wfstudio.services.errors import Refused
from wfstudio.store.db import session_scope
from wfstudio.store.tables import User


@dataclass(frozen=True)
class People:
    workspace_id: int
    owner: int
    manager: int
    agent: int


def _user_id(engine: Engine, email: str) -> int:
    with session_scope(engine) as session:
        user = session.exec(select(User).where(User.email == email)).one()
        assert user.id is not None
        return user.id


@pytest.fixture
def people(engine: Engine) -> People:
    """Workspace "Acme" with an owner, a manager and an agent, a tag, a stage, a category,
    a team, a custom field and a custom channel."""
    ws = svc.create_workspace(engine, name="Acme", now=NOW).id
    for name, role in (("Olivia", "owner"), ("Max", "manager"), ("Ana", "agent")):
        svc.add_user(
            engine, workspace_id=ws, name=name, email=f"{name.lower()}@acme.test", role=role
        )
    svc.add_tag(engine, workspace_id=ws, label="VIP")
    svc.add_lifecycle_stage(engine, workspace_id=ws, label="Lead")
    svc.add_closing_category(engine, workspace_id=ws, label="Solved")
    svc.add_team(engine, workspace_id=ws, name="Support", members=["ana"])
    svc.add_field(engine, workspace_id=ws, label="Plan", type="text")
    svc.add_field(engine, workspace_id=ws, label="Level", type="list", options=["Silver"])
    svc.add_channel(
        engine,
        workspace_id=ws,
        kind="custom_channel",
        name="Shop",
        config={"outbound_url": "https://shop.test/out"},
    )
    return People(
        ws,
        owner=_user_id(engine, "olivia@acme.test"),
        manager=_user_id(engine, "max@acme.test"),
        agent=_user_id(engine, "ana@acme.test"),
    )


# Each change of the Settings page, as a call taking (engine, workspace_id, actor_id).
Change = Callable[[Engine, int, int], Any]

SETTINGS_CHANGES: dict[str, Change] = {
    "rename workspace": lambda e, w, a: svc.rename_workspace(
        e, workspace_id=w, name="Acme Ltd", actor_id=a
    ),
    "timezone": lambda e, w, a: svc.set_timezone(
        e, workspace_id=w, timezone="Europe/Paris", actor_id=a
    ),
    "business hours": lambda e, w, a: svc.set_business_hours(
        e, workspace_id=w, hours={"monday": [{"start": "08:00", "end": "12:00"}]}, actor_id=a
    ),
    "add team": lambda e, w, a: svc.add_team(e, workspace_id=w, name="Sales", actor_id=a),
    "update team": lambda e, w, a: svc.update_team(
        e, workspace_id=w, key="support", name="Care", members=[], actor_id=a
    ),
    "remove team": lambda e, w, a: svc.remove_team(e, workspace_id=w, key="support", actor_id=a),
    "add channel": lambda e, w, a: svc.add_channel(
        e, workspace_id=w, kind="web_chat", name="Site", actor_id=a
    ),
    "renew token": lambda e, w, a: svc.update_channel(
        e, workspace_id=w, key="shop", renew_token=True, actor_id=a
    ),
    "remove channel": lambda e, w, a: svc.remove_channel(e, workspace_id=w, key="shop", actor_id=a),
    "add field": lambda e, w, a: svc.add_field(e, workspace_id=w, label="Size", actor_id=a),
    "rename field": lambda e, w, a: svc.rename_field(
        e, workspace_id=w, key="plan", label="Tier", actor_id=a
    ),
    "remove field": lambda e, w, a: svc.remove_field(e, workspace_id=w, key="plan", actor_id=a),
    "field options": lambda e, w, a: svc.set_field_options(
        e, workspace_id=w, key="level", options=["Gold"], actor_id=a
    ),
    "add tag": lambda e, w, a: svc.add_tag(e, workspace_id=w, label="Lead", actor_id=a),
    "rename tag": lambda e, w, a: svc.rename_tag(
        e, workspace_id=w, key="vip", label="Gold", actor_id=a
    ),
    "remove tag": lambda e, w, a: svc.remove_tag(e, workspace_id=w, key="vip", actor_id=a),
    "add stage": lambda e, w, a: svc.add_lifecycle_stage(
        e, workspace_id=w, label="Customer", actor_id=a
    ),
    "rename stage": lambda e, w, a: svc.rename_lifecycle_stage(
        e, workspace_id=w, key="lead", label="Prospect", actor_id=a
    ),
    "remove stage": lambda e, w, a: svc.remove_lifecycle_stage(
        e, workspace_id=w, key="lead", actor_id=a
    ),
    "add category": lambda e, w, a: svc.add_closing_category(
        e, workspace_id=w, label="Spam", actor_id=a
    ),
    "rename category": lambda e, w, a: svc.rename_closing_category(
        e, workspace_id=w, key="solved", label="Resolved", actor_id=a
    ),
    "remove category": lambda e, w, a: svc.remove_closing_category(
        e, workspace_id=w, key="solved", actor_id=a
    ),
}

USER_CHANGES: dict[str, Change] = {
    "add user": lambda e, w, a: svc.add_user(
        e, workspace_id=w, name="Ben", email="ben@acme.test", actor_id=a
    ),
    "change role": lambda e, w, a: svc.update_user(
        e, workspace_id=w, key="ana", role="manager", actor_id=a
    ),
    "restrict": lambda e, w, a: svc.update_user(
        e, workspace_id=w, key="ana", restricted=True, restrictions={}, actor_id=a
    ),
    "remove user": lambda e, w, a: svc.remove_user(e, workspace_id=w, key="ana", actor_id=a),
}


def _refused(engine: Engine, ws: int, change: Callable[[], Any], match: str) -> None:
    before = state(engine, ws)
    with pytest.raises(Refused, match=match):
        change()
    assert state(engine, ws) == before


def test_the_rules() -> None:
    assert [access.can_edit_workspace(r) for r in ("owner", "manager", "agent", "")] == [
        True,
        True,
        False,
        False,
    ]
    assert [access.can_manage_users(r) for r in ("owner", "manager", "agent")] == [
        True,
        False,
        False,
    ]


@pytest.mark.parametrize("name", SETTINGS_CHANGES)
def test_owners_and_managers_change_the_settings_agents_do_not(
    engine: Engine, people: People, name: str
) -> None:
    change, ws = SETTINGS_CHANGES[name], people.workspace_id
    _refused(
        engine,
        ws,
        lambda: change(engine, ws, people.agent),
        "Only Owners and Managers can change the workspace settings",
    )
    change(engine, ws, people.manager)


@pytest.mark.parametrize("name", SETTINGS_CHANGES)
def test_owners_change_the_settings(engine: Engine, people: People, name: str) -> None:
    SETTINGS_CHANGES[name](engine, people.workspace_id, people.owner)


@pytest.mark.parametrize("name", USER_CHANGES)
def test_only_owners_change_users(engine: Engine, people: People, name: str) -> None:
    change, ws = USER_CHANGES[name], people.workspace_id
    for actor in (people.manager, people.agent):
        _refused(
            engine,
            ws,
            lambda actor=actor: change(engine, ws, actor),
            "Only Owners can add, change or remove users",
        )
    change(engine, ws, people.owner)


def test_someone_outside_the_workspace_changes_nothing(engine: Engine, people: People) -> None:
    other = svc.create_workspace(engine, name="Other", now=NOW).id
    svc.add_user(engine, workspace_id=other, name="Eve", email="eve@other.test", role="owner")
    eve = _user_id(engine, "eve@other.test")
    ws = people.workspace_id
    for actor in (eve, 0, 999_999):
        _refused(
            engine,
            ws,
            lambda actor=actor: svc.add_tag(engine, workspace_id=ws, label="X", actor_id=actor),
            "not a user of this workspace",
        )
        _refused(
            engine,
            ws,
            lambda actor=actor: svc.update_user(
                engine, workspace_id=ws, key="ana", role="owner", actor_id=actor
            ),
            "not a user of this workspace",
        )


def test_a_demoted_owner_loses_the_right_at_once(engine: Engine, people: People) -> None:
    ws = people.workspace_id
    svc.update_user(engine, workspace_id=ws, key="max", role="owner", actor_id=people.owner)
    svc.update_user(engine, workspace_id=ws, key="olivia", role="agent", actor_id=people.manager)
    assert svc.actor_view(engine, workspace_id=ws, actor_id=people.owner).role == "agent"
    _refused(
        engine,
        ws,
        lambda: svc.update_user(
            engine, workspace_id=ws, key="olivia", role="owner", actor_id=people.owner
        ),
        "Only Owners",
    )


def test_the_last_owner_cannot_demote_themselves(engine: Engine, people: People) -> None:
    ws = people.workspace_id
    _refused(
        engine,
        ws,
        lambda: svc.update_user(
            engine, workspace_id=ws, key="olivia", role="manager", actor_id=people.owner
        ),
        "Olivia is the only owner: make someone else an owner first",
    )


def test_restrictions(engine: Engine, people: People) -> None:
    ws, owner = people.workspace_id, people.owner
    ana = svc.update_user(
        engine,
        workspace_id=ws,
        key="ana",
        restricted=True,
        restrictions={access.SEE_WORKFLOWS_ICON: True},
        actor_id=owner,
    )
    assert (ana.restricted, ana.restrictions) == (True, (access.SEE_WORKFLOWS_ICON,))
    ana = svc.update_user(engine, workspace_id=ws, key="ana", restrictions={}, actor_id=owner)
    assert (ana.restricted, ana.restrictions) == (True, ())
    assert svc.actor_view(engine, workspace_id=ws, actor_id=people.agent) == ana
    _refused(
        engine,
        ws,
        lambda: svc.update_user(
            engine, workspace_id=ws, key="ana", restrictions={"fly": True}, actor_id=owner
        ),
        "These are not restrictions: fly",
    )


def test_channel_tokens_are_only_shown_to_those_who_may_change_them(
    engine: Engine, people: People
) -> None:
    ws = people.workspace_id

    def tokens(actor: int) -> list[str]:
        return [c.secret_token for c in svc.list_channels(engine, workspace_id=ws, actor_id=actor)]

    assert all(tokens(people.owner)) and tokens(people.owner) == tokens(people.manager)
    assert tokens(people.agent) == [""]
    with pytest.raises(Refused, match="not a user of this workspace"):
        tokens(0)
