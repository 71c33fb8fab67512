"""Workspace repository: refs for validation, lookups by key, assignment helpers."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from tests.store import factories as f
from wfstudio.domain.refs import STANDARD_FIELDS
from wfstudio.store import repo
from wfstudio.store.tables import (
    Channel,
    ContactField,
    Conversation,
    SheetCredential,
    Tag,
    Team,
    User,
    Workspace,
)


def _user(session: Session, ws: Workspace, key: str, *, online: bool = False) -> User:
    assert ws.id is not None
    user = User(
        workspace_id=ws.id, key=key, name=key.title(), email=f"{key}@{ws.name}.test", online=online
    )
    session.add(user)
    session.flush()
    return user


def _populate(session: Session) -> Workspace:
    ws = f.workspace(
        session,
        lifecycle_stages=[
            {"key": "lead", "label": "Lead"},
            {"key": "customer", "label": "Customer"},
        ],
        closing_categories=[{"key": "resolved", "label": "Resolved"}, "spam"],
    )
    assert ws.id is not None
    session.add(
        Channel(workspace_id=ws.id, key="site", kind="web_chat", name="Site", secret_token="t1")
    )
    session.add(
        Channel(workspace_id=ws.id, key="wa", kind="whatsapp", name="WhatsApp", secret_token="t2")
    )
    _user(session, ws, "ann")
    _user(session, ws, "bob")
    session.add(Team(workspace_id=ws.id, key="support", name="Support"))
    session.add(Tag(workspace_id=ws.id, key="vip", label="VIP"))
    session.add(ContactField(workspace_id=ws.id, key="plan", label="Plan", type="list"))
    session.add(ContactField(workspace_id=ws.id, key="odd", label="Odd", type="colour"))
    session.add(SheetCredential(workspace_id=ws.id, key="gsheets", name="Sheets"))
    f.workflow(session, ws, "Follow up", key="follow_up", trigger_kind="manual")
    f.workflow(session, ws, "Empty", key="empty", trigger_kind=None)
    # Another workspace's data must not leak in.
    other = f.workspace(session, "Other")
    assert other.id is not None
    session.add(Tag(workspace_id=other.id, key="elsewhere", label="Elsewhere"))
    f.workflow(session, other, "Theirs", key="theirs")
    session.flush()
    return ws


def test_workspace_refs_lists_everything_a_definition_can_refer_to(session: Session) -> None:
    ws = _populate(session)
    assert ws.id is not None
    refs = repo.workspace_refs(session=session, workspace_id=ws.id)
    assert refs.known
    assert dict(refs.channels) == {"site": "web_chat", "wa": "whatsapp"}
    assert refs.users == {"ann", "bob"}
    assert refs.teams == {"support"}
    assert refs.tags == {"vip"}
    assert dict(refs.fields) == {**STANDARD_FIELDS, "plan": "list"}
    assert refs.lifecycle_stages == {"lead", "customer"}
    assert refs.closing_categories == {"resolved", "spam"}
    assert dict(refs.workflows) == {"follow_up": "manual", "empty": ""}
    assert refs.sheet_credentials == {"gsheets"}
    assert refs.has("tag", "vip") and not refs.has("tag", "elsewhere")


def test_workspace_refs_of_a_missing_workspace(session: Session) -> None:
    with pytest.raises(LookupError):
        repo.workspace_refs(session=session, workspace_id=404)


def test_get_by_key(session: Session) -> None:
    ws = _populate(session)
    assert ws.id is not None
    channel = repo.get_by_key(session=session, table=Channel, workspace_id=ws.id, key="wa")
    assert channel is not None and channel.kind == "whatsapp"
    assert repo.get_by_key(session=session, table=Tag, workspace_id=ws.id, key="elsewhere") is None


def test_open_contact_counts(session: Session) -> None:
    ws = f.workspace(session)
    ann, bob = _user(session, ws, "ann"), _user(session, ws, "bob")
    for index, (owner, status) in enumerate(
        [(ann, "open"), (ann, "open"), (ann, "closed"), (bob, "closed")]
    ):
        person = f.contact(session, ws, firstname=f"c{index}", assignee_user_id=owner.id)
        session.add(
            Conversation(
                workspace_id=ws.id,
                contact_id=person.id,
                status=status,
                opened_by_source="contact",
                opened_at=f.NOW,
            )
        )  # type: ignore[arg-type]
    session.flush()
    assert ann.id is not None and bob.id is not None
    assert repo.open_contact_counts(session=session, user_ids=[ann.id, bob.id]) == {
        ann.id: 2,
        bob.id: 0,
    }
    assert repo.open_contact_counts(session=session, user_ids=[]) == {}


def test_find_contact_by_id_email_or_phone(session: Session) -> None:
    ws = f.workspace(session)
    other = f.workspace(session, "Other")
    assert ws.id is not None
    f.contact(session, other, email="ann@example.com")
    ann = f.contact(session, ws, email="Ann@Example.com", phone="+33612345678")
    assert (
        repo.find_contact(
            session=session, workspace_id=ws.id, by="email", value=" ann@example.COM "
        )
        is ann
    )
    assert (
        repo.find_contact(session=session, workspace_id=ws.id, by="phone", value="+33612345678")
        is ann
    )
    assert repo.find_contact(session=session, workspace_id=ws.id, by="id", value=str(ann.id)) is ann
    assert repo.find_contact(session=session, workspace_id=ws.id, by="id", value="ann") is None
    assert repo.find_contact(session=session, workspace_id=ws.id, by="phone", value="+1") is None


def test_open_conversation(session: Session) -> None:
    ws = f.workspace(session)
    person = f.contact(session, ws)
    assert person.id is not None
    assert repo.open_conversation(session=session, contact_id=person.id) is None
    convo = Conversation(
        workspace_id=ws.id, contact_id=person.id, opened_by_source="api", opened_at=f.NOW
    )  # type: ignore[arg-type]
    session.add(convo)
    session.flush()
    assert repo.open_conversation(session=session, contact_id=person.id) is convo
