"""The step registry: every kind of SPEC §3, in picker order, with sane defaults."""

from __future__ import annotations

from typing import Any

import pytest

from wfstudio.domain.kinds import CheckContext, StepSpec
from wfstudio.domain.refs import WorkspaceRefs, find_refs, strip_unknown_refs
from wfstudio.domain.steps import STEP_GROUPS, STEP_SPECS

SPEC_KINDS = {
    "send_message",
    "ask_question",
    "assign_to",
    "branch",
    "update_contact_tag",
    "update_contact_field",
    "update_lifecycle",
    "open_conversation",
    "close_conversation",
    "add_comment",
    "jump_to",
    "wait",
    "date_time",
    "http_request",
    "trigger_workflow",
    "add_sheet_row",
    "ai_agent",
}


def test_every_kind_of_the_spec_is_registered_once() -> None:
    kinds = [spec.kind for spec in STEP_SPECS]
    assert len(kinds) == len(set(kinds))
    assert set(kinds) == SPEC_KINDS


def test_send_message_comes_first_and_groups_are_contiguous_in_picker_order() -> None:
    assert STEP_SPECS[0].kind == "send_message"
    groups = [spec.group for spec in STEP_SPECS]
    order = list(dict.fromkeys(groups))
    assert order == list(STEP_GROUPS)
    assert groups == sorted(groups, key=STEP_GROUPS.index)


def test_pausing_kinds() -> None:
    pausing = {spec.kind for spec in STEP_SPECS if spec.pauses}
    assert pausing == {"ask_question", "assign_to", "wait", "ai_agent"}


@pytest.mark.parametrize("spec", STEP_SPECS, ids=lambda spec: spec.kind)
def test_ui_texts_are_present(spec: StepSpec[Any]) -> None:
    assert spec.label and spec.icon and spec.description
    assert spec.icon == spec.icon.lower() and " " not in spec.icon


@pytest.mark.parametrize("spec", STEP_SPECS, ids=lambda spec: spec.kind)
def test_default_config_round_trips_and_has_ports_and_a_summary(spec: StepSpec[Any]) -> None:
    raw = spec.default_config()
    config = spec.parse(raw)
    assert config.model_dump(mode="json") == raw
    ports = spec.ports(config)
    names = [port.name for port in ports]
    assert len(names) == len(set(names))
    assert ports, "a new step must have at least one exit"
    assert isinstance(spec.summary(config), str) and spec.summary(config)
    ctx = CheckContext("s1", spec.label, "", WorkspaceRefs())
    spec.check(config, ctx)  # must not raise on the starting config


@pytest.mark.parametrize("spec", STEP_SPECS, ids=lambda spec: spec.kind)
def test_parse_or_none_is_none_for_a_config_that_does_not_parse(spec: StepSpec[Any]) -> None:
    raw = spec.default_config()
    assert spec.parse_or_none(raw) == spec.parse(raw)
    assert spec.parse_or_none({**raw, "no_such_key": 1}) is None


@pytest.mark.parametrize("spec", STEP_SPECS, ids=lambda spec: spec.kind)
def test_always_ports_come_first(spec: StepSpec[Any]) -> None:
    # Branch lists branch_1… before else by design; every other kind puts always-ports first.
    if spec.kind == "branch":
        return
    flags = [port.always for port in spec.ports(spec.parse(spec.default_config()))]
    assert flags == sorted(flags, reverse=True)


REFERENCE_CONFIGS: list[tuple[str, dict[str, Any], set[tuple[str, str, str]]]] = [
    (
        "ask_question",
        {
            "question_type": "multiple_choice",
            "options": [{"text": "Yes", "tag": "vip"}],
            "save_to_field": True,
            "field": "city",
        },
        {("options.0.tag", "tag", "vip"), ("field", "field", "city")},
    ),
    (
        "assign_to",
        {"user": "alice", "team": "sales"},
        {("user", "user", "alice"), ("team", "team", "sales")},
    ),
    (
        "update_contact_tag",
        {"tags": ["vip", "lead"]},
        {("tags.0", "tag", "vip"), ("tags.1", "tag", "lead")},
    ),
    (
        "update_contact_field",
        {"updates": [{"field": "age", "value": "3"}]},
        {("updates.0.field", "field", "age")},
    ),
    ("update_lifecycle", {"stage": "lead"}, {("stage", "lifecycle_stage", "lead")}),
    (
        "close_conversation",
        {"category": "resolved"},
        {("category", "closing_category", "resolved")},
    ),
    ("add_comment", {"text": "x", "mentions": ["bob"]}, {("mentions.0", "user", "bob")}),
    ("trigger_workflow", {"workflow": "onboarding"}, {("workflow", "workflow", "onboarding")}),
    (
        "add_sheet_row",
        {"credential": "google_main"},
        {("credential", "sheet_credential", "google_main")},
    ),
    (
        "ai_agent",
        {"fields": ["email", "mobile"]},
        {("fields.0", "field", "email"), ("fields.1", "field", "mobile")},
    ),
    (
        "branch",
        {
            "branches": [
                {"rules": [{"category": "tags", "operator": "has_any_of", "value": ["vip"]}]}
            ]
        },
        {("branches.0.rules.0.value.0", "tag", "vip")},
    ),
]


@pytest.mark.parametrize(("kind", "raw", "expected"), REFERENCE_CONFIGS, ids=lambda v: str(v)[:20])
def test_reference_fields_are_found_by_the_generic_walker(
    kind: str, raw: dict[str, Any], expected: set[tuple[str, str, str]]
) -> None:
    spec = next(spec for spec in STEP_SPECS if spec.kind == kind)
    refs = {(f.path, f.kind, f.key) for f in find_refs(spec.parse(raw))}
    assert refs == expected


def test_unknown_references_are_stripped_and_the_step_then_asks_for_them() -> None:
    spec = next(spec for spec in STEP_SPECS if spec.kind == "update_contact_tag")
    config, removed = strip_unknown_refs(spec.parse({"tags": ["gone"]}), WorkspaceRefs())
    assert [found.key for found in removed] == ["gone"]
    ctx = CheckContext("s1", spec.label, "", WorkspaceRefs())
    spec.check(config, ctx)
    assert [(issue.code, issue.field) for issue in ctx.issues] == [
        ("missing_reference", "config.tags")
    ]
