"""Checkbox values as people type them.

One reading for every place a checkbox value is typed (the Update Contact Field step,
condition values, the inbox contact panel, form answers): On/Off — what the product
page tells users to write for Bot Status — true/false, yes/no, checked/unchecked and
1/0, in any case, and the JSON booleans themselves. The stored form is a JSON boolean.
"""

from __future__ import annotations

from typing import Final

from pydantic import JsonValue

CHECKBOX_WORDS: Final = {
    "on": True,
    "true": True,
    "yes": True,
    "checked": True,
    "1": True,
    "off": False,
    "false": False,
    "no": False,
    "unchecked": False,
    "0": False,
}


def parse_checkbox(value: JsonValue) -> bool | None:
    """``True``/``False`` for a checkbox value, None when ``value`` is not one.

    Args:
        value: typed text (``"On"``, ``" false "``), a JSON boolean, or the numbers 1/0.

    Returns:
        The boolean to store, or None when the value cannot be read as a checkbox.
    """
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return True if value == 1 else False if value == 0 else None
    if isinstance(value, str):
        return CHECKBOX_WORDS.get(value.strip().casefold())
    return None
