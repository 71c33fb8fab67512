"""Alembic migrations: from empty to head, idempotent, and in step with tables.py."""

from __future__ import annotations

import subprocess
import sys

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

from wfstudio.store.db import alembic_config, head_revision, migrate
from wfstudio.store.tables import metadata


def _revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _head() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def test_migrate_brings_an_empty_database_to_head(empty_engine: Engine) -> None:
    assert _revision(empty_engine) is None
    migrate(empty_engine)
    assert _revision(empty_engine) == _head()
    tables = set(inspect(empty_engine).get_table_names())
    assert set(metadata.tables) <= tables


def test_migrate_is_idempotent(empty_engine: Engine) -> None:
    migrate(empty_engine)
    migrate(empty_engine)
    assert _revision(empty_engine) == _head()


def test_migrate_accepts_a_url(db_url: str, empty_engine: Engine) -> None:
    migrate(db_url)
    assert _revision(empty_engine) == _head()


def test_tables_match_the_migrated_schema(engine: Engine) -> None:
    """Changing tables.py without a migration fails here (write one: see db.alembic_config)."""
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, metadata)
    assert diff == []


def test_the_comparison_notices_a_missing_index(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP INDEX uq_enrollments_one_active")
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert [item[0] for item in diff] == ["add_index"]


def test_downgrade_to_base_and_back(engine: Engine) -> None:
    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    migrate(engine)
    assert _revision(engine) == _head()


def test_the_newest_file_names_the_head_revision() -> None:
    """``migrate`` skips Alembic at head by comparing with the newest file's prefix."""
    assert head_revision() == _head()


def test_an_older_database_is_brought_to_head(engine: Engine) -> None:
    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0005")
    assert _revision(engine) == "0005"
    migrate(engine)
    assert _revision(engine) == _head()


def test_migrate_at_head_does_not_import_alembic(db_url: str, engine: Engine) -> None:
    """A restarted server answers sooner: no Alembic import when there is nothing to do."""
    code = (
        "import sys; from wfstudio.store.db import migrate; "
        f"migrate({db_url!r}); "
        "sys.exit(1 if any(m.startswith('alembic') for m in sys.modules) else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
