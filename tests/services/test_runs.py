"""Run history, the steps of a run, per-step counters and who waits where."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from tests.runtime.test_scenarios import say, step
from tests.runtime.world import World, build_world, play
from wfstudio.services import runs
from wfstudio.services.errors import NotFound
from wfstudio.services.runs import StepCounter

EMAIL = dict(text="Your email?", question_type="email", save_to_field=True, field="email")


@pytest.fixture
def world(engine: Engine) -> World:
    return build_world(engine)


def test_counters_history_and_waiting(world: World) -> None:
    workflow_id = world.publish(
        say("hi", "Hello", success="ask"),
        step("ask", "ask_question", {"answered": "thanks"}, **EMAIL),
        say("thanks", "Thanks"),
    )
    ana = world.contact(firstname="Ana", lastname="Lima")
    bob = world.contact(email="bob@x.test")
    cid = world.contact()

    async def scenario(w: World) -> None:
        for person in (ana, bob, cid):
            await w.say(person, "hello")
        await w.say(ana, "ana@x.test")

    play(world, scenario)

    assert runs.step_counters(world.engine, workflow_id=workflow_id) == {
        "hi": StepCounter(entered=3, waiting=0, exited=3),
        "ask": StepCounter(entered=3, waiting=2, exited=1),
        "thanks": StepCounter(entered=1, waiting=0, exited=1),
    }

    history = runs.workflow_runs(world.engine, workflow_id=workflow_id)
    assert [(r.contact_name, r.status, r.current_step_name) for r in history] == [
        (f"Contact {cid}", "active", "Ask"),
        ("bob@x.test", "active", "Ask"),
        ("Ana Lima", "completed", "Thanks"),
    ]
    assert {r.version_number for r in history} == {1}

    [ana_run] = runs.contact_runs(world.engine, contact_id=ana)
    assert ana_run.workflow_id == workflow_id and ana_run.end_reason
    steps = runs.run_steps(world.engine, enrollment_id=ana_run.enrollment_id)
    assert [(s.step_id, s.status, s.port) for s in steps] == [
        ("hi", "done", "success"),
        ("ask", "done", "answered"),
        ("thanks", "done", "success"),
    ]
    assert steps[1].summary.get("answer") == "ana@x.test"

    waiting = runs.waiting_contacts(world.engine, workflow_id=workflow_id)
    assert [(w.contact_id, w.step_id, w.kind) for w in waiting] == [
        (bob, "ask", "ask_question"),
        (cid, "ask", "ask_question"),
    ]
    assert all(w.since == world.clock.now() for w in waiting)
    assert all(w.wakes_at is not None and w.wakes_at > world.clock.now() for w in waiting)
    assert runs.waiting_contacts(world.engine, workflow_id=workflow_id, step_id="hi") == []
    assert len(runs.waiting_contacts(world.engine, workflow_id=workflow_id, limit=1)) == 1


def test_unknown_workflow_contact_or_run_is_not_found(world: World) -> None:
    with pytest.raises(NotFound):
        runs.step_counters(world.engine, workflow_id=999)
    with pytest.raises(NotFound):
        runs.workflow_runs(world.engine, workflow_id=999)
    with pytest.raises(NotFound):
        runs.contact_runs(world.engine, contact_id=999)
    with pytest.raises(NotFound):
        runs.run_steps(world.engine, enrollment_id=999)
    with pytest.raises(NotFound):
        runs.waiting_contacts(world.engine, workflow_id=999)
