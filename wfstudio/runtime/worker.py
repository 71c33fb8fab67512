"""The wake worker: fires durable timers when they fall due, until told to stop.

One runs in every backend process (a Reflex lifespan task) and ``wfstudio worker`` runs
one on its own. Several may run at once, in one process or many: claiming a wake is atomic
in the store (``FOR UPDATE SKIP LOCKED`` on PostgreSQL, ``BEGIN IMMEDIATE`` on SQLite) and
firing it is recorded in the transaction that advances the enrollment, so each wake fires
once. A wake whose worker died is claimed again when its lease lapses
(:data:`wfstudio.store.repo.DEFAULT_LEASE`).

The worker sleeps until the next wake is due, but never longer than ``max_sleep_s`` (new
wakes are written by other processes without telling it). An error is logged and the loop
goes on: one bad wake or a database hiccup never stops the worker.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import secrets
import socket
from collections.abc import AsyncIterator

from wfstudio.runtime import host
from wfstudio.runtime.runner import Runtime
from wfstudio.store import repo
from wfstudio.store.db import session_scope

logger = logging.getLogger(__name__)

MAX_SLEEP_SECONDS = 1.0
ERROR_PAUSE_SECONDS = 1.0
BATCH = 50


def worker_name() -> str:
    """A name that tells this worker's claims apart: host, process and a random suffix."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


def seconds_until_due(runtime: Runtime, cap: float) -> float:
    """How long to sleep before the next unclaimed wake is due, between 0 and ``cap``."""
    with session_scope(runtime.engine) as session:
        due = repo.next_due_at(session=session)
    if due is None:
        return cap
    return min(max((due - runtime.clock.now()).total_seconds(), 0.0), cap)


async def run_worker(
    stop: asyncio.Event,
    *,
    runtime: Runtime | None = None,
    name: str | None = None,
    max_sleep_s: float = MAX_SLEEP_SECONDS,
    batch: int = BATCH,
) -> int:
    """Fire due wakes until ``stop`` is set; returns how many were fired.

    Args:
        stop: set it to end the loop (the current batch finishes first).
        runtime: the runtime to fire with; default: the running loop's (:mod:`.host`).
        name: the worker's name in claims; default: :func:`worker_name`.
        max_sleep_s: the longest pause between two looks at the wakes.
        batch: wakes claimed per look.
    """
    runtime = runtime or host.get_runtime()
    name = name or worker_name()
    fired = 0
    logger.info("wake worker %s started", name)
    while not stop.is_set():
        try:
            count = await runtime.fire_due(name, limit=batch)
            fired += count
            if count:
                await asyncio.sleep(0)  # let requests in between two batches
                continue
            pause = seconds_until_due(runtime, max_sleep_s)
        except Exception:
            logger.exception("wake worker %s: firing due wakes failed; trying again", name)
            pause = min(ERROR_PAUSE_SECONDS, max_sleep_s)
        if pause > 0:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=pause)
    logger.info("wake worker %s stopped after firing %d wakes", name, fired)
    return fired


@contextlib.asynccontextmanager
async def worker_running(runtime: Runtime | None = None) -> AsyncIterator[asyncio.Task[int]]:
    """Run a worker in the background for the duration of the block, then stop it and
    close the loop's runtime (the Reflex lifespan task of the backend)."""
    stop = asyncio.Event()
    task = asyncio.create_task(run_worker(stop, runtime=runtime), name="wfstudio-wake-worker")
    try:
        yield task
    finally:
        stop.set()
        try:
            await asyncio.wait_for(task, timeout=10)
        except (TimeoutError, asyncio.CancelledError):
            task.cancel()
        finally:
            if runtime is None:
                await host.close_runtime()


async def serve_forever(stop: asyncio.Event | None = None) -> int:
    """``wfstudio worker``: a worker on the database of ``DATABASE_URL`` until ``stop``
    (or SIGINT / SIGTERM); returns how many wakes it fired."""
    import signal

    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    try:
        return await run_worker(stop)
    finally:
        await host.close_runtime()
