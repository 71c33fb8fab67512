"""AI Agent: objective, instructions, fields, idle timeout; ports and fired events."""

from __future__ import annotations

import pytest

from tests.domain.steps.support import check, found, port_names
from wfstudio.domain.issues import Code
from wfstudio.domain.kinds import FiredEvent
from wfstudio.domain.limits import DEFAULT_AI_IDLE_SECONDS
from wfstudio.domain.steps.ai_agent import AiAgent

SPEC = AiAgent()


def test_good_configs_give_no_issues() -> None:
    assert check(SPEC, {"objective": "collect_fields", "fields": ["email"]}) == []
    config = {
        "objective": "answer_questions",
        "instructions": "Answer questions about opening hours.",
        "handover_rules": "Hand over when the contact is angry.",
    }
    assert check(SPEC, config) == []


def test_idle_timeout_defaults_to_60_minutes() -> None:
    assert SPEC.parse({}).idle_seconds == DEFAULT_AI_IDLE_SECONDS == 3600


def test_collect_fields_needs_a_field() -> None:
    assert found(check(SPEC, {"objective": "collect_fields"})) == {
        (Code.MISSING_REFERENCE, "config.fields")
    }


def test_collect_field_listed_once() -> None:
    issues = check(SPEC, {"fields": ["email", "phone", "email"]})
    assert found(issues) == {(Code.DUPLICATE, "config.fields.2")}


def test_answer_questions_needs_instructions() -> None:
    assert found(check(SPEC, {"objective": "answer_questions"})) == {
        (Code.REQUIRED, "config.instructions")
    }


@pytest.mark.parametrize("name", ["instructions", "handover_rules"])
def test_texts_at_most_4000_chars(name: str) -> None:
    issues = check(SPEC, {"fields": ["email"], name: "x" * 4001})
    assert found(issues) == {(Code.TOO_LONG, f"config.{name}")}


@pytest.mark.parametrize("seconds", [59, 7 * 86400 + 1])
def test_idle_timeout_between_a_minute_and_7_days(seconds: int) -> None:
    issues = check(SPEC, {"fields": ["email"], "idle_seconds": seconds})
    assert found(issues) == {(Code.OUT_OF_RANGE, "config.idle_seconds")}


def test_ports() -> None:
    assert port_names(SPEC, {}) == ["success"]
    config = {
        "human_requested_branch": True,
        "unable_branch": True,
        "idle_branch": True,
        "failure_branch": True,
    }
    ports = SPEC.ports(SPEC.parse(config))
    assert [(p.name, p.always) for p in ports] == [
        ("success", True),
        ("human_requested", False),
        ("unable", False),
        ("idle", False),
        ("failure", False),
    ]


def test_collecting_fires_field_updates() -> None:
    assert SPEC.fires(SPEC.parse({"fields": ["email", "phone"]})) == [
        FiredEvent("contact_field_updated", {"field": "email"}),
        FiredEvent("contact_field_updated", {"field": "phone"}),
    ]
    answering = SPEC.parse({"objective": "answer_questions", "fields": ["email"]})
    assert SPEC.fires(answering) == []
