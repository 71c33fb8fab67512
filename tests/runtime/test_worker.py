"""The wake worker: fires due wakes, sleeps until the next, survives errors, and several
workers at once fire each wake exactly once. Also the process-wide runtime holder."""

from __future__ import annotations

import asyncio
import logging
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import col, select

from tests.runtime.test_scenarios import say, step
from tests.runtime.world import World
from wfstudio.runtime import host
from wfstudio.runtime.runner import Runtime
from wfstudio.runtime.worker import (
    run_worker,
    seconds_until_due,
    serve_forever,
    worker_running,
)
from wfstudio.store.db import make_engine, session_scope
from wfstudio.store.tables import Wake


def waiting_world(world: World, contacts: int) -> list[int]:
    """``contacts`` contacts waiting one hour before the workflow says "Done"."""
    world.publish(
        step("wait", "wait", {"success": "done"}, amount=1, unit="hours"), say("done", "Done")
    )
    people = [world.contact() for _ in range(contacts)]

    async def start() -> None:
        runtime = Runtime(world.engine, clock=world.clock)
        try:
            for person in people:
                await runtime.receive(person, "hello", channel_key="web")
        finally:
            await runtime.aclose()

    asyncio.run(start())
    return people


def unfired(world: World) -> int:
    with session_scope(world.engine) as session:
        return len(session.exec(select(Wake.id).where(col(Wake.fired_at).is_(None))).all())


async def stop_when_done(world: World, stop: asyncio.Event) -> None:
    while unfired(world):
        await asyncio.sleep(0.02)
    stop.set()


def test_the_worker_fires_due_wakes_then_stops_when_told(world: World) -> None:
    people = waiting_world(world, 3)
    world.clock.advance(timedelta(hours=1))

    async def main() -> int:
        runtime = Runtime(world.engine, clock=world.clock)
        stop = asyncio.Event()
        try:
            fired, _ = await asyncio.gather(
                run_worker(stop, runtime=runtime, max_sleep_s=0.05), stop_when_done(world, stop)
            )
            return fired
        finally:
            await runtime.aclose()

    assert asyncio.run(main()) == 3
    assert all(world.sent(person) == ["Done"] for person in people)


def test_nothing_fires_before_it_is_due(world: World) -> None:
    people = waiting_world(world, 1)
    world.clock.advance(timedelta(minutes=59))

    async def main() -> int:
        runtime = Runtime(world.engine, clock=world.clock)
        stop = asyncio.Event()
        asyncio.get_running_loop().call_later(0.2, stop.set)
        try:
            return await run_worker(stop, runtime=runtime, max_sleep_s=0.05)
        finally:
            await runtime.aclose()

    assert asyncio.run(main()) == 0
    assert world.sent(people[0]) == []


@pytest.mark.parametrize("workers", [2, 4])
def test_several_workers_at_once_fire_each_wake_exactly_once(
    world: World, db_url: str, workers: int
) -> None:
    """Each worker has its own engine, runtime, thread and event loop, like processes."""
    people = waiting_world(world, 60)
    world.clock.advance(timedelta(hours=2))
    barrier = threading.Barrier(workers)
    fired: list[int] = []

    def worker(number: int) -> None:
        engine = make_engine(db_url)

        async def main() -> None:
            runtime = Runtime(engine, clock=world.clock)
            real_run = runtime._run

            async def slow_run(*args: object, **kwargs: object) -> list[object]:
                await asyncio.sleep(0.01)  # a step awaiting the network: others claim meanwhile
                return await real_run(*args, **kwargs)  # type: ignore[arg-type]

            runtime._run = slow_run  # type: ignore[assignment,method-assign]
            stop = asyncio.Event()
            barrier.wait()
            try:
                count, _ = await asyncio.gather(
                    run_worker(stop, runtime=runtime, name=f"w{number}", batch=5, max_sleep_s=0.02),
                    stop_when_done(world, stop),
                )
                fired.append(count)
            finally:
                await runtime.aclose()

        asyncio.run(main())
        engine.dispose()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sum(fired) == 60, fired
    assert sum(1 for count in fired if count) >= 2, fired  # they really shared the work
    assert all(world.sent(person) == ["Done"] for person in people)
    with session_scope(world.engine) as session:
        wakes = session.exec(select(Wake)).all()
        assert len(wakes) == 60 and all(wake.fired_at is not None for wake in wakes)


def test_one_bad_wake_is_logged_and_the_others_fire(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    people = waiting_world(world, 3)
    world.clock.advance(timedelta(hours=1))

    async def main() -> None:
        runtime = Runtime(world.engine, clock=world.clock)
        real_run = runtime._run
        with session_scope(world.engine) as session:
            bad = session.exec(select(Wake.enrollment_id).order_by(col(Wake.id))).first()

        async def flaky(enrollment_id: int, *args: object, **kwargs: object) -> list[object]:
            if enrollment_id == bad:
                raise RuntimeError("broken step")
            return await real_run(enrollment_id, *args, **kwargs)  # type: ignore[arg-type]

        runtime._run = flaky  # type: ignore[assignment,method-assign]
        stop = asyncio.Event()
        asyncio.get_running_loop().call_later(0.3, stop.set)
        try:
            await run_worker(stop, runtime=runtime, max_sleep_s=0.05)
        finally:
            await runtime.aclose()

    with caplog.at_level(logging.ERROR):
        asyncio.run(main())
    assert [world.sent(person) for person in people] == [[], ["Done"], ["Done"]]
    assert "failed" in caplog.text and "broken step" in caplog.text
    assert unfired(world) == 1  # claimed: tried again once its lease lapses


def test_a_failing_look_at_the_wakes_does_not_stop_the_worker(
    world: World, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    people = waiting_world(world, 1)
    world.clock.advance(timedelta(hours=1))
    monkeypatch.setattr("wfstudio.runtime.worker.ERROR_PAUSE_SECONDS", 0.01)

    async def main() -> int:
        runtime = Runtime(world.engine, clock=world.clock)
        real = runtime.fire_due
        calls = 0

        async def once_broken(*args: object, **kwargs: object) -> int:
            nonlocal calls
            calls += 1
            if calls == 1:
                raise OSError("database unreachable")
            return await real(*args, **kwargs)  # type: ignore[arg-type]

        runtime.fire_due = once_broken  # type: ignore[method-assign]
        stop = asyncio.Event()
        try:
            fired, _ = await asyncio.gather(
                run_worker(stop, runtime=runtime, max_sleep_s=0.05), stop_when_done(world, stop)
            )
            return fired
        finally:
            await runtime.aclose()

    with caplog.at_level(logging.ERROR):
        assert asyncio.run(main()) == 1
    assert "database unreachable" in caplog.text
    assert world.sent(people[0]) == ["Done"]


def test_the_worker_sleeps_until_the_next_wake_at_most_the_cap(world: World) -> None:
    runtime = Runtime(world.engine, clock=world.clock)
    assert seconds_until_due(runtime, 1.0) == 1.0  # no wakes at all
    waiting_world(world, 1)
    assert seconds_until_due(runtime, 1.0) == 1.0  # due in an hour
    world.clock.advance(timedelta(minutes=59, seconds=59.75))
    assert seconds_until_due(runtime, 1.0) == pytest.approx(0.25)
    world.clock.advance(timedelta(minutes=5))
    assert seconds_until_due(runtime, 1.0) == 0.0


def test_worker_running_runs_in_the_background_for_the_block(world: World) -> None:
    people = waiting_world(world, 2)
    world.clock.advance(timedelta(hours=1))

    async def main() -> None:
        runtime = Runtime(world.engine, clock=world.clock)
        try:
            async with worker_running(runtime) as task:
                while unfired(world):
                    await asyncio.sleep(0.02)
            assert task.done() and task.result() == 2
        finally:
            await runtime.aclose()

    asyncio.run(main())
    assert all(world.sent(person) == ["Done"] for person in people)


def test_the_host_keeps_one_runtime_per_event_loop(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'host.db'}")
    monkeypatch.setattr(host, "_engine", None)

    async def twice() -> tuple[Runtime, Runtime]:
        first, second = host.get_runtime(), host.get_runtime()
        await host.close_runtime()
        return first, second

    a, b = asyncio.run(twice())
    c, _ = asyncio.run(twice())
    assert a is b and a is not c and a.engine is c.engine
    assert str(a.engine.url).endswith("host.db")

    async def installed() -> Runtime:
        mine = Runtime(a.engine)
        host.install(mine)
        try:
            return host.get_runtime() if host.get_runtime() is mine else a
        finally:
            await host.close_runtime()

    assert asyncio.run(installed()) is not a
    with pytest.raises(RuntimeError):
        host.get_runtime()  # no running loop
    a.engine.dispose()


def test_serve_forever_runs_on_the_configured_database_until_stopped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``wfstudio worker``: the process's runtime on ``DATABASE_URL``, closed at the end."""
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'worker.db'}")
    monkeypatch.setattr(host, "_engine", None)

    async def main() -> int:
        stop = asyncio.Event()
        asyncio.get_running_loop().call_later(0.2, stop.set)
        return await serve_forever(stop)

    assert asyncio.run(main()) == 0
    assert (tmp_path / "worker.db").exists()
    assert host._engine is not None
    host._engine.dispose()
