"""Dates as contacts type them and as conditions compare them (SPEC §6).

Pure: "today", "now" and the timezone always arrive as arguments.

Decisions (the SPEC lists the formats, not these details):

- ``MM`` and ``DD`` accept one or two digits (``5/3/2024``); ``YYYY`` needs four digits and
  ``YY`` exactly two. ``MMM`` is a three-letter English month abbreviation in any case
  (``jan``, ``Jan``, ``JAN``); full month names are not one of the 11 formats.
- A two-digit year is put in the century that makes it at most 20 years after ``today``
  (in 2025: ``30`` → 2030, ``46`` → 1946, ``85`` → 1985), which suits birthdays and
  appointments alike.
- ``MM/DD`` takes the year of ``today``. Only the slash form exists (``MM-DD`` does not).
- Anything else, including impossible calendar dates (``02/30/2024``), gives None; the
  parsers never raise.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")

_MM = r"(?P<m>[0-9]{1,2})"
_MMM = r"(?P<mon>[A-Za-z]{3})"
_DD = r"(?P<d>[0-9]{1,2})"
_YYYY = r"(?P<y>[0-9]{4})"
_YY = r"(?P<yy>[0-9]{2})"

# The 11 formats of SPEC §6, in its order.
DATE_FORMATS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (label, re.compile(f"^{pattern}$"))
    for label, pattern in (
        ("MM/DD/YYYY", f"{_MM}/{_DD}/{_YYYY}"),
        ("YYYY/MM/DD", f"{_YYYY}/{_MM}/{_DD}"),
        ("MM/DD/YY", f"{_MM}/{_DD}/{_YY}"),
        ("MM-DD-YY", f"{_MM}-{_DD}-{_YY}"),
        ("MMM/DD/YYYY", f"{_MMM}/{_DD}/{_YYYY}"),
        ("MMM-DD-YYYY", f"{_MMM}-{_DD}-{_YYYY}"),
        ("MMM/DD/YY", f"{_MMM}/{_DD}/{_YY}"),
        ("MMM-DD-YY", f"{_MMM}-{_DD}-{_YY}"),
        ("MM/DD", f"{_MM}/{_DD}"),
        ("MM-DD-YYYY", f"{_MM}-{_DD}-{_YYYY}"),
        ("YYYY-MM-DD", f"{_YYYY}-{_MM}-{_DD}"),
    )
)

_ISO_DATETIME = re.compile(
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}"
    r"(?:[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?)?"
    r"(?:Z|[+-][0-9]{2}:?[0-9]{2})?$",
    re.IGNORECASE,
)
_RELATIVE = re.compile(
    r"^(?P<base>now|today|yesterday|tomorrow)"
    r"(?:\s*(?P<sign>[+-])\s*(?P<n>[0-9]{1,4})\s*(?P<unit>[a-z]+))?$"
)
_UNITS = {
    "m": "minutes",
    "min": "minutes",
    "mins": "minutes",
    "minute": "minutes",
    "minutes": "minutes",
    "h": "hours",
    "hour": "hours",
    "hours": "hours",
    "d": "days",
    "day": "days",
    "days": "days",
    "w": "weeks",
    "week": "weeks",
    "weeks": "weeks",
}


def parse_date(text: str, today: date) -> date | None:
    """The date ``text`` names in one of the 11 accepted formats, or None.

    Args:
        text: what the contact typed; surrounding spaces are ignored.
        today: the current date in the workspace timezone (for ``MM/DD`` and ``YY``).

    Returns:
        The date, or None when ``text`` matches no format or names no real day.
    """
    if not isinstance(text, str):
        return None
    text = text.strip()
    for _label, pattern in DATE_FORMATS:
        found = pattern.match(text)
        if found is None:
            continue
        parts = found.groupdict()
        if parts.get("mon") is not None:
            name = parts["mon"].lower()
            if name not in MONTHS:
                return None
            month = MONTHS.index(name) + 1
        else:
            month = int(parts["m"])
        if parts.get("y") is not None:
            year = int(parts["y"])
        elif parts.get("yy") is not None:
            year = _full_year(int(parts["yy"]), today)
        else:
            year = today.year
        try:
            return date(year, month, int(parts["d"]))
        except ValueError:
            return None
    return None


def _full_year(two_digits: int, today: date) -> int:
    year = today.year // 100 * 100 + two_digits
    if year > today.year + 20:
        year -= 100
    return year


def parse_datetime(text: str, tz: tzinfo) -> datetime | None:
    """An aware datetime from an ISO 8601 date or date-time, or None.

    Accepts ``2024-05-01``, ``2024-05-01T09:30``, ``2024-05-01 09:30:15``,
    ``2024-05-01T09:30:00Z`` and ``…+08:00``. A value without an offset is read in ``tz``;
    a date alone is midnight in ``tz``.
    """
    if not isinstance(text, str):
        return None
    text = text.strip()
    if not _ISO_DATETIME.match(text):
        return None
    try:
        value = datetime.fromisoformat(text.upper())
    except ValueError:
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=tz)


def parse_moment(text: str, *, now: datetime, tz: tzinfo) -> date | datetime | None:
    """A point in time for a comparison: a ``date`` when only a day is given, else a datetime.

    Accepted, case-insensitive: an ISO date-time (see :func:`parse_datetime`, returned
    aware), any of the 11 date formats (returned as a ``date``), and the relative values
    ``now``, ``today``, ``yesterday``, ``tomorrow``, optionally shifted: ``now - 2h``,
    ``today + 3d``, ``now+30 minutes``, ``today - 1 week``. Units: m/min/minutes, h/hours,
    d/days, w/weeks; a day is shifted on the calendar, so ``today`` stays a date unless
    it is shifted by minutes or hours. ``now`` must be aware; "today" is its date in ``tz``.
    """
    if not isinstance(text, str):
        return None
    cleaned = text.strip().lower()
    local_now = now.astimezone(tz)
    relative = _RELATIVE.match(cleaned)
    if relative is not None:
        return _relative(relative, local_now)
    day = parse_date(cleaned, local_now.date())
    return day if day is not None else parse_datetime(cleaned, tz)


def _relative(found: re.Match[str], local_now: datetime) -> date | datetime | None:
    base = found["base"]
    start: date | datetime
    if base == "now":
        start = local_now
    else:
        start = local_now.date() + timedelta(
            days={"today": 0, "yesterday": -1, "tomorrow": 1}[base]
        )
    if found["unit"] is None:
        return start
    unit = _UNITS.get(found["unit"])
    if unit is None:
        return None
    amount = int(found["n"]) * (-1 if found["sign"] == "-" else 1)
    if unit in ("minutes", "hours") and not isinstance(start, datetime):
        start = datetime.combine(start, datetime.min.time(), tzinfo=local_now.tzinfo)
    try:
        return start + timedelta(**{unit: amount})
    except OverflowError:
        return None


@lru_cache(maxsize=64)
def zone(name: str | None) -> tzinfo:
    """The timezone called ``name`` (an IANA name such as ``Asia/Kuala_Lumpur``).

    An empty or unknown name falls back to UTC rather than failing a whole run; the
    workspace settings are where a wrong name should be refused.
    """
    if not name:
        return ZoneInfo("UTC")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return ZoneInfo("UTC")
