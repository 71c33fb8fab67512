"""Test sessions: the code, start over, skip wait, End Testing, and what test runs never
touch (version history, counters, published workflows)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.runtime.world import World, build_world, play
from wfstudio.domain.definition import Step, Trigger, WorkflowDefinition
from wfstudio.services import runs, testing, workflows
from wfstudio.services.errors import NotFound, Refused
from wfstudio.services.testing_views import chat_of_session
from wfstudio.store import repo, repo_testing
from wfstudio.store.db import Engine, session_scope
from wfstudio.store.tables import Tag


@pytest.fixture
def world(engine: Engine) -> World:
    return build_world(engine)


def step(step_id: str, kind: str, next_: dict[str, str] | None = None, **config: Any) -> Step:
    return Step(id=step_id, kind=kind, name=step_id.title(), config=config, next=next_ or {})


def say(step_id: str, text: str, **next_: str) -> Step:
    return step(step_id, "send_message", next_, text=text)


EMAIL_QUESTION = dict(
    text="What is your email?", question_type="email", save_to_field=True, field="email"
)


def draft(world: World, *steps: Step, trigger: Trigger | None = None, name: str = "Draft") -> int:
    """A saved draft (never published); returns its id."""
    trigger = trigger or Trigger(kind="conversation_opened", config={"sources": ["contact"]})
    trigger = trigger.model_copy(update={"next": steps[0].id})
    view = workflows.create_workflow(
        world.engine, workspace_id=world.workspace_id, actor_id=world.owner_id, name=name
    )
    workflows.save_draft(
        world.engine,
        workflow_id=view.id,
        definition=WorkflowDefinition(name=name, trigger=trigger, steps=steps),
        expected_revision=view.revision,
    )
    return view.id


def open_test(world: World, workflow_id: int, **variables: str | None) -> testing.TestSessionView:
    return testing.open_session(
        world.engine,
        workflow_id=workflow_id,
        channel_key="web",
        variables=variables,
        actor_id=world.owner_id,
        now=world.clock.now(),
    )


def lines(world: World, code: str) -> list[tuple[str, str]]:
    return [(line.side, line.text) for line in chat_of_session(world.engine, code=code).lines]


def welcome_flow(world: World) -> int:
    return draft(
        world,
        say("hi", "Welcome!", success="ask"),
        step("ask", "ask_question", {"answered": "thanks"}, **EMAIL_QUESTION),
        say("thanks", "Saved $contact.email."),
    )


def test_the_code_runs_the_draft_and_answers_are_saved_on_the_test_contact(world: World) -> None:
    workflow_id = welcome_flow(world)
    session = open_test(world, workflow_id)
    assert session.code.startswith("TEST") and len(session.code) == 8

    async def scenario(w: World) -> None:
        await testing.send(w.rt, code=session.code.lower(), text=f" {session.code.lower()} ")
        await testing.send(w.rt, code=session.code, text="not an email")
        await testing.send(w.rt, code=session.code, text="ana@example.com")

    play(world, scenario)
    assert lines(world, session.code) == [
        ("contact", session.code.lower()),
        ("bot", "Welcome!"),
        ("bot", "What is your email?"),
        ("contact", "not an email"),
        ("bot", "Please reply with a valid email address."),
        ("contact", "ana@example.com"),
        ("bot", "Saved ana@example.com."),
    ]
    view = chat_of_session(world.engine, code=session.code)
    assert ("Email", "ana@example.com") in view.contact
    assert view.status.text.startswith("Finished: completed")
    row = world.contact_row(session.contact_id)
    assert (row.email, row.is_test, row.firstname) == ("ana@example.com", True, "Test")


def test_sending_the_code_again_starts_over_and_the_code_works_until_end_testing(
    world: World,
) -> None:
    workflow_id = welcome_flow(world)
    session = open_test(world, workflow_id)

    async def scenario(w: World) -> None:
        await testing.send(w.rt, code=session.code, text=session.code)
        await testing.send(w.rt, code=session.code, text=session.code)
        status = chat_of_session(w.engine, code=session.code).status
        assert (status.running, status.step_id) == (True, "ask")
        testing.end_session(w.rt, code=session.code)
        with pytest.raises(Refused, match="no longer works"):
            await testing.send(w.rt, code=session.code, text=session.code)
        with pytest.raises(Refused, match="no longer works"):
            await testing.send(w.rt, code=session.code, text="hello")

    play(world, scenario)
    first, second = world.enrollments(workflow_id, session.contact_id)
    assert (first.status, first.end_reason) == ("ejected", "test restarted with the code")
    assert (second.status, second.end_reason) == ("ejected", "testing ended")
    assert first.is_test and second.is_test
    assert world.sent(session.contact_id).count("Welcome!") == 2
    ended = chat_of_session(world.engine, code=session.code)
    assert ended.session.ended
    assert (ended.status.phase, ended.status.running, ended.status.step_id) == ("ended", False, "")
    assert ended.status.text == "This test has ended: testing was ended in the builder."
    assert (
        testing.active_session(world.engine, workflow_id=workflow_id, actor_id=world.owner_id)
        is None
    )
    with pytest.raises(NotFound):
        chat_of_session(world.engine, code="TEST0000X")


def test_skip_wait_fires_the_wait_now_without_moving_the_clock(world: World) -> None:
    workflow_id = draft(
        world,
        say("hi", "Before", success="pause"),
        step("pause", "wait", {"success": "after"}, amount=2, unit="days"),
        say("after", "After"),
    )
    session = open_test(world, workflow_id)
    before = world.clock.now()

    async def scenario(w: World) -> None:
        await testing.send(w.rt, code=session.code, text=session.code)
        status = chat_of_session(w.engine, code=session.code).status
        assert (status.can_skip, status.step_id) == (True, "pause")
        assert status.text.startswith("Waiting at “Pause” until")
        assert await testing.skip_wait(w.rt, code=session.code)
        assert not await testing.skip_wait(w.rt, code=session.code)

    play(world, scenario)
    assert world.sent(session.contact_id) == ["Before", "After"]
    assert world.clock.now() == before


def test_skip_wait_fast_forwards_a_question_timeout(world: World) -> None:
    workflow_id = draft(
        world,
        step("ask", "ask_question", {"timeout": "late"}, **EMAIL_QUESTION, timeout_branch=True),
        say("late", "Too late"),
    )
    session = open_test(world, workflow_id)

    async def scenario(w: World) -> None:
        await testing.send(w.rt, code=session.code, text=session.code)
        assert "Waiting for an answer" in chat_of_session(w.engine, code=session.code).status.text
        await testing.skip_wait(w.rt, code=session.code)

    play(world, scenario)
    assert world.sent(session.contact_id) == ["What is your email?", "Too late"]


def test_test_runs_stay_out_of_versions_counters_and_publishing(world: World) -> None:
    workflow_id = welcome_flow(world)
    session = open_test(world, workflow_id)

    async def scenario(w: World) -> None:
        await testing.send(w.rt, code=session.code, text=session.code)
        await testing.send(w.rt, code=session.code, text=session.code)

    play(world, scenario)
    engine = world.engine
    with session_scope(engine) as db:
        test_version = repo_testing.latest_test_version(session=db, workflow_id=workflow_id)
        assert test_version is not None and test_version.number == -1  # reused: draft unchanged
        assert repo.published_versions(session=db, workspace_id=world.workspace_id) == []
    assert workflows.list_versions(engine, workflow_id=workflow_id) == []
    assert workflows.get_workflow(engine, workflow_id=workflow_id).status == "draft"
    with pytest.raises(NotFound):
        workflows.restore_version(engine, workflow_id=workflow_id, number=-1)
    workflows.publish_workflow(engine, workflow_id=workflow_id, actor_id=world.owner_id)
    assert [v.number for v in workflows.list_versions(engine, workflow_id=workflow_id)] == [1]
    assert runs.step_counters(engine, workflow_id=workflow_id) == {}
    assert runs.workflow_runs(engine, workflow_id=workflow_id, include_test=False) == []


def test_a_changed_draft_gets_a_new_test_snapshot(world: World) -> None:
    workflow_id = draft(world, say("hi", "One"))
    session = open_test(world, workflow_id)

    async def scenario(w: World) -> None:
        await testing.send(w.rt, code=session.code, text=session.code)
        view, definition = workflows.get_draft(w.engine, workflow_id=workflow_id)
        changed = definition.replace(steps=(say("hi", "Two"),))
        workflows.save_draft(
            w.engine, workflow_id=workflow_id, definition=changed, expected_revision=view.revision
        )
        await testing.send(w.rt, code=session.code, text=session.code)

    play(world, scenario)
    assert world.sent(session.contact_id) == ["One", "Two"]
    with session_scope(world.engine) as db:
        latest = repo_testing.latest_test_version(session=db, workflow_id=workflow_id)
        assert latest is not None and latest.number == -2


def test_published_triggers_never_enroll_the_test_contact(world: World) -> None:
    opened = world.publish(say("p1", "Published welcome"), name="On open")
    tagged = world.publish(
        say("p2", "Published tag"),
        trigger=Trigger(
            kind="contact_tag_updated", config={"action": "added", "tags": ["vip"]}, next="p2"
        ),
        name="On vip",
    )
    workflow_id = draft(
        world,
        step("tag", "update_contact_tag", {"success": "ask"}, action="add", tags=["vip"]),
        step("ask", "ask_question", {"answered": "bye"}, **EMAIL_QUESTION),
        say("bye", "Bye"),
    )
    session = open_test(world, workflow_id)

    async def scenario(w: World) -> None:
        await testing.send(w.rt, code=session.code, text=session.code)
        await testing.send(w.rt, code=session.code, text="ana@example.com")
        await testing.send(w.rt, code=session.code, text="and one more thing")

    play(world, scenario)
    assert world.enrollments(opened, session.contact_id) == []
    assert world.enrollments(tagged, session.contact_id) == []
    assert world.sent(session.contact_id) == ["What is your email?", "Bye"]


def test_trigger_variables_are_given_to_the_run_and_empty_means_null(world: World) -> None:
    workflow_id = draft(
        world,
        say("hi", "From $trigger.channel.", success="pause"),
        step("pause", "wait", {}, amount=1, unit="hours"),
    )
    assert testing.trigger_variables(world.engine, workflow_id=workflow_id) == ["channel", "source"]
    with pytest.raises(Refused, match="no variable “nope”"):
        open_test(world, workflow_id, nope="x")
    session = open_test(world, workflow_id, channel="web", source="")

    async def scenario(w: World) -> None:
        await testing.send(w.rt, code=session.code, text=session.code)

    play(world, scenario)
    assert world.sent(session.contact_id) == ["From web."]
    [run] = world.enrollments(workflow_id, session.contact_id)
    assert run.variables == {"trigger.channel": "web", "trigger.source": None}


def test_channels_exclude_custom_channel_and_wechat_and_are_refused(world: World) -> None:
    keys = [
        c.key for c in testing.channels_for_testing(world.engine, workspace_id=world.workspace_id)
    ]
    assert keys == ["web"]
    workflow_id = draft(world, say("hi", "x"))
    with pytest.raises(Refused, match="not available"):
        testing.open_session(
            world.engine, workflow_id=workflow_id, channel_key="custom", variables={}, actor_id=None
        )


def test_a_draft_with_errors_is_refused_when_the_code_is_sent(world: World) -> None:
    workflow_id = draft(world, step("tag", "update_contact_tag", {}, action="add", tags=["lead"]))
    with session_scope(world.engine) as db:  # the tag is deleted after the draft was saved
        tag = repo.get_by_key(session=db, table=Tag, workspace_id=world.workspace_id, key="lead")
        db.delete(tag)
    session = open_test(world, workflow_id)

    async def scenario(w: World) -> None:
        with pytest.raises(Refused, match="configuration errors"):
            await testing.send(w.rt, code=session.code, text=session.code)

    play(world, scenario)
    assert world.enrollments(workflow_id, session.contact_id) == []


def test_system_lines_show_assignment_comment_and_close_in_order(world: World) -> None:
    workflow_id = draft(
        world,
        say("hi", "Hello", success="assign"),
        step("assign", "assign_to", {"success": "note"}, action="specific_user", user="agent1"),
        step("note", "add_comment", {"success": "close"}, text="VIP, be quick"),
        step("close", "close_conversation", {"success": "bye"}),
        say("bye", "Bye"),
    )
    session = open_test(world, workflow_id)

    async def scenario(w: World) -> None:
        await testing.send(w.rt, code=session.code, text=session.code)

    play(world, scenario)
    assert lines(world, session.code)[1:] == [
        ("bot", "Hello"),
        ("system", "Assigned to Agent 1 by “Assign”"),
        ("system", "Internal comment: VIP, be quick"),
        ("system", "Conversation closed"),
        ("bot", "Bye"),
    ]


def test_events_a_reply_causes_do_not_enroll_the_test_contact_either(world: World) -> None:
    on_email = world.publish(
        say("p", "Published: email changed"),
        trigger=Trigger(kind="contact_field_updated", config={"field": "email"}, next="p"),
        name="On email",
    )
    workflow_id = welcome_flow(world)
    session = open_test(world, workflow_id)

    async def scenario(w: World) -> None:
        await testing.send(w.rt, code=session.code, text=session.code)
        await testing.send(w.rt, code=session.code, text="ana@example.com")

    play(world, scenario)
    assert world.enrollments(on_email, session.contact_id) == []


def test_multiple_choice_options_show_as_buttons_and_a_button_answers(world: World) -> None:
    options = [{"text": "Sales"}, {"text": "Support"}]
    workflow_id = draft(
        world,
        step(
            "menu",
            "ask_question",
            {"option_1": "sales", "option_2": "support"},
            text="Who do you need?",
            question_type="multiple_choice",
            options=options,
        ),
        say("sales", "Sales it is"),
        say("support", "Support it is"),
    )
    session = open_test(world, workflow_id)

    async def scenario(w: World) -> None:
        await testing.send(w.rt, code=session.code, text=session.code)
        [question] = [
            line for line in chat_of_session(w.engine, code=session.code).lines if line.buttons
        ]
        assert (question.text, question.buttons) == ("Who do you need?", ("Sales", "Support"))
        await testing.send(w.rt, code=session.code, text=question.buttons[1])

    play(world, scenario)
    assert world.sent(session.contact_id)[-1] == "Support it is"
