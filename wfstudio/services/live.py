"""The live runtime of this process, for the REST API and the app's lifespan.

The API's handlers and the wake worker of a backend process share one runtime per event
loop (:mod:`wfstudio.runtime.host`), so a contact's reply and its question's timeout are
handled one after the other, never at once.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from wfstudio.runtime.host import close_runtime, get_runtime, install
from wfstudio.runtime.runner import Runtime
from wfstudio.runtime.worker import run_worker, serve_forever, worker_running
from wfstudio.store import repo
from wfstudio.store.db import session_scope

__all__ = [
    "Runtime",
    "background_worker",
    "close_runtime",
    "get_runtime",
    "health",
    "install",
    "run_worker",
    "serve_forever",
    "worker_running",
]


def health(runtime: Runtime) -> dict[str, str | None]:
    """Whether the database answers, and when the next wake is due (ISO 8601, UTC)."""
    with session_scope(runtime.engine) as session:
        due = repo.next_due_at(session=session)
    return {"database": "ok", "next_wake_due_at": due.isoformat() if due else None}


@asynccontextmanager
async def background_worker() -> AsyncIterator[None]:
    """The wake worker for the lifetime of a backend process (a Reflex lifespan task:
    ``app.register_lifespan_task(background_worker)``); closes the runtime at the end."""
    async with worker_running():
        yield
