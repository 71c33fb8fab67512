"""What one benchmark conversation costs the database, in process (no HTTP server): SQL
statements and transactions per conversation by kind, and CPU ms per conversation.

    .venv/bin/python -m bench.queries [--conversations 50] [--concurrency 1] [--db-url …]

A quick way to see whether a runtime change saved queries, before running bench.runtime.
With ``--concurrency N`` the conversations run N at a time (as the server sees them), so
the commits per conversation show how much the group commit shares (SQLite).
"""

from __future__ import annotations

import argparse
import asyncio
import re
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from sqlalchemy import event

from bench.workload import CHANNEL, TOKEN, Sink, seed
from wfstudio.domain.outbound import AllowList
from wfstudio.runtime.http import HttpClient
from wfstudio.runtime.runner import Runtime
from wfstudio.services import inbound
from wfstudio.store.db import make_engine

TABLE = re.compile(r"\b(?:FROM|INTO|UPDATE)\s+(\w+)", re.IGNORECASE)


def kind_of(statement: str) -> str:
    verb = statement.split(None, 1)[0].upper()
    table = TABLE.search(statement)
    return f"{verb} {table.group(1)}" if table else verb


async def measure(url: str, conversations: int, concurrency: int = 1) -> None:
    sink = Sink()
    seed(url, await sink.start())
    engine = make_engine(url)
    # the sink listens on 127.0.0.1, which a deployment must allow-list to reach
    runtime = Runtime(engine, http=HttpClient(allow=AllowList.parse("127.0.0.1")))
    statements: Counter[str] = Counter()
    commits = 0

    async def conversation(number: int) -> None:
        for text in ("hi", "AB"[number % 2]):
            await inbound.receive_channel_message(
                runtime,
                channel_key=CHANNEL,
                token=TOKEN,
                body={"contact": {"id": f"q{number}", "name": "Q"}, "text": text},
            )

    try:
        for number in range(5):  # warm caches (definitions, compiled statements)
            await conversation(number)

        @event.listens_for(engine, "before_cursor_execute")
        def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
            statements[kind_of(statement)] += 1

        @event.listens_for(engine, "commit")
        def committed(_conn: Any) -> None:
            nonlocal commits
            commits += 1

        numbers = iter(range(5, 5 + conversations))

        async def lane() -> None:
            for number in numbers:
                await conversation(number)

        started, wall = time.process_time(), time.perf_counter()
        await asyncio.gather(*(lane() for _ in range(concurrency)))
        cpu, wall = time.process_time() - started, time.perf_counter() - wall
    finally:
        await runtime.aclose()
        await sink.stop()
        engine.dispose()
    n = conversations
    print(f"{engine.url.get_backend_name()}: per conversation (two inbound messages):")
    print(f"  CPU {1000 * cpu / n:.1f} ms in process (no HTTP server), concurrency {concurrency}")
    print(f"  {n / wall:.1f} conversations/s, CPU busy {100 * cpu / wall:.0f}% of the time")
    print(f"  {sum(statements.values()) / n:.0f} SQL statements, {commits / n:.1f} commits")
    for kind, count_ in statements.most_common():
        print(f"  {count_ / n:5.1f}  {kind}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=50)
    parser.add_argument("--concurrency", type=int, default=1)
    parser.add_argument("--db-url", help="an empty database (default: a temp SQLite file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="wfstudio-queries-") as tmp:
        url = args.db_url or f"sqlite:///{Path(tmp) / 'wfstudio.db'}"
        asyncio.run(measure(url, args.conversations, args.concurrency))


if __name__ == "__main__":
    main()
