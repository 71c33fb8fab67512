"""Column types shared by the tables: UTC timestamps and JSON documents.

Both are ``TypeDecorator`` classes so one column definition behaves the same on SQLite and
PostgreSQL, and so a migration can spell them with plain SQLAlchemy types
(``sa.DateTime(timezone=True)`` and ``sa.JSON().with_variant(postgresql.JSONB(),
"postgresql")``) without importing this module.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC timestamp.

    Writing a naive datetime raises ``ValueError``: the store never guesses a timezone.
    Aware values are converted to UTC. SQLite keeps naive UTC text (uniform, so string
    comparison orders correctly); PostgreSQL keeps ``timestamptz``. Reading always gives
    an aware datetime in UTC.
    """

    impl = DateTime
    cache_ok = True

    def __init__(self) -> None:
        super().__init__(timezone=True)

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value!r}: pass a timezone-aware UTC datetime")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)

    # On SQLite, one function each way instead of this type's step plus SQLite DATETIME's
    # (the runtime converts some thirty timestamps per conversation). Same text as
    # DATETIME's storage format: "YYYY-MM-DD HH:MM:SS.ffffff".

    def bind_processor(self, dialect: Dialect) -> Callable[[Any], Any] | None:
        if dialect.name != "sqlite":
            return super().bind_processor(dialect)

        def to_text(value: datetime | None) -> str | None:
            if value is None:
                return None
            if value.tzinfo is None or value.utcoffset() is None:
                raise ValueError(f"naive datetime {value!r}: pass a timezone-aware UTC datetime")
            if value.tzinfo is not UTC:
                value = value.astimezone(UTC)
            return value.isoformat(" ", "microseconds")[:26]  # without "+00:00"

        return to_text

    def result_processor(self, dialect: Dialect, coltype: Any) -> Callable[[Any], Any] | None:
        if dialect.name != "sqlite":
            return super().result_processor(dialect, coltype)

        def from_text(value: str | None) -> datetime | None:
            if value is None:
                return None
            parsed = datetime.fromisoformat(value)
            if parsed.tzinfo is None:  # what this type writes: naive UTC
                return parsed.replace(tzinfo=UTC)
            return parsed.astimezone(UTC)  # text written elsewhere with an offset

        return from_text


class JSONDocument(TypeDecorator[Any]):
    """JSON on SQLite, JSONB on PostgreSQL.

    Like any SQLAlchemy JSON column, changes made *inside* a loaded dict or list are not
    seen by the session: assign a new value (``row.draft = {**row.draft, ...}``).
    """

    impl = JSON
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(JSONB())
        return dialect.type_descriptor(JSON())
