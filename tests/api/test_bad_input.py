"""Fuzzing the API's inputs: whatever arrives (lone surrogates, NUL, JSON nested 1,000 deep,
numbers of thousands of digits, NaN, ids like "²"), the answer is a 2xx or a 4xx with a
JSON ``{"ok": false, "error": …}``, never a 500, and a refused call stores nothing.

One API app and one database per test (SQLite, and PostgreSQL with
``WFSTUDIO_TEST_POSTGRES=1``); Hypothesis drives it from a sync test through an event loop
the fixture owns, derandomized so a run is repeatable and fast.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Coroutine, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import select

from tests.api.support import JSON, TOKEN, Api, api, counts
from tests.api.test_webhooks import webhook_workflow
from tests.runtime.world import World
from wfstudio.services import auth, transfer, workflows
from wfstudio.services.errors import Refused
from wfstudio.store.db import session_scope
from wfstudio.store.tables import Workflow

T = TypeVar("T")
FUZZ = settings(
    max_examples=80,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Any text: surrogates (category Cs) and NUL included.
wild = st.text(st.characters(blacklist_categories=()), max_size=12)
numbers = st.integers(1, 6000).map(lambda n: "9" * n) | st.sampled_from(
    ["NaN", "Infinity", "-Infinity", "1e999", "-1e400", "1" + "0" * 400 + ".5"]
)


@st.composite
def raw_json(draw: st.DrawFn, document: st.SearchStrategy[Any]) -> bytes:
    """``document`` as JSON text, or broken the ways a client can break it: a field's value
    replaced by a huge number, NaN or deep nesting, or the text cut."""
    text = json.dumps(draw(document))  # a lone surrogate travels as a \\udXXX escape
    how = draw(st.sampled_from(["as is", "as is", "number", "deep", "cut", "utf-8"]))
    if how == "number":
        text = text.replace('""', draw(numbers), 1) if '""' in text else draw(numbers)
    elif how == "deep":
        depth = draw(st.integers(60, 3000))
        text = text[:-1] + ', "payload": ' + "[" * depth + "]" * depth + "}"
    elif how == "cut":
        text = text[: draw(st.integers(0, len(text)))]
    elif how == "utf-8":  # the surrogates as (invalid) UTF-8 bytes, not escapes
        body = json.dumps(draw(document), ensure_ascii=False)
        return body.encode("utf-8", "surrogatepass")
    return text.encode("utf-8")


contacts = st.fixed_dictionaries(
    {"id": wild | st.integers(-(10**30), 10**30)},
    optional={"name": wild, "email": wild, "phone": wild, "firstname": wild},
)
channel_messages = st.fixed_dictionaries(
    {"contact": contacts, "text": wild | st.just("")},
    optional={"payload": st.dictionaries(wild, wild, max_size=3)},
)


@dataclass
class Driver:
    """The API app of one world, called from sync code on the fixture's own loop."""

    loop: asyncio.AbstractEventLoop
    api: Api
    world: World

    def run(self, call: Coroutine[Any, Any, T]) -> T:
        return self.loop.run_until_complete(call)

    def post(self, path: str, body: bytes, headers: dict[str, str] | None = None) -> httpx.Response:
        return self.run(
            self.api.client.post(path, content=body, headers={**JSON, **(headers or {})})
        )

    def get(self, path: str, headers: dict[str, str]) -> httpx.Response:
        return self.run(self.api.client.get(path, headers=headers))


@pytest.fixture
def driver(world: World) -> Iterator[Driver]:
    loop = asyncio.new_event_loop()
    context = api(world)
    client = loop.run_until_complete(context.__aenter__())
    try:
        yield Driver(loop, client, world)
    finally:
        loop.run_until_complete(context.__aexit__(None, None, None))
        loop.close()


def assert_answered(reply: httpx.Response) -> None:
    """A 2xx, or a 4xx with a short JSON error (no traceback, no echo of a long input)."""
    assert reply.status_code < 500, reply.text
    body = reply.json()
    if reply.status_code >= 400:
        assert body["ok"] is False and isinstance(body["error"], str), body
        assert len(body["error"]) < 400 and "Traceback" not in body["error"]
        assert (
            "int_max_str_digits" not in body["error"] and "Exceeds the limit" not in body["error"]
        )


def refused_stores_nothing(driver: Driver, reply: httpx.Response, before: dict[str, int]) -> None:
    assert_answered(reply)
    if reply.status_code >= 400:
        assert counts(driver.world) == before


@FUZZ
@given(body=raw_json(channel_messages))
def test_channel_messages_never_fail(driver: Driver, body: bytes) -> None:
    before = counts(driver.world)
    reply = driver.post("/api/channels/custom/messages", body, {"Authorization": f"Bearer {TOKEN}"})
    refused_stores_nothing(driver, reply, before)


def test_bad_text_in_a_channel_message_is_a_400_naming_the_field(driver: Driver) -> None:
    before = counts(driver.world)
    cases = {
        '"text" contains a lone surrogate': {"contact": {"id": "u"}, "text": "a\ud800"},
        '"contact.email" contains a NUL': {
            "contact": {"id": "u", "email": "a\x00@x.io"},
            "text": "hi",
        },
        '"contact.id" contains a lone surrogate': {"contact": {"id": "\udfff"}, "text": "hi"},
        '"payload.k" contains a NUL': {
            "contact": {"id": "u"},
            "text": "hi",
            "payload": {"k": "\x00"},
        },
    }
    for error, document in cases.items():
        reply = driver.post(
            "/api/channels/custom/messages",
            json.dumps(document).encode(),
            {"Authorization": f"Bearer {TOKEN}"},
        )
        assert reply.status_code == 400 and error in reply.json()["error"], reply.text
    for body, error in [
        (b'{"contact": {"id": "u"}, "text": "hi", "payload": {"n": NaN}}', "NaN is not allowed"),
        (b'{"contact": {"id": 1' + b"0" * 5000 + b'}, "text": "hi"}', "more than 40 characters"),
        (
            b'{"contact": {"id": "u"}, "text": "hi", "payload": '
            + b"[" * 1000
            + b"]" * 1000
            + b"}",
            "64 levels",
        ),
    ]:
        reply = driver.post(
            "/api/channels/custom/messages", body, {"Authorization": f"Bearer {TOKEN}"}
        )
        assert reply.status_code == 400 and error in reply.json()["error"], reply.text
        assert "0000000000000000000000000000000000000000" not in reply.text  # an excerpt only
    assert counts(driver.world) == before


@FUZZ
@given(
    body=raw_json(
        st.fixed_dictionaries(
            {"customer": st.fixed_dictionaries({"email": wild})},
            optional={"order": st.dictionaries(wild, wild, max_size=2)},
        )
    )
)
def test_webhook_calls_never_fail(driver: Driver, body: bytes) -> None:
    secret = _secret(driver)
    before = counts(driver.world)
    refused_stores_nothing(driver, driver.post(f"/api/webhooks/{secret}", body), before)


def _secret(driver: Driver) -> str:
    if not hasattr(driver, "secret"):
        driver.secret = webhook_workflow(driver.world)  # type: ignore[attr-defined]
    return str(driver.secret)  # type: ignore[attr-defined]


@settings(FUZZ, max_examples=40)  # a readable body costs an Argon2 hash (~50 ms)
@given(body=raw_json(st.fixed_dictionaries({"email": wild, "password": wild})))
def test_sign_in_bodies_never_fail(driver: Driver, body: bytes) -> None:
    reply = driver.post("/api/sessions", body)
    assert_answered(reply)
    assert reply.status_code in (400, 401, 429)


OWNER, PASSWORD = "o@x.test", "fuzz-password"


@FUZZ
@given(
    raw=st.text(st.characters(categories=["Nd", "No"]), min_size=1, max_size=5)
    | st.integers(19, 5000).map(lambda n: "1" * n)
)
def test_export_ids_never_fail(driver: Driver, raw: str) -> None:
    if not hasattr(driver, "token"):
        auth.set_password(driver.world.engine, email=OWNER, password=PASSWORD)
        reply = driver.post(
            "/api/sessions", json.dumps({"email": OWNER, "password": PASSWORD}).encode()
        )
        driver.token = reply.json()["token"]  # type: ignore[attr-defined]
    headers = {"Authorization": f"Bearer {driver.token}"}  # type: ignore[attr-defined]
    reply = driver.get(f"/api/workflows/{raw}/export", headers)
    assert_answered(reply)
    assert reply.status_code == 404


def _workflow_count(world: World) -> int:
    with session_scope(world.engine) as session:
        return len(session.exec(select(Workflow)).all())


workflow_files = st.fixed_dictionaries(
    {
        "format": st.just("wfstudio.workflow"),
        "format_version": st.just(1),
        "name": wild.filter(str.strip) | st.just("Fuzzed"),
        "description": wild,
        "steps": st.lists(
            st.fixed_dictionaries(
                {
                    "id": st.sampled_from(["a", "b"]),
                    "kind": st.just("send_message"),
                    "name": wild,
                    "config": st.fixed_dictionaries({"text": wild}),
                }
            ),
            max_size=2,
        ),
    }
)


@FUZZ
@given(data=raw_json(workflow_files))
def test_imports_are_refused_or_exportable(driver: Driver, data: bytes) -> None:
    """An import is refused (nothing stored) or gives a draft that exports again."""
    before = _workflow_count(driver.world)
    try:
        result = transfer.import_workflow(
            driver.world.engine, workspace_id=driver.world.workspace_id, actor_id=None, data=data
        )
    except Refused as refused:
        assert len(refused.message) < 4000
        assert _workflow_count(driver.world) == before
        return
    name, text = transfer.export_workflow(driver.world.engine, workflow_id=result.workflow.id)
    assert text.encode("utf-8") and name.endswith(".json")
    workflows.delete_workflow(driver.world.engine, workflow_id=result.workflow.id)
