"""contact_identities follows contacts.external_ids whoever writes them (the triggers of
migration 0008), and finding a contact by its channel id reads it (SQLite, and
PostgreSQL with WFSTUDIO_TEST_POSTGRES=1)."""

from __future__ import annotations

from alembic import command
from sqlalchemy import Engine, text, update
from sqlmodel import select

from tests.store import factories as f
from wfstudio.store import repo_hot_inbound
from wfstudio.store.db import alembic_config, migrate, session_scope
from wfstudio.store.tables import Contact, ContactIdentity


def _identities(engine: Engine) -> set[tuple[int, str, str, int]]:
    with session_scope(engine) as session:
        rows = session.exec(select(ContactIdentity)).all()
        return {(r.workspace_id, r.channel_key, r.external_id, r.contact_id) for r in rows}


def test_inserts_updates_and_deletes_of_contacts_keep_the_index(engine: Engine) -> None:
    with session_scope(engine) as session:
        acme = f.workspace(session)
        ada = f.contact(session, acme, external_ids={"web": "u-1", "shop": 42, "none": None})
        bob = f.contact(session, acme)  # no external ids
        ids = (acme.id or 0, ada.id or 0, bob.id or 0)
    workspace_id, ada_id, bob_id = ids
    assert _identities(engine) == {
        (workspace_id, "web", "u-1", ada_id),
        (workspace_id, "shop", "42", ada_id),  # a number is matched as its text
    }
    with session_scope(engine) as session:  # the ORM
        row = session.get(Contact, ada_id)
        assert row is not None
        row.external_ids = {"web": "u-2"}
        session.add(row)
    with session_scope(engine) as session:  # Core, as the hot path writes
        session.execute(
            update(Contact).where(Contact.id == bob_id).values(external_ids={"web": "b-1"})
        )
    assert _identities(engine) == {
        (workspace_id, "web", "u-2", ada_id),
        (workspace_id, "web", "b-1", bob_id),
    }
    with session_scope(engine) as session:
        session.execute(text("DELETE FROM contacts WHERE id = :id"), {"id": ada_id})
    assert _identities(engine) == {(workspace_id, "web", "b-1", bob_id)}


def test_the_lookups_find_the_oldest_contact_of_the_workspace(engine: Engine) -> None:
    with session_scope(engine) as session:
        acme, other = f.workspace(session), f.workspace(session, "Other")
        oldest = f.contact(session, acme, firstname="Old", external_ids={"web": "same"})
        f.contact(session, acme, firstname="New", external_ids={"web": "same"})
        f.contact(session, other, firstname="Elsewhere", external_ids={"web": "mine"})
        acme_id, oldest_id = acme.id or 0, oldest.id or 0
    with session_scope(engine) as session:
        hot = repo_hot_inbound.contact_by_external_id(
            session=session, workspace_id=acme_id, channel_key="web", external_id="same"
        )
        assert hot is not None and hot.id == oldest_id and hot.firstname == "Old"
        for key, value in (("web", "mine"), ("shop", "same"), ("web", "nobody")):
            assert (
                repo_hot_inbound.contact_by_external_id(
                    session=session, workspace_id=acme_id, channel_key=key, external_id=value
                )
                is None
            )


def test_upgrading_fills_the_index_from_existing_contacts(engine: Engine) -> None:
    with session_scope(engine) as session:
        acme = f.workspace(session)
        ada = f.contact(session, acme, external_ids={"web": "before-0008"})
        expected = (acme.id or 0, "web", "before-0008", ada.id or 0)
    with engine.begin() as connection:  # back to before the index: contacts stay
        command.downgrade(alembic_config(connection), "0007")
    with engine.begin() as connection:
        assert connection.execute(text("SELECT count(*) FROM contacts")).scalar_one() == 1
    migrate(engine)
    assert _identities(engine) == {expected}
