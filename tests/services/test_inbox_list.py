"""The conversation list (boxes, statuses, previews), its fingerprint, and the thread."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Engine

from tests.runtime.world import World, play
from tests.services.inbox_world import InboxWorld, build_inbox_world, status_of, waiting_flow
from wfstudio.services import inbox_actions as actions
from wfstudio.services import inbox_workflows as wf
from wfstudio.services.inbox_list import inbox_fingerprint, list_conversations
from wfstudio.services.inbox_thread import contact_thread

XSS = "<img src=x onerror=alert(1)>"


@pytest.fixture
def iw(engine: Engine) -> InboxWorld:
    return build_inbox_world(engine)


def _names(iw: InboxWorld, box: str, status: str = "open") -> list[str]:
    rows = list_conversations(iw.world.engine, user_id=iw.agent_id, box=box, status=status)
    return [row.name for row in rows]


def test_boxes_and_statuses(iw: InboxWorld) -> None:
    world = iw.world
    ana, bo, cy = (world.contact(firstname=name) for name in ("Ana", "Bo", "Cy"))

    async def scenario(world: World) -> None:
        for person in (ana, bo, cy):
            await world.say(person, f"hi from {person}")
        await actions.assign(world.rt, user_id=iw.agent_id, contact_id=bo, assignee_key="agent1")
        await actions.assign(world.rt, user_id=iw.agent_id, contact_id=cy, team_key="sales")
        await actions.close(world.rt, user_id=iw.agent_id, contact_id=ana, category="spam")

    play(world, scenario)
    assert _names(iw, "mine") == ["Bo"]
    assert _names(iw, "unassigned") == []
    assert _names(iw, "all") == ["Cy", "Bo"]  # latest activity first
    assert _names(iw, "all", "closed") == ["Ana"]
    assert _names(iw, "unassigned", "closed") == ["Ana"]


def test_rows_show_the_latest_message_and_whether_the_contact_waits(iw: InboxWorld) -> None:
    world = iw.world
    ana, bo = world.contact(firstname="Ana"), world.contact(firstname="Bo")

    async def scenario(world: World) -> None:
        await world.say(ana, "Where is\nmy order?")
        await world.say(bo, "hello")
        await actions.reply(world.rt, user_id=iw.agent_id, contact_id=bo, text="Hi Bo")
        actions.add_comment(world.rt, user_id=iw.agent_id, contact_id=bo, text="internal")

    play(world, scenario)
    rows = {r.name: r for r in list_conversations(world.engine, user_id=iw.agent_id)}
    assert (rows["Ana"].preview, rows["Ana"].awaiting_reply) == ("Where is my order?", True)
    assert (rows["Bo"].preview, rows["Bo"].awaiting_reply) == ("Agent 1: Hi Bo", False)
    assert rows["Ana"].channel == "Web"


def test_the_fingerprint_changes_when_a_message_arrives_and_only_then(iw: InboxWorld) -> None:
    world = iw.world
    person = world.contact(firstname="Ana")
    seen: list[str] = []

    async def scenario(world: World) -> None:
        seen.append(inbox_fingerprint(world.engine, workspace_id=world.workspace_id))
        seen.append(inbox_fingerprint(world.engine, workspace_id=world.workspace_id))
        await world.say(person, "hi")
        seen.append(inbox_fingerprint(world.engine, workspace_id=world.workspace_id))
        await actions.assign(world.rt, user_id=iw.agent_id, contact_id=person, team_key="sales")
        seen.append(inbox_fingerprint(world.engine, workspace_id=world.workspace_id))

    play(world, scenario)
    assert seen[0] == seen[1]
    assert len(set(seen[1:])) == 3


def test_the_thread_has_every_author_and_system_line_as_plain_text(iw: InboxWorld) -> None:
    world = iw.world
    flow = waiting_flow(world, "Greeter", exit_on=("outgoing_message",), allow_stop=True)
    person = world.contact(firstname="Ana")

    async def scenario(world: World) -> None:
        await world.say(person, XSS)
        world.clock.advance(timedelta(seconds=5))
        await actions.reply(world.rt, user_id=iw.manager_id, contact_id=person, text="Hello")
        world.clock.advance(timedelta(seconds=5))
        actions.add_comment(world.rt, user_id=iw.agent_id, contact_id=person, text="note")

    play(world, scenario)
    assert status_of(world, flow, person)[0] == "ejected"
    lines = contact_thread(world.engine, user_id=iw.agent_id, contact_id=person)
    assert [(line.kind, line.author, line.text) for line in lines] == [
        ("event", "", "Workflow “Greeter” started"),
        ("contact", "Ana", XSS),
        ("workflow", "Greeter", "Hi, a workflow here"),
        ("workflow", "Greeter", "Your order number?"),
        ("user", "Max Manager", "Hello"),
        ("event", "", "Workflow “Greeter” ended (exit condition: outgoing message)"),
        ("comment", "Agent 1", "note"),
    ]
    assert [line.side for line in lines] == ["note", "in", "out", "out", "out", "note", "note"]
    assert (
        wf.ongoing_workflows(world.engine, user_id=iw.agent_id, contact_id=person)[0].ongoing
        is False
    )


def test_test_chat_contacts_are_not_listed_nor_change_the_fingerprint(iw: InboxWorld) -> None:
    world = iw.world
    ana = world.contact(firstname="Ana")
    tester = world.contact(firstname="Tester", is_test=True)

    async def customer(world: World) -> None:
        await world.say(ana, "hello")

    async def test_chat(world: World) -> None:
        await world.say(tester, "testing my workflow")

    play(world, customer)
    before = inbox_fingerprint(world.engine, workspace_id=world.workspace_id)
    play(world, test_chat)
    assert _names(iw, "all") == ["Ana"]
    assert _names(iw, "unassigned") == ["Ana"]
    assert _names(iw, "all", "closed") == []
    assert inbox_fingerprint(world.engine, workspace_id=world.workspace_id) == before


def test_a_workflow_message_is_labelled_with_the_workflow_name_as_in_the_thread(
    iw: InboxWorld,
) -> None:
    world = iw.world
    waiting_flow(world, "Greeter")
    person = world.contact(firstname="Ana")
    play(world, lambda w: w.say(person, "hi"))
    [row] = list_conversations(world.engine, user_id=iw.agent_id)
    last = contact_thread(world.engine, user_id=iw.agent_id, contact_id=person)[-1]
    assert (last.kind, last.author) == ("workflow", "Greeter")
    assert row.preview == "Greeter: Your order number?"
