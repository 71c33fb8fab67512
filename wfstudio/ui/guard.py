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

In an event handler, ``await self.get_state(AuthState)`` (:mod:`wfstudio.ui.auth`) gives the
signed-in user; :func:`wfstudio.ui.context.actor_id` their id for services' ``actor_id``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import reflex as rx

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
