"""Trigger Another Workflow in the test chat: the Multi-Level Chat Menu (Main Menu) opens
its sub menu's draft, falls back to the sub menu's published version, or says in the chat
why the sub menu cannot run; sending the code again and End Testing end the sub menu too."""

from __future__ import annotations

import pytest

from tests.runtime.world import World, build_world, play
from tests.templates.filling import fill_for_demo
from wfstudio.domain.definition import Step, Trigger, WorkflowDefinition
from wfstudio.services import templates as gallery
from wfstudio.services import testing
from wfstudio.services import workflows as svc
from wfstudio.services.testing_views import chat_of_session
from wfstudio.services.workspace import workspace_choices
from wfstudio.store.db import Engine, session_scope
from wfstudio.store.tables import Workflow

MAIN, SUB = "multi-level-chat-menu-main-menu", "multi-level-chat-menu-sub-menu"


@pytest.fixture
def world(engine: Engine) -> World:
    return build_world(engine)


def question(key: str, step_id: str) -> str:
    step = gallery.get_template(key)[1].step(step_id)
    assert step is not None
    return str(step.config["text"])


def use(world: World, key: str, *, sub_key: str = "") -> int:
    """Use template ``key`` and save it with the workspace's data filled in (the main
    menu's Trigger Another Workflow aimed at ``sub_key``); a draft, its id."""
    now = world.clock.now()
    view = gallery.use_template(
        world.engine, workspace_id=world.workspace_id, actor_id=world.owner_id, key=key, now=now
    )
    _, draft = svc.get_draft(world.engine, workflow_id=view.id)
    filled = fill_for_demo(draft, workspace_choices(world.engine, workspace_id=world.workspace_id))
    if sub_key:
        steps = [
            s.model_copy(update={"config": {**s.config, "workflow": sub_key}})
            if s.kind == "trigger_workflow"
            else s
            for s in filled.steps
        ]
        filled = filled.model_copy(update={"steps": tuple(steps)})
    svc.save_draft(
        world.engine,
        workflow_id=view.id,
        definition=filled,
        expected_revision=view.revision,
        now=now,
    )
    return view.id


def menus(world: World) -> tuple[int, int]:
    """The sub menu and the main menu (aimed at it), both drafts; their ids."""
    sub_id = use(world, SUB)
    return sub_id, use(world, MAIN, sub_key=world.key_of(sub_id))


def break_draft(world: World, workflow_id: int) -> None:
    """Give the saved draft a configuration error, as deleting a team it assigns to does."""
    with session_scope(world.engine) as db:
        workflow = db.get(Workflow, workflow_id)
        assert workflow is not None
        draft = dict(workflow.draft)
        draft["steps"] = [
            {**s, "config": {**s["config"], "action": "team", "team": "gone"}}
            if s["kind"] == "assign_to"
            else s
            for s in draft["steps"]
        ]
        workflow.draft = draft
        db.add(workflow)


def open_main(world: World, main_id: int) -> testing.TestSessionView:
    return testing.open_session(
        world.engine,
        workflow_id=main_id,
        channel_key="web",
        variables={},
        actor_id=world.owner_id,
        now=world.clock.now(),
    )


def lines(world: World, code: str) -> list[tuple[str, str]]:
    return [(line.side, line.text) for line in chat_of_session(world.engine, code=code).lines]


def test_the_main_menu_opens_the_sub_menu_draft_in_the_test_chat(world: World) -> None:
    sub_id, main_id = menus(world)
    session = open_main(world, main_id)

    async def scenario(w: World) -> None:
        await testing.send(w.rt, code=session.code, text=session.code)
        await testing.send(w.rt, code=session.code, text="Orders & FAQs")
        status = chat_of_session(w.engine, code=session.code).status
        assert status.running and status.step_id == ""  # no step of the main menu
        assert status.text.startswith(
            "In “Multi-Level Chat Menu (Sub Menu)”: Waiting for an answer to “Orders & FAQs menu”"
        )
        await testing.send(w.rt, code=session.code, text="Delivery times")

    play(world, scenario)
    chat = lines(world, session.code)
    assert ("bot", question(MAIN, "menu")) in chat
    at = chat.index(("contact", "Orders & FAQs"))
    assert chat[at + 1] == ("bot", question(SUB, "faq"))
    assert chat[at + 2] == ("contact", "Delivery times")
    assert chat[at + 3][1].startswith("Orders placed before 14:00")
    (sub_run,) = world.enrollments(sub_id, session.contact_id)
    assert sub_run.is_test and sub_run.status == "active"
    with session_scope(world.engine) as db:
        version = db.get(svc.WorkflowVersion, sub_run.version_id)
        assert version is not None and version.is_test and version.number == -1
    assert svc.list_versions(world.engine, workflow_id=sub_id) == []  # still a draft
    assert [e.status for e in world.enrollments(main_id, session.contact_id)] == ["completed"]


def test_end_testing_and_starting_over_end_the_sub_menu_too(world: World) -> None:
    sub_id, main_id = menus(world)
    session = open_main(world, main_id)

    async def scenario(w: World) -> None:
        await testing.send(w.rt, code=session.code, text=session.code)
        await testing.send(w.rt, code=session.code, text="Orders & FAQs")
        await testing.send(w.rt, code=session.code, text=session.code)  # start over
        await testing.send(w.rt, code=session.code, text="Orders & FAQs")
        testing.end_session(w.rt, code=session.code)

    play(world, scenario)
    runs = world.enrollments(sub_id, session.contact_id)
    assert [(e.status, e.end_reason) for e in runs] == [
        ("ejected", "test restarted with the code"),
        ("ejected", "testing ended"),
    ]
    assert world.sent(session.contact_id).count(question(SUB, "faq")) == 2


def test_a_sub_menu_draft_with_errors_runs_its_published_version(world: World) -> None:
    sub_id, main_id = menus(world)
    svc.publish_workflow(world.engine, workflow_id=sub_id, actor_id=world.owner_id)
    break_draft(world, sub_id)
    session = open_main(world, main_id)

    async def scenario(w: World) -> None:
        await testing.send(w.rt, code=session.code, text=session.code)
        await testing.send(w.rt, code=session.code, text="Orders & FAQs")

    play(world, scenario)
    assert world.sent(session.contact_id)[-1] == question(SUB, "faq")
    (sub_run,) = world.enrollments(sub_id, session.contact_id)
    assert sub_run.is_test
    assert [v.number for v in svc.list_versions(world.engine, workflow_id=sub_id)] == [1]
    with session_scope(world.engine) as db:
        version = db.get(svc.WorkflowVersion, sub_run.version_id)
        assert version is not None and version.number == 1


def test_a_sub_menu_that_cannot_run_is_explained_in_the_chat(world: World) -> None:
    sub_id, main_id = menus(world)
    break_draft(world, sub_id)
    session = open_main(world, main_id)

    async def scenario(w: World) -> None:
        await testing.send(w.rt, code=session.code, text=session.code)
        await testing.send(w.rt, code=session.code, text="Orders & FAQs")

    play(world, scenario)
    side, text = lines(world, session.code)[-1]
    assert side == "system"
    assert text.startswith(
        "Note: Trigger Another Workflow did not start a test run: "
        "“Multi-Level Chat Menu (Sub Menu)” cannot run: This workflow has configuration errors"
    )
    assert world.enrollments(sub_id, session.contact_id) == []
    assert question(SUB, "faq") not in world.sent(session.contact_id)


def test_skip_wait_fast_forwards_the_sub_menu_question(world: World) -> None:
    sub_id, main_id = menus(world)
    session = open_main(world, main_id)

    async def scenario(w: World) -> None:
        await testing.send(w.rt, code=session.code, text=session.code)
        await testing.send(w.rt, code=session.code, text="Orders & FAQs")
        assert chat_of_session(w.engine, code=session.code).status.can_skip
        assert await testing.skip_wait(w.rt, code=session.code)

    play(world, scenario)
    (sub_run,) = world.enrollments(sub_id, session.contact_id)
    assert (sub_run.status, sub_run.end_reason) == (
        "failed",
        "timeout: No reply before the timeout.",
    )  # the template's question has no timeout branch


def test_a_trigger_workflow_step_reached_from_the_code_starts_its_target(world: World) -> None:
    sub_id = use(world, SUB)
    starter = svc.create_workflow(
        world.engine, workspace_id=world.workspace_id, actor_id=world.owner_id, name="Starter"
    )
    go = Step(
        id="go", kind="trigger_workflow", name="Go", config={"workflow": world.key_of(sub_id)}
    )
    svc.save_draft(
        world.engine,
        workflow_id=starter.id,
        definition=WorkflowDefinition(
            name="Starter",
            trigger=Trigger(kind="conversation_opened", config={"sources": ["contact"]}, next="go"),
            steps=(go,),
        ),
        expected_revision=starter.revision,
    )
    session = open_main(world, starter.id)

    async def scenario(w: World) -> None:
        await testing.send(w.rt, code=session.code, text=session.code)

    play(world, scenario)
    assert world.sent(session.contact_id) == [question(SUB, "faq")]
    (sub_run,) = world.enrollments(sub_id, session.contact_id)
    assert sub_run.is_test and sub_run.variables["trigger.from_workflow"] == world.key_of(
        starter.id
    )
