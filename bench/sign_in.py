"""Sign-in under load (issue 15, item 4): does Argon2 slow the rest of the server down?

The server as a real process (``reflex run --env prod``, backend only, pinned to one core,
as in :mod:`bench.runtime`), seeded with the conversation workflow and one user with a
password per signing-in client (a limit counts the sign-ins under way for an email). Two probes run side by side for ``--seconds``: ``GET /api/health`` every 10 ms,
and channel messages one after the other (each a new contact's "hi": the workflow sends
its welcome and question to a sink). They run first alone, then while ``--sign-ins``
clients sign in over and over with the right password (each sign-in is one Argon2 check).

    .venv/bin/python -m bench.sign_in [--db sqlite|postgresql] [--sign-ins 20] [--seconds 6]

Prints latency percentiles of each probe, alone and under load, and the sign-ins' own
rate and latency. Figures only, nothing asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
from sqlmodel import select

from bench.servers import Server, postgres, postgres_bin
from bench.workload import Sink, percentile, pin_this_process, post_message, seed
from wfstudio.services import auth
from wfstudio.store.db import make_engine, session_scope
from wfstudio.store.tables import User, Workspace

PASSWORD = "bench sign-in password"


def add_users(url: str, count: int) -> list[str]:
    """``count`` users who sign in with :data:`PASSWORD`; their emails."""
    engine = make_engine(url)
    password_hash = auth.hash_password(PASSWORD)
    emails = [f"signer{n}@bench.test" for n in range(count)]
    with session_scope(engine) as session:
        workspace_id = session.exec(select(Workspace.id)).one()
        assert workspace_id is not None
        session.add_all(
            User(
                workspace_id=workspace_id,
                key=f"signer{n}",
                name=f"Signer {n}",
                email=email,
                password_hash=password_hash,
            )
            for n, email in enumerate(emails)
        )
    engine.dispose()
    return emails


@dataclass
class Probe:
    """Latencies (seconds) of what one phase measured."""

    health: list[float] = field(default_factory=list)
    messages: list[float] = field(default_factory=list)
    sign_ins: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _ms(values: list[float]) -> str:
    if not values:
        return "-"
    p50, p95 = percentile(values, 0.5), percentile(values, 0.95)
    return f"p50 {1000 * p50:7.1f}  p95 {1000 * p95:7.1f}  max {1000 * max(values):7.1f} ms"


async def _phase(url: str, seconds: float, emails: list[str], prefix: str) -> Probe:
    probe = Probe()
    deadline = time.monotonic() + seconds
    timeout = aiohttp.ClientTimeout(total=60)
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(timeout=timeout, connector=connector) as http:

        async def health() -> None:
            while time.monotonic() < deadline:
                started = time.perf_counter()
                async with http.get(f"{url}/api/health") as reply:
                    await reply.read()
                    if reply.status != 200:
                        probe.errors.append(f"health: HTTP {reply.status}")
                probe.health.append(time.perf_counter() - started)
                await asyncio.sleep(0.01)

        async def messages() -> None:
            number = 0
            while time.monotonic() < deadline:
                status, took = await post_message(http, url, f"{prefix}-{number}", "hi")
                number += 1
                probe.messages.append(took)
                if status != 200:
                    probe.errors.append(f"message: HTTP {status}")

        async def sign_in(email: str) -> None:
            body = {"email": email, "password": PASSWORD}
            while time.monotonic() < deadline:
                started = time.perf_counter()
                async with http.post(f"{url}/api/sessions", json=body) as reply:
                    await reply.read()
                    if reply.status != 200:
                        probe.errors.append(f"sign-in: HTTP {reply.status}")
                probe.sign_ins.append(time.perf_counter() - started)

        await asyncio.gather(health(), messages(), *(sign_in(email) for email in emails))
    return probe


async def run(database: str, url: str, data: Path, sign_ins: int, seconds: float) -> None:
    sink = Sink()
    seed(url, await sink.start())
    emails = add_users(url, sign_ins)
    server = Server(url, data)
    try:
        await asyncio.to_thread(server.start)
        await _phase(server.url, 1.0, [], "warm")  # first requests pay for imports, caches
        alone = await _phase(server.url, seconds, [], "alone")
        loaded = await _phase(server.url, seconds, emails, "loaded")
    finally:
        server.stop()
        await sink.stop()
    print(f"database: {database}, {sign_ins} concurrent sign-ins, {seconds:.0f} s per phase")
    for name, probe in (("alone", alone), (f"during {sign_ins} sign-ins", loaded)):
        print(f"  {name}:")
        print(f"    /api/health       ({len(probe.health):4d})  {_ms(probe.health)}")
        print(f"    channel message   ({len(probe.messages):4d})  {_ms(probe.messages)}")
        if probe.sign_ins:
            rate = len(probe.sign_ins) / seconds
            print(f"    sign-in           ({len(probe.sign_ins):4d})  {_ms(probe.sign_ins)}")
            print(f"    sign-ins per second: {rate:.1f}")
        for error in sorted(set(probe.errors))[:5]:
            print(f"    error: {error} (x{probe.errors.count(error)})")


async def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="sqlite", help="sqlite, postgresql or both")
    parser.add_argument("--sign-ins", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=6.0)
    args = parser.parse_args(argv)
    pin_this_process()
    databases = [name.strip() for name in args.db.split(",") if name.strip()]
    if "postgresql" in databases and postgres_bin() is None:
        print("PostgreSQL is not installed: measuring SQLite only.")
        databases.remove("postgresql")
    for database in databases:
        with tempfile.TemporaryDirectory(prefix="wfstudio-bench-") as tmp, ExitStack() as stack:
            data = Path(tmp)
            if database == "sqlite":
                url = f"sqlite:///{data / 'wfstudio.db'}"
            else:
                url, _ = stack.enter_context(postgres())
            await run(database, url, data, args.sign_ins, args.seconds)
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
