"""Delivering messages: the custom channel's POST, retries, and the connector-less kinds."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.runtime.servers import RecordingServer, Reply, async_test
from wfstudio.domain.steps.send_message import ChannelMessage, SendMessageConfig
from wfstudio.domain.variables import Scope
from wfstudio.runtime.channels import (
    ChannelTarget,
    ContactAddress,
    OutboundMessage,
    deliver,
    pick_channel_message,
    send_message_outbound,
)
from wfstudio.runtime.http import HttpClient

CONTACT = ContactAddress(
    contact_id=7, name="Ada Lovelace", phone="+441234", email="ada@example.com", external_id="u-7"
)
MESSAGE = OutboundMessage(text="Hi Ada", buttons=("Yes", "No"), attachments=("https://f/x.pdf",))


def custom(url: str | None, **config: object) -> ChannelTarget:
    if url is not None:
        config["outbound_url"] = url
    return ChannelTarget(key="my_app", kind="custom_channel", name="My app", config=config)


@async_test
async def test_custom_channel_posts_the_message() -> None:
    async with RecordingServer([Reply(202)]) as server, HttpClient() as client:
        result = await deliver(client, custom(server.url("/out")), CONTACT, MESSAGE)
    assert result.ok and result.attempts == 1 and result.status == 202 and result.error is None
    sent = server.requests[0]
    assert (sent.method, sent.path) == ("POST", "/out")
    assert sent.headers["content-type"] == "application/json"
    assert sent.json == {
        "channel": "my_app",
        "contact": {
            "id": 7,
            "name": "Ada Lovelace",
            "phone": "+441234",
            "email": "ada@example.com",
            "external_id": "u-7",
        },
        "message": {
            "type": "message",
            "text": "Hi Ada",
            "buttons": ["Yes", "No"],
            "attachments": ["https://f/x.pdf"],
        },
    }


@async_test
async def test_question_carries_options_and_message_id() -> None:
    question = OutboundMessage(text="Size?", kind="question", options=("S", "M"), message_id=99)
    async with RecordingServer() as server, HttpClient() as client:
        assert (await deliver(client, custom(server.url()), CONTACT, question)).ok
    message = server.requests[0].json["message"]
    assert message["type"] == "question" and message["options"] == ["S", "M"]
    assert message["id"] == 99


@async_test
async def test_5xx_is_retried_until_success() -> None:
    async with RecordingServer([Reply(500), Reply(200)]) as server, HttpClient() as client:
        result = await deliver(client, custom(server.url()), CONTACT, MESSAGE, backoff_s=0.01)
    assert result.ok and result.attempts == 2 and len(server.requests) == 2


@async_test
async def test_persistent_5xx_fails_after_three_attempts() -> None:
    async with RecordingServer([Reply(503, text="down")]) as server, HttpClient() as client:
        result = await deliver(client, custom(server.url()), CONTACT, MESSAGE, backoff_s=0.01)
    assert not result.ok and result.attempts == 3 and result.status == 503
    assert result.error == "The channel answered HTTP 503: down (3 attempts)."


@async_test
async def test_4xx_is_not_retried() -> None:
    async with RecordingServer([Reply(422, json={"e": "bad"})]) as server, HttpClient() as client:
        result = await deliver(client, custom(server.url()), CONTACT, MESSAGE, backoff_s=0.01)
    assert not result.ok and result.attempts == 1 and len(server.requests) == 1
    assert result.error and "HTTP 422" in result.error


@async_test
async def test_timeout_is_retried_then_fails() -> None:
    async with RecordingServer([Reply(delay_s=2)]) as server, HttpClient() as client:
        target = custom(server.url(), timeout_s=0.2)
        result = await deliver(client, target, CONTACT, MESSAGE, backoff_s=0.01)
    assert not result.ok and result.attempts == 3 and result.status is None
    assert result.error == "No response within 0.2 s (3 attempts)."


@pytest.mark.parametrize("url", [None, "", "ftp://example.com/x"])
@async_test
async def test_missing_or_bad_outbound_url_fails_without_a_request(url: str | None) -> None:
    async with HttpClient() as client:
        result = await deliver(client, custom(url), CONTACT, MESSAGE)
    assert not result.ok and result.attempts == 0
    assert result.error and "My app" in result.error


@async_test
async def test_web_chat_and_connectorless_kinds_succeed_without_a_request() -> None:
    async with HttpClient() as client:
        web = await deliver(client, ChannelTarget("site", "web_chat"), CONTACT, MESSAGE)
        whatsapp = await deliver(client, ChannelTarget("wa", "whatsapp"), CONTACT, MESSAGE)
        odd = await deliver(client, ChannelTarget("x", "pigeon"), CONTACT, MESSAGE)
    assert web.ok and not web.inbox_only and web.attempts == 0
    assert whatsapp.ok and whatsapp.inbox_only and whatsapp.attempts == 0
    assert not odd.ok and odd.error and "pigeon" in odd.error


def test_pick_channel_message_prefers_the_channel_version() -> None:
    config = SendMessageConfig(
        text="Default",
        channel_messages=(
            ChannelMessage(channel="wa", text="WhatsApp version"),
            ChannelMessage(channel="blank", text="  "),
        ),
    )
    assert pick_channel_message(config, "wa") == "WhatsApp version"
    assert pick_channel_message(config, "site") == "Default"
    assert pick_channel_message(config, "blank") == "Default"


def test_send_message_outbound_renders_variables() -> None:
    config = SendMessageConfig(
        text="Hi $contact.firstname",
        channel_messages=(ChannelMessage(channel="wa", text="Hey $contact.firstname!"),),
        buttons=("Order $var.order",),
        attachments=("https://files/$var.order.pdf",),
    )
    scope = Scope(
        now=datetime(2024, 1, 1, tzinfo=UTC),
        contact={"firstname": "Ada"},
        variables={"var.order": "A1"},
    )
    message = send_message_outbound(config, "wa", scope)
    assert message == OutboundMessage(
        text="Hey Ada!", buttons=("Order A1",), attachments=("https://files/A1.pdf",)
    )
