"""Inbox actions: reply, comment, assign, close and reopen, with the events they fire."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from tests.runtime.servers import RecordingServer
from tests.runtime.world import World, play
from tests.services.inbox_world import (
    InboxWorld,
    build_inbox_world,
    other_workspace_user,
    send,
    status_of,
    waiting_flow,
)
from wfstudio.domain.definition import Trigger
from wfstudio.services import inbox_actions as actions
from wfstudio.services import workspace as ws
from wfstudio.services.errors import NotFound, Refused
from wfstudio.services.inbox_thread import contact_thread


@pytest.fixture
def iw(engine: Engine) -> InboxWorld:
    return build_inbox_world(engine)


def test_a_reply_ends_an_enrollment_with_the_outgoing_message_exit(iw: InboxWorld) -> None:
    world = iw.world
    flow = waiting_flow(world, "Exits", exit_on=("outgoing_message",))
    stays = waiting_flow(world, "Stays")
    person = world.contact(firstname="Ana")

    async def scenario(world: World) -> None:
        await world.say(person, "hello")
        # the workflow's own Send a Message and question did not end it
        assert status_of(world, flow, person) == ("active", None)
        handled = await actions.reply(
            world.rt, user_id=iw.manager_id, contact_id=person, text="Hi Ana, Max here"
        )
        assert handled.exited == [world.enrollments(flow, person)[-1].id]

    play(world, scenario)
    assert status_of(world, flow, person) == ("ejected", "exit condition: outgoing message")
    assert status_of(world, stays, person) == ("active", None)
    assert ("out", "user", "Hi Ana, Max here") in world.messages(person)


def test_an_empty_reply_is_refused_and_nothing_is_stored(iw: InboxWorld) -> None:
    world = iw.world
    person = world.contact(firstname="Ana")

    async def scenario(world: World) -> None:
        await world.say(person, "hello")
        before = world.messages(person)
        with pytest.raises(Refused, match="Write a message"):
            await actions.reply(world.rt, user_id=iw.agent_id, contact_id=person, text="  ")
        assert world.messages(person) == before

    play(world, scenario)


def test_a_reply_goes_out_on_a_custom_channel_and_is_refused_when_it_fails(
    iw: InboxWorld, engine: Engine
) -> None:
    world = iw.world
    person = world.contact(firstname="Kim", external_ids={"custom": "k-1"})

    async def scenario(world: World) -> None:
        await world.say(person, "hello", channel="custom")
        ws.update_channel(
            engine, workspace_id=world.workspace_id, key="custom", config={"outbound_url": ""}
        )
        with pytest.raises(Refused, match=r"not sent: .*no outbound URL"):
            await actions.reply(world.rt, user_id=iw.agent_id, contact_id=person, text="Hi")
        assert world.sent(person) == []
        async with RecordingServer() as server:
            ws.update_channel(
                engine,
                workspace_id=world.workspace_id,
                key="custom",
                config={"outbound_url": server.url("/out")},
            )
            await actions.reply(world.rt, user_id=iw.agent_id, contact_id=person, text="Hi Kim")
            body = server.requests[0].json
        assert body["message"]["text"] == "Hi Kim"
        assert body["contact"]["external_id"] == "k-1"

    play(world, scenario)
    assert world.sent(person) == ["Hi Kim"]


def test_replying_without_an_open_conversation_opens_one_by_the_user(iw: InboxWorld) -> None:
    world = iw.world
    person = world.contact(firstname="Ana")

    async def scenario(world: World) -> None:
        await world.say(person, "hello")
        await actions.close(world.rt, user_id=iw.agent_id, contact_id=person, category="resolved")
        await actions.reply(world.rt, user_id=iw.agent_id, contact_id=person, text="Following up")

    play(world, scenario)
    first, second = world.conversations(person)
    assert (first.status, first.closed_by_source, first.closing_category) == (
        "closed",
        "user",
        "resolved",
    )
    assert (second.status, second.opened_by_source, second.opened_by_id) == (
        "open",
        "user",
        iw.agent_id,
    )


def test_an_internal_comment_is_a_note_and_ends_nothing(iw: InboxWorld) -> None:
    world = iw.world
    flow = waiting_flow(world, "Exits", exit_on=("outgoing_message",))
    person = world.contact(firstname="Ana")

    async def scenario(world: World) -> None:
        await world.say(person, "hello")
        actions.add_comment(world.rt, user_id=iw.agent_id, contact_id=person, text="VIP, be nice")

    play(world, scenario)
    assert status_of(world, flow, person) == ("active", None)
    lines = contact_thread(world.engine, user_id=iw.agent_id, contact_id=person)
    comment = [line for line in lines if line.kind == "comment"]
    assert [(c.author, c.text, c.side) for c in comment] == [("Agent 1", "VIP, be nice", "note")]
    assert "VIP, be nice" not in world.sent(person)


def test_a_manual_assignment_ends_an_enrollment_with_that_exit(iw: InboxWorld) -> None:
    world = iw.world
    flow = waiting_flow(world, "Exits", exit_on=("manual_assignment",))
    person = world.contact(firstname="Ana")

    async def scenario(world: World) -> None:
        await world.say(person, "hello")
        await actions.assign(
            world.rt, user_id=iw.manager_id, contact_id=person, assignee_key="agent2"
        )

    play(world, scenario)
    assert status_of(world, flow, person) == ("ejected", "exit condition: manual assignment")
    contact = world.contact_row(person)
    assert contact.assignee_user_id == world.agent_ids[1]
    assert world.conversations(person)[-1].assignee_user_id == world.agent_ids[1]
    lines = contact_thread(world.engine, user_id=iw.manager_id, contact_id=person)
    assert "Max Manager assigned the contact to Agent 2" in [line.text for line in lines]


def test_assign_to_a_team_then_unassign_and_refusals(iw: InboxWorld) -> None:
    world = iw.world
    person = world.contact(firstname="Ana")

    async def scenario(world: World) -> None:
        await world.say(person, "hello")
        await actions.assign(world.rt, user_id=iw.agent_id, contact_id=person, team_key="sales")
        row = world.contact_row(person)
        assert row.assignee_user_id is None and row.assignee_team_id is not None
        with pytest.raises(Refused, match="Nothing changed"):
            await actions.assign(world.rt, user_id=iw.agent_id, contact_id=person, team_key="sales")
        with pytest.raises(NotFound, match="user does not exist"):
            await actions.assign(
                world.rt, user_id=iw.agent_id, contact_id=person, assignee_key="ghost"
            )
        await actions.assign(world.rt, user_id=iw.agent_id, contact_id=person)
        row = world.contact_row(person)
        assert (row.assignee_user_id, row.assignee_team_id) == (None, None)

    play(world, scenario)
    texts = [
        line.text for line in contact_thread(world.engine, user_id=iw.agent_id, contact_id=person)
    ]
    assert "Agent 1 assigned the contact to the team Sales" in texts
    assert "Agent 1 unassigned the contact" in texts


def test_close_needs_a_category_and_fires_conversation_closed(iw: InboxWorld) -> None:
    world = iw.world
    person = world.contact(firstname="Ana")
    survey = world.publish(
        send("bye", "How did we do?"),
        trigger=Trigger(kind="conversation_closed", next="bye"),
        name="Survey",
    )

    async def scenario(world: World) -> None:
        await world.say(person, "hello")
        with pytest.raises(Refused, match="Choose a closing category"):
            await actions.close(world.rt, user_id=iw.agent_id, contact_id=person)
        with pytest.raises(NotFound, match="closing category"):
            await actions.close(world.rt, user_id=iw.agent_id, contact_id=person, category="x")
        assert world.conversations(person)[-1].status == "open"
        handled = await actions.close(
            world.rt,
            user_id=iw.agent_id,
            contact_id=person,
            category="resolved",
            summary="Refund sent",
        )
        assert len(handled.started) == 1
        with pytest.raises(Refused, match="already closed"):
            await actions.close(world.rt, user_id=iw.agent_id, contact_id=person, category="spam")

    play(world, scenario)
    closed = world.conversations(person)[-1]
    assert (closed.status, closed.closing_category, closed.summary) == (
        "closed",
        "resolved",
        "Refund sent",
    )
    assert world.enrollments(survey, person)[-1].status == "completed"
    assert world.sent(person)[-1] == "How did we do?"


def test_reopen_opens_a_conversation_by_the_user(iw: InboxWorld) -> None:
    world = iw.world
    person = world.contact(firstname="Ana")

    async def scenario(world: World) -> None:
        await world.say(person, "hello")
        with pytest.raises(Refused, match="already open"):
            await actions.reopen(world.rt, user_id=iw.agent_id, contact_id=person)
        await actions.close(world.rt, user_id=iw.agent_id, contact_id=person, category="spam")
        await actions.reopen(world.rt, user_id=iw.agent_id, contact_id=person)

    play(world, scenario)
    last = world.conversations(person)[-1]
    assert (last.status, last.opened_by_source, last.opened_by_id) == ("open", "user", iw.agent_id)


def test_a_user_of_another_workspace_or_nobody_is_refused(iw: InboxWorld) -> None:
    world = iw.world
    person = world.contact(firstname="Ana")
    stranger = other_workspace_user(world.engine)

    async def scenario(world: World) -> None:
        with pytest.raises(NotFound, match="contact does not exist"):
            await actions.assign(
                world.rt, user_id=stranger, contact_id=person, assignee_key="agent1"
            )
        with pytest.raises(Refused, match="Sign in again"):
            await actions.reopen(world.rt, user_id=0, contact_id=person)

    play(world, scenario)
    assert world.contact_row(person).assignee_user_id is None
