"""Update Contact Tag, Update Contact Field and Update Lifecycle."""

from __future__ import annotations

import pytest

from tests.domain.steps.support import check, found, port_names
from wfstudio.domain.issues import Code
from wfstudio.domain.kinds import FiredEvent
from wfstudio.domain.steps.update_contact_field import UpdateContactField, fits_field_type
from wfstudio.domain.steps.update_contact_tag import UpdateContactTag
from wfstudio.domain.steps.update_lifecycle import UpdateLifecycle

TAG = UpdateContactTag()
FIELD = UpdateContactField()
LIFECYCLE = UpdateLifecycle()


# Update Contact Tag


def test_tag_good_config() -> None:
    assert check(TAG, {"action": "remove", "tags": ["vip", "lead"]}) == []


def test_tag_needs_a_tag() -> None:
    assert found(check(TAG, {"tags": []})) == {(Code.MISSING_REFERENCE, "config.tags")}


def test_tag_listed_once() -> None:
    issues = check(TAG, {"tags": ["vip", "lead", "vip"]})
    assert found(issues) == {(Code.DUPLICATE, "config.tags.2")}


def test_tag_ports() -> None:
    assert port_names(TAG, {}) == ["success"]


@pytest.mark.parametrize(("action", "fired"), [("add", "added"), ("remove", "removed")])
def test_tag_fires_one_event_per_tag(action: str, fired: str) -> None:
    config = TAG.parse({"action": action, "tags": ["vip", "lead"]})
    assert TAG.fires(config) == [
        FiredEvent("contact_tag_updated", {"action": fired, "tag": "vip"}),
        FiredEvent("contact_tag_updated", {"action": fired, "tag": "lead"}),
    ]


# Update Contact Field


def test_field_good_config() -> None:
    config = {
        "updates": [
            {"field": "age", "value": "42"},
            {"field": "birthday", "value": "1990-02-28"},
            {"field": "work_email", "value": "a@b.co"},
            {"field": "website", "value": "https://example.com/x"},
            {"field": "newsletter", "value": "Yes"},
            {"field": "city", "value": "anything"},
            {"field": "mobile", "value": "$trigger.phone"},
            {"field": "interests", "value": ""},
        ],
        "failure_branch": True,
    }
    assert check(FIELD, config) == []


def test_field_needs_a_row() -> None:
    assert found(check(FIELD, {"updates": []})) == {(Code.REQUIRED, "config.updates")}


def test_field_row_needs_a_field() -> None:
    issues = check(FIELD, {"updates": [{"field": "", "value": "x"}]})
    assert found(issues) == {(Code.MISSING_REFERENCE, "config.updates.0.field")}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("age", "forty"),
        ("age", "nan"),
        ("birthday", "02/28/1990"),
        ("birthday", "1990-02-30"),
        ("work_email", "not-an-email"),
        ("website", "example.com"),
        ("newsletter", "maybe"),
    ],
)
def test_field_literal_must_fit_the_field_type(field: str, value: str) -> None:
    issues = check(FIELD, {"updates": [{"field": field, "value": value}]})
    assert found(issues) == {(Code.TYPE_MISMATCH, "config.updates.0.value")}


def test_field_value_with_a_variable_is_not_type_checked() -> None:
    config = {"updates": [{"field": "age", "value": "$var.age_answer"}]}
    assert check(FIELD, config) == []


def test_field_value_with_an_escaped_dollar_is_a_literal() -> None:
    issues = check(FIELD, {"updates": [{"field": "age", "value": "$$var.age"}]})
    assert found(issues) == {(Code.TYPE_MISMATCH, "config.updates.0.value")}


def test_field_set_once() -> None:
    config = {"updates": [{"field": "city", "value": "a"}, {"field": "city", "value": "b"}]}
    assert found(check(FIELD, config)) == {(Code.DUPLICATE, "config.updates.1.field")}


def test_fits_field_type_empty_clears() -> None:
    assert fits_field_type("number", "  ")


@pytest.mark.parametrize("value", ["ftp://x.org", "example.com", "https://a b.com", "http://[::1"])
def test_fits_field_type_url_needs_http_or_https(value: str) -> None:
    assert fits_field_type("url", "https://example.com/a?b=1")
    assert not fits_field_type("url", value)


def test_field_ports() -> None:
    assert port_names(FIELD, {}) == ["success"]
    assert port_names(FIELD, {"failure_branch": True}) == ["success", "failure"]


def test_field_fires_one_event_per_field() -> None:
    config = FIELD.parse(
        {"updates": [{"field": "city", "value": "a"}, {"field": "age", "value": "1"}]}
    )
    assert FIELD.fires(config) == [
        FiredEvent("contact_field_updated", {"field": "city"}),
        FiredEvent("contact_field_updated", {"field": "age"}),
    ]


# Update Lifecycle


def test_lifecycle_good_configs() -> None:
    assert check(LIFECYCLE, {"action": "set", "stage": "lead"}) == []
    assert check(LIFECYCLE, {"action": "clear"}) == []


def test_lifecycle_set_needs_a_stage() -> None:
    assert found(check(LIFECYCLE, {"action": "set"})) == {(Code.MISSING_REFERENCE, "config.stage")}


def test_lifecycle_ports() -> None:
    assert port_names(LIFECYCLE, {}) == ["success"]


def test_lifecycle_fires() -> None:
    assert LIFECYCLE.fires(LIFECYCLE.parse({"stage": "lead"})) == [
        FiredEvent("lifecycle_updated", {"stage": "lead"})
    ]
    assert LIFECYCLE.fires(LIFECYCLE.parse({"action": "clear", "stage": "lead"})) == [
        FiredEvent("lifecycle_updated", {"stage": ""})
    ]
    assert LIFECYCLE.fires(LIFECYCLE.parse({})) == []
