"""Drawer forms of the triggers (the conditions and "once per contact" are common to all)."""

from __future__ import annotations

from wfstudio.domain.limits import MAX_NAME_CHARS
from wfstudio.domain.triggers.click_to_chat_ad import AD_SOURCE_LABELS, MAX_AD_ID_CHARS
from wfstudio.domain.triggers.conversation_closed import SOURCE_LABELS as CLOSE_SOURCE_LABELS
from wfstudio.domain.triggers.conversation_opened import SOURCE_LABELS as OPEN_SOURCE_LABELS
from wfstudio.domain.triggers.incoming_webhook import IDENTIFIER_LABELS, MAX_WEBHOOK_MAPPINGS
from wfstudio.domain.triggers.shortcut import (
    FORM_FIELD_TYPES,
    MAX_DESCRIPTION_CHARS,
    MAX_FORM_FIELDS,
)
from wfstudio.ui.components.drawer_fields import (
    Checks,
    Choice,
    Form,
    Lines,
    Pick,
    PickMany,
    Rows,
    Strings,
    Text,
    Toggle,
    When,
)

# Icons offered for a shortcut in the inbox menu (lucide names).
SHORTCUT_ICONS = (
    "zap",
    "star",
    "heart",
    "flag",
    "bell",
    "gift",
    "tag",
    "user-plus",
    "phone",
    "mail",
    "calendar",
    "shopping-cart",
    "ticket",
    "circle-check",
)

CONVERSATION_OPENED: Form = (
    Checks(
        key="sources",
        label="Opened by",
        help="None ticked: any source.",
        options=tuple(OPEN_SOURCE_LABELS.items()),
    ),
)

CONVERSATION_CLOSED: Form = (
    Checks(
        key="sources",
        label="Closed by",
        help="None ticked: any source.",
        options=tuple(CLOSE_SOURCE_LABELS.items()),
    ),
    PickMany(
        key="categories",
        label="Closing categories",
        help="None chosen: any category.",
        source="closing_categories",
        placeholder="Add a category…",
    ),
)

CONTACT_TAG_UPDATED: Form = (
    Choice(
        key="action", label="When tags are", options=(("added", "Added"), ("removed", "Removed"))
    ),
    PickMany(key="tags", label="Tags", source="tags", placeholder="Add a tag…"),
)

CONTACT_FIELD_UPDATED: Form = (Pick(key="field", label="Contact field", source="fields"),)

SHORTCUT: Form = (
    Text(key="name", label="Shortcut name", max_chars=MAX_NAME_CHARS, placeholder="Book a demo"),
    Choice(
        key="icon",
        label="Icon",
        options=tuple((icon, icon.replace("-", " ").capitalize()) for icon in SHORTCUT_ICONS),
        icons=True,
    ),
    Text(key="description", label="Description", lines=2, max_chars=MAX_DESCRIPTION_CHARS),
    Rows(
        key="fields",
        label="Form fields",
        help="The agent fills these in; each answer becomes $trigger.<variable>.",
        columns=(
            Text(key="label", label="Label", placeholder="Preferred date"),
            Choice(
                key="type",
                label="Type",
                options=tuple((kind, kind.capitalize()) for kind in FORM_FIELD_TYPES),
            ),
            Text(key="variable", label="Variable", placeholder="preferred_date"),
            Toggle(key="required", label="Required"),
            Lines(
                key="options",
                label="Options (one a line)",
                when=When("type", ("list",), row=True),
            ),
        ),
        max_items=MAX_FORM_FIELDS,
        add_label="Add form field",
        item_label="Form field",
    ),
)

INCOMING_WEBHOOK: Form = (
    Choice(
        key="identifier_type",
        label="Find the contact by",
        options=tuple((key, label.capitalize()) for key, label in IDENTIFIER_LABELS.items()),
        help="An unknown contact is created.",
    ),
    Text(key="identifier_key", label="JSON key of the identifier", placeholder="customer.email"),
    Rows(
        key="mappings",
        label="Variables",
        help="Copy values of the JSON body into $trigger.<variable>.",
        columns=(
            Text(key="key", label="JSON key", placeholder="order.id"),
            Text(key="variable", label="Variable", placeholder="order_id"),
        ),
        max_items=MAX_WEBHOOK_MAPPINGS,
        add_label="Add variable",
        item_label="Variable",
    ),
)

CLICK_TO_CHAT_AD: Form = (
    Choice(key="ad_source", label="Ad source", options=tuple(AD_SOURCE_LABELS.items())),
    Pick(
        key="channel",
        label="Channel",
        source="channels",
        none_label="Any channel",
        placeholder="Any channel",
    ),
    Choice(key="ad_mode", label="Ads", options=(("all", "All ads"), ("chosen", "Chosen ads"))),
    Strings(
        key="ad_ids",
        label="Ad IDs",
        help=f"At most {MAX_AD_ID_CHARS} characters each.",
        placeholder="Ad ID",
        add_label="Add ad",
        when=When("ad_mode", ("chosen",)),
    ),
)

LIFECYCLE_UPDATED: Form = (
    Choice(
        key="stage_mode",
        label="Stages",
        options=(("any", "Any stage"), ("chosen", "Chosen stages")),
    ),
    PickMany(
        key="stages",
        label="Lifecycle stages",
        source="lifecycle_stages",
        placeholder="Add a stage…",
        when=When("stage_mode", ("chosen",)),
    ),
    Toggle(key="fire_when_cleared", label="Also when the stage is cleared"),
)

MANUAL: Form = ()

FORMS: dict[str, Form] = {
    "conversation_opened": CONVERSATION_OPENED,
    "conversation_closed": CONVERSATION_CLOSED,
    "contact_tag_updated": CONTACT_TAG_UPDATED,
    "contact_field_updated": CONTACT_FIELD_UPDATED,
    "shortcut": SHORTCUT,
    "incoming_webhook": INCOMING_WEBHOOK,
    "click_to_chat_ad": CLICK_TO_CHAT_AD,
    "lifecycle_updated": LIFECYCLE_UPDATED,
    "manual": MANUAL,
}
