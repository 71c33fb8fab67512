"""Date & Time: timezone, business hours, holidays, date range; ports."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from tests.domain.steps.support import check, found, port_names
from wfstudio.domain.issues import Code
from wfstudio.domain.steps.date_time import DateAndTime, DateRange, TimeRange

SPEC = DateAndTime()
CLOSED: dict[str, list[Any]] = {
    day: [] for day in ("monday", "tuesday", "wednesday", "thursday", "friday")
}


def hours(**days: list[tuple[str, str]]) -> dict[str, Any]:
    return {
        "timezone": "Europe/Paris",
        "business_hours": {
            **CLOSED,
            **{day: [{"start": s, "end": e} for s, e in ranges] for day, ranges in days.items()},
        },
    }


def date_range(start: str, end: str) -> dict[str, Any]:
    return {"mode": "date_range", "date_range": {"start": start, "end": end}}


def test_default_config_is_valid_office_hours() -> None:
    assert check(SPEC, {}) == []
    config = SPEC.parse({})
    assert config.business_hours.ranges_for(0) == (TimeRange(start="09:00", end="17:00"),)
    assert config.business_hours.ranges_for(6) == ()


def test_several_ranges_a_day_and_holidays_are_fine() -> None:
    config = {
        **hours(monday=[("09:00", "12:00"), ("13:00", "24:00")], saturday=[("10:00", "14:00")]),
        "holidays": ["2024-12-25", "2025-01-01"],
    }
    assert check(SPEC, config) == []


def test_timezone_required() -> None:
    assert found(check(SPEC, {"timezone": ""})) == {(Code.REQUIRED, "config.timezone")}


def test_timezone_must_be_an_iana_name() -> None:
    issues = check(SPEC, {"timezone": "Mars/Olympus"})
    assert found(issues) == {(Code.INVALID_VALUE, "config.timezone")}


def test_business_hours_need_an_open_day() -> None:
    issues = check(SPEC, hours())
    assert found(issues) == {(Code.REQUIRED, "config.business_hours")}


@pytest.mark.parametrize(("start", "path"), [("9am", "start"), ("24:00", "start")])
def test_range_start_must_be_hh_mm(start: str, path: str) -> None:
    issues = check(SPEC, hours(tuesday=[("08:00", "10:00"), (start, "17:00")]))
    assert found(issues) == {(Code.INVALID_VALUE, f"config.business_hours.tuesday.1.{path}")}


def test_range_end_must_be_hh_mm() -> None:
    issues = check(SPEC, hours(friday=[("09:00", "25:00")]))
    assert found(issues) == {(Code.INVALID_VALUE, "config.business_hours.friday.0.end")}


@pytest.mark.parametrize("end", ["09:00", "08:59"])
def test_range_start_before_end(end: str) -> None:
    issues = check(SPEC, hours(monday=[("09:00", end)]))
    assert found(issues) == {(Code.INVALID_VALUE, "config.business_hours.monday.0.end")}


def test_holiday_must_be_a_date() -> None:
    issues = check(SPEC, {"holidays": ["2024-02-30", "25/12/2024"]})
    assert found(issues) == {
        (Code.INVALID_VALUE, "config.holidays.0"),
        (Code.INVALID_VALUE, "config.holidays.1"),
    }


def test_holiday_listed_once() -> None:
    issues = check(SPEC, {"holidays": ["2024-12-25", "2024-12-25"]})
    assert found(issues) == {(Code.DUPLICATE, "config.holidays.1")}


def test_date_range_good() -> None:
    assert check(SPEC, date_range("2024-12-24T18:00", "2024-12-26T09:00")) == []
    assert check(SPEC, date_range("2024-12-24", "2024-12-24")) == []


def test_date_range_bounds_required() -> None:
    issues = check(SPEC, date_range("", ""))
    assert found(issues) == {
        (Code.REQUIRED, "config.date_range.start"),
        (Code.REQUIRED, "config.date_range.end"),
    }


@pytest.mark.parametrize("bad", ["tomorrow", "2024-12-24T18:00+01:00", "2024-13-01"])
def test_date_range_bounds_must_be_local_iso_datetimes(bad: str) -> None:
    issues = check(SPEC, date_range(bad, bad))
    assert found(issues) == {
        (Code.INVALID_VALUE, "config.date_range.start"),
        (Code.INVALID_VALUE, "config.date_range.end"),
    }


def test_date_range_start_before_end() -> None:
    issues = check(SPEC, date_range("2024-12-26T09:00", "2024-12-24T18:00"))
    assert found(issues) == {(Code.INVALID_VALUE, "config.date_range.end")}


def test_date_range_ignores_business_hours_and_vice_versa() -> None:
    config = {
        **date_range("2024-01-01", "2024-01-02"),
        **{"business_hours": hours()["business_hours"]},
    }
    assert check(SPEC, config) == []
    assert check(SPEC, {"date_range": {"start": "x", "end": ""}}) == []


def test_date_only_end_includes_the_whole_day() -> None:
    bounds = DateRange(start="2024-12-24", end="2024-12-24").bounds()
    assert bounds == (datetime(2024, 12, 24), datetime(2024, 12, 25))


def test_time_range_minutes() -> None:
    assert TimeRange(start="13:30", end="24:00").minutes() == (810, 1440)
    assert TimeRange(start="13:30", end="13:00").minutes() is None


def test_ports_are_always_success_and_failure() -> None:
    assert port_names(SPEC, {}) == ["success", "failure"]
    assert all(port.always for port in SPEC.ports(SPEC.parse(date_range("a", "b"))))


def test_summary() -> None:
    assert SPEC.summary(SPEC.parse({})) == "Business hours Mon, Tue, Wed, Thu, Fri (UTC)"
