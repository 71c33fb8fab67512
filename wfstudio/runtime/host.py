"""The process-wide runtime: one database engine per process, one :class:`Runtime` per
event loop.

The REST API and the wake worker of a backend process share one runtime, so the per-contact
locks of :class:`Runtime` see both (a reply never races the timeout of the question it
answers). A runtime is made lazily inside the running loop, because its HTTP client binds
to the loop it first runs in; a second loop (a test client's thread, ``wfstudio worker``)
gets its own runtime on the same engine.

Tests and benchmarks may :func:`install` their own runtime (on a temp database, a manual
clock) for the running loop.
"""

from __future__ import annotations

import asyncio
import threading
import weakref

from wfstudio.runtime.runner import Runtime
from wfstudio.store.db import Engine, database_url, make_engine, migrate

_lock = threading.Lock()
_engine: Engine | None = None
_runtimes: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Runtime] = (
    weakref.WeakKeyDictionary()
)


def get_engine() -> Engine:
    """The process's engine on ``DATABASE_URL`` (or the SQLite file), migrated once."""
    global _engine
    with _lock:
        if _engine is None:
            engine = make_engine(database_url())
            migrate(engine)
            _engine = engine
        return _engine


def get_runtime() -> Runtime:
    """The runtime of the running event loop, made on first use.

    Raises:
        RuntimeError: no event loop is running (call it from a coroutine).
    """
    loop = asyncio.get_running_loop()
    runtime = _runtimes.get(loop)
    if runtime is None:
        runtime = Runtime(get_engine())
        _runtimes[loop] = runtime
    return runtime


def install(runtime: Runtime) -> None:
    """Use ``runtime`` in the running loop from now on (tests, benchmarks)."""
    _runtimes[asyncio.get_running_loop()] = runtime


async def close_runtime() -> None:
    """Close the running loop's runtime (its HTTP connections) and forget it."""
    runtime = _runtimes.pop(asyncio.get_running_loop(), None)
    if runtime is not None:
        await runtime.aclose()
