"""What an inbound call's acknowledgement lists: every enrollment the call started,
resumed or ended, down the chain too (a tag a step added that started another workflow,
which started a third), whether the chain ran in the call's first transaction or after a
step's network call (a message sent to the channel)."""

from __future__ import annotations

from sqlmodel import col, select

from tests.api.support import api, hello
from tests.api.test_webhooks import webhook_workflow
from tests.runtime.servers import async_test
from tests.runtime.test_scenarios import say, step
from tests.runtime.world import World
from wfstudio.domain.definition import Trigger
from wfstudio.store.db import session_scope
from wfstudio.store.tables import Enrollment


def on_tag(world: World, tag: str, *steps: object) -> int:
    trigger = Trigger(
        kind="contact_tag_updated",
        config={"action": "added", "tags": [tag]},
        next=steps[0].id,  # type: ignore[attr-defined]
    )
    return world.publish(*steps, trigger=trigger)  # type: ignore[arg-type]


def chain(world: World) -> tuple[int, int, int]:
    """Conversation opened → say hello (a network call), tag vip → (tag vip) tag lead
    → (tag lead) say hi: three workflows, the last two started by the first's steps."""
    opener = world.publish(
        say("hello", "Hello", success="vip"),
        step("vip", "update_contact_tag", {}, action="add", tags=["vip"]),
    )
    middle = on_tag(
        world, "vip", step("lead", "update_contact_tag", {}, action="add", tags=["lead"])
    )
    last = on_tag(world, "lead", say("hi", "Hi, lead"))
    return opener, middle, last


def enrollment_ids(world: World, contact_id: int) -> dict[int, list[int]]:
    with session_scope(world.engine) as session:
        rows = session.exec(
            select(Enrollment)
            .where(Enrollment.contact_id == contact_id)
            .order_by(col(Enrollment.id))
        ).all()
        found: dict[int, list[int]] = {}
        for row in rows:
            found.setdefault(row.workflow_id, []).append(row.id or 0)
        return found


@async_test
async def test_a_channel_message_lists_the_enrollments_its_chain_started(world: World) -> None:
    opener, middle, last = chain(world)
    async with api(world) as client:
        reply = await client.say(hello("u-9", "hi"))
        assert reply.status_code == 200, reply.text
        assert client.sent_texts() == ["Hello", "Hi, lead"]
    body = reply.json()
    by_workflow = enrollment_ids(world, body["contact_id"])
    assert sorted(by_workflow) == sorted([opener, middle, last])
    everyone = sorted(i for ids in by_workflow.values() for i in ids)
    assert sorted(body["enrollments"]["started"]) == everyone
    assert body["enrollments"]["started"][0] == by_workflow[opener][0]  # in the order run
    assert body["enrollments"]["resumed"] == body["enrollments"]["exited"] == []


@async_test
async def test_a_reply_lists_what_its_answer_started_and_what_it_resumed(world: World) -> None:
    asking = world.publish(
        step(
            "ask",
            "ask_question",
            {"option_1": "vip"},
            text="VIP?",
            question_type="multiple_choice",
            options=[{"text": "Yes"}],
        ),
        step("vip", "update_contact_tag", {}, action="add", tags=["vip"]),
    )
    tagged = on_tag(world, "vip", say("welcome", "Welcome, VIP"))
    async with api(world) as client:
        first = (await client.say(hello("u-3", "hi"))).json()
        second = (await client.say(hello("u-3", "Yes"))).json()
    by_workflow = enrollment_ids(world, first["contact_id"])
    assert first["enrollments"]["started"] == by_workflow[asking]
    assert second["enrollments"]["resumed"] == by_workflow[asking]
    assert second["enrollments"]["started"] == by_workflow[tagged]


@async_test
async def test_a_webhook_call_lists_the_enrollments_its_chain_started(world: World) -> None:
    secret = webhook_workflow(world)  # sets the contact's field "company"
    on_field = world.publish(
        step("tag", "update_contact_tag", {}, action="add", tags=["vip"]),
        trigger=Trigger(kind="contact_field_updated", config={"field": "company"}, next="tag"),
    )
    on_vip = on_tag(
        world, "vip", step("lead", "update_contact_tag", {}, action="add", tags=["lead"])
    )
    async with api(world) as client:
        reply = await client.client.post(
            f"/api/webhooks/{secret}", json={"customer": {"email": "a@b.test"}, "order": {"id": 1}}
        )
    assert reply.status_code == 200, reply.text
    body = reply.json()
    by_workflow = enrollment_ids(world, body["contact_id"])
    assert on_field in by_workflow and on_vip in by_workflow
    everyone = sorted(i for ids in by_workflow.values() for i in ids)
    assert sorted(body["enrollments"]["started"]) == everyone
