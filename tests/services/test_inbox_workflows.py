"""The Ongoing Workflows tab, Stop for a contact (and who may), and shortcuts."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

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
from wfstudio.services import inbox_workflows as wf
from wfstudio.services import workflows
from wfstudio.services.errors import NotFound, Refused
from wfstudio.services.inbox_thread import contact_thread
from wfstudio.store.db import session_scope
from wfstudio.store.tables import User


@pytest.fixture
def iw(engine: Engine) -> InboxWorld:
    return build_inbox_world(engine)


def _enrolled(iw: InboxWorld) -> tuple[int, int, int, int]:
    """A contact in two waiting workflows (Stoppable allows stop, Locked does not) and a
    third published workflow they are not in."""
    world = iw.world
    stoppable = waiting_flow(world, "Stoppable", allow_stop=True)
    locked = waiting_flow(world, "Locked")
    idle = world.publish(
        send("x", "x"), trigger=Trigger(kind="manual", next="x"), name="Idle manual"
    )
    person = world.contact(firstname="Ana")

    async def scenario(world: World) -> None:
        await world.say(person, "hello")

    play(world, scenario)
    return person, stoppable, locked, idle


def test_every_published_workflow_is_listed_ongoing_ones_with_their_step(iw: InboxWorld) -> None:
    person, stoppable, locked, idle = _enrolled(iw)
    rows = wf.ongoing_workflows(iw.world.engine, user_id=iw.agent_id, contact_id=person)
    assert [(r.name, r.ongoing, r.step, r.can_stop) for r in rows] == [
        ("Locked", True, "Ask for the order", False),
        ("Stoppable", True, "Ask for the order", True),
        ("Idle manual", False, "", False),
    ]
    assert [r.workflow_id for r in rows] == [locked, stoppable, idle]
    assert rows[0].since is not None and rows[2].since is None


def test_stop_ends_only_that_enrollment_and_shows_in_the_thread(iw: InboxWorld) -> None:
    person, stoppable, locked, _ = _enrolled(iw)
    engine = iw.world.engine
    wf.stop_for_contact(engine, user_id=iw.agent_id, contact_id=person, workflow_id=stoppable)
    assert status_of(iw.world, stoppable, person) == ("stopped_for_contact", "by Agent 1")
    assert status_of(iw.world, locked, person) == ("active", None)
    texts = [line.text for line in contact_thread(engine, user_id=iw.agent_id, contact_id=person)]
    assert "Workflow “Stoppable” was stopped for this contact (by Agent 1)" in texts
    with pytest.raises(Refused, match="not in “Stoppable” any more"):
        wf.stop_for_contact(engine, user_id=iw.agent_id, contact_id=person, workflow_id=stoppable)


def test_stop_is_refused_when_the_workflow_does_not_allow_it(iw: InboxWorld) -> None:
    person, _, locked, _ = _enrolled(iw)
    with pytest.raises(Refused, match="does not allow users to stop it"):
        wf.stop_for_contact(
            iw.world.engine, user_id=iw.manager_id, contact_id=person, workflow_id=locked
        )
    assert status_of(iw.world, locked, person) == ("active", None)


def test_a_restricted_agent_without_the_permission_can_neither_list_nor_stop(
    iw: InboxWorld,
) -> None:
    person, stoppable, _, _ = _enrolled(iw)
    engine = iw.world.engine
    with pytest.raises(Refused, match="do not have access"):
        wf.ongoing_workflows(engine, user_id=iw.restricted_id, contact_id=person)
    with pytest.raises(Refused, match="do not have access"):
        wf.stop_for_contact(
            engine, user_id=iw.restricted_id, contact_id=person, workflow_id=stoppable
        )
    assert status_of(iw.world, stoppable, person) == ("active", None)


def test_a_restricted_agent_given_the_permission_may_stop(iw: InboxWorld) -> None:
    person, stoppable, _, _ = _enrolled(iw)
    engine = iw.world.engine
    with session_scope(engine) as session:
        rita = session.get(User, iw.restricted_id)
        assert rita is not None
        rita.restrictions = {"see_workflows_icon": True}
        session.add(rita)
    assert len(wf.ongoing_workflows(engine, user_id=iw.restricted_id, contact_id=person)) == 3
    wf.stop_for_contact(engine, user_id=iw.restricted_id, contact_id=person, workflow_id=stoppable)
    assert status_of(iw.world, stoppable, person)[0] == "stopped_for_contact"


def test_another_workspace_cannot_see_or_stop(iw: InboxWorld) -> None:
    person, stoppable, _, _ = _enrolled(iw)
    stranger = other_workspace_user(iw.world.engine)
    with pytest.raises(NotFound):
        wf.ongoing_workflows(iw.world.engine, user_id=stranger, contact_id=person)
    with pytest.raises(NotFound):
        wf.stop_for_contact(
            iw.world.engine, user_id=stranger, contact_id=person, workflow_id=stoppable
        )


# --- shortcuts ---------------------------------------------------------------------------

FORM = {
    "name": "Book a demo",
    "icon": "calendar",
    "description": "Books a product demo",
    "fields": [
        {"label": "Seats", "type": "number", "variable": "seats", "required": True},
        {"label": "Plan", "type": "list", "variable": "plan", "options": ["Pro", "Team"]},
        {"label": "Urgent", "type": "checkbox", "variable": "urgent"},
    ],
}


def _shortcut(world: World) -> int:
    return world.publish(
        send("ok", "Your demo is booked"),
        trigger=Trigger(kind="shortcut", config=FORM, next="ok"),  # type: ignore[arg-type]
        name="Demo booking",
    )


def test_shortcuts_list_the_published_shortcut_workflows(iw: InboxWorld) -> None:
    flow = _shortcut(iw.world)
    waiting_flow(iw.world, "Not a shortcut")
    [shortcut] = wf.list_shortcuts(iw.world.engine, user_id=iw.agent_id)
    assert (shortcut.workflow_id, shortcut.name, shortcut.icon) == (flow, "Book a demo", "calendar")
    assert [f.label for f in shortcut.fields] == ["Seats", "Plan", "Urgent"]


def test_running_a_shortcut_checks_the_form_then_starts_the_workflow(iw: InboxWorld) -> None:
    world = iw.world
    flow = _shortcut(world)
    person = world.contact(firstname="Ana")

    async def scenario(world: World) -> None:
        await world.say(person, "hello")
        for answers, problem in [
            ({"plan": "Pro"}, "Seats: this answer is required"),
            ({"seats": "many"}, "not a valid number"),
            ({"seats": "2", "plan": "Gold"}, "choose one of the options"),
        ]:
            with pytest.raises(Refused, match=problem):
                await wf.run_shortcut(
                    world.rt,
                    user_id=iw.agent_id,
                    contact_id=person,
                    workflow_id=flow,
                    answers=answers,
                )
        assert world.enrollments(flow, person) == []
        handled = await wf.run_shortcut(
            world.rt,
            user_id=iw.agent_id,
            contact_id=person,
            workflow_id=flow,
            answers={"seats": "3", "plan": "Team", "urgent": "yes"},
        )
        assert len(handled.started) == 1

    play(world, scenario)
    assert world.sent(person)[-1] == "Your demo is booked"


def test_a_shortcut_of_a_stopped_workflow_is_not_found(iw: InboxWorld) -> None:
    world = iw.world
    flow = _shortcut(world)
    workflows.stop_workflow(world.engine, workflow_id=flow)
    person = world.contact(firstname="Ana")

    async def scenario(world: World) -> None:
        with pytest.raises(NotFound, match="not available"):
            await wf.run_shortcut(
                world.rt, user_id=iw.agent_id, contact_id=person, workflow_id=flow, answers={}
            )

    play(world, scenario)
