"""Store fixtures: a real database per test, SQLite always and PostgreSQL when asked.

``WFSTUDIO_TEST_POSTGRES=1`` adds a ``postgresql`` variant of every test that uses
``engine``, ``empty_engine`` or ``db_url``, on a throwaway cluster (``tests/pg.py``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from tests.pg import postgres_server, postgres_wanted  # noqa: F401  (registers the fixture)
from wfstudio.store.db import make_engine, migrate, session_scope

BACKENDS = ["sqlite", *(["postgresql"] if postgres_wanted() else [])]


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of a new, empty database (a temp SQLite file or a PostgreSQL database)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'wfstudio.db'}"
    return str(request.getfixturevalue("postgres_server").create_database())


@pytest.fixture
def empty_engine(db_url: str) -> Iterator[Engine]:
    """An engine on an empty database (no tables)."""
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def engine(empty_engine: Engine) -> Engine:
    """An engine on a database migrated to head."""
    migrate(empty_engine)
    return empty_engine


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """One transaction, committed at the end of the test.

    On SQLite it holds the write lock: a test that opens a second session must not use it.
    """
    with session_scope(engine) as session:
        yield session
