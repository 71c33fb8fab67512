"""A world for the inbox service tests: the runtime scenarios' workspace (tests/runtime/
world.py) plus closing categories, lifecycle stages, a manager and a restricted agent."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from tests.runtime.world import World, build_world
from tests.store import factories as f
from wfstudio.domain.definition import Settings, Step, Trigger
from wfstudio.services import workspace as ws
from wfstudio.store.db import session_scope
from wfstudio.store.tables import Enrollment, User


@dataclass
class InboxWorld:
    world: World
    manager_id: int
    restricted_id: int  # a restricted agent without the Workflows icon permission

    @property
    def agent_id(self) -> int:
        return self.world.agent_ids[0]


def build_inbox_world(engine: Engine) -> InboxWorld:
    world = build_world(engine)
    for label in ("Resolved", "Spam"):
        ws.add_closing_category(engine, workspace_id=world.workspace_id, label=label)
    for label in ("Lead", "Customer"):
        ws.add_lifecycle_stage(engine, workspace_id=world.workspace_id, label=label)
    with session_scope(engine) as session:
        manager = User(
            workspace_id=world.workspace_id,
            key="max",
            name="Max Manager",
            email="max@x.test",
            role="manager",
        )
        restricted = User(
            workspace_id=world.workspace_id,
            key="rita",
            name="Rita Restricted",
            email="rita@x.test",
            role="agent",
            restricted=True,
        )
        session.add_all([manager, restricted])
        session.flush()
        return InboxWorld(world, manager.id or 0, restricted.id or 0)


def ask(step_id: str = "ask") -> Step:
    """A question that keeps the enrollment waiting (for a day)."""
    return Step(
        id=step_id,
        kind="ask_question",
        name="Ask for the order",
        config={"text": "Your order number?", "timeout_seconds": 86400},
    )


def send(step_id: str, text: str, then: str | None = None) -> Step:
    return Step(
        id=step_id,
        kind="send_message",
        name=f"Send {step_id}",
        config={"text": text},
        next={"success": then} if then else {},
    )


def waiting_flow(
    world: World, name: str, *, exit_on: tuple[str, ...] = (), allow_stop: bool = False
) -> int:
    """Conversation opened → Send a Message → Ask a Question (waits): published."""
    settings = Settings.model_validate({"exit_on": exit_on, "allow_stop_for_contact": allow_stop})
    return world.publish(
        send("hello", "Hi, a workflow here", then="ask"),
        ask(),
        trigger=Trigger(kind="conversation_opened", next="hello"),
        name=name,
        settings=settings,
    )


def status_of(world: World, workflow_id: int, contact_id: int) -> tuple[str, str | None]:
    rows: list[Enrollment] = world.enrollments(workflow_id, contact_id)
    assert rows, "the contact was never enrolled"
    return rows[-1].status, rows[-1].end_reason


def other_workspace_user(engine: Engine) -> int:
    """An owner of another workspace."""
    with session_scope(engine) as session:
        other = f.workspace(session, "Other")
        user = User(
            workspace_id=other.id or 0, key="eve", name="Eve", email="eve@other.test", role="owner"
        )
        session.add(user)
        session.flush()
        return user.id or 0
