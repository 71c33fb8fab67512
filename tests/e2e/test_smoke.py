"""The app starts, is served by Reflex, and the page shows the catalogue."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from wfstudio.domain.catalogue import STEPS, TRIGGERS


def test_home_page_lists_the_catalogue(page: Page, app_url: str) -> None:
    page.goto(app_url)
    expect(page.get_by_test_id("app-title")).to_have_text("wfstudio")
    expect(page.get_by_test_id("trigger-count")).to_have_text(f"{len(TRIGGERS)} triggers")
    expect(page.get_by_test_id("step-count")).to_have_text(f"{len(STEPS)} steps")
    expect(page.get_by_text("Send a Message", exact=True)).to_be_visible()
    expect(page).to_have_title(re.compile("wfstudio"))
