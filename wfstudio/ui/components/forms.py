"""Small form pieces the dialogs share."""

from __future__ import annotations

from typing import Any

import reflex as rx

from wfstudio.domain.limits import MAX_NAME_CHARS
from wfstudio.services.naming import MAX_DESCRIPTION_CHARS
from wfstudio.ui.components.feedback import error_callout


def field_label(text: str, for_id: str) -> rx.Component:
    """A label tied to the control with id ``for_id`` (so it names it for screen readers)."""
    return rx.text(text, as_="label", size="2", weight="medium", custom_attrs={"htmlFor": for_id})


def name_description_form(
    prefix: str,
    *,
    error: rx.Var[str],
    submit_label: str,
    on_submit: Any,
    name_default: rx.Var[str] | None = None,
    description_default: rx.Var[str] | None = None,
    description_label: str = "Description",
    new: bool = False,
) -> rx.Component:
    """The name + description form of the Add and Edit dialogs; controls get the ids and
    test ids ``<prefix>-name``, ``<prefix>-description``, ``<prefix>-error`` and
    ``<prefix>-submit``, and the submitted form data holds ``name`` and ``description``."""
    defaults: dict[str, dict[str, Any]] = {
        "name": {"default_value": name_default} if name_default is not None else {},
        "description": (
            {"default_value": description_default} if description_default is not None else {}
        ),
    }
    hints: dict[str, dict[str, Any]] = {
        "name": {"placeholder": "e.g. Welcome Message", "auto_focus": True} if new else {},
        "description": {"placeholder": "What does this workflow do?"} if new else {},
    }
    return rx.form(
        rx.vstack(
            field_label("Name", f"{prefix}-name"),
            rx.input(
                id=f"{prefix}-name",
                name="name",
                max_length=MAX_NAME_CHARS,
                width="100%",
                data_testid=f"{prefix}-name",
                **defaults["name"],
                **hints["name"],
            ),
            field_label(description_label, f"{prefix}-description"),
            rx.text_area(
                id=f"{prefix}-description",
                name="description",
                max_length=MAX_DESCRIPTION_CHARS,
                rows="3",
                width="100%",
                data_testid=f"{prefix}-description",
                **defaults["description"],
                **hints["description"],
            ),
            error_callout(error, f"{prefix}-error"),
            rx.hstack(
                rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray")),
                rx.button(submit_label, type="submit", data_testid=f"{prefix}-submit"),
                justify="end",
                width="100%",
                padding_top="8px",
            ),
            spacing="2",
        ),
        on_submit=on_submit,
    )
