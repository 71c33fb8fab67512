"""Who may do what: the product page's access rules, in one place.

"This module is only accessible by Owners & Managers"; "Agents with restricted access
cannot view the Workflows icon" in the Messages module unless an Owner gave them that
restriction's permission. Every page guard, API check and inbox control asks here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

OWNER: Final = "owner"
MANAGER: Final = "manager"
AGENT: Final = "agent"
ROLE_LABELS: Final[Mapping[str, str]] = {OWNER: "Owner", MANAGER: "Manager", AGENT: "Agent"}

# The permissions a restricted user can be given, key → label (users.restrictions holds
# key → bool; a missing key means "not given").
SEE_WORKFLOWS_ICON: Final = "see_workflows_icon"
RESTRICTIONS: Final[Mapping[str, str]] = {
    SEE_WORKFLOWS_ICON: "Can see the Workflows icon in Messages",
}


def can_use_workflows(role: str) -> bool:
    """The Workflows module (listing, builder, gallery, test dialog, its REST endpoints)."""
    return role in (OWNER, MANAGER)


def can_manage_users(role: str) -> bool:
    """Roles, the restricted flag and restrictions are the Owners' to change."""
    return role == OWNER


def can_see_workflows_icon(role: str, *, restricted: bool, restrictions: Mapping[str, Any]) -> bool:
    """The Workflows icon (Ongoing Workflows tab) of a conversation in Messages."""
    if not restricted or role in (OWNER, MANAGER):
        return True
    return bool(restrictions.get(SEE_WORKFLOWS_ICON, False))


def can_edit_workspace(role: str) -> bool:
    """The workspace's settings: name, timezone, business hours, teams, channels (and their
    secret tokens), contact fields, tags, lifecycle stages and closing categories. Everyone
    signed in may view them (but channel tokens), Owners and Managers change them."""
    return role in (OWNER, MANAGER)
