"""The processes the benchmarks run: the server (``reflex run --env prod``, backend only)
pinned to a core, a throwaway PostgreSQL, and reading their CPU time and memory from /proc.

Everything listens on 127.0.0.1 only; everything started here is stopped here.
"""

from __future__ import annotations

import compileall
import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from bench.workload import ROOT, SERVER_CORE, free_port

# --- the server as a real process ---------------------------------------------------------


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == pid:
            found.append(int(entry.name))
    return found


def process_tree(pid: int) -> list[int]:
    """``pid`` and all its descendants alive now."""
    tree, todo = [], [pid]
    while todo:
        current = todo.pop()
        tree.append(current)
        todo.extend(_children(current))
    return tree


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of the processes (alive ones), in seconds."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
    return total / ticks


def memory_kib(pids: list[int], key: str) -> int:
    """Sum of a /proc/<pid>/status memory line (``VmRSS``, ``VmHWM``) over the processes."""
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith(f"{key}:"):
                    total += int(line.split()[1])
    return total


@dataclass
class Server:
    """``reflex run --env prod --backend-only`` on 127.0.0.1, pinned to one core."""

    database_url: str
    data_dir: Path
    port: int = field(default_factory=free_port)
    core: str | None = SERVER_CORE
    process: subprocess.Popen[bytes] | None = None
    started_at: float = 0.0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def env(self) -> dict[str, str]:
        env = {
            **os.environ,
            "REFLEX_TELEMETRY_ENABLED": "false",
            "REFLEX_CHECK_LATEST_VERSION": "false",
            "WFSTUDIO_DATA_DIR": str(self.data_dir),
            "WFSTUDIO_OUTBOUND_ALLOW": "127.0.0.1",  # the channel's sink listens there
        }
        if not self.database_url.startswith("sqlite"):
            env["DATABASE_URL"] = self.database_url
        return env

    def start(self, timeout_s: float = 120) -> float:
        """Start it; returns the seconds from launch until ``/api/health`` answers 200.

        The app's bytecode is compiled first, as an installed package's is (where
        ``PYTHONDONTWRITEBYTECODE`` is set, a server would otherwise compile its ~240
        modules from source at every start)."""
        compileall.compile_dir(ROOT / "wfstudio", quiet=1)
        command = [
            str(ROOT / ".venv/bin/reflex"),
            "run",
            "--env",
            "prod",
            "--backend-only",
            "--backend-host",
            "127.0.0.1",
            "--backend-port",
            str(self.port),
            "--loglevel",
            "warning",
        ]
        if self.core is not None:
            command = ["taskset", "-c", self.core, *command]
        log = (self.data_dir / "server.log").open("ab")
        self.started_at = time.monotonic()
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=self.env(),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        deadline = self.started_at + timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(f"{self.url}/api/health", timeout=1) as reply:
                    if reply.status == 200:
                        return time.monotonic() - self.started_at
            except OSError:
                time.sleep(0.02)
        raise RuntimeError(f"the server did not answer in {timeout_s} s:\n{self.log_tail()}")

    def log_tail(self) -> str:
        path = self.data_dir / "server.log"
        return path.read_text(errors="replace")[-3000:] if path.exists() else ""

    def pids(self) -> list[int]:
        return process_tree(self.process.pid) if self.process is not None else []

    def kill9(self) -> None:
        """SIGKILL the whole server (its process group), like a power cut of the process."""
        if self.process is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
            self.process = None

    def stop(self) -> None:
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.kill9()
        self.process = None


# --- PostgreSQL ---------------------------------------------------------------------------


def postgres_bin() -> Path | None:
    for candidate in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (candidate / "initdb").is_file():
            return candidate
    found = shutil.which("initdb")
    return Path(found).parent if found else None


@contextlib.contextmanager
def postgres(core: str | None = SERVER_CORE) -> Iterator[tuple[str, list[int]]]:
    """A throwaway PostgreSQL (durable settings: fsync and synchronous_commit on) on
    127.0.0.1, pinned with the server; yields its URL and a way to find its processes."""
    bin_dir = postgres_bin()
    if bin_dir is None:
        raise RuntimeError("PostgreSQL is not installed")
    root = Path(tempfile.mkdtemp(prefix="wfstudio-bench-pg-"))
    as_postgres = os.geteuid() == 0
    if as_postgres:
        shutil.chown(root, "postgres", "postgres")
    port = free_port()

    def run(*args: str) -> None:
        command = [str(bin_dir / args[0]), *args[1:]]
        if as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        if core is not None:
            command = ["taskset", "-c", core, *command]
        subprocess.run(command, check=True, capture_output=True, timeout=120)

    data = root / "data"
    run("initdb", "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C")
    options = f"-c listen_addresses=127.0.0.1 -p {port} -c unix_socket_directories={root} -c max_connections=200"
    run("pg_ctl", "start", "-w", "-D", str(data), "-l", str(root / "log"), "-o", options)
    postmaster: list[int] = []
    with contextlib.suppress(OSError, ValueError):
        postmaster.append(int((data / "postmaster.pid").read_text().split()[0]))
    try:
        import psycopg

        with psycopg.connect(
            f"host=127.0.0.1 port={port} user=postgres dbname=postgres", autocommit=True
        ) as conn:
            conn.execute('CREATE DATABASE "bench"')
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/bench", postmaster
    finally:
        with contextlib.suppress(subprocess.SubprocessError):
            run("pg_ctl", "stop", "-D", str(data), "-m", "fast", "-w")
        shutil.rmtree(root, ignore_errors=True)
