"""Evaluation of conditions (trigger conditions and Branch branches, SPEC §3 and §6).

:class:`Facts` is everything a condition may look at, gathered by the runtime just before
the evaluation (so contact data is current); :func:`evaluate` and :func:`branch_taken`
decide. Pure: ``now`` and the timezone are facts like any other; nothing here raises on
odd data.

How values compare (decisions where SPEC §6 names the operators only):

- **Missing** means None, a blank string, an empty list or an empty mapping. A missing
  fact matches nothing, except the negative operators ``not_exists``, ``not_equals``,
  ``not_contains`` and ``has_none_of``, which it always satisfies.
- **Kinds.** A contact field compares by its type (``field_types``, else the standard
  fields); tags are a list; the last incoming message is text; variables, conversation
  facts, the channel and the assignee status have no declared type, so numbers are
  compared as numbers when both sides are numbers, booleans as checkbox values, and
  anything else as text. Any fact that is a JSON list compares as a list.
- **Text** comparisons ignore case and surrounding spaces. **Numbers** are exact
  decimals (``"10"`` equals ``10.0``). **Checkbox** values are true/false, on/off,
  yes/no, 1/0. **Phone** numbers compare by their digits (``+60 11-22`` equals
  ``601122``). **Dates** are ISO dates or date-times, any of the 11 answer formats, or
  for the condition's value a relative value (``today``, ``now - 2h``, see
  :func:`wfstudio.domain.dates.parse_moment`). When either side is a date without a
  time, both are compared as calendar days in the workspace timezone; otherwise as
  instants (a date-time without an offset is in the workspace timezone).
- ``equals`` with a **list value** on a single-valued fact means "is one of" (so a
  channel condition can list several channels); on a list fact it means "the same
  items, in any order". ``contains`` is a substring test on text and item membership on
  lists; with a list value it is true when any listed value is contained.
- ``greater_than`` / ``less_than`` / ``between`` compare numbers, or dates for date
  fields and values that are dates; ``between`` is inclusive and takes ``[from, to]`` in
  either order. Values that cannot be compared (text, lists) do not match.
- ``has_any_of`` / ``has_all_of`` / ``has_none_of`` take a list value (a single value is
  a list of one) and treat a single-valued fact as a list of one.
- ``exists`` on tags means "has at least one tag".
- An empty group matches. :func:`branch_taken` tries branches in order; the first match
  wins, so an empty branch catches everything after it (validation should flag it).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from decimal import Decimal, InvalidOperation
from typing import Literal, TypeAlias

from pydantic import JsonValue

from wfstudio.domain.dates import parse_date, parse_datetime, parse_moment, zone
from wfstudio.domain.definition import Condition, ConditionGroup, Operator
from wfstudio.domain.refs import STANDARD_FIELDS, FieldType

NEGATIVE_OPERATORS: frozenset[Operator] = frozenset(
    {"not_exists", "not_equals", "not_contains", "has_none_of"}
)

Kind: TypeAlias = FieldType | None  # None: no declared type, inferred from the values


@dataclass(frozen=True)
class Facts:
    """What conditions can see at one moment, for one contact.

    Attributes:
        now: the current instant (aware).
        timezone: the workspace's IANA timezone name (unknown names fall back to UTC).
        contact: contact field key → value (standard and custom fields).
        field_types: contact field key → type, for custom fields (standard ones are known).
        tags: the contact's tag keys.
        variables: ``"trigger.<name>"`` / ``"var.<name>"`` → value.
        assignee_status: ``"online"`` / ``"offline"``, or None when nobody is assigned.
        channel: the key of the conversation's (or last interacted) channel.
        last_incoming_message: the text of the contact's last message.
        conversation: ``status`` (open / closed), ``source`` and ``closing_category``.
    """

    now: datetime
    timezone: str = "UTC"
    contact: Mapping[str, JsonValue] = field(default_factory=dict)
    field_types: Mapping[str, FieldType] = field(default_factory=dict)
    tags: frozenset[str] = frozenset()
    variables: Mapping[str, JsonValue] = field(default_factory=dict)
    assignee_status: Literal["online", "offline"] | None = None
    channel: str | None = None
    last_incoming_message: str | None = None
    conversation: Mapping[str, JsonValue] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.now.tzinfo is None:
            raise ValueError("Facts.now must be an aware datetime")

    @property
    def tz(self) -> tzinfo:
        return zone(self.timezone)


def evaluate(group: ConditionGroup, facts: Facts) -> bool:
    """Whether ``group`` holds: all rules (``and``) or any rule (``or``); empty → True."""
    if not group.rules:
        return True
    results = (matches(rule, facts) for rule in group.rules)
    return all(results) if group.join == "and" else any(results)


def branch_taken(branches: Sequence[ConditionGroup], facts: Facts) -> int | None:
    """The index of the first branch whose conditions hold, or None (take Else)."""
    for index, group in enumerate(branches):
        if evaluate(group, facts):
            return index
    return None


def matches(condition: Condition, facts: Facts) -> bool:
    """Whether one condition holds for ``facts`` (never raises)."""
    fact, kind = _fact(condition, facts)
    operator = condition.operator
    if not _exists(fact):
        return operator in NEGATIVE_OPERATORS
    if operator == "exists":
        return True
    if operator == "not_exists":
        return False
    value = condition.value
    ctx = _Context(facts)
    if operator in ("equals", "not_equals"):
        return _equals(fact, value, kind, ctx) == (operator == "equals")
    if operator in ("contains", "not_contains"):
        return _contains(fact, value) == (operator == "contains")
    if operator in ("has_any_of", "has_all_of", "has_none_of"):
        have = _items(fact)
        wanted = _items(value)
        if operator == "has_all_of":
            return bool(wanted) and wanted <= have
        return bool(wanted & have) == (operator == "has_any_of")
    if operator == "between":
        if not (isinstance(value, list) and len(value) == 2):
            return False
        first, second = (_compare(fact, bound, kind, ctx) for bound in value)
        if first is None or second is None:
            return False
        return first * second <= 0  # inside [from, to] or [to, from], ends included
    dates_only = operator in ("before", "after")
    order = _compare(fact, value, "date" if dates_only else kind, ctx)
    if order is None:
        return False
    return order < 0 if operator in ("less_than", "before") else order > 0


def _fact(condition: Condition, facts: Facts) -> tuple[JsonValue, Kind]:
    """The fact a condition looks at, and how to compare it."""
    category = condition.category
    value: JsonValue
    kind: Kind = None
    if category == "contact_field":
        value = facts.contact.get(condition.field)
        kind = facts.field_types.get(condition.field) or STANDARD_FIELDS.get(condition.field)
    elif category == "tags":
        value, kind = [tag for tag in sorted(facts.tags)], "list"
    elif category == "variable":
        value = facts.variables.get(condition.field.removeprefix("$"))
    elif category == "assignee_status":
        value = facts.assignee_status
    elif category == "channel":
        value = facts.channel
    elif category == "last_incoming_message":
        value, kind = facts.last_incoming_message, "text"
    else:
        value = facts.conversation.get(condition.field)
    if isinstance(value, list):
        kind = "list"
    return value, kind


def _exists(value: JsonValue) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list | dict):
        return bool(value)
    return True


class _Context:
    """The clock and timezone, and "today" computed once."""

    def __init__(self, facts: Facts) -> None:
        self.now = facts.now
        self.tz = facts.tz
        self.today = facts.now.astimezone(self.tz).date()


def _text(value: JsonValue) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip().casefold()


def _items(value: JsonValue) -> frozenset[str]:
    values = value if isinstance(value, list) else [value]
    return frozenset(_text(item) for item in values if _exists(item))


def _equals(fact: JsonValue, value: JsonValue, kind: Kind, ctx: _Context) -> bool:
    if kind == "list":
        return _items(fact) == _items(value)
    if isinstance(value, list):
        return any(_equals(fact, item, kind, ctx) for item in value)
    if kind in (None, "number", "date"):
        order = _compare(fact, value, kind, ctx)
        if order is not None:
            return order == 0
    if kind in (None, "checkbox"):
        flags = _flag(fact), _flag(value)
        if None not in flags and (kind == "checkbox" or isinstance(fact, bool)):
            return flags[0] == flags[1]
    if kind == "phone":
        digits = _digits(fact), _digits(value)
        if all(digits):
            return digits[0] == digits[1]
    return _exists(value) and _text(fact) == _text(value)


def _contains(fact: JsonValue, value: JsonValue) -> bool:
    wanted = [item for item in (value if isinstance(value, list) else [value]) if _exists(item)]
    if isinstance(fact, list):
        have = _items(fact)
        return any(_text(item) in have for item in wanted)
    text = _text(fact)
    return any(_text(item) in text for item in wanted)


_FLAGS = {
    "true": True,
    "on": True,
    "yes": True,
    "1": True,
    "checked": True,
    "false": False,
    "off": False,
    "no": False,
    "0": False,
    "unchecked": False,
}


def _flag(value: JsonValue) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float | str):
        return _FLAGS.get(_text(value))
    return None


def _digits(value: JsonValue) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return str(abs(value))
    return re.sub(r"[^0-9]", "", value) if isinstance(value, str) else ""


_NUMERIC = re.compile(r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]{1,4})?$")


def _number(value: JsonValue) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value)) if math.isfinite(value) else None
    if isinstance(value, str) and _NUMERIC.match(value.strip()):
        try:
            return Decimal(value.strip())
        except InvalidOperation:
            return None
    return None


def _moment(value: JsonValue, ctx: _Context, *, relative: bool) -> date | datetime | None:
    if not isinstance(value, str):
        return None
    if relative:
        return parse_moment(value, now=ctx.now, tz=ctx.tz)
    day = parse_date(value, ctx.today)
    return day if day is not None else parse_datetime(value, ctx.tz)


def _compare(fact: JsonValue, value: JsonValue, kind: Kind, ctx: _Context) -> int | None:
    """-1, 0 or 1 as ``fact`` is below, equal to or above ``value``; None if incomparable.

    ``kind`` "number" compares numbers only, "date" dates only; None tries numbers, then
    dates. Other kinds are not ordered.
    """
    if kind in (None, "number"):
        a, b = _number(fact), _number(value)
        if a is not None and b is not None:
            return (a > b) - (a < b)
    if kind in (None, "date"):
        x = _moment(fact, ctx, relative=False)
        y = _moment(value, ctx, relative=True)
        if x is not None and y is not None:
            return _compare_moments(x, y, ctx.tz)
    return None


def _compare_moments(x: date | datetime, y: date | datetime, tz: tzinfo) -> int:
    if isinstance(x, datetime) and isinstance(y, datetime):
        return (x > y) - (x < y)
    dx = x.astimezone(tz).date() if isinstance(x, datetime) else x
    dy = y.astimezone(tz).date() if isinstance(y, datetime) else y
    return (dx > dy) - (dx < dy)
