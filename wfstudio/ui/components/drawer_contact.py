"""Drawer forms of the Contact and Conversation steps."""

from __future__ import annotations

from wfstudio.domain.limits import MAX_COMMENT_CHARS
from wfstudio.ui.components.drawer_fields import (
    Choice,
    Duration,
    Form,
    Number,
    Pick,
    PickMany,
    Rows,
    Text,
    Toggle,
    When,
)

_QUEUEING = When("action", ("team", "workspace"))

ASSIGN_TO: Form = (
    Choice(
        key="action",
        label="Assign to",
        options=(
            ("specific_user", "A specific user"),
            ("team", "A user in a team"),
            ("workspace", "A user in the workspace"),
            ("unassign", "Unassign"),
        ),
    ),
    Pick(key="user", label="User", source="users", when=When("action", ("specific_user",))),
    Pick(key="team", label="Team", source="teams", when=When("action", ("team",))),
    Choice(
        key="logic",
        label="Assignment logic",
        options=(("round_robin", "Round robin"), ("least_open", "Least open contacts")),
        when=_QUEUEING,
    ),
    Toggle(key="only_online", label="Only assign to online users", when=_QUEUEING),
    Number(
        key="max_open_contacts",
        label="Only users with fewer open contacts than",
        help="Leave empty for no limit.",
        low=1,
        placeholder="No limit",
        when=_QUEUEING,
    ),
    Duration(
        key="timeout_seconds",
        label="Wait in the queue for at most",
        help="When nobody qualifies, the contact waits until someone does.",
        when=_QUEUEING,
    ),
    Toggle(
        key="timeout_branch",
        label="Add a timeout branch",
        help="Without it, the workflow ends for the contact when the time is up.",
        when=_QUEUEING,
    ),
)

UPDATE_CONTACT_TAG: Form = (
    Choice(key="action", label="Action", options=(("add", "Add tags"), ("remove", "Remove tags"))),
    PickMany(key="tags", label="Tags", source="tags", placeholder="Add a tag…"),
)

UPDATE_CONTACT_FIELD: Form = (
    Rows(
        key="updates",
        label="Fields to update",
        help="An empty value clears the field.",
        columns=(
            Pick(key="field", label="Field", source="fields"),
            Text(key="value", label="Value", variables=True, placeholder="Value or $variable"),
        ),
        add_label="Add field",
        item_label="Field",
    ),
    Toggle(
        key="failure_branch",
        label="Add a failure branch",
        help="Taken when a value does not fit its field.",
    ),
)

UPDATE_LIFECYCLE: Form = (
    Choice(
        key="action",
        label="Action",
        options=(("set", "Set the stage"), ("clear", "Clear the stage")),
    ),
    Pick(
        key="stage",
        label="Lifecycle stage",
        source="lifecycle_stages",
        when=When("action", ("set",)),
    ),
)

OPEN_CONVERSATION: Form = ()

CLOSE_CONVERSATION: Form = (
    Pick(
        key="category",
        label="Closing category",
        source="closing_categories",
        none_label="No category",
        placeholder="No category",
    ),
    Text(key="summary", label="Summary", lines=3, variables=True),
)

ADD_COMMENT: Form = (
    Text(
        key="text",
        label="Comment",
        help="An internal note for your team; the contact never sees it.",
        lines=4,
        variables=True,
        max_chars=MAX_COMMENT_CHARS,
    ),
    PickMany(
        key="mentions",
        label="Mention users",
        help="Mentioned users are notified.",
        source="users",
        placeholder="Mention a user…",
    ),
)

FORMS: dict[str, Form] = {
    "assign_to": ASSIGN_TO,
    "update_contact_tag": UPDATE_CONTACT_TAG,
    "update_contact_field": UPDATE_CONTACT_FIELD,
    "update_lifecycle": UPDATE_LIFECYCLE,
    "open_conversation": OPEN_CONVERSATION,
    "close_conversation": CLOSE_CONVERSATION,
    "add_comment": ADD_COMMENT,
}
