"""The durability benchmark (issue, item 9).

The conversation workflow of :mod:`bench.runtime`, the server as a real process
(``reflex run --env prod``, backend only). 500 conversations are parked at the question
(each contact wrote "hi" and got the welcome and the question); the server is killed with
SIGKILL; it is started again; all 500 replies are then sent. It prints how long the
restarted server took to answer, how many replies completed, and how many times each
closing message was sent (exactly once is right).

    .venv/bin/python -m bench.durability                 # SQLite
    .venv/bin/python -m bench.durability --db postgresql
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from collections import Counter
from contextlib import ExitStack
from pathlib import Path

import aiohttp

from bench.servers import (
    Server,
    postgres,
)
from bench.workload import (
    ROOT,
    Sink,
    outcome,
    percentile,
    pin_this_process,
    post_message,
    seed,
)


async def send_all(url: str, messages: list[tuple[str, str]], concurrency: int) -> list[float]:
    """Send (contact, text) messages, ``concurrency`` at a time; their latencies. A message
    that is not acknowledged with 200 is an error (raised)."""
    queue = list(reversed(messages))
    latencies: list[float] = []
    failures: list[str] = []
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60)) as http:

        async def lane() -> None:
            while queue:
                contact, text = queue.pop()
                status, seconds = await post_message(http, url, contact, text)
                if status == 200:
                    latencies.append(seconds)
                else:
                    failures.append(f"{contact} {text!r}: HTTP {status}")

        await asyncio.gather(*(lane() for _ in range(concurrency)))
    if failures:
        raise RuntimeError(f"{len(failures)} messages refused, e.g. {failures[:3]}")
    return latencies


async def run(database: str, database_url: str, data: Path, parked: int, concurrency: int) -> bool:
    sink = Sink()
    seed(database_url, await sink.start())
    server = Server(database_url, data)
    contacts = [f"d-{n}" for n in range(parked)]
    try:
        first_start = await asyncio.to_thread(server.start)
        await send_all(server.url, [(c, "hi") for c in contacts], concurrency)
        parked_ok = sum(
            1
            for c in contacts
            if [kind for kind, _ in sink.received.get(c, [])] == ["message", "question"]
        )
        killed_at = time.monotonic()
        server.kill9()
        restart = await asyncio.to_thread(server.start)
        down = time.monotonic() - killed_at
        replies = await send_all(
            server.url, [(c, "AB"[n % 2]) for n, c in enumerate(contacts)], concurrency
        )
    finally:
        server.stop()
        await sink.stop()
    closing = Counter(count(sink, c, "Thanks") for c in contacts)
    welcome = Counter(count(sink, c, "Welcome") for c in contacts)
    result = outcome(database_url)
    print(f"database: {database}")
    print(f"  pages the backend evaluates before it answers: {pages_evaluated_at_start()}")
    print(f"  first start: server answered {first_start:.2f} s after launch")
    print(f"  parked at the question: {parked_ok}/{parked} (welcome + question each)")
    print(
        f"  kill -9, restart: answered {restart:.2f} s after its start ({down:.2f} s down in all)"
    )
    print(
        f"  replies after the restart: {len(replies)}/{parked} acknowledged"
        f" (p50 {1000 * percentile(replies, 0.5):.0f} ms, p95 {1000 * percentile(replies, 0.95):.0f} ms)"
    )
    print(
        f"  closing message sent per conversation: {dict(sorted(closing.items()))}  (exactly once: {closing.get(1, 0)}/{parked})"
    )
    print(f"  welcome message sent per conversation: {dict(sorted(welcome.items()))}")
    print(f"  enrollments completed: {result.completed}, conversations closed: {result.closed}")
    print(f"  round robin: {result.per_agent} (exact: {result.round_robin_exact})")
    return (
        parked_ok == parked
        and closing == Counter({1: parked})
        and welcome == Counter({1: parked})
        and result.completed == parked
        and result.round_robin_exact
    )


def pages_evaluated_at_start() -> str:
    """The pages Reflex's backend worker evaluates before it answers: those whose evaluation
    defined a state class when the frontend was last compiled (none is right; all of them
    when no frontend was ever compiled here, which makes the start seconds slower)."""
    marker = ROOT / ".web" / "backend" / "stateful_pages.json"
    if not marker.is_file():
        return "all (no frontend compiled here yet: run the e2e tests or `make run` once)"
    pages = json.loads(marker.read_text())
    return ", ".join(pages) if pages else "none"


def count(sink: Sink, contact: str, opening: str) -> int:
    """How many messages starting with ``opening`` the contact was sent."""
    return sum(
        1
        for kind, text in sink.received.get(contact, [])
        if kind == "message" and text.startswith(opening)
    )


async def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="sqlite", choices=["sqlite", "postgresql"])
    parser.add_argument("--parked", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=50)
    args = parser.parse_args(argv)
    pin_this_process()
    with tempfile.TemporaryDirectory(prefix="wfstudio-durability-") as tmp, ExitStack() as stack:
        data = Path(tmp)
        if args.db == "sqlite":
            url = f"sqlite:///{data / 'wfstudio.db'}"
        else:
            url, _ = stack.enter_context(postgres())
        ok = await run(args.db, url, data, args.parked, args.concurrency)
    print("all checks passed" if ok else "CHECKS FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
