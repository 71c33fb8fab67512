"""Checkbox values: On/Off as the product page writes them, and true/false, any case."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from tests.domain.steps.support import check, found
from wfstudio.domain.checkbox import CHECKBOX_WORDS, parse_checkbox
from wfstudio.domain.conditions import Facts, matches
from wfstudio.domain.definition import Condition
from wfstudio.domain.issues import Code
from wfstudio.domain.steps.update_contact_field import UpdateContactField, fits_field_type


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("On", True),
        ("on", True),
        (" ON ", True),
        ("Off", False),
        ("oFF", False),
        ("true", True),
        ("TRUE", True),
        ("False", False),
        ("yes", True),
        ("No", False),
        ("1", True),
        ("0", False),
        (True, True),
        (False, False),
        (1, True),
        (0, False),
        ("maybe", None),
        ("", None),
        (2, None),
        (None, None),
        (["on"], None),
    ],
)
def test_parse_checkbox(value: Any, expected: bool | None) -> None:
    assert parse_checkbox(value) is expected


@pytest.mark.parametrize("value", ["On", "off", "OFF", "true", "False"])
def test_update_contact_field_takes_on_off_for_bot_status(value: str) -> None:
    assert fits_field_type("checkbox", value)
    config = {"updates": [{"field": "bot_status", "value": value}]}
    assert check(UpdateContactField(), config) == []


def test_update_contact_field_names_on_off_when_refusing() -> None:
    config = {"updates": [{"field": "bot_status", "value": "maybe"}]}
    issues = check(UpdateContactField(), config)
    assert found(issues) == {(Code.TYPE_MISMATCH, "config.updates.0.value")}
    assert "On or Off" in issues[0].message


def _bot_status_is(stored: bool, typed: Any, operator: str = "equals") -> bool:
    facts = Facts(
        now=datetime(2025, 6, 15, tzinfo=UTC),
        timezone="UTC",
        contact={"bot_status": stored},
        field_types={},
        tags=frozenset(),
        variables={},
        assignee_status=None,
        channel=None,
        last_incoming_message=None,
        conversation={},
    )
    rule = Condition.model_validate(
        {"category": "contact_field", "field": "bot_status", "operator": operator, "value": typed}
    )
    return matches(rule, facts)


@pytest.mark.parametrize("word", sorted(CHECKBOX_WORDS))
def test_branch_and_trigger_conditions_read_every_checkbox_word(word: str) -> None:
    """A condition ``bot_status equals "On"`` matches as the step stores it."""
    for stored in (True, False):
        expected = CHECKBOX_WORDS[word] == stored
        assert _bot_status_is(stored, word) is expected, (stored, word)
        assert _bot_status_is(stored, word.upper()) is expected, (stored, word.upper())
        assert _bot_status_is(stored, word, "not_equals") is not expected, (stored, word)
