"""Shared helpers for the trigger tests."""

from __future__ import annotations

from typing import Any

from wfstudio.domain.definition import Condition, ConditionGroup, Trigger
from wfstudio.domain.issues import TRIGGER_ID, Code
from wfstudio.domain.kinds import CheckContext, TriggerSpec
from wfstudio.domain.refs import WorkspaceRefs


def check(spec: TriggerSpec[Any], raw: dict[str, Any]) -> list[tuple[Code, str]]:
    """(code, field) of every issue ``spec`` reports for the config ``raw``."""
    ctx = CheckContext(TRIGGER_ID, spec.label, "", WorkspaceRefs.unknown())
    spec.check(spec.parse(raw), ctx)
    return [(issue.code, issue.field) for issue in ctx.issues]


def trigger(
    spec: TriggerSpec[Any],
    raw: dict[str, Any] | None = None,
    rules: tuple[Condition, ...] = (),
    join: str = "and",
) -> Trigger:
    return Trigger.model_validate(
        {
            "kind": spec.kind,
            "config": raw or {},
            "conditions": ConditionGroup.model_validate(
                {"join": join, "rules": [rule.model_dump() for rule in rules]}
            ).model_dump(),
        }
    )


def var(name: str, operator: str, value: Any = None) -> Condition:
    """A condition on ``$trigger.<name>``."""
    return Condition.model_validate(
        {"category": "variable", "field": f"trigger.{name}", "operator": operator, "value": value}
    )


def fired(spec: TriggerSpec[Any], trig: Trigger, event: Any) -> bool:
    return spec.is_fired_by(trig, spec.parse(trig.config), event)
