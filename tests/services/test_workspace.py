"""Workspace service: settings, users, teams, channels, fields, tags, stages, categories,
the builder's choices, and that refused operations change nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import select

from tests.services.conftest import (
    NOW,
    assert_choices_match_refs,
    flow,
    manual,
    opened,
    send,
    state,
    step,
)
from wfstudio.domain.issues import Code
from wfstudio.domain.steps.date_time import TimeRange, WeekHours
from wfstudio.domain.validation import validate
from wfstudio.services import auth, workflows
from wfstudio.services import workspace as svc
from wfstudio.services.errors import NotFound, Refused
from wfstudio.store import repo
from wfstudio.store.db import session_scope
from wfstudio.store.tables import Contact, Conversation, SheetCredential, Team, TeamMember, User

NINE_TO_FIVE = (TimeRange(start="09:00", end="17:00"),)


@pytest.fixture
def ws(engine: Engine) -> int:
    """An empty workspace "Acme" with its owner Olivia (key ``olivia-owner``)."""
    workspace_id = svc.create_workspace(engine, name="Acme", now=NOW).id
    svc.add_user(
        engine,
        workspace_id=workspace_id,
        name="Olivia Owner",
        email="olivia@acme.test",
        role="owner",
    )
    return workspace_id


@contextmanager
def refused(engine: Engine, workspace_id: int, match: str) -> Iterator[None]:
    """The block raises :class:`Refused` matching ``match`` and changes nothing."""
    before = state(engine, workspace_id)
    with pytest.raises(Refused, match=match):
        yield
    assert state(engine, workspace_id) == before


def add_contact(engine: Engine, workspace_id: int, **fields: Any) -> int:
    with session_scope(engine) as session:
        contact = Contact(workspace_id=workspace_id, created_at=NOW, **fields)
        session.add(contact)
        session.flush()
        assert contact.id is not None
        return contact.id


def contact(engine: Engine, contact_id: int) -> Contact:
    with session_scope(engine) as session:
        row = session.get(Contact, contact_id)
        assert row is not None
        return row


# --- the workspace ----------------------------------------------------------------------


def test_a_new_workspace_has_defaults(engine: Engine) -> None:
    assert svc.default_workspace_id(engine) is None
    first = svc.create_workspace(engine, name="  Acme  ", now=NOW)
    svc.create_workspace(engine, name="Other", now=NOW)
    assert svc.default_workspace_id(engine) == first.id
    view = svc.get_workspace(engine, workspace_id=first.id)
    assert (view.name, view.timezone, view.settings) == ("Acme", "UTC", {})
    assert view.business_hours == WeekHours()  # Monday–Friday 09:00–17:00
    assert view.lifecycle_stages == view.closing_categories == ()


def test_unknown_workspace_is_not_found(engine: Engine) -> None:
    with pytest.raises(NotFound):
        svc.get_workspace(engine, workspace_id=404)
    with pytest.raises(NotFound):
        svc.add_tag(engine, workspace_id=404, label="VIP")


def test_rename_workspace(engine: Engine, ws: int) -> None:
    assert svc.rename_workspace(engine, workspace_id=ws, name="Acme Ltd").name == "Acme Ltd"
    with refused(engine, ws, "Give the workspace a name"):
        svc.rename_workspace(engine, workspace_id=ws, name="   ")
    with refused(engine, ws, "limit is 100"):
        svc.rename_workspace(engine, workspace_id=ws, name="x" * 101)


def test_timezone(engine: Engine, ws: int) -> None:
    view = svc.set_timezone(engine, workspace_id=ws, timezone="Europe/London")
    assert view.timezone == "Europe/London"
    for bad in ("Mars/Olympus", "", "europe/london", "../etc/passwd"):
        with refused(engine, ws, "not a known timezone"):
            svc.set_timezone(engine, workspace_id=ws, timezone=bad)


def test_business_hours(engine: Engine, ws: int) -> None:
    view = svc.set_business_hours(
        engine,
        workspace_id=ws,
        hours={
            "monday": [{"start": "08:00", "end": "12:00"}, {"start": "13:00", "end": "24:00"}],
            "saturday": [{"start": "10:00", "end": "14:00"}],
        },
    )
    hours = view.business_hours
    assert hours.monday == (
        TimeRange(start="08:00", end="12:00"),
        TimeRange(start="13:00", end="24:00"),
    )
    assert hours.saturday == (TimeRange(start="10:00", end="14:00"),)
    assert hours.tuesday == hours.sunday == ()  # a day left out is closed
    assert svc.get_workspace(engine, workspace_id=ws).business_hours == hours
    week = WeekHours(saturday=NINE_TO_FIVE)
    assert svc.set_business_hours(engine, workspace_id=ws, hours=week).business_hours == week


@pytest.mark.parametrize(
    ("hours", "match"),
    [
        ({"monday": [{"start": "17:00", "end": "09:00"}]}, r"Monday, range 1: the end \(09:00\)"),
        (
            {"friday": [{"start": "9am", "end": "17:00"}]},
            "Friday, range 1: the start must be HH:MM",
        ),
        ({}, "Set opening hours for at least one day"),
        ({"funday": [{"start": "09:00", "end": "17:00"}]}, "monday … sunday"),
        ({"monday": "all day"}, "monday … sunday"),
    ],
)
def test_bad_business_hours_are_refused(
    engine: Engine, ws: int, hours: dict[str, Any], match: str
) -> None:
    with refused(engine, ws, match):
        svc.set_business_hours(engine, workspace_id=ws, hours=hours)


# --- users ------------------------------------------------------------------------------


def test_users(engine: Engine, ws: int) -> None:
    alice = svc.add_user(engine, workspace_id=ws, name=" Alice Adams ", email="Alice@Acme.TEST")
    assert alice == svc.UserView(
        "alice-adams", "Alice Adams", "alice@acme.test", "agent", restricted=False, online=False
    )
    twin = svc.add_user(
        engine,
        workspace_id=ws,
        name="Alice Adams",
        email="a2@acme.test",
        role="manager",
        restricted=True,
        online=True,
    )
    assert (twin.key, twin.role, twin.restricted, twin.online) == (
        "alice-adams-2",
        "manager",
        True,
        True,
    )
    changed = svc.update_user(
        engine, workspace_id=ws, key="alice-adams", name="Alice A.", online=True, role="manager"
    )
    assert (changed.key, changed.name, changed.online, changed.role) == (
        "alice-adams",
        "Alice A.",
        True,
        "manager",
    )
    assert svc.update_user(engine, workspace_id=ws, key="alice-adams", email="ALICE@acme.test")
    svc.remove_user(engine, workspace_id=ws, key="alice-adams-2")
    users = svc.workspace_choices(engine, workspace_id=ws).users
    assert [u.key for u in users] == ["alice-adams", "olivia-owner"]


@pytest.mark.parametrize(
    ("fields", "match"),
    [
        ({"email": "olivia@acme.test"}, "already exists"),
        ({"email": " OLIVIA@acme.test "}, "already exists"),
        ({"email": "not-an-email"}, "not an email address"),
        ({"email": ""}, "not an email address"),
        ({"role": "admin"}, '"admin" is not a role: choose owner, manager, agent'),
        ({"name": " "}, "Give the user a name"),
    ],
)
def test_bad_users_are_refused(engine: Engine, ws: int, fields: dict[str, str], match: str) -> None:
    new = {"name": "Ben", "email": "ben@acme.test", **fields}
    with refused(engine, ws, match):
        svc.add_user(engine, workspace_id=ws, **new)
    svc.add_user(engine, workspace_id=ws, name="Ben", email="ben@acme.test")
    with refused(engine, ws, match):
        svc.update_user(engine, workspace_id=ws, key="ben", **fields)


def test_an_email_is_unique_across_workspaces(engine: Engine, ws: int) -> None:
    other = svc.create_workspace(engine, name="Other", now=NOW).id
    with refused(engine, other, "already exists"):
        svc.add_user(engine, workspace_id=other, name="Olivia", email="olivia@acme.test")


def test_the_last_owner_stays(engine: Engine, ws: int) -> None:
    with refused(engine, ws, "only owner"):
        svc.update_user(engine, workspace_id=ws, key="olivia-owner", role="agent")
    with refused(engine, ws, "only owner"):
        svc.remove_user(engine, workspace_id=ws, key="olivia-owner")
    svc.add_user(engine, workspace_id=ws, name="Oscar", email="oscar@acme.test", role="owner")
    svc.update_user(engine, workspace_id=ws, key="olivia-owner", role="agent")
    with refused(engine, ws, "only owner"):
        svc.remove_user(engine, workspace_id=ws, key="oscar")


def test_removing_a_user_unassigns_their_contacts(engine: Engine, ws: int) -> None:
    svc.add_user(engine, workspace_id=ws, name="Ben", email="ben@acme.test")
    svc.add_team(engine, workspace_id=ws, name="Support", members=["ben", "olivia-owner"])
    with session_scope(engine) as session:
        ben = repo.get_by_key(session=session, table=User, workspace_id=ws, key="ben")
        assert ben is not None
        ben_id = ben.id
    person = add_contact(engine, ws, assignee_user_id=ben_id)
    svc.remove_user(engine, workspace_id=ws, key="ben")
    assert contact(engine, person).assignee_user_id is None
    assert svc.workspace_choices(engine, workspace_id=ws).teams[0].members == ("olivia-owner",)
    with pytest.raises(NotFound):
        svc.update_user(engine, workspace_id=ws, key="ben", online=True)


# --- teams ------------------------------------------------------------------------------


def test_teams(engine: Engine, ws: int) -> None:
    svc.add_user(engine, workspace_id=ws, name="Ben", email="ben@acme.test")
    sales = svc.add_team(engine, workspace_id=ws, name="Sales", members=["ben", "olivia-owner"])
    assert (sales.key, sales.name, sales.members, sales.member_count) == (
        "sales",
        "Sales",
        ("olivia-owner", "ben"),
        2,
    )
    assert svc.add_team(engine, workspace_id=ws, name="Night shift").member_count == 0
    renamed = svc.update_team(
        engine, workspace_id=ws, key="sales", name="Sales EU", members=["ben"]
    )
    assert (renamed.key, renamed.name, renamed.members) == ("sales", "Sales EU", ("ben",))
    assert svc.update_team(engine, workspace_id=ws, key="sales", members=[]).member_count == 0
    svc.remove_team(engine, workspace_id=ws, key="night-shift")
    teams = svc.workspace_choices(engine, workspace_id=ws).teams
    assert [(t.key, t.member_count) for t in teams] == [("sales", 0)]
    with session_scope(engine) as session:
        assert session.exec(select(Team).where(Team.key == "night-shift")).first() is None
        assert session.exec(select(TeamMember)).all() == []


def test_bad_teams_are_refused(engine: Engine, ws: int) -> None:
    svc.add_team(engine, workspace_id=ws, name="Sales")
    with refused(engine, ws, 'A team named "Sales" already exists'):
        svc.add_team(engine, workspace_id=ws, name="sales ")
    with refused(engine, ws, "do not exist .any more.: ghost"):
        svc.add_team(engine, workspace_id=ws, name="Support", members=["olivia-owner", "ghost"])
    with refused(engine, ws, "do not exist"):
        svc.update_team(engine, workspace_id=ws, key="sales", name="Sales 2", members=["ghost"])
    with refused(engine, ws, "Give the team a name"):
        svc.update_team(engine, workspace_id=ws, key="sales", name="")
    with pytest.raises(NotFound):
        svc.remove_team(engine, workspace_id=ws, key="support")


# --- channels ---------------------------------------------------------------------------


def test_channels(engine: Engine, ws: int) -> None:
    web = svc.add_channel(engine, workspace_id=ws, kind="web_chat", name="Web chat")
    custom = svc.add_channel(engine, workspace_id=ws, kind="custom_channel", name="My CRM")
    hooked = svc.add_channel(
        engine,
        workspace_id=ws,
        kind="custom_channel",
        name="Web-chat!",
        config={"outbound_url": "https://crm.example.com/hook", "retries": 3},
    )
    assert (web.key, web.kind, web.name, web.config) == ("web-chat", "web_chat", "Web chat", {})
    assert (custom.key, custom.config) == ("my-crm", {"outbound_url": ""})
    assert hooked.key == "web-chat-2"  # a slug already taken gets a number
    assert hooked.config == {"outbound_url": "https://crm.example.com/hook", "retries": 3}
    tokens = {web.secret_token, custom.secret_token, hooked.secret_token}
    assert len(tokens) == 3 and all(len(token) >= 24 for token in tokens)

    updated = svc.update_channel(
        engine,
        workspace_id=ws,
        key="my-crm",
        name="CRM",
        config={"outbound_url": "http://crm.local/in"},
        renew_token=True,
    )
    assert (updated.key, updated.name, updated.config) == (
        "my-crm",
        "CRM",
        {"outbound_url": "http://crm.local/in"},
    )
    assert updated.secret_token != custom.secret_token
    svc.remove_channel(engine, workspace_id=ws, key="web-chat-2")
    listed = svc.list_channels(engine, workspace_id=ws)
    assert [(c.key, c.name) for c in listed] == [("my-crm", "CRM"), ("web-chat", "Web chat")]
    choices = svc.workspace_choices(engine, workspace_id=ws).channels
    assert choices == (
        svc.ChannelChoice("my-crm", "CRM", "custom_channel"),
        svc.ChannelChoice("web-chat", "Web chat", "web_chat"),
    )


def test_bad_channels_are_refused(engine: Engine, ws: int) -> None:
    svc.add_channel(engine, workspace_id=ws, kind="custom_channel", name="CRM")
    with refused(engine, ws, '"pigeon" is not a channel kind: choose web_chat, custom_channel'):
        svc.add_channel(engine, workspace_id=ws, kind="pigeon", name="Pigeon post")
    with refused(engine, ws, 'A channel named "CRM" already exists'):
        svc.add_channel(engine, workspace_id=ws, kind="sms", name="crm")
    with refused(engine, ws, "must start with http"):
        svc.add_channel(
            engine,
            workspace_id=ws,
            kind="custom_channel",
            name="Bad",
            config={"outbound_url": "ftp://x"},
        )
    with refused(engine, ws, "must start with http"):
        svc.update_channel(engine, workspace_id=ws, key="crm", config={"outbound_url": "crm"})
    with refused(engine, ws, "plain text"):
        svc.update_channel(engine, workspace_id=ws, key="crm", config={"when": NOW})
    with refused(engine, ws, "Give the channel a name"):
        svc.update_channel(engine, workspace_id=ws, key="crm", name=" ")
    with pytest.raises(NotFound):
        svc.remove_channel(engine, workspace_id=ws, key="web")


# --- contact fields ---------------------------------------------------------------------


def test_contact_fields(engine: Engine, ws: int) -> None:
    count = svc.add_field(engine, workspace_id=ws, label="Order count", type="number")
    assert count == svc.FieldView("order_count", "Order count", "number")
    assert svc.add_field(engine, workspace_id=ws, label="Société").key == "societe"
    assert svc.add_field(engine, workspace_id=ws, label="Order-count?", type="text").key == (
        "order_count_2"
    )
    renamed = svc.rename_field(engine, workspace_id=ws, key="order_count", label="Orders")
    assert (renamed.key, renamed.label, renamed.type) == ("order_count", "Orders", "number")
    person = add_contact(engine, ws, custom_fields={"order_count": 3, "societe": "Acme"})
    svc.remove_field(engine, workspace_id=ws, key="order_count")
    assert contact(engine, person).custom_fields == {"societe": "Acme"}
    fields = svc.workspace_choices(engine, workspace_id=ws).fields
    assert [f.key for f in fields if not f.standard] == ["order_count_2", "societe"]


@pytest.mark.parametrize(
    ("label", "field_type", "match"),
    [
        ("Email", "text", '"Email" is a standard field'),
        ("first name", "text", "standard field"),
        ("Phone", "phone", "standard field"),
        ("bot status", "checkbox", "standard field"),
        ("Name", "text", r"would clash with \$contact.name"),
        ("ID", "number", r"would clash with \$contact.id"),
        ("Plan", "colour", '"colour" is not a field type: choose text, number'),
        ("plan ", "list", 'A field named "Plan" already exists'),
        ("", "text", "Give the field a name"),
    ],
)
def test_bad_contact_fields_are_refused(
    engine: Engine, ws: int, label: str, field_type: str, match: str
) -> None:
    svc.add_field(engine, workspace_id=ws, label="Plan", type="list")
    with refused(engine, ws, match):
        svc.add_field(engine, workspace_id=ws, label=label, type=field_type)


def test_renaming_fields(engine: Engine, ws: int) -> None:
    svc.add_field(engine, workspace_id=ws, label="Plan")
    with refused(engine, ws, "standard field"):
        svc.remove_field(engine, workspace_id=ws, key="email")
    with pytest.raises(NotFound):
        svc.rename_field(engine, workspace_id=ws, key="firstname", label="Given name")
    svc.add_field(engine, workspace_id=ws, label="Tier")
    with refused(engine, ws, '"Phone Number" is a standard field'):
        svc.rename_field(engine, workspace_id=ws, key="tier", label="Phone Number")
    with refused(engine, ws, 'A field named "Plan" already exists'):
        svc.rename_field(engine, workspace_id=ws, key="tier", label=" PLAN")
    assert svc.rename_field(engine, workspace_id=ws, key="plan", label="PLAN").label == "PLAN"


# --- tags, lifecycle stages, closing categories -----------------------------------------


def test_tags(engine: Engine, ws: int) -> None:
    assert svc.add_tag(engine, workspace_id=ws, label="Needs follow-up") == svc.Option(
        "needs-follow-up", "Needs follow-up"
    )
    svc.add_tag(engine, workspace_id=ws, label="VIP")
    assert svc.rename_tag(engine, workspace_id=ws, key="vip", label="Very important") == (
        svc.Option("vip", "Very important")
    )
    person = add_contact(engine, ws, tags=["vip", "needs-follow-up"])
    svc.remove_tag(engine, workspace_id=ws, key="needs-follow-up")
    assert contact(engine, person).tags == ["vip"]
    assert svc.workspace_choices(engine, workspace_id=ws).tags == (
        svc.Option("vip", "Very important"),
    )


def test_bad_tags_are_refused(engine: Engine, ws: int) -> None:
    svc.add_tag(engine, workspace_id=ws, label="VIP")
    svc.add_tag(engine, workspace_id=ws, label="Lead")
    with refused(engine, ws, 'A tag named "VIP" already exists'):
        svc.add_tag(engine, workspace_id=ws, label="vip")
    with refused(engine, ws, 'A tag named "VIP" already exists'):
        svc.rename_tag(engine, workspace_id=ws, key="lead", label="Vip")
    with refused(engine, ws, "Give the tag a name"):
        svc.add_tag(engine, workspace_id=ws, label="")
    with pytest.raises(NotFound):
        svc.remove_tag(engine, workspace_id=ws, key="spam")


Add = Callable[..., svc.Option]


@pytest.mark.parametrize(
    ("add", "rename", "remove", "what"),
    [
        (
            svc.add_lifecycle_stage,
            svc.rename_lifecycle_stage,
            svc.remove_lifecycle_stage,
            "lifecycle stage",
        ),
        (
            svc.add_closing_category,
            svc.rename_closing_category,
            svc.remove_closing_category,
            "closing category",
        ),
    ],
)
def test_stages_and_categories(
    engine: Engine, ws: int, add: Add, rename: Add, remove: Callable[..., None], what: str
) -> None:
    assert add(engine, workspace_id=ws, label="New lead") == svc.Option("new-lead", "New lead")
    add(engine, workspace_id=ws, label="Customer")
    add(engine, workspace_id=ws, label="Churned")
    assert rename(engine, workspace_id=ws, key="customer", label="Client") == svc.Option(
        "customer", "Client"
    )
    with refused(engine, ws, f'A {what} named "Client" already exists'):
        add(engine, workspace_id=ws, label="client")
    with refused(engine, ws, f'A {what} named "Churned" already exists'):
        rename(engine, workspace_id=ws, key="customer", label="CHURNED")
    with refused(engine, ws, f"Give the {what} a name"):
        add(engine, workspace_id=ws, label="  ")
    with pytest.raises(NotFound):
        rename(engine, workspace_id=ws, key="lost", label="Lost")
    with pytest.raises(NotFound):
        remove(engine, workspace_id=ws, key="lost")
    remove(engine, workspace_id=ws, key="new-lead")
    view = svc.get_workspace(engine, workspace_id=ws)
    listed = view.lifecycle_stages if what == "lifecycle stage" else view.closing_categories
    assert listed == (svc.Option("customer", "Client"), svc.Option("churned", "Churned"))


def test_removing_a_stage_clears_it_but_closed_conversations_keep_their_category(
    engine: Engine, ws: int
) -> None:
    svc.add_lifecycle_stage(engine, workspace_id=ws, label="Lead")
    svc.add_lifecycle_stage(engine, workspace_id=ws, label="Customer")
    svc.add_closing_category(engine, workspace_id=ws, label="Resolved")
    lead = add_contact(engine, ws, lifecycle_stage="lead")
    customer = add_contact(engine, ws, lifecycle_stage="customer")
    with session_scope(engine) as session:
        session.add(
            Conversation(
                workspace_id=ws,
                contact_id=lead,
                status="closed",
                opened_by_source="contact",
                opened_at=NOW,
                closed_at=NOW,
                closing_category="resolved",
            )
        )
    svc.remove_lifecycle_stage(engine, workspace_id=ws, key="lead")
    svc.remove_closing_category(engine, workspace_id=ws, key="resolved")
    assert contact(engine, lead).lifecycle_stage is None
    assert contact(engine, customer).lifecycle_stage == "customer"
    with session_scope(engine) as session:
        assert [c.closing_category for c in session.exec(select(Conversation))] == ["resolved"]


# --- what the builder sees --------------------------------------------------------------


def test_workspace_choices(engine: Engine, ws: int) -> None:
    svc.add_user(engine, workspace_id=ws, name="ben", email="ben@acme.test", online=True)
    svc.add_team(engine, workspace_id=ws, name="Support", members=["ben"])
    svc.add_team(engine, workspace_id=ws, name="Billing", members=["ben", "olivia-owner"])
    svc.add_channel(engine, workspace_id=ws, kind="whatsapp", name="WhatsApp")
    svc.add_field(engine, workspace_id=ws, label="Plan", type="list")
    svc.add_field(engine, workspace_id=ws, label="Birthday", type="date")
    svc.add_tag(engine, workspace_id=ws, label="VIP")
    svc.add_lifecycle_stage(engine, workspace_id=ws, label="Lead")
    svc.add_closing_category(engine, workspace_id=ws, label="Resolved")
    for name, trigger in [("Follow up", manual()), ("Welcome", opened()), ("Empty", None)]:
        created = workflows.create_workflow(
            engine, workspace_id=ws, actor_id=None, name=name, now=NOW
        )
        if trigger is not None:
            definition = flow(name, trigger, send())
            workflows.save_draft(
                engine, workflow_id=created.id, definition=definition, expected_revision=1
            )
    with session_scope(engine) as session:
        session.add(SheetCredential(workspace_id=ws, key="gsheets", name="Google Sheets"))

    choices = svc.workspace_choices(engine, workspace_id=ws)
    assert choices.channels == (svc.ChannelChoice("whatsapp", "WhatsApp", "whatsapp"),)
    assert choices.users == (
        svc.UserView("ben", "ben", "ben@acme.test", "agent", restricted=False, online=True),
        svc.UserView("olivia-owner", "Olivia Owner", "olivia@acme.test", "owner", False, False),
    )
    assert [(t.name, t.member_count) for t in choices.teams] == [("Billing", 2), ("Support", 1)]
    assert [(f.key, f.label, f.type) for f in choices.fields] == [
        ("firstname", "First Name", "text"),
        ("lastname", "Last Name", "text"),
        ("email", "Email", "email"),
        ("phone", "Phone Number", "phone"),
        ("country", "Country", "text"),
        ("language", "Language", "text"),
        ("bot_status", "Bot Status", "checkbox"),
        ("birthday", "Birthday", "date"),
        ("plan", "Plan", "list"),
    ]
    assert [f.standard for f in choices.fields] == [True] * 7 + [False] * 2
    assert choices.tags == (svc.Option("vip", "VIP"),)
    assert choices.lifecycle_stages == (svc.Option("lead", "Lead"),)
    assert choices.closing_categories == (svc.Option("resolved", "Resolved"),)
    assert [(w.name, w.trigger_kind) for w in choices.workflows] == [
        ("Empty", ""),
        ("Follow up", "manual"),
        ("Welcome", "conversation_opened"),
    ]
    assert [w.key for w in choices.manual_workflows] == ["follow-up"]
    assert choices.sheet_credentials == (svc.Option("gsheets", "Google Sheets"),)
    assert_choices_match_refs(engine, ws)


def test_removing_a_referenced_tag_leaves_a_configuration_error(engine: Engine, ws: int) -> None:
    svc.add_tag(engine, workspace_id=ws, label="Lead")
    created = workflows.create_workflow(
        engine, workspace_id=ws, actor_id=None, name="Tagger", now=NOW
    )
    tagging = step("tag", "update_contact_tag", {"action": "add", "tags": ["lead"]})
    definition = flow("Tagger", opened(), tagging)
    workflows.save_draft(engine, workflow_id=created.id, definition=definition, expected_revision=1)
    svc.remove_tag(engine, workspace_id=ws, key="lead")
    _view, draft = workflows.get_draft(engine, workflow_id=created.id)
    issues = validate(draft, svc.workspace_refs(engine, workspace_id=ws))
    assert [(i.code, i.step_id) for i in issues] == [(Code.UNKNOWN_REFERENCE, "tag")]


def _user_id(engine: Engine, workspace_id: int, key: str) -> int:
    with session_scope(engine) as session:
        user = repo.get_by_key(session=session, table=User, workspace_id=workspace_id, key=key)
        assert user is not None
        return user.id or 0


def test_nobody_removes_themselves(engine: Engine, ws: int) -> None:
    svc.add_user(engine, workspace_id=ws, name="Oscar", email="oscar@acme.test", role="owner")
    oscar = _user_id(engine, ws, "oscar")
    with refused(engine, ws, "cannot remove yourself"):
        svc.remove_user(engine, workspace_id=ws, key="oscar", actor_id=oscar)
    svc.remove_user(engine, workspace_id=ws, key="olivia-owner", actor_id=oscar)


def test_a_removed_user_is_signed_out_everywhere(engine: Engine, ws: int) -> None:
    svc.add_user(engine, workspace_id=ws, name="Ben", email="ben@acme.test")
    auth.set_password(engine, email="ben@acme.test", password="a long password 1")
    token = auth.sign_in(engine, email="ben@acme.test", password="a long password 1").token
    assert auth.signed_in_user(engine, token=token) is not None
    svc.remove_user(
        engine, workspace_id=ws, key="ben", actor_id=_user_id(engine, ws, "olivia-owner")
    )
    assert auth.signed_in_user(engine, token=token) is None
