"""The HTTP Request step against a real loopback server."""

from __future__ import annotations

from datetime import UTC, datetime

from pydantic import JsonValue

from tests.runtime.servers import RecordingServer, Reply, async_test
from wfstudio.domain.steps.http_request import Header, HttpRequestConfig, ResponseMapping
from wfstudio.domain.variables import Scope
from wfstudio.runtime.http import HttpClient
from wfstudio.runtime.http_step import execute_http_request, json_at

SCOPE = Scope(
    now=datetime(2024, 5, 1, 12, tzinfo=UTC),
    contact={"firstname": "Ada", "email": "ada@example.com", "score": 42},
    variables={"var.order": "A-17", "trigger.tags": ["vip", "new"]},
)
ITEMS: JsonValue = {"data": {"items": [{"id": "it-1", "name": "Lamp"}, {"id": "it-2"}], "total": 2}}


@async_test
async def test_get_renders_url_and_headers_and_maps_nested_json() -> None:
    async with RecordingServer([Reply(json=ITEMS)]) as server, HttpClient() as client:
        config = HttpRequestConfig(
            url=server.url("/orders/$var.order?email=$contact.email"),
            headers=(Header(name="X-Contact", value="$contact.firstname"),),
            response_mappings=(
                ResponseMapping(path="$.data.items[0].id", variable="first_id"),
                ResponseMapping(path="$.data['total']", variable="total"),
                ResponseMapping(path="$.data.items[5].id", variable="missing"),
                ResponseMapping(path="$.data.items[1]", variable="second"),
            ),
        )
        result = await execute_http_request(client, config, SCOPE)
    assert (result.port, result.status, result.error) == ("success", 200, None)
    assert result.variables == {
        "first_id": "it-1",
        "total": 2,
        "missing": None,
        "second": {"id": "it-2"},
    }
    sent = server.requests[0]
    assert (sent.method, sent.path, sent.query) == (
        "GET",
        "/orders/A-17",
        {"email": "ada@example.com"},
    )
    assert sent.headers["x-contact"] == "Ada"
    assert sent.body == b""


@async_test
async def test_post_renders_the_json_body() -> None:
    body = '{"name": "$contact.firstname", "score": $contact.score, "tags": "$trigger.tags", "x": $var.unset}'
    async with RecordingServer([Reply(201, json={"ok": True})]) as server, HttpClient() as client:
        config = HttpRequestConfig(method="POST", url=server.url("/hook"), body=body)
        result = await execute_http_request(client, config, SCOPE)
    assert result.port == "success" and result.status == 201
    sent = server.requests[0]
    assert sent.method == "POST" and sent.headers["content-type"] == "application/json"
    assert sent.json == {"name": "Ada", "score": 42, "tags": "vip, new", "x": None}


@async_test
async def test_a_content_type_header_is_kept() -> None:
    async with RecordingServer() as server, HttpClient() as client:
        config = HttpRequestConfig(
            method="PUT",
            url=server.url(),
            headers=(Header(name="content-type", value="application/vnd.api+json"),),
            body="{}",
        )
        await execute_http_request(client, config, SCOPE)
    assert server.requests[0].headers["content-type"] == "application/vnd.api+json"


@async_test
async def test_non_json_response_leaves_mappings_empty() -> None:
    async with RecordingServer([Reply(text="OK")]) as server, HttpClient() as client:
        config = HttpRequestConfig(
            url=server.url(),
            response_mappings=(ResponseMapping(path="$.id", variable="id"),),
            save_status=True,
            status_variable="status",
        )
        result = await execute_http_request(client, config, SCOPE)
    assert result.port == "success"
    assert result.variables == {"id": None, "status": 200}


@async_test
async def test_404_takes_failure_with_status_variable_and_error_details() -> None:
    reply = Reply(404, json={"error": "no such order"})
    async with RecordingServer([reply]) as server, HttpClient() as client:
        config = HttpRequestConfig(
            url=server.url(),
            response_mappings=(ResponseMapping(path="$.error", variable="why"),),
            save_status=True,
            status_variable="code",
        )
        result = await execute_http_request(client, config, SCOPE)
    assert (result.port, result.status) == ("failure", 404)
    assert result.error == "The server answered HTTP 404."
    assert result.variables == {"why": "no such order", "code": 404}


@async_test
async def test_timeout_takes_failure_and_empties_the_status() -> None:
    async with RecordingServer([Reply(delay_s=3)]) as server, HttpClient() as client:
        config = HttpRequestConfig(
            url=server.url(),
            timeout_seconds=1,
            response_mappings=(ResponseMapping(path="$.id", variable="id"),),
            save_status=True,
            status_variable="status",
        )
        result = await execute_http_request(client, config, SCOPE)
    assert (result.port, result.status) == ("failure", None)
    assert result.error == "No response within 1 s."
    assert result.variables == {"id": None, "status": ""}


@async_test
async def test_unrendered_url_fails_without_a_request() -> None:
    async with HttpClient() as client:
        config = HttpRequestConfig(url="$var.site/path")
        result = await execute_http_request(client, config, SCOPE)
    assert result.port == "failure" and result.error
    assert "$var.site/path" in result.error


def test_json_at() -> None:
    assert json_at(ITEMS, "$") == ITEMS
    assert json_at(ITEMS, "$.data.items[0].name") == "Lamp"
    assert json_at(ITEMS, "$.data.total.x") is None
    assert json_at(ITEMS, "$.data.items.id") is None
    assert json_at(ITEMS, "not a path") is None
    assert json_at([1, [2, 3]], "$[1][0]") == 2
