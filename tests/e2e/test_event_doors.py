"""Every door of the running app, tried as an attacker would: each event handler of every
State (from Reflex's own registry, so a new one is covered without touching this file) is
sent over the app's real websocket, with crafted arguments, by

(a) a tab nobody signed in to, (b) an Agent, (c) a restricted Agent, (d) an Owner —
all three of a second workspace, the attacker's, while the demo workspace is the victim.

Each event must be refused unless its State's declared audience admits the sender; a
refused event changes nothing in the database; an admitted one changes nothing of the
victim's; and no answer to the attacker carries the victim's secrets (channel tokens,
users' emails, contacts' names, emails and phones, workflow names). The forged ``remember`` of the security review is one
named case. Marked e2e: it builds and starts the app.
"""

from __future__ import annotations

import asyncio
import contextvars
import inspect
import json
import secrets
import sqlite3
import typing
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import pytest
import socketio
from reflex.state import State

from tests.e2e.conftest import load_demo, running_app
from tests.store import factories
from wfstudio.services import auth
from wfstudio.services.database import open_database
from wfstudio.store.db import session_scope
from wfstudio.store.tables import User, Workspace
from wfstudio.ui.audience import Audience, audience_of
from wfstudio.ui.auth import AuthState
from wfstudio.ui.guard import every_state
from wfstudio.ui.pages.sign_in import SignInState
from wfstudio.wfstudio import app  # noqa: F401  (imports every page: the whole registry)

Result = TypeVar("Result")
PASSWORD = "attacker-password-1"
# The sentinel: the sign-in form's error, set by an empty submit and cleared by its load
# (events anyone may send, whose answers nothing else of the sweep produces in this order).
SENTINEL_STATE = SignInState.get_full_name()
SENTINEL_VAR = "error_rx_state_"
SENTINEL_TEXT = "Enter your email and your password."
NAMESPACE = "/_event"  # Reflex's websocket: path and socket.io namespace
ROUNDS = 3  # sentinel rounds after each event: chained events up to this depth are awaited
# Session bookkeeping the guard itself writes at any event (a session's last use).
VOLATILE = {"user_sessions": {"last_seen_at", "expires_at"}}


@dataclass(frozen=True)
class Caller:
    """One attacker: a label, the role the guard should see (None: nobody) and a token."""

    label: str
    role: str | None
    session_token: str


@dataclass
class Victim:
    """The demo workspace's ids and the strings that must never reach the attacker."""

    workspace_id: int
    workflow_id: int
    contact_id: int
    owner_id: int
    user_key: str
    channel_key: str
    secrets: list[str] = field(default_factory=list)
    ids: dict[str, set[int]] = field(default_factory=dict)


# --- the world --------------------------------------------------------------------------


def _env_database(data: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("WFSTUDIO_DATA_DIR", str(data))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    found = list(data.glob("**/*.db")) + list(data.glob("**/*.sqlite*"))
    assert found, f"no SQLite file under {data}"
    return found[0]


def _seed(data: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Victim, list[Caller]]:
    load_demo(data)
    db_file = _env_database(data, monkeypatch)
    engine = open_database()
    with session_scope(engine) as session:
        victim_ws = session.get(Workspace, 1)
        assert victim_ws is not None
        flow = factories.workflow(session, victim_ws, "Victim Secret Flow", key="victim_flow")
        factories.publish(session, flow)
        attacker_ws = Workspace(name="Attackers", created_at=datetime.now(UTC))
        session.add(attacker_ws)
        session.flush()
        for key, role, restricted in [
            ("mallory", "owner", False),
            ("eve", "agent", False),
            ("trent", "agent", True),
        ]:
            session.add(
                User(
                    workspace_id=attacker_ws.id or 0,
                    key=key,
                    name=key.title(),
                    email=f"{key}@attackers.test",
                    role=role,
                    restricted=restricted,
                    password_hash=auth.hash_password(PASSWORD),
                )
            )
    callers = [Caller("nobody", None, "")] + [
        Caller(label, role, auth.sign_in(engine, email=email, password=PASSWORD).token)
        for label, role, email in [
            ("agent", "agent", "eve@attackers.test"),
            ("restricted agent", "agent", "trent@attackers.test"),
            ("owner of another workspace", "owner", "mallory@attackers.test"),
        ]
    ]
    engine.dispose()
    return db_file, _victim(db_file), callers


def _victim(db_file: Path) -> Victim:
    with sqlite3.connect(db_file) as db:
        one = lambda sql: db.execute(sql).fetchone()[0]  # noqa: E731
        all_of = lambda sql: [row[0] for row in db.execute(sql)]  # noqa: E731
        victim = Victim(
            workspace_id=1,
            workflow_id=one("SELECT id FROM workflows WHERE workspace_id = 1 LIMIT 1"),
            contact_id=one("SELECT id FROM contacts WHERE workspace_id = 1 LIMIT 1"),
            owner_id=one("SELECT id FROM users WHERE workspace_id = 1 AND role = 'owner'"),
            user_key=one("SELECT key FROM users WHERE workspace_id = 1 AND role = 'agent'"),
            channel_key=one("SELECT key FROM channels WHERE workspace_id = 1 LIMIT 1"),
        )
        victim.secrets = [
            *all_of("SELECT email FROM users WHERE workspace_id = 1"),
            *all_of("SELECT email FROM contacts WHERE workspace_id = 1 AND email IS NOT NULL"),
            *all_of("SELECT phone FROM contacts WHERE workspace_id = 1 AND phone IS NOT NULL"),
            *all_of(
                "SELECT firstname || ' ' || lastname FROM contacts WHERE workspace_id = 1 "
                "AND firstname IS NOT NULL AND lastname IS NOT NULL"
            ),
            *all_of("SELECT name FROM workflows WHERE workspace_id = 1"),
            *(
                token
                for config in all_of("SELECT config FROM channels WHERE workspace_id = 1")
                for token in _tokens_in(json.loads(config or "{}"))
            ),
        ]
        ws_tables = ["users", "contacts", "conversations", "workflows", "channels", "teams"]
        victim.ids = {
            table: set(all_of(f"SELECT id FROM {table} WHERE workspace_id = 1"))
            for table in ws_tables
        }
        victim.ids["workspaces"] = {1}
        victim.ids["enrollments"] = set(
            all_of(
                "SELECT id FROM enrollments WHERE workflow_id IN "
                "(SELECT id FROM workflows WHERE workspace_id = 1)"
            )
        )
        victim.ids["workflow_versions"] = set(
            all_of(
                "SELECT id FROM workflow_versions WHERE workflow_id IN "
                "(SELECT id FROM workflows WHERE workspace_id = 1)"
            )
        )
    assert victim.secrets, "the demo should have emails and channel tokens to protect"
    return victim


def _tokens_in(config: Any) -> Iterator[str]:
    """The secret-looking values of a channel's config (its token)."""
    if isinstance(config, dict):
        for key, value in config.items():
            if isinstance(value, str) and "token" in key.lower() and len(value) >= 12:
                yield value
            else:
                yield from _tokens_in(value)


# --- what the database holds ------------------------------------------------------------

Snapshot = dict[str, dict[Any, dict[str, Any]]]


def _snapshot(db_file: Path) -> Snapshot:
    with sqlite3.connect(f"file:{db_file}?mode=ro", uri=True) as db:
        db.row_factory = sqlite3.Row
        tables = [
            row[0]
            for row in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        found: Snapshot = {}
        for table in tables:
            skip = VOLATILE.get(table, set())
            rows = {}
            for row in db.execute(f'SELECT rowid AS _rowid, * FROM "{table}"'):
                values = {k: row[k] for k in row.keys() if k not in skip and k != "_rowid"}  # noqa: SIM118
                rows[row["_rowid"]] = values
            found[table] = rows
    return found


def _changes(before: Snapshot, after: Snapshot) -> list[tuple[str, dict[str, Any]]]:
    """Every row added, removed or changed, as (table, the row before or after)."""
    changed = []
    for table in before.keys() | after.keys():
        old, new = before.get(table, {}), after.get(table, {})
        for rowid in old.keys() | new.keys():
            if old.get(rowid) != new.get(rowid):
                changed.extend((table, row) for row in (old.get(rowid), new.get(rowid)) if row)
    return changed


REFERENCES = {
    "workspace_id": "workspaces",
    "user_id": "users",
    "assignee_id": "users",
    "assignee_user_id": "users",
    "assignee_team_id": "teams",
    "contact_id": "contacts",
    "conversation_id": "conversations",
    "workflow_id": "workflows",
    "channel_id": "channels",
    "team_id": "teams",
    "enrollment_id": "enrollments",
    "version_id": "workflow_versions",
}


def _is_victims(table: str, row: dict[str, Any], victim: Victim) -> bool:
    if row.get("id") in victim.ids.get(table, set()):
        return True
    return any(
        row.get(column) in victim.ids.get(target, set())
        for column, target in REFERENCES.items()
        if column in row
    )


# --- crafted arguments ------------------------------------------------------------------


def _forged_user(victim: Victim) -> dict[str, Any]:
    return {
        "id": victim.owner_id,
        "user_id": victim.owner_id,
        "name": "Mallory",
        "email": f"forged-{secrets.token_hex(3)}@attackers.test",
        "role": "owner",
        "workspace_id": victim.workspace_id,
        "restricted": False,
        "restrictions": {},
        "key": victim.user_key,
        "password": PASSWORD,
    }


def _crafted(name: str, annotation: Any, victim: Victim) -> Any:
    """A value for parameter ``name`` meant to reach into the victim's workspace."""
    text = str(annotation)
    if name in ("contact_id",):
        return victim.contact_id
    if name in ("workflow_id", "target") and "int" in text:
        return victim.workflow_id
    if "dict" in text or text in ("Any", "typing.Any") or text[:1].isupper():
        return _forged_user(victim)
    if text.startswith("list"):
        return [victim.user_key]
    if text == "bool":
        return True
    if text == "int":
        return victim.workflow_id if name in ("target", "number") else 0
    if name in ("key", "user_key"):
        return victim.user_key
    if name in ("path", "var_name"):
        return "role"
    return str(victim.workflow_id)


def _payload(handler: Any, victim: Victim) -> dict[str, Any]:
    try:
        hints = typing.get_type_hints(handler.fn)
    except Exception:
        hints = {}
    params = list(inspect.signature(handler.fn).parameters.values())[1:]
    return {
        p.name: _crafted(p.name, hints.get(p.name, p.annotation), victim)
        for p in params
        if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
    }


# --- the websocket ----------------------------------------------------------------------


class Tab:
    """A browser tab as the app's websocket sees it: a client token, the session token in
    its local storage, and everything the server sent back."""

    def __init__(self, base: str, caller: Caller, victim: Victim) -> None:
        self.base, self.caller, self.victim = base, caller, victim
        self.client = socketio.AsyncClient(reconnection=False)
        self.received: list[str] = []
        self.sentinel = asyncio.Queue[str]()
        self.client.on("event", self._on_event, namespace=NAMESPACE)
        root = State.get_full_name()
        self.router = {
            "pathname": f"/workflows/{victim.workflow_id}",
            "query": {"workflow_id": str(victim.workflow_id)},
            "asPath": f"/workflows/{victim.workflow_id}",
        }
        self.root = root

    async def _on_event(self, update: Any) -> None:
        self.received.append(json.dumps(update))
        delta = update.get("delta", {}) if isinstance(update, dict) else {}
        form = delta.get(SENTINEL_STATE, {})
        if SENTINEL_VAR in form:
            await self.sentinel.put(str(form[SENTINEL_VAR]))

    async def open(self) -> None:
        await self.client.connect(
            f"{self.base}?token={secrets.token_hex(16)}",
            socketio_path="/_event",
            transports=["websocket"],
            wait_timeout=30,
            namespaces=[NAMESPACE],
        )
        await self.restore_storage()
        await self.settle()

    async def restore_storage(self) -> None:
        """Send the session token of the tab's local storage, as the browser does after
        every hydrate (an event of the sweep may have been one)."""
        storage_var = f"{AuthState.get_full_name()}.session_token_rx_state_"
        vars_ = {storage_var: self.caller.session_token}
        await self.send(f"{UPDATE_VARS}.update_vars_internal", {"vars": vars_})

    async def send(self, name: str, payload: dict[str, Any]) -> None:
        await self.client.emit(
            "event",
            {"name": name, "payload": payload, "router_data": self.router},
            namespace=NAMESPACE,
        )

    async def settle(self) -> None:
        """Wait until everything sent so far (and what it chained) has been handled: the
        events of one tab are handled one after the other, so the sentinel's answer (the
        error set, then cleared) comes after them; ROUNDS times, for chained events."""
        for _ in range(ROUNDS):
            await self.send(f"{SENTINEL_STATE}.load", {})
            await self.send(f"{SENTINEL_STATE}.submit", {"form": {}})
            await self.send(f"{SENTINEL_STATE}.load", {})
            seen_error = False
            while True:
                value = await asyncio.wait_for(self.sentinel.get(), timeout=30)
                if value == SENTINEL_TEXT:
                    seen_error = True
                elif seen_error and value == "":
                    break

    async def close(self) -> None:
        await self.client.disconnect()


UPDATE_VARS = f"{State.get_full_name()}.reflex___state____update_vars_internal_state"


# --- the sweep --------------------------------------------------------------------------


@dataclass
class Finding:
    caller: str
    event: str
    problem: str


def _handlers() -> list[tuple[type[State], str, Any]]:
    found = []
    for state in every_state(State):
        for name, handler in sorted(state.event_handlers.items()):
            found.append((state, name, handler))
    return found


async def _sweep(
    base: str, db_file: Path, victim: Victim, caller: Caller, findings: list[Finding]
) -> int:
    tab = Tab(base, caller, victim)
    await tab.open()
    sent = 0
    try:
        for state, name, handler in _handlers():
            if (state, name) == (AuthState, "sign_out"):
                continue  # would end the attacker's own session: tried last, below
            event = f"{state.get_full_name()}.{name}"
            await tab.restore_storage()
            await tab.settle()
            before = _snapshot(db_file)
            seen = len(tab.received)
            await tab.send(event, _payload(handler, victim))
            await tab.settle()
            sent += 1
            after = _snapshot(db_file)
            audience = audience_of(state)
            admitted = audience is not None and audience.admits(caller.role)
            answers = "".join(tab.received[seen:])
            if not admitted:
                if _changes(before, after):
                    findings.append(
                        Finding(
                            caller.label,
                            event,
                            f"refused, yet changed rows {_changes(before, after)}"[:600],
                        )
                    )
                if not _refused_in(answers, caller):
                    findings.append(Finding(caller.label, event, "not refused: " + answers[:300]))
            for table, row in _changes(before, after):
                if _is_victims(table, row, victim):
                    findings.append(Finding(caller.label, event, f"changed victim's {table}"))
            for secret in victim.secrets:
                if secret and secret in answers:
                    findings.append(Finding(caller.label, event, f"leaked {secret[:4]}…"))
    finally:
        await tab.close()
    return sent


def _refused_in(answers: str, caller: Caller) -> bool:
    """The guard's answer: strangers are sent to sign in, others told it is not open."""
    if caller.role is None:
        return "/sign-in" in answers
    return "not open to your role" in answers


def _run(work: Coroutine[Any, Any, Result]) -> Result:
    """``asyncio.run(work)`` in a thread of its own: Playwright's sync API, used by the
    browser tests that run before these, keeps an event loop running in the main thread.
    The thread runs in a copy of this context (Reflex's registry is a context variable)."""
    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(contextvars.copy_context().run, asyncio.run, work).result()


@pytest.fixture(scope="module")
def world(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[str, Path, Victim, list[Caller]]]:
    data = tmp_path_factory.mktemp("doors")
    with pytest.MonkeyPatch.context() as monkeypatch:
        db_file, victim, callers = _seed(data, monkeypatch)
        with running_app(data) as base:
            yield base, db_file, victim, callers


@pytest.mark.e2e
def test_every_event_of_every_state_is_refused_unless_its_audience_admits_the_sender(
    world: tuple[str, Path, Victim, list[Caller]],
) -> None:
    base, db_file, victim, callers = world
    findings: list[Finding] = []
    sent = {c.label: _run(_sweep(base, db_file, victim, c, findings)) for c in callers}
    assert all(count >= 200 for count in sent.values()), sent
    assert findings == [], "\n".join(f"{f.caller}: {f.event}: {f.problem}" for f in findings)


@pytest.mark.e2e
def test_a_forged_remember_makes_nobody_an_owner(
    world: tuple[str, Path, Victim, list[Caller]],
) -> None:
    """The review's case: a fresh tab sends ``auth_state.remember`` with user 1, Owner, then
    opens Settings and adds an Owner. Nothing of it works."""
    base, db_file, victim, callers = world
    stranger = next(c for c in callers if c.role is None)

    async def attack() -> str:
        tab = Tab(base, stranger, victim)
        await tab.open()
        try:
            auth_state = AuthState.get_full_name()
            await tab.send(f"{auth_state}.remember", {"user": _forged_user(victim)})
            settings = f"{State.get_full_name()}.wfstudio___ui___pages___settings_state"
            await tab.send(f"{settings}____settings_state.load", {})
            users = f"{State.get_full_name()}.wfstudio___ui___pages___settings_users_state"
            await tab.send(f"{users}____users_state.add", {"form": _forged_user(victim)})
            await tab.settle()
            return "".join(tab.received)
        finally:
            await tab.close()

    before = _snapshot(db_file)
    answers = _run(attack())
    assert _changes(before, _snapshot(db_file)) == []
    assert not [secret for secret in victim.secrets if secret in answers]
    assert "/sign-in" in answers
    assert audience_of(AuthState) is Audience.ANYONE
    assert "remember" not in AuthState.event_handlers
