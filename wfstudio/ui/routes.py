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
