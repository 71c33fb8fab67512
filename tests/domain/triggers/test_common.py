"""The condition evaluation behind is_fired_by: False only when certainly false."""

from __future__ import annotations

from typing import Any

import pytest

from wfstudio.domain.definition import Condition, ConditionGroup
from wfstudio.domain.triggers._common import Facts, conditions_allow

FACTS = Facts(values={("variable", "trigger.source"): "workflow"})


def rule(operator: str, value: Any = None, field: str = "trigger.source") -> Condition:
    return Condition.model_validate(
        {"category": "variable", "field": field, "operator": operator, "value": value}
    )


def allows(*rules: Condition, join: str = "and") -> bool:
    group = ConditionGroup.model_validate({"join": join, "rules": [r.model_dump() for r in rules]})
    return conditions_allow(group, FACTS)


@pytest.mark.parametrize(
    ("operator", "value", "expected"),
    [
        ("equals", "workflow", True),
        ("equals", " WORKFLOW ", True),
        ("equals", "user", False),
        ("not_equals", "workflow", False),
        ("not_equals", "user", True),
        ("contains", "flow", True),
        ("contains", "xyz", False),
        ("not_contains", "flow", False),
        ("has_any_of", ["user", "workflow"], True),
        ("has_any_of", ["user"], False),
        ("has_none_of", ["workflow"], False),
        ("has_all_of", ["workflow", "user"], False),
        ("exists", None, True),
        ("not_exists", None, False),
        ("greater_than", "3", True),  # undecidable → allowed
        ("equals", 3, True),  # not a string → undecidable
        ("equals", ["a", "b"], True),
    ],
)
def test_single_rule(operator: str, value: Any, expected: bool) -> None:
    assert allows(rule(operator, value)) is expected


def test_empty_group_allows() -> None:
    assert conditions_allow(ConditionGroup(), FACTS)


def test_unknown_field_is_undecidable() -> None:
    assert allows(rule("equals", "x", field="trigger.channel"))
    assert allows(rule("equals", "x", field="var.source"))


def test_dollar_prefixed_variable_field() -> None:
    assert not allows(rule("equals", "user", field="$trigger.source"))


def test_and_or() -> None:
    false, unsure = rule("equals", "user"), rule("equals", "x", field="var.y")
    assert not allows(false, unsure, join="and")
    assert allows(false, unsure, join="or")
    assert not allows(false, rule("equals", "api"), join="or")
