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

A unit gets a :class:`UnitSession`: the transaction's connection at once (what the
runtime's prepared statements run on), and an ORM session only if it asks for more than
that (``get``, ``add``, ``exec`` …), made then in a SAVEPOINT of its own. The SAVEPOINT
around each unit of a batch is plain SQL on the driver: an ORM session and its nested
transaction per unit cost more than most units themselves.

A batch runs its units from BEGIN to its last RELEASE in one go on the event loop's
thread (no unit's work spans an ``await``); its COMMIT then runs in a thread, so during
the fsync the loop goes on with whatever needs no write lock (HTTP, outbound calls,
queueing the next batch's units; another session's ``BEGIN IMMEDIATE`` on the loop's
thread still waits for the commit, as it did before). The next batch starts once that
commit is done (one batch at a time). On PostgreSQL (concurrent writers, row locks that could
deadlock between units of one batch) every unit gets its own transaction.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar, cast

from sqlalchemy import Connection, Engine
from sqlmodel import Session

from wfstudio.store.prepared import Target

T = TypeVar("T")

Unit = Callable[[Session], T]


class UnitSession:
    """What a unit of work is given as its session: the transaction's connection, and an
    ORM :class:`Session` on it made on first use of anything else (in its own SAVEPOINT,
    so that a failed flush rolls back this unit only). Stands in for a ``Session``."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection
        self._orm: Session | None = None
        self.info: dict[str, Any] = {}  # what the unit memoizes for its transaction
        self.statement_target: Target | None = None  # kept by prepared statements

    def connection(self) -> Connection:
        return self._connection

    def get_bind(self) -> Connection:
        return self._connection

    def flush(self) -> None:
        if self._orm is not None:
            self._orm.flush()

    @property
    def identity_map(self) -> Any:
        return self._orm.identity_map if self._orm is not None else {}

    @property
    def new(self) -> Any:
        return self._orm.new if self._orm is not None else ()

    def expunge_all(self) -> None:
        if self._orm is not None:
            self._orm.expunge_all()

    @property
    def orm(self) -> Session:
        if self._orm is None:
            self._orm = Session(
                bind=self._connection,
                expire_on_commit=False,
                join_transaction_mode="create_savepoint",
            )
        return self._orm

    def __getattr__(self, name: str) -> Any:
        return getattr(self.orm, name)

    def finish(self, ok: bool) -> None:
        """Release (``ok``) or roll back the ORM session's SAVEPOINT, if it was made."""
        if self._orm is None:
            return
        try:
            if ok:
                self._orm.commit()
            else:
                self._orm.rollback()
        finally:
            self._orm.close()


def _run_unit(connection: Connection, unit: Callable[[Session], T]) -> T:
    session = UnitSession(connection)
    try:
        value = unit(cast(Session, session))
        session.finish(True)
    except BaseException:
        session.finish(False)
        raise
    return value


class Writer:
    """Runs units of work against ``engine``; one per event loop (a :class:`Runtime`)."""

    def __init__(self, engine: Engine, *, batching: bool | None = None) -> None:
        self.engine = engine
        self.batching = engine.dialect.name == "sqlite" if batching is None else batching
        self._queue: list[tuple[Callable[[Session], Any], asyncio.Future[Any]]] = []
        self._scheduled = False
        self._committing: asyncio.Future[None] | None = None  # the batch being committed

    async def run(self, unit: Callable[[Session], T]) -> T:
        """Run ``unit`` in a transaction; returns its result once it is committed."""
        if not self.batching:
            return self._alone(unit)
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()
        self._queue.append((unit, future))
        self._schedule(loop)
        return await future

    async def aclose(self) -> None:
        """Wait for the batch being committed, if any."""
        while self._committing is not None:
            await asyncio.shield(self._committing)

    def _alone(self, unit: Callable[[Session], T]) -> T:
        with self.engine.connect() as connection, connection.begin():
            return _run_unit(connection, unit)

    def _schedule(self, loop: asyncio.AbstractEventLoop) -> None:
        # One batch at a time: the next starts when the one being committed is durable.
        if not self._scheduled and self._committing is None and self._queue:
            self._scheduled = True
            loop.call_soon(self._flush)

    def _flush(self) -> None:
        self._scheduled = False
        # A caller cancelled while its unit waited was told nothing happened: skip it.
        batch = [(unit, future) for unit, future in self._queue if not future.cancelled()]
        self._queue = []
        loop = asyncio.get_running_loop()
        if not batch:
            return
        connection: Connection | None = None
        try:
            connection = self.engine.connect()
            transaction = connection.begin()
            results = _run_batch(connection, batch)
            if not any(ok for _future, ok, _value in results):  # nothing to commit
                connection.close()
                _answer(results)
                self._schedule(loop)
                return
            # COMMIT (an fsync) in a thread of the writer's own: the event loop goes on
            # meanwhile (queueing units, serving what needs no write lock); the batch's
            # callers are answered once it is durable. The thread also ends the
            # transaction and gives the connection back, whatever happens, so a failed
            # COMMIT never keeps the write lock waiting for the loop.
            committing = loop.run_in_executor(_committer(), _commit, connection, transaction)
        except BaseException as error:  # nothing of the batch holds
            if connection is not None:
                connection.close()
            _answer([(future, False, error) for _unit, future in batch])
            self._schedule(loop)
            if not isinstance(error, Exception):
                raise
            return
        self._committing = committing

        def committed(_done: asyncio.Future[None]) -> None:
            self._committing = None
            error = (
                asyncio.CancelledError("the commit was cancelled")
                if committing.cancelled()
                else committing.exception()
            )
            if error is not None:  # nothing of the batch holds
                _answer([(future, False, error) for future, _ok, _value in results])
            else:
                _answer(results)
            self._schedule(loop)

        committing.add_done_callback(committed)


_commit_threads: ThreadPoolExecutor | None = None


def _committer() -> ThreadPoolExecutor:
    """The threads COMMITs run in: their own, so that nothing else queued in the loop's
    default executor (DNS lookups, Reflex's jobs) delays a commit holding the write lock.
    Made on first use (never before the server forks its workers)."""
    global _commit_threads
    if _commit_threads is None:
        _commit_threads = ThreadPoolExecutor(max_workers=4, thread_name_prefix="wf-commit")
    return _commit_threads


def _commit(connection: Connection, transaction: Any) -> None:
    """COMMIT, or roll back when it fails; the connection goes back to the pool."""
    try:
        transaction.commit()
    except BaseException:
        # The driver's own ROLLBACK: after a failed commit SQLAlchemy may consider the
        # transaction over while the database still holds it (and its write lock).
        with contextlib.suppress(Exception):
            transaction.rollback()
        with contextlib.suppress(Exception):
            connection.connection.dbapi_connection.rollback()  # type: ignore[union-attr]
        raise
    finally:
        connection.close()


def _run_batch(
    connection: Connection, batch: list[tuple[Callable[[Session], Any], asyncio.Future[Any]]]
) -> list[tuple[asyncio.Future[Any], bool, Any]]:
    """Run the units in the open transaction: alone, the unit's error undoes the whole
    transaction; with others, each unit in a SAVEPOINT that its error rolls back."""
    if len(batch) == 1:
        unit, future = batch[0]
        try:
            return [(future, True, _run_unit(connection, unit))]
        except Exception as error:
            connection.rollback()
            return [(future, False, error)]
    results: list[tuple[asyncio.Future[Any], bool, Any]] = []
    driver = connection.connection.driver_connection
    assert driver is not None
    for unit, future in batch:
        driver.execute("SAVEPOINT wf_unit")
        try:
            value = _run_unit(connection, unit)
        except Exception as error:  # the unit's caller gets it
            driver.execute("ROLLBACK TO SAVEPOINT wf_unit")
            results.append((future, False, error))
        else:
            results.append((future, True, value))
        driver.execute("RELEASE SAVEPOINT wf_unit")
    return results


def _answer(results: list[tuple[asyncio.Future[Any], bool, Any]]) -> None:
    for future, ok, value in results:
        if future.done():  # the caller was cancelled meanwhile
            continue
        if ok:
            future.set_result(value)
        else:
            future.set_exception(value)
