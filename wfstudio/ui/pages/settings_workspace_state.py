"""The Workspace tab's form: name, timezone and the default business hours."""

from __future__ import annotations

import dataclasses

import reflex as rx

from wfstudio.domain.steps.date_time import WEEKDAYS, WeekHours
from wfstudio.services import workspace as svc
from wfstudio.services.errors import Refused
from wfstudio.ui import context
from wfstudio.ui.audience import Audience, may_send
from wfstudio.ui.components.feedback import done_toast
from wfstudio.ui.events import event
from wfstudio.ui.pages.settings_models import HoursDay
from wfstudio.ui.pages.settings_state import acting

_NINE_TO_FIVE = {"start": "09:00", "end": "17:00"}


def _days(hours: WeekHours) -> list[HoursDay]:
    return [
        HoursDay(
            day=day,
            label=day.capitalize(),
            ranges=[{"start": r.start, "end": r.end} for r in getattr(hours, day)],
        )
        for day in WEEKDAYS
    ]


@may_send(Audience.MANAGERS)
class WorkspaceFormState(rx.State):
    name: rx.Field[str] = rx.field("")
    timezone: rx.Field[str] = rx.field("")
    days: rx.Field[list[HoursDay]] = rx.field(default_factory=list)
    general_error: rx.Field[str] = rx.field("")
    hours_error: rx.Field[str] = rx.field("")

    def _show(self, view: svc.WorkspaceView) -> None:
        self.name, self.timezone, self.days = view.name, view.timezone, _days(view.business_hours)

    @event
    async def load(self):
        workspace_id, _ = await acting(self)
        try:
            self._show(svc.get_workspace(context.engine(), workspace_id=workspace_id))
        except Refused as refusal:
            self.general_error = refusal.message
        self.hours_error = ""

    @event
    def set_name(self, value: str):
        self.name = value

    @event
    def set_timezone(self, value: str):
        self.timezone = value

    @event
    async def save_general(self):
        workspace_id, actor_id = await acting(self)
        try:
            view = svc.update_workspace(
                context.engine(),
                workspace_id=workspace_id,
                name=self.name,
                timezone=self.timezone,
                actor_id=actor_id,
            )
        except Refused as refusal:
            self.general_error = refusal.message
            return None
        self.general_error = ""
        self.name, self.timezone = view.name, view.timezone
        return done_toast("Workspace saved.")

    def _change(self, index: int, ranges: list[dict[str, str]]) -> None:
        self.days = [
            dataclasses.replace(day, ranges=ranges) if i == index else day
            for i, day in enumerate(self.days)
        ]

    @event
    def set_time(self, index: int, at: int, end: str, value: str):
        """``end`` is "start" or "end" of range ``at`` of day ``index``."""
        ranges = [dict(r) for r in self.days[index].ranges]
        ranges[at][end] = value
        self._change(index, ranges)

    @event
    def add_range(self, index: int):
        ranges = self.days[index].ranges
        added = {"start": ranges[-1]["end"], "end": "23:59"} if ranges else dict(_NINE_TO_FIVE)
        self._change(index, [*ranges, added])

    @event
    def remove_range(self, index: int, at: int):
        self._change(index, [r for i, r in enumerate(self.days[index].ranges) if i != at])

    @event
    async def save_hours(self):
        workspace_id, actor_id = await acting(self)
        try:
            view = svc.set_business_hours(
                context.engine(),
                workspace_id=workspace_id,
                hours={day.day: day.ranges for day in self.days},
                actor_id=actor_id,
            )
        except Refused as refusal:
            self.hours_error = refusal.message
            return None
        self.hours_error, self.days = "", _days(view.business_hours)
        return done_toast("Business hours saved.")
