"""A burst's plain rows and the caches of its hot path: only the columns a burst changed are
written back, and a cached definition is checked against its version's stamp."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from aiohttp import web
from sqlalchemy import Engine
from sqlmodel import Session, select

from tests.runtime.servers import RecordingServer
from tests.runtime.test_scenarios import step
from tests.runtime.world import World, play
from tests.store import factories as f
from wfstudio.runtime.burst import definition_of
from wfstudio.store.db import make_engine, migrate, session_scope
from wfstudio.store.tables import Contact, Conversation, WorkflowVersion


@dataclass
class AgentEditingServer(RecordingServer):
    """Answers like :class:`RecordingServer`, after an agent edited the contact and its
    conversation (while the burst awaits this request, with no transaction open)."""

    world: World | None = None
    contact_id: int = 0

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        assert self.world is not None
        with session_scope(self.world.engine) as session:
            contact = session.get(Contact, self.contact_id)
            assert contact is not None
            contact.lastname = "Set by an agent"
            contact.tags = ["agent-tag"]
            conversation = session.exec(
                select(Conversation).where(Conversation.contact_id == self.contact_id)
            ).one()
            conversation.assignee_user_id = self.world.agent_ids[0]
        return await super()._handle(request)


def test_an_agents_edit_during_a_network_step_is_not_overwritten(world: World) -> None:
    async def scenario(w: World) -> None:
        person = w.contact(firstname="Ana")
        async with AgentEditingServer(world=w, contact_id=person) as api:
            w.publish(
                step(
                    "name",
                    "update_contact_field",
                    {"success": "lookup"},
                    updates=[{"field": "firstname", "value": "Set by the bot"}],
                ),
                step("lookup", "http_request", {"success": "email"}, url=api.url("/x")),
                step(
                    "email",
                    "update_contact_field",
                    {"success": "close"},
                    updates=[{"field": "email", "value": "bot@example.com"}],
                ),
                step("close", "close_conversation", summary="Done by $contact.firstname"),
            )
            await w.say(person, "hi")
            assert len(api.requests) == 1
        contact = w.contact_row(person)
        assert (contact.firstname, contact.email) == ("Set by the bot", "bot@example.com")
        assert (contact.lastname, contact.tags) == ("Set by an agent", ["agent-tag"])
        [conversation] = w.conversations(person)
        assert (conversation.status, conversation.summary) == ("closed", "Done by Set by the bot")
        assert conversation.assignee_user_id == w.agent_ids[0]

    play(world, scenario)


def test_a_cached_definition_is_read_again_when_its_version_id_is_reused(
    engine: Engine,
) -> None:
    with session_scope(engine) as session:
        _reuse_a_version_id(session)


def _reuse_a_version_id(session: Session) -> None:
    workspace = f.workspace(session)
    first = f.workflow(session, workspace, "First")
    version = f.publish(session, first)
    version_id = version.id or 0
    cached = definition_of(session, version_id)
    assert cached.name == "First"
    assert definition_of(session, version_id) is cached  # parsed once

    # The version is deleted and a new one gets its id, published at the same instant
    # (a fixed clock): only its workflow tells them apart.
    first.current_version_id = None
    session.delete(version)
    session.flush()
    second = f.workflow(session, workspace, "Second")
    session.add(
        WorkflowVersion(
            id=version_id,
            workflow_id=second.id or 0,
            number=1,
            definition=second.draft,
            published_at=f.NOW,
        )
    )
    session.flush()
    assert definition_of(session, version_id).name == "Second"
    stamp = (f.NOW, second.id, 1)  # as a burst reads it with its rows
    assert definition_of(session, version_id, stamp=stamp).name == "Second"

    session.delete(session.get(WorkflowVersion, version_id))
    session.flush()
    with pytest.raises(LookupError):
        definition_of(session, version_id)


def test_definitions_are_cached_per_database(tmp_path: Path) -> None:
    names = []
    for name in ("One", "Two"):  # the same version id and stamp in two databases
        engine = make_engine(f"sqlite:///{tmp_path / name}.db")
        migrate(engine)
        with session_scope(engine) as session:
            version = f.publish(session, f.workflow(session, f.workspace(session), name))
            names.append(definition_of(session, version.id or 0).name)
        with session_scope(engine) as session:
            names.append(definition_of(session, version.id or 0).name)
        engine.dispose()
    assert names == ["One", "One", "Two", "Two"]
