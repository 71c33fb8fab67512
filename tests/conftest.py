"""Suite-wide settings.

Browser tests run last: Playwright's sync API keeps an event loop running in the main
thread for the rest of the session, so tests that call ``asyncio.run`` must run before
any of them.

Outbound requests may reach 127.0.0.1 (and only that of the non-public addresses): the
fake APIs, channels and AI endpoints of the tests listen there. The deployment default
(public addresses only) is what the tests of the rule itself check, with a client given
its own allow-list.

Passwords are hashed with argon2-cffi's cheapest profile: the suite hashes and checks
thousands of passwords (every fixture user, every demo load, every sign-in), at about
0.13 s each with the deployment's parameters. What the tests of hashing check (one check
per sign-in, the dummy hash's parameters, upgrades) holds for any profile.
"""

from __future__ import annotations

import os

import pytest

from wfstudio.domain.outbound import ALLOW_ENV

TEST_OUTBOUND_ALLOW = "127.0.0.1"
os.environ[ALLOW_ENV] = TEST_OUTBOUND_ALLOW
os.environ.setdefault("WFSTUDIO_ARGON2_PROFILE", "CHEAPEST")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=lambda item: "/tests/e2e/" in str(item.path).replace("\\", "/"))
