"""The app starts, is served by Reflex, and ``/`` leads to the Workflows listing."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect


def test_home_redirects_to_the_workflows_listing(page: Page, app_url: str) -> None:
    page.goto(app_url)
    expect(page).to_have_url(re.compile(r"/workflows$"))
    expect(page.get_by_test_id("page-title")).to_have_text("Workflows")
    expect(page.get_by_role("navigation", name="Main navigation")).to_contain_text("Workflows")
    expect(page).to_have_title(re.compile("wfstudio"))


def test_favicon_ico_is_served(page: Page, app_url: str) -> None:
    """Browsers and crawlers ask for /favicon.ico whatever the page links to."""
    response = page.request.get(f"{app_url}/favicon.ico")
    assert response.status == 200
    assert response.body()[:4] == b"\x00\x00\x01\x00"  # an ICO file
