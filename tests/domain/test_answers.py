"""Ask a Question reply validation, one block per question type (step-details §3.2)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wfstudio.domain.answers import (
    QUESTION_TYPES,
    Answer,
    check_answer,
    parse_location,
    retry_prompt,
)

TODAY = date(2025, 6, 15)


def check(kind: str, text: str, **kwargs: object) -> Answer:
    return check_answer(kind, text, today=TODAY, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize("kind", QUESTION_TYPES)
@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_blank_replies_are_invalid_for_every_type(kind: str, text: str) -> None:
    answer = check(kind, text, options=("Yes", "No"))
    assert not answer.valid
    assert answer.reason


def test_unknown_kind_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown question type"):
        check("colour", "red")


@given(kind=st.sampled_from(QUESTION_TYPES), text=st.text())
def test_check_answer_never_raises(kind: str, text: str) -> None:
    answer = check(kind, text, options=("Yes", "No", "10"), minimum=-5, maximum=5)
    assert isinstance(answer.valid, bool)


# text


def test_text_keeps_the_reply_without_surrounding_spaces() -> None:
    assert check("text", "  Hello  there ") == Answer(valid=True, value="Hello  there")


# multiple choice

OPTIONS = ("Sales", "Support", "Billing  team", "10")


@pytest.mark.parametrize(
    ("text", "value", "index"),
    [
        ("Sales", "Sales", 0),
        ("support", "Support", 1),
        ("  SUPPORT ", "Support", 1),
        ("billing team", "Billing  team", 2),
        ("1", "Sales", 0),
        ("2.", "Support", 1),
        ("3)", "Billing  team", 2),
        ("10", "10", 3),  # an option's exact text wins over its number
        ("4", "10", 3),
    ],
)
def test_multiple_choice(text: str, value: str, index: int) -> None:
    answer = check("multiple_choice", text, options=OPTIONS)
    assert answer.valid
    assert answer.value == value
    assert answer.option_index == index
    assert answer.option_number == index + 1


@pytest.mark.parametrize("text", ["Sale", "0", "5", "Sales and Support", "-1"])
def test_multiple_choice_refuses_other_replies(text: str) -> None:
    assert not check("multiple_choice", text, options=OPTIONS).valid


def test_multiple_choice_without_options_accepts_nothing() -> None:
    assert not check("multiple_choice", "1").valid


# number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("42", 42),
        ("-3.5", -3.5),
        ("+7", 7),
        (".5", 0.5),
        ("5.", 5.0),
        ("1e3", 1000.0),
        ("1,234.5", 1234.5),
        ("1,000,000", 1_000_000),
        (" 0 ", 0),
    ],
)
def test_number(text: str, value: float) -> None:
    answer = check("number", text)
    assert answer.valid
    assert answer.value == value
    assert type(answer.value) is type(value)


@pytest.mark.parametrize(
    "text", ["abc", "1,5", "12,34", "1 000", "nan", "inf", "1e999", "--1", "1.2.3", "e5", "."]
)
def test_number_refuses(text: str) -> None:
    assert not check("number", text).valid


def test_number_bounds_are_inclusive() -> None:
    assert check("number", "1", minimum=1, maximum=10).valid
    assert check("number", "10", minimum=1, maximum=10).valid
    below = check("number", "0.99", minimum=1, maximum=10)
    above = check("number", "10.5", minimum=1, maximum=10)
    assert not below.valid and "minimum" in below.reason
    assert not above.valid and "maximum" in above.reason


# date


@pytest.mark.parametrize(
    ("text", "value"),
    [("03/07/2024", "2024-03-07"), ("Mar-07-24", "2024-03-07"), ("12/25", "2025-12-25")],
)
def test_date_is_stored_as_iso(text: str, value: str) -> None:
    assert check("date", text) == Answer(valid=True, value=value)


@pytest.mark.parametrize("text", ["tomorrow", "02/30/2024", "25/12/2024"])
def test_date_refuses(text: str) -> None:
    assert not check("date", text).valid


# phone


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("60112233455", "+60112233455"),
        ("+60 11-2233 455", "+60112233455"),
        ("(+60) 11.2233.455", "+60112233455"),
        ("0060112233455", "+60112233455"),
        ("+1 (415) 555-0100", "+14155550100"),
        ("12345678", "+12345678"),
    ],
)
def test_phone(text: str, value: str) -> None:
    assert check("phone", text) == Answer(valid=True, value=value)


@pytest.mark.parametrize(
    "text",
    [
        "0112233455",  # national number: no country code
        "1234567",  # too short
        "1234567890123456",  # too long
        "+60 11 abc",
        "60+112233455",
        "phone me",
    ],
)
def test_phone_refuses(text: str) -> None:
    assert not check("phone", text).valid


# email


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("ali@example.com", "ali@example.com"),
        ("Ali.Baba+shop@Example.COM", "Ali.Baba+shop@example.com"),
        (" a_b@mail.co.uk ", "a_b@mail.co.uk"),
    ],
)
def test_email(text: str, value: str) -> None:
    assert check("email", text) == Answer(valid=True, value=value)


@pytest.mark.parametrize(
    "text",
    [
        "ali",
        "ali@",
        "@example.com",
        "ali@example",
        "ali@@example.com",
        "ali..baba@example.com",
        ".ali@example.com",
        "ali@-example.com",
        "ali@example.c0m",
        "ali baba@example.com",
        "a" * 65 + "@example.com",
    ],
)
def test_email_refuses(text: str) -> None:
    assert not check("email", text).valid


# url


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("https://example.com", "https://example.com"),
        ("HTTP://Example.COM/Menu?q=A", "http://example.com/Menu?q=A"),
        ("example.com", "https://example.com"),
        ("www.example.com/path#top", "https://www.example.com/path#top"),
        ("http://192.168.1.10:8080/x", "http://192.168.1.10:8080/x"),
        ("http://localhost:3000", "http://localhost:3000"),
        ("https://bücher.de", "https://bücher.de"),
        ("example.com:8080/x", "https://example.com:8080/x"),
    ],
)
def test_url(text: str, value: str) -> None:
    assert check("url", text) == Answer(valid=True, value=value)


@pytest.mark.parametrize(
    "text",
    [
        "ftp://example.com",
        "mailto:ali@example.com",
        "example",
        "https://",
        "https://exa mple.com",
        "http://example.com:99999",
        "javascript:alert(1)",
        "https://user:secret@example.com",
        "not a url",
    ],
)
def test_url_refuses(text: str) -> None:
    assert not check("url", text).valid


# rating


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1", 1),
        ("5", 5),
        ("4/5", 4),
        ("3 stars", 3),
        ("1 Star", 1),
        ("★★★", 3),
        ("★★★☆☆", 3),
        ("⭐⭐⭐⭐", 4),
        ("⭐️⭐️", 2),
        ("★ ★", 2),
    ],
)
def test_rating(text: str, value: int) -> None:
    assert check("rating", text) == Answer(valid=True, value=value)


@pytest.mark.parametrize("text", ["0", "6", "3.5", "★★★★★★", "☆☆☆", "★★★☆☆☆", "great"])
def test_rating_refuses(text: str) -> None:
    assert not check("rating", text).valid


# location


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("(3.1545313, 101.7151839)", "(3.1545313, 101.7151839)"),  # the docs' example
        ("3.1545313,101.7151839", "(3.1545313, 101.7151839)"),
        ("( -33.8688 , 151.2093 )", "(-33.8688, 151.2093)"),
        ("(101.7151839, 3.1545313)", "(3.1545313, 101.7151839)"),  # longitude first
        ("0, 0", "(0.0, 0.0)"),
    ],
)
def test_location(text: str, value: str) -> None:
    assert check("location", text) == Answer(valid=True, value=value)


@pytest.mark.parametrize(
    "text", ["(3.15)", "(3.15, 101.7", "3.15 101.7", "(95, 200)", "(abc, def)", "KL", "1,2,3"]
)
def test_location_refuses(text: str) -> None:
    assert not check("location", text).valid


def test_parse_location_gives_latitude_then_longitude() -> None:
    assert parse_location("(3.1545313, 101.7151839)") == (3.1545313, 101.7151839)
    assert parse_location("nowhere") is None


# the built-in sentence that asks again


@pytest.mark.parametrize(
    ("minimum", "maximum", "sentence"),
    [
        (1, 10, "Please reply with a number between 1 and 10."),
        (0.5, 2.5, "Please reply with a number between 0.5 and 2.5."),
        (-5, 0, "Please reply with a number between -5 and 0."),
        (1000, 1_000_000, "Please reply with a number between 1,000 and 1,000,000."),
        (1, None, "Please reply with a number of at least 1."),
        (None, 99.9, "Please reply with a number of at most 99.9."),
        (3, 3, "Please reply with the number 3."),
        (None, None, "Please reply with a number."),
    ],
)
def test_a_number_question_asks_again_naming_its_range(
    minimum: float | None, maximum: float | None, sentence: str
) -> None:
    assert retry_prompt("number", minimum=minimum, maximum=maximum) == sentence


def test_a_reply_outside_the_range_is_invalid_and_the_prompt_says_what_would_do() -> None:
    answer = check("number", "11", minimum=1, maximum=10)
    assert not answer.valid
    assert "between 1 and 10" in retry_prompt("number", minimum=1, maximum=10)


@pytest.mark.parametrize("kind", QUESTION_TYPES)
def test_every_question_type_has_its_own_prompt(kind: str) -> None:
    prompt = retry_prompt(kind, minimum=1, maximum=5)
    assert prompt.startswith("Please") and prompt.endswith(".")
    assert ("between 1 and 5" in prompt) == (kind == "number")
