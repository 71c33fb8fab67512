"""POST /api/webhooks/{secret}: incoming-webhook triggers; and the small endpoints."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.support import JSON, api, counts
from tests.runtime.servers import async_test
from tests.runtime.test_scenarios import step
from tests.runtime.world import World
from wfstudio.domain.definition import Trigger
from wfstudio.services import workflows
from wfstudio.store.db import session_scope
from wfstudio.store.tables import Workflow


def webhook_workflow(
    world: World, identifier_type: str = "email", key: str = "customer.email"
) -> str:
    """A published workflow: webhook → set field "company" to the order id; its secret."""
    trigger = Trigger(
        kind="incoming_webhook",
        next="save",
        config={
            "identifier_type": identifier_type,
            "identifier_key": key,
            "mappings": [
                {"key": "order.id", "variable": "order_id"},
                {"key": "missing", "variable": "nothing"},
            ],
        },
    )
    workflow_id = world.publish(
        step(
            "save",
            "update_contact_field",
            {},
            updates=[{"field": "company", "value": "order $trigger.order_id"}],
        ),
        trigger=trigger,
    )
    with session_scope(world.engine) as session:
        row = session.get(Workflow, workflow_id)
        assert row is not None and row.webhook_secret
        return row.webhook_secret


ORDER = {"customer": {"email": "Zoe@Example.com"}, "order": {"id": "A-17"}}


@async_test
async def test_a_webhook_creates_the_contact_and_enrolls_it_with_the_mapped_variables(
    world: World,
) -> None:
    secret = webhook_workflow(world)
    async with api(world) as client:
        first = await client.client.post(f"/api/webhooks/{secret}", json=ORDER)
        again = await client.client.post(f"/api/webhooks/{secret}", json=ORDER)
    assert first.status_code == 200, first.text
    body = first.json()
    assert body["contact_created"] is True and len(body["enrollments"]["started"]) == 1
    contact = world.contact_row(body["contact_id"])
    assert contact.email == "zoe@example.com"
    assert contact.custom_fields == {"company": "order A-17"}
    assert (again.json()["contact_id"], again.json()["contact_created"]) == (contact.id, False)


@async_test
async def test_a_webhook_by_contact_id_finds_the_contact(world: World) -> None:
    secret = webhook_workflow(world, "id", "contact_id")
    person = world.contact(firstname="Ida")
    async with api(world) as client:
        found = await client.client.post(
            f"/api/webhooks/{secret}", json={"contact_id": person, "order": {"id": 9}}
        )
        before = counts(world)
        unknown = await client.client.post(f"/api/webhooks/{secret}", json={"contact_id": 999})
    assert found.status_code == 200 and found.json()["contact_id"] == person
    assert world.contact_row(person).custom_fields == {"company": "order 9"}
    assert unknown.status_code == 404
    assert unknown.json() == {"ok": False, "error": "No contact has the id 999."}
    assert counts(world) == before


@async_test
async def test_an_unknown_secret_is_401_and_stores_nothing(world: World) -> None:
    webhook_workflow(world)
    before = counts(world)
    async with api(world) as client:
        reply = await client.client.post("/api/webhooks/not-the-secret", json=ORDER)
        bad_body = await client.client.post(
            "/api/webhooks/not-the-secret", content=b"{", headers=JSON
        )
    assert reply.status_code == bad_body.status_code == 401
    assert reply.json()["error"] == "Unknown webhook: check the URL's secret."
    assert counts(world) == before


BAD_WEBHOOK_BODIES: list[tuple[Any, str]] = [
    (b"{", "not valid JSON"),
    (b"[]", "must be a JSON object"),
    ({"order": {"id": 1}}, "must carry the contact's email in “customer.email”"),
    ({"customer": {"email": 5}}, "“customer.email” “5” is not an email address"),
    ({"customer": {"email": "zoe"}}, "is not an email address"),
    ({"customer": {"email": "  "}}, "is empty"),
]


@pytest.mark.parametrize(("body", "message"), BAD_WEBHOOK_BODIES)
@async_test
async def test_a_malformed_webhook_body_is_400_and_stores_nothing(
    world: World, body: Any, message: str
) -> None:
    secret = webhook_workflow(world)
    before = counts(world)
    async with api(world) as client:
        url = f"/api/webhooks/{secret}"
        if isinstance(body, bytes):
            reply = await client.client.post(url, content=body, headers=JSON)
        else:
            reply = await client.client.post(url, json=body)
    assert reply.status_code == 400
    assert message in reply.json()["error"]
    assert counts(world) == before


@async_test
async def test_a_stopped_workflow_refuses_its_webhook_with_409(world: World) -> None:
    secret = webhook_workflow(world)
    workflow_id = next(iter(world.published.values()))
    workflows.stop_workflow(world.engine, workflow_id=workflow_id, now=world.clock.now())
    before = counts(world)
    async with api(world) as client:
        reply = await client.client.post(f"/api/webhooks/{secret}", json=ORDER)
    assert reply.status_code == 409
    assert "is not published" in reply.json()["error"]
    assert counts(world) == before


@async_test
async def test_health_and_openapi(world: World) -> None:
    async with api(world) as client:
        health = await client.client.get("/api/health")
        spec = await client.client.get("/api/openapi.json")
        wrong_method = await client.client.get("/api/webhooks/x")
    assert health.status_code == 200
    assert health.json() == {"ok": True, "database": "ok", "next_wake_due_at": None}
    assert set(spec.json()["paths"]) == {
        "/api/channels/{key}/messages",
        "/api/webhooks/{secret}",
        "/api/sessions",
        "/api/workflows",
        "/api/workflows/{workflow_id}/export",
        "/api/health",
        "/api/openapi.json",
    }
    assert wrong_method.status_code == 405


@async_test
async def test_an_unexpected_error_is_a_logged_500_without_details(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    async with api(world) as client:
        monkeypatch.setattr(client.runtime, "receive_found", broken)
        reply = await client.say({"contact": {"id": "u"}, "text": "hi"})
    assert reply.status_code == 500
    assert reply.json() == {"ok": False, "error": "The server could not handle this request."}
