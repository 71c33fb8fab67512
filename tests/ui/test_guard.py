"""The guards: which page rule applies, where strangers are sent, and which events of the
Workflows module's states a tab may send (the app's real states and middleware)."""

from __future__ import annotations

import asyncio

import pytest
from reflex.state import State
from reflex_base.event import Event

from wfstudio.ui import routes
from wfstudio.ui.auth import PAGE_RULES, AuthState, home_of, sign_in_url
from wfstudio.ui.components.drawer_state import DrawerState
from wfstudio.ui.guard import EventGuard, any_role
from wfstudio.ui.pages.builder_state import BuilderState
from wfstudio.ui.pages.sign_in import SignInState, _local_path
from wfstudio.ui.pages.templates_state import GalleryState
from wfstudio.ui.pages.workflows_listing import ListingState
from wfstudio.wfstudio import app


def _event(state: type[State], handler: str) -> Event:
    return Event(name=f"{state.get_full_name()}.{handler}", payload={})


def _dropped(
    role: str, user_id: int, state: type[State], handler: str, token: str = "a-token"
) -> bool:
    async def run() -> bool:
        root = State(_reflex_internal_init=True)  # type: ignore[call-arg]
        signed_in = await root.get_state(AuthState)
        signed_in.user_id, signed_in.role, signed_in.session_token = user_id, role, token
        update = await EventGuard().preprocess(app, root, _event(state, handler))
        return update is not None

    return asyncio.run(run())


@pytest.mark.parametrize("state", [ListingState, BuilderState, GalleryState, DrawerState])
@pytest.mark.parametrize(
    ("role", "user_id", "dropped"),
    [("owner", 1, False), ("manager", 2, False), ("agent", 3, True), ("", 0, True)],
)
def test_workflows_module_events_pass_only_for_owners_and_managers(
    state: type[State], role: str, user_id: int, dropped: bool
) -> None:
    handler = next(name for name in state.event_handlers if name != "setvar")
    assert _dropped(role, user_id, state, handler) is dropped


def test_any_role_lets_every_signed_in_user_in() -> None:
    assert all(any_role(role) for role in ("owner", "manager", "agent"))


def test_events_stop_once_the_browser_signed_out_in_another_tab() -> None:
    assert _dropped("owner", 1, ListingState, "load", token="") is True


@pytest.mark.parametrize("state", [AuthState, SignInState])
def test_signing_in_and_out_is_open_to_everybody(state: type[State]) -> None:
    handler = next(name for name in state.event_handlers if name != "setvar")
    assert _dropped("", 0, state, handler) is False


def test_every_page_but_sign_in_is_guarded() -> None:
    guarded_routes = {
        route for route, page in app._unevaluated_pages.items() if "check" in str(page.on_load)
    }
    assert guarded_routes >= {"index", "workflows", "workflows/[workflow_id]", "templates"}
    assert "sign-in" not in guarded_routes


def test_the_workflows_pages_are_for_owners_and_managers() -> None:
    rules = {key.rpartition(".")[2]: rule for key, rule in PAGE_RULES.items()}
    for page in ("workflows_page", "builder_page", "templates_page"):
        allow = rules[page].allow
        assert allow is not None
        assert [allow(role) for role in ("owner", "manager", "agent")] == [True, True, False]
        assert rules[page].why_not == "The Workflows module is for Owners and Managers."
    assert rules["index"].allow is None


def test_strangers_are_sent_to_sign_in_and_back() -> None:
    assert sign_in_url("/workflows/3") == "/sign-in?next=/workflows/3"
    assert sign_in_url("/templates?q=a b") == "/sign-in?next=/templates%3Fq%3Da%20b"
    assert sign_in_url("/") == sign_in_url("") == routes.SIGN_IN
    assert (home_of("owner"), home_of("manager"), home_of("agent")) == (
        routes.WORKFLOWS,
        routes.WORKFLOWS,
        routes.MESSAGES,
    )


@pytest.mark.parametrize(
    ("raw", "kept"),
    [
        ("/workflows/3", "/workflows/3"),
        ("//evil.test/x", ""),
        ("https://evil.test", ""),
        ("/\\\\evil", ""),
    ],
)
def test_sign_in_returns_only_to_pages_of_this_site(raw: str, kept: str) -> None:
    assert _local_path(raw) == kept
