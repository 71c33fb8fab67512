"""The contact panel: what it shows, and edits that fire the contact triggers."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from tests.runtime.world import World, play
from tests.services.inbox_world import InboxWorld, build_inbox_world, send
from wfstudio.domain.definition import Trigger
from wfstudio.services import inbox_contact as edits
from wfstudio.services.errors import NotFound, Refused
from wfstudio.services.inbox_thread import contact_panel


@pytest.fixture
def iw(engine: Engine) -> InboxWorld:
    return build_inbox_world(engine)


def _on(world: World, kind: str, config: dict[str, object], name: str) -> int:
    return world.publish(
        send("s", f"{name} fired"),
        trigger=Trigger(kind=kind, config=config, next="s"),  # type: ignore[arg-type]
        name=name,
    )


def test_edits_fire_the_field_tag_and_lifecycle_triggers(iw: InboxWorld) -> None:
    world = iw.world
    on_field = _on(world, "contact_field_updated", {"field": "company"}, "Company set")
    on_tag = _on(world, "contact_tag_updated", {"action": "added", "tags": ["vip"]}, "VIP")
    on_stage = _on(world, "lifecycle_updated", {}, "Stage")
    on_bot = _on(world, "contact_field_updated", {"field": "bot_status"}, "Bot")
    person = world.contact(firstname="Ana")

    async def scenario(world: World) -> None:
        rt, me = world.rt, iw.agent_id
        await edits.update_field(rt, user_id=me, contact_id=person, key="company", value="Acme")
        await edits.set_tag(rt, user_id=me, contact_id=person, tag="vip", present=True)
        await edits.set_lifecycle(rt, user_id=me, contact_id=person, stage="customer")
        await edits.set_bot_status(rt, user_id=me, contact_id=person, on=True)
        # the same values again change nothing and fire nothing
        again = [
            await edits.update_field(
                rt, user_id=me, contact_id=person, key="company", value="Acme"
            ),
            await edits.set_tag(rt, user_id=me, contact_id=person, tag="vip", present=True),
            await edits.set_lifecycle(rt, user_id=me, contact_id=person, stage="customer"),
        ]
        assert all(not handled.started for handled in again)

    play(world, scenario)
    for flow in (on_field, on_tag, on_stage, on_bot):
        assert len(world.enrollments(flow, person)) == 1
    row = world.contact_row(person)
    assert (row.custom_fields, row.tags, row.lifecycle_stage, row.bot_status) == (
        {"company": "Acme"},
        ["vip"],
        "customer",
        True,
    )
    panel = contact_panel(world.engine, user_id=iw.agent_id, contact_id=person)
    assert [t.label for t in panel.tags] == ["Vip"]
    assert (panel.lifecycle_stage, panel.bot_status) == ("customer", True)
    assert {f.key: f.value for f in panel.fields}["company"] == "Acme"


def test_bad_values_are_refused_and_change_nothing(iw: InboxWorld) -> None:
    world = iw.world
    person = world.contact(firstname="Ana", email="ana@x.test")

    async def scenario(world: World) -> None:
        rt, me = world.rt, iw.agent_id
        with pytest.raises(Refused, match="not a valid email"):
            await edits.update_field(rt, user_id=me, contact_id=person, key="email", value="nope")
        with pytest.raises(NotFound, match="field does not exist"):
            await edits.update_field(rt, user_id=me, contact_id=person, key="ghost", value="1")
        with pytest.raises(NotFound, match="tag does not exist"):
            await edits.set_tag(rt, user_id=me, contact_id=person, tag="ghost", present=True)
        with pytest.raises(NotFound, match="stage does not exist"):
            await edits.set_lifecycle(rt, user_id=me, contact_id=person, stage="ghost")

    play(world, scenario)
    row = world.contact_row(person)
    assert (row.email, row.tags, row.lifecycle_stage) == ("ana@x.test", [], None)


def test_a_tag_is_removed_and_an_empty_value_clears_a_field(iw: InboxWorld) -> None:
    world = iw.world
    removed = _on(world, "contact_tag_updated", {"action": "removed", "tags": ["lead"]}, "Gone")
    person = world.contact(firstname="Ana", tags=["lead"], custom_fields={"company": "X"})

    async def scenario(world: World) -> None:
        rt, me = world.rt, iw.agent_id
        await edits.set_tag(rt, user_id=me, contact_id=person, tag="lead", present=False)
        await edits.update_field(rt, user_id=me, contact_id=person, key="company", value=" ")
        await edits.update_field(rt, user_id=me, contact_id=person, key="firstname", value="Bo")

    play(world, scenario)
    row = world.contact_row(person)
    assert (row.tags, row.custom_fields, row.firstname) == ([], {"company": None}, "Bo")
    assert len(world.enrollments(removed, person)) == 1
