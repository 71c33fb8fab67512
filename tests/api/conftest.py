"""API fixtures: the runtime world (SQLite, and PostgreSQL when asked) behind the API app,
driven in-process through httpx's ASGI transport, with a recording sink for the custom
channel's outbound messages."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from tests.pg import postgres_server  # noqa: F401  (the PostgreSQL variant needs it)
from tests.runtime.world import World, build_world
from tests.store.conftest import db_url, empty_engine, engine  # noqa: F401


@pytest.fixture
def world(engine: Engine) -> World:  # noqa: F811
    return build_world(engine)
