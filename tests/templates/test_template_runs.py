"""Templates at work: used, filled in and published through the services, then run by the
real runtime on a fixed clock (Monday 2025-01-06 09:00 UTC) with the built-in AI agent."""

from __future__ import annotations

from tests.runtime.world import World, play
from tests.templates.filling import fill_for_demo
from wfstudio.services import templates as gallery
from wfstudio.services import workflows as svc
from wfstudio.services.workspace import workspace_choices

HANDOVER = "Let me connect you with someone from our team. They'll be with you shortly."


def publish(world: World, key: str) -> int:
    """Use template ``key``, choose its workspace data, save and publish it; its id."""
    now = world.clock.now()
    view = gallery.use_template(
        world.engine, workspace_id=world.workspace_id, actor_id=world.owner_id, key=key, now=now
    )
    _, draft = svc.get_draft(world.engine, workflow_id=view.id)
    choices = workspace_choices(world.engine, workspace_id=world.workspace_id)
    svc.save_draft(
        world.engine,
        workflow_id=view.id,
        definition=fill_for_demo(draft, choices),
        expected_revision=view.revision,
        now=now,
    )
    svc.publish_workflow(world.engine, workflow_id=view.id, actor_id=world.owner_id, now=now)
    return view.id


def everyone(world: World) -> list[int]:
    """The workspace's users (round robin in the workspace may pick the owner too)."""
    return [world.owner_id, *world.agent_ids]


def question(key: str, step_id: str) -> str:
    step = gallery.get_template(key)[1].step(step_id)
    assert step is not None
    return str(step.config["text"])


def test_simple_chat_menu_answers_shows_the_menu_again_and_hands_over(world: World) -> None:
    publish(world, "simple-chat-menu")
    person = world.contact(firstname="Ana")
    menu = question("simple-chat-menu", "menu")

    async def scenario(w: World) -> None:
        await w.say(person, "hello")
        await w.say(person, "Opening hours")
        await w.say(person, "Talk to an agent")

    play(world, scenario)
    sent = world.sent(person)
    assert sent[0] == menu and sent[2] == menu
    assert sent[1].startswith("We're open Monday to Friday")
    assert sent[3] == HANDOVER
    assert world.contact_row(person).assignee_user_id in everyone(world)


def test_the_main_menu_opens_the_sub_menu_which_leads_back_to_the_main_menu(
    world: World,
) -> None:
    sub_id = publish(world, "multi-level-chat-menu-sub-menu")
    main_id = publish(world, "multi-level-chat-menu-main-menu")
    person = world.contact(firstname="Ana")
    main_menu = question("multi-level-chat-menu-main-menu", "menu")
    faq = question("multi-level-chat-menu-sub-menu", "faq")

    async def scenario(w: World) -> None:
        await w.say(person, "hello")
        await w.say(person, "Orders & FAQs")
        await w.say(person, "Delivery times")
        await w.say(person, "Main menu")
        await w.say(person, "Talk to an agent")

    play(world, scenario)
    sent = world.sent(person)
    assert sent[1:3] == [main_menu, faq]
    assert sent[3].startswith("Orders placed before 14:00") and sent[4] == faq
    assert sent[5:] == [main_menu, HANDOVER]
    assert world.contact_row(person).assignee_user_id in everyone(world)
    assert [e.status for e in world.enrollments(main_id, person)] == ["completed"]
    assert [e.status for e in world.enrollments(sub_id, person)] == ["completed"]


def test_collect_email_with_ai_saves_the_address(world: World) -> None:
    publish(world, "collect-contact-email-with-ai")
    person = world.contact(firstname="Ana")

    async def scenario(w: World) -> None:
        await w.say(person, "hi")
        await w.say(person, "sure, it's ana@example.com")

    play(world, scenario)
    assert world.contact_row(person).email == "ana@example.com"
    assert world.sent(person)[-1].startswith("Thank you! We've saved your email address.")
    assert world.contact_row(person).assignee_user_id is None


def test_the_support_ai_agent_hands_a_contact_asking_for_a_person_to_the_team(
    world: World,
) -> None:
    publish(world, "assignment-sales-and-support-ai-agents")
    person = world.contact(firstname="Ana")

    async def scenario(w: World) -> None:
        await w.say(person, "hello")
        await w.say(person, "Support")
        await w.say(person, "Can I talk to a person please?")

    play(world, scenario)
    assert world.contact_row(person).assignee_user_id in world.agent_ids  # the team's members


def test_the_away_message_goes_out_only_outside_business_hours(world: World) -> None:
    publish(world, "away-message-with-business-hours")
    monday, saturday = world.contact(firstname="Mo"), world.contact(firstname="Sa")

    async def scenario(w: World) -> None:
        await w.say(monday, "hello")  # Monday 09:00: open
        await w.advance(days=5)
        await w.say(saturday, "hello")  # Saturday 09:00: closed

    play(world, scenario)
    assert world.sent(monday) == []
    assert world.sent(saturday) == [
        question("away-message-with-business-hours", "away"),
    ]


def test_declining_privacy_consent_closes_the_conversation(world: World) -> None:
    publish(world, "request-consent-privacy")
    agrees, declines = world.contact(firstname="Ann"), world.contact(firstname="Dee")

    async def scenario(w: World) -> None:
        for person in (agrees, declines):
            await w.say(person, "hello")
        await w.say(agrees, "I agree")
        await w.say(declines, "I don't agree")

    play(world, scenario)
    assert world.sent(agrees)[-1] == "Thank you! How can we help you today?"
    assert world.contact_row(agrees).tags != []
    assert world.contact_row(declines).tags == []
    assert [c.status for c in world.conversations(declines)] == ["closed"]
    assert [c.status for c in world.conversations(agrees)] == ["open"]
