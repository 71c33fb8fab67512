"""HTTP Request, AI Agent and a custom channel run end to end through the runtime, against
small servers on 127.0.0.1 that speak the real protocols."""

from __future__ import annotations

from sqlmodel import select

from tests.runtime.servers import RecordingServer, Reply
from tests.runtime.test_scenarios import say, step
from tests.runtime.world import World, play
from wfstudio.domain.definition import Condition, ConditionGroup
from wfstudio.store.db import session_scope
from wfstudio.store.tables import Channel, Message


def test_http_request_maps_the_response_and_a_branch_uses_it(world: World) -> None:
    vip = ConditionGroup(
        rules=(Condition(category="variable", field="var.tier", operator="equals", value="gold"),)
    )

    async def scenario(w: World) -> None:
        async with RecordingServer([Reply(200, json={"data": {"tier": "gold", "id": 7}})]) as api:
            w.publish(
                step(
                    "lookup",
                    "http_request",
                    {"success": "route", "failure": "down"},
                    method="POST",
                    url=api.url("/contacts/$contact.id"),
                    headers=[{"name": "X-Key", "value": "k-$contact.firstname"}],
                    body='{"name": "$contact.firstname"}',
                    response_mappings=[{"path": "$.data.tier", "variable": "tier"}],
                    save_status=True,
                    status_variable="status",
                    failure_branch=True,
                ),
                step(
                    "route",
                    "branch",
                    {"branch_1": "gold", "else": "plain"},
                    branches=[vip.model_dump(mode="json")],
                ),
                say("gold", "Hello gold member ($var.status)"),
                say("plain", "Hello"),
                say("down", "Our system is down"),
            )
            person = w.contact(firstname="Ana")
            await w.say(person, "hi")
            [request] = api.requests
            assert (request.method, request.path) == ("POST", f"/contacts/{person}")
            assert {k.lower(): v for k, v in request.headers.items()}["x-key"] == "k-Ana"
            assert request.json == {"name": "Ana"}
            assert w.sent(person) == ["Hello gold member (200)"]

    play(world, scenario)


def test_http_request_failure_port_on_a_server_error(world: World) -> None:
    async def scenario(w: World) -> None:
        async with RecordingServer([Reply(503, json={"error": "busy"})]) as api:
            w.publish(
                step(
                    "lookup",
                    "http_request",
                    {"success": "ok", "failure": "down"},
                    url=api.url("/x"),
                    failure_branch=True,
                ),
                say("ok", "fine"),
                say("down", "Our system is down"),
            )
            person = w.contact()
            await w.say(person, "hi")
            assert w.sent(person) == ["Our system is down"]

    play(world, scenario)


def test_ai_agent_offline_collects_an_email_and_saves_it(world: World) -> None:
    world.publish(
        step(
            "ai",
            "ai_agent",
            {"success": "done", "human_requested": "human"},
            objective="collect_fields",
            fields=["email"],
            human_requested_branch=True,
        ),
        say("done", "Thanks! We saved $contact.email"),
        say("human", "Connecting you to a person"),
    )
    person, other = world.contact(), world.contact()

    async def scenario(w: World) -> None:
        await w.say(person, "hello")
        await w.say(person, "sure, it is ana@example.com")
        await w.say(other, "hello")
        await w.say(other, "I want to talk to a human")

    play(world, scenario)
    assert world.contact_row(person).email == "ana@example.com"
    assert world.sent(person)[-1] == "Thanks! We saved ana@example.com"
    assert world.sent(other)[-1] == "Connecting you to a person"


def test_a_custom_channel_gets_each_message_once_as_a_post(world: World) -> None:
    async def scenario(w: World) -> None:
        async with RecordingServer([Reply(200)]) as sink:
            with session_scope(w.engine) as session:
                channel = session.get(Channel, 2)
                assert channel is not None and channel.key == "custom"
                channel.config = {"outbound_url": sink.url("/out")}
                session.add(channel)
            w.publish(say("hi", "Hello from the workflow"))
            person = w.contact(firstname="Bo", external_ids={"custom": "u-9"})
            await w.say(person, "hi", channel="custom")
            [post] = sink.requests
            assert post.json["message"]["text"] == "Hello from the workflow"
            assert post.json["contact"]["external_id"] == "u-9"
            sent_id = post.json["message"]["id"]
            assert len(sent_id) == 32
            with session_scope(w.engine) as session:
                stored = session.exec(select(Message).where(Message.direction == "out")).one()
                assert stored.payload["outbound_id"] == sent_id

    play(world, scenario)


def test_google_sheets_step_appends_a_row_through_the_rest_api(world: World) -> None:
    from wfstudio.store.tables import SheetCredential

    async def scenario(w: World) -> None:
        reply = Reply(200, json={"updates": {"updatedRange": "CSAT!A2:B2"}})
        async with RecordingServer([reply]) as google:
            with session_scope(w.engine) as session:
                session.add(
                    SheetCredential(
                        workspace_id=w.workspace_id,
                        key="google",
                        name="Google",
                        credentials={"access_token": "tok", "base_url": google.base_url},
                    )
                )
            w.publish(
                step(
                    "row",
                    "add_sheet_row",
                    {"success": "ok"},
                    credential="google",
                    spreadsheet="sheet-1234567",
                    sheet="CSAT",
                    columns=[
                        {"column": "A", "value": "$contact.firstname"},
                        {"column": "B", "value": "5"},
                    ],
                ),
                say("ok", "Saved"),
            )
            person = w.contact(firstname="Ana")
            await w.say(person, "hi")
            [append] = google.requests
            assert append.path == "/v4/spreadsheets/sheet-1234567/values/CSAT!A1:append"
            assert {k.lower(): v for k, v in append.headers.items()}[
                "authorization"
            ] == "Bearer tok"
            assert append.json == {"values": [["Ana", "5"]]}
            assert w.sent(person) == ["Saved"]

    play(world, scenario)


def test_lifecycle_comment_and_reopening_a_conversation(world: World) -> None:
    from wfstudio.domain.definition import Trigger
    from wfstudio.store.tables import Workspace

    with session_scope(world.engine) as session:
        workspace = session.get(Workspace, world.workspace_id)
        assert workspace is not None
        workspace.lifecycle_stages = [{"key": "customer", "label": "Customer"}]
        session.add(workspace)
    stage_watch = world.publish(
        say("congrats", "Welcome aboard ($trigger.old_stage → $trigger.new_stage)"),
        trigger=Trigger(kind="lifecycle_updated", next="congrats"),
    )
    world.publish(
        step("close", "close_conversation", {"success": "stage"}),
        step("stage", "update_lifecycle", {"success": "note"}, action="set", stage="customer"),
        step(
            "note", "add_comment", {"success": "open"}, text="Became a customer: $contact.firstname"
        ),
        step("open", "open_conversation", {"success": "hello"}),
        say("hello", "We reopened this conversation"),
        # opened by the contact only: its own Open Conversation must not re-fire it (a loop)
        trigger=Trigger(kind="conversation_opened", config={"sources": ["contact"]}, next="close"),
    )
    person = world.contact(firstname="Ana")
    play(world, lambda w: w.say(person, "hi"))
    assert world.contact_row(person).lifecycle_stage == "customer"
    assert ("out", "system", "Became a customer: Ana") in world.messages(person)
    statuses = [(c.status, c.opened_by_source) for c in world.conversations(person)]
    assert statuses == [("closed", "contact"), ("open", "workflow")]
    assert world.sent(person) == [
        "We reopened this conversation",
        "Welcome aboard ($trigger.old_stage → customer)",
    ]
    assert world.enrollments(stage_watch, person)[0].status == "completed"
