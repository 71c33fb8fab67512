"""Assign To: config checks and ports."""

from __future__ import annotations

import pytest

from tests.domain.steps.support import check, found, port_names
from wfstudio.domain.issues import Code
from wfstudio.domain.limits import DEFAULT_TIMEOUT_SECONDS
from wfstudio.domain.steps.assign_to import AssignTo

SPEC = AssignTo()


@pytest.mark.parametrize(
    "config",
    [
        {"action": "specific_user", "user": "alice"},
        {"action": "team", "team": "sales", "logic": "least_open", "only_online": True},
        {"action": "workspace", "max_open_contacts": 5, "timeout_branch": True},
        {"action": "unassign"},
    ],
)
def test_good_configs_give_no_issues(config: dict[str, object]) -> None:
    assert check(SPEC, config) == []


def test_timeout_defaults_to_7_days() -> None:
    assert SPEC.parse({}).timeout_seconds == DEFAULT_TIMEOUT_SECONDS


def test_specific_user_needs_a_user() -> None:
    issues = check(SPEC, {"action": "specific_user"})
    assert found(issues) == {(Code.MISSING_REFERENCE, "config.user")}


def test_team_needs_a_team() -> None:
    assert found(check(SPEC, {"action": "team"})) == {(Code.MISSING_REFERENCE, "config.team")}


def test_max_open_contacts_at_least_1() -> None:
    issues = check(SPEC, {"action": "workspace", "max_open_contacts": 0})
    assert found(issues) == {(Code.OUT_OF_RANGE, "config.max_open_contacts")}


@pytest.mark.parametrize("seconds", [59, 7 * 86400 + 1])
def test_timeout_at_most_7_days(seconds: int) -> None:
    issues = check(SPEC, {"action": "workspace", "timeout_seconds": seconds})
    assert found(issues) == {(Code.OUT_OF_RANGE, "config.timeout_seconds")}


def test_queue_settings_are_ignored_when_nothing_can_queue() -> None:
    config = {"action": "unassign", "max_open_contacts": 0, "timeout_seconds": 0}
    assert check(SPEC, config) == []


def test_ports() -> None:
    assert port_names(SPEC, {}) == ["success"]
    assert port_names(SPEC, {"action": "team", "timeout_branch": True}) == ["success", "timeout"]
    assert port_names(SPEC, {"action": "unassign", "timeout_branch": True}) == ["success"]


def test_fires_nothing() -> None:
    assert SPEC.fires(SPEC.parse({})) == []


def test_summary() -> None:
    config = SPEC.parse({"action": "team", "team": "sales", "only_online": True})
    assert SPEC.summary(config) == "Round robin in team sales (online only)"
