"""Date & Time editors: business hours per weekday (several ranges a day) and a date range."""

from __future__ import annotations

from typing import Any

import reflex as rx

from wfstudio.domain.steps.date_time import WEEKDAYS, known_timezones
from wfstudio.ui import styles
from wfstudio.ui.components import drawer_widgets as w
from wfstudio.ui.components.drawer_lists import remove_button
from wfstudio.ui.components.drawer_state import DrawerState


def _time_input(path: Any, value: Any, label: str, testid: Any) -> rx.Component:
    return rx.input(
        type="time",
        value=value,
        on_change=lambda text: DrawerState.set_field(path, text),
        disabled=w.READ_ONLY,
        size="1",
        width="96px",
        aria_label=label,
        data_testid=testid,
    )


def _day(hours: Any, prefix: str, day: str) -> rx.Component:
    path = f"{prefix}.{day}"
    ranges = hours.to(dict)[day].to(list[dict[str, str]])
    tid = f"drawer-hours-{day}"

    def one(time_range: Any, range_index: Any) -> rx.Component:
        here = f"{path}.{range_index}"
        return rx.vstack(
            rx.hstack(
                _time_input(
                    f"{here}.start",
                    time_range["start"],
                    f"{day} opens",
                    f"{tid}-{range_index}-start",
                ),
                rx.text("–", color=styles.MUTED),
                _time_input(
                    f"{here}.end", time_range["end"], f"{day} closes", f"{tid}-{range_index}-end"
                ),
                remove_button(path, range_index, f"{tid}-{range_index}", "range"),
                align="center",
                spacing="2",
            ),
            w.issue_line(f"{here}.start"),
            w.issue_line(f"{here}.end"),
            spacing="1",
        )

    return rx.hstack(
        rx.text(day.capitalize()[:3], size="2", weight="medium", width="40px", padding_top="4px"),
        rx.vstack(
            rx.cond(ranges.length() == 0, rx.text("Closed", size="2", color=styles.MUTED)),
            rx.foreach(ranges, one),
            spacing="1",
            flex="1",
        ),
        rx.icon_button(
            rx.icon("plus", size=14),
            on_click=DrawerState.add_row(path),
            disabled=w.READ_ONLY,
            size="1",
            variant="soft",
            aria_label=f"Add a range on {day.capitalize()}",
            data_testid=f"{tid}-add",
        ),
        align="start",
        width="100%",
    )


def week_hours_editor(field: Any, scope: w.Scope) -> rx.Component:
    path = scope.path(field.key)
    hours = scope.value(field.key)
    return w.labelled(
        field,
        rx.vstack(*[_day(hours, path, day) for day in WEEKDAYS], spacing="2", width="100%"),
        path,
    )


def date_range_editor(field: Any, scope: w.Scope) -> rx.Component:
    path = scope.path(field.key)
    bounds = scope.value(field.key).to(dict)
    rows = [
        rx.vstack(
            rx.text(label, size="1", color=styles.MUTED),
            rx.input(
                type="datetime-local",
                value=bounds[key].to(str),
                on_change=lambda text, key=key: DrawerState.set_field(f"{path}.{key}", text),
                disabled=w.READ_ONLY,
                aria_label=label,
                data_testid=f"drawer-field-date_range-{key}",
            ),
            w.issue_line(f"{path}.{key}"),
            spacing="1",
            flex="1",
        )
        for key, label in (("start", "From"), ("end", "Until"))
    ]
    return w.labelled(field, rx.hstack(*rows, width="100%"), path)


def timezone_list() -> rx.Component:
    """The suggestions of the timezone input (``Text.suggest == "timezones"``)."""
    return rx.el.datalist(
        *[rx.el.option(value=name) for name in sorted(known_timezones())],
        id="drawer-timezones",
    )
