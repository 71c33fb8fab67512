"""Validation of condition groups (trigger conditions and Branch branches)."""

from __future__ import annotations

from wfstudio.domain.definition import ConditionGroup
from wfstudio.domain.issues import Code
from wfstudio.domain.kinds import CheckContext
from wfstudio.domain.limits import MAX_CONDITIONS

VALUELESS_OPERATORS = frozenset({"exists", "not_exists"})
LIST_OPERATORS = frozenset({"has_any_of", "has_all_of", "has_none_of"})
FIELDED_CATEGORIES = frozenset({"contact_field", "variable", "conversation"})
REFERENCE_CATEGORIES = frozenset({"tags", "channel"})
CATEGORY_LABELS = {
    "contact_field": "Contact field",
    "tags": "Tags",
    "variable": "Variable",
    "assignee_status": "Assignee status",
    "channel": "Channel",
    "last_incoming_message": "Last incoming message",
    "conversation": "Conversation",
}


def check_conditions(group: ConditionGroup, ctx: CheckContext, path: str) -> None:
    """Report the problems of ``group`` into ``ctx``; ``path`` is where it sits in the config."""
    ctx.max_items(group.rules, MAX_CONDITIONS, f"{path}.rules", "Conditions")
    for index, rule in enumerate(group.rules):
        here = f"{path}.rules.{index}"
        number = index + 1
        category = CATEGORY_LABELS[rule.category]
        if rule.category in FIELDED_CATEGORIES and not rule.field:
            code = Code.MISSING_REFERENCE if rule.category == "contact_field" else Code.REQUIRED
            ctx.error(code, f"{here}.field", f"Condition {number} ({category}) needs a field.")
        if rule.operator in VALUELESS_OPERATORS:
            continue
        value = rule.value
        # Tags and channels are workspace data: an empty one is still to be chosen.
        empty = Code.MISSING_REFERENCE if rule.category in REFERENCE_CATEGORIES else Code.REQUIRED
        if rule.operator == "between":
            if not (
                isinstance(value, list)
                and len(value) == 2
                and all(v not in (None, "") for v in value)
            ):
                ctx.error(
                    Code.REQUIRED,
                    f"{here}.value",
                    f"Condition {number} needs two values (from and to).",
                )
        elif rule.operator in LIST_OPERATORS:
            if not (isinstance(value, list) and value):
                ctx.error(empty, f"{here}.value", f"Condition {number} needs at least one value.")
        elif value is None or value == "" or value == []:
            ctx.error(empty, f"{here}.value", f"Condition {number} needs a value.")
        if rule.category == "contact_field" and rule.field:
            field_type = ctx.refs.field_type(rule.field)
            if rule.operator in ("before", "after") and field_type not in (None, "date"):
                ctx.error(
                    Code.TYPE_MISMATCH,
                    f"{here}.operator",
                    f"Condition {number}: “{rule.operator.replace('_', ' ')}” needs a date field.",
                )
            if rule.operator in ("greater_than", "less_than", "between") and field_type not in (
                None,
                "number",
                "date",
            ):
                ctx.error(
                    Code.TYPE_MISMATCH,
                    f"{here}.operator",
                    f"Condition {number}: “{rule.operator.replace('_', ' ')}” needs a number or date field.",
                )
