"""The inbound and planning hot path caches what rarely changes (parsed definitions, a
workspace's configuration) but never serves a stale value: what another process (another
engine on the same database) changes is seen by the very next call."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine
from sqlmodel import func, select

from tests.runtime.test_scenarios import say, step
from tests.runtime.world import World, play
from wfstudio.domain.definition import Trigger, WorkflowDefinition
from wfstudio.runtime.runner import Runtime
from wfstudio.runtime.workspace_config import workspace_config
from wfstudio.services import inbound, workflows
from wfstudio.store.db import make_engine, session_scope
from wfstudio.store.tables import Channel, Contact, ContactField, Message, Workspace


@pytest.fixture
def other(db_url: str) -> Iterator[Engine]:
    """A second engine on the same database: another process's view."""
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


def _message_count(engine: Engine) -> int:
    with session_scope(engine) as session:
        return session.exec(select(func.count()).select_from(Message)).one()


def test_a_channel_token_rotated_in_another_process_is_refused_at_once(
    world: World, other: Engine
) -> None:
    runtime = Runtime(world.engine, clock=world.clock)

    async def send(token: str) -> inbound.Ack:
        return await inbound.receive_channel_message(
            runtime,
            channel_key="custom",
            token=token,
            body={"contact": {"id": "r-1"}, "text": "hi"},
        )

    async def main() -> None:
        try:
            await send("t-custom")  # the old token works (and warms every cache)
            with session_scope(other) as session:
                channel = session.exec(select(Channel).where(Channel.key == "custom")).one()
                channel.secret_token = "t-rotated"
                session.add(channel)
            stored = _message_count(world.engine)
            with pytest.raises(inbound.Unauthorized):
                await send("t-custom")
            assert _message_count(world.engine) == stored  # nothing stored
            await send("t-rotated")
            assert _message_count(world.engine) == stored + 1
        finally:
            await runtime.aclose()

    asyncio.run(main())


def test_a_workflow_republished_in_another_process_is_used_at_once(
    world: World, other: Engine
) -> None:
    workflow_id = world.publish(say("hello", "Version one"))
    first, second = world.contact(), world.contact()

    async def scenario(w: World) -> None:
        await w.say(first, "hi")
        workflows.stop_workflow(other, workflow_id=workflow_id, now=w.clock.now())
        view = workflows.get_workflow(other, workflow_id=workflow_id)
        definition = WorkflowDefinition(
            name=view.name,
            trigger=Trigger(kind="conversation_opened", next="hello"),
            steps=(say("hello", "Version two"),),
        )
        workflows.save_draft(
            other,
            workflow_id=workflow_id,
            definition=definition,
            expected_revision=view.revision,
            now=w.clock.now(),
        )
        workflows.publish_workflow(
            other, workflow_id=workflow_id, actor_id=w.owner_id, now=w.clock.now()
        )
        await w.say(second, "hi")

    play(world, scenario)
    assert world.sent(first) == ["Version one"]
    assert world.sent(second) == ["Version two"]


def test_a_workflow_stopped_in_another_process_enrolls_nobody_at_once(
    world: World, other: Engine
) -> None:
    workflow_id = world.publish(say("hello", "Hello"))
    first, second = world.contact(), world.contact()

    async def scenario(w: World) -> None:
        await w.say(first, "hi")
        workflows.stop_workflow(other, workflow_id=workflow_id, now=w.clock.now())
        await w.say(second, "hi")

    play(world, scenario)
    assert (world.sent(first), world.sent(second)) == (["Hello"], [])


def test_a_question_changed_into_a_plain_step_is_not_answered_from_a_cached_version(
    world: World,
) -> None:
    """The waiting check reads the enrollment's open log every time: an answer resumes
    the question, and the next message (nothing waits any more) opens nothing new."""
    world.publish(
        step(
            "ask",
            "ask_question",
            {"option_1": "done", "option_2": "done"},
            text="A or B?",
            question_type="multiple_choice",
            options=[{"text": "A"}, {"text": "B"}],
        ),
        say("done", "Thanks"),
    )
    person = world.contact()

    async def scenario(w: World) -> None:
        await w.say(person, "hi")
        await w.say(person, "A")
        await w.say(person, "A")  # nothing waits: an ordinary message, no second run

    play(world, scenario)
    assert world.sent(person) == ["A or B?", "Thanks"]
    assert len(world.conversations(person)) == 1


def test_the_workspace_configuration_changed_in_another_process_is_read_at_once(
    world: World, other: Engine
) -> None:
    def config_now() -> tuple[str, dict[str, str], dict[str, str]]:
        with session_scope(world.engine) as session:
            config = workspace_config(session, world.workspace_id)
            assert config is not None
            return (
                config.timezone,
                {key: channel.name for key, channel in config.channels.items()},
                dict(config.field_types),
            )

    timezone, channels, fields = config_now()
    assert (timezone, channels["custom"], fields["company"]) == ("UTC", "Custom", "text")
    assert config_now() == (timezone, channels, fields)  # served from the cache, unchanged
    with session_scope(other) as session:
        workspace = session.get(Workspace, world.workspace_id)
        assert workspace is not None
        workspace.timezone = "Europe/Lisbon"
        channel = session.exec(select(Channel).where(Channel.key == "custom")).one()
        channel.name = "Renamed"
        channel.config = {"outbound_url": "http://127.0.0.1:9/x"}
        session.add_all([workspace, channel])
        session.add(
            ContactField(workspace_id=world.workspace_id, key="plan", label="Plan", type="number")
        )
    timezone, channels, fields = config_now()
    assert (timezone, channels["custom"], fields["plan"]) == ("Europe/Lisbon", "Renamed", "number")
    with session_scope(world.engine) as session:
        config = workspace_config(session, world.workspace_id)
        assert config is not None
        assert config.channels["custom"].config == {"outbound_url": "http://127.0.0.1:9/x"}


def test_a_channel_key_shared_by_two_workspaces_finds_the_contact_of_the_token_s_workspace(
    world: World,
) -> None:
    with session_scope(world.engine) as session:
        other_ws = Workspace(name="Other", created_at=world.clock.now())
        session.add(other_ws)
        session.flush()
        session.add(
            Channel(
                workspace_id=other_ws.id or 0,
                key="custom",
                kind="custom_channel",
                name="Theirs",
                secret_token="t-theirs",
            )
        )
        theirs = Contact(
            workspace_id=other_ws.id or 0,
            created_at=world.clock.now(),
            external_ids={"custom": "x-1"},
        )
        session.add(theirs)
        session.flush()
        theirs_id = theirs.id
    runtime = Runtime(world.engine, clock=world.clock)

    async def send(token: str) -> inbound.Ack:
        return await inbound.receive_channel_message(
            runtime,
            channel_key="custom",
            token=token,
            body={"contact": {"id": "x-1"}, "text": "hi"},
        )

    async def main() -> list[inbound.Ack]:
        try:
            return [await send("t-custom"), await send("t-custom"), await send("t-theirs")]
        finally:
            await runtime.aclose()

    ours, ours_again, their_ack = asyncio.run(main())
    assert ours.contact_created and ours.contact_id != theirs_id
    assert (ours_again.contact_id, ours_again.contact_created) == (ours.contact_id, False)
    assert (their_ack.contact_id, their_ack.contact_created) == (theirs_id, False)
    assert world.contact_row(ours.contact_id).workspace_id == world.workspace_id
