"""Jump To, Wait and Trigger Another Workflow."""

from __future__ import annotations

import pytest

from tests.domain.steps.support import check, found, port_names
from wfstudio.domain.issues import Code
from wfstudio.domain.kinds import FiredEvent
from wfstudio.domain.refs import WorkspaceRefs
from wfstudio.domain.steps.jump_to import JumpTo
from wfstudio.domain.steps.trigger_workflow import TriggerWorkflow
from wfstudio.domain.steps.wait import Wait

JUMP = JumpTo()
WAIT = Wait()
TRIGGER = TriggerWorkflow()


# Jump To


def test_jump_good_config() -> None:
    assert check(JUMP, {"target": "s0", "max_jumps": 10}) == []


def test_jump_defaults_to_3_jumps() -> None:
    assert JUMP.parse({}).max_jumps == 3


def test_jump_target_required() -> None:
    assert found(check(JUMP, {})) == {(Code.REQUIRED, "config.target")}


def test_jump_not_to_itself() -> None:
    issues = check(JUMP, {"target": "s1"}, step_id="s1")
    assert found(issues) == {(Code.INVALID_VALUE, "config.target")}


@pytest.mark.parametrize("jumps", [0, 11])
def test_jump_max_between_1_and_10(jumps: int) -> None:
    issues = check(JUMP, {"target": "s0", "max_jumps": jumps})
    assert found(issues) == {(Code.OUT_OF_RANGE, "config.max_jumps")}


def test_jump_ports_and_targets() -> None:
    assert port_names(JUMP, {}) == ["next"]
    assert JUMP.jump_targets(JUMP.parse({"target": "s0"})) == ["s0"]
    assert JUMP.jump_targets(JUMP.parse({})) == []


# Wait


@pytest.mark.parametrize(
    ("amount", "unit"), [(1, "seconds"), (90, "minutes"), (168, "hours"), (7, "days")]
)
def test_wait_good_configs(amount: int, unit: str) -> None:
    assert check(WAIT, {"amount": amount, "unit": unit}) == []


@pytest.mark.parametrize(
    ("amount", "unit"), [(0, "minutes"), (-1, "hours"), (8, "days"), (169, "hours")]
)
def test_wait_between_1_second_and_7_days(amount: int, unit: str) -> None:
    issues = check(WAIT, {"amount": amount, "unit": unit})
    assert found(issues) == {(Code.OUT_OF_RANGE, "config.amount")}


def test_wait_seconds_ports_and_summary() -> None:
    config = WAIT.parse({"amount": 2, "unit": "days"})
    assert config.seconds == 2 * 86400
    assert port_names(WAIT, {}) == ["success"]
    assert WAIT.summary(config) == "Wait 2 days"


# Trigger Another Workflow


def test_trigger_good_config() -> None:
    assert check(TRIGGER, {"workflow": "onboarding"}) == []


def test_trigger_workflow_required() -> None:
    assert found(check(TRIGGER, {})) == {(Code.MISSING_REFERENCE, "config.workflow")}


@pytest.mark.parametrize("target", ["welcome", "blank"])
def test_trigger_target_must_have_a_manual_trigger(target: str) -> None:
    issues = check(TRIGGER, {"workflow": target})
    assert found(issues) == {(Code.INVALID_VALUE, "config.workflow")}


def test_trigger_target_not_checked_without_a_workspace() -> None:
    assert check(TRIGGER, {"workflow": "welcome"}, refs=WorkspaceRefs.unknown()) == []


def test_trigger_unknown_target_left_to_the_reference_check() -> None:
    assert check(TRIGGER, {"workflow": "elsewhere"}) == []


def test_trigger_ports_and_fires() -> None:
    assert port_names(TRIGGER, {}) == ["success"]
    assert TRIGGER.fires(TRIGGER.parse({"workflow": "onboarding"})) == [
        FiredEvent("manual", {"workflow": "onboarding"})
    ]
    assert TRIGGER.fires(TRIGGER.parse({})) == []
