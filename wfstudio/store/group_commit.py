"""Group commit: many short units of work, one transaction and one commit (one fsync).

The runtime's transactions are short functions of a session that never await
(``unit(session) -> result``). On SQLite, where writers are serialized anyway
(``BEGIN IMMEDIATE``) and every commit is an fsync (``synchronous=FULL``), a
:class:`Writer` runs all the units submitted while the previous batch was being written
in one transaction, each inside its own SAVEPOINT (a unit that raises is rolled back
alone and its caller gets the exception), then commits once and only then answers every
caller. So a caller that awaits :meth:`Writer.run` still sees its unit committed when
the await returns (an inbound message is acknowledged after its state is durable), but
fifty concurrent conversations share one fsync instead of paying fifty.

No transaction stays open across an ``await``: a batch runs from BEGIN to COMMIT in one
go on the event loop's thread. On PostgreSQL (concurrent writers, row locks that could
deadlock between units of one batch) every unit gets its own transaction.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import Engine
from sqlmodel import Session

from wfstudio.store.db import session_scope

T = TypeVar("T")

Unit = Callable[[Session], T]


class Writer:
    """Runs units of work against ``engine``; one per event loop (a :class:`Runtime`)."""

    def __init__(self, engine: Engine, *, batching: bool | None = None) -> None:
        self.engine = engine
        self.batching = engine.dialect.name == "sqlite" if batching is None else batching
        self._queue: list[tuple[Callable[[Session], Any], asyncio.Future[Any]]] = []
        self._scheduled = False

    async def run(self, unit: Callable[[Session], T]) -> T:
        """Run ``unit`` in a transaction; returns its result once it is committed."""
        if not self.batching:
            with session_scope(self.engine) as session:
                return unit(session)
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()
        self._queue.append((unit, future))
        if not self._scheduled:
            self._scheduled = True
            loop.call_soon(self._flush)
        return await future

    def _flush(self) -> None:
        self._scheduled = False
        batch, self._queue = self._queue, []
        if len(batch) == 1:  # alone: a plain transaction (no SAVEPOINT needed)
            unit, future = batch[0]
            try:
                with session_scope(self.engine) as session:
                    value = unit(session)
            except Exception as error:
                if not future.done():
                    future.set_exception(error)
            else:
                if not future.done():
                    future.set_result(value)
            return
        results: list[tuple[asyncio.Future[Any], bool, Any]] = []
        try:
            with self.engine.connect() as connection, connection.begin():
                for unit, future in batch:
                    # The session works in its own SAVEPOINT: commit releases it, and
                    # rollback undoes this unit only.
                    with Session(
                        bind=connection,
                        expire_on_commit=False,
                        join_transaction_mode="create_savepoint",
                    ) as session:
                        try:
                            value = unit(session)
                            session.commit()
                        except Exception as error:  # the unit's caller gets it
                            session.rollback()
                            results.append((future, False, error))
                        else:
                            results.append((future, True, value))
        except Exception as error:  # BEGIN or COMMIT failed: nothing of the batch holds
            for _unit, future in batch:
                if not future.done():
                    future.set_exception(error)
            return
        for future, ok, value in results:
            if future.done():  # the caller was cancelled meanwhile
                continue
            if ok:
                future.set_result(value)
            else:
                future.set_exception(value)
