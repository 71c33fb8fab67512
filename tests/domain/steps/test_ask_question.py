"""Ask a Question: config checks, ports and fired events."""

from __future__ import annotations

from typing import Any

import pytest

from tests.domain.steps.support import check, found, port_names
from wfstudio.domain.issues import Code
from wfstudio.domain.kinds import FiredEvent
from wfstudio.domain.limits import DEFAULT_QUESTION_RETRIES, DEFAULT_TIMEOUT_SECONDS
from wfstudio.domain.steps.ask_question import AskQuestion

SPEC = AskQuestion()
GOOD: dict[str, Any] = {"text": "What is your email?", "question_type": "email"}


def choice(*texts: str, **extra: Any) -> dict[str, Any]:
    return {
        "text": "Pick one",
        "question_type": "multiple_choice",
        "options": [{"text": text} for text in texts],
        **extra,
    }


def test_good_configs_give_no_issues() -> None:
    assert check(SPEC, GOOD) == []
    assert check(SPEC, choice("Yes", "No")) == []
    assert (
        check(
            SPEC,
            {
                "text": "How old are you?",
                "question_type": "number",
                "min_value": 18,
                "max_value": 120,
                "save_to_field": True,
                "field": "age",
                "save_to_variable": True,
                "variable": "age_answer",
                "timeout_branch": True,
                "failure_branch": True,
            },
        )
        == []
    )


def test_defaults() -> None:
    config = SPEC.parse({})
    assert config.retries == DEFAULT_QUESTION_RETRIES
    assert config.timeout_seconds == DEFAULT_TIMEOUT_SECONDS
    assert config.question_type == "text"


def test_question_text_is_required() -> None:
    assert found(check(SPEC, {**GOOD, "text": "  "})) == {(Code.REQUIRED, "config.text")}


def test_question_text_at_most_2000_chars() -> None:
    assert found(check(SPEC, {**GOOD, "text": "x" * 2001})) == {(Code.TOO_LONG, "config.text")}


def test_multiple_choice_needs_an_option() -> None:
    assert found(check(SPEC, choice())) == {(Code.REQUIRED, "config.options")}


def test_multiple_choice_at_most_10_options() -> None:
    issues = check(SPEC, choice(*[f"o{i}" for i in range(11)]))
    assert found(issues) == {(Code.TOO_MANY, "config.options")}


def test_option_at_most_20_chars() -> None:
    issues = check(SPEC, choice("ok", "x" * 21))
    assert found(issues) == {(Code.TOO_LONG, "config.options.1.text")}


def test_option_must_not_be_empty() -> None:
    assert found(check(SPEC, choice("ok", " "))) == {(Code.REQUIRED, "config.options.1.text")}


def test_options_must_be_distinct_ignoring_case() -> None:
    issues = check(SPEC, choice("Yes", "No", " yes"))
    assert found(issues) == {(Code.DUPLICATE, "config.options.2.text")}


def test_number_min_must_not_exceed_max() -> None:
    issues = check(SPEC, {**GOOD, "question_type": "number", "min_value": 10, "max_value": 1})
    assert found(issues) == {(Code.INVALID_VALUE, "config.max_value")}


def test_number_with_only_min_is_fine() -> None:
    assert check(SPEC, {**GOOD, "question_type": "number", "min_value": 10}) == []


def test_save_to_field_needs_a_field() -> None:
    issues = check(SPEC, {**GOOD, "save_to_field": True})
    assert found(issues) == {(Code.MISSING_REFERENCE, "config.field")}


@pytest.mark.parametrize(
    ("question_type", "field"),
    [
        ("text", "city"),
        ("text", "interests"),
        ("multiple_choice", "interests"),
        ("number", "age"),
        ("rating", "age"),
        ("date", "birthday"),
        ("email", "work_email"),
        ("email", "email"),
        ("phone", "mobile"),
        ("url", "website"),
        ("location", "city"),
    ],
)
def test_field_type_fits_the_answer(question_type: str, field: str) -> None:
    config = {**choice("a"), "question_type": question_type, "save_to_field": True, "field": field}
    assert check(SPEC, config) == []


@pytest.mark.parametrize(
    ("question_type", "field", "field_type"),
    [
        ("date", "city", "text"),
        ("email", "city", "text"),
        ("number", "birthday", "date"),
        ("rating", "city", "text"),
        ("text", "age", "number"),
        ("phone", "work_email", "email"),
        ("url", "newsletter", "checkbox"),
    ],
)
def test_field_type_mismatch_names_both_types(
    question_type: str, field: str, field_type: str
) -> None:
    config = {**GOOD, "question_type": question_type, "save_to_field": True, "field": field}
    issues = check(SPEC, config)
    assert found(issues) == {(Code.TYPE_MISMATCH, "config.field")}
    assert field_type in issues[0].detail
    assert question_type.split("_")[0] in issues[0].detail.lower()


def test_field_of_unknown_type_is_not_type_checked() -> None:
    issues = check(SPEC, {**GOOD, "save_to_field": True, "field": "not_in_workspace"})
    assert issues == []


def test_save_to_variable_needs_a_name() -> None:
    issues = check(SPEC, {**GOOD, "save_to_variable": True})
    assert found(issues) == {(Code.REQUIRED, "config.variable")}


@pytest.mark.parametrize("name", ["has space", "9lives", "dollar$", "a.b", "x" * 65])
def test_variable_name_must_be_valid(name: str) -> None:
    issues = check(SPEC, {**GOOD, "save_to_variable": True, "variable": name})
    assert found(issues) == {(Code.INVALID_VALUE, "config.variable")}


def test_save_to_tag_only_for_multiple_choice() -> None:
    issues = check(SPEC, {**GOOD, "save_to_tag": True})
    assert found(issues) == {(Code.INVALID_VALUE, "config.save_to_tag")}


def test_save_to_tag_needs_a_tag_per_option() -> None:
    config = choice("Yes", "No", save_to_tag=True)
    config["options"][0]["tag"] = "vip"
    assert found(check(SPEC, config)) == {(Code.MISSING_REFERENCE, "config.options.1.tag")}


def test_invalid_reply_message_at_most_2000_chars() -> None:
    issues = check(SPEC, {**GOOD, "invalid_reply_message": "x" * 2001})
    assert found(issues) == {(Code.TOO_LONG, "config.invalid_reply_message")}


@pytest.mark.parametrize(("retries", "ok"), [(0, True), (10, True), (11, False), (-1, False)])
def test_retries_between_0_and_10(retries: int, ok: bool) -> None:
    issues = check(SPEC, {**GOOD, "retries": retries})
    assert found(issues) == (set() if ok else {(Code.OUT_OF_RANGE, "config.retries")})


@pytest.mark.parametrize(
    ("seconds", "ok"), [(60, True), (7 * 86400, True), (59, False), (7 * 86400 + 1, False)]
)
def test_timeout_between_a_minute_and_7_days(seconds: int, ok: bool) -> None:
    issues = check(SPEC, {**GOOD, "timeout_seconds": seconds})
    assert found(issues) == (set() if ok else {(Code.OUT_OF_RANGE, "config.timeout_seconds")})


def test_ports_answered_and_optional_timeout_failure() -> None:
    assert port_names(SPEC, GOOD) == ["answered"]
    assert port_names(SPEC, {**GOOD, "timeout_branch": True, "failure_branch": True}) == [
        "answered",
        "timeout",
        "failure",
    ]


def test_multiple_choice_has_one_port_per_option_labelled_with_its_text() -> None:
    ports = SPEC.ports(SPEC.parse(choice("Yes", "No", timeout_branch=True)))
    assert [(p.name, p.label, p.always) for p in ports] == [
        ("option_1", "Yes", True),
        ("option_2", "No", True),
        ("timeout", "Timeout", False),
    ]


def test_fires_field_and_tag_events() -> None:
    config = choice("Yes", "No", save_to_tag=True, save_to_field=True, field="city")
    config["options"][0]["tag"] = "vip"
    config["options"][1]["tag"] = "cold"
    assert SPEC.fires(SPEC.parse(config)) == [
        FiredEvent("contact_field_updated", {"field": "city"}),
        FiredEvent("contact_tag_updated", {"action": "added", "tag": "vip"}),
        FiredEvent("contact_tag_updated", {"action": "added", "tag": "cold"}),
    ]


def test_fires_nothing_when_only_saving_to_a_variable() -> None:
    config = SPEC.parse({**GOOD, "save_to_variable": True, "variable": "x", "field": "city"})
    assert SPEC.fires(config) == []


def test_summary() -> None:
    assert SPEC.summary(SPEC.parse(GOOD)) == "Email: What is your email?"
