"""One scenario per runtime rule of the product page's FAQ and SPEC §4, on a fixed clock."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.runtime.world import World, play
from wfstudio.domain.definition import Condition, ConditionGroup, Settings, Step, Trigger
from wfstudio.runtime.events import ConversationClosed, ManualAssignment, OutgoingMessage
from wfstudio.services import workflows


def step(step_id: str, kind: str, next_: dict[str, str] | None = None, **config: Any) -> Step:
    return Step(id=step_id, kind=kind, name=step_id.title(), config=config, next=next_ or {})


def say(step_id: str, text: str, **next_: str) -> Step:
    return step(step_id, "send_message", next_, text=text)


EMAIL_QUESTION = dict(
    text="What is your email?",
    question_type="email",
    save_to_field=True,
    field="email",
    timeout_branch=True,
)


def test_welcome_then_email_question_saves_a_valid_answer(world: World) -> None:
    workflow_id = world.publish(
        say("hi", "Welcome, $contact.firstname!", success="ask"),
        step("ask", "ask_question", {"answered": "thanks"}, **EMAIL_QUESTION),
        say("thanks", "Thanks, we'll write to $contact.email."),
    )
    person = world.contact(firstname="Ana")

    async def scenario(w: World) -> None:
        await w.say(person, "hello")
        await w.say(person, "not an email")
        await w.say(person, "ana@example.com")

    play(world, scenario)
    assert world.sent(person) == [
        "Welcome, Ana!",
        "What is your email?",
        "Please reply with a valid email address.",
        "Thanks, we'll write to ana@example.com.",
    ]
    assert world.contact_row(person).email == "ana@example.com"
    [enrollment] = world.enrollments(workflow_id, person)
    assert (enrollment.status, enrollment.variables) == ("completed", {})


def test_ask_a_question_times_out_after_seven_days_and_follows_timeout(world: World) -> None:
    world.publish(
        step("ask", "ask_question", {"timeout": "late"}, **EMAIL_QUESTION),
        say("late", "We did not hear from you."),
    )
    person = world.contact()

    async def scenario(w: World) -> None:
        await w.say(person, "hello")
        assert await w.advance(days=6, hours=23) == 0
        assert await w.advance(hours=1) == 1

    play(world, scenario)
    assert world.sent(person)[-1] == "We did not hear from you."


def test_a_timeout_with_nothing_connected_ends_the_enrollment(world: World) -> None:
    config = {**EMAIL_QUESTION, "timeout_branch": False}
    workflow_id = world.publish(step("ask", "ask_question", {}, **config))
    person = world.contact()

    async def scenario(w: World) -> None:
        await w.say(person, "hello")
        await w.advance(days=7)

    play(world, scenario)
    [enrollment] = world.enrollments(workflow_id, person)
    assert enrollment.status == "failed"
    assert "timeout" in (enrollment.end_reason or "")


def test_a_contact_cannot_re_enter_a_workflow_it_is_in(world: World) -> None:
    workflow_id = world.publish(step("wait", "wait", {}, amount=1, unit="days"))
    person = world.contact()

    async def scenario(w: World) -> None:
        await w.say(person, "hello")
        conversation = w.conversations(person)[0]
        await w.rt.dispatch(
            ConversationClosed(contact_id=person, conversation_id=conversation.id or 0)
        )
        # a new conversation opens while the first enrollment still waits
        from wfstudio.runtime.events import ConversationOpened

        await w.rt.dispatch(ConversationOpened(contact_id=person, source="user"))

    play(world, scenario)
    assert len(world.enrollments(workflow_id, person)) == 1


def test_trigger_once_per_contact_never_enrolls_again(world: World) -> None:
    workflow_id = world.publish(
        say("hi", "Welcome"),
        trigger=Trigger(kind="conversation_opened", next="hi", once_per_contact=True),
    )
    person = world.contact()

    async def scenario(w: World) -> None:
        from wfstudio.runtime.events import ConversationOpened

        await w.say(person, "hello")
        for _ in range(2):
            await w.rt.dispatch(ConversationOpened(contact_id=person, source="contact"))

    play(world, scenario)
    assert len(world.enrollments(workflow_id, person)) == 1
    assert world.sent(person) == ["Welcome"]


def test_stopping_ejects_everyone_and_re_publishing_does_not_re_enroll(world: World) -> None:
    workflow_id = world.publish(
        step("wait", "wait", {"success": "done"}, amount=1, unit="hours"), say("done", "Done")
    )
    people = [world.contact() for _ in range(3)]

    async def scenario(w: World) -> None:
        for person in people:
            await w.say(person, "hello")
        workflows.stop_workflow(w.engine, workflow_id=workflow_id, now=w.clock.now())
        workflows.publish_workflow(
            w.engine, workflow_id=workflow_id, actor_id=w.owner_id, now=w.clock.now()
        )
        assert await w.advance(hours=2) == 0  # their wakes went with them

    play(world, scenario)
    rows = world.enrollments(workflow_id)
    assert [r.status for r in rows] == ["ejected"] * 3
    assert all(world.sent(person) == [] for person in people)


def test_an_empty_team_moves_on_without_assigning(world: World) -> None:
    world.publish(
        step("assign", "assign_to", {"success": "after"}, action="team", team="nobody"),
        say("after", "Moving on"),
    )
    person = world.contact()
    play(world, lambda w: w.say(person, "hello"))
    assert world.sent(person) == ["Moving on"]
    assert world.contact_row(person).assignee_user_id is None


def test_round_robin_is_exact_over_three_agents(world: World) -> None:
    world.publish(step("assign", "assign_to", {}, action="team", team="sales", logic="round_robin"))
    people = [world.contact() for _ in range(31)]

    async def scenario(w: World) -> None:
        import asyncio

        await asyncio.gather(*(w.say(person, "hi") for person in people))

    play(world, scenario)
    counts = {agent: 0 for agent in world.agent_ids}
    for person in people:
        counts[world.contact_row(person).assignee_user_id or 0] += 1
    assert sorted(counts.values()) == [10, 10, 11]


def test_only_online_queues_until_someone_is_online_then_times_out(world: World) -> None:
    world.publish(
        step(
            "assign",
            "assign_to",
            {"success": "ok", "timeout": "late"},
            action="team",
            team="sales",
            only_online=True,
            timeout_branch=True,
            timeout_seconds=3600,
        ),
        say("ok", "Assigned to $assignee.name"),
        say("late", "Nobody is around"),
    )
    first, second = world.contact(), world.contact()
    for agent in world.agent_ids:
        world.set_online(agent, False)

    async def scenario(w: World) -> None:
        await w.say(first, "hi")
        await w.say(second, "hi")
        w.set_online(w.agent_ids[1], True)
        await w.advance(seconds=30)  # the queue looks again
        w.set_online(w.agent_ids[1], False)

    play(world, scenario)
    assert world.sent(first) == ["Assigned to Agent 2"]

    async def later(w: World) -> None:
        await w.advance(hours=1)

    play(world, later)
    assert world.sent(second)[-1] in ("Assigned to Agent 2", "Nobody is around")


def test_a_manual_close_does_not_end_the_workflow(world: World) -> None:
    workflow_id = world.publish(
        step("wait", "wait", {"success": "bye"}, amount=1, unit="hours"), say("bye", "Still here")
    )
    person = world.contact()

    async def scenario(w: World) -> None:
        await w.say(person, "hello")
        conversation = w.conversations(person)[0]
        await w.rt.dispatch(
            ConversationClosed(
                contact_id=person, conversation_id=conversation.id or 0, source="user"
            )
        )
        await w.advance(hours=1)

    play(world, scenario)
    assert world.enrollments(workflow_id, person)[0].status == "completed"
    assert world.sent(person) == ["Still here"]


def test_a_reply_after_the_conversation_closed_does_not_reopen_it(world: World) -> None:
    world.publish(
        step("close", "close_conversation", {"success": "ask"}),
        step("ask", "ask_question", {"answered": "thanks"}, **EMAIL_QUESTION),
        say("thanks", "Got it"),
    )
    person = world.contact()

    async def scenario(w: World) -> None:
        await w.say(person, "hello")
        await w.say(person, "me@example.com")

    play(world, scenario)
    assert [c.status for c in world.conversations(person)] == ["closed"]
    assert world.sent(person)[-1] == "Got it"


def test_exit_on_incoming_message_but_not_on_a_reply_to_its_own_question(world: World) -> None:
    settings = Settings(exit_on=("incoming_message",))
    asking = world.publish(
        step("ask", "ask_question", {"answered": "wait"}, **EMAIL_QUESTION),
        step("wait", "wait", {}, amount=1, unit="days"),
        settings=settings,
    )
    person = world.contact()

    async def scenario(w: World) -> None:
        await w.say(person, "hello")
        await w.say(person, "me@example.com")  # the answer: no exit
        await w.say(person, "one more thing")  # now an exit

    play(world, scenario)
    [enrollment] = world.enrollments(asking, person)
    assert (enrollment.status, enrollment.end_reason) == (
        "ejected",
        "exit condition: incoming message",
    )
    assert world.contact_row(person).email == "me@example.com"


def test_exit_on_outgoing_message_by_a_user_not_by_a_broadcast(world: World) -> None:
    workflow_id = world.publish(
        step("wait", "wait", {}, amount=1, unit="days"),
        settings=Settings(exit_on=("outgoing_message",)),
    )
    person = world.contact()

    async def scenario(w: World) -> None:
        await w.say(person, "hello")
        await w.rt.dispatch(
            OutgoingMessage(contact_id=person, text="News", author_kind="broadcast")
        )
        assert w.enrollments(workflow_id, person)[0].status == "active"
        await w.rt.dispatch(
            OutgoingMessage(contact_id=person, text="Hi", author_kind="user", author_id=w.owner_id)
        )

    play(world, scenario)
    assert world.enrollments(workflow_id, person)[0].status == "ejected"


def test_exit_on_manual_assignment(world: World) -> None:
    workflow_id = world.publish(
        step("wait", "wait", {}, amount=1, unit="days"),
        settings=Settings(exit_on=("manual_assignment",)),
    )
    person = world.contact()

    async def scenario(w: World) -> None:
        await w.say(person, "hello")
        await w.rt.dispatch(
            ManualAssignment(contact_id=person, user_id=w.agent_ids[0], by_user_id=w.owner_id)
        )

    play(world, scenario)
    assert (
        world.enrollments(workflow_id, person)[0].end_reason == "exit condition: manual assignment"
    )


def test_two_workflows_run_for_the_same_contact(world: World) -> None:
    first = world.publish(say("a", "From A"))
    second = world.publish(say("b", "From B"))
    person = world.contact()
    play(world, lambda w: w.say(person, "hello"))
    assert sorted(world.sent(person)) == ["From A", "From B"]
    assert world.enrollments(first, person) and world.enrollments(second, person)


def test_branch_jump_and_tag_trigger_chain(world: World) -> None:
    tagged = world.publish(
        say("vip", "Welcome, VIP"),
        trigger=Trigger(
            kind="contact_tag_updated", config={"action": "added", "tags": ["vip"]}, next="vip"
        ),
    )
    vip_rule = ConditionGroup(
        rules=(
            Condition(category="contact_field", field="company", operator="equals", value="Acme"),
        )
    )
    world.publish(
        step(
            "branch",
            "branch",
            {"branch_1": "tag", "else": "plain"},
            branches=[vip_rule.model_dump(mode="json")],
        ),
        step("tag", "update_contact_tag", {}, action="add", tags=["vip"]),
        say("plain", "Hello"),
    )
    acme, other = world.contact(custom_fields={"company": "Acme"}), world.contact()

    async def scenario(w: World) -> None:
        await w.say(acme, "hi")
        await w.say(other, "hi")

    play(world, scenario)
    assert world.sent(acme) == ["Welcome, VIP"]
    assert world.sent(other) == ["Hello"]
    assert world.contact_row(acme).tags == ["vip"]
    assert world.enrollments(tagged, acme)[0].status == "completed"


def test_jump_to_counts_and_then_takes_next(world: World) -> None:
    world.publish(
        say("again", "Ping", success="jump"),
        step("jump", "jump_to", {"next": "done"}, target="again", max_jumps=2),
        say("done", "Done"),
    )
    person = world.contact()
    play(world, lambda w: w.say(person, "hi"))
    assert world.sent(person) == ["Ping", "Ping", "Ping", "Done"]


def test_trigger_another_workflow_enrolls_the_contact_there(world: World) -> None:
    target = world.publish(
        say("sub", "Sub menu"), trigger=Trigger(kind="manual", next="sub"), name="Sub"
    )
    world.publish(step("go", "trigger_workflow", {}, workflow=world.key_of(target)))
    person = world.contact()
    play(world, lambda w: w.say(person, "hi"))
    assert world.sent(person) == ["Sub menu"]


def test_update_field_is_seen_by_the_next_step_and_fires_field_trigger(world: World) -> None:
    watcher = world.publish(
        say("seen", "Plan is now $trigger.new_value"),
        trigger=Trigger(kind="contact_field_updated", config={"field": "firstname"}, next="seen"),
    )
    world.publish(
        step(
            "set",
            "update_contact_field",
            {"success": "hello"},
            updates=[{"field": "firstname", "value": "Zed"}],
        ),
        say("hello", "Hi $contact.firstname"),
    )
    person = world.contact(firstname="Old")
    play(world, lambda w: w.say(person, "hi"))
    assert world.sent(person) == ["Hi Zed", "Plan is now Zed"]
    assert world.enrollments(watcher, person)[0].status == "completed"


def test_a_failed_send_without_a_failure_port_ends_the_enrollment(world: World) -> None:
    workflow_id = world.publish(
        step(
            "send",
            "send_message",
            {"success": "after"},
            text="Hi",
            channel_mode="specific",
            channel="custom",
        ),
        say("after", "never"),
    )
    person = world.contact()
    play(world, lambda w: w.say(person, "hi"))
    [enrollment] = world.enrollments(workflow_id, person)
    assert enrollment.status == "failed"
    assert world.sent(person) == []


def test_waits_survive_a_restart_and_finish_exactly_once(world: World) -> None:
    workflow_id = world.publish(
        step("wait", "wait", {"success": "bye"}, amount=2, unit="days"), say("bye", "Welcome back")
    )
    people = [world.contact() for _ in range(200)]

    async def park(w: World) -> None:
        for person in people:
            await w.say(person, "hi")

    play(world, park)  # the runtime of this "process" is dropped here
    world.clock.advance(__import__("datetime").timedelta(days=2))

    async def resume(w: World) -> None:
        while await w.rt.fire_due():
            pass

    play(world, resume)  # a new runtime, rebuilt from the database
    assert all(world.sent(person) == ["Welcome back"] for person in people)
    assert {e.status for e in world.enrollments(workflow_id)} == {"completed"}


def test_a_deleted_workflows_version_id_reused_by_sqlite_runs_the_new_definition(
    world: World,
) -> None:
    """SQLite gives a new row the id of a deleted last row: the runtime's definition cache
    must not hand the new version the deleted one's steps."""
    old = world.publish(say("hi", "Old greeting"), name="Old")
    first = world.contact()

    async def greet(person: int) -> None:
        await world.say(person, "hello")

    play(world, lambda w: greet(first))
    workflows.stop_workflow(world.engine, workflow_id=old)
    workflows.delete_workflow(world.engine, workflow_id=old)
    world.clock.advance(timedelta(seconds=1))
    world.publish(say("hi", "New greeting"), name="New")
    second = world.contact()
    play(world, lambda w: greet(second))

    assert world.sent(first) == ["Old greeting"]
    assert world.sent(second) == ["New greeting"]
