"""The template gallery: search, category filter, preview, and Use Template."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"


def test_search_filter_preview_and_use_a_template(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/workflows")
    page.get_by_test_id("browse-templates").click()
    expect(page).to_have_url(re.compile(r"/templates$"))
    cards = page.get_by_test_id("template-card")
    expect(cards).to_have_count(30)
    page.screenshot(path=str(SCREENSHOTS / "templates.png"))

    page.get_by_test_id("template-search").fill("away message")
    expect(cards).to_have_count(2)
    page.get_by_test_id("template-search").fill("")
    page.get_by_test_id("template-category").click()
    page.get_by_role("option", name="CSAT").click()
    expect(cards).to_have_count(2)
    expect(page.get_by_text("CSAT to Google Sheets", exact=True)).to_be_visible()

    page.get_by_test_id("preview-csat-to-google-sheets").click()
    preview = page.get_by_test_id("template-preview")
    expect(preview).to_contain_text("Conversation Closed")
    expect(preview).to_contain_text("Add Google Sheets Row")
    expect(preview).to_contain_text("to fill in")
    page.screenshot(path=str(SCREENSHOTS / "templates-preview.png"))
    page.get_by_test_id("preview-use").click()

    expect(page).to_have_url(re.compile(r"/workflows/\d+$"))
    expect(page.get_by_text("CSAT to Google Sheets").first).to_be_visible()
