"""End-to-end fixtures: the real app in prod mode on a free 127.0.0.1 port, and Debian's Chromium.

The app is started once per test session, on a fresh database with the demo workspace
loaded, and stopped by the fixture that started it.

Signing in: the default ``page`` (and every context pytest-playwright makes) is signed in as
the demo owner — the owner signs in once per session through the real sign-in page and the
browser's storage (the session token in localStorage) is reused. For another demo user, use
the ``sign_in_as`` fixture, which signs in through the sign-in page in a fresh context::

    def test_an_agent_sees_messages(app_url: str, sign_in_as: SignInAs) -> None:
        agent = sign_in_as(AGENT)  # a Page at the agent's home (/messages)

``signed_out_page`` is a page where nobody is signed in.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from wfstudio.services.demo_data import DEMO_USERS, DemoUser

ROOT = Path(__file__).resolve().parents[2]
# A guarded page shows its content once the backend has checked the session (one round
# trip after the page loads): on a busy 2-core machine that can take more than the default 5 s.
expect.set_options(timeout=10_000)
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
        "WFSTUDIO_OUTBOUND_ALLOW": "127.0.0.1",  # the fake APIs the journeys call
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


VIEWPORT = {"width": 1440, "height": 900}
SIGN_IN_TIMEOUT_MS = 20_000


def demo_user(email: str) -> DemoUser:
    """The demo user with this email (their password is in ``.password``)."""
    return next(user for user in DEMO_USERS if user.email == email)


OWNER = demo_user("owner@acme.test")
MANAGER = demo_user("manager@acme.test")
AGENT = demo_user("alice@acme.test")  # an agent, not restricted


def sign_in(page: Page, app_url: str, user: DemoUser) -> Page:
    """Sign ``user`` in through the sign-in page and wait until their home page shows."""
    page.goto(f"{app_url}/sign-in")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(user.password)
    page.get_by_label("Password").press("Enter")
    page.wait_for_url(lambda url: "/sign-in" not in url, timeout=SIGN_IN_TIMEOUT_MS)
    return page


@pytest.fixture(scope="session")
def owner_storage(app_url: str, browser: Browser, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo owner's browser storage after one real sign-in (reused by every context)."""
    path = tmp_path_factory.mktemp("owner-storage") / "state.json"
    context = browser.new_context(viewport=VIEWPORT)  # type: ignore[arg-type]
    try:
        sign_in(context.new_page(), app_url, OWNER)
        context.storage_state(path=path)
    finally:
        context.close()
    return path


@pytest.fixture(scope="session")
def browser_context_args(
    browser_context_args: dict[str, object], owner_storage: Path
) -> dict[str, object]:
    """Every context: 1440×900, signed in as the demo owner."""
    return {**browser_context_args, "viewport": VIEWPORT, "storage_state": str(owner_storage)}


@pytest.fixture
def signed_out_page(app_url: str, browser: Browser) -> Iterator[Page]:
    """A page in a fresh context where nobody is signed in (e.g. a contact's chat page)."""
    context = browser.new_context(viewport=VIEWPORT)  # type: ignore[arg-type]
    yield context.new_page()
    context.close()


SignInAs = Callable[[DemoUser], Page]


@pytest.fixture
def sign_in_as(app_url: str, browser: Browser) -> Iterator[SignInAs]:
    """Sign a demo user in, in a fresh browser context of their own; gives their page."""
    contexts = []

    def open_as(user: DemoUser) -> Page:
        context = browser.new_context(viewport=VIEWPORT)  # type: ignore[arg-type]
        contexts.append(context)
        return sign_in(context.new_page(), app_url, user)

    yield open_as
    for context in contexts:
        context.close()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)
