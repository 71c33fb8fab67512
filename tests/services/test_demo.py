"""The demo workspace: what it holds, and that it loads only into an empty database."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import Engine
from sqlmodel import col, func, select

from tests.services.conftest import NOW, assert_choices_match_refs, state
from wfstudio.domain.refs import FieldType
from wfstudio.domain.steps.date_time import TimeRange
from wfstudio.domain.steps.update_contact_field import fits_field_type
from wfstudio.services import auth, demo_data, workspace
from wfstudio.services.demo import DemoSummary, load_demo
from wfstudio.store.db import session_scope
from wfstudio.store.tables import Channel, Contact, Conversation, Message, User

NINE_TO_FIVE = (TimeRange(start="09:00", end="17:00"),)


@pytest.fixture
def summary(engine: Engine) -> DemoSummary:
    loaded = load_demo(engine, now=NOW)
    assert loaded is not None
    return loaded


def test_the_summary_counts_what_was_created(engine: Engine, summary: DemoSummary) -> None:
    assert summary == DemoSummary(
        workspace_id=summary.workspace_id,
        users=6,
        teams=2,
        channels=7,
        fields=6,
        tags=5,
        contacts=12,
        conversations=12,
        messages=summary.messages,
    )
    with session_scope(engine) as session:
        assert session.exec(select(func.count(col(Message.id)))).one() == summary.messages
    assert workspace.default_workspace_id(engine) == summary.workspace_id
    assert summary.describe().startswith('"Acme Support" with 6 users, 2 teams, 7 channels')


def test_the_workspace_settings(engine: Engine, summary: DemoSummary) -> None:
    view = workspace.get_workspace(engine, workspace_id=summary.workspace_id)
    assert (view.name, view.timezone) == ("Acme Support", "Europe/London")
    hours = view.business_hours
    assert [hours.ranges_for(day) for day in range(7)] == [NINE_TO_FIVE] * 5 + [(), ()]
    assert [s.key for s in view.lifecycle_stages] == ["new-lead", "hot-lead", "customer", "churned"]
    assert [c.key for c in view.closing_categories] == [
        "resolved",
        "spam",
        "no-response",
        "escalated",
    ]


def test_people_and_teams(engine: Engine, summary: DemoSummary) -> None:
    choices = workspace.workspace_choices(engine, workspace_id=summary.workspace_id)
    by_email = {user.email: user for user in choices.users}
    assert (by_email["owner@acme.test"].name, by_email["owner@acme.test"].role) == (
        "Olivia Owner",
        "owner",
    )
    assert (by_email["manager@acme.test"].name, by_email["manager@acme.test"].role) == (
        "Max Manager",
        "manager",
    )
    agents = [user for user in choices.users if user.role == "agent"]
    assert len(agents) == 4
    assert Counter(agent.online for agent in agents) == {True: 2, False: 2}
    assert "alice@acme.test" in by_email
    teams = {team.name: team for team in choices.teams}
    assert set(teams) == {"Sales", "Support"}
    assert all(team.member_count >= 2 for team in teams.values())
    # Each team has someone online and someone offline (for "only online" assignment).
    online = {user.key: user.online for user in choices.users}
    for team in teams.values():
        assert {online[key] for key in team.members} == {True, False}
    # Every demo user signs in with the password of DEMO_USERS (stored hashed, never plain).
    with session_scope(engine) as session:
        hashes = {user.email: user.password_hash for user in session.exec(select(User))}
    for demo_user in demo_data.DEMO_USERS:
        assert hashes[demo_user.email] and demo_user.password not in hashes[demo_user.email]
        signed = auth.sign_in(engine, email=demo_user.email, password=demo_user.password, now=NOW)
        assert (signed.user.email, signed.user.role) == (demo_user.email, demo_user.role)


def test_channels_fields_and_tags(engine: Engine, summary: DemoSummary) -> None:
    channels = {
        c.key: c for c in workspace.list_channels(engine, workspace_id=summary.workspace_id)
    }
    assert (channels["web-chat"].name, channels["web-chat"].kind) == ("Website chat", "web_chat")
    assert (channels["custom"].name, channels["custom"].kind) == (
        "Custom channel",
        "custom_channel",
    )
    assert channels["custom"].config == {"outbound_url": ""}
    assert {c.kind for c in channels.values()} >= {
        "whatsapp",
        "messenger",
        "telegram",
        "email",
        "wechat",
    }
    assert len({c.secret_token for c in channels.values()}) == 7
    choices = workspace.workspace_choices(engine, workspace_id=summary.workspace_id)
    custom = {f.key: f.type for f in choices.fields if not f.standard}
    assert custom == {
        "company": "text",
        "plan": "list",
        "order_count": "number",
        "birthday": "date",
        "website": "url",
        "newsletter": "checkbox",
    }
    assert [t.key for t in choices.tags] == ["lead", "needs-follow-up", "returning", "spam", "vip"]


def test_contacts_and_conversations(engine: Engine, summary: DemoSummary) -> None:
    refs = workspace.workspace_refs(engine, workspace_id=summary.workspace_id)
    with session_scope(engine) as session:
        contacts = session.exec(select(Contact)).all()
        conversations = session.exec(select(Conversation)).all()
        messages = session.exec(select(Message)).all()
        channel_ids = {c.id for c in session.exec(select(Channel))}
    assert len(contacts) == 12
    assert sorted(c.contact_id for c in conversations) == sorted(c.id or 0 for c in contacts)
    statuses = Counter(c.status for c in conversations)
    assert statuses["open"] >= 3 and statuses["closed"] >= 3
    for conversation in conversations:
        assert conversation.channel_id in channel_ids
        if conversation.status == "closed":
            assert conversation.closing_category in refs.closing_categories
            assert conversation.closed_at is not None and conversation.closed_by_source
        else:
            assert conversation.closed_at is None and conversation.closing_category is None
    for person in contacts:
        assert set(person.tags) <= refs.tags
        assert person.lifecycle_stage is None or person.lifecycle_stage in refs.lifecycle_stages
        for key, value in person.custom_fields.items():
            field_type: FieldType = refs.fields[key]
            assert fits_field_type(field_type, str(value)), (key, value)
    assert len({(c.firstname, c.lastname) for c in contacts}) == 12
    assert len({c.lifecycle_stage for c in contacts}) >= 4
    assert Counter(m.author_kind for m in messages).keys() == {"contact", "user", "workflow"}
    assert all(m.direction == ("in" if m.author_kind == "contact" else "out") for m in messages)
    assert all(m.created_at <= NOW for m in messages)


def test_demo_keys_match_what_validation_accepts(engine: Engine, summary: DemoSummary) -> None:
    assert_choices_match_refs(engine, summary.workspace_id)


def test_a_second_load_changes_nothing(engine: Engine, summary: DemoSummary) -> None:
    before = state(engine, summary.workspace_id)
    assert load_demo(engine, now=NOW) is None
    assert state(engine, summary.workspace_id) == before
    with session_scope(engine) as session:
        assert session.exec(select(func.count(col(Contact.id)))).one() == 12


def test_no_demo_when_a_workspace_exists(engine: Engine) -> None:
    workspace.create_workspace(engine, name="Ours", now=NOW)
    assert load_demo(engine) is None
    with session_scope(engine) as session:
        assert session.exec(select(func.count(col(User.id)))).one() == 0


def test_the_demo_users_are_listed_in_one_place() -> None:
    assert [u.email for u in demo_data.DEMO_USERS][:2] == ["owner@acme.test", "manager@acme.test"]
    assert len({u.email for u in demo_data.DEMO_USERS}) == len(demo_data.DEMO_USERS)
