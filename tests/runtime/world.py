"""A small workspace and a runtime on a fixed clock, for runtime scenarios.

Workflows are created, saved and published through the real services; events go through
the real runtime; everything is read back from the real database.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy import Engine
from sqlmodel import col, select

from tests.store import factories as f
from wfstudio.domain.definition import Settings, Step, Trigger, WorkflowDefinition
from wfstudio.runtime.clock import ManualClock
from wfstudio.runtime.runner import Runtime
from wfstudio.services import workflows
from wfstudio.store.db import session_scope
from wfstudio.store.tables import (
    Channel,
    Contact,
    ContactField,
    Conversation,
    Enrollment,
    Message,
    StepLog,
    Tag,
    Team,
    TeamMember,
    User,
)

_names = itertools.count(1)


@dataclass
class World:
    engine: Engine
    clock: ManualClock
    workspace_id: int
    owner_id: int
    agent_ids: list[int]
    runtime: Runtime | None = None
    channel_key: str = "web"
    custom_key: str = "custom"
    published: dict[str, int] = field(default_factory=dict)

    @property
    def rt(self) -> Runtime:
        assert self.runtime is not None
        return self.runtime

    # --- building ------------------------------------------------------------------------

    def publish(
        self,
        *steps: Step,
        trigger: Trigger | None = None,
        name: str | None = None,
        settings: Settings | None = None,
    ) -> int:
        """Create, save and publish a workflow; returns its id."""
        name = name or f"Workflow {next(_names)}"
        trigger = trigger or Trigger(kind="conversation_opened", next=steps[0].id)
        view = workflows.create_workflow(
            self.engine,
            workspace_id=self.workspace_id,
            actor_id=self.owner_id,
            name=name,
            now=self.clock.now(),
        )
        definition = WorkflowDefinition(name=name, trigger=trigger, steps=steps)
        saved = workflows.save_draft(
            self.engine,
            workflow_id=view.id,
            definition=definition,
            expected_revision=view.revision,
            now=self.clock.now(),
        )
        if settings is not None:
            workflows.update_settings(self.engine, workflow_id=view.id, settings=settings)
        workflows.publish_workflow(
            self.engine, workflow_id=saved.id, actor_id=self.owner_id, now=self.clock.now()
        )
        self.published[name] = view.id
        return view.id

    def key_of(self, workflow_id: int) -> str:
        return workflows.get_workflow(self.engine, workflow_id=workflow_id).key

    def contact(self, **fields: Any) -> int:
        with session_scope(self.engine) as session:
            row = Contact(workspace_id=self.workspace_id, created_at=self.clock.now(), **fields)
            session.add(row)
            session.flush()
            return row.id or 0

    def set_online(self, user_id: int, online: bool) -> None:
        with session_scope(self.engine) as session:
            user = session.get(User, user_id)
            assert user is not None
            user.online = online
            session.add(user)

    # --- time and events -----------------------------------------------------------------

    async def say(self, contact_id: int, text: str, channel: str | None = None) -> None:
        await self.rt.receive(contact_id, text, channel_key=channel or self.channel_key)

    async def advance(self, **delta: float) -> int:
        """Move the clock and fire every wake now due; returns how many fired."""
        self.clock.advance(timedelta(**delta))
        fired = 0
        while count := await self.rt.fire_due():
            fired += count
        return fired

    # --- reading -------------------------------------------------------------------------

    def messages(self, contact_id: int) -> list[tuple[str, str, str]]:
        with session_scope(self.engine) as session:
            rows = session.exec(
                select(Message).where(Message.contact_id == contact_id).order_by(col(Message.id))
            ).all()
            return [(m.direction, m.author_kind, m.text) for m in rows]

    def sent(self, contact_id: int) -> list[str]:
        return [
            text
            for direction, kind, text in self.messages(contact_id)
            if direction == "out" and kind != "system"
        ]

    def enrollments(self, workflow_id: int, contact_id: int | None = None) -> list[Enrollment]:
        with session_scope(self.engine) as session:
            statement = select(Enrollment).where(Enrollment.workflow_id == workflow_id)
            if contact_id is not None:
                statement = statement.where(Enrollment.contact_id == contact_id)
            return list(session.exec(statement.order_by(col(Enrollment.id))).all())

    def contact_row(self, contact_id: int) -> Contact:
        with session_scope(self.engine) as session:
            row = session.get(Contact, contact_id)
            assert row is not None
            return row

    def conversations(self, contact_id: int) -> list[Conversation]:
        with session_scope(self.engine) as session:
            return list(
                session.exec(
                    select(Conversation)
                    .where(Conversation.contact_id == contact_id)
                    .order_by(col(Conversation.id))
                ).all()
            )

    def ports(self, workflow_id: int, contact_id: int) -> list[tuple[str, str | None]]:
        ids = [e.id for e in self.enrollments(workflow_id, contact_id)]
        with session_scope(self.engine) as session:
            rows = session.exec(
                select(StepLog).where(col(StepLog.enrollment_id).in_(ids)).order_by(col(StepLog.id))
            ).all()
            return [(log.step_id, log.port) for log in rows]


def build_world(engine: Engine) -> World:
    clock = ManualClock(f.NOW)
    with session_scope(engine) as session:
        ws = f.workspace(session, timezone="UTC")
        owner = User(
            workspace_id=ws.id or 0,
            key="olivia",
            name="Olivia Owner",
            email="o@x.test",
            role="owner",
        )
        session.add(owner)
        agents = [
            User(
                workspace_id=ws.id or 0,
                key=f"agent{i}",
                name=f"Agent {i}",
                email=f"a{i}@x.test",
                role="agent",
                online=True,
            )
            for i in range(1, 4)
        ]
        session.add_all(agents)
        session.add_all(
            [Tag(workspace_id=ws.id or 0, key=k, label=k.title()) for k in ("vip", "lead")]
        )
        session.add(
            ContactField(workspace_id=ws.id or 0, key="company", label="Company", type="text")
        )
        session.add(
            Channel(
                workspace_id=ws.id or 0,
                key="web",
                kind="web_chat",
                name="Web",
                secret_token="t-web",
            )
        )
        session.add(
            Channel(
                workspace_id=ws.id or 0,
                key="custom",
                kind="custom_channel",
                name="Custom",
                secret_token="t-custom",
            )
        )
        session.flush()
        sales = Team(workspace_id=ws.id or 0, key="sales", name="Sales")
        empty = Team(workspace_id=ws.id or 0, key="nobody", name="Nobody")
        session.add_all([sales, empty])
        session.flush()
        session.add_all([TeamMember(team_id=sales.id or 0, user_id=a.id or 0) for a in agents])
        return World(
            engine=engine,
            clock=clock,
            workspace_id=ws.id or 0,
            owner_id=owner.id or 0,
            agent_ids=[a.id or 0 for a in agents],
        )


def play(world: World, scenario: Callable[[World], Awaitable[None]]) -> None:
    """Run ``scenario`` in one event loop with a fresh runtime (closed afterwards)."""

    async def main() -> None:
        world.runtime = Runtime(world.engine, clock=world.clock)
        try:
            await scenario(world)
        finally:
            await world.rt.aclose()
            world.runtime = None

    asyncio.run(main())
