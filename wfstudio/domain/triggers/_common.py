"""Helpers the trigger kinds share: variable names, list checks and condition facts.

Loop detection asks each trigger whether an event a step causes would fire it
(:meth:`TriggerSpec.is_fired_by`). The config is the primary filter; trigger conditions
are consulted as well where an event tells enough to decide a rule. :func:`conditions_allow`
evaluates a condition group against the few *facts* an event establishes and answers
False only when the group certainly fails — any rule it cannot decide counts as
possibly true, so the answer stays conservative.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from pydantic import JsonValue

from wfstudio.domain.definition import Condition, ConditionGroup
from wfstudio.domain.issues import Code
from wfstudio.domain.kinds import CheckContext
from wfstudio.domain.refs import RefKind
from wfstudio.domain.variables import is_variable_name


def valid_unique_names(names: Iterable[str]) -> list[str]:
    """The valid names among ``names``, first occurrence kept, in order."""
    seen: list[str] = []
    for name in names:
        name = name.strip()
        if is_variable_name(name) and name not in seen:
            seen.append(name)
    return seen


def check_variable_names(ctx: CheckContext, named: list[tuple[str, str]], what: str) -> None:
    """Check variable names given as ``(name, path)``: required, valid, unique.

    ``what`` names the owner in messages, e.g. ``"Form field"`` gives
    ``Form field 2: the variable name is required.``
    """
    seen: dict[str, int] = {}
    for index, (raw, path) in enumerate(named):
        number = index + 1
        name = raw.strip()
        if not name:
            ctx.error(Code.REQUIRED, path, f"{what} {number}: the variable name is required.")
            continue
        if not is_variable_name(name):
            ctx.error(
                Code.INVALID_VALUE,
                path,
                f"{what} {number}: “{name}” is not a valid variable name "
                "(use letters, digits and _, not starting with a digit; at most 64 characters).",
            )
            continue
        if name in seen:
            ctx.error(
                Code.DUPLICATE,
                path,
                f"{what} {number}: the variable name “{name}” is already used by "
                f"{what.lower()} {seen[name]}.",
            )
            continue
        seen[name] = number


def check_ref_list(
    ctx: CheckContext,
    keys: tuple[str, ...],
    kind: RefKind,
    path: str,
    label: str,
    *,
    required: bool,
) -> None:
    """A list of workspace references: at least one when ``required``, no blanks, no repeats.

    An empty required list is a :attr:`Code.MISSING_REFERENCE` (the user still has to
    choose), like :meth:`CheckContext.require_ref` for single references.
    """
    if required and not keys:
        ctx.error(Code.MISSING_REFERENCE, path, f"Choose at least one {label}.")
        return
    seen: set[str] = set()
    for index, key in enumerate(keys):
        if not key:
            ctx.require_ref(key, kind, f"{path}.{index}", f"the {label}")
        elif key in seen:
            ctx.error(Code.DUPLICATE, f"{path}.{index}", f"The {label} “{key}” is chosen twice.")
        seen.add(key)


def check_unique(
    ctx: CheckContext,
    items: tuple[str, ...],
    path: str,
    label: str,
    names: Mapping[str, str] | None = None,
) -> None:
    """Report every repeat in ``items`` (a list of choices) as :attr:`Code.DUPLICATE`."""
    seen: set[str] = set()
    for index, item in enumerate(items):
        if item in seen:
            shown = (names or {}).get(item, item)
            ctx.error(Code.DUPLICATE, f"{path}.{index}", f"The {label} “{shown}” is chosen twice.")
        seen.add(item)


def join_keys(keys: Iterable[str], limit: int = 3) -> str:
    """``a, b, c`` or ``a, b, c +2`` for a canvas summary."""
    items = [key for key in keys if key]
    shown = ", ".join(items[:limit])
    return f"{shown} +{len(items) - limit}" if len(items) > limit else shown


# ---------------------------------------------------------------------------
# Condition facts (for is_fired_by)


@dataclass(frozen=True)
class Facts:
    """What an event establishes about the moment the trigger would fire.

    Attributes:
        values: ``(category, field)`` → known value, e.g.
            ``("variable", "trigger.source") → "workflow"`` or
            ``("conversation", "source") → "workflow"``.
        tags: tag key → whether the contact certainly has it (after the event).
    """

    values: Mapping[tuple[str, str], str] = field(default_factory=dict)
    tags: Mapping[str, bool] = field(default_factory=dict)


def trigger_facts(variables: Mapping[str, str | None]) -> dict[tuple[str, str], str]:
    """Facts about trigger variables (``None`` values, i.e. unknown, are left out)."""
    return {
        ("variable", f"trigger.{name}"): value
        for name, value in variables.items()
        if value is not None
    }


def _norm(value: str) -> str:
    return value.strip().casefold()


def _strings(value: JsonValue) -> list[str] | None:
    """The value as a list of strings, or None when it is not one."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return [item for item in value if isinstance(item, str)]
    return None


def _value_rule(condition: Condition, known: str) -> bool | None:
    """Outcome of ``condition`` on a field whose single value is ``known``; None = unsure."""
    operator = condition.operator
    have = _norm(known)
    if operator == "exists":
        return bool(have)
    if operator == "not_exists":
        return not have
    values = _strings(condition.value)
    if values is None or not values:
        return None
    wanted = [_norm(value) for value in values]
    if operator in ("equals", "not_equals"):
        if len(wanted) != 1:
            return None
        return (have == wanted[0]) == (operator == "equals")
    if operator in ("contains", "not_contains"):
        if len(wanted) != 1:
            return None
        return (wanted[0] in have) == (operator == "contains")
    if operator == "has_any_of":
        return have in wanted
    if operator == "has_none_of":
        return have not in wanted
    if operator == "has_all_of":
        return all(item == have for item in wanted)
    return None


def _tag_rule(condition: Condition, tags: Mapping[str, bool]) -> bool | None:
    """Outcome of a tags condition given the tags known present/absent; None = unsure."""
    values = _strings(condition.value)
    if not values or not tags:
        return None
    states = [tags.get(value) for value in values]
    operator = condition.operator
    if operator == "has_none_of" or (operator == "not_contains" and len(values) == 1):
        return False if any(state is True for state in states) else None
    if operator == "has_all_of" or (operator == "contains" and len(values) == 1):
        return False if any(state is False for state in states) else None
    if operator == "has_any_of":
        return False if all(state is False for state in states) else None
    return None


def _rule_outcome(condition: Condition, facts: Facts) -> bool | None:
    if condition.category == "tags":
        return _tag_rule(condition, facts.tags)
    name = condition.field.strip()
    if condition.category == "variable":
        name = name.removeprefix("$")
    known = facts.values.get((condition.category, name))
    if known is None:
        return None
    return _value_rule(condition, known)


def conditions_allow(group: ConditionGroup, facts: Facts) -> bool:
    """False only when ``group`` certainly fails given ``facts`` (else True).

    AND fails as soon as one rule certainly fails; OR fails only when every rule
    certainly fails. An empty group always matches.
    """
    if not group.rules:
        return True
    outcomes = [_rule_outcome(rule, facts) for rule in group.rules]
    if group.join == "and":
        return not any(outcome is False for outcome in outcomes)
    return not all(outcome is False for outcome in outcomes)
