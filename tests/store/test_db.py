"""Engine and session setup: URLs, SQLite settings, transactions, timestamps."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from tests.store import factories as f
from wfstudio.store.db import database_url, make_engine, normalize_url, session_scope
from wfstudio.store.tables import User, Wake, Workspace


def test_database_url_defaults_to_sqlite_in_the_data_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("WFSTUDIO_DATA_DIR", str(tmp_path / "nested" / "data"))
    url = database_url()
    assert url == f"sqlite:///{tmp_path / 'nested' / 'data' / 'wfstudio.db'}"
    assert (tmp_path / "nested" / "data").is_dir()


def test_database_url_default_data_dir_is_relative(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("WFSTUDIO_DATA_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    assert database_url() == f"sqlite:///{tmp_path / 'data' / 'wfstudio.db'}"


def test_database_url_prefers_database_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://wf@127.0.0.1:5432/wf")
    assert database_url() == "postgresql://wf@127.0.0.1:5432/wf"


@pytest.mark.parametrize("scheme", ["postgres", "postgresql", "postgresql+psycopg"])
def test_postgres_urls_use_psycopg_3(scheme: str) -> None:
    url = normalize_url(f"{scheme}://wf:pw@127.0.0.1:5432/wf")
    assert url.drivername == "postgresql+psycopg"
    assert url.password == "pw"


def test_sqlite_connections_use_wal_full_sync_and_foreign_keys(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}", busy_timeout_ms=1234)
    try:
        for _ in range(2):  # every pooled connection, not just the first
            with engine.connect() as conn:
                assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
                assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
                assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
                assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 1234
    finally:
        engine.dispose()


def test_foreign_keys_are_enforced(engine: Engine) -> None:
    with pytest.raises(IntegrityError), session_scope(engine) as session:
        session.add(User(workspace_id=999, key="ann", name="Ann", email="ann@example.com"))


def test_session_scope_commits_on_success_and_rolls_back_on_error(engine: Engine) -> None:
    with session_scope(engine) as session:
        f.workspace(session, "Kept")
    with pytest.raises(RuntimeError), session_scope(engine) as session:
        f.workspace(session, "Dropped")
        raise RuntimeError("boom")
    with session_scope(engine) as session:
        names = session.exec(select(Workspace.name)).all()
    assert names == ["Kept"]


def test_sqlite_ddl_is_transactional(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    try:
        with pytest.raises(RuntimeError), engine.begin() as conn:
            conn.exec_driver_sql("CREATE TABLE scratch (id INTEGER)")
            raise RuntimeError("roll back")
        with engine.connect() as conn:
            tables = conn.exec_driver_sql("SELECT name FROM sqlite_master").scalars().all()
        assert "scratch" not in tables
    finally:
        engine.dispose()


def test_timestamps_come_back_aware_in_utc(engine: Engine) -> None:
    paris = timezone(timedelta(hours=1))
    with session_scope(engine) as session:
        ws = f.workspace(session)
        ws.created_at = datetime(2025, 3, 1, 10, 30, tzinfo=paris)
    with session_scope(engine) as session:
        stored = session.exec(select(Workspace)).one()
        assert stored.created_at == datetime(2025, 3, 1, 9, 30, tzinfo=UTC)
        assert stored.created_at.tzinfo is UTC


def test_naive_timestamps_are_refused(engine: Engine) -> None:
    with pytest.raises(Exception, match="naive datetime"), session_scope(engine) as session:
        session.add(Workspace(name="Naive", created_at=datetime(2025, 1, 1, 12, 0)))


def test_timestamp_comparisons_order_correctly(engine: Engine) -> None:
    """SQLite keeps text: values written from different offsets must still compare."""
    with session_scope(engine) as session:
        ws = f.workspace(session)
        version = f.publish(session, f.workflow(session, ws, "W"))
        run = f.enrollment(session, version, f.contact(session, ws))
        assert run.id is not None
        tokyo = timezone(timedelta(hours=9))
        session.add(Wake(enrollment_id=run.id, step_id="a", kind="wait", due_at=f.later(hours=1)))
        # 09:30 UTC written as 18:30 in Tokyo: earlier than 10:00 UTC.
        session.add(
            Wake(
                enrollment_id=run.id,
                step_id="b",
                kind="wait",
                due_at=datetime(2025, 1, 6, 18, 30, tzinfo=tokyo),
            )
        )
    with session_scope(engine) as session:
        due = session.exec(
            select(Wake.step_id).where(Wake.due_at <= f.later(minutes=45)).order_by(text("due_at"))
        ).all()
    assert due == ["b"]
