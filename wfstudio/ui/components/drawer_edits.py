"""The drawer's editable copy of a step or the trigger, and how an edit changes it.

Pure Python (no Reflex), so the rules are tested directly. The copy is a JSON *document*
whose paths are exactly the ``Issue.field`` paths of :mod:`wfstudio.domain.validation`:

* a step: ``{"name": …, "config": {…}}`` (paths ``name``, ``config.text``,
  ``config.options.2.text`` …);
* the trigger: ``{"kind": …, "config": {…}, "conditions": {…}, "once_per_contact": …}``
  (paths ``config.tags``, ``conditions.rules.0.value`` …).

(:mod:`drawer_docs` makes the copies.) An edit arrives from a control as text, a bool or a list; :func:`coerce` turns it into the
type the config model declares at that path. A value that does not fit (``"abc"`` for a
number) is kept as typed, so validation reports it under the field instead of the input
silently jumping back.
"""

from __future__ import annotations

import copy
import types
from collections.abc import Callable
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from wfstudio.domain.condition_checks import LIST_OPERATORS, VALUELESS_OPERATORS, operators_for
from wfstudio.domain.definition import Condition, ConditionGroup
from wfstudio.domain.kinds import KindSpec
from wfstudio.domain.refs import FieldType

NONE = "__none__"
"""What a select sends for its "none" item (Radix selects cannot have an empty value)."""

Path = list[str | int]
FieldTypeOf = Callable[[str], FieldType | None]
"""A contact field key → its type (None when unknown)."""

# Per category, the operator a new condition starts with.
DEFAULT_OPERATORS = {"tags": "has_any_of", "last_incoming_message": "contains"}


def split_path(path: str) -> Path:
    """``"config.options.2.text"`` → ``["config", "options", 2, "text"]``."""
    return [int(part) if part.isdigit() else part for part in path.split(".") if part]


def get_at(doc: Any, path: str | Path) -> Any:
    """The value at ``path`` in ``doc``, or None when the path does not exist."""
    node = doc
    for part in split_path(path) if isinstance(path, str) else path:
        if isinstance(part, int) and isinstance(node, list) and 0 <= part < len(node):
            node = node[part]
        elif isinstance(part, str) and isinstance(node, dict):
            node = node.get(part)
        else:
            return None
    return node


def set_at(doc: dict[str, Any], path: str | Path, value: Any) -> dict[str, Any]:
    """A deep copy of ``doc`` with (a deep copy of) ``value`` at ``path`` (missing dicts
    are created). Copies are plain: no state proxy of ``doc`` or ``value`` survives."""
    parts = split_path(path) if isinstance(path, str) else path
    result = copy.deepcopy(doc)
    value = copy.deepcopy(value)
    node: Any = result
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        if isinstance(part, int):
            if not isinstance(node, list) or not 0 <= part < len(node):
                raise KeyError(f"no item {part} at {parts[:index]}")
            if last:
                node[part] = value
            node = node[part]
        else:
            if not isinstance(node, dict):
                raise KeyError(f"no key {part!r} at {parts[:index]}")
            if last:
                node[part] = value
            else:
                node = node.setdefault(part, {})
    return result


def unwrap_optional(annotation: Any) -> tuple[Any, bool]:
    """``X | None`` → ``(X, True)``; anything else → ``(annotation, False)``."""
    if get_origin(annotation) in (Union, types.UnionType):
        args = [arg for arg in get_args(annotation) if arg is not type(None)]
        if len(args) == 1:
            return args[0], len(args) < len(get_args(annotation))
    return annotation, False


def item_type(annotation: Any) -> Any:
    """The item type of ``tuple[X, ...]`` / ``list[X]``, else Any."""
    if get_origin(annotation) in (tuple, list):
        args = [arg for arg in get_args(annotation) if arg is not Ellipsis]
        return args[0] if args else Any
    return Any


def root_fields(spec: KindSpec[Any], *, trigger: bool) -> dict[str, Any]:
    """The annotations of a document's top-level keys."""
    if trigger:
        return {
            "kind": str,
            "config": spec.config_model,
            "conditions": ConditionGroup,
            "once_per_contact": bool,
        }
    return {"name": str, "config": spec.config_model}


def annotations_along(fields: dict[str, Any], path: str | Path) -> list[Any]:
    """The declared type at each step of ``path`` (Any where the path leaves the models)."""
    parts = split_path(path) if isinstance(path, str) else path
    found: list[Any] = []
    current: Any = None
    for index, part in enumerate(parts):
        if index == 0:
            current = fields.get(str(part), Any)
        else:
            inner, _ = unwrap_optional(current)
            if isinstance(part, int):
                current = item_type(inner)
            elif isinstance(inner, type) and issubclass(inner, BaseModel):
                field = inner.model_fields.get(part)
                current = field.annotation if field is not None else Any
            else:
                current = Any
        found.append(current)
    return found


def parse_number(text: str) -> int | float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return int(value) if value.is_integer() else value


def coerce(annotation: Any, raw: Any) -> Any:
    """``raw`` (text from an input, a bool from a switch …) as ``annotation`` wants it."""
    inner, optional = unwrap_optional(annotation)
    if raw == NONE:
        raw = ""
    if optional and (raw is None or (isinstance(raw, str) and not raw.strip())):
        return None
    if inner is bool:
        return raw if isinstance(raw, bool) else str(raw).strip().lower() in ("true", "on", "1")
    if inner in (int, float) and isinstance(raw, str):
        number = parse_number(raw.strip())
        if number is None or (inner is int and not isinstance(number, int)):
            return raw  # kept as typed: validation reports it beside the field
        return float(number) if inner is float else number
    if inner is str or get_origin(inner) is Literal:
        return "" if raw is None else str(raw)
    if get_origin(inner) in (tuple, list) and isinstance(raw, str):  # one item a line
        return [line.strip() for line in raw.splitlines() if line.strip()]
    return raw


def new_item(annotation: Any) -> Any:
    """A fresh list item for a list declared as ``annotation`` (e.g. an empty option)."""
    item, _ = unwrap_optional(item_type(unwrap_optional(annotation)[0]))
    if item is Condition:
        return {"category": "contact_field", "field": "", "operator": "equals", "value": ""}
    if isinstance(item, type) and issubclass(item, BaseModel):
        return item().model_dump(mode="json")
    return ""


def shaped_value(operator: str, value: Any) -> Any:
    """A condition value reshaped for ``operator``: none, a pair, a list or one value."""
    items = value if isinstance(value, list) else ([] if value in (None, "") else [value])
    if operator in VALUELESS_OPERATORS:
        return None
    if operator == "between":
        return [*items[:2], *[""] * (2 - len(items[:2]))]
    if operator in LIST_OPERATORS:
        return [item for item in items if item not in (None, "")]
    return items[0] if items else ""


def _no_type(_key: str) -> FieldType | None:
    return None


def edit(
    doc: dict[str, Any],
    fields: dict[str, Any],
    path: str,
    raw: Any,
    field_type: FieldTypeOf = _no_type,
) -> dict[str, Any]:
    """``doc`` with the control's ``raw`` value written at ``path``, coerced to its type.

    Condition rows follow their operator: changing the operator reshapes the value,
    changing the category clears the field and picks the category's usual operator,
    changing the field keeps the operator only when it fits the field (``field_type``
    tells a contact field's type), and text typed for a list operator is split at commas.
    """
    parts = split_path(path)
    along = annotations_along(fields, parts)
    parent = unwrap_optional(along[-2])[0] if len(along) > 1 else None
    if parent is Condition:
        return _edit_condition(doc, parts, raw, field_type)
    if len(parts) > 2 and unwrap_optional(along[-3])[0] is Condition:  # a "between" bound
        return set_at(doc, parts, "" if raw is None else str(raw))
    return set_at(doc, parts, coerce(along[-1], raw))


def fitting_operator(rule: dict[str, Any], field_type: FieldTypeOf) -> str:
    """The rule's operator when it fits its category and field, else the usual one that does."""
    category, field = str(rule.get("category", "")), str(rule.get("field") or "")
    fitting = operators_for(category, field, field_type(field) if field else None)
    if rule.get("operator") in fitting:
        return str(rule["operator"])
    usual = DEFAULT_OPERATORS.get(category, "equals")
    return usual if usual in fitting else fitting[0]


def _edit_condition(
    doc: dict[str, Any], parts: Path, raw: Any, field_type: FieldTypeOf
) -> dict[str, Any]:
    rule_path, key = parts[:-1], parts[-1]
    rule = dict(get_at(doc, rule_path) or {})
    if key == "category":
        rule["category"] = str(raw)
        rule["field"] = ""
        rule["operator"] = DEFAULT_OPERATORS.get(str(raw), "equals")
        rule["value"] = shaped_value(rule["operator"], None)
    elif key == "field":
        rule["field"] = "" if raw in (None, NONE) else str(raw)
        operator = fitting_operator(rule, field_type)
        if operator != rule.get("operator"):
            rule["operator"] = operator
            rule["value"] = shaped_value(operator, rule.get("value"))
    elif key == "operator":
        rule["operator"] = str(raw)
        rule["value"] = shaped_value(str(raw), rule.get("value"))
    elif key == "value" and rule.get("operator") in LIST_OPERATORS and isinstance(raw, str):
        rule["value"] = [part.strip() for part in raw.split(",") if part.strip()]
    else:
        rule[str(key)] = "" if raw == NONE else raw
    return set_at(doc, rule_path, rule)


def with_row_added(doc: dict[str, Any], fields: dict[str, Any], path: str) -> dict[str, Any]:
    """``doc`` with a fresh item (of the list's declared type) appended to the list at ``path``."""
    items = list(get_at(doc, path) or [])
    return set_at(doc, path, [*items, new_item(annotations_along(fields, path)[-1])])


def with_row_removed(doc: dict[str, Any], path: str, index: int) -> dict[str, Any]:
    """``doc`` without item ``index`` of the list at ``path``."""
    items = list(get_at(doc, path) or [])
    return set_at(doc, path, items[:index] + items[index + 1 :])


Order = list[int | None]
"""For each item of a list after a row edit, the index it had before (None: a new item),
so what hangs on an item (a branch's or an option's port) can follow it."""


def removal_order(count: int, index: int) -> Order:
    """The order after item ``index`` of ``count`` is removed."""
    return [i for i in range(count) if i != index]


def with_row_moved(doc: dict[str, Any], path: str, index: int, target: int) -> tuple[Any, Order]:
    """``doc`` with item ``index`` of the list at ``path`` moved to ``target``, and the
    order (unchanged when either is out of range)."""
    items = list(get_at(doc, path) or [])
    order: Order = list(range(len(items)))
    if not (0 <= index < len(items) and 0 <= target < len(items)) or index == target:
        return doc, order
    order.insert(target, order.pop(index))
    return set_at(doc, path, [items[i] for i in order if i is not None]), order


def with_row_cloned(doc: dict[str, Any], path: str, index: int) -> tuple[Any, Order]:
    """``doc`` with a copy of item ``index`` of the list at ``path`` right after it."""
    items = list(get_at(doc, path) or [])
    order: Order = list(range(len(items)))
    if not 0 <= index < len(items):
        return doc, order
    order.insert(index + 1, None)
    cloned = [*items[: index + 1], copy.deepcopy(items[index]), *items[index + 1 :]]
    return set_at(doc, path, cloned), order


def toggled(items: Any, key: str) -> list[Any]:
    """``items`` with ``key`` removed when present, appended otherwise."""
    current = list(items) if isinstance(items, list) else []
    return [item for item in current if item != key] if key in current else [*current, key]


def appended_variable(text: Any, variable: str) -> str:
    """``text`` with ``variable`` appended, separated by a space when needed."""
    before = text if isinstance(text, str) else ""
    space = "" if not before or before[-1].isspace() else " "
    return f"{before}{space}{variable}"
