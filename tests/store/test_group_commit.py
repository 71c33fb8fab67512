"""The group commit (SQLite): units submitted together share one transaction and one
commit, each in its own SAVEPOINT; a caller returns only after its unit committed; a
failing unit rolls back alone, whether it raises itself or its writes fail at flush."""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any

import pytest
from sqlalchemy import Engine, event, insert
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from tests.store import factories as f
from wfstudio.store.db import session_scope
from wfstudio.store.group_commit import Writer
from wfstudio.store.prepared import Prepared
from wfstudio.store.tables import Tag


@pytest.fixture
def workspace_id(engine: Engine) -> int:
    with session_scope(engine) as session:
        return f.workspace(session).id or 0


def _tags(engine: Engine) -> list[str]:
    with session_scope(engine) as session:
        return sorted(session.exec(select(Tag.key)).all())


def _add_tag(workspace_id: int, key: str, *, fail: bool = False) -> Any:
    def unit(session: Session) -> str:
        session.add(Tag(workspace_id=workspace_id, key=key, label=key))
        session.flush()
        if fail:
            raise RuntimeError(f"unit {key} fails")
        return key

    return unit


def test_units_share_one_commit_and_each_caller_sees_its_unit_committed(
    engine: Engine, workspace_id: int
) -> None:
    writer = Writer(engine, batching=True)
    commits: list[int] = []
    event.listen(engine, "commit", lambda _conn: commits.append(1))

    commits_when_answered: list[int] = []

    async def submit(key: str) -> list[str]:
        await writer.run(_add_tag(workspace_id, key))
        commits_when_answered.append(len(commits))
        return _tags(engine)  # read on another connection: committed already

    async def main() -> list[list[str]]:
        return list(await asyncio.gather(*(submit(k) for k in ("a", "b", "c"))))

    seen = asyncio.run(main())
    assert all(key in tags for key, tags in zip("abc", seen, strict=True))
    assert _tags(engine) == ["a", "b", "c"]
    assert commits_when_answered[0] == 1  # one commit answered the three of them


def test_a_unit_that_raises_rolls_back_alone(engine: Engine, workspace_id: int) -> None:
    writer = Writer(engine, batching=True)

    async def main() -> list[Any]:
        return list(
            await asyncio.gather(
                writer.run(_add_tag(workspace_id, "a")),
                writer.run(_add_tag(workspace_id, "b", fail=True)),
                writer.run(_add_tag(workspace_id, "c")),
                return_exceptions=True,
            )
        )

    first, second, third = asyncio.run(main())
    assert (first, third) == ("a", "c")
    assert isinstance(second, RuntimeError)
    assert _tags(engine) == ["a", "c"]


def test_a_unit_whose_writes_fail_at_flush_rolls_back_alone(
    engine: Engine, workspace_id: int
) -> None:
    """The duplicate is only flushed when the unit's SAVEPOINT is released: the batch's
    session must still take the units after it."""
    writer = Writer(engine, batching=True)

    def duplicate(session: Session) -> None:
        session.add(Tag(workspace_id=workspace_id, key="a", label="again"))  # not flushed

    def sees_no_leftovers(session: Session) -> int:
        assert not session.new and not session.identity_map and not session.info
        session.add(Tag(workspace_id=workspace_id, key="d", label="d"))
        return 1

    async def main() -> list[Any]:
        return list(
            await asyncio.gather(
                writer.run(_add_tag(workspace_id, "a")),
                writer.run(duplicate),
                writer.run(sees_no_leftovers),
                return_exceptions=True,
            )
        )

    first, second, third = asyncio.run(main())
    assert (first, third) == ("a", 1)
    assert isinstance(second, Exception)
    assert _tags(engine) == ["a", "d"]


ADD_TAG = Prepared(insert(Tag.__table__))  # type: ignore[attr-defined]


def test_units_on_the_connection_alone_roll_back_alone(engine: Engine, workspace_id: int) -> None:
    """Units that only run prepared statements get no ORM session: their SAVEPOINT is
    plain SQL, and a failing one still takes only its own writes with it."""
    writer = Writer(engine, batching=True)

    def add(key: str, *, fail: bool = False) -> Any:
        def unit(session: Session) -> str:
            ADD_TAG.execute(session, {"workspace_id": workspace_id, "key": key, "label": key})
            if fail:
                raise RuntimeError(f"unit {key} fails")
            assert not session.new and not session.identity_map  # no ORM session was made
            return key

        return unit

    def duplicate(session: Session) -> None:  # fails in the database itself
        ADD_TAG.execute(session, {"workspace_id": workspace_id, "key": "a", "label": "again"})

    async def main() -> list[Any]:
        units = [add("a"), add("b", fail=True), duplicate, add("c")]
        return list(await asyncio.gather(*map(writer.run, units), return_exceptions=True))

    first, second, third, fourth = asyncio.run(main())
    assert (first, fourth) == ("a", "c")
    assert isinstance(second, RuntimeError)
    assert isinstance(third, IntegrityError)
    assert _tags(engine) == ["a", "c"]


def test_the_loop_goes_on_while_a_batch_commits(engine: Engine, workspace_id: int) -> None:
    """COMMIT runs in a thread: the event loop keeps running meanwhile, units submitted
    during the commit wait for the next batch, and nobody is answered before the commit
    that holds their unit is done."""
    writer = Writer(engine, batching=True)
    commit_started, commits_done = threading.Event(), []

    def slow_commit(_conn: Any) -> None:
        commit_started.set()
        time.sleep(0.3)
        commits_done.append(time.monotonic())

    event.listen(engine, "commit", slow_commit)
    ticks: list[float] = []

    async def ticker() -> None:
        while len(commits_done) < 2:
            ticks.append(time.monotonic())
            await asyncio.sleep(0.01)

    async def later_unit() -> float:
        while not commit_started.is_set():
            await asyncio.sleep(0.005)
        await writer.run(_add_tag(workspace_id, "second"))
        return time.monotonic()

    async def first_unit() -> float:
        await writer.run(_add_tag(workspace_id, "first"))
        return time.monotonic()

    async def main() -> tuple[float, float]:
        ticking = asyncio.create_task(ticker())
        first, second = await asyncio.gather(first_unit(), later_unit())
        await ticking
        return first, second

    first_answered, second_answered = asyncio.run(main())
    assert len(commits_done) == 2  # the later unit had a batch (a commit) of its own
    assert first_answered >= commits_done[0] and second_answered >= commits_done[1]
    during_first_commit = [t for t in ticks if commits_done[0] - 0.3 < t < commits_done[0]]
    assert len(during_first_commit) >= 5  # the loop was not blocked by the fsync
    assert _tags(engine) == ["first", "second"]


def test_a_caller_cancelled_while_its_unit_waits_is_not_run(
    engine: Engine, workspace_id: int
) -> None:
    writer = Writer(engine, batching=True)
    event.listen(engine, "commit", lambda _conn: time.sleep(0.2))

    async def main() -> None:
        first = asyncio.create_task(writer.run(_add_tag(workspace_id, "first")))
        await asyncio.sleep(0.05)  # its batch is committing now
        queued = asyncio.create_task(writer.run(_add_tag(workspace_id, "cancelled")))
        await asyncio.sleep(0)
        queued.cancel()
        await first
        await writer.run(_add_tag(workspace_id, "later"))

    asyncio.run(main())
    assert _tags(engine) == ["first", "later"]


def test_a_failed_commit_answers_its_callers_and_frees_the_write_lock_at_once(
    engine: Engine, workspace_id: int
) -> None:
    writer = Writer(engine, batching=True)

    def failing_commit(_conn: Any) -> None:
        time.sleep(0.1)
        raise RuntimeError("disk full")

    event.listen(engine, "commit", failing_commit)

    async def main() -> list[Any]:
        units = [_add_tag(workspace_id, key) for key in ("a", "b")]
        return list(await asyncio.gather(*map(writer.run, units), return_exceptions=True))

    results = asyncio.run(main())
    event.remove(engine, "commit", failing_commit)
    assert [str(error) for error in results] == ["disk full", "disk full"]
    started = time.monotonic()
    assert _tags(engine) == []  # nothing of the batch holds, and the lock is free
    assert time.monotonic() - started < 1


def test_a_batch_that_cannot_connect_answers_its_callers(
    engine: Engine, workspace_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    writer = Writer(engine, batching=True)

    def no_connection() -> None:
        raise RuntimeError("cannot open the database")

    monkeypatch.setattr(writer.engine, "connect", no_connection)

    async def main() -> Any:
        return await asyncio.wait_for(writer.run(_add_tag(workspace_id, "a")), timeout=5)

    with pytest.raises(RuntimeError, match="cannot open the database"):
        asyncio.run(main())
