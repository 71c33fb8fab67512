"""``$variables`` in message texts, comments, URLs, headers and field values (SPEC §6).

A variable is ``$<namespace>.<name>``: the namespace is ``contact``, ``assignee``,
``system``, ``trigger`` or ``var`` and the name one segment of letters, digits and
underscores. The name ends at the first other character, so ``"Hi $contact.firstname."``
and ``"$contact.firstname's order"`` work. Pure: ``now`` and the timezone are in the
:class:`Scope`.

Decisions:

- A variable that is unknown, or whose value is None (the contact has no country, there
  is no assignee, the variable was never set), is left in the text unreplaced, as the
  original product does (step-details §5). An empty string renders as empty.
- ``$contact.name`` is first and last name joined by a space (either may be missing; a
  ``name`` in the contact mapping is used only when both are);
  ``$assignee.name`` is the assignee's ``name`` or else first + last name.
- ``$system.current_datetime`` is ``YYYY-MM-DD HH:MM:SS``, ``current_date`` ``YYYY-MM-DD``
  and ``current_time`` ``HH:MM:SS``, all in the workspace timezone.
- Namespaces and the built-in names are case-insensitive; custom field and variable
  names match exactly first, then ignoring case.
- Values render as text: numbers without a useless ``.0``, booleans ``true``/``false``,
  lists as ``a, b``, objects as compact JSON.
- ``$$`` is a literal ``$`` (``$$contact.name`` renders ``$contact.name``). A ``$`` not
  followed by a namespace and a name (``$5``, ``US$``) stays as it is.
- Variable names have a single segment, so ``$var.order.id`` is ``$var.order`` followed
  by ``.id``. A name the user gives a variable (where an answer, a response or a trigger
  value is saved, used as ``$var.<name>`` or ``$trigger.<name>``) is stricter: letters,
  digits and underscores, not starting with a digit, at most 64 characters
  (:func:`is_variable_name`).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Final

from pydantic import JsonValue

from wfstudio.domain.dates import zone

NAMESPACES = ("contact", "assignee", "system", "trigger", "var")
CONTACT_VARIABLES = ("name", "firstname", "lastname", "email", "phone", "id")
ASSIGNEE_VARIABLES = ("name", "firstname", "lastname", "email")
SYSTEM_VARIABLES = ("current_datetime", "current_date", "current_time")

VARIABLE_IN_TEXT: Final = re.compile(r"\$\$|\$([A-Za-z_][A-Za-z0-9_]*)\.([A-Za-z0-9_]+)")
"""A ``$variable`` inside text (groups: namespace, name), or the ``$$`` escape."""

VARIABLE_NAME_PATTERN: Final = r"^[A-Za-z_][A-Za-z0-9_]{0,63}$"
"""A name the user gives a variable: a letter or ``_``, then letters, digits or ``_`` (at
most 64 in all), so that ``$var.<name>`` / ``$trigger.<name>`` is unambiguous in text."""

_VARIABLE_NAME = re.compile(VARIABLE_NAME_PATTERN)

_SYSTEM_FORMATS = {
    "current_datetime": "%Y-%m-%d %H:%M:%S",
    "current_date": "%Y-%m-%d",
    "current_time": "%H:%M:%S",
}


@dataclass(frozen=True)
class Scope:
    """The values ``$variables`` render from.

    Attributes:
        now: the current instant (aware).
        timezone: the workspace's IANA timezone name (unknown names fall back to UTC).
        contact: contact field key → value: ``id``, ``firstname``, ``lastname``,
            ``email``, ``phone``, ``country`` … and custom field keys.
        assignee: ``name``, ``firstname``, ``lastname``, ``email`` of the assigned user,
            or None when nobody is assigned.
        variables: ``"trigger.<name>"`` and ``"var.<name>"`` → value (the same keys as
            :class:`wfstudio.domain.conditions.Facts`).
    """

    now: datetime
    timezone: str = "UTC"
    contact: Mapping[str, JsonValue] = field(default_factory=dict)
    assignee: Mapping[str, JsonValue] | None = None
    variables: Mapping[str, JsonValue] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.now.tzinfo is None:
            raise ValueError("Scope.now must be an aware datetime")

    def lookup(self, namespace: str, name: str) -> JsonValue:
        """The value of ``$namespace.name``, or None when unknown or unset."""
        namespace = namespace.lower()
        if namespace == "contact":
            return _person(self.contact, name, own_name_first=False)
        if namespace == "assignee":
            if self.assignee is None or name.lower() not in ASSIGNEE_VARIABLES:
                return None
            return _person(self.assignee, name, own_name_first=True)
        if namespace == "system":
            fmt = _SYSTEM_FORMATS.get(name.lower())
            return None if fmt is None else self.now.astimezone(zone(self.timezone)).strftime(fmt)
        if namespace in ("trigger", "var"):
            return _get(self.variables, f"{namespace}.{name}")
        return None


def _get(values: Mapping[str, JsonValue], key: str) -> JsonValue:
    if key in values:
        return values[key]
    folded = key.casefold()
    for candidate, value in values.items():
        if candidate.casefold() == folded:
            return value
    return None


def _person(values: Mapping[str, JsonValue], name: str, *, own_name_first: bool) -> JsonValue:
    """A person's field; ``name`` is first + last name (or their own ``name`` field)."""
    if name.lower() != "name":
        return _get(values, name)
    own = values.get("name")
    if own_name_first and own is not None:
        return own
    parts = [values.get("firstname"), values.get("lastname")]
    if all(part is None for part in parts):
        return own
    return " ".join(_as_text(part).strip() for part in parts if part is not None).strip()


def _as_text(value: JsonValue) -> str:
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return ", ".join(_as_text(item) for item in value)
    return json.dumps(value, separators=(",", ":"), sort_keys=True, ensure_ascii=False)


def render(text: str, scope: Scope) -> str:
    """``text`` with its ``$variables`` replaced from ``scope`` (never raises).

    Unknown variables and unset values keep their ``$…`` text; ``$$`` becomes ``$``.
    """

    def replace(found: re.Match[str]) -> str:
        if found.group(0) == "$$":
            return "$"
        value = scope.lookup(found.group(1), found.group(2))
        return found.group(0) if value is None else _as_text(value)

    return VARIABLE_IN_TEXT.sub(replace, text)


def variables_in(text: str) -> list[str]:
    """The ``namespace.name`` of every variable in ``text``, once each, in order.

    Any namespace is listed (``$contakt.name`` gives ``contakt.name``) so that checks can
    report the unknown ones; escaped ``$$…`` is not a variable.
    """
    names: list[str] = []
    for found in VARIABLE_IN_TEXT.finditer(text):
        if found.group(0) == "$$":
            continue
        name = f"{found.group(1)}.{found.group(2)}"
        if name not in names:
            names.append(name)
    return names


def has_variable(text: str) -> bool:
    """Whether ``text`` contains at least one ``$variable`` (``$$`` is not one)."""
    return any(found.group() != "$$" for found in VARIABLE_IN_TEXT.finditer(text))


def is_variable_name(name: str) -> bool:
    """Whether ``name`` is a valid name for a workflow or trigger variable."""
    return bool(_VARIABLE_NAME.fullmatch(name))
