"""The template gallery: search, category filter, preview, and Use Template."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

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
    # The flow on the builder's canvas, read-only: nodes, edges, red steps to fill in.
    nodes = preview.get_by_test_id("canvas-node")
    expect(nodes.first).to_contain_text("Conversation Closed")
    expect(preview).to_contain_text("Add Google Sheets Row")
    expect(nodes).to_have_count(_count(page))
    expect(preview.locator('[data-testid="canvas-node"][data-error="true"]').first).to_be_visible()
    expect(preview.locator(".react-flow__edge").first).to_be_attached()
    expect(preview.locator(".wf-add")).to_have_count(0)  # no "+"
    expect(preview.locator(".react-flow__minimap")).to_have_count(0)
    expect(preview.get_by_role("button", name="Undo")).to_have_count(0)
    expect(preview.get_by_role("button", name="Zoom in")).to_be_visible()
    every = preview.locator(".react-flow__node")
    for index in range(every.count()):  # fitted: the whole flow is in view
        assert _inside(every.nth(index).bounding_box(), preview.bounding_box())
    page.screenshot(path=str(SCREENSHOTS / "templates-preview.png"))
    # A node does not move when dragged (the drag pans the whole view instead).
    before = _gap(nodes.nth(0), nodes.nth(1))
    box = nodes.nth(1).bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + 40, box["y"] + 20)
    page.mouse.down()
    page.mouse.move(box["x"] + 140, box["y"] + 90, steps=5)
    page.mouse.up()
    assert _gap(nodes.nth(0), nodes.nth(1)) == before
    page.get_by_test_id("preview-use").click()

    expect(page).to_have_url(re.compile(r"/workflows/\d+$"))
    expect(page.get_by_text("CSAT to Google Sheets").first).to_be_visible()


def _count(page: Page) -> int:
    """The number of nodes of the previewed template: its trigger and steps."""
    from wfstudio.services import templates

    view = next(v for v in templates.list_templates() if v.name == "CSAT to Google Sheets")
    return view.step_count + 1


def _inside(box: dict[str, float] | None, frame: dict[str, float] | None) -> bool:
    assert box is not None and frame is not None
    return (
        box["x"] >= frame["x"] - 1
        and box["y"] >= frame["y"] - 1
        and box["x"] + box["width"] <= frame["x"] + frame["width"] + 1
        and box["y"] + box["height"] <= frame["y"] + frame["height"] + 1
    )


def _gap(first: Locator, second: Locator) -> tuple[int, int]:
    a, b = first.bounding_box(), second.bounding_box()
    assert a is not None and b is not None
    return round(b["x"] - a["x"]), round(b["y"] - a["y"])


def test_no_match_offers_to_clear_and_add_workflow_offers_templates(
    page: Page, app_url: str
) -> None:
    page.goto(f"{app_url}/workflows")
    page.get_by_test_id("add-workflow").click()
    dialog = page.get_by_role("dialog", name="Add Workflow")
    expect(dialog).to_contain_text("Names have up to 100 characters")
    expect(dialog).to_contain_text("Start from a template")
    dialog.get_by_role("button", name="Browse templates").click()
    expect(page).to_have_url(re.compile(r"/templates$"))
    expect(page.get_by_role("dialog")).to_have_count(0)

    cards = page.get_by_test_id("template-card")
    expect(cards).to_have_count(30)
    page.get_by_role("textbox", name="Search templates").fill("zebra crossing")
    empty = page.get_by_test_id("templates-no-match")
    expect(empty).to_contain_text("No template matches your search")
    expect(empty).to_contain_text("Nothing found for “zebra crossing”")
    expect(cards).to_have_count(0)
    page.screenshot(path=str(SCREENSHOTS / "templates-no-match.png"))
    empty.get_by_role("button", name="Clear search").click()
    expect(cards).to_have_count(30)
    expect(page.get_by_role("textbox", name="Search templates")).to_have_value("")
