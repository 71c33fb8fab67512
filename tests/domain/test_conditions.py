"""Condition evaluation: every operator of SPEC §6 over every category, and missing facts."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wfstudio.domain.conditions import Facts, branch_taken, evaluate, matches
from wfstudio.domain.definition import (
    CONDITION_CATEGORIES,
    OPERATORS,
    Condition,
    ConditionGroup,
)

NOW = datetime(2025, 6, 15, 20, 0, tzinfo=UTC)  # June 16th, 04:00 in Kuala Lumpur

FACTS = Facts(
    now=NOW,
    timezone="Asia/Kuala_Lumpur",
    contact={
        "firstname": "Aisyah",
        "lastname": "",
        "email": "Aisyah@Example.com",
        "phone": "+60 11-2233 455",
        "country": None,
        "bot_status": True,
        "age": 34,
        "score": "7.5",
        "birthday": "1990-03-07",
        "renewal": "2025-06-16",
        "last_order": "2025-06-15T19:00:00Z",
        "interests": ["Shoes", "Bags"],
        "plan": "Gold",
        "newsletter": "off",
        "website": "https://shop.example.com",
        "notes": [],
    },
    field_types={
        "age": "number",
        "score": "number",
        "birthday": "date",
        "renewal": "date",
        "last_order": "date",
        "interests": "list",
        "plan": "list",
        "newsletter": "checkbox",
        "website": "url",
        "notes": "list",
    },
    tags=frozenset({"vip", "returning"}),
    variables={
        "trigger.source": "Contact",
        "trigger.count": 3,
        "var.answer": "Yes please",
        "var.amount": "120.50",
        "var.when": "2025-06-20",
        "var.flag": False,
        "var.items": ["a", "b"],
        "var.empty": "",
    },
    assignee_status="online",
    channel="whatsapp_main",
    last_incoming_message="Hi, I want to TALK to a human please",
    conversation={"status": "open", "source": "contact", "closing_category": None},
)


def rule(category: str, operator: str, value: Any = None, field: str = "") -> Condition:
    return Condition.model_validate(
        {"category": category, "field": field, "operator": operator, "value": value}
    )


def check(category: str, operator: str, value: Any = None, field: str = "") -> bool:
    return matches(rule(category, operator, value, field), FACTS)


# contact_field


@pytest.mark.parametrize(
    ("operator", "field", "value", "expected"),
    [
        # equals / not_equals: text ignores case and spaces; numbers numeric; checkbox flags
        ("equals", "firstname", " aisyah ", True),
        ("equals", "firstname", "Aisya", False),
        ("not_equals", "firstname", "Ben", True),
        ("not_equals", "firstname", "AISYAH", False),
        ("equals", "email", "aisyah@example.COM", True),
        ("equals", "phone", "60112233455", True),
        ("equals", "phone", "+60 11 2233 456", False),
        ("equals", "phone", 60112233455, True),
        ("equals", "age", "34", True),
        ("equals", "age", 34.0, True),
        ("equals", "score", 7.50, True),
        ("not_equals", "age", 35, True),
        ("equals", "bot_status", "on", True),
        ("equals", "bot_status", True, True),
        ("equals", "bot_status", "false", False),
        ("not_equals", "bot_status", "off", True),
        ("equals", "newsletter", False, True),
        ("equals", "newsletter", "no", True),
        ("equals", "birthday", "03/07/1990", True),
        ("equals", "renewal", "today", True),  # June 16th in Kuala Lumpur
        ("equals", "website", "HTTPS://shop.example.com", True),
        ("equals", "plan", "gold", True),  # a single-valued list field
        ("equals", "interests", ["bags", "shoes"], True),  # same items, any order
        ("equals", "interests", "Shoes", False),
        ("equals", "firstname", ["Ben", "Aisyah"], True),  # is one of
        # contains / not_contains
        ("contains", "email", "@EXAMPLE", True),
        ("contains", "firstname", "xyz", False),
        ("not_contains", "firstname", "xyz", True),
        ("not_contains", "firstname", "syah", False),
        ("contains", "interests", "shoes", True),  # membership
        ("contains", "interests", "Sho", False),  # not a substring of an item
        ("contains", "interests", ["Hats", "Bags"], True),  # any listed value
        ("not_contains", "interests", "Hats", True),
        # exists / not_exists
        ("exists", "firstname", None, True),
        ("exists", "lastname", None, False),  # empty string does not exist
        ("exists", "country", None, False),  # None does not exist
        ("exists", "notes", None, False),  # empty list does not exist
        ("not_exists", "lastname", None, True),
        ("not_exists", "firstname", None, False),
        ("exists", "bot_status", None, True),
        # greater_than / less_than / between: numbers, and dates as dates
        ("greater_than", "age", 30, True),
        ("greater_than", "age", "34", False),
        ("less_than", "age", 34.5, True),
        ("less_than", "score", "7.4", False),
        ("between", "age", [30, 40], True),
        ("between", "age", [40, 30], True),  # either order
        ("between", "age", [34, 34], True),  # ends included
        ("between", "age", [35, 40], False),
        ("between", "age", [30], False),
        ("greater_than", "birthday", "1989-12-31", True),
        ("less_than", "birthday", "01/01/1990", False),
        ("between", "renewal", ["today", "today + 7d"], True),
        ("between", "birthday", ["Jan/01/1990", "Dec-31-1990"], True),
        ("greater_than", "firstname", "A", False),  # text is not ordered
        ("greater_than", "interests", 1, False),
        # has_any_of / has_all_of / has_none_of on list fields
        ("has_any_of", "interests", ["hats", "SHOES"], True),
        ("has_any_of", "interests", ["hats"], False),
        ("has_all_of", "interests", ["shoes", "bags"], True),
        ("has_all_of", "interests", ["shoes", "hats"], False),
        ("has_none_of", "interests", ["hats", "caps"], True),
        ("has_none_of", "interests", ["hats", "bags"], False),
        ("has_any_of", "plan", ["Silver", "Gold"], True),  # a single value is a list of one
        ("has_any_of", "interests", "Bags", True),
        # before / after: dates, date-times, relative values
        ("before", "birthday", "2000-01-01", True),
        ("after", "birthday", "2000-01-01", False),
        ("after", "renewal", "today", False),
        ("before", "renewal", "tomorrow", True),
        ("after", "renewal", "yesterday", True),
        ("after", "last_order", "now - 2h", True),
        ("before", "last_order", "now", True),
        # a date-time against a date value is compared as days in the workspace timezone:
        # 19:00 UTC on June 15th is 03:00 on June 16th in Kuala Lumpur.
        ("after", "last_order", "2025-06-15", True),
        ("before", "last_order", "2025-06-16", False),
        ("before", "last_order", "2025-06-15T19:30:00Z", True),
        ("after", "age", "2020-01-01", False),  # not a date
        ("before", "birthday", "someday", False),
    ],
)
def test_contact_field(operator: str, field: str, value: Any, expected: bool) -> None:
    assert check("contact_field", operator, value, field) is expected


@pytest.mark.parametrize("operator", OPERATORS)
def test_a_missing_field_never_raises_and_only_negative_operators_hold(operator: str) -> None:
    value: Any = [1, 2] if operator == "between" else ["x"] if operator.startswith("has") else "x"
    negative = operator in ("not_exists", "not_equals", "not_contains", "has_none_of")
    for field in ("no_such_field", "country", "lastname", "notes", ""):
        assert check("contact_field", operator, value, field) is negative, field


def test_custom_field_without_a_declared_type_is_inferred() -> None:
    facts = replace(FACTS, contact={"visits": "12", "seen": "2025-01-02"}, field_types={})
    assert matches(rule("contact_field", "greater_than", 9, "visits"), facts)
    assert matches(rule("contact_field", "equals", 12, "visits"), facts)
    assert matches(rule("contact_field", "before", "2025-02-01", "seen"), facts)


def test_text_field_is_never_compared_as_a_number() -> None:
    facts = replace(FACTS, contact={"code": "007"}, field_types={"code": "text"})
    assert not matches(rule("contact_field", "equals", "7", "code"), facts)
    assert matches(rule("contact_field", "equals", "007", "code"), facts)


# tags


@pytest.mark.parametrize(
    ("operator", "value", "expected"),
    [
        ("has_any_of", ["vip", "new"], True),
        ("has_any_of", ["new"], False),
        ("has_all_of", ["VIP", "returning"], True),
        ("has_all_of", ["vip", "new"], False),
        ("has_all_of", [], False),
        ("has_none_of", ["new", "churned"], True),
        ("has_none_of", ["vip"], False),
        ("exists", None, True),
        ("not_exists", None, False),
        ("contains", "vip", True),
        ("not_contains", "vip", False),
        ("equals", ["returning", "vip"], True),
        ("equals", "vip", False),
        ("not_equals", "vip", True),
    ],
)
def test_tags(operator: str, value: Any, expected: bool) -> None:
    assert check("tags", operator, value) is expected


def test_a_contact_without_tags() -> None:
    facts = replace(FACTS, tags=frozenset())
    assert matches(rule("tags", "not_exists"), facts)
    assert matches(rule("tags", "has_none_of", ["vip"]), facts)
    assert not matches(rule("tags", "has_any_of", ["vip"]), facts)
    assert not matches(rule("tags", "exists"), facts)


# variable


@pytest.mark.parametrize(
    ("operator", "field", "value", "expected"),
    [
        ("equals", "trigger.source", "contact", True),
        ("equals", "$trigger.source", "contact", True),  # a pasted "$" is tolerated
        ("not_equals", "trigger.source", "api", True),
        ("equals", "trigger.count", "3", True),
        ("greater_than", "trigger.count", 2, True),
        ("less_than", "var.amount", 100, False),
        ("between", "var.amount", ["100", "200"], True),
        ("contains", "var.answer", "YES", True),
        ("not_contains", "var.answer", "no", True),
        ("exists", "var.answer", None, True),
        ("exists", "var.empty", None, False),
        ("not_exists", "var.missing", None, True),
        ("equals", "var.flag", "off", True),
        ("equals", "var.flag", "false", True),
        ("after", "var.when", "today", True),
        ("before", "var.when", "2025-06-20T12:00", False),  # compared as days: the same day
        ("before", "var.when", "2025-06-21T00:00", True),
        ("before", "var.when", "06/21", True),
        ("has_any_of", "var.items", ["b", "c"], True),
        ("has_all_of", "var.items", ["a", "b"], True),
        ("has_none_of", "var.items", ["c"], True),
        ("contains", "var.items", "a", True),
        ("equals", "var.missing", "x", False),
        ("greater_than", "var.missing", 1, False),
    ],
)
def test_variable(operator: str, field: str, value: Any, expected: bool) -> None:
    assert check("variable", operator, value, field) is expected


# assignee_status


@pytest.mark.parametrize(
    ("status", "operator", "value", "expected"),
    [
        ("online", "equals", "online", True),
        ("online", "equals", "Offline", False),
        ("offline", "not_equals", "online", True),
        ("online", "exists", None, True),
        (None, "exists", None, False),
        (None, "not_exists", None, True),
        (None, "equals", "online", False),
        (None, "not_equals", "online", True),
        ("offline", "has_any_of", ["offline"], True),
    ],
)
def test_assignee_status(status: Any, operator: str, value: Any, expected: bool) -> None:
    facts = replace(FACTS, assignee_status=status)
    assert matches(rule("assignee_status", operator, value), facts) is expected


# channel


@pytest.mark.parametrize(
    ("operator", "value", "expected"),
    [
        ("equals", "whatsapp_main", True),
        ("equals", ["telegram", "whatsapp_main"], True),
        ("equals", ["telegram", "messenger"], False),
        ("not_equals", "telegram", True),
        ("not_equals", ["telegram", "whatsapp_main"], False),
        ("has_any_of", ["whatsapp_main"], True),
        ("has_none_of", ["whatsapp_main"], False),
        ("exists", None, True),
        ("contains", "whatsapp", True),
    ],
)
def test_channel(operator: str, value: Any, expected: bool) -> None:
    assert check("channel", operator, value) is expected


def test_no_channel() -> None:
    facts = replace(FACTS, channel=None)
    assert matches(rule("channel", "not_exists"), facts)
    assert not matches(rule("channel", "equals", "whatsapp_main"), facts)


# last_incoming_message


@pytest.mark.parametrize(
    ("operator", "value", "expected"),
    [
        ("contains", "talk to a human", True),
        ("contains", ["agent", "HUMAN"], True),
        ("contains", "robot", False),
        ("not_contains", "robot", True),
        ("equals", "hi, i want to talk to a human please", True),
        ("not_equals", "hi", True),
        ("exists", None, True),
        ("not_exists", None, False),
    ],
)
def test_last_incoming_message(operator: str, value: Any, expected: bool) -> None:
    assert check("last_incoming_message", operator, value) is expected


def test_no_incoming_message_yet() -> None:
    facts = replace(FACTS, last_incoming_message=None)
    assert matches(rule("last_incoming_message", "not_contains", "human"), facts)
    assert not matches(rule("last_incoming_message", "contains", "human"), facts)


# conversation


@pytest.mark.parametrize(
    ("operator", "field", "value", "expected"),
    [
        ("equals", "status", "open", True),
        ("not_equals", "status", "closed", True),
        ("equals", "source", ["user", "contact"], True),
        ("has_any_of", "source", ["api", "workflow"], False),
        ("exists", "closing_category", None, False),
        ("not_exists", "closing_category", None, True),
        ("equals", "closing_category", "resolved", False),
        ("exists", "no_such_fact", None, False),
    ],
)
def test_conversation(operator: str, field: str, value: Any, expected: bool) -> None:
    assert check("conversation", operator, value, field) is expected


# groups and branches


def test_empty_group_matches() -> None:
    assert evaluate(ConditionGroup(), FACTS)
    assert evaluate(ConditionGroup(join="or"), FACTS)


def test_and_or_joins() -> None:
    yes = rule("tags", "has_any_of", ["vip"])
    no = rule("channel", "equals", "telegram")
    assert evaluate(ConditionGroup(join="and", rules=(yes, yes)), FACTS)
    assert not evaluate(ConditionGroup(join="and", rules=(yes, no)), FACTS)
    assert evaluate(ConditionGroup(join="or", rules=(no, yes)), FACTS)
    assert not evaluate(ConditionGroup(join="or", rules=(no, no)), FACTS)


def test_first_matching_branch_wins() -> None:
    vip = ConditionGroup(rules=(rule("tags", "has_any_of", ["vip"]),))
    online = ConditionGroup(rules=(rule("assignee_status", "equals", "online"),))
    telegram = ConditionGroup(rules=(rule("channel", "equals", "telegram"),))
    assert branch_taken([telegram, vip, online], FACTS) == 1
    assert branch_taken([online, vip], FACTS) == 0
    assert branch_taken([telegram], FACTS) is None
    assert branch_taken([], FACTS) is None


def test_facts_need_an_aware_now() -> None:
    with pytest.raises(ValueError, match="aware"):
        Facts(now=datetime(2025, 1, 1))


def test_unknown_timezone_is_utc() -> None:
    facts = replace(FACTS, timezone="Nowhere/Special")
    # 20:00 UTC on June 15th: in UTC "today" is the 15th, so the renewal is after it.
    assert matches(rule("contact_field", "after", "today", "renewal"), facts)


def json_values(floats: st.SearchStrategy[float]) -> st.SearchStrategy[Any]:
    return st.recursive(
        st.none() | st.booleans() | st.integers() | floats | st.text(max_size=20),
        lambda inner: st.lists(inner, max_size=4),
        max_leaves=8,
    )


# A condition's value is JSON, so never NaN or infinite; a fact may be any float.
condition_values = json_values(st.floats(allow_nan=False, allow_infinity=False))
fact_values = json_values(st.floats())


@given(
    category=st.sampled_from(CONDITION_CATEGORIES),
    operator=st.sampled_from(OPERATORS),
    field=st.sampled_from(["", "age", "birthday", "interests", "var.amount", "status", "x"]),
    value=condition_values,
    fact=fact_values,
)
def test_matches_never_raises(
    category: str, operator: str, field: str, value: Any, fact: Any
) -> None:
    facts = replace(
        FACTS,
        contact={**FACTS.contact, field: fact},
        variables={**FACTS.variables, field: fact},
        conversation={field: fact},
    )
    assert matches(rule(category, operator, value, field), facts) in (True, False)
