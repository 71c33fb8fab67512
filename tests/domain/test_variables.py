"""``$variables`` rendering and listing (SPEC §6, step-details §5)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wfstudio.domain.variables import Scope, has_variable, is_variable_name, render, variables_in

NOW = datetime(2025, 6, 15, 20, 5, 9, tzinfo=UTC)  # 04:05:09 on June 16th in Kuala Lumpur

SCOPE = Scope(
    now=NOW,
    timezone="Asia/Kuala_Lumpur",
    contact={
        "id": 1042,
        "firstname": "Aisyah",
        "lastname": "Rahman",
        "email": "aisyah@example.com",
        "phone": "+60112233455",
        "country": None,
        "city": "Kuala Lumpur",
        "nickname": "",
        "visits": 3.0,
        "vip": True,
        "interests": ["Shoes", "Bags"],
    },
    assignee={"name": "Ben Lee", "firstname": "Ben", "lastname": "Lee", "email": "ben@shop.io"},
    variables={
        "trigger.source": "contact",
        "var.answer": "Yes",
        "var.order": {"id": 7, "total": 12.5},
        "var.status": 200,
        "var.unset": None,
    },
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$contact.firstname", "Aisyah"),
        ("$contact.lastname", "Rahman"),
        ("$contact.name", "Aisyah Rahman"),
        ("$contact.email", "aisyah@example.com"),
        ("$contact.phone", "+60112233455"),
        ("$contact.id", "1042"),
        ("$contact.city", "Kuala Lumpur"),
        ("$assignee.name", "Ben Lee"),
        ("$assignee.firstname", "Ben"),
        ("$assignee.lastname", "Lee"),
        ("$assignee.email", "ben@shop.io"),
        ("$system.current_datetime", "2025-06-16 04:05:09"),
        ("$system.current_date", "2025-06-16"),
        ("$system.current_time", "04:05:09"),
        ("$trigger.source", "contact"),
        ("$var.answer", "Yes"),
    ],
)
def test_each_variable(text: str, expected: str) -> None:
    assert render(text, SCOPE) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hi $contact.firstname.", "Hi Aisyah."),
        ("Hi $contact.firstname, welcome!", "Hi Aisyah, welcome!"),
        ("$contact.firstname's order", "Aisyah's order"),
        ("($contact.firstname)", "(Aisyah)"),
        ("$contact.firstname$contact.lastname", "AisyahRahman"),
        ("Hi $contact.firstname.How are you?", "Hi Aisyah.How are you?"),
        ("Order $var.order.id", 'Order {"id":7,"total":12.5}.id'),  # names are one segment
        ("Hi $Contact.FirstName", "Hi Aisyah"),  # built-in names ignore case
    ],
)
def test_names_end_at_punctuation(text: str, expected: str) -> None:
    assert render(text, SCOPE) == expected


@pytest.mark.parametrize(
    "text",
    [
        "$contact.country",  # None: the literal placeholder is sent (step-details §5)
        "$contact.unknown_field",
        "$assignee.phone",  # not an assignee variable
        "$system.weather",
        "$trigger.missing",
        "$var.unset",
        "$unknown.thing",
        "$contact",
        "$5.00 only",
        "US$ 10",
        "$",
        "$.x",
    ],
)
def test_unknown_or_unset_variables_are_left_as_they_are(text: str) -> None:
    assert render(text, SCOPE) == text


def test_empty_string_renders_empty() -> None:
    assert render("[$contact.nickname]", SCOPE) == "[]"


def test_value_formats() -> None:
    assert render("$contact.visits visits", SCOPE) == "3 visits"
    assert render("$contact.vip", SCOPE) == "true"
    assert render("$contact.interests", SCOPE) == "Shoes, Bags"
    assert render("$var.status", SCOPE) == "200"


def test_contact_name_with_one_part() -> None:
    scope = replace(SCOPE, contact={"firstname": "Aisyah", "lastname": None})
    assert render("$contact.name", scope) == "Aisyah"
    scope = replace(SCOPE, contact={"lastname": "Rahman"})
    assert render("$contact.name", scope) == "Rahman"
    scope = replace(SCOPE, contact={"firstname": "", "lastname": ""})
    assert render("[$contact.name]", scope) == "[]"
    scope = replace(SCOPE, contact={})
    assert render("$contact.name", scope) == "$contact.name"


def test_assignee_name_falls_back_to_first_and_last() -> None:
    scope = replace(SCOPE, assignee={"firstname": "Ben", "lastname": "Lee"})
    assert render("$assignee.name", scope) == "Ben Lee"


def test_no_assignee_leaves_the_placeholder() -> None:
    scope = replace(SCOPE, assignee=None)
    assert render("Agent: $assignee.name", scope) == "Agent: $assignee.name"


def test_custom_field_and_variable_names_fall_back_to_ignoring_case() -> None:
    assert render("$contact.City", SCOPE) == "Kuala Lumpur"
    assert render("$var.ANSWER", SCOPE) == "Yes"


def test_double_dollar_is_a_literal_dollar() -> None:
    assert render("Price: $$10", SCOPE) == "Price: $10"
    assert render("$$contact.firstname", SCOPE) == "$contact.firstname"
    assert render("$$$contact.firstname", SCOPE) == "$Aisyah"


def test_unknown_timezone_renders_in_utc() -> None:
    scope = replace(SCOPE, timezone="Nowhere/Special")
    assert render("$system.current_datetime", scope) == "2025-06-15 20:05:09"


def test_scope_needs_an_aware_now() -> None:
    with pytest.raises(ValueError, match="aware"):
        Scope(now=datetime(2025, 1, 1))


def test_variables_in() -> None:
    text = "Hi $contact.firstname, $contact.firstname! $var.answer $$contact.id $5 $contakt.name."
    assert variables_in(text) == ["contact.firstname", "var.answer", "contakt.name"]
    assert variables_in("no variables") == []


@given(st.text())
def test_render_never_raises(text: str) -> None:
    assert isinstance(render(text, SCOPE), str)
    assert isinstance(variables_in(text), list)


no_dollar = st.text(alphabet=st.characters(blacklist_characters="$"))


@given(prefix=no_dollar, suffix=no_dollar)
def test_a_variable_is_replaced_in_any_surrounding_text(prefix: str, suffix: str) -> None:
    if suffix[:1].isascii() and (suffix[:1].isalnum() or suffix[:1] == "_"):
        suffix = f" {suffix}"  # a name character would continue the name
    rendered = render(f"{prefix}$contact.firstname{suffix}", SCOPE)
    assert rendered == f"{prefix}Aisyah{suffix}"


@given(st.text(alphabet=st.characters(blacklist_characters="$")))
def test_an_empty_scope_changes_nothing_but_escapes(text: str) -> None:
    empty = Scope(now=NOW)
    templated = f"{text}$contact.firstname{text}"
    assert render(templated, empty) == templated
    assert render(f"$${text}", empty) == f"${text}"


@pytest.mark.parametrize("name", ["order", "Order_ID", "a1", "_a", "x" * 64])
def test_valid_variable_names(name: str) -> None:
    assert is_variable_name(name)


@pytest.mark.parametrize("name", ["", "1a", "a b", "a-b", "a.b", "x" * 65, "é", "order\n"])
def test_invalid_variable_names(name: str) -> None:
    assert not is_variable_name(name)


def test_has_variable() -> None:
    assert has_variable("Hi $contact.firstname")
    assert not has_variable("costs $$5 or US$ 3, see $.data")
