"""Every category the condition editor offers is accepted on every trigger kind: trigger
conditions see the same facts a Branch sees (``wfstudio.runtime.facts``), the contact's
channel, latest message, conversation and assignee whatever fired the trigger, so no
category is refused for a trigger kind."""

from __future__ import annotations

from typing import Any

import pytest

from wfstudio.domain.catalogue import TRIGGERS
from wfstudio.domain.condition_checks import CATEGORY_LABELS
from wfstudio.domain.definition import (
    Condition,
    ConditionGroup,
    Step,
    Trigger,
    WorkflowDefinition,
)
from wfstudio.domain.issues import Issue
from wfstudio.domain.refs import WorkspaceRefs
from wfstudio.domain.validation import validate

REFS = WorkspaceRefs(channels={"web": "web_chat"}, tags=frozenset({"vip"}))
RULES: dict[str, dict[str, Any]] = {
    "contact_field": {"field": "firstname", "operator": "equals", "value": "Ana"},
    "tags": {"operator": "has_any_of", "value": ["vip"]},
    "variable": {"field": "var.plan", "operator": "equals", "value": "gold"},
    "assignee_status": {"operator": "equals", "value": "online"},
    "channel": {"operator": "equals", "value": "web"},
    "last_incoming_message": {"operator": "contains", "value": "refund"},
    "conversation": {"field": "source", "operator": "equals", "value": "contact"},
}


def _issues(kind: str, rules: tuple[Condition, ...]) -> set[tuple[str, str | None]]:
    step = Step(id="a", kind="send_message", name="A", config={"text": "Hi"})
    trigger = Trigger(kind=kind, conditions=ConditionGroup(rules=rules), next="a")
    found: list[Issue] = validate(
        WorkflowDefinition(name="W", trigger=trigger, steps=(step,)), REFS
    )
    return {(issue.code, issue.field) for issue in found}


def test_the_table_covers_every_category_the_editor_offers() -> None:
    assert set(RULES) == set(CATEGORY_LABELS)


@pytest.mark.parametrize("kind", sorted(TRIGGERS))
@pytest.mark.parametrize("category", sorted(RULES))
def test_a_condition_of_any_category_adds_no_issue(kind: str, category: str) -> None:
    rule = Condition(category=category, **RULES[category])
    assert _issues(kind, (rule,)) == _issues(kind, ())


@pytest.mark.parametrize("kind", sorted(TRIGGERS))
def test_trigger_conditions_are_checked_so_the_above_is_not_vacuous(kind: str) -> None:
    wrong = Condition(category="channel", operator="greater_than", value="web")
    assert _issues(kind, (wrong,)) - _issues(kind, ())
