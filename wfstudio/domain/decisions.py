"""Pure decisions of the steps that depend on time or counters (no I/O, time passed in)."""

from __future__ import annotations

from datetime import datetime

from wfstudio.domain.dates import zone
from wfstudio.domain.steps.date_time import DateTimeConfig
from wfstudio.domain.steps.jump_to import JumpToConfig


def inside_date_time(config: DateTimeConfig, now: datetime) -> bool:
    """Whether ``now`` falls inside the step's business hours or date range.

    Business hours: a holiday (local date) is closed all day; otherwise open when the local
    time is inside one of the weekday's ranges (start included, end excluded). Date range:
    start ≤ local now < end.
    """
    local = now.astimezone(zone(config.timezone))
    if config.mode == "date_range":
        bounds = config.date_range.bounds()
        if bounds is None:
            return False
        naive = local.replace(tzinfo=None)
        return bounds[0] <= naive < bounds[1]
    if local.date().isoformat() in {day.strip() for day in config.holidays}:
        return False
    minute = local.hour * 60 + local.minute
    for time_range in config.business_hours.ranges_for(local.weekday()):
        limits = time_range.minutes()
        if limits is not None and limits[0] <= minute < limits[1]:
            return True
    return False


def jump(
    config: JumpToConfig, step_id: str, counters: dict[str, int]
) -> tuple[str | None, dict[str, int]]:
    """Where a Jump To step goes: (target, new counters), or (None, counters) once the
    maximum is reached (the contact then takes the ``next`` port)."""
    used = counters.get(step_id, 0)
    if not config.target or used >= config.max_jumps:
        return None, counters
    return config.target, {**counters, step_id: used + 1}
