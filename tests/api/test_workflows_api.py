"""The Workflows module's REST endpoints: sessions as bearer tokens, 401 / 403 / 200."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest

from tests.api.support import JSON, api
from tests.runtime.servers import async_test
from tests.runtime.world import World
from tests.store import factories as f
from wfstudio.services import auth, transfer, workflows
from wfstudio.store.db import session_scope
from wfstudio.store.tables import User

PASSWORD = "api-password"
OWNER, AGENT = "o@x.test", "a1@x.test"


@pytest.fixture
def world(world: World) -> World:
    """The API world, its owner and first agent with a password, a manager and a draft."""
    with session_scope(world.engine) as session:
        session.add(
            User(
                workspace_id=world.workspace_id,
                key="max",
                name="Max Manager",
                email="m@x.test",
                role="manager",
            )
        )
    for email in (OWNER, AGENT, "m@x.test"):
        auth.set_password(world.engine, email=email, password=PASSWORD)
    owner = auth.sign_in(world.engine, email=OWNER, password=PASSWORD).user
    workflows.create_workflow(
        world.engine,
        workspace_id=world.workspace_id,
        actor_id=owner.id,
        name="Welcome “VIP”",
        now=datetime.now(UTC),
    )
    return world


async def _token(client: httpx.AsyncClient, email: str) -> str:
    reply = await client.post("/api/sessions", json={"email": email, "password": PASSWORD})
    assert reply.status_code == 200, reply.text
    return str(reply.json()["token"])


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@async_test
async def test_a_signed_in_owner_lists_and_exports_workflows(world: World) -> None:
    async with api(world) as server:
        client = server.client
        signed = await client.post("/api/sessions", json={"email": OWNER, "password": PASSWORD})
        token = signed.json()["token"]
        listing = await client.get("/api/workflows", headers=_bearer(token))
        [row] = listing.json()["workflows"]
        export = await client.get(f"/api/workflows/{row['id']}/export", headers=_bearer(token))
    assert signed.json()["user"] == {
        "id": signed.json()["user"]["id"],
        "name": "Olivia Owner",
        "email": OWNER,
        "role": "owner",
        "workspace_id": world.workspace_id,
    }
    assert listing.status_code == 200
    assert (row["name"], row["status"], row["created_by"]) == (
        "Welcome “VIP”",
        "draft",
        "Olivia Owner",
    )
    file_name, text = transfer.export_workflow(world.engine, workflow_id=row["id"])
    assert export.status_code == 200
    assert export.content == text.encode()  # the same bytes as the listing's Export
    assert export.headers["content-type"] == "application/json"
    assert export.headers["content-disposition"] == (
        "attachment; filename*=UTF-8''Welcome%20%E2%80%9CVIP%E2%80%9D.json"
    )
    assert file_name == "Welcome “VIP”.json"


@async_test
async def test_a_manager_may_use_the_workflows_endpoints(world: World) -> None:
    async with api(world) as server:
        token = await _token(server.client, "m@x.test")
        listing = await server.client.get("/api/workflows", headers=_bearer(token))
    assert listing.status_code == 200 and len(listing.json()["workflows"]) == 1


@async_test
async def test_an_agent_gets_403(world: World) -> None:
    async with api(world) as server:
        token = await _token(server.client, AGENT)
        listing = await server.client.get("/api/workflows", headers=_bearer(token))
        export = await server.client.get("/api/workflows/1/export", headers=_bearer(token))
    for reply in (listing, export):
        assert reply.status_code == 403
        assert reply.json() == {
            "ok": False,
            "error": "The Workflows module is for Owners and Managers.",
        }


@pytest.mark.parametrize(
    "headers",
    [{}, _bearer("not-a-session"), {"Authorization": "Basic abc"}, _bearer("")],
    ids=["none", "unknown", "basic", "empty"],
)
@async_test
async def test_no_valid_session_gets_401(world: World, headers: dict[str, str]) -> None:
    async with api(world) as server:
        listing = await server.client.get("/api/workflows", headers=headers)
        export = await server.client.get("/api/workflows/1/export", headers=headers)
    for reply in (listing, export):
        assert reply.status_code == 401
        assert reply.headers["www-authenticate"] == "Bearer"
        assert "sign in" in reply.json()["error"]


@async_test
async def test_a_signed_out_token_gets_401(world: World) -> None:
    async with api(world) as server:
        token = await _token(server.client, OWNER)
        signed_out = await server.client.delete("/api/sessions", headers=_bearer(token))
        listing = await server.client.get("/api/workflows", headers=_bearer(token))
        again = await server.client.delete("/api/sessions", headers=_bearer(token))
    assert signed_out.status_code == 200
    assert (listing.status_code, again.status_code) == (401, 401)


@async_test
async def test_a_workflow_of_another_workspace_is_not_found(world: World) -> None:
    with session_scope(world.engine) as session:
        other = f.workspace(session, "Other")
        assert other.id is not None
        other_id = other.id
    elsewhere = workflows.create_workflow(
        world.engine, workspace_id=other_id, actor_id=None, name="Theirs", now=datetime.now(UTC)
    )
    async with api(world) as server:
        token = await _token(server.client, OWNER)
        listing = await server.client.get("/api/workflows", headers=_bearer(token))
        theirs = await server.client.get(
            f"/api/workflows/{elsewhere.id}/export", headers=_bearer(token)
        )
        nonsense = await server.client.get("/api/workflows/abc/export", headers=_bearer(token))
    assert [row["name"] for row in listing.json()["workflows"]] == ["Welcome “VIP”"]
    assert (theirs.status_code, nonsense.status_code) == (404, 404)


@async_test
async def test_sign_in_refusals(world: World) -> None:
    async with api(world) as server:
        client = server.client
        wrong = await client.post("/api/sessions", json={"email": OWNER, "password": "nope"})
        unknown = await client.post("/api/sessions", json={"email": "x@x.test", "password": "p"})
        not_json = await client.post("/api/sessions", content=b"email=o@x.test", headers=JSON)
        form = await client.post("/api/sessions", data={"email": OWNER, "password": PASSWORD})
        missing = await client.post("/api/sessions", json={"email": OWNER})
    assert (wrong.status_code, unknown.status_code) == (401, 401)
    assert wrong.json() == unknown.json() == {"ok": False, "error": "Wrong email or password."}
    assert (not_json.status_code, missing.status_code) == (400, 400)
    assert form.status_code == 415 and "Content-Type: application/json" in form.json()["error"]


@async_test
async def test_repeated_failures_are_slowed_down_like_the_sign_in_page(world: World) -> None:
    async with api(world) as server:
        client = server.client
        for _ in range(auth.MAX_FAILURES):
            reply = await client.post("/api/sessions", json={"email": OWNER, "password": "no"})
            assert reply.status_code == 401
        right = await client.post("/api/sessions", json={"email": OWNER, "password": PASSWORD})
    assert right.status_code == 429
    assert 14 * 60 < int(right.headers["retry-after"]) <= 15 * 60
    assert right.json()["error"].startswith("Too many failed sign-ins for this email.")
    # The sign-in page asks the same service: it is refused there too.
    with pytest.raises(auth.TooManyAttempts):
        auth.sign_in(world.engine, email=OWNER, password=PASSWORD)
