"""The access rules of the product page, one test per rule and role."""

from __future__ import annotations

import pytest

from wfstudio.services import access

ROLES = (access.OWNER, access.MANAGER, access.AGENT)


@pytest.mark.parametrize(
    ("role", "allowed"), [("owner", True), ("manager", True), ("agent", False)]
)
def test_the_workflows_module_is_for_owners_and_managers(role: str, allowed: bool) -> None:
    assert access.can_use_workflows(role) is allowed


def test_nobody_without_a_role_uses_the_workflows_module() -> None:
    assert access.can_use_workflows("") is False


@pytest.mark.parametrize(
    ("role", "allowed"), [("owner", True), ("manager", False), ("agent", False)]
)
def test_only_owners_manage_users(role: str, allowed: bool) -> None:
    assert access.can_manage_users(role) is allowed


@pytest.mark.parametrize("role", ROLES)
def test_an_unrestricted_user_sees_the_workflows_icon(role: str) -> None:
    assert access.can_see_workflows_icon(role, restricted=False, restrictions={})


@pytest.mark.parametrize("role", [access.OWNER, access.MANAGER])
def test_restrictions_do_not_hide_the_icon_from_owners_and_managers(role: str) -> None:
    assert access.can_see_workflows_icon(role, restricted=True, restrictions={})


def test_a_restricted_agent_sees_the_icon_only_with_that_permission() -> None:
    see = access.SEE_WORKFLOWS_ICON
    assert not access.can_see_workflows_icon("agent", restricted=True, restrictions={})
    assert not access.can_see_workflows_icon("agent", restricted=True, restrictions={see: False})
    assert access.can_see_workflows_icon("agent", restricted=True, restrictions={see: True})


def test_every_restriction_has_a_label() -> None:
    assert (
        access.RESTRICTIONS[access.SEE_WORKFLOWS_ICON] == "Can see the Workflows icon in Messages"
    )
