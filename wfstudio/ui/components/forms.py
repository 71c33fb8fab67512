"""Small form pieces the dialogs share."""

from __future__ import annotations

import reflex as rx


def field_label(text: str, for_id: str) -> rx.Component:
    """A label tied to the control with id ``for_id`` (so it names it for screen readers)."""
    return rx.text(text, as_="label", size="2", weight="medium", custom_attrs={"htmlFor": for_id})
