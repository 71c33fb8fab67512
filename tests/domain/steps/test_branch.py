"""Branch: branches, conditions and ports."""

from __future__ import annotations

from typing import Any

from tests.domain.steps.support import check, found, port_names
from wfstudio.domain.issues import Code
from wfstudio.domain.steps.branch import Branch

SPEC = Branch()
VIP: dict[str, Any] = {
    "join": "and",
    "rules": [{"category": "tags", "operator": "has_any_of", "value": ["vip"]}],
}


def test_good_config_gives_no_issues() -> None:
    assert check(SPEC, {"branches": [VIP, VIP]}) == []


def test_at_least_one_branch() -> None:
    assert found(check(SPEC, {"branches": []})) == {(Code.TOO_FEW, "config.branches")}


def test_at_most_9_branches() -> None:
    assert check(SPEC, {"branches": [VIP] * 9}) == []
    assert found(check(SPEC, {"branches": [VIP] * 10})) == {(Code.TOO_MANY, "config.branches")}


def test_each_branch_needs_a_condition() -> None:
    issues = check(SPEC, {"branches": [VIP, {"rules": []}]})
    assert found(issues) == {(Code.REQUIRED, "config.branches.1.rules")}


def test_at_most_10_conditions_per_branch() -> None:
    group = {"join": "or", "rules": VIP["rules"] * 11}
    issues = check(SPEC, {"branches": [group]})
    assert found(issues) == {(Code.TOO_MANY, "config.branches.0.rules")}


def test_condition_values_are_checked_with_their_path() -> None:
    rule = {"category": "contact_field", "field": "", "operator": "equals", "value": ""}
    issues = check(SPEC, {"branches": [VIP, {"rules": [rule]}]})
    assert found(issues) == {
        (Code.MISSING_REFERENCE, "config.branches.1.rules.0.field"),
        (Code.REQUIRED, "config.branches.1.rules.0.value"),
    }


def test_ports_are_branches_then_else() -> None:
    assert port_names(SPEC, {"branches": [VIP, VIP, VIP]}) == [
        "branch_1",
        "branch_2",
        "branch_3",
        "else",
    ]
    ports = SPEC.ports(SPEC.parse({"branches": [VIP]}))
    assert [(p.name, p.always) for p in ports] == [("branch_1", False), ("else", True)]


def test_new_branch_step_starts_with_one_branch() -> None:
    assert port_names(SPEC, {}) == ["branch_1", "else"]


def test_summary() -> None:
    assert SPEC.summary(SPEC.parse({"branches": [VIP, VIP]})) == "2 branches + else"
