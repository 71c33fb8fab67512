"""Who is signed in: the one state every guarded page and every page state reads.

Contract for the pages (the sign-in work fills in the rest): inside an event handler,
``auth = await self.get_state(AuthState)`` gives ``auth.user_id`` (0 when nobody is signed
in), ``auth.role`` ("owner", "manager" or "agent"), ``auth.user_name`` and
``auth.workspace_id``.
"""

from __future__ import annotations

import reflex as rx


class AuthState(rx.State):
    """The signed-in user of this browser tab."""

    user_id: int = 0
    user_name: str = ""
    role: str = ""
    workspace_id: int = 0
