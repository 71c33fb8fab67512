"""Prepared statements (store/prepared.py) behave like SQLAlchemy's own execution of the
same statement: same stored values, same values read back (types included), literals and
Python-side column defaults applied, only the given columns written, driver errors raised
as SQLAlchemy's, engine listeners told of every statement. SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy import Engine, bindparam, event, exc, insert, select, update
from sqlmodel import select as orm_select

from tests.store import factories as f
from wfstudio.store.db import session_scope
from wfstudio.store.prepared import Prepared
from wfstudio.store.tables import Contact, Message, Tag

contacts: Any = Contact.__table__  # type: ignore[attr-defined]
messages: Any = Message.__table__  # type: ignore[attr-defined]
tags: Any = Tag.__table__  # type: ignore[attr-defined]

INSERT_CONTACT = Prepared(insert(contacts).returning(contacts.c.id))
READ_CONTACT = select(contacts).where(contacts.c.id == bindparam("id"))
UPDATE_CONTACT = Prepared(update(contacts).where(contacts.c.id == bindparam("row_id")))
AT = datetime(2026, 3, 1, 12, 30, 15, 123456, tzinfo=UTC)


@pytest.fixture
def workspace_id(engine: Engine) -> int:
    with session_scope(engine) as session:
        return f.workspace(session).id or 0


def _new_contact(engine: Engine, workspace_id: int, **values: Any) -> int:
    with engine.begin() as connection:
        row = {"workspace_id": workspace_id, "created_at": AT, **values}
        return int(INSERT_CONTACT.execute(connection, row).scalar_one())


def test_values_written_and_read_are_those_of_sqlalchemy(engine: Engine, workspace_id: int) -> None:
    contact_id = _new_contact(
        engine,
        workspace_id,
        firstname="Ada",
        bot_status=True,
        custom_fields={"plan": "gold", "seats": 3},
        tags=["vip", "new"],
        external_ids={"web": "w-1"},
    )
    with engine.begin() as connection:
        ours = Prepared(READ_CONTACT).execute(connection, {"id": contact_id}).all()
        theirs = [tuple(row) for row in connection.execute(READ_CONTACT, {"id": contact_id})]
    assert ours == theirs
    (row,) = ours
    assert [type(value) for value in row] == [type(value) for value in theirs[0]]
    with session_scope(engine) as session:  # the ORM reads what was written
        contact = session.get(Contact, contact_id)
        assert contact is not None
        assert contact.created_at == AT and contact.created_at.tzinfo is not None
        assert contact.bot_status is True
        assert contact.custom_fields == {"plan": "gold", "seats": 3}
        assert contact.tags == ["vip", "new"]


def test_an_update_writes_only_the_given_columns_and_counts_rows(
    engine: Engine, workspace_id: int
) -> None:
    contact_id = _new_contact(engine, workspace_id, firstname="Ada", lastname="Lovelace")
    with engine.begin() as connection:
        result = UPDATE_CONTACT.execute(connection, {"row_id": contact_id, "firstname": "Grace"})
        missing = UPDATE_CONTACT.execute(connection, {"row_id": contact_id + 99, "lastname": "X"})
    assert (result.rowcount, missing.rowcount) == (1, 0)
    with session_scope(engine) as session:
        contact = session.get(Contact, contact_id)
        assert contact is not None
        assert (contact.firstname, contact.lastname) == ("Grace", "Lovelace")


def test_literals_of_the_statement_are_bound(engine: Engine, workspace_id: int) -> None:
    contact_id = _new_contact(engine, workspace_id, lastname="Lovelace")
    only_live = Prepared(
        update(contacts)
        .where(contacts.c.id == bindparam("row_id"), contacts.c.is_test.is_(False))
        .where(contacts.c.lastname == "Lovelace")
    )
    with engine.begin() as connection:
        first = only_live.execute(connection, {"row_id": contact_id, "lastname": "Byron"})
        second = only_live.execute(connection, {"row_id": contact_id, "lastname": "Again"})
    assert (first.rowcount, second.rowcount) == (1, 0)


def test_python_side_defaults_are_made_per_row(engine: Engine, workspace_id: int) -> None:
    contact_id = _new_contact(engine, workspace_id)
    rows = [
        {"contact_id": contact_id, "direction": "in", "author_kind": "contact", "text": text}
        | {"created_at": AT + timedelta(seconds=number)}
        for number, text in enumerate(("hi", "there", "again"))
    ]
    with engine.begin() as connection:
        Prepared(insert(messages)).execute_many(connection, rows)
        Prepared(insert(messages)).execute_many(  # rows with different keys
            connection,
            [{**rows[0], "text": "own payload", "payload": {"a": 1}}, rows[1]],
        )
    with session_scope(engine) as session:
        stored = session.exec(orm_select(Message).order_by(messages.c.id)).all()
        assert [(m.text, m.payload) for m in stored] == [
            ("hi", {}),
            ("there", {}),
            ("again", {}),
            ("own payload", {"a": 1}),
            ("there", {}),
        ]
        assert stored[1].created_at == AT + timedelta(seconds=1)


def test_a_driver_error_is_raised_as_sqlalchemys(engine: Engine, workspace_id: int) -> None:
    add_tag = Prepared(insert(tags))
    with engine.begin() as connection:
        add_tag.execute(connection, {"workspace_id": workspace_id, "key": "vip", "label": "VIP"})
    with pytest.raises(exc.IntegrityError), engine.begin() as connection:
        add_tag.execute(connection, {"workspace_id": workspace_id, "key": "vip", "label": "Again"})
    with engine.begin() as connection:
        assert connection.execute(select(tags.c.label)).scalars().all() == ["VIP"]


def test_a_naive_timestamp_is_refused_and_nothing_written(
    engine: Engine, workspace_id: int
) -> None:
    with pytest.raises(ValueError, match="naive datetime"):
        _new_contact(engine, workspace_id, created_at=datetime(2026, 3, 1, 12, 0))
    with engine.begin() as connection:
        assert connection.execute(select(contacts.c.id)).all() == []


def test_engine_listeners_see_every_statement(engine: Engine, workspace_id: int) -> None:
    seen: list[tuple[str, str]] = []
    event.listen(engine, "before_cursor_execute", lambda *a: seen.append(("before", a[2])))
    event.listen(engine, "after_cursor_execute", lambda *a: seen.append(("after", a[2])))
    _new_contact(engine, workspace_id)
    inserts = [when for when, sql in seen if sql.startswith("INSERT INTO contacts")]
    assert inserts == ["before", "after"]


def test_statements_rendered_per_execution_are_refused(engine: Engine) -> None:
    by_ids = Prepared(select(contacts.c.id).where(contacts.c.id.in_(bindparam("ids"))))
    with pytest.raises(ValueError, match="rendered per execution"), engine.begin() as connection:
        by_ids.execute(connection, {"ids": [1, 2]})


def test_a_missing_parameter_is_refused(engine: Engine) -> None:
    with pytest.raises(ValueError, match="'id' is required"), engine.begin() as connection:
        Prepared(READ_CONTACT).execute(connection, {})


def test_timestamps_are_stored_as_utc_text_on_sqlite(engine: Engine, workspace_id: int) -> None:
    if engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL keeps timestamptz")
    in_paris = datetime(2026, 3, 1, 13, 30, 15, 123456, tzinfo=timezone(timedelta(hours=1)))
    contact_id = _new_contact(engine, workspace_id, created_at=in_paris)
    with engine.begin() as connection:
        stored = connection.exec_driver_sql("SELECT created_at FROM contacts").scalar_one()
        # a value written by hand, without microseconds, reads back too
        connection.exec_driver_sql("UPDATE contacts SET created_at = '2026-03-02 08:00:00'")
        read = Prepared(READ_CONTACT).execute(connection, {"id": contact_id}).first()
    assert stored == "2026-03-01 12:30:15.123456"
    assert read is not None and read[contacts.c.keys().index("created_at")] == datetime(
        2026, 3, 2, 8, tzinfo=UTC
    )
