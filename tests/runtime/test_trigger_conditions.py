"""Trigger conditions of every category, at enrollment, through the real runner: they see
the same facts a Branch step sees (:func:`wfstudio.runtime.facts.condition_facts`)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.runtime.world import World, play
from wfstudio.domain.definition import Condition, ConditionGroup, Step, Trigger
from wfstudio.runtime.events import ConversationClosed, Event, ShortcutRun, TagChanged

# category → (a rule the contact below matches, one it does not)
RULES: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "channel": (
        {"category": "channel", "operator": "equals", "value": "custom"},
        {"category": "channel", "operator": "equals", "value": "web"},
    ),
    "last_incoming_message": (
        {"category": "last_incoming_message", "operator": "contains", "value": "hello"},
        {"category": "last_incoming_message", "operator": "contains", "value": "refund"},
    ),
    "conversation": (
        {"category": "conversation", "field": "source", "operator": "equals", "value": "contact"},
        {"category": "conversation", "field": "source", "operator": "equals", "value": "user"},
    ),
    "assignee_status": (
        {"category": "assignee_status", "operator": "equals", "value": "online"},
        {"category": "assignee_status", "operator": "equals", "value": "offline"},
    ),
    "contact_field": (
        {"category": "contact_field", "field": "company", "operator": "equals", "value": "Acme"},
        {"category": "contact_field", "field": "company", "operator": "equals", "value": "Other"},
    ),
    "tags": (
        {"category": "tags", "operator": "has_any_of", "value": ["lead"]},
        {"category": "tags", "operator": "has_none_of", "value": ["lead"]},
    ),
}
TRIGGERS: dict[str, dict[str, Any]] = {
    "conversation_opened": {},
    "conversation_closed": {},
    "contact_tag_updated": {"tags": ["vip"], "action": "added"},
    "shortcut": {"name": "Follow up"},
}


def _event(kind: str, world: World, person: int, workflow_id: int) -> Event | None:
    """The event that fires ``kind`` after the contact wrote (None: the message did)."""
    if kind == "conversation_closed":
        conversation = world.conversations(person)[0]
        return ConversationClosed(contact_id=person, conversation_id=conversation.id or 0)
    if kind == "contact_tag_updated":
        return TagChanged(contact_id=person, tag="vip", action="added")
    if kind == "shortcut":
        return ShortcutRun(contact_id=person, workflow_key=world.key_of(workflow_id))
    return None


def _run(world: World, kind: str, rule: dict[str, Any]) -> list[int]:
    """The enrollments of a workflow triggered by ``kind`` under ``rule``."""
    workflow_id = world.publish(
        Step(id="hi", kind="send_message", name="Hi", config={"text": "Matched"}),
        trigger=Trigger(
            kind=kind,
            config=TRIGGERS[kind],
            conditions=ConditionGroup(rules=(Condition(**rule),)),
            next="hi",
        ),
    )
    person = world.contact(
        firstname="Ana",
        custom_fields={"company": "Acme"},
        tags=["lead"],
        assignee_user_id=world.agent_ids[0],
    )

    async def scenario(w: World) -> None:
        await w.say(person, "hello there", channel=w.custom_key)
        event = _event(kind, w, person, workflow_id)
        if event is not None:
            await w.rt.dispatch(event)

    play(world, scenario)
    return [e.id or 0 for e in world.enrollments(workflow_id, person)]


@pytest.mark.parametrize("kind", TRIGGERS)
@pytest.mark.parametrize("category", RULES)
def test_a_trigger_condition_that_holds_enrolls(world: World, kind: str, category: str) -> None:
    assert len(_run(world, kind, RULES[category][0])) == 1


@pytest.mark.parametrize("kind", TRIGGERS)
@pytest.mark.parametrize("category", RULES)
def test_a_trigger_condition_that_fails_enrolls_nobody(
    world: World, kind: str, category: str
) -> None:
    assert _run(world, kind, RULES[category][1]) == []


def test_the_issue_reproduction_a_custom_channel_condition_starts_the_workflow(
    world: World,
) -> None:
    workflow_id = world.publish(
        Step(id="hi", kind="send_message", name="Hi", config={"text": "Hello from custom"}),
        trigger=Trigger(
            kind="conversation_opened",
            conditions=ConditionGroup(
                rules=(Condition(category="channel", operator="equals", value="custom"),)
            ),
            next="hi",
        ),
    )
    person = world.contact()
    started: list[int] = []

    async def scenario(w: World) -> None:
        handled = await w.rt.receive(person, "hi", channel_key=w.custom_key)
        started.extend(handled.started)

    play(world, scenario)
    assert len(started) == 1
    assert [e.id for e in world.enrollments(workflow_id, person)] == started
