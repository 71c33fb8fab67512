"""Inbound messages and webhook calls as services: parsing, finding the contact, locks."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import select

from tests.runtime.world import World, build_world
from wfstudio.runtime.runner import Runtime
from wfstudio.services import inbound
from wfstudio.services.inbound import BadRequest, InboundContact, decode_json, lookup
from wfstudio.store.db import make_engine, session_scope
from wfstudio.store.tables import Contact


@pytest.fixture
def world(engine: Engine) -> World:
    return build_world(engine)


def test_a_name_is_split_into_first_and_last_and_emails_are_lowercased() -> None:
    message = inbound.parse_channel_message(
        {
            "contact": {"id": " u-7 ", "name": "Ana Maria Lima", "email": "Ana@X.test"},
            "text": "hi",
        }
    )
    assert message.contact == InboundContact(
        external_id="u-7", firstname="Ana", lastname="Maria Lima", email="ana@x.test"
    )
    assert message.payload == {}


def test_firstname_and_lastname_win_over_name() -> None:
    who = inbound.parse_channel_message(
        {"contact": {"id": 1, "name": "X Y", "firstname": "Bo"}, "text": "hi"}
    ).contact
    assert (who.firstname, who.lastname) == ("Bo", None)


@pytest.mark.parametrize(
    ("document", "path", "value"),
    [
        ({"a": {"b": 1}}, "a.b", 1),
        ({"a.b": 2, "a": {"b": 1}}, "a.b", 2),  # a literal key with a dot first
        ({"items": [{"sku": "x"}]}, "items.0.sku", "x"),
        ({"items": []}, "items.0.sku", None),
        ({"a": 1}, "a.b", None),
        ({"a": None}, "a", None),
        ([1], "0", 1),
    ],
)
def test_lookup_follows_dotted_paths(document: Any, path: str, value: Any) -> None:
    assert lookup(document, path) == value


def test_decode_json_takes_bytes_text_or_parsed_values() -> None:
    assert decode_json(b'\xef\xbb\xbf{"a": 1}') == {"a": 1}
    assert decode_json('{"a": 1}') == {"a": 1}
    assert decode_json({"a": 1}) == {"a": 1}
    with pytest.raises(BadRequest, match="empty"):
        decode_json(b"  ")


def test_what_the_request_brings_fills_empty_fields_only(world: World) -> None:
    person = world.contact(firstname="Kim", external_ids={"custom": "k-1"})
    runtime = Runtime(world.engine, clock=world.clock)

    async def main() -> inbound.Ack:
        try:
            return await inbound.receive_channel_message(
                runtime,
                channel_key="custom",
                token="t-custom",
                body={
                    "contact": {"id": "k-1", "name": "Other Name", "email": "kim@x.test"},
                    "text": "hello",
                },
            )
        finally:
            await runtime.aclose()

    ack = asyncio.run(main())
    assert (ack.contact_id, ack.contact_created) == (person, False)
    row = world.contact_row(person)
    assert (row.firstname, row.lastname, row.email) == ("Kim", "Name", "kim@x.test")


def test_concurrent_first_messages_of_one_new_contact_create_it_once(
    world: World, db_url: str
) -> None:
    """Two processes' worth of runtimes (own engines, own threads) race on a new id."""
    barrier = threading.Barrier(4)
    acks: list[inbound.Ack] = []

    def one() -> None:
        engine = make_engine(db_url)
        runtime = Runtime(engine, clock=world.clock)

        async def main() -> None:
            barrier.wait()
            try:
                acks.append(
                    await inbound.receive_channel_message(
                        runtime,
                        channel_key="custom",
                        token="t-custom",
                        body={"contact": {"id": "same"}, "text": "hi"},
                    )
                )
            finally:
                await runtime.aclose()

        asyncio.run(main())
        engine.dispose()

    threads = [threading.Thread(target=one) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(acks) == 4
    assert len({ack.contact_id for ack in acks}) == 1
    assert sum(ack.contact_created for ack in acks) == 1
    with session_scope(world.engine) as session:
        assert len(session.exec(select(Contact.id)).all()) == 1
