"""Workflow-level validation rules (each kind's own rules are tested beside the kind)."""

from __future__ import annotations

from typing import Any

from wfstudio.domain.definition import (
    Condition,
    ConditionGroup,
    Step,
    Trigger,
    WorkflowDefinition,
)
from wfstudio.domain.issues import TRIGGER_ID, Code, Issue, errors
from wfstudio.domain.refs import WorkspaceRefs
from wfstudio.domain.validation import publish_issues, validate

REFS = WorkspaceRefs(channels={"web": "web_chat"}, tags=frozenset({"vip"}))


def message(step_id: str, text: str = "Hello", **next_: str) -> Step:
    return Step(
        id=step_id, kind="send_message", name=f"Say {step_id}", config={"text": text}, next=next_
    )


def workflow(*steps: Step, trigger: Trigger | None = None, **kw: Any) -> WorkflowDefinition:
    if trigger is None:
        trigger = Trigger(kind="conversation_opened", next=steps[0].id if steps else None)
    return WorkflowDefinition(name="W", trigger=trigger, steps=steps, **kw)


def codes(issues: list[Issue]) -> list[str]:
    return [issue.code for issue in issues]


def test_a_good_workflow_has_no_issue() -> None:
    assert validate(workflow(message("a", success="b"), message("b")), REFS) == []


def test_no_trigger_is_an_error() -> None:
    issues = validate(WorkflowDefinition(name="W", steps=(message("a"),)), REFS)
    assert Code.NO_TRIGGER in codes(issues)


def test_a_trigger_but_no_step_is_an_error() -> None:
    issues = validate(workflow(trigger=Trigger(kind="conversation_opened")), REFS)
    assert codes(errors(issues)) == [Code.NO_STEPS]


def test_more_steps_than_the_limit() -> None:
    steps = [message(f"s{i}", **({"success": f"s{i + 1}"} if i < 4 else {})) for i in range(5)]
    issues = validate(workflow(*steps), REFS, max_steps=4)
    assert Code.TOO_MANY_STEPS in codes(issues)
    assert validate(workflow(*steps), REFS, max_steps=5) == []


def test_duplicate_step_ids() -> None:
    issues = validate(workflow(message("a", success="a2"), message("a2"), message("a2")), REFS)
    assert Code.DUPLICATE_STEP_ID in codes(issues)


def test_unknown_step_kind() -> None:
    odd = Step(id="x", kind="teleport", name="Beam", config={})
    issues = validate(workflow(odd), REFS)
    assert [(i.code, i.step_id, i.field) for i in issues] == [(Code.UNKNOWN_KIND, "x", "kind")]


def test_unknown_trigger_kind() -> None:
    issues = validate(workflow(message("a"), trigger=Trigger(kind="moon_rise", next="a")), REFS)
    assert (Code.UNKNOWN_KIND, TRIGGER_ID) in [(i.code, i.step_id) for i in issues]


def test_a_port_the_step_does_not_have() -> None:
    issues = validate(workflow(message("a", failure="b"), message("b")), REFS)
    found = [(i.code, i.field) for i in issues]
    assert (Code.UNKNOWN_PORT, "next.failure") in found


def test_a_port_that_leads_nowhere() -> None:
    issues = validate(workflow(message("a", success="ghost")), REFS)
    assert [(i.code, i.step_id, i.field) for i in issues] == [
        (Code.UNKNOWN_STEP, "a", "next.success")
    ]


def test_trigger_next_that_leads_nowhere() -> None:
    defn = workflow(message("a"), trigger=Trigger(kind="conversation_opened", next="zzz"))
    assert (Code.UNKNOWN_STEP, TRIGGER_ID, "next") in [
        (i.code, i.step_id, i.field) for i in validate(defn, REFS)
    ]


def test_unreachable_step_is_a_warning_naming_it() -> None:
    issues = validate(workflow(message("a"), message("lost")), REFS)
    assert [(i.code, i.step_id, i.severity) for i in issues] == [
        (Code.UNREACHABLE, "lost", "warning")
    ]
    assert '"Say lost"' in issues[0].message
    assert errors(issues) == []


def test_wrong_config_types_are_reported_not_raised() -> None:
    odd = Step(id="a", kind="send_message", name="Odd", config={"text": 42, "colour": "red"})
    issues = validate(workflow(odd), REFS)
    fields = {i.field for i in issues if i.code == Code.INVALID_VALUE}
    assert {"config.text", "config.colour"} <= fields


def test_a_reference_the_workspace_lacks() -> None:
    step = Step(
        id="a",
        kind="send_message",
        name="Hi",
        config={"text": "x", "channel_mode": "specific", "channel": "sms-9"},
    )
    issues = validate(workflow(step), REFS)
    assert [(i.code, i.field) for i in issues] == [(Code.UNKNOWN_REFERENCE, "config.channel")]
    assert 'channel "sms-9"' in issues[0].message
    assert validate(workflow(step), WorkspaceRefs.unknown()) == []


def test_step_name_is_required() -> None:
    step = Step(id="a", kind="send_message", name="  ", config={"text": "x"})
    assert (Code.REQUIRED, "name") in [(i.code, i.field) for i in validate(workflow(step), REFS)]


def test_more_than_ten_trigger_conditions() -> None:
    rule = Condition(category="tags", operator="has_any_of", value=["vip"])
    trigger = Trigger(
        kind="conversation_opened", next="a", conditions=ConditionGroup(rules=(rule,) * 11)
    )
    issues = validate(workflow(message("a"), trigger=trigger), REFS)
    assert (Code.TOO_MANY, "conditions.rules") in [(i.code, i.field) for i in issues]


def test_trigger_condition_without_a_value() -> None:
    rule = Condition(category="variable", field="trigger.source", operator="equals", value="")
    trigger = Trigger(
        kind="conversation_opened", next="a", conditions=ConditionGroup(rules=(rule,))
    )
    issues = validate(workflow(message("a"), trigger=trigger), REFS)
    assert [(i.code, i.field) for i in issues] == [(Code.REQUIRED, "conditions.rules.0.value")]


def test_once_per_contact_is_not_offered_on_a_manual_trigger() -> None:
    trigger = Trigger(kind="manual", next="a", once_per_contact=True)
    issues = validate(workflow(message("a"), trigger=trigger), REFS)
    assert [(i.code, i.field) for i in issues] == [(Code.INVALID_VALUE, "once_per_contact")]


def test_validate_never_raises_on_odd_configs() -> None:
    weird: list[dict[str, Any]] = [{}, {"text": None}, {"text": ["a"]}, {"buttons": "x"}]
    for config in weird:
        step = Step(id="a", kind="send_message", name="W", config=config)
        assert isinstance(validate(workflow(step), REFS), list)


def test_publish_refuses_a_self_firing_tag_loop() -> None:
    trigger = Trigger(
        kind="contact_tag_updated", next="a", config={"action": "added", "tags": ["vip"]}
    )
    tag = Step(
        id="a", kind="update_contact_tag", name="Tag VIP", config={"action": "add", "tags": ["vip"]}
    )
    defn = workflow(tag, trigger=trigger)
    assert errors(validate(defn, REFS)) == []
    issues = publish_issues(defn, REFS, workflow_key="w1", published={})
    assert Code.LOOP_SELF_TRIGGER in codes(issues)
    assert any("Workflow loop detected" in i.message for i in issues)


def test_an_empty_tag_condition_is_a_reference_still_to_choose() -> None:
    rule = Condition(category="tags", operator="has_any_of", value=[])
    trigger = Trigger(
        kind="conversation_opened", next="a", conditions=ConditionGroup(rules=(rule,))
    )
    issues = validate(workflow(message("a"), trigger=trigger), REFS)
    assert [(i.code, i.field) for i in issues] == [
        (Code.MISSING_REFERENCE, "conditions.rules.0.value")
    ]


def test_refs_for_a_draft_know_its_new_trigger_kind() -> None:
    refs = WorkspaceRefs(workflows={"menu": "conversation_opened", "other": "manual"})
    draft = workflow(message("a"), trigger=Trigger(kind="manual", next="a"))
    assert refs.for_draft("menu", draft).workflows == {"menu": "manual", "other": "manual"}
    assert WorkspaceRefs.unknown().for_draft("menu", draft) == WorkspaceRefs.unknown()
    untriggered = WorkflowDefinition(name="W", steps=(message("a"),))
    assert refs.for_draft("menu", untriggered).workflows["menu"] == ""
