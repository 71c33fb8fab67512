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

The check above keeps a page and its data away; the events of its states are guarded too, in
case a browser sends them by hand: ``protect_modules("wfstudio.ui.pages.workflows", …,
allow=access.can_use_workflows)`` makes :class:`EventGuard` (``app.add_middleware``) drop
every event of a state defined in a module whose name starts so, unless the tab's signed-in
user passes ``allow``. For a page every signed-in user may use, protect its states with
``allow=any_role`` (only strangers are refused). The public chat pages are added with a
plain ``app.add_page`` and their states stay unprotected.

In an event handler, ``await self.get_state(AuthState)`` (:mod:`wfstudio.ui.auth`) gives the
signed-in user; :func:`wfstudio.ui.context.actor_id` their id for services' ``actor_id``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import reflex as rx
from reflex.middleware import Middleware
from reflex.state import BaseState, StateUpdate

from wfstudio.services import auth
from wfstudio.ui import context
from wfstudio.ui.auth import NOT_FOR_YOUR_ROLE, PAGE_RULES, AuthState, PageRule, Rule
from wfstudio.ui.pages.not_allowed import not_allowed_page


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


def any_role(role: str) -> bool:
    """The rule of pages for every signed-in user, whatever their role."""
    return True


# (module name prefix, rule): filled by protect_modules.
_PROTECTED_MODULES: list[tuple[str, Rule]] = []


def protect_modules(*prefixes: str, allow: Rule) -> None:
    """Drop events of the states defined in modules starting with ``prefixes`` unless the
    signed-in user of the tab passes ``allow`` (see :class:`EventGuard`)."""
    _PROTECTED_MODULES.extend((prefix, allow) for prefix in prefixes)


def _every_state(root: type[BaseState]) -> list[type[BaseState]]:
    found, stack = [], [root]
    while stack:
        state = stack.pop()
        found.append(state)
        stack.extend(state.get_substates())
    return found


class EventGuard(Middleware):
    """Refuses events of protected states (:func:`protect_modules`) to a tab whose
    signed-in user may not send them: nobody signed in, or a role the rule refuses."""

    def __init__(self) -> None:
        self._rules: dict[str, Rule] | None = None

    def _rule(self, state_name: str) -> Rule | None:
        if self._rules is None:  # every page module is imported by the first event
            self._rules = {
                state.get_full_name(): rule
                for state in _every_state(rx.State)
                for prefix, rule in _PROTECTED_MODULES
                if state.__module__.startswith(prefix)
            }
        return self._rules.get(state_name)

    async def preprocess(self, app: Any, state: BaseState, event: Any) -> StateUpdate | None:
        rule = self._rule(event.name.rpartition(".")[0])
        if rule is None:
            return None
        signed_in = await state.get_state(AuthState)
        # An empty token: this browser signed out (maybe in another tab; the token is synced).
        if not (signed_in.user_id and signed_in.session_token):
            return StateUpdate()  # handled: nothing runs, nothing changes
        # The role as the database has it now, not as it was when the page loaded: a user
        # demoted (or removed, or signed out elsewhere) is refused at their next event.
        user = auth.signed_in_user(context.engine(), token=signed_in.session_token)
        if user is not None and user.id == signed_in.user_id and rule(user.role):
            return None
        return StateUpdate()
