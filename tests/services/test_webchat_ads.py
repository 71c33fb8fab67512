"""The web chat page opened from an ad (``/chat/<key>?ad=…&ref=…``): the visitor's message
that opens a conversation fires the Click-to-Chat Ad trigger with the link's values."""

from __future__ import annotations

import pytest

from tests.runtime.test_scenarios import say
from tests.runtime.world import World, build_world, play
from wfstudio.domain.definition import Trigger
from wfstudio.services import webchat
from wfstudio.store.db import Engine

ECHO = "ad=$trigger.ad_id ref=$trigger.ref headline=$trigger.headline src=$trigger.ad_source"


@pytest.fixture
def world(engine: Engine) -> World:
    return build_world(engine)


def ad_workflow(world: World, **config: object) -> int:
    trigger = Trigger(kind="click_to_chat_ad", config=config, next="echo")
    return world.publish(say("echo", ECHO), trigger=trigger, name="Ads")


@pytest.mark.parametrize(
    ("query", "link"),
    [
        ({"ad": "120208", "ref": "spring"}, {"ad_id": "120208", "ref": "spring"}),
        ({"ref": "spring", "utm_source": "x"}, {"ref": "spring"}),
        (
            {"ad": "9", "headline": "Sale", "ad_source": "instagram"},
            {"ad_id": "9", "headline": "Sale", "ad_source": "instagram"},
        ),
        ({"headline": "Sale"}, {}),  # neither an ad nor a ref: not an ad link
        ({}, {}),
        ({"ad": "x" * 101}, {}),  # what the API would refuse is ignored
        ({"ad": "9", "ad_source": "myspace"}, {}),
        ({"ad": "9\x00"}, {}),
    ],
)
def test_the_pages_query_gives_the_ad_link(query: dict[str, str], link: dict[str, str]) -> None:
    assert webchat.ad_link(query) == link


def test_a_visitor_from_an_ad_fires_the_trigger_with_the_links_values(world: World) -> None:
    workflow_id = ad_workflow(world)
    token = webchat.new_visitor_token()
    link = webchat.ad_link({"ad": "120208", "ref": "spring", "headline": "Sale"})
    contacts: list[int] = []

    async def scenario(w: World) -> None:
        contacts.append(
            await webchat.send(w.rt, channel_key="web", token=token, text="hi", ad=link)
        )
        await webchat.send(w.rt, channel_key="web", token=token, text="again", ad=link)

    play(world, scenario)
    (contact,) = set(contacts)
    # The link did not say the platform: the variable is unset, and text keeps it as written.
    assert world.sent(contact) == ["ad=120208 ref=spring headline=Sale src=$trigger.ad_source"]
    assert len(world.enrollments(workflow_id, contact)) == 1  # only the opening message


def test_a_visitor_without_an_ad_link_fires_nothing(world: World) -> None:
    workflow_id = ad_workflow(world)
    token = webchat.new_visitor_token()

    async def scenario(w: World) -> None:
        await webchat.send(w.rt, channel_key="web", token=token, text="hi")

    play(world, scenario)
    assert world.enrollments(workflow_id) == []


def test_a_trigger_for_another_channel_does_not_fire_from_the_web_chat(world: World) -> None:
    workflow_id = ad_workflow(world, channel="custom")
    token = webchat.new_visitor_token()

    async def scenario(w: World) -> None:
        await webchat.send(w.rt, channel_key="web", token=token, text="hi", ad={"ad_id": "1"})

    play(world, scenario)
    assert world.enrollments(workflow_id) == []
