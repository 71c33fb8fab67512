"""Drawer forms of the Integrations and AI steps: HTTP Request, Google Sheets row, AI Agent."""

from __future__ import annotations

from wfstudio.domain.limits import DEFAULT_AI_IDLE_SECONDS, MAX_HTTP_HEADERS, MAX_RESPONSE_MAPPINGS
from wfstudio.domain.steps.ai_agent import MAX_AI_TEXT_CHARS
from wfstudio.domain.steps.http_request import MAX_HTTP_TIMEOUT_SECONDS
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

HTTP_REQUEST: Form = (
    Choice(
        key="method",
        label="Method",
        options=tuple((method, method) for method in ("GET", "POST", "PUT", "PATCH", "DELETE")),
    ),
    Text(
        key="url",
        label="URL",
        variables=True,
        placeholder="https://api.example.com/contacts/$contact.id",
    ),
    Rows(
        key="headers",
        label="Headers",
        columns=(
            Text(key="name", label="Name", placeholder="Authorization"),
            Text(key="value", label="Value", variables=True, placeholder="Bearer …"),
        ),
        max_items=MAX_HTTP_HEADERS,
        add_label="Add header",
        item_label="Header",
    ),
    Text(
        key="body",
        label="Body (JSON)",
        help="Sent as application/json unless a Content-Type header says otherwise.",
        lines=5,
        variables=True,
        placeholder='{"email": "$contact.email"}',
    ),
    Number(
        key="timeout_seconds",
        label="Timeout (seconds)",
        low=1,
        high=MAX_HTTP_TIMEOUT_SECONDS,
    ),
    Rows(
        key="response_mappings",
        label="Response mapping",
        help="Save parts of the JSON response as variables ($var.<name>).",
        columns=(
            Text(key="path", label="JSON path", placeholder="$.data.id"),
            Text(key="variable", label="Variable", placeholder="order_id"),
        ),
        max_items=MAX_RESPONSE_MAPPINGS,
        add_label="Add mapping",
        item_label="Mapping",
    ),
    Toggle(key="save_status", label="Save the response status as a variable"),
    Text(
        key="status_variable",
        label="Status variable",
        placeholder="status_code",
        when=When("save_status", (True,)),
    ),
    Toggle(
        key="failure_branch",
        label="Add a failure branch",
        help="Taken on a status other than 2xx, a network error or a timeout.",
    ),
)

ADD_SHEET_ROW: Form = (
    Pick(key="credential", label="Google account", source="sheet_credentials"),
    Text(
        key="spreadsheet",
        label="Spreadsheet",
        help="The spreadsheet's ID or its full URL.",
        placeholder="https://docs.google.com/spreadsheets/d/…",
    ),
    Text(key="sheet", label="Sheet", placeholder="Sheet1"),
    Rows(
        key="columns",
        label="Columns",
        columns=(
            Text(key="column", label="Column", placeholder="A", width="72px"),
            Text(key="value", label="Value", variables=True, placeholder="$contact.email"),
        ),
        add_label="Add column",
        item_label="Column",
    ),
    Toggle(key="failure_branch", label="Add a failure branch"),
)

AI_AGENT: Form = (
    Choice(
        key="objective",
        label="Objective",
        options=(
            ("collect_fields", "Collect information"),
            ("answer_questions", "Answer questions"),
        ),
    ),
    PickMany(
        key="fields",
        label="Fields to collect",
        source="fields",
        placeholder="Add a field…",
        when=When("objective", ("collect_fields",)),
    ),
    Text(
        key="instructions",
        label="Instructions",
        help="What the agent should know and how it should talk.",
        lines=5,
        max_chars=MAX_AI_TEXT_CHARS,
    ),
    Text(
        key="handover_rules",
        label="Handover rules",
        help="When to hand the contact over to a person.",
        lines=3,
        max_chars=MAX_AI_TEXT_CHARS,
    ),
    Duration(
        key="idle_seconds",
        label="Idle after",
        help=f"No reply for this long counts as idle (default {DEFAULT_AI_IDLE_SECONDS // 60} min).",
    ),
    Toggle(key="human_requested_branch", label="Add a branch when a human is requested"),
    Toggle(key="unable_branch", label="Add a branch when the agent cannot answer"),
    Toggle(key="idle_branch", label="Add an idle branch"),
    Toggle(key="failure_branch", label="Add a failure branch"),
)

FORMS: dict[str, Form] = {
    "http_request": HTTP_REQUEST,
    "add_sheet_row": ADD_SHEET_ROW,
    "ai_agent": AI_AGENT,
}
