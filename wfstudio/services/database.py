"""Opening the database for the UI, the API and the CLI (they never touch the store)."""

from __future__ import annotations

from wfstudio.store.db import Engine, database_url, make_engine, migrate

__all__ = ["Engine", "open_database"]


def open_database(url: str | None = None) -> Engine:
    """An engine on ``url`` (default: ``DATABASE_URL`` or the embedded SQLite file),
    migrated to the newest schema."""
    engine = make_engine(url or database_url())
    migrate(engine)
    return engine
