"""Validation findings: a stable code for programs, a sentence for people."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

Severity = Literal["error", "warning"]

TRIGGER_ID = "trigger"  # same as definition.RESERVED_STEP_ID
"""The ``step_id`` used for issues that concern the trigger."""


class Code(StrEnum):
    """Stable issue codes. Tests assert on these; the UI shows the messages."""

    REQUIRED = "required"
    MISSING_REFERENCE = "missing_reference"
    UNKNOWN_REFERENCE = "unknown_reference"
    TOO_LONG = "too_long"
    TOO_MANY = "too_many"
    TOO_FEW = "too_few"
    OUT_OF_RANGE = "out_of_range"
    INVALID_VALUE = "invalid_value"
    TYPE_MISMATCH = "type_mismatch"
    DUPLICATE = "duplicate"
    NO_TRIGGER = "no_trigger"
    NO_STEPS = "no_steps"
    TOO_MANY_STEPS = "too_many_steps"
    UNKNOWN_KIND = "unknown_kind"
    UNKNOWN_STEP = "unknown_step"
    UNKNOWN_PORT = "unknown_port"
    DUPLICATE_STEP_ID = "duplicate_step_id"
    UNREACHABLE = "unreachable"
    LOOP_SELF_TRIGGER = "loop_self_trigger"
    LOOP_NO_PAUSE = "loop_no_pause"
    LOOP_ACROSS_WORKFLOWS = "loop_across_workflows"
    OUTBOUND_NOT_ALLOWED = "outbound_not_allowed"


REFERENCE_CODES = frozenset({Code.MISSING_REFERENCE, Code.UNKNOWN_REFERENCE})
"""Codes caused only by workspace data (what a template leaves for the user to fill)."""


@dataclass(frozen=True)
class Issue:
    """One finding about a workflow definition.

    Attributes:
        code: stable snake_case code (see :class:`Code`).
        message: a full sentence naming the step and the field, for lists such as ⚠.
        step_id: the step concerned, :data:`TRIGGER_ID` for the trigger, None for the
            whole workflow.
        field: dotted path inside the step, e.g. ``config.text`` or ``config.options.2``.
        detail: the short form shown next to the field in the drawer.
        severity: "error" blocks save and publish; "warning" only informs.
        related: other steps or workflows involved (loops name their culprits here).
    """

    code: Code
    message: str
    step_id: str | None = None
    field: str = ""
    detail: str = ""
    severity: Severity = "error"
    related: tuple[str, ...] = ()

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


def errors(issues: list[Issue]) -> list[Issue]:
    """The blocking issues among ``issues``."""
    return [issue for issue in issues if issue.is_error]
