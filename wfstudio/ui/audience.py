"""Who may send the events of each State: deny by default.

Every public method of a Reflex State is an event any browser can send, with any
arguments, signed in or not. So each State says who may send its events, once, on the
class::

    @may_send(Audience.MANAGERS)
    class ListingState(rx.State): ...

and :class:`wfstudio.ui.guard.EventGuard` refuses every event of a State without such a
declaration, and every event whose sender is not in the declared audience. The sender is
the user of the tab's session token, looked up in the database at each event — never
anything the event carries (:mod:`wfstudio.ui.auth`).

Finer rules (an Owner may change roles, a restricted agent needs a permission, an id must
belong to the sender's workspace) are the services' to check, with the sender's id.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import TypeVar

from reflex.state import (
    BaseState,
    FrontendEventExceptionState,
    OnLoadInternalState,
    State,
    UpdateVarsInternalState,
)

from wfstudio.services import access


class Audience(Enum):
    """Who may send a State's events, from the widest to the narrowest."""

    ANYONE = "anyone"  # strangers too: the public chat pages, signing in, Reflex's own
    SIGNED_IN = "signed_in"  # any role with a session that still holds
    MANAGERS = "managers"  # Owners and Managers (the Workflows module, workspace edits)
    OWNERS = "owners"  # Owners only (users, roles, restrictions)

    def admits(self, role: str | None) -> bool:
        """Whether a sender with ``role`` (None: nobody signed in) belongs here."""
        if self is Audience.ANYONE:
            return True
        if role is None:
            return False
        if self is Audience.SIGNED_IN:
            return True
        if self is Audience.MANAGERS:
            return access.can_use_workflows(role)
        return role == access.OWNER


# State class → its audience: filled by may_send (and below for Reflex's own states).
AUDIENCES: dict[type[BaseState], Audience] = {
    # hydrate, on_load, client storage (the session token itself) and the browser's error
    # reports: every tab sends them before anyone can sign in.
    State: Audience.ANYONE,
    OnLoadInternalState: Audience.ANYONE,
    UpdateVarsInternalState: Audience.ANYONE,
    FrontendEventExceptionState: Audience.ANYONE,
}

StateClass = TypeVar("StateClass", bound=type[BaseState])


def may_send(audience: Audience) -> Callable[[StateClass], StateClass]:
    """Class decorator: the events of this State may be sent by ``audience``."""

    def declare(state: StateClass) -> StateClass:
        AUDIENCES[state] = audience
        return state

    return declare


def audience_of(state: type[BaseState]) -> Audience | None:
    """The declared audience of ``state`` (None: undeclared, so every event is refused)."""
    return AUDIENCES.get(state)
