"""Date & Time: checks whether the current time is inside a window, in a chosen timezone.

*success* is taken inside the window, *failure* outside (both always exist). Deciding
whether *now* is inside is the runtime's job; this module defines the config, its
checks and the pure helpers that interpret it.

Decisions SPEC leaves open:

* ``timezone`` is an IANA name (``Europe/Paris``); a new step starts with ``UTC``.
* Business hours: for each weekday a list of ``HH:MM``–``HH:MM`` ranges (several a day
  allowed; ``24:00`` may end a range to mean midnight). A range includes its start and
  excludes its end; each needs start < end. Overlapping ranges are allowed (the window
  is their union). A weekday with no range is closed all day, and at least one weekday
  must have a range. New steps start with Monday–Friday 09:00–17:00.
* Holidays (``YYYY-MM-DD``, in the step's timezone) are closed all day; business-hours
  mode only.
* Date range: ``start`` and ``end`` are ISO local datetimes in the step's timezone
  (``2024-12-24T18:00``), without an offset. A date alone is allowed: as ``start`` it
  means that day's 00:00, as ``end`` it includes that whole day. Inside means
  ``start <= now < end``, and start must be before end.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Final, Literal
from zoneinfo import available_timezones

from wfstudio.domain.issues import Code
from wfstudio.domain.kinds import CheckContext, Config, Port, StepSpec
from wfstudio.domain.steps._shared import duplicates

WEEKDAYS: Final = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
"""Weekday field names, in ``datetime.weekday()`` order."""

HH_MM: Final = re.compile(r"^(?:[01]\d|2[0-3]):[0-5]\d$")
ISO_DATE: Final = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@lru_cache(maxsize=1)
def known_timezones() -> frozenset[str]:
    """The IANA timezone names this system knows."""
    return frozenset(available_timezones())


def time_minutes(text: str, *, end: bool = False) -> int | None:
    """Minutes since midnight of ``HH:MM`` (``24:00`` only as an ``end``), or None."""
    if end and text == "24:00":
        return 24 * 60
    if not HH_MM.match(text):
        return None
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def parse_bound(text: str, *, end: bool = False) -> datetime | None:
    """A date-range bound as a naive local datetime, or None when it is not valid.

    A date alone as an ``end`` means the following midnight (the whole day included).
    """
    text = text.strip()
    if ISO_DATE.match(text):
        try:
            day = date.fromisoformat(text)
        except ValueError:
            return None
        moment = datetime(day.year, day.month, day.day)
        return moment + timedelta(days=1) if end else moment
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return None if moment.tzinfo is not None else moment


class TimeRange(Config):
    """Open from ``start`` (included) to ``end`` (excluded), ``HH:MM`` local time."""

    start: str = "09:00"
    end: str = "17:00"

    def minutes(self) -> tuple[int, int] | None:
        """(start, end) in minutes since midnight, or None when invalid."""
        start, end = time_minutes(self.start), time_minutes(self.end, end=True)
        if start is None or end is None or start >= end:
            return None
        return start, end


_WORKDAY: Final = (TimeRange(),)


class WeekHours(Config):
    monday: tuple[TimeRange, ...] = _WORKDAY
    tuesday: tuple[TimeRange, ...] = _WORKDAY
    wednesday: tuple[TimeRange, ...] = _WORKDAY
    thursday: tuple[TimeRange, ...] = _WORKDAY
    friday: tuple[TimeRange, ...] = _WORKDAY
    saturday: tuple[TimeRange, ...] = ()
    sunday: tuple[TimeRange, ...] = ()

    def ranges_for(self, weekday: int) -> tuple[TimeRange, ...]:
        """The ranges of ``weekday`` (0 = Monday, as ``datetime.weekday()``)."""
        ranges: tuple[TimeRange, ...] = getattr(self, WEEKDAYS[weekday])
        return ranges


class DateRange(Config):
    start: str = ""
    end: str = ""

    def bounds(self) -> tuple[datetime, datetime] | None:
        """(start, end) as naive local datetimes, end excluded; None when invalid."""
        start, end = parse_bound(self.start), parse_bound(self.end, end=True)
        if start is None or end is None or start >= end:
            return None
        return start, end


class DateTimeConfig(Config):
    timezone: str = "UTC"
    mode: Literal["business_hours", "date_range"] = "business_hours"
    business_hours: WeekHours = WeekHours()
    holidays: tuple[str, ...] = ()  # YYYY-MM-DD
    date_range: DateRange = DateRange()


class DateAndTime(StepSpec[DateTimeConfig]):
    kind = "date_time"
    label = "Date & Time"
    icon = "calendar-clock"
    description = "Continue one way inside business hours or a date range, another outside."
    group = "Flow"
    config_model = DateTimeConfig

    def ports(self, config: DateTimeConfig) -> list[Port]:
        return [Port("success", "Inside"), Port("failure", "Outside")]

    def check(self, config: DateTimeConfig, ctx: CheckContext) -> None:
        if ctx.require(config.timezone, "timezone", "The timezone") and (
            config.timezone not in known_timezones()
        ):
            ctx.error(
                Code.INVALID_VALUE,
                "timezone",
                f"“{config.timezone}” is not a known timezone (use a name like Europe/Paris).",
            )
        if config.mode == "business_hours":
            self._check_hours(config, ctx)
        else:
            self._check_range(config.date_range, ctx)

    def _check_hours(self, config: DateTimeConfig, ctx: CheckContext) -> None:
        hours = config.business_hours
        if not any(hours.ranges_for(day) for day in range(7)):
            ctx.error(
                Code.REQUIRED,
                "business_hours",
                "Set opening hours for at least one day of the week.",
            )
        for day, name in enumerate(WEEKDAYS):
            for index, time_range in enumerate(hours.ranges_for(day)):
                path = f"business_hours.{name}.{index}"
                where = f"{name.capitalize()}, range {index + 1}"
                start = time_minutes(time_range.start)
                end = time_minutes(time_range.end, end=True)
                if start is None:
                    ctx.error(
                        Code.INVALID_VALUE, f"{path}.start", f"{where}: the start must be HH:MM."
                    )
                if end is None:
                    ctx.error(Code.INVALID_VALUE, f"{path}.end", f"{where}: the end must be HH:MM.")
                if start is not None and end is not None and start >= end:
                    ctx.error(
                        Code.INVALID_VALUE,
                        f"{path}.end",
                        f"{where}: the end ({time_range.end}) must be after the start "
                        f"({time_range.start}).",
                    )
        for index, holiday in enumerate(config.holidays):
            if not ISO_DATE.match(holiday) or parse_bound(holiday) is None:
                ctx.error(
                    Code.INVALID_VALUE,
                    f"holidays.{index}",
                    f"Holiday {index + 1} “{holiday}” must be a date written YYYY-MM-DD.",
                )
        for index in duplicates(list(config.holidays)):
            ctx.error(
                Code.DUPLICATE,
                f"holidays.{index}",
                f"The holiday {config.holidays[index]} is listed twice.",
            )

    def _check_range(self, date_range: DateRange, ctx: CheckContext) -> None:
        start = end = None
        if ctx.require(date_range.start, "date_range.start", "The start of the date range"):
            start = parse_bound(date_range.start)
            if start is None:
                ctx.error(
                    Code.INVALID_VALUE,
                    "date_range.start",
                    "The start must be a date or date and time such as 2024-12-24T18:00, "
                    "without a UTC offset.",
                )
        if ctx.require(date_range.end, "date_range.end", "The end of the date range"):
            end = parse_bound(date_range.end, end=True)
            if end is None:
                ctx.error(
                    Code.INVALID_VALUE,
                    "date_range.end",
                    "The end must be a date or date and time such as 2024-12-26T09:00, "
                    "without a UTC offset.",
                )
        if start is not None and end is not None and start >= end:
            ctx.error(Code.INVALID_VALUE, "date_range.end", "The end must be after the start.")

    def summary(self, config: DateTimeConfig) -> str:
        if config.mode == "date_range":
            span = f"{config.date_range.start or '?'} → {config.date_range.end or '?'}"
            return f"{span} ({config.timezone})"
        open_days = [
            name[:3].capitalize()
            for day, name in enumerate(WEEKDAYS)
            if config.business_hours.ranges_for(day)
        ]
        days = ", ".join(open_days) if open_days else "no open days"
        return f"Business hours {days} ({config.timezone})"
