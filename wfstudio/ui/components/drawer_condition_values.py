"""The value control of a condition row: it follows the operator (none, one value, two
bounds, or a list) and the category (workspace tags and channels, fixed facts, or text)."""

from __future__ import annotations

from typing import Any

import reflex as rx

from wfstudio.domain.condition_checks import LIST_OPERATORS, VALUELESS_OPERATORS
from wfstudio.ui.components import drawer_widgets as w
from wfstudio.ui.components.drawer_state import DrawerState

FIXED_VALUES = {
    "assignee_status": (("online", "Online"), ("offline", "Offline")),
    "status": (("open", "Open"), ("closed", "Closed")),
    "source": (("user", "User"), ("workflow", "Workflow"), ("contact", "Contact"), ("api", "API")),
}


def select(
    value: Any, on_change: Any, items: Any, testid: Any, placeholder: str, label: str
) -> rx.Component:
    return rx.select.root(
        rx.select.trigger(
            placeholder=placeholder, width="100%", aria_label=label, data_testid=testid
        ),
        rx.select.content(items),
        value=value,
        on_change=on_change,
        disabled=w.READ_ONLY,
    )


def static_items(pairs: Any) -> rx.Component:
    return rx.fragment(*[rx.select.item(label, value=value) for value, label in pairs])


def _single_value(rule: Any, path: Any, tid: Any) -> rx.Component:
    category, value = rule["category"].to(str), rule["value"].to(str)
    change = lambda chosen: DrawerState.set_field(f"{path}.value", chosen)  # noqa: E731

    def one_of(items: Any) -> rx.Component:
        return select(value, change, items, f"{tid}-value", "Value…", "Value")

    text = rx.input(
        value=value,
        on_change=change,
        placeholder="Value",
        disabled=w.READ_ONLY,
        width="100%",
        aria_label="Value",
        data_testid=f"{tid}-value",
    )
    by_fact = rx.match(
        rule["field"].to(str),
        ("status", one_of(static_items(FIXED_VALUES["status"]))),
        ("source", one_of(static_items(FIXED_VALUES["source"]))),
        ("closing_category", one_of(w.source_items("closing_categories"))),
        text,
    )
    return rx.match(
        category,
        ("tags", one_of(w.source_items("tags"))),
        ("channel", one_of(w.source_items("channels"))),
        ("assignee_status", one_of(static_items(FIXED_VALUES["assignee_status"]))),
        ("conversation", by_fact),
        text,
    )


def _list_value(rule: Any, path: Any, tid: Any) -> rx.Component:
    category = rule["category"].to(str)
    chosen = rule["value"].to(list[str])
    keyed = rx.vstack(
        rx.flex(
            rx.foreach(
                chosen,
                lambda value_key: rx.badge(
                    rx.cond(
                        category == "tags",
                        w.label_of("tags", value_key),
                        w.label_of("channels", value_key),
                    ),
                    rx.icon(
                        "x",
                        size=12,
                        cursor="pointer",
                        on_click=DrawerState.toggle_item(f"{path}.value", value_key),
                    ),
                    variant="soft",
                ),
            ),
            wrap="wrap",
            gap="6px",
        ),
        select(
            "",
            lambda key: DrawerState.toggle_item(f"{path}.value", key),
            rx.match(category, ("tags", w.source_items("tags")), w.source_items("channels")),
            f"{tid}-value",
            "Add…",
            "Values",
        ),
        spacing="1",
        width="100%",
    )
    text = chosen.join(", ")
    typed = rx.input(
        default_value=text,
        key=text,
        on_blur=lambda typed: DrawerState.set_field(f"{path}.value", typed),
        placeholder="Values, separated by commas",
        disabled=w.READ_ONLY,
        width="100%",
        aria_label="Values",
        data_testid=f"{tid}-value",
    )
    return rx.cond((category == "tags") | (category == "channel"), keyed, typed)


def _between(path: Any, rule: Any, tid: Any) -> rx.Component:
    bounds = rule["value"].to(list[str])
    return rx.hstack(
        *[
            rx.input(
                value=bounds[index].to(str),
                on_change=lambda text, index=index: DrawerState.set_field(
                    f"{path}.value.{index}", text
                ),
                placeholder=placeholder,
                disabled=w.READ_ONLY,
                aria_label=placeholder,
                data_testid=f"{tid}-value-{index}",
            )
            for index, placeholder in ((0, "From"), (1, "To"))
        ],
        width="100%",
    )


def value_control(rule: Any, path: Any, tid: Any) -> rx.Component:
    operator = rule["operator"].to(str)
    is_list = rx.Var.create(sorted(LIST_OPERATORS)).contains(operator)
    valueless = rx.Var.create(sorted(VALUELESS_OPERATORS)).contains(operator)
    return rx.cond(
        valueless,
        rx.fragment(),
        rx.cond(
            operator == "between",
            _between(path, rule, tid),
            rx.cond(is_list, _list_value(rule, path, tid), _single_value(rule, path, tid)),
        ),
    )
