"""The guards: which page rule applies, where strangers are sent, and which events of the
Workflows module's states a tab may send (the app's real states and middleware)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from reflex.state import State
from reflex_base.event import Event
from sqlmodel import select

from wfstudio.services import auth
from wfstudio.store.db import session_scope
from wfstudio.store.tables import User, Workspace
from wfstudio.ui import context, routes
from wfstudio.ui.auth import PAGE_RULES, AuthState, home_of, sign_in_url
from wfstudio.ui.components.drawer_state import DrawerState
from wfstudio.ui.guard import EventGuard, any_role
from wfstudio.ui.pages.builder_state import BuilderState
from wfstudio.ui.pages.sign_in import SignInState, _local_path
from wfstudio.ui.pages.templates_state import GalleryState
from wfstudio.ui.pages.workflows_listing import ListingState
from wfstudio.wfstudio import app

PASSWORD = "guard-test-password"


@pytest.fixture
def tokens(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    """A real database the guard reads (the app's own engine), with one signed-in user of
    each role: role -> session token."""
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'guard.db'}")
    context.engine.cache_clear()
    engine = context.engine()
    with session_scope(engine) as session:
        workspace = Workspace(name="Guarded", created_at=datetime.now(UTC))
        session.add(workspace)
        session.flush()
        for role in ("owner", "manager", "agent"):
            session.add(
                User(
                    workspace_id=workspace.id or 0,
                    key=role,
                    name=role.title(),
                    email=f"{role}@guard.test",
                    role=role,
                    password_hash=auth.hash_password(PASSWORD),
                )
            )
    found = {
        role: auth.sign_in(engine, email=f"{role}@guard.test", password=PASSWORD).token
        for role in ("owner", "manager", "agent")
    }
    yield found
    context.engine.cache_clear()


def _event(state: type[State], handler: str) -> Event:
    return Event(name=f"{state.get_full_name()}.{handler}", payload={})


def _dropped(token: str, state: type[State], handler: str) -> bool:
    """Whether the guard drops ``handler`` for the tab whose session is ``token`` (the tab
    remembers the user and role the session had when it signed in)."""

    async def run() -> bool:
        root = State(_reflex_internal_init=True)  # type: ignore[call-arg]
        signed_in = await root.get_state(AuthState)
        user = auth.signed_in_user(context.engine(), token=token) if token else None
        signed_in.user_id = user.id if user else 0
        signed_in.role = user.role if user else ""
        signed_in.session_token = token
        update = await EventGuard().preprocess(app, root, _event(state, handler))
        return update is not None

    return asyncio.run(run())


def _set_role(email: str, role: str) -> None:
    with session_scope(context.engine()) as session:
        user = session.exec(select(User).where(User.email == email)).one()
        user.role = role  # type: ignore[assignment]
        session.add(user)


@pytest.mark.parametrize("state", [ListingState, BuilderState, GalleryState, DrawerState])
@pytest.mark.parametrize(
    ("role", "dropped"),
    [("owner", False), ("manager", False), ("agent", True), ("", True)],
)
def test_workflows_module_events_pass_only_for_owners_and_managers(
    tokens: dict[str, str], state: type[State], role: str, dropped: bool
) -> None:
    handler = next(name for name in state.event_handlers if name != "setvar")
    assert _dropped(tokens.get(role, ""), state, handler) is dropped


def test_any_role_lets_every_signed_in_user_in() -> None:
    assert all(any_role(role) for role in ("owner", "manager", "agent"))


def test_events_stop_once_the_browser_signed_out_in_another_tab(tokens: dict[str, str]) -> None:
    assert _dropped("", ListingState, "load") is True


def test_an_ended_session_is_refused_at_the_next_event(tokens: dict[str, str]) -> None:
    async def run() -> bool:
        root = State(_reflex_internal_init=True)  # type: ignore[call-arg]
        signed_in = await root.get_state(AuthState)
        signed_in.user_id, signed_in.role = 1, "owner"
        signed_in.session_token = tokens["owner"]
        auth.sign_out(context.engine(), token=tokens["owner"])
        return await EventGuard().preprocess(app, root, _event(ListingState, "load")) is not None

    assert asyncio.run(run()) is True


def test_a_demoted_user_is_refused_at_the_next_event_of_an_open_tab(
    tokens: dict[str, str],
) -> None:
    async def run() -> tuple[bool, bool]:
        root = State(_reflex_internal_init=True)  # type: ignore[call-arg]
        signed_in = await root.get_state(AuthState)
        user = auth.signed_in_user(context.engine(), token=tokens["manager"])
        assert user is not None
        signed_in.user_id, signed_in.role = user.id, user.role  # the tab loaded as a manager
        signed_in.session_token = tokens["manager"]
        guard, event = EventGuard(), _event(ListingState, "load")
        before = await guard.preprocess(app, root, event) is not None
        _set_role("manager@guard.test", "agent")
        after = await guard.preprocess(app, root, event) is not None
        return before, after

    assert asyncio.run(run()) == (False, True)


@pytest.mark.parametrize("state", [AuthState, SignInState])
def test_signing_in_and_out_is_open_to_everybody(state: type[State]) -> None:
    handler = next(name for name in state.event_handlers if name != "setvar")
    assert _dropped("", state, handler) is False


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
