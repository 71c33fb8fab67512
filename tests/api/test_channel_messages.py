"""POST /api/channels/{key}/messages: a custom channel's inbound messages."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.support import api, counts, hello
from tests.runtime.servers import async_test
from tests.runtime.test_scenarios import say, step
from tests.runtime.world import World
from wfstudio.services.inbound import MAX_BODY_BYTES

QUESTION = dict(
    text="A or B?",
    question_type="multiple_choice",
    options=[{"text": "A"}, {"text": "B"}],
    save_to_variable=True,
    variable="choice",
)


def conversation_workflow(world: World) -> int:
    return world.publish(
        say("hi", "Welcome $contact.firstname", success="ask"),
        step("ask", "ask_question", {"option_1": "bye", "option_2": "bye"}, **QUESTION),
        say("bye", "You chose $var.choice"),
    )


@async_test
async def test_a_conversation_over_the_api_reaches_the_channel(world: World) -> None:
    conversation_workflow(world)
    async with api(world) as client:
        first = await client.say(hello("u-1", "hi", name="Ana Lima", phone="+351 912 345 678"))
        assert first.status_code == 200, first.text
        assert first.json()["contact_created"] is True
        assert len(first.json()["enrollments"]["started"]) == 1
        assert client.sent_texts() == ["Welcome Ana", "A or B?"]
        question = client.sink.requests[1].json
        assert question["message"]["options"] == ["A", "B"]
        assert question["contact"]["external_id"] == "u-1"

        second = await client.say(hello("u-1", "B"))
        assert second.status_code == 200, second.text
        body = second.json()
        assert body["contact_created"] is False
        assert body["contact_id"] == first.json()["contact_id"]
        assert body["enrollments"]["resumed"] == first.json()["enrollments"]["started"]
        assert client.sent_texts() == ["Welcome Ana", "A or B?", "You chose B"]
    row = world.contact_row(body["contact_id"])
    assert (row.firstname, row.lastname, row.phone) == ("Ana", "Lima", "+351 912 345 678")
    assert row.external_ids == {"custom": "u-1"}


@async_test
async def test_the_token_may_come_in_x_wfstudio_token(world: World) -> None:
    async with api(world) as client:
        reply = await client.client.post(
            "/api/channels/custom/messages", json=hello(), headers={"X-Wfstudio-Token": "t-custom"}
        )
    assert reply.status_code == 200, reply.text


@async_test
async def test_a_known_phone_or_email_finds_the_contact_and_records_the_channel_id(
    world: World,
) -> None:
    by_phone = world.contact(phone="+15550100", firstname="Phil")
    by_email = world.contact(email="eve@example.com")
    async with api(world) as client:
        one = (await client.say(hello("p-1", phone="+15550100", name="Someone Else"))).json()
        two = (await client.say(hello("e-1", email="EVE@example.com", name="Eve Adams"))).json()
    assert (one["contact_id"], one["contact_created"]) == (by_phone, False)
    assert (two["contact_id"], two["contact_created"]) == (by_email, False)
    phil, eve = world.contact_row(by_phone), world.contact_row(by_email)
    assert (phil.firstname, phil.lastname, phil.external_ids) == ("Phil", "Else", {"custom": "p-1"})
    assert (eve.firstname, eve.external_ids) == ("Eve", {"custom": "e-1"})


@pytest.mark.parametrize(
    ("token", "key"),
    [
        ("wrong", "custom"),
        (None, "custom"),
        ("", "custom"),
        ("t-web", "custom"),  # another channel's token
        ("t-custom", "web"),  # the right token on another channel's key
        ("t-custom", "nope"),
    ],
)
@async_test
async def test_a_bad_token_is_401_and_stores_nothing(
    world: World, token: str | None, key: str
) -> None:
    conversation_workflow(world)
    before = counts(world)
    async with api(world) as client:
        reply = await client.say(hello(), token=token, key=key)
        assert client.sink.requests == []
    assert reply.status_code == 401
    assert reply.json() == {"ok": False, "error": "Unknown channel or wrong token."}
    assert reply.headers["www-authenticate"] == "Bearer"
    assert counts(world) == before


@async_test
async def test_a_bad_token_wins_over_a_bad_body(world: World) -> None:
    async with api(world) as client:
        reply = await client.say(b"{not json", token="wrong", raw=True)
    assert reply.status_code == 401


@async_test
async def test_a_web_chat_channel_takes_no_messages_here(world: World) -> None:
    async with api(world) as client:
        reply = await client.say(hello(), token="t-web", key="web")
    assert reply.status_code == 400
    assert "not a custom channel" in reply.json()["error"]


MALFORMED: list[tuple[Any, str]] = [
    (b"", "The body is empty"),
    (b"{not json", "not valid JSON"),
    (b"\xff\xfe", "not UTF-8"),
    (b"[1, 2]", "must be a JSON object"),
    ({"text": "hi"}, '"contact" is required'),
    ({"contact": {"name": "Ana"}, "text": "hi"}, '"contact.id" is required'),
    ({"contact": {"id": ""}, "text": "hi"}, '"contact.id" must have 1 to 200'),
    ({"contact": {"id": True}, "text": "hi"}, '"contact.id" is required'),
    ({"contact": {"id": "u"}}, '"text" is required'),
    ({"contact": {"id": "u"}, "text": "   "}, '"text" is required'),
    ({"contact": {"id": "u"}, "text": 5}, '"text" is required'),
    ({"contact": {"id": "u"}, "text": "x" * 10_001}, "longer than 10000"),
    ({"contact": {"id": "u"}, "text": "hi", "extra": 1}, "Unknown key(s) in the body: extra"),
    ({"contact": {"id": "u", "age": 3}, "text": "hi"}, 'Unknown key(s) in "contact": age'),
    ({"contact": {"id": "u", "email": "nope"}, "text": "hi"}, "not an email address"),
    ({"contact": {"id": "u", "phone": "call me"}, "text": "hi"}, "not a phone number"),
    ({"contact": {"id": "u", "name": 7}, "text": "hi"}, '"contact.name" must be a string'),
    ({"contact": {"id": "u"}, "text": "hi", "payload": [1]}, '"payload" must be a JSON object'),
    (b"{" + b" " * MAX_BODY_BYTES + b"}", "larger than 64 KB"),
]


@pytest.mark.parametrize(("body", "message"), MALFORMED)
@async_test
async def test_a_malformed_body_is_400_with_a_clear_message_and_stores_nothing(
    world: World, body: Any, message: str
) -> None:
    conversation_workflow(world)
    before = counts(world)
    async with api(world) as client:
        reply = await client.say(body, raw=isinstance(body, bytes))
        assert client.sink.requests == []
    assert reply.status_code == 400
    assert reply.json()["ok"] is False
    assert message in reply.json()["error"]
    assert counts(world) == before


@async_test
async def test_numeric_external_ids_and_payloads_are_kept(world: World) -> None:
    async with api(world) as client:
        body = {"contact": {"id": 42}, "text": "hi", "payload": {"button": "yes"}}
        reply = await client.say(body)
    assert reply.status_code == 200
    contact_id = reply.json()["contact_id"]
    assert world.contact_row(contact_id).external_ids == {"custom": "42"}
    assert world.messages(contact_id) == [("in", "contact", "hi")]
