"""Signing in and out in the browser, and what each role may open.

Also shoots screenshots/sign-in.png and screenshots/not-allowed.png (1440×900) for review.
"""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.e2e.conftest import AGENT, OWNER, SignInAs, demo_user

SHOTS = Path(__file__).resolve().parents[2] / "screenshots"
NOT_ALLOWED = "The Workflows module is for Owners and Managers."


def _fill(page: Page, email: str, password: str) -> None:
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_label("Password").press("Enter")


def test_a_wrong_password_shows_the_error(signed_out_page: Page, app_url: str) -> None:
    page = signed_out_page
    page.goto(f"{app_url}/sign-in")
    expect(page.get_by_test_id("page-title")).to_have_text("Sign in")
    page.screenshot(path=str(SHOTS / "sign-in.png"))
    _fill(page, OWNER.email, "not-the-password")
    expect(page.get_by_role("alert")).to_have_text("Wrong email or password.")
    expect(page).to_have_url(re.compile(r"/sign-in/?$"))
    # An unknown email gets the same answer.
    _fill(page, "nobody@acme.test", OWNER.password)
    expect(page.get_by_role("alert")).to_have_text("Wrong email or password.")


def test_repeated_failures_are_slowed_down(signed_out_page: Page, app_url: str) -> None:
    page, user = signed_out_page, demo_user("diego@acme.test")
    page.goto(f"{app_url}/sign-in")
    for attempt in range(5):
        _fill(page, user.email, f"guess-{attempt}")
        expect(page.get_by_role("alert")).to_have_text("Wrong email or password.")
        page.reload()  # a fresh form, so the next answer is not the one shown already
        expect(page.get_by_role("alert")).to_have_count(0)
    _fill(page, user.email, user.password)
    expect(page.get_by_role("alert")).to_contain_text(
        re.compile(r"Too many failed sign-ins for this email\. Wait 1[45] minutes")
    )
    expect(page).to_have_url(re.compile(r"/sign-in/?$"))


def test_the_owner_lands_on_the_workflows(sign_in_as: SignInAs) -> None:
    page = sign_in_as(OWNER)
    expect(page).to_have_url(re.compile(r"/workflows/?$"))
    expect(page.get_by_test_id("page-title")).to_have_text("Workflows")
    nav = page.get_by_role("navigation", name="Main navigation")
    for entry in ("Messages", "Workflows", "Templates", "Settings"):
        expect(nav.get_by_role("link", name=entry)).to_be_visible()
    expect(page.get_by_test_id("signed-in-name")).to_have_text("Olivia Owner")
    expect(page.get_by_test_id("signed-in-role")).to_have_text("Owner")


def test_a_page_asked_for_before_signing_in_opens_after_it(
    signed_out_page: Page, app_url: str
) -> None:
    page = signed_out_page
    page.goto(f"{app_url}/templates")
    expect(page).to_have_url(re.compile(r"/sign-in\?next=/templates/?$"))
    _fill(page, demo_user("manager@acme.test").email, demo_user("manager@acme.test").password)
    expect(page).to_have_url(re.compile(r"/templates/?$"))
    expect(page.get_by_test_id("page-title")).to_have_text("Templates")


def test_an_agent_finds_no_workflows_and_is_refused_them(
    sign_in_as: SignInAs, app_url: str
) -> None:
    page = sign_in_as(AGENT)
    expect(page).to_have_url(re.compile(r"/messages/?$"))
    page.goto(f"{app_url}/workflows")
    expect(page.get_by_test_id("not-allowed")).to_contain_text(NOT_ALLOWED)
    nav = page.get_by_role("navigation", name="Main navigation")
    expect(nav.get_by_role("link", name="Messages")).to_be_visible()
    expect(nav.get_by_role("link", name="Settings")).to_be_visible()
    expect(nav.get_by_role("link", name="Workflows")).to_have_count(0)
    expect(nav.get_by_role("link", name="Templates")).to_have_count(0)
    expect(page.get_by_test_id("signed-in-role")).to_have_text("Agent")
    page.screenshot(path=str(SHOTS / "not-allowed.png"))
    for path in ("/workflows/1", "/templates"):
        page.goto(f"{app_url}{path}")
        expect(page.get_by_test_id("not-allowed")).to_contain_text(NOT_ALLOWED)
    # Nothing of the module reached the browser: no listing, no builder.
    expect(page.get_by_test_id("page-title")).to_have_text("Not allowed")
    page.get_by_test_id("go-to-messages").click()
    expect(page).to_have_url(re.compile(r"/messages/?$"))


def test_the_home_page_sends_each_role_home(sign_in_as: SignInAs, app_url: str) -> None:
    agent = sign_in_as(AGENT)
    agent.goto(app_url)
    expect(agent).to_have_url(re.compile(r"/messages/?$"))
    owner = sign_in_as(OWNER)
    owner.goto(app_url)
    expect(owner).to_have_url(re.compile(r"/workflows/?$"))


def test_the_session_survives_a_reload_and_a_new_tab(sign_in_as: SignInAs, app_url: str) -> None:
    page = sign_in_as(OWNER)
    page.reload()
    expect(page.get_by_test_id("page-title")).to_have_text("Workflows")
    expect(page.get_by_test_id("signed-in-name")).to_have_text("Olivia Owner")
    tab = page.context.new_page()
    tab.goto(f"{app_url}/templates")
    expect(tab.get_by_test_id("page-title")).to_have_text("Templates")


def test_sign_out_returns_to_the_sign_in_page(sign_in_as: SignInAs, app_url: str) -> None:
    page = sign_in_as(OWNER)
    page.get_by_test_id("sign-out").click()
    expect(page).to_have_url(re.compile(r"/sign-in/?$"))
    expect(page.get_by_test_id("page-title")).to_have_text("Sign in")
    # The session is over on the server: the workflows ask for a sign-in again.
    page.goto(f"{app_url}/workflows")
    expect(page).to_have_url(re.compile(r"/sign-in\?next="))
    page.reload()
    expect(page.get_by_label("Email")).to_be_visible()
