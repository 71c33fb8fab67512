"""Date parsing: the 11 answer formats of SPEC §6, ISO date-times and relative values."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wfstudio.domain.dates import DATE_FORMATS, parse_date, parse_datetime, parse_moment, zone

TODAY = date(2025, 6, 15)
KL = ZoneInfo("Asia/Kuala_Lumpur")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("03/07/2024", date(2024, 3, 7)),  # MM/DD/YYYY
        ("2024/03/07", date(2024, 3, 7)),  # YYYY/MM/DD
        ("03/07/24", date(2024, 3, 7)),  # MM/DD/YY
        ("03-07-24", date(2024, 3, 7)),  # MM-DD-YY
        ("Mar/07/2024", date(2024, 3, 7)),  # MMM/DD/YYYY
        ("Mar-07-2024", date(2024, 3, 7)),  # MMM-DD-YYYY
        ("Mar/07/24", date(2024, 3, 7)),  # MMM/DD/YY
        ("Mar-07-24", date(2024, 3, 7)),  # MMM-DD-YY
        ("03/07", date(2025, 3, 7)),  # MM/DD: year of today
        ("03-07-2024", date(2024, 3, 7)),  # MM-DD-YYYY
        ("2024-03-07", date(2024, 3, 7)),  # YYYY-MM-DD
    ],
)
def test_each_of_the_eleven_formats(text: str, expected: date) -> None:
    assert parse_date(text, TODAY) == expected


def test_there_are_exactly_eleven_formats() -> None:
    assert [label for label, _ in DATE_FORMATS] == [
        "MM/DD/YYYY",
        "YYYY/MM/DD",
        "MM/DD/YY",
        "MM-DD-YY",
        "MMM/DD/YYYY",
        "MMM-DD-YYYY",
        "MMM/DD/YY",
        "MMM-DD-YY",
        "MM/DD",
        "MM-DD-YYYY",
        "YYYY-MM-DD",
    ]


@pytest.mark.parametrize("text", ["mar/07/2024", "MAR-07-2024", "mAr/7/24", "  Mar/07/2024  "])
def test_month_names_ignore_case_and_spaces_around(text: str) -> None:
    assert parse_date(text, TODAY) == date(2024, 3, 7)


def test_single_digit_month_and_day() -> None:
    assert parse_date("5/3/2024", TODAY) == date(2024, 5, 3)


@pytest.mark.parametrize(
    ("text", "year"), [("01/01/30", 2030), ("01/01/45", 2045), ("01/01/46", 1946), ("1/1/85", 1985)]
)
def test_two_digit_years_at_most_twenty_years_ahead(text: str, year: int) -> None:
    assert parse_date(text, TODAY) == date(year, 1, 1)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "02/30/2024",  # no such day
        "13/01/2024",  # month 13
        "02/29/2023",  # not a leap year
        "02/29",  # MM/DD in a year that is not a leap year (2025)
        "03-07",  # MM-DD is not a format
        "Mar/07",  # MMM/DD is not a format
        "March/07/2024",  # full month names are not MMM
        "Foo/07/2024",
        "2024-03-07T10:00",  # a time is not a date answer
        "07.03.2024",
        "03/07/2024 extra",
        "2024/3/7/1",
        "03/07/024",
        "0000-01-01",
        "٠٣/٠٧/٢٠٢٤",  # non-ASCII digits
    ],
)
def test_refused(text: str) -> None:
    assert parse_date(text, TODAY) is None


def test_leap_day_with_mm_dd_in_a_leap_year() -> None:
    assert parse_date("02/29", date(2024, 1, 1)) == date(2024, 2, 29)


@given(st.text())
def test_parse_date_never_raises(text: str) -> None:
    result = parse_date(text, TODAY)
    assert result is None or isinstance(result, date)


@given(st.dates(min_value=date(1000, 1, 1)))
def test_iso_and_us_forms_round_trip(day: date) -> None:
    assert parse_date(day.isoformat(), TODAY) == day
    assert parse_date(day.strftime("%m/%d/%Y"), TODAY) == day
    assert parse_date(day.strftime("%b-%d-%Y"), TODAY) == day


def test_parse_datetime_reads_naive_values_in_the_given_zone() -> None:
    assert parse_datetime("2024-05-01T09:30", KL) == datetime(2024, 5, 1, 9, 30, tzinfo=KL)
    assert parse_datetime("2024-05-01 09:30:15", KL) == datetime(2024, 5, 1, 9, 30, 15, tzinfo=KL)
    assert parse_datetime("2024-05-01", KL) == datetime(2024, 5, 1, tzinfo=KL)


def test_parse_datetime_keeps_offsets() -> None:
    assert parse_datetime("2024-05-01T09:30:00Z", KL) == datetime(2024, 5, 1, 9, 30, tzinfo=UTC)
    expected = datetime(2024, 5, 1, 9, 30, tzinfo=timezone(timedelta(hours=8)))
    assert parse_datetime("2024-05-01T09:30:00+08:00", KL) == expected
    assert parse_datetime("2024-05-01t09:30:00+0800", KL) == expected


@pytest.mark.parametrize("text", ["", "yesterday", "2024-02-30T10:00", "2024-05-01T25:00", "x"])
def test_parse_datetime_refuses(text: str) -> None:
    assert parse_datetime(text, KL) is None


@given(st.text())
def test_parse_datetime_and_moment_never_raise(text: str) -> None:
    now = datetime(2025, 6, 15, 12, tzinfo=UTC)
    parse_datetime(text, KL)
    parse_moment(text, now=now, tz=KL)


NOW = datetime(2025, 6, 15, 20, 0, tzinfo=UTC)  # already June 16th, 04:00 in Kuala Lumpur


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", date(2025, 6, 16)),
        ("Yesterday", date(2025, 6, 15)),
        ("tomorrow", date(2025, 6, 17)),
        ("today + 3d", date(2025, 6, 19)),
        ("today-1 week", date(2025, 6, 9)),
        ("now", NOW.astimezone(KL)),
        ("now - 2h", NOW.astimezone(KL) - timedelta(hours=2)),
        ("now+30 minutes", NOW.astimezone(KL) + timedelta(minutes=30)),
        ("today + 6h", datetime(2025, 6, 16, 6, tzinfo=KL)),
        ("2024-03-07", date(2024, 3, 7)),
        ("03/07", date(2025, 3, 7)),
        ("Oct/05/2024", date(2024, 10, 5)),
        ("2024-03-07T08:00:00Z", datetime(2024, 3, 7, 8, tzinfo=UTC)),
    ],
)
def test_parse_moment(text: str, expected: date | datetime) -> None:
    result = parse_moment(text, now=NOW, tz=KL)
    assert result == expected
    assert type(result) is type(expected)


@pytest.mark.parametrize("text", ["now + 3 fortnights", "today +", "later", "now + 99999999d"])
def test_parse_moment_refuses(text: str) -> None:
    assert parse_moment(text, now=NOW, tz=KL) is None


def test_unknown_timezone_falls_back_to_utc() -> None:
    assert zone("Mars/Olympus") == ZoneInfo("UTC")
    assert zone("") == ZoneInfo("UTC")
    assert zone("Asia/Kuala_Lumpur") == KL
