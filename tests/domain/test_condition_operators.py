"""Which operators fit which condition: one table, used by validation and the drawer."""

from __future__ import annotations

from typing import Any

import pytest

from wfstudio.domain.condition_checks import (
    FIELD_TYPE_OPERATORS,
    OPERATOR_LABELS,
    operators_for,
)
from wfstudio.domain.definition import (
    OPERATORS,
    Condition,
    ConditionGroup,
    Step,
    Trigger,
    WorkflowDefinition,
)
from wfstudio.domain.issues import Code
from wfstudio.domain.refs import FIELD_TYPES, WorkspaceRefs
from wfstudio.domain.validation import validate

REFS = WorkspaceRefs(
    tags=frozenset({"vip"}),
    fields={"birthday": "date", "visits": "number", "interests": "list", "agreed": "checkbox"},
)


def test_every_operator_has_a_label_and_every_field_type_a_set() -> None:
    assert set(OPERATOR_LABELS) == set(OPERATORS)
    assert set(FIELD_TYPE_OPERATORS) == set(FIELD_TYPES)
    for fitting in FIELD_TYPE_OPERATORS.values():
        assert {"exists", "not_exists"} <= set(fitting)


@pytest.mark.parametrize(
    ("category", "field", "field_type", "fits", "does_not_fit"),
    [
        ("contact_field", "firstname", "text", "contains", "greater_than"),
        ("contact_field", "birthday", "date", "before", "contains"),
        ("contact_field", "visits", "number", "between", "before"),
        ("contact_field", "agreed", "checkbox", "equals", "contains"),
        ("contact_field", "interests", "list", "has_all_of", "less_than"),
        ("tags", "", None, "has_none_of", "equals"),
        ("assignee_status", "", None, "not_equals", "contains"),
        ("channel", "", None, "equals", "greater_than"),
        ("last_incoming_message", "", None, "contains", "has_any_of"),
        ("conversation", "closing_category", None, "has_any_of", "contains"),
        ("conversation", "status", None, "equals", "has_any_of"),
    ],
)
def test_operators_follow_the_category_and_the_field_type(
    category: str, field: str, field_type: Any, fits: str, does_not_fit: str
) -> None:
    fitting = operators_for(category, field, field_type)
    assert fits in fitting
    assert does_not_fit not in fitting


def test_untyped_conditions_take_every_operator() -> None:
    assert operators_for("variable", "trigger.count") == OPERATORS
    assert operators_for("contact_field", "", None) == OPERATORS


def _issues(rule: Condition) -> list[tuple[str, str]]:
    trigger = Trigger(
        kind="conversation_opened", next="a", conditions=ConditionGroup(rules=(rule,))
    )
    step = Step(id="a", kind="send_message", name="Hi", config={"text": "Hi"})
    defn = WorkflowDefinition(name="W", trigger=trigger, steps=(step,))
    return [(i.code, i.field) for i in validate(defn, REFS)]


def test_validation_refuses_an_operator_that_does_not_fit() -> None:
    wrong = Condition(category="contact_field", field="birthday", operator="contains", value="x")
    assert _issues(wrong) == [(Code.TYPE_MISMATCH, "conditions.rules.0.operator")]
    tags = Condition(category="tags", operator="equals", value="vip")
    assert _issues(tags) == [(Code.TYPE_MISMATCH, "conditions.rules.0.operator")]


def test_validation_accepts_the_operators_that_fit() -> None:
    for operator in operators_for("contact_field", "visits", "number"):
        value: Any = ["1", "5"] if operator == "between" else "3"
        rule = Condition.model_validate(
            {"category": "contact_field", "field": "visits", "operator": operator, "value": value}
        )
        assert _issues(rule) == [], operator
