"""The conversation benchmark (issue, item 8).

A published workflow on a custom channel whose outbound URL is a sink on 127.0.0.1 started
here. Each conversation is two inbound HTTP calls:

(a) the contact writes "hi" → conversation opened → Send a Message (one outbound POST) →
    Ask a Question, multiple choice A/B (one outbound POST) → waits;
(b) the contact answers "A" or "B" → Branch on the answer → Update Contact Field → Assign To
    round robin over 3 online agents → Send a Message, the closing message (one outbound
    POST) → Close Conversation.

The server runs as in production (``reflex run --env prod``, backend only) pinned to core 0
with ``taskset``; the load client (closed loop: N concurrent contacts, bounded in count and
time) and the sink run here, pinned to core 1. PostgreSQL, when used, is pinned to core 0
with the server. For each database and concurrency it prints completed conversations/s, p50
and p95 latency of each call, server CPU ms per conversation, peak server RSS, and checks
that every conversation got exactly 3 outbound POSTs and that round robin is exact.

    .venv/bin/python -m bench.runtime                       # SQLite and PostgreSQL, c=50,200
    .venv/bin/python -m bench.runtime --db sqlite --concurrency 50 --max-conversations 500
    .venv/bin/python -m bench.runtime --db sqlite --concurrency 50 --profile /tmp/prof.txt
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

from bench.profile import summarize
from bench.servers import (
    Server,
    cpu_seconds,
    memory_kib,
    postgres,
    postgres_bin,
    process_tree,
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

WARMUP = 30


@dataclass
class Load:
    """What the closed-loop client measured."""

    completed: list[str] = field(default_factory=list)
    hi: list[float] = field(default_factory=list)
    answer: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0


async def closed_loop(
    url: str, prefix: str, concurrency: int, max_conversations: int, max_seconds: float
) -> Load:
    """``concurrency`` contacts, each holding conversations back to back, until
    ``max_conversations`` were started or ``max_seconds`` passed."""
    load = Load()
    numbers = itertools.count()
    started = time.monotonic()
    deadline = started + max_seconds
    connector = aiohttp.TCPConnector(limit=concurrency, force_close=False)
    timeout = aiohttp.ClientTimeout(total=60)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as http:

        async def contact() -> None:
            while time.monotonic() < deadline:
                number = next(numbers)
                if number >= max_conversations:
                    return
                who = f"{prefix}-{number}"
                try:
                    status, seconds = await post_message(http, url, who, "hi")
                    if status != 200:
                        load.errors.append(f"{who} hi: HTTP {status}")
                        continue
                    load.hi.append(seconds)
                    status, seconds = await post_message(http, url, who, "AB"[number % 2])
                    if status != 200:
                        load.errors.append(f"{who} answer: HTTP {status}")
                        continue
                    load.answer.append(seconds)
                    load.completed.append(who)
                except (aiohttp.ClientError, TimeoutError) as error:
                    load.errors.append(f"{who}: {type(error).__name__} {error}")

        await asyncio.gather(*(contact() for _ in range(concurrency)))
    load.seconds = time.monotonic() - started
    return load


@dataclass
class Result:
    database: str
    concurrency: int
    load: Load
    cpu_ms_per_conversation: float
    db_cpu_ms_per_conversation: float | None
    peak_rss_mib: float
    three_posts: int
    posts: dict[int, int]
    loadavg: float
    round_robin: dict[str, int]
    round_robin_exact: bool

    def row(self) -> str:
        done = len(self.load.completed)
        ms = [
            1000 * percentile(xs, q) for xs in (self.load.hi, self.load.answer) for q in (0.5, 0.95)
        ]
        db_cpu = (
            f"{self.db_cpu_ms_per_conversation:6.1f}"
            if self.db_cpu_ms_per_conversation
            else "     -"
        )
        checks = (
            "ok"
            if self.three_posts == done and self.round_robin_exact and not self.load.errors
            else "FAIL"
        )
        return (
            f"{self.database:<10} {self.concurrency:>4} {done:>6} {done / self.load.seconds:>8.1f}"
            f" {ms[0]:>7.1f} {ms[1]:>7.1f} {ms[2]:>7.1f} {ms[3]:>7.1f}"
            f" {self.cpu_ms_per_conversation:>7.1f} {db_cpu} {self.peak_rss_mib:>7.0f}"
            f"  {self.three_posts}/{done} 3 POSTs{self._others()}, round robin {sorted(self.round_robin.values())} {checks}"
            f" (load avg before: {self.loadavg:.1f})"
        )

    def _others(self) -> str:
        others = {n: c for n, c in sorted(self.posts.items()) if n != 3}
        return f" (POSTs: conversations {others})" if others else ""


HEADER = (
    f"{'database':<10} {'c':>4} {'convs':>6} {'conv/s':>8} {'hi p50':>7} {'hi p95':>7}"
    f" {'ans p50':>7} {'ans p95':>7} {'cpu ms':>7} {'db ms':>6} {'RSS MiB':>7}  checks"
)


async def measure(
    database: str,
    database_url: str,
    data_dir: Path,
    concurrency: int,
    max_conversations: int,
    max_seconds: float,
    db_pids: list[int],
    profile: Path | None,
) -> Result:
    loadavg = os.getloadavg()[0]
    sink = Sink()
    outbound = await sink.start()
    seed(database_url, outbound)
    server = Server(database_url, data_dir)
    try:
        await asyncio.to_thread(server.start)
        before = {pid: cpu_seconds([pid]) for pid in server.pids()}
        await closed_loop(server.url, "warm", min(concurrency, WARMUP), WARMUP, 60)
        pids = server.pids()
        busiest = max(pids, key=lambda pid: cpu_seconds([pid]) - before.get(pid, 0.0))
        db_tree = [pid for root in db_pids for pid in process_tree(root)]
        cpu0, db0 = cpu_seconds(pids), cpu_seconds(db_tree)
        spy = start_profile(busiest, profile, max_seconds)
        load = await closed_loop(server.url, "c", concurrency, max_conversations, max_seconds)
        cpu1 = cpu_seconds(pids)
        db1 = cpu_seconds([pid for root in db_pids for pid in process_tree(root)])
        peak = memory_kib(pids, "VmHWM") / 1024
        if spy is not None:
            spy.wait()
            print(summarize(profile))  # type: ignore[arg-type]
    finally:
        server.stop()
        await sink.stop()
    done = max(len(load.completed), 1)
    expected = 3
    posts = Counter(len(sink.received.get(who, [])) for who in load.completed)
    three = posts.get(expected, 0)
    result = outcome(database_url)
    return Result(
        database=database,
        concurrency=concurrency,
        load=load,
        cpu_ms_per_conversation=1000 * (cpu1 - cpu0) / done,
        db_cpu_ms_per_conversation=1000 * (db1 - db0) / done if db_pids else None,
        peak_rss_mib=peak,
        three_posts=three,
        posts=dict(posts),
        loadavg=loadavg,
        round_robin=result.per_agent,
        round_robin_exact=result.round_robin_exact,
    )


def start_profile(
    worker: int, output: Path | None, seconds: float
) -> subprocess.Popen[bytes] | None:
    """py-spy on the server's busiest process (the Granian worker) for the measured run."""
    if output is None:
        return None
    spy = ROOT / ".venv/bin/py-spy"
    return subprocess.Popen(
        [
            str(spy),
            "record",
            "--pid",
            str(worker),
            "--format",
            "raw",
            "--rate",
            "250",
            "--duration",
            str(int(seconds)),
            "--nonblocking",
            "--output",
            str(output),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


async def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="sqlite,postgresql", help="sqlite, postgresql or both")
    parser.add_argument("--concurrency", default="50,200")
    parser.add_argument("--max-conversations", type=int, default=4000)
    parser.add_argument("--max-seconds", type=float, default=30.0)
    parser.add_argument("--profile", type=Path, help="py-spy raw output (one configuration)")
    args = parser.parse_args(argv)
    pin_this_process()
    databases = [name.strip() for name in args.db.split(",") if name.strip()]
    if "postgresql" in databases and postgres_bin() is None:
        print("PostgreSQL is not installed: measuring SQLite only.")
        databases.remove("postgresql")
    results = []
    for database in databases:
        for concurrency in (int(c) for c in args.concurrency.split(",")):
            with tempfile.TemporaryDirectory(prefix="wfstudio-bench-") as tmp, ExitStack() as stack:
                data = Path(tmp)
                db_pids: list[int] = []
                if database == "sqlite":
                    url = f"sqlite:///{data / 'wfstudio.db'}"
                else:
                    url, db_pids = stack.enter_context(postgres())
                result = await measure(
                    database,
                    url,
                    data,
                    concurrency,
                    args.max_conversations,
                    args.max_seconds,
                    db_pids,
                    args.profile,
                )
                results.append(result)
                print(HEADER if len(results) == 1 else "", end="\n" if len(results) == 1 else "")
                print(result.row(), flush=True)
                for error in result.load.errors[:5]:
                    print("   error:", error)
    failed = [r for r in results if "FAIL" in r.row()]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
