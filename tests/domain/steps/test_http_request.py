"""HTTP Request: URL, headers, JSON body, timeout, mappings; ports."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.domain.steps.support import check, found, port_names
from wfstudio.domain.issues import Code
from wfstudio.domain.steps.http_request import (
    BodyVariable,
    HttpRequest,
    json_path_steps,
    render_body,
    split_body,
)

SPEC = HttpRequest()
GOOD: dict[str, Any] = {
    "method": "POST",
    "url": "https://api.example.com/contacts/$contact.id?src=wf",
    "headers": [
        {"name": "Content-Type", "value": "application/json"},
        {"name": "Authorization", "value": "Bearer $trigger.token"},
    ],
    "body": '{"name": "$contact.name", "age": $var.age, "tags": ["a"]}',
    "timeout_seconds": 30,
    "response_mappings": [
        {"path": "$.data.contacts[1].firstName", "variable": "first_name"},
        {"path": "$['odd key'].value", "variable": "odd"},
    ],
    "save_status": True,
    "status_variable": "status",
    "failure_branch": True,
}


def header(index: int) -> dict[str, str]:
    return {"name": f"X-H{index}", "value": "v"}


def mapping(index: int) -> dict[str, str]:
    return {"path": f"$.a{index}", "variable": f"v{index}"}


def test_good_config_gives_no_issues() -> None:
    assert check(SPEC, GOOD) == []


def test_url_may_be_a_variable() -> None:
    assert check(SPEC, {"url": "$trigger.callback_url"}) == []


def test_timeout_defaults_to_10_seconds() -> None:
    assert SPEC.parse({}).timeout_seconds == 10


def test_url_required() -> None:
    assert found(check(SPEC, {})) == {(Code.REQUIRED, "config.url")}


@pytest.mark.parametrize(
    "url", ["ftp://x.org", "example.com/api", "https://", "https://a b.com", "http://[::1"]
)
def test_url_must_be_http_or_https(url: str) -> None:
    assert found(check(SPEC, {"url": url})) == {(Code.INVALID_VALUE, "config.url")}


def test_at_most_10_headers() -> None:
    assert check(SPEC, {"url": "http://x", "headers": [header(i) for i in range(10)]}) == []
    issues = check(SPEC, {"url": "http://x", "headers": [header(i) for i in range(11)]})
    assert found(issues) == {(Code.TOO_MANY, "config.headers")}


def test_header_name_required() -> None:
    issues = check(SPEC, {"url": "http://x", "headers": [{"name": "", "value": "v"}]})
    assert found(issues) == {(Code.REQUIRED, "config.headers.0.name")}


def test_header_name_must_be_a_token() -> None:
    issues = check(SPEC, {"url": "http://x", "headers": [{"name": "Bad Name:", "value": "v"}]})
    assert found(issues) == {(Code.INVALID_VALUE, "config.headers.0.name")}


def test_header_names_distinct_ignoring_case() -> None:
    headers = [{"name": "Accept", "value": "a"}, {"name": "accept", "value": "b"}]
    issues = check(SPEC, {"url": "http://x", "headers": headers})
    assert found(issues) == {(Code.DUPLICATE, "config.headers.1.name")}


@pytest.mark.parametrize(
    "body",
    ['{"a": }', "{'a': 1}", '{"a": "$var.x" $var.y}', "not json", '{"a": $var.x'],
)
def test_body_must_be_json(body: str) -> None:
    issues = check(SPEC, {"method": "POST", "url": "http://x", "body": body})
    assert found(issues) == {(Code.INVALID_VALUE, "config.body")}


@pytest.mark.parametrize(
    "body",
    ['{"a": $var.x, "b": [$var.y, 2]}', '"$contact.name"', "$var.whole", '{"p": "cost $5"}', "  "],
)
def test_body_with_variables_is_valid_json(body: str) -> None:
    assert check(SPEC, {"method": "POST", "url": "http://x", "body": body}) == []


def test_body_on_get_is_only_a_warning() -> None:
    issues = check(SPEC, {"url": "http://x", "body": "{}"})
    assert [(i.code, i.field, i.severity) for i in issues] == [
        (Code.INVALID_VALUE, "config.body", "warning")
    ]


@pytest.mark.parametrize("seconds", [0, 61])
def test_timeout_between_1_and_60_seconds(seconds: int) -> None:
    issues = check(SPEC, {"url": "http://x", "timeout_seconds": seconds})
    assert found(issues) == {(Code.OUT_OF_RANGE, "config.timeout_seconds")}


def test_at_most_10_mappings() -> None:
    config = {"url": "http://x", "response_mappings": [mapping(i) for i in range(11)]}
    assert found(check(SPEC, config)) == {(Code.TOO_MANY, "config.response_mappings")}


def test_mapping_path_required() -> None:
    config = {"url": "http://x", "response_mappings": [{"path": "", "variable": "v"}]}
    assert found(check(SPEC, config)) == {(Code.REQUIRED, "config.response_mappings.0.path")}


@pytest.mark.parametrize("path", ["data.name", "$.a..b", "$.a[x]", "$ .a"])
def test_mapping_path_must_be_a_json_path(path: str) -> None:
    config = {"url": "http://x", "response_mappings": [{"path": path, "variable": "v"}]}
    issues = check(SPEC, config)
    assert found(issues) == {(Code.INVALID_VALUE, "config.response_mappings.0.path")}


def test_mapping_variable_required_and_valid() -> None:
    config = {
        "url": "http://x",
        "response_mappings": [{"path": "$.a", "variable": ""}, {"path": "$.b", "variable": "b-c"}],
    }
    assert found(check(SPEC, config)) == {
        (Code.REQUIRED, "config.response_mappings.0.variable"),
        (Code.INVALID_VALUE, "config.response_mappings.1.variable"),
    }


def test_mapping_variables_distinct() -> None:
    config = {
        "url": "http://x",
        "response_mappings": [mapping(1), {**mapping(2), "variable": "v1"}],
    }
    issues = check(SPEC, config)
    assert found(issues) == {(Code.DUPLICATE, "config.response_mappings.1.variable")}


def test_status_variable_required_when_saving_status() -> None:
    issues = check(SPEC, {"url": "http://x", "save_status": True})
    assert found(issues) == {(Code.REQUIRED, "config.status_variable")}


def test_status_variable_not_shared_with_a_mapping() -> None:
    config = {
        "url": "http://x",
        "response_mappings": [mapping(1)],
        "save_status": True,
        "status_variable": "v1",
    }
    assert found(check(SPEC, config)) == {(Code.DUPLICATE, "config.status_variable")}


def test_ports() -> None:
    assert port_names(SPEC, {}) == ["success"]
    assert port_names(SPEC, {"failure_branch": True}) == ["success", "failure"]


def test_split_body_tells_strings_from_bare_values() -> None:
    assert split_body('{"a": "hi $var.x", "b": $var.y}') == [
        '{"a": "hi ',
        BodyVariable("var.x", True),
        '", "b": ',
        BodyVariable("var.y", False),
        "}",
    ]


def test_render_body() -> None:
    body = '{"n": "$contact.name", "age": $var.age, "obj": $var.obj, "s": $var.s, "u": $var.u, "q": "$var.u"}'
    values = {"contact.name": 'Ann "A"', "var.age": "42", "var.obj": '{"k": 1}', "var.s": "abc"}
    rendered = json.loads(render_body(body, values.get))
    assert rendered == {
        "n": 'Ann "A"',
        "age": 42,
        "obj": {"k": 1},
        "s": "abc",
        "u": None,
        "q": "$var.u",
    }


def test_double_dollar_is_a_literal_dollar() -> None:
    assert render_body('{"price": "US$$5", "v": $$var.x}', lambda _name: "1") == (
        '{"price": "US$5", "v": $var.x}'
    )
    issues = check(SPEC, {"method": "POST", "url": "http://x", "body": '{"v": $$var.x}'})
    assert found(issues) == {(Code.INVALID_VALUE, "config.body")}


def test_variable_names_have_one_segment() -> None:
    assert split_body("$var.order.id") == [BodyVariable("var.order", False), ".id"]


def test_url_starting_with_an_escaped_dollar_is_checked() -> None:
    assert found(check(SPEC, {"url": "$$var.x"})) == {(Code.INVALID_VALUE, "config.url")}


def test_json_path_steps() -> None:
    assert json_path_steps("$") == []
    assert json_path_steps("$.data.contacts[1]['first name']") == [
        "data",
        "contacts",
        1,
        "first name",
    ]
    assert json_path_steps(".data") is None


def test_summary() -> None:
    assert SPEC.summary(SPEC.parse({"url": "https://x.org"})) == "GET https://x.org"
