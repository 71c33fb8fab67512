"""Every route of the studio in one place, with builder functions for the dynamic ones."""

from __future__ import annotations

HOME = "/"
WORKFLOWS = "/workflows"
TEMPLATES = "/templates"
BUILDER_ARG = "workflow_id"
BUILDER = f"/workflows/[{BUILDER_ARG}]"


def builder(workflow_id: int | str) -> str:
    """The builder page of one workflow."""
    return f"{WORKFLOWS}/{workflow_id}"


# --- sign-in, the Messages module, settings and the chat pages (issues 6 and 9) ----------
SIGN_IN = "/sign-in"
MESSAGES = "/messages"
SETTINGS = "/settings"
# --- the test chat and the public web chat pages (issue 6 items 3-4, issue 9 item 4) -------
TEST_CHAT = "/test/[code]"
WEB_CHAT = "/chat/[channel_key]"


def testing_chat(code: str) -> str:
    """The test chat of a test session's code."""
    return f"/test/{code}"


def web_chat(channel_key: str) -> str:
    """The public chat page of a web chat channel."""
    return f"/chat/{channel_key}"
