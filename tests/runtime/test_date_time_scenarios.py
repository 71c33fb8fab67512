"""The Date & Time step through the runtime on a fixed clock: one scenario per route.

The world's clock starts on Monday 2025-01-06 at 09:00 UTC (``tests.store.factories.NOW``).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.runtime.world import World, play
from wfstudio.domain.definition import Step

OPEN, CLOSED = "We are open", "We are closed"


def _check(**config: Any) -> tuple[Step, ...]:
    return (
        Step(
            id="check",
            kind="date_time",
            name="Check",
            config=config,
            next={"success": "open", "failure": "closed"},
        ),
        Step(id="open", kind="send_message", name="Open", config={"text": OPEN}),
        Step(id="closed", kind="send_message", name="Closed", config={"text": CLOSED}),
    )


def _run(world: World, *, later: timedelta = timedelta(), **config: Any) -> tuple[Any, ...]:
    """Publish a Date & Time check, move the clock by ``later``, let a contact write;
    the port the check took and what the contact was sent."""
    workflow_id = world.publish(*_check(**config))
    person = world.contact(firstname="Ana")
    world.clock.advance(later)

    async def scenario(w: World) -> None:
        await w.say(person, "hello")

    play(world, scenario)
    ports = dict(world.ports(workflow_id, person))
    return ports.get("check"), world.sent(person)


WEEKDAYS_9_TO_5: dict[str, Any] = {
    "timezone": "UTC",
    "mode": "business_hours",
    "business_hours": {
        day: [{"start": "09:00", "end": "17:00"}]
        for day in ("monday", "tuesday", "wednesday", "thursday", "friday")
    },
}


def test_inside_business_hours_takes_success(world: World) -> None:
    assert _run(world, **WEEKDAYS_9_TO_5) == ("success", [OPEN])


def test_outside_business_hours_takes_failure(world: World) -> None:
    # Monday 18:00 UTC: after the day's range ended.
    assert _run(world, later=timedelta(hours=9), **WEEKDAYS_9_TO_5) == ("failure", [CLOSED])


SPLIT_MONDAY: dict[str, Any] = {
    **WEEKDAYS_9_TO_5,
    "business_hours": {
        "monday": [{"start": "08:00", "end": "12:00"}, {"start": "13:00", "end": "19:00"}]
    },
}


def test_the_gap_between_two_ranges_of_a_day_is_closed(world: World) -> None:
    # Monday 12:30 UTC: lunch.
    later = timedelta(hours=3, minutes=30)
    assert _run(world, later=later, **SPLIT_MONDAY) == ("failure", [CLOSED])


def test_the_second_range_of_a_day_is_open(world: World) -> None:
    # Monday 14:00 UTC: the afternoon range.
    assert _run(world, later=timedelta(hours=5), **SPLIT_MONDAY) == ("success", [OPEN])


def test_a_holiday_takes_failure_inside_the_hours(world: World) -> None:
    config = {**WEEKDAYS_9_TO_5, "holidays": ["2025-01-06"]}
    assert _run(world, **config) == ("failure", [CLOSED])


def test_the_steps_time_zone_decides_not_utc(world: World) -> None:
    # Tuesday 01:00 UTC is 10:00 in Tokyo: open there, though closed in UTC.
    config = {**WEEKDAYS_9_TO_5, "timezone": "Asia/Tokyo"}
    assert _run(world, later=timedelta(hours=16), **config) == ("success", [OPEN])


def test_another_time_zone_can_be_closed_when_utc_is_open(world: World) -> None:
    # Monday 09:00 UTC is 04:00 in New York: closed there.
    config = {**WEEKDAYS_9_TO_5, "timezone": "America/New_York"}
    assert _run(world, **config) == ("failure", [CLOSED])


PARIS_MORNING: dict[str, Any] = {
    "timezone": "Europe/Paris",
    "mode": "date_range",
    "date_range": {"start": "2025-01-06T10:00", "end": "2025-01-06T12:00"},
}


def test_inside_a_date_range_in_its_time_zone_takes_success(world: World) -> None:
    # 09:00 UTC is 10:00 in Paris: the range has started.
    assert _run(world, **PARIS_MORNING) == ("success", [OPEN])


def test_the_end_of_a_date_range_is_outside(world: World) -> None:
    # 11:00 UTC is 12:00 in Paris: the end is excluded.
    assert _run(world, later=timedelta(hours=2), **PARIS_MORNING) == ("failure", [CLOSED])
