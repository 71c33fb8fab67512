"""The page guard: only signed-in users see a page, and only those its rule allows.

Use it for every page but the public chat pages, in ``wfstudio/wfstudio.py``::

    from wfstudio.services import access
    from wfstudio.ui.guard import guarded

    app.add_page(
        **guarded(messages_page, on_load=MessagesState.load),  # any signed-in user
        route=routes.MESSAGES,
        title="Messages · wfstudio",
    )
    app.add_page(
        **guarded(workflows_page, allow=access.can_use_workflows, on_load=ListingState.load),
        route=routes.WORKFLOWS,
        title="Workflows · wfstudio",
    )

``guarded`` returns the ``component`` and ``on_load`` arguments of ``app.add_page``. Give
it the page's own on_load events (one or a list) instead of passing them to ``add_page``:
they run only after the check, and only for users the rule lets in, so nobody else's
browser ever receives the page's data. ``allow`` is a rule of
:mod:`wfstudio.services.access` taking the role (None: every signed-in user); ``why_not``
the sentence the others read (e.g. "The Workflows module is for Owners and Managers.").

What a visitor meets:

* nobody signed in (or the session ended): a redirect to ``/sign-in?next=<this page>``,
  and back here after signing in;
* signed in, but the rule says no: the "not allowed" page, inside the layout;
* otherwise the page. Until the check of this page has answered, a spinner.

The check above keeps a page and its data away; the events of every State are guarded too,
in case a browser sends them by hand: each State declares who may send its events
(:mod:`wfstudio.ui.audience`), and :class:`EventGuard` (``app.add_middleware``) refuses
every event of an undeclared State and every event whose sender is outside the audience.

In an event handler, :func:`wfstudio.ui.context.actor_id` and
:func:`~wfstudio.ui.context.signed_in_workspace_id` give the sender, as the guard found it
from the session token for this event; never take a user, role or workspace from an event's
arguments.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import reflex as rx
from reflex.middleware import Middleware
from reflex.state import BaseState, StateUpdate
from reflex_base.event import Event

from wfstudio.services import auth
from wfstudio.ui import context, routes
from wfstudio.ui.audience import audience_of
from wfstudio.ui.auth import NOT_FOR_YOUR_ROLE, PAGE_RULES, AuthState, PageRule, Rule
from wfstudio.ui.pages.not_allowed import not_allowed_page

logger = logging.getLogger(__name__)


def _checking() -> rx.Component:
    return rx.center(rx.spinner(size="3"), height="100vh", data_testid="checking-sign-in")


def guarded(
    page: Callable[[], rx.Component],
    *,
    allow: Rule | None = None,
    why_not: str = NOT_FOR_YOUR_ROLE,
    on_load: Any = None,
) -> dict[str, Any]:
    """``app.add_page`` arguments for ``page`` behind the sign-in (and ``allow``);
    ``why_not`` is what the "not allowed" page tells those ``allow`` refuses."""
    key = f"{page.__module__}.{page.__name__}"
    loaders = [] if on_load is None else on_load if isinstance(on_load, list) else [on_load]
    PAGE_RULES[key] = PageRule(allow, why_not, tuple(loaders))

    def component() -> rx.Component:
        return rx.cond(
            AuthState.ready_for == key,
            rx.cond(AuthState.allowed, page(), not_allowed_page()),
            _checking(),
        )

    component.__name__ = page.__name__
    return {"component": component, "on_load": AuthState.check(key)}


REFUSED = "That is not open to your role."


def every_state(root: type[BaseState]) -> list[type[BaseState]]:
    found, stack = [], [root]
    while stack:
        state = stack.pop()
        found.append(state)
        stack.extend(state.get_substates())
    return found


class EventGuard(Middleware):
    """Runs before every event: finds who sent it, then lets it run only when the event's
    State declares an audience (:mod:`wfstudio.ui.audience`) that sender belongs to.

    The sender is the user of the tab's session token as the database has it now (a user
    signed out, removed or demoted elsewhere is refused at their next event), kept in
    :class:`AuthState`'s backend-only fields for the event's handlers. A refused event
    changes nothing; the tab is sent to sign in (nobody signed in) or told it may not.
    """

    def __init__(self) -> None:
        self._states: dict[str, type[BaseState]] | None = None

    def _state_of(self, event_name: str) -> type[BaseState] | None:
        if self._states is None:  # every page module is imported by the first event
            self._states = {state.get_full_name(): state for state in every_state(rx.State)}
        return self._states.get(event_name.rpartition(".")[0])

    async def preprocess(self, app: Any, state: BaseState, event: Any) -> StateUpdate | None:
        signed_in = await state.get_state(AuthState)
        token = signed_in.session_token
        user = auth.signed_in_user(context.engine(), token=token) if token else None
        signed_in._take(user)
        state_class = self._state_of(event.name)
        audience = audience_of(state_class) if state_class is not None else None
        if audience is not None and audience.admits(user.role if user else None):
            return None
        logger.warning(
            "Refused event %s (%s) from %s",
            event.name[-120:],
            "no audience declared" if audience is None else audience.value,
            f"user {user.id} ({user.role})" if user else "a tab nobody signed in to",
        )
        refusal = rx.redirect(routes.SIGN_IN) if user is None else rx.toast.error(REFUSED)
        return StateUpdate(events=Event.from_event_type(refusal))
