"""Who is signed in: the one state every guarded page and every page state reads.

Contract for the pages: inside an event handler, ``auth = await self.get_state(AuthState)``
gives ``auth.user_id`` (0 when nobody is signed in), ``auth.role`` ("owner", "manager" or
"agent"), ``auth.user_name`` and ``auth.workspace_id``. Pages do not check these
themselves: :func:`wfstudio.ui.guard.guarded` keeps out who may not see them.

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


class AuthState(rx.State):
    """The signed-in user of this browser tab."""

    user_id: int = 0
    user_name: str = ""
    role: str = ""
    workspace_id: int = 0
    session_token: str = rx.LocalStorage("", name="wfstudio_session", sync=True)
    # The page key the guard last let through (or refused: then ``allowed`` is False).
    ready_for: str = ""
    allowed: bool = False
    why_not: str = ""

    @rx.var
    def role_label(self) -> str:
        return access.ROLE_LABELS.get(self.role, "")

    @rx.var
    def can_use_workflows(self) -> bool:
        return access.can_use_workflows(self.role)

    def remember(self, user: auth.SignedInUser, token: str | None = None) -> None:
        """Show ``user`` as signed in (with a new session ``token`` after a sign-in)."""
        if token is not None:
            self.session_token = token
        self.user_id, self.user_name = user.id, user.name
        self.role, self.workspace_id = user.role, user.workspace_id

    def forget(self) -> None:
        self.user_id, self.user_name, self.role, self.workspace_id = 0, "", "", 0
        self.session_token, self.ready_for, self.allowed = "", "", False

    def _back_to(self) -> str:
        url = self.router.url
        return f"{url.path}?{url.query}" if url.query else url.path

    @event
    def check(self, page_key: str):
        """on_load of a guarded page: send strangers to sign in; run the page's own
        on_load events only for those its rule lets in."""
        user = auth.signed_in_user(context.engine(), token=self.session_token)
        if user is None:
            self.forget()
            return rx.redirect(sign_in_url(self._back_to()))
        self.remember(user)
        rule = PAGE_RULES[page_key]
        self.allowed = rule.allow is None or rule.allow(user.role)
        self.why_not = "" if self.allowed else rule.why_not
        self.ready_for = page_key
        return list(rule.on_load) if self.allowed else None

    @event
    def go_home(self):
        """``/``: the signed-in user's home."""
        return rx.redirect(home_of(self.role))

    @event
    def sign_out(self):
        auth.sign_out(context.engine(), token=self.session_token)
        self.forget()
        return rx.redirect(routes.SIGN_IN)
