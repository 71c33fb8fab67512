"""Who is signed in: the one state every guarded page and every page state reads.

Contract for the pages: inside an event handler, :func:`wfstudio.ui.context.actor_id`,
:func:`~wfstudio.ui.context.signed_in_workspace_id` and :func:`sender` give the sender of
the event, as the guard found it from the session token for this very event. Pages do not
check roles themselves: :func:`wfstudio.ui.guard.guarded` keeps out who may not see a
page, :mod:`wfstudio.ui.audience` who may send a State's events.

The browser keeps the session token in ``localStorage`` (so every tab, a reload and a
server restart find it); every guarded page load looks it up again in the database
(:func:`wfstudio.services.auth.signed_in_user`), so signing out or an expired session
takes effect at the next page, in every tab.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import reflex as rx

from wfstudio.services import access, auth
from wfstudio.ui import context, routes
from wfstudio.ui.audience import Audience, may_send
from wfstudio.ui.events import event

Rule = Callable[[str], bool]
NOT_FOR_YOUR_ROLE = "This page is not open to your role."


@dataclass(frozen=True)
class PageRule:
    """Who may see a guarded page (None: every signed-in user), what the others are told,
    and the page's own on_load events."""

    allow: Rule | None
    why_not: str
    on_load: Sequence[Any]


# page key → its rule: filled by ui.guard.guarded.
PAGE_RULES: dict[str, PageRule] = {}


def sign_in_url(back_to: str) -> str:
    """The sign-in page, returning to ``back_to`` afterwards."""
    if not back_to or back_to in (routes.HOME, routes.SIGN_IN):
        return routes.SIGN_IN
    return f"{routes.SIGN_IN}?next={quote(back_to, safe='/')}"


def home_of(role: str) -> str:
    """Where ``/`` and a finished sign-in go: the workflows, or Messages for an agent."""
    return routes.WORKFLOWS if access.can_use_workflows(role) else routes.MESSAGES


@may_send(Audience.ANYONE)
class AuthState(rx.State):
    """The signed-in user of this browser tab.

    Authority lives only in the backend-only fields (``_user_id``, ``_role``,
    ``_workspace_id``): :class:`wfstudio.ui.guard.EventGuard` sets them from the session
    token at every event, before the event runs, and no event can set them. The public
    fields are for display only.
    """

    user_name: str = ""
    role_label: str = ""
    can_use_workflows: bool = False
    session_token: str = rx.LocalStorage("", name="wfstudio_session", sync=True)
    # The page key the guard last let through (or refused: then ``allowed`` is False).
    ready_for: str = ""
    allowed: bool = False
    why_not: str = ""
    _user_id: int = 0
    _role: str = ""
    _workspace_id: int = 0

    def _take(self, user: auth.SignedInUser | None) -> None:
        """The tab's sender is now ``user`` (None: nobody); display fields follow."""
        user_id, role = (user.id, user.role) if user else (0, "")
        self._user_id, self._role = user_id, role
        self._workspace_id = user.workspace_id if user else 0
        shown = (user.name if user else "", access.ROLE_LABELS.get(role, ""))
        if (self.user_name, self.role_label) != shown:  # unchanged: no delta to send
            self.user_name, self.role_label = shown
            self.can_use_workflows = access.can_use_workflows(role)

    def _signed_in(self, signed: auth.SignIn) -> None:
        """A sign-in of this tab just made ``signed``: keep its token, show its user."""
        self.session_token = signed.token
        self._take(signed.user)

    def _forget(self) -> None:
        self._take(None)
        self.session_token, self.ready_for, self.allowed = "", "", False

    def _back_to(self) -> str:
        url = self.router.url
        return f"{url.path}?{url.query}" if url.query else url.path

    @event
    def check(self, page_key: str):
        """on_load of a guarded page: send strangers to sign in; run the page's own
        on_load events only for those its rule lets in."""
        if not self._user_id:  # the guard found no session behind the tab's token
            self._forget()
            return rx.redirect(sign_in_url(self._back_to()))
        rule = PAGE_RULES.get(page_key)
        if rule is None:
            return None
        self.allowed = rule.allow is None or rule.allow(self._role)
        self.why_not = "" if self.allowed else rule.why_not
        self.ready_for = page_key
        return list(rule.on_load) if self.allowed else None

    @event
    def go_home(self):
        """``/``: the signed-in user's home."""
        return rx.redirect(home_of(self._role))

    @event
    def sign_out(self):
        auth.sign_out(context.engine(), token=self.session_token)
        self._forget()
        return rx.redirect(routes.SIGN_IN)


@dataclass(frozen=True)
class Sender:
    """Who sent the event being handled (as the guard found it from the session)."""

    user_id: int
    role: str
    workspace_id: int


async def sender(state: rx.State) -> Sender | None:
    """The signed-in sender of the event ``state`` is handling; None for nobody."""
    signed_in = await state.get_state(AuthState)
    if not signed_in._user_id:
        return None
    return Sender(signed_in._user_id, signed_in._role, signed_in._workspace_id)
