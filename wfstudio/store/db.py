"""Where the data lives, how to connect, sessions, and schema migrations.

Decisions:

* SQLite by default (``$WFSTUDIO_DATA_DIR/wfstudio.db``), PostgreSQL when ``DATABASE_URL``
  is set. A ``postgres://`` or ``postgresql://`` URL is driven by psycopg 3 (the only
  PostgreSQL driver we install).
* SQLite runs in WAL mode with ``synchronous=FULL`` (a committed wake survives a power
  cut), foreign keys on and a busy timeout, set on every new connection.
* SQLite transactions start with ``BEGIN IMMEDIATE``, emitted by us instead of the
  ``sqlite3`` module (whose legacy mode begins only before INSERT/UPDATE/DELETE, so the
  reads of a read-then-write transaction would not be isolated and DDL would not be
  transactional). Taking the write lock up front means a transaction never fails half
  way with "database is locked" when upgrading from reading to writing; writers queue
  on the busy timeout instead. Readers in WAL mode are not blocked by it but do wait for
  each other's *transactions*: keep sessions short and never hold two at once in one
  thread (the second would wait for the first).
* Sessions do not expire objects on commit, so a service can return the rows it wrote.
* ``migrate`` runs Alembic to head inside one transaction; on PostgreSQL it first takes
  an advisory lock so several workers starting at once migrate one after the other.
  Alembic is imported only when the database is not at the newest revision already (a
  restarted server answers sooner): revision ids are the 4-digit prefixes of the files in
  ``migrations/versions``, so the newest is known without loading the scripts.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, Connection, make_url
from sqlmodel import Session

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
DEFAULT_DATA_DIR = "data"
DATABASE_FILE = "wfstudio.db"
SQLITE_BUSY_TIMEOUT_MS = 15_000


def database_url() -> str:
    """The database to use: ``DATABASE_URL`` when set, else the SQLite file.

    The SQLite file is ``wfstudio.db`` in ``$WFSTUDIO_DATA_DIR`` (default ``./data``);
    that folder is created when missing.
    """
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        return url
    data_dir = Path(os.environ.get("WFSTUDIO_DATA_DIR") or DEFAULT_DATA_DIR)
    data_dir.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{(data_dir / DATABASE_FILE).resolve()}"


def normalize_url(url: str | URL) -> URL:
    """``url`` with PostgreSQL URLs pointed at psycopg 3 (``postgresql+psycopg``)."""
    parsed = make_url(url)
    if parsed.drivername in ("postgres", "postgresql"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def make_engine(
    url: str | URL, *, busy_timeout_ms: int = SQLITE_BUSY_TIMEOUT_MS, echo: bool = False
) -> Engine:
    """An engine for ``url``, with our SQLite settings applied to every connection.

    Args:
        url: a SQLAlchemy URL (``sqlite:///path``, ``postgresql://…``).
        busy_timeout_ms: how long a SQLite connection waits for the write lock.
        echo: log every statement (debugging).
    """
    parsed = normalize_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(parsed, echo=echo, pool_pre_ping=True)

    engine = create_engine(
        parsed,
        echo=echo,
        connect_args={"timeout": busy_timeout_ms / 1000, "check_same_thread": False},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control away from sqlite3; ``_on_begin`` emits BEGIN.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            if parsed.database and parsed.database != ":memory:":
                cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One transaction: commit when the block succeeds, roll back when it raises."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def alembic_config(connection: Connection | None = None, *, url: str | None = None) -> Config:
    """An Alembic configuration built in code (there is no ``alembic.ini``).

    With ``connection`` the migrations run on it (inside its transaction); otherwise
    ``env.py`` connects to ``url`` (default :func:`database_url`). For a new migration::

        command.revision(alembic_config(url=...), message="...", autogenerate=True)
    """
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    if url is not None:
        config.set_main_option("sqlalchemy.url", str(url).replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The newest migration's revision id: the prefix of the last file name."""
    names = sorted(p.name for p in (MIGRATIONS_DIR / "versions").glob("[0-9][0-9][0-9][0-9]_*.py"))
    return names[-1][:4]


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None (a new database, or not readable)."""
    try:
        with engine.connect() as connection:
            value = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    except Exception:  # no such table yet
        return None
    return str(value) if value is not None else None


def migrate(engine_or_url: Engine | str) -> None:
    """Bring the database to the newest schema (a no-op when it is there already)."""
    engine = engine_or_url if isinstance(engine_or_url, Engine) else make_engine(engine_or_url)
    try:
        if current_revision(engine) == head_revision():
            return
        from alembic import command

        with engine.begin() as connection:
            command.upgrade(alembic_config(connection), "head")
    finally:
        if engine is not engine_or_url:
            engine.dispose()
