"""Helpers shared by the step-kind tests."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from wfstudio.domain.issues import Code, Issue
from wfstudio.domain.kinds import CheckContext, StepSpec
from wfstudio.domain.refs import WorkspaceRefs

REFS = WorkspaceRefs(
    channels={"wa_main": "whatsapp", "mail": "email"},
    users=frozenset({"alice", "bob"}),
    teams=frozenset({"sales", "support"}),
    tags=frozenset({"vip", "lead", "cold"}),
    fields={
        "birthday": "date",
        "age": "number",
        "website": "url",
        "newsletter": "checkbox",
        "city": "text",
        "interests": "list",
        "work_email": "email",
        "mobile": "phone",
    },
    lifecycle_stages=frozenset({"lead", "customer"}),
    closing_categories=frozenset({"resolved", "spam"}),
    workflows={"onboarding": "manual", "welcome": "conversation_opened", "blank": ""},
    sheet_credentials=frozenset({"google_main"}),
)


def check(
    spec: StepSpec[Any],
    config: Mapping[str, Any],
    refs: WorkspaceRefs = REFS,
    step_id: str = "s1",
) -> list[Issue]:
    """The issues ``spec`` reports for the raw JSON ``config``."""
    ctx = CheckContext(step_id=step_id, step_label=spec.label, step_name="My step", refs=refs)
    spec.check(spec.parse(config), ctx)
    return ctx.issues


def found(issues: list[Issue]) -> set[tuple[Code, str]]:
    """(code, field) of each issue, the pair tests assert on."""
    return {(issue.code, issue.field) for issue in issues}


def port_names(spec: StepSpec[Any], config: Mapping[str, Any]) -> list[str]:
    return [port.name for port in spec.ports(spec.parse(config))]
