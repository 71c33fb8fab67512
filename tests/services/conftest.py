"""Service fixtures: the store's real databases (SQLite, and PostgreSQL when asked) and a
seeded workspace.

``WFSTUDIO_TEST_POSTGRES=1`` runs every test that uses ``engine`` on PostgreSQL too.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import pytest
from pydantic import JsonValue
from sqlalchemy import Engine
from sqlmodel import col, select

from tests.pg import postgres_server  # noqa: F401  (the PostgreSQL variant needs it)
from tests.store import factories as f
from tests.store.conftest import db_url, empty_engine, engine  # noqa: F401
from wfstudio.domain.codec import dump, load
from wfstudio.domain.definition import Settings, Step, Trigger, WorkflowDefinition
from wfstudio.domain.refs import STANDARD_FIELDS
from wfstudio.services.views import WorkflowView
from wfstudio.services.workflows import get_draft, list_workflows
from wfstudio.services.workspace import (
    get_workspace,
    list_channels,
    workspace_choices,
    workspace_refs,
)
from wfstudio.store import repo
from wfstudio.store.db import session_scope
from wfstudio.store.tables import (
    Channel,
    Contact,
    ContactField,
    Enrollment,
    Tag,
    Team,
    TeamMember,
    User,
    Workflow,
    WorkflowVersion,
)

NOW = f.NOW


@dataclass(frozen=True)
class SeededWorkspace:
    """Ids and keys of a workspace with the data workflows refer to."""

    id: int
    owner_id: int
    owner_name: str
    agent_id: int
    channel: str
    tags: tuple[str, ...]
    field: str
    team: str
    user: str


@pytest.fixture
def workspace(engine: Engine) -> SeededWorkspace:  # noqa: F811
    """A workspace with an owner and an agent, a web chat channel, tags, a team and a
    custom contact field (keys: channel "web", tags "vip"/"lead"/"spam", team "support",
    user "ana", field "plan")."""
    with session_scope(engine) as session:
        ws = f.workspace(session, "Acme")
        assert ws.id is not None
        owner = User(workspace_id=ws.id, key="olivia", name="Olivia Owner", email="o@acme.test")
        owner.role = "owner"
        agent = User(workspace_id=ws.id, key="ana", name="Ana Agent", email="a@acme.test")
        team = Team(workspace_id=ws.id, key="support", name="Support")
        session.add_all([owner, agent, team])
        session.add(
            Channel(
                workspace_id=ws.id,
                key="web",
                kind="web_chat",
                name="Web chat",
                secret_token=f"web-secret-{ws.id}",
            )
        )
        session.add_all(
            Tag(workspace_id=ws.id, key=key, label=key.title()) for key in ("vip", "lead", "spam")
        )
        session.add(ContactField(workspace_id=ws.id, key="plan", label="Plan", type="text"))
        session.flush()
        assert owner.id is not None and agent.id is not None and team.id is not None
        session.add(TeamMember(team_id=team.id, user_id=agent.id))
        return SeededWorkspace(
            id=ws.id,
            owner_id=owner.id,
            owner_name=owner.name,
            agent_id=agent.id,
            channel="web",
            tags=("vip", "lead", "spam"),
            field="plan",
            team="support",
            user="ana",
        )


# --- what the workspace service shows (the workspace and demo tests share) --------------


def state(db: Engine, workspace_id: int) -> tuple[Any, ...]:
    """Everything the service shows of a workspace, and its contacts."""
    with session_scope(db) as session:
        contacts = [
            (c.tags, c.custom_fields, c.lifecycle_stage, c.assignee_user_id)
            for c in session.exec(select(Contact).where(Contact.workspace_id == workspace_id))
        ]
    return (
        get_workspace(db, workspace_id=workspace_id),
        workspace_choices(db, workspace_id=workspace_id),
        list_channels(db, workspace_id=workspace_id),
        contacts,
    )


def assert_choices_match_refs(db: Engine, workspace_id: int) -> None:
    """The keys :func:`workspace_choices` offers are exactly what validation accepts."""
    choices = workspace_choices(db, workspace_id=workspace_id)
    refs = workspace_refs(db, workspace_id=workspace_id)
    assert refs.channels == {c.key: c.kind for c in choices.channels}
    assert refs.users == {u.key for u in choices.users}
    assert refs.teams == {t.key for t in choices.teams}
    assert refs.tags == {t.key for t in choices.tags}
    assert refs.fields == {f.key: f.type for f in choices.fields}
    assert refs.lifecycle_stages == {s.key for s in choices.lifecycle_stages}
    assert refs.closing_categories == {c.key for c in choices.closing_categories}
    assert refs.workflows == {w.key: w.trigger_kind for w in choices.workflows}
    assert refs.sheet_credentials == {c.key for c in choices.sheet_credentials}
    assert set(STANDARD_FIELDS) <= set(refs.fields)


# --- definitions and read-backs the workflow and transfer tests share -------------------


def step(
    step_id: str,
    kind: str,
    config: dict[str, JsonValue] | None = None,
    *,
    name: str | None = None,
) -> Step:
    """A step with no exits yet (:func:`flow` chains them)."""
    return Step(id=step_id, kind=kind, name=name or step_id.title(), config=config or {})


def send(step_id: str = "hello", text: str = "Hi") -> Step:
    return step(step_id, "send_message", {"text": text}, name=f"Send {step_id}")


def flow(
    name: str,
    trigger: Trigger | None,
    *steps: Step,
    settings: Settings | None = None,
) -> WorkflowDefinition:
    """A definition whose trigger leads to the first step and each step's success exit
    to the next one."""
    chained = [
        s.model_copy(update={"next": {"success": after.id}})
        for s, after in itertools.pairwise(steps)
    ]
    if steps:
        chained.append(steps[-1])
    if trigger is not None and steps:
        trigger = trigger.model_copy(update={"next": steps[0].id})
    return WorkflowDefinition(
        name=name, trigger=trigger, steps=tuple(chained), settings=settings or Settings()
    )


def opened() -> Trigger:
    return Trigger(kind="conversation_opened")


def manual() -> Trigger:
    return Trigger(kind="manual")


def tag_added(*tags: str) -> Trigger:
    return Trigger(kind="contact_tag_updated", config={"action": "added", "tags": list(tags)})


def welcome(name: str = "Welcome") -> WorkflowDefinition:
    """A valid workflow: conversation opened → send "Hi" → add tag "lead"."""
    return flow(
        name,
        opened(),
        send("hello"),
        step("tag", "update_contact_tag", {"action": "add", "tags": ["lead"]}, name="Tag lead"),
    )


@dataclass(frozen=True)
class Snapshot:
    """Everything of a workspace's workflows a refused operation must leave alone."""

    workflows: list[tuple[WorkflowView, WorkflowDefinition]]
    versions: list[tuple[int, int, dict[str, Any]]]
    enrollments: list[tuple[int, int, str, str | None]]


def snapshot(db: Engine, workspace_id: int) -> Snapshot:
    """The listing with every draft, the versions and the enrollments of a workspace."""
    workflows = [
        get_draft(db, workflow_id=view.id) for view in list_workflows(db, workspace_id=workspace_id)
    ]
    ids = [view.id for view, _ in workflows]
    with session_scope(db) as session:
        versions = session.exec(
            select(WorkflowVersion).where(col(WorkflowVersion.workflow_id).in_(ids))
        ).all()
        enrollments = session.exec(
            select(Enrollment).where(col(Enrollment.workflow_id).in_(ids))
        ).all()
        return Snapshot(
            workflows=workflows,
            versions=sorted((v.workflow_id, v.number, v.definition) for v in versions),
            enrollments=sorted(
                (e.id or 0, e.workflow_id, e.status, e.end_reason) for e in enrollments
            ),
        )


def enroll(db: Engine, workspace_id: int, workflow_id: int, count: int) -> list[int]:
    """Start ``count`` new contacts on the workflow's current version; their enrollment ids."""
    ids = []
    with session_scope(db) as session:
        workflow = session.get(Workflow, workflow_id)
        assert workflow is not None and workflow.current_version_id is not None
        for number in range(count):
            person = Contact(workspace_id=workspace_id, firstname=f"C{number}", created_at=NOW)
            session.add(person)
            session.flush()
            assert person.id is not None
            started = repo.start_enrollment(
                session=session,
                enrollment=Enrollment(
                    workflow_id=workflow_id,
                    version_id=workflow.current_version_id,
                    contact_id=person.id,
                    current_step_id="hello",
                    started_at=NOW,
                ),
            )
            assert started is not None and started.id is not None
            ids.append(started.id)
    return ids


def enrollment_statuses(db: Engine, workflow_id: int) -> dict[int, tuple[str, str | None]]:
    """Enrollment id → (status, end reason) for the workflow."""
    with session_scope(db) as session:
        rows = session.exec(select(Enrollment).where(Enrollment.workflow_id == workflow_id)).all()
        return {row.id or 0: (row.status, row.end_reason) for row in rows}


def normalised(definition: WorkflowDefinition) -> WorkflowDefinition:
    """``definition`` as the store keeps it: every config with its defaults filled in."""
    return load(dump(definition))


def same_flow(a: WorkflowDefinition, b: WorkflowDefinition) -> bool:
    """Whether two definitions have the same trigger and steps (configs normalised)."""
    a, b = normalised(a), normalised(b)
    return (a.trigger, a.steps) == (b.trigger, b.steps)
