"""Validation of condition groups (trigger conditions and Branch branches), and which
operators fit which condition (:func:`operators_for`, used by validation and the drawer).

Operator sets (SPEC §6 names the operators; step-details §3.4 gives some per category):

- a contact field by its type: text, email, url and phone compare as text; numbers are
  ordered; dates are before/after; a checkbox is equal or not; a list field takes the
  list operators and the text ones;
- tags: the list operators; assignee status and channel: equal or not; the last
  incoming message: the text operators; conversation facts: equal or not, and the
  closing category also "has any of / has none of";
- a variable (no declared type) and a contact field not known yet: every operator.

Every set includes ``exists`` / ``not_exists``.
"""

from __future__ import annotations

from collections.abc import Mapping

from wfstudio.domain.definition import OPERATORS, ConditionGroup, Operator
from wfstudio.domain.issues import Code
from wfstudio.domain.kinds import CheckContext
from wfstudio.domain.limits import MAX_CONDITIONS
from wfstudio.domain.refs import FieldType

VALUELESS_OPERATORS = frozenset({"exists", "not_exists"})
LIST_OPERATORS = frozenset({"has_any_of", "has_all_of", "has_none_of"})
FIELDED_CATEGORIES = frozenset({"contact_field", "variable", "conversation"})
REFERENCE_CATEGORIES = frozenset({"tags", "channel"})
OPERATOR_LABELS: Mapping[Operator, str] = {
    "equals": "is equal to",
    "not_equals": "is not equal to",
    "contains": "contains",
    "not_contains": "does not contain",
    "exists": "exists",
    "not_exists": "does not exist",
    "greater_than": "is greater than",
    "less_than": "is less than",
    "between": "is between",
    "has_any_of": "has any of",
    "has_all_of": "has all of",
    "has_none_of": "has none of",
    "before": "is before",
    "after": "is after",
}
_PRESENCE: tuple[Operator, ...] = ("exists", "not_exists")
_EQUALITY: tuple[Operator, ...] = ("equals", "not_equals", *_PRESENCE)
_TEXT: tuple[Operator, ...] = ("equals", "not_equals", "contains", "not_contains", *_PRESENCE)
_LISTS: tuple[Operator, ...] = ("has_any_of", "has_all_of", "has_none_of")
FIELD_TYPE_OPERATORS: Mapping[FieldType, tuple[Operator, ...]] = {
    "text": _TEXT,
    "email": _TEXT,
    "url": _TEXT,
    "phone": _TEXT,
    "number": ("equals", "not_equals", "greater_than", "less_than", "between", *_PRESENCE),
    "date": ("equals", "not_equals", "before", "after", "between", *_PRESENCE),
    "checkbox": _EQUALITY,
    "list": (*_LISTS, *_TEXT),
}
"""The operators of a contact-field condition, by the field's type."""
CATEGORY_OPERATORS: Mapping[str, tuple[Operator, ...]] = {
    "tags": (*_LISTS, *_PRESENCE),
    "assignee_status": _EQUALITY,
    "channel": _EQUALITY,
    "last_incoming_message": ("contains", "not_contains", "equals", "not_equals", *_PRESENCE),
}
"""The operators of the categories without a field."""
CONVERSATION_FACT_OPERATORS: Mapping[str, tuple[Operator, ...]] = {
    "status": _EQUALITY,
    "source": _EQUALITY,
    "closing_category": ("equals", "not_equals", "has_any_of", "has_none_of", *_PRESENCE),
}
"""The operators of a conversation-fact condition, by the fact."""


def operators_for(
    category: str, field: str = "", field_type: FieldType | None = None
) -> tuple[Operator, ...]:
    """The operators that fit a condition on ``category`` (and its ``field``, of type
    ``field_type`` for a contact field), in the order a menu offers them."""
    if category == "contact_field":
        return FIELD_TYPE_OPERATORS.get(field_type, OPERATORS) if field_type else OPERATORS
    if category == "conversation":
        return CONVERSATION_FACT_OPERATORS.get(field, OPERATORS)
    return CATEGORY_OPERATORS.get(category, OPERATORS)


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
        _check_operator(ctx, rule.category, rule.field, rule.operator, here, number)


def _check_operator(
    ctx: CheckContext, category: str, field: str, operator: Operator, here: str, number: int
) -> None:
    """An operator that does not fit the category (or the field's type) is an error."""
    field_type = ctx.refs.field_type(field) if category == "contact_field" and field else None
    fitting = operators_for(category, field, field_type)
    if operator in fitting:
        return
    what = f"a {field_type} field" if field_type else CATEGORY_LABELS[category].lower()
    choices = ", ".join(f"“{OPERATOR_LABELS[o]}”" for o in fitting)
    ctx.error(
        Code.TYPE_MISMATCH,
        f"{here}.operator",
        f"Condition {number}: “{OPERATOR_LABELS[operator]}” does not fit {what}; choose {choices}.",
    )
