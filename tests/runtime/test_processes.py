"""Two runtimes on two engines (two backend processes) handle the same contact at once:
a reply and the timeout of the question it answers race, and exactly one of them wins.

On PostgreSQL (``WFSTUDIO_TEST_POSTGRES=1``) the transactions that decide take an advisory
lock on the contact; on SQLite every transaction holds the write lock from its start.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

from sqlalchemy import event

from tests.runtime.test_scenarios import EMAIL_QUESTION, say, step
from tests.runtime.world import World
from wfstudio.runtime.runner import Runtime
from wfstudio.store.db import make_engine

RACES = 4
SLOW_S = 0.2


def _in_own_process(
    world: World, barrier: threading.Barrier, act: Callable[[Runtime], Awaitable[object]]
) -> threading.Thread:
    """A thread with its own event loop, engine (connection pool) and runtime."""

    def main() -> None:
        engine = make_engine(world.engine.url)

        @event.listens_for(engine, "after_cursor_execute")
        def slowly(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
            # Hold each transaction open a while after it read where the contact waits,
            # so the two processes' transactions overlap whenever they can.
            if "FROM step_logs" in statement:
                time.sleep(SLOW_S)

        async def run() -> None:
            runtime = Runtime(engine, clock=world.clock)
            try:
                barrier.wait()
                await act(runtime)
            finally:
                await runtime.aclose()

        try:
            asyncio.run(run())
        finally:
            engine.dispose()

    return threading.Thread(target=main)


def test_a_reply_and_its_timeout_in_two_processes_have_one_outcome(world: World) -> None:
    world.publish(
        step("ask", "ask_question", {"answered": "thanks", "timeout": "late"}, **EMAIL_QUESTION),
        say("thanks", "Thanks!"),
        say("late", "Too late."),
    )
    people = [world.contact() for _ in range(RACES)]

    async def park() -> None:
        runtime = Runtime(world.engine, clock=world.clock)
        try:
            for person in people:
                await runtime.receive(person, "hello", channel_key="web")
        finally:
            await runtime.aclose()

    asyncio.run(park())
    world.clock.advance(timedelta(days=7, seconds=1))  # every timeout is due now

    for person in people:
        barrier = threading.Barrier(2)

        async def reply(runtime: Runtime, person: int = person) -> None:
            await runtime.receive(person, "ana@example.com", channel_key="web")

        async def fire(runtime: Runtime) -> None:
            await runtime.fire_due("other-process")

        threads = [_in_own_process(world, barrier, reply), _in_own_process(world, barrier, fire)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        sent = world.sent(person)
        assert sent[0] == "What is your email?"
        assert sent[1:] in (["Thanks!"], ["Too late."]), sent
        [enrollment] = world.enrollments(world.published[next(iter(world.published))], person)
        assert enrollment.status == "completed"
