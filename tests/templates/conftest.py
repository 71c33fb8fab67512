"""Fixtures for running templates: the runtime's small world on the store's real databases."""

from __future__ import annotations

from tests.pg import postgres_server  # noqa: F401  (the PostgreSQL variant needs it)
from tests.runtime.conftest import world  # noqa: F401
from tests.store.conftest import db_url, empty_engine, engine  # noqa: F401
