"""Checkbox values typed On/Off or true/false are stored one way: a JSON boolean."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from tests.runtime.world import World, play
from tests.services.inbox_world import InboxWorld, build_inbox_world
from wfstudio.domain.definition import Step, Trigger
from wfstudio.services import inbox_contact as edits
from wfstudio.services.errors import Refused
from wfstudio.services.inbox_thread import contact_panel
from wfstudio.store.db import session_scope
from wfstudio.store.tables import ContactField


@pytest.fixture
def iw(engine: Engine) -> InboxWorld:
    world = build_inbox_world(engine)
    with session_scope(engine) as session:
        session.add(
            ContactField(
                workspace_id=world.world.workspace_id, key="vip", label="VIP", type="checkbox"
            )
        )
    return world


def test_the_contact_panel_takes_on_off_in_any_case(iw: InboxWorld) -> None:
    world = iw.world
    person = world.contact(firstname="Ana", bot_status=True)
    seen: list[tuple[bool, object]] = []

    async def scenario(world: World) -> None:
        rt, me = world.rt, iw.agent_id
        for bot, vip in (("Off", "ON"), ("on", "off"), ("FALSE", "True")):
            await edits.update_field(rt, user_id=me, contact_id=person, key="bot_status", value=bot)
            await edits.update_field(rt, user_id=me, contact_id=person, key="vip", value=vip)
            row = world.contact_row(person)
            seen.append((row.bot_status, row.custom_fields["vip"]))
        with pytest.raises(Refused, match="not a valid checkbox"):
            await edits.update_field(rt, user_id=me, contact_id=person, key="vip", value="maybe")

    play(world, scenario)
    assert seen == [(False, True), (True, False), (False, True)]
    assert world.contact_row(person).custom_fields == {"vip": True}


def test_the_update_contact_field_step_stores_on_off_as_booleans(iw: InboxWorld) -> None:
    world = iw.world
    world.publish(
        Step(
            id="set",
            name="Set",
            kind="update_contact_field",
            config={
                "updates": [
                    {"field": "bot_status", "value": "Off"},
                    {"field": "vip", "value": "On"},
                ]
            },
        ),
        trigger=Trigger(kind="conversation_opened", next="set"),
    )
    person = world.contact(firstname="Ana", bot_status=True)
    play(world, lambda w: w.say(person, "hi"))
    row = world.contact_row(person)
    assert (row.bot_status, row.custom_fields) == (False, {"vip": True})


def test_the_contact_panel_reads_a_checkbox_stored_as_text(iw: InboxWorld) -> None:
    world = iw.world
    person = world.contact(firstname="Ana", custom_fields={"vip": "On"})
    panel = contact_panel(world.engine, user_id=iw.agent_id, contact_id=person)
    assert {f.key: f.value for f in panel.fields}["vip"] == "true"  # the switch shows it on
