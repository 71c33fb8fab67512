"""Condition editors: a group of up to 10 conditions joined by AND/OR (trigger conditions)
and the branches of a Branch step (up to 9 groups, then Else).

Each condition is a row: category, field (contact field, variable or conversation fact,
when the category has one), operator, and a value control that follows the operator
(none, one value, two bounds, or a list) and the category (tags and channels from the
workspace, online/offline, or text). The operator menu offers only the operators that fit
the category and the field (a contact field by its type): the domain's table,
:func:`wfstudio.domain.condition_checks.operators_for`. Branches move up and down and can
be cloned.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from wfstudio.domain.condition_checks import (
    CATEGORY_LABELS,
    CATEGORY_OPERATORS,
    CONVERSATION_FACT_OPERATORS,
    FIELD_TYPE_OPERATORS,
    OPERATOR_LABELS,
)
from wfstudio.domain.definition import OPERATORS
from wfstudio.domain.limits import MAX_BRANCHES, MAX_CONDITIONS
from wfstudio.ui import styles
from wfstudio.ui.components import drawer_condition_values as cv
from wfstudio.ui.components import drawer_widgets as w
from wfstudio.ui.components.drawer_lists import add_button, move_buttons, remove_button
from wfstudio.ui.components.drawer_state import DrawerState

# Which operators a row offers, by "contact_field:<field type>", "conversation:<fact>" or
# the category (the domain's table, as one JavaScript object).
OPERATOR_CHOICES: Any = rx.Var.create(
    {
        **{f"contact_field:{kind}": list(ops) for kind, ops in FIELD_TYPE_OPERATORS.items()},
        **{f"conversation:{fact}": list(ops) for fact, ops in CONVERSATION_FACT_OPERATORS.items()},
        **{category: list(ops) for category, ops in CATEGORY_OPERATORS.items()},
    }
)
EVERY_OPERATOR: Any = rx.Var.create(list(OPERATORS))
OPERATOR_NAMES: Any = rx.Var.create(dict(OPERATOR_LABELS))
CONVERSATION_FACTS = (
    ("status", "Status"),
    ("source", "Opened by"),
    ("closing_category", "Closing category"),
)


def _field_control(rule: Any, path: Any, tid: Any) -> rx.Component:
    category, field = rule["category"].to(str), rule["field"].to(str)
    change = lambda chosen: DrawerState.set_field(f"{path}.field", chosen)  # noqa: E731
    variables = rx.foreach(
        DrawerState.flow_variables,
        lambda flow_name: rx.select.item(f"${flow_name}", value=flow_name),
    )
    return rx.match(
        category,
        (
            "contact_field",
            cv.select(field, change, w.source_items("fields"), f"{tid}-field", "Field…", "Field"),
        ),
        ("variable", cv.select(field, change, variables, f"{tid}-field", "Variable…", "Variable")),
        (
            "conversation",
            cv.select(
                field,
                change,
                cv.static_items(CONVERSATION_FACTS),
                f"{tid}-field",
                "Fact…",
                "Conversation fact",
            ),
        ),
        rx.fragment(),
    )


def operator_items(rule: Any) -> rx.Component:
    """The operators that fit the row's category and field (a contact field by its type)."""
    category, field = rule["category"].to(str), rule["field"].to(str)
    field_type = DrawerState.field_types.to(dict[str, str])[field].to(str)
    key = rx.cond(
        category == "contact_field",
        "contact_field:" + field_type,
        rx.cond(category == "conversation", "conversation:" + field, category),
    )
    fitting = rx.cond(OPERATOR_CHOICES.contains(key), OPERATOR_CHOICES[key], EVERY_OPERATOR)
    return rx.foreach(
        fitting.to(list[str]),
        lambda operator: rx.select.item(
            OPERATOR_NAMES[operator].to(str), value=operator, data_testid="operator-item"
        ),
    )


def condition_row(rules_path: Any, tid: Any, rule: Any, index: Any) -> rx.Component:
    path, here = f"{rules_path}.{index}", f"{tid}-{index}"
    return rx.vstack(
        rx.hstack(
            rx.box(
                cv.select(
                    rule["category"].to(str),
                    lambda chosen: DrawerState.set_field(f"{path}.category", chosen),
                    cv.static_items(CATEGORY_LABELS.items()),
                    f"{here}-category",
                    "Category…",
                    "Category",
                ),
                flex="1",
                min_width="0",
            ),
            remove_button(rules_path, index, here, "condition"),
            align="center",
            width="100%",
        ),
        _field_control(rule, path, here),
        w.issue_line(f"{path}.field"),
        cv.select(
            rule["operator"].to(str),
            lambda chosen: DrawerState.set_field(f"{path}.operator", chosen),
            operator_items(rule),
            f"{here}-operator",
            "Operator…",
            "Operator",
        ),
        w.issue_line(f"{path}.operator"),
        cv.value_control(rule, path, here),
        w.issue_line(f"{path}.value"),
        spacing="2",
        width="100%",
        padding="10px",
        border=styles.BORDER,
        border_radius="var(--radius-3)",
    )


def condition_group(group: Any, prefix: Any, tid: Any) -> rx.Component:
    """The conditions of ``group`` (a dict var at path ``prefix``), joined by AND or OR."""
    rules = group.to(dict)["rules"].to(list[dict[str, Any]])
    rules_path = f"{prefix}.rules"
    join = rx.segmented_control.root(
        rx.segmented_control.item("All (AND)", value="and"),
        rx.segmented_control.item("Any (OR)", value="or"),
        value=group.to(dict)["join"].to(str),
        on_change=lambda chosen: DrawerState.set_field(f"{prefix}.join", chosen),
        size="1",
        data_testid=f"{tid}-join",
    )
    return rx.vstack(
        rx.cond(
            rules.length() > 1,
            rx.hstack(rx.text("Match", size="1", color=styles.MUTED), join, align="center"),
        ),
        rx.foreach(
            rules,
            lambda rule, rule_index: condition_row(rules_path, f"{tid}-rule", rule, rule_index),
        ),
        w.issue_line(rules_path),
        add_button(
            "Add condition", rules_path, f"{tid}-condition-add", rules.length(), MAX_CONDITIONS
        ),
        spacing="2",
        width="100%",
    )


def trigger_conditions() -> rx.Component:
    return rx.vstack(
        rx.text("Conditions", size="2", weight="medium"),
        rx.text(
            "The trigger fires only when these match; none: always.", size="1", color=styles.MUTED
        ),
        condition_group(w.DOC["conditions"], "conditions", "drawer-conditions"),
        spacing="1",
        width="100%",
    )


def branches_editor(field: Any, scope: w.Scope) -> rx.Component:
    path = scope.path(field.key)
    branches = scope.value(field.key).to(list[dict[str, Any]])

    def branch(branch_group: Any, branch_index: Any) -> rx.Component:
        return rx.vstack(
            rx.hstack(
                rx.text("Branch ", branch_index + 1, size="2", weight="bold"),
                rx.spacer(),
                move_buttons(
                    path, branch_index, branches.length(), f"drawer-branch-{branch_index}", "branch"
                ),
                rx.tooltip(
                    rx.icon_button(
                        rx.icon("copy-plus", size=14),
                        on_click=DrawerState.clone_row(path, branch_index),
                        disabled=w.READ_ONLY | (branches.length() >= MAX_BRANCHES),
                        size="1",
                        variant="ghost",
                        color_scheme="gray",
                        aria_label="Clone branch",
                        data_testid=f"drawer-branch-{branch_index}-clone",
                    ),
                    content="Clone branch",
                ),
                rx.cond(
                    branches.length() > 1,
                    remove_button(path, branch_index, f"drawer-branch-{branch_index}", "branch"),
                ),
                align="center",
                width="100%",
            ),
            condition_group(
                branch_group, f"{path}.{branch_index}", f"drawer-branch-{branch_index}"
            ),
            spacing="2",
            width="100%",
            padding="12px",
            background="var(--gray-a2)",
            border_radius="var(--radius-3)",
        )

    return w.labelled(
        field,
        rx.vstack(
            rx.foreach(branches, branch),
            add_button("Add branch", path, "drawer-branch-add", branches.length(), MAX_BRANCHES),
            rx.text("Else: every contact no branch matches.", size="1", color=styles.MUTED),
            spacing="3",
            width="100%",
        ),
        path,
    )
