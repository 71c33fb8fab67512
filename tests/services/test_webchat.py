"""The public web chat: a visitor becomes a contact, writes, and sees the workflow reply."""

from __future__ import annotations

import pytest

from tests.runtime.world import World, build_world, play
from wfstudio.domain.definition import Step
from wfstudio.services import webchat
from wfstudio.services.errors import NotFound, Refused
from wfstudio.store.db import Engine


@pytest.fixture
def world(engine: Engine) -> World:
    return build_world(engine)


def test_a_visitor_becomes_a_contact_and_sees_the_workflow_reply(world: World) -> None:
    world.publish(
        Step(id="hi", kind="send_message", name="Hi", config={"text": "Welcome to Web!"}),
        name="Greeter",
    )
    token = webchat.new_visitor_token()
    assert webchat.chat(world.engine, channel_key="web", token=token).lines == []
    contacts: list[int] = []

    async def scenario(w: World) -> None:
        contacts.append(await webchat.send(w.rt, channel_key="web", token=token, text=" hello "))
        contacts.append(await webchat.send(w.rt, channel_key="web", token=token, text="again"))

    play(world, scenario)
    first, second = contacts
    assert first == second
    assert world.contact_row(first).external_ids == {"web": token}
    view = webchat.chat(world.engine, channel_key="web", token=token)
    assert view.channel_name == "Web"
    assert [(line.side, line.author, line.text) for line in view.lines] == [
        ("contact", "You", "hello"),
        ("bot", "Greeter", "Welcome to Web!"),
        ("contact", "You", "again"),
    ]
    assert webchat.chat(world.engine, channel_key="web", token="someone-else").lines == []


def test_only_web_chat_channels_have_a_page_and_empty_text_is_refused(world: World) -> None:
    with pytest.raises(NotFound):
        webchat.chat(world.engine, channel_key="custom", token="x")
    with pytest.raises(NotFound):
        webchat.channel_name(world.engine, channel_key="nope")

    async def scenario(w: World) -> None:
        with pytest.raises(Refused):
            await webchat.send(w.rt, channel_key="web", token="t", text="   ")
        with pytest.raises(Refused):
            await webchat.send(w.rt, channel_key="web", token="", text="hi")

    play(world, scenario)
