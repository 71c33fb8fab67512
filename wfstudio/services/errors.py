"""The one exception services raise for anything a user can cause."""

from __future__ import annotations

from wfstudio.domain.issues import Issue


class Refused(Exception):
    """An operation was refused; nothing changed.

    Attributes:
        message: one or more sentences for the person who asked, ready to show.
        issues: the validation issues behind the refusal, when there are any (the UI
            lists them under ⚠ and beside their fields).
    """

    def __init__(self, message: str, issues: list[Issue] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.issues = list(issues or [])


class NotFound(Refused):
    """What was asked for does not exist (any more)."""
