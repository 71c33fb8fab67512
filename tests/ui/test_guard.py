"""The guards: which page rule applies, where strangers are sent, and which events of the
Workflows module's states a tab may send (the app's real states and middleware)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from reflex.istate.shared import SharedStateBaseInternal
from reflex.state import State
from reflex_base.event import Event
from sqlmodel import select

from wfstudio.services import auth
from wfstudio.store.db import session_scope
from wfstudio.store.tables import User, Workspace
from wfstudio.ui import context, routes
from wfstudio.ui.audience import Audience, audience_of
from wfstudio.ui.auth import PAGE_RULES, AuthState, home_of, sender, sign_in_url
from wfstudio.ui.components.drawer_state import DrawerState
from wfstudio.ui.guard import EventGuard, every_state
from wfstudio.ui.pages.builder_state import BuilderState
from wfstudio.ui.pages.messages_state import InboxState
from wfstudio.ui.pages.settings_channels_state import ChannelsState
from wfstudio.ui.pages.settings_state import SettingsState
from wfstudio.ui.pages.settings_users_state import UsersState
from wfstudio.ui.pages.sign_in import SignInState, _local_path
from wfstudio.ui.pages.templates_state import GalleryState
from wfstudio.ui.pages.web_chat import WebChatState
from wfstudio.ui.pages.workflows_listing import ListingState
from wfstudio.wfstudio import app

PASSWORD = "guard-test-password"


@pytest.fixture(scope="module")
def tokens(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """A real database the guard reads (the app's own engine), with one signed-in user of
    each role: role -> session token. Shared by the module's tests: those that end a
    session or change a role use their own session or set the role back."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        path = tmp_path_factory.mktemp("guard") / "guard.db"
        monkeypatch.setenv("DATABASE_URL", f"sqlite:///{path}")
        context.engine.cache_clear()
        yield _users_with_sessions()
    context.engine.cache_clear()


def _users_with_sessions() -> dict[str, str]:
    with session_scope(context.engine()) as session:
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
    return {role: _sign_in(role) for role in ("owner", "manager", "agent")}


def _sign_in(role: str) -> str:
    return auth.sign_in(context.engine(), email=f"{role}@guard.test", password=PASSWORD).token


def _event(state: type[State], handler: str) -> Event:
    return Event(name=f"{state.get_full_name()}.{handler}", payload={})


async def _guard(token: str, state: type[State], handler: str, *, forged: bool = False) -> bool:
    """Whether the guard drops ``handler`` for the tab whose session is ``token``;
    ``forged``: the tab's identity fields claim user 1, an Owner, of workspace 1 first."""
    root = State(_reflex_internal_init=True)  # type: ignore[call-arg]
    signed_in = await root.get_state(AuthState)
    if forged:
        signed_in._user_id, signed_in._role, signed_in._workspace_id = 1, "owner", 1
    signed_in.session_token = token
    update = await EventGuard().preprocess(app, root, _event(state, handler))
    return update is not None


def _dropped(token: str, state: type[State], handler: str, *, forged: bool = False) -> bool:
    return asyncio.run(_guard(token, state, handler, forged=forged))


def _set_role(email: str, role: str) -> None:
    with session_scope(context.engine()) as session:
        user = session.exec(select(User).where(User.email == email)).one()
        user.role = role  # type: ignore[assignment]
        session.add(user)


AUDIENCE_CASES = [
    (ListingState, Audience.MANAGERS),
    (BuilderState, Audience.MANAGERS),
    (GalleryState, Audience.MANAGERS),
    (DrawerState, Audience.MANAGERS),
    (InboxState, Audience.SIGNED_IN),
    (SettingsState, Audience.SIGNED_IN),
    (ChannelsState, Audience.MANAGERS),
    (UsersState, Audience.OWNERS),
    (WebChatState, Audience.ANYONE),
]


@pytest.mark.parametrize(("state", "audience"), AUDIENCE_CASES)
@pytest.mark.parametrize("role", ["owner", "manager", "agent", ""])
def test_events_pass_only_for_the_audience_their_state_declares(
    tokens: dict[str, str], state: type[State], audience: Audience, role: str
) -> None:
    assert audience_of(state) is audience
    handler = next(name for name in state.event_handlers if name != "setvar")
    assert _dropped(tokens.get(role, ""), state, handler) is not audience.admits(role or None)


@pytest.mark.parametrize("role", ["owner", "manager", "agent", ""])
def test_a_state_without_a_declaration_is_refused_to_everybody(
    tokens: dict[str, str], role: str
) -> None:
    assert audience_of(SharedStateBaseInternal) is None
    assert _dropped(tokens.get(role, ""), SharedStateBaseInternal, "setvar") is True


def testevery_state_of_the_app_declares_who_may_send_its_events() -> None:
    undeclared = {
        state.get_full_name()
        for state in every_state(State)
        if audience_of(state) is None and state.event_handlers.keys() - {"setvar"}
    }
    assert undeclared == set()


def test_forged_identity_fields_are_replaced_by_the_sessions_own(tokens: dict[str, str]) -> None:
    """The tab's fields say Owner of workspace 1; the token (none, then an agent's) says
    otherwise, and the guard goes by the token."""
    assert _dropped("", ListingState, "load", forged=True) is True
    assert _dropped(tokens["agent"], UsersState, "add", forged=True) is True

    async def sender_after_the_guard() -> tuple[int, str]:
        root = State(_reflex_internal_init=True)  # type: ignore[call-arg]
        signed_in = await root.get_state(AuthState)
        signed_in._user_id, signed_in._role = 1, "owner"
        signed_in.session_token = tokens["agent"]
        await EventGuard().preprocess(app, root, _event(InboxState, "load"))
        found = await sender(signed_in)
        assert found is not None
        return found.user_id, found.role

    user = auth.signed_in_user(context.engine(), token=tokens["agent"])
    assert user is not None
    assert asyncio.run(sender_after_the_guard()) == (user.id, "agent")


def test_identity_is_never_an_event() -> None:
    """Nothing the browser can send sets who the tab is."""
    assert {"remember", "forget", "_take", "_signed_in"}.isdisjoint(AuthState.event_handlers)


def test_events_stop_once_the_browser_signed_out_in_another_tab(tokens: dict[str, str]) -> None:
    assert _dropped("", ListingState, "load") is True


def test_an_ended_session_is_refused_at_the_next_event(tokens: dict[str, str]) -> None:
    async def run() -> bool:
        root = State(_reflex_internal_init=True)  # type: ignore[call-arg]
        signed_in = await root.get_state(AuthState)
        signed_in.session_token = token = _sign_in("owner")
        auth.sign_out(context.engine(), token=token)
        return await EventGuard().preprocess(app, root, _event(ListingState, "load")) is not None

    assert asyncio.run(run()) is True


def test_a_demoted_user_is_refused_at_the_next_event_of_an_open_tab(
    tokens: dict[str, str],
) -> None:
    async def run() -> tuple[bool, bool]:
        root = State(_reflex_internal_init=True)  # type: ignore[call-arg]
        signed_in = await root.get_state(AuthState)
        signed_in.session_token = tokens["manager"]
        guard, event = EventGuard(), _event(ListingState, "load")
        before = await guard.preprocess(app, root, event) is not None
        _set_role("manager@guard.test", "agent")
        try:
            after = await guard.preprocess(app, root, event) is not None
        finally:
            _set_role("manager@guard.test", "manager")
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
