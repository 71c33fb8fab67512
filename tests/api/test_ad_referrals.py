"""Click-to-Chat Ads over the custom channel's API: a message that opens a conversation
with a ``referral`` fires the Click-to-Chat Ad trigger with the ad's variables, and the
bundled Click-to-Chat Ads templates run end to end from it."""

from __future__ import annotations

from typing import Any

import pytest
from sqlmodel import select

from tests.api.support import api, counts, hello
from tests.runtime.servers import async_test
from tests.runtime.test_scenarios import say
from tests.runtime.world import World
from tests.templates.test_template_runs import everyone, publish, question
from wfstudio.domain.definition import Trigger
from wfstudio.store.db import session_scope
from wfstudio.store.tables import Conversation

AD = {
    "source": "ad",
    "ad_id": "120208",
    "ad_source": "facebook",
    "headline": "Spring sale: 20% off",
    "source_url": "https://fb.me/spring",
    "ref": "campaign-7",
}


def from_ad(contact_id: str = "u-1", text: str = "Hi!", **referral: Any) -> dict[str, Any]:
    return {**hello(contact_id, text), "referral": {**AD, **referral}}


def ad_workflow(world: World, **config: Any) -> int:
    """A workflow on a Click-to-Chat Ad trigger that says all its variables."""
    text = (
        "ad=$trigger.ad_id source=$trigger.ad_source headline=$trigger.headline "
        "url=$trigger.source_url ref=$trigger.ref"
    )
    trigger = Trigger(kind="click_to_chat_ad", config=config, next="echo")
    return world.publish(say("echo", text), trigger=trigger)


@async_test
async def test_a_message_from_an_ad_fires_the_trigger_with_the_ads_variables(
    world: World,
) -> None:
    workflow_id = ad_workflow(world)
    async with api(world) as client:
        reply = await client.say(from_ad())
        assert reply.status_code == 200, reply.text
        assert client.sent_texts() == [
            "ad=120208 source=facebook headline=Spring sale: 20% off "
            "url=https://fb.me/spring ref=campaign-7"
        ]
    body = reply.json()
    started = world.enrollments(workflow_id, body["contact_id"])
    assert [e.id for e in started] == body["enrollments"]["started"]


@async_test
async def test_only_the_message_that_opens_a_conversation_fires_it(world: World) -> None:
    workflow_id = ad_workflow(world)
    opened = world.publish(say("hello", "Hello"))  # Conversation Opened, for comparison
    async with api(world) as client:
        plain = await client.say(hello("u-1", "Hi"))  # opens a conversation, no ad
        later = await client.say(from_ad("u-1", "Saw your ad"))  # the conversation is open
        assert (plain.status_code, later.status_code) == (200, 200)
        assert later.json()["enrollments"]["started"] == []
        contact_id = plain.json()["contact_id"]
        assert world.enrollments(workflow_id, contact_id) == []
        with session_scope(world.engine) as session:
            for row in session.exec(select(Conversation)).all():
                row.status = "closed"
                session.add(row)
        again = await client.say(from_ad("u-1", "Back from another ad", ad_id="555"))
        assert again.status_code == 200
    assert len(world.enrollments(workflow_id, contact_id)) == 1  # the new conversation
    assert len(world.enrollments(opened, contact_id)) == 2  # both openings fire it


@pytest.mark.parametrize(
    ("config", "referral", "fires"),
    [
        ({"ad_mode": "chosen", "ad_ids": ["111"]}, {"ad_id": "111"}, True),
        ({"ad_mode": "chosen", "ad_ids": ["111"]}, {"ad_id": 111}, True),  # numbers too
        ({"ad_mode": "chosen", "ad_ids": ["111"]}, {"ad_id": "222"}, False),
        ({"ad_mode": "chosen", "ad_ids": ["111"]}, {"ad_id": None}, False),
        ({"ad_source": "instagram"}, {"ad_source": "facebook"}, False),
        ({"ad_source": "instagram"}, {"ad_source": "Instagram"}, True),
        ({"ad_source": "tiktok"}, {"ad_source": None}, True),  # the platform not said
        ({"channel": "custom"}, {}, True),
        ({"channel": "web"}, {}, False),  # the ad leads to another channel
        ({}, {"source": "post"}, True),  # a post boosted as an ad
    ],
)
@async_test
async def test_the_triggers_settings_choose_which_clicks_fire_it(
    world: World, config: dict[str, Any], referral: dict[str, Any], fires: bool
) -> None:
    workflow_id = ad_workflow(world, **config)
    body = from_ad()
    body["referral"] = {k: v for k, v in {**AD, **referral}.items() if v is not None}
    async with api(world) as client:
        reply = await client.say(body)
    assert reply.status_code == 200, reply.text
    assert bool(world.enrollments(workflow_id, reply.json()["contact_id"])) is fires


@pytest.mark.parametrize(
    ("referral", "error"),
    [
        ("ad", '"referral" must be a JSON object'),
        ({"source": "billboard"}, '"referral.source" must be "ad" or "post"'),
        ({"ad_id": True}, '"referral.ad_id" must be a string or a whole number'),
        ({"ad_id": "x" * 101}, '"referral.ad_id" is longer than 100 characters'),
        ({"ad_source": "myspace"}, '"referral.ad_source" must be one of facebook'),
        ({"headline": 7}, '"referral.headline" must be a string'),
        ({"headline": "h" * 301}, '"referral.headline" is longer than 300 characters'),
        ({"source_url": "javascript:alert(1)"}, '"referral.source_url"'),
        ({"ref": ["a"]}, '"referral.ref" must be a string'),
        ({"ctwa_clid": "x"}, 'Unknown key(s) in "referral": ctwa_clid'),
    ],
)
@async_test
async def test_a_bad_referral_is_a_400_naming_the_field_and_stores_nothing(
    world: World, referral: Any, error: str
) -> None:
    ad_workflow(world)
    before = counts(world)
    async with api(world) as client:
        reply = await client.say({**hello(), "referral": referral})
    assert reply.status_code == 400
    assert error in reply.json()["error"]
    assert counts(world) == before


@async_test
async def test_unstorable_text_in_a_referral_is_a_400_naming_the_field(world: World) -> None:
    async with api(world) as client:
        reply = await client.say(
            b'{"contact": {"id": "u-1"}, "text": "hi", "referral": {"headline": "a\\u0000b"}}',
            raw=True,
        )
    assert reply.status_code == 400
    assert "referral.headline" in reply.json()["error"]


# --- the bundled templates, end to end ---------------------------------------------------


@async_test
async def test_appointment_scheduling_sends_the_calendar_link_and_tags_a_lead(
    world: World,
) -> None:
    key = "click-to-chat-ads-appointment-scheduling"
    publish(world, key)
    async with api(world) as client:
        first = await client.say(from_ad("u-7", "Hi, I saw your ad"))
        assert first.status_code == 200, first.text
        assert client.sent_texts()[1] == question(key, "ask")
        second = await client.say(hello("u-7", "Book a time"))
        assert second.json()["enrollments"]["resumed"] == first.json()["enrollments"]["started"]
        sent = client.sent_texts()
    assert sent[0].startswith("Hi there!")
    assert sent[2].startswith("Great! Pick a time that suits you here: https://")
    assert world.contact_row(first.json()["contact_id"]).tags == ["lead"]


@async_test
async def test_appointment_scheduling_hands_a_question_to_the_team(world: World) -> None:
    publish(world, "click-to-chat-ads-appointment-scheduling")
    async with api(world) as client:
        first = await client.say(from_ad("u-8"))
        await client.say(hello("u-8", "Ask a question"))
        assert (
            client.sent_texts()[-1] == "Of course! A member of our team will be with you shortly."
        )
    assert world.contact_row(first.json()["contact_id"]).assignee_user_id in everyone(world)


@async_test
async def test_ad_assignment_tags_a_lead_thanks_and_assigns_an_online_specialist(
    world: World,
) -> None:
    publish(world, "click-to-chat-ads-assignment")
    async with api(world) as client:
        reply = await client.say(from_ad("u-9"))
        assert reply.status_code == 200, reply.text
        assert client.sent_texts() == [
            "Thanks for reaching out from our ad! 👋 We're connecting you with a specialist "
            "who can answer your questions."
        ]
    row = world.contact_row(reply.json()["contact_id"])
    assert row.tags == ["lead"]
    assert row.assignee_user_id in world.agent_ids  # only online members: the agents


@async_test
async def test_ad_assignment_does_not_run_for_a_conversation_not_from_an_ad(
    world: World,
) -> None:
    publish(world, "click-to-chat-ads-assignment")
    async with api(world) as client:
        reply = await client.say(hello("u-9", "Hi"))
        assert client.sent_texts() == []
    assert reply.json()["enrollments"]["started"] == []
    assert world.contact_row(reply.json()["contact_id"]).tags == []


@pytest.mark.parametrize(("answer", "to_sales"), [("Yes, please", True), ("Not now", False)])
@async_test
async def test_share_product_information_routes_interested_contacts_to_sales(
    world: World, answer: str, to_sales: bool
) -> None:
    key = "click-to-chat-ads-share-product-information-route-to-sales"
    publish(world, key)
    async with api(world) as client:
        first = await client.say(from_ad("u-5"))
        await client.say(hello("u-5", answer))
        sent = client.sent_texts()
    assert sent[0].startswith("Hi! 👋 Thanks for your interest in our product.")
    assert sent[1] == question(key, "interested")
    row = world.contact_row(first.json()["contact_id"])
    if to_sales:
        assert sent[2] == "Great! Connecting you with our sales team now. 🙌"
        assert row.tags == ["lead"] and row.assignee_user_id in everyone(world)
    else:
        assert sent[2].startswith("No problem!")
        assert row.tags == [] and row.assignee_user_id is None
