"""What the benchmarks share: the conversation workflow and its seed data, the outbound sink,
the load client's request, and the database's account of a run.

Everything listens on 127.0.0.1 only, and everything started here is stopped here.
"""

from __future__ import annotations

import contextlib
import os
import socket
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from aiohttp import web
from sqlmodel import col, func, select

from wfstudio.domain.definition import (
    Condition,
    ConditionGroup,
    Step,
    Trigger,
    WorkflowDefinition,
)
from wfstudio.services import workflows
from wfstudio.store.db import make_engine, migrate, session_scope
from wfstudio.store.tables import (
    Channel,
    Contact,
    ContactField,
    Conversation,
    Enrollment,
    Team,
    TeamMember,
    User,
    Workspace,
)

ROOT = Path(__file__).resolve().parents[1]
CHANNEL = "bench"
TOKEN = "bench-channel-token"
AGENTS = 3
SERVER_CORE = "0"
CLIENT_CORE = "1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def pin_this_process(core: str = CLIENT_CORE) -> None:
    """Run the load client (and its sink) on ``core``, away from the server's."""
    with contextlib.suppress(AttributeError, OSError):
        os.sched_setaffinity(0, {int(core)})


# --- the workflow ------------------------------------------------------------------------


def _step(step_id: str, kind: str, next_: dict[str, str], **config: Any) -> Step:
    return Step(
        id=step_id, kind=kind, name=step_id.replace("_", " ").title(), config=config, next=next_
    )


def conversation_workflow() -> WorkflowDefinition:
    """ "hi" opens a conversation → Send a Message → Ask a Question (A/B) → waits; the answer
    → Branch → Update Contact Field → Assign To (round robin over the team) → Send a
    Message (the closing message) → Close Conversation. Three outbound POSTs."""
    said_a = ConditionGroup(
        rules=(Condition(category="variable", field="var.choice", operator="equals", value="A"),)
    ).model_dump(mode="json")
    return WorkflowDefinition(
        name="Bench conversation",
        trigger=Trigger(kind="conversation_opened", next="welcome"),
        steps=(
            _step(
                "welcome", "send_message", {"success": "ask"}, text="Welcome $contact.firstname!"
            ),
            _step(
                "ask",
                "ask_question",
                {"option_1": "branch", "option_2": "branch"},
                text="A or B?",
                question_type="multiple_choice",
                options=[{"text": "A"}, {"text": "B"}],
                save_to_variable=True,
                variable="choice",
            ),
            _step("branch", "branch", {"branch_1": "set_a", "else": "set_b"}, branches=[said_a]),
            _step(
                "set_a",
                "update_contact_field",
                {"success": "assign"},
                updates=[{"field": "choice", "value": "A"}],
            ),
            _step(
                "set_b",
                "update_contact_field",
                {"success": "assign"},
                updates=[{"field": "choice", "value": "B"}],
            ),
            _step(
                "assign",
                "assign_to",
                {"success": "bye"},
                action="team",
                team="support",
                logic="round_robin",
            ),
            _step(
                "bye",
                "send_message",
                {"success": "close"},
                text="Thanks, $assignee.name will follow up.",
            ),
            _step("close", "close_conversation", {}),
        ),
    )


def seed(database_url: str, outbound_url: str) -> None:
    """A workspace with 3 online agents in team "support", the custom channel and the
    published conversation workflow."""
    engine = make_engine(database_url)
    migrate(engine)
    now = datetime.now(UTC)
    with session_scope(engine) as session:
        workspace = Workspace(name="Bench", created_at=now)
        session.add(workspace)
        session.flush()
        ws = workspace.id or 0
        owner = User(
            workspace_id=ws, key="owner", name="Owner", email="owner@bench.test", role="owner"
        )
        agents = [
            User(
                workspace_id=ws,
                key=f"agent{n}",
                name=f"Agent {n}",
                email=f"agent{n}@bench.test",
                online=True,
            )
            for n in range(1, AGENTS + 1)
        ]
        team = Team(workspace_id=ws, key="support", name="Support")
        session.add_all([owner, *agents, team])
        session.add(
            Channel(
                workspace_id=ws,
                key=CHANNEL,
                kind="custom_channel",
                name="Bench",
                secret_token=TOKEN,
                config={"outbound_url": outbound_url},
            )
        )
        session.add(ContactField(workspace_id=ws, key="choice", label="Choice", type="text"))
        session.flush()
        session.add_all(TeamMember(team_id=team.id or 0, user_id=a.id or 0) for a in agents)
        owner_id = owner.id
    draft = workflows.create_workflow(
        engine, workspace_id=ws, actor_id=owner_id, name="Bench conversation"
    )
    workflows.save_draft(
        engine,
        workflow_id=draft.id,
        definition=conversation_workflow(),
        expected_revision=draft.revision,
    )
    workflows.publish_workflow(engine, workflow_id=draft.id, actor_id=owner_id)
    engine.dispose()


@dataclass(frozen=True)
class Outcome:
    """What the database says about the run."""

    contacts: int
    completed: int
    closed: int
    per_agent: dict[str, int]

    @property
    def round_robin_exact(self) -> bool:
        counts = list(self.per_agent.values())
        return len(counts) == AGENTS and max(counts) - min(counts) <= 1


def outcome(database_url: str) -> Outcome:
    engine = make_engine(database_url)
    try:
        with session_scope(engine) as session:
            contacts = session.exec(select(func.count(col(Contact.id)))).one()
            completed = session.exec(
                select(func.count(col(Enrollment.id))).where(Enrollment.status == "completed")
            ).one()
            closed = session.exec(
                select(func.count(col(Conversation.id))).where(Conversation.status == "closed")
            ).one()
            rows = session.exec(
                select(User.name, func.count(col(Contact.id)))
                .join(Contact, col(Contact.assignee_user_id) == col(User.id))
                .group_by(col(User.name))
            ).all()
            return Outcome(contacts, completed, closed, {name: count for name, count in rows})
    finally:
        engine.dispose()


# --- the outbound sink -------------------------------------------------------------------


@dataclass
class Sink:
    """The custom channel's outbound URL: records each POST by the contact's external id."""

    received: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    total: int = 0
    _runner: web.AppRunner | None = None
    port: int = 0

    async def start(self) -> str:
        app = web.Application()
        app.router.add_post("/out", self._handle)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.1)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0, backlog=1024)
        await site.start()
        self.port = self._runner.addresses[0][1]
        return f"http://127.0.0.1:{self.port}/out"

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def _handle(self, request: web.Request) -> web.Response:
        body = await request.json()
        message = body["message"]
        self.received[str(body["contact"]["external_id"])].append(
            (message["type"], message["text"])
        )
        self.total += 1
        return web.Response(status=200)


# --- the load client ----------------------------------------------------------------------


async def post_message(http: Any, server_url: str, contact: str, text: str) -> tuple[int, float]:
    """One inbound message; returns (HTTP status, seconds)."""
    started = time.perf_counter()
    async with http.post(
        f"{server_url}/api/channels/{CHANNEL}/messages",
        json={"contact": {"id": contact, "name": f"Bench {contact}"}, "text": text},
        headers={"Authorization": f"Bearer {TOKEN}"},
    ) as reply:
        await reply.read()
        return reply.status, time.perf_counter() - started


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]
