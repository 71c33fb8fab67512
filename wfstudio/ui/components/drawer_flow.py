"""Drawer forms of the Flow steps: Branch, Jump To, Wait, Date & Time, Trigger Another Workflow."""

from __future__ import annotations

from wfstudio.domain.limits import MAX_JUMPS
from wfstudio.ui.components.drawer_fields import (
    Choice,
    Custom,
    Form,
    Number,
    Pick,
    Strings,
    Text,
    When,
)

BRANCH: Form = (
    Custom(
        key="branches",
        label="Branches",
        help="Checked from the top: the contact takes the first branch whose conditions "
        "match, or Else.",
        renderer="branches",
    ),
)

JUMP_TO: Form = (
    Pick(key="target", label="Jump to step", source="steps"),
    Number(
        key="max_jumps",
        label="Maximum number of jumps",
        help="Once reached, the contact continues below this step instead.",
        low=1,
        high=MAX_JUMPS,
    ),
)

WAIT: Form = (
    Number(key="amount", label="Wait for", low=1),
    Choice(
        key="unit",
        label="Unit",
        options=(
            ("seconds", "Seconds"),
            ("minutes", "Minutes"),
            ("hours", "Hours"),
            ("days", "Days"),
        ),
    ),
)

_HOURS = When("mode", ("business_hours",))

DATE_TIME: Form = (
    Text(key="timezone", label="Timezone", placeholder="Europe/Paris", suggest="timezones"),
    Choice(
        key="mode",
        label="Check",
        options=(("business_hours", "Business hours"), ("date_range", "A date range")),
    ),
    Custom(
        key="business_hours",
        label="Business hours",
        help="Several ranges a day are allowed; a day without a range is closed.",
        renderer="week_hours",
        when=_HOURS,
    ),
    Strings(
        key="holidays",
        label="Holidays",
        help="Closed all day.",
        input_type="date",
        add_label="Add holiday",
        when=_HOURS,
    ),
    Custom(
        key="date_range",
        label="Date range",
        help="Inside from the start (included) to the end (excluded), in the timezone above.",
        renderer="date_range",
        when=When("mode", ("date_range",)),
    ),
)

TRIGGER_WORKFLOW: Form = (
    Pick(
        key="workflow",
        label="Workflow",
        help="Only workflows with a Manual trigger can be started from here.",
        source="manual_workflows",
    ),
)

FORMS: dict[str, Form] = {
    "branch": BRANCH,
    "jump_to": JUMP_TO,
    "wait": WAIT,
    "date_time": DATE_TIME,
    "trigger_workflow": TRIGGER_WORKFLOW,
}
