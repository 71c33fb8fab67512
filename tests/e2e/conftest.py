"""End-to-end fixtures: the real app in prod mode on a free 127.0.0.1 port, and Debian's Chromium.

The app is started once per test session, on a fresh database with the demo workspace
loaded, and stopped by the fixture that started it.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
START_TIMEOUT_S = 240


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_until_up(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the app exited early:\n{log.read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(
        f"the app did not answer {url} in {START_TIMEOUT_S}s:\n{log.read_text()[-4000:]}"
    )


def _app_env(data: Path) -> dict[str, str]:
    return {
        **os.environ,
        "REFLEX_TELEMETRY_ENABLED": "false",
        "REFLEX_CHECK_LATEST_VERSION": "false",
        "WFSTUDIO_DATA_DIR": str(data),
    }


def load_demo(data: Path) -> None:
    """``wfstudio demo`` on the database in ``data`` (what ``make run`` does first)."""
    result = subprocess.run(
        [str(ROOT / ".venv/bin/wfstudio"), "demo"],
        cwd=ROOT,
        env=_app_env(data),
        capture_output=True,
        text=True,
        timeout=120,
    )
    if result.returncode != 0:
        raise RuntimeError(f"wfstudio demo failed:\n{result.stdout}\n{result.stderr}")


@contextmanager
def running_app(data: Path) -> Iterator[str]:
    """``reflex run --env prod`` on a free 127.0.0.1 port with its database in ``data``;
    yields the base URL and stops the app (its whole process group) afterwards."""
    port = _free_port()
    log = data / "reflex.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                str(ROOT / ".venv/bin/reflex"),
                "run",
                "--env",
                "prod",
                "--frontend-port",
                str(port),
                "--backend-port",
                str(port),
                "--backend-host",
                "127.0.0.1",
            ],
            cwd=ROOT,
            env=_app_env(data),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(f"{url}/ping", process, log)
        _wait_until_up(f"{url}/", process, log)
        yield url
    finally:
        _stop(process)


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stops the app's whole process group (it may have exited already)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@pytest.fixture(scope="session")
def app_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The data folder (SQLite database) of the session's app, with the demo loaded."""
    data = tmp_path_factory.mktemp("app-data")
    load_demo(data)
    return data


@pytest.fixture(scope="session")
def app_url(app_data: Path) -> Iterator[str]:
    """Starts the app once per session (demo workspace loaded) and yields its base URL."""
    with running_app(app_data) as url:
        yield url


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, object]) -> dict[str, object]:
    """Debian's Chromium: Playwright cannot download its own browser here."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, object]) -> dict[str, object]:
    return {**browser_context_args, "viewport": {"width": 1440, "height": 900}}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)
