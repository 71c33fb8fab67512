"""Suite-wide ordering: browser tests run last.

Playwright's sync API keeps an event loop running in the main thread for the rest of the
session, so tests that call ``asyncio.run`` must run before any of them.
"""

from __future__ import annotations

import pytest


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=lambda item: "/tests/e2e/" in str(item.path).replace("\\", "/"))
