"""What a drawer form is made of: one small descriptor per config field.

Each kind's form is a tuple of descriptors (see ``drawer_forms``); ``drawer_widgets``
renders them. Being plain data, they also tell which config fields a form covers (a test
compares them with the config models) and which issue paths the form shows beside a
field (the others are listed at the top of the drawer).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class When:
    """Show the field only while ``key`` holds one of ``values``.

    ``key`` is looked up in the config, or in the row being rendered when ``row``.
    """

    key: str
    values: tuple[Any, ...]
    row: bool = False


@dataclass(frozen=True, kw_only=True)
class Field:
    key: str
    label: str
    help: str = ""
    when: When | None = None
    width: str = ""  # in a row of a rows editor: a fixed width (the others share the rest)


@dataclass(frozen=True, kw_only=True)
class Text(Field):
    """A text input, or a text area when ``lines`` > 1; ``variables`` adds the $ menu."""

    lines: int = 1
    variables: bool = False
    max_chars: int | None = None
    placeholder: str = ""
    input_type: str = "text"  # "text", "url", "date", "time", "datetime-local"
    suggest: str = ""  # a datalist of suggestions, e.g. "timezones"


@dataclass(frozen=True, kw_only=True)
class Number(Field):
    low: float | None = None
    high: float | None = None
    step: float = 1
    placeholder: str = ""


@dataclass(frozen=True, kw_only=True)
class Choice(Field):
    """One of fixed ``options`` (value, label): a select for a Literal field.

    ``icons``: the values are lucide icon names, shown beside their labels.
    """

    options: tuple[tuple[str, str], ...]
    icons: bool = False


@dataclass(frozen=True, kw_only=True)
class Toggle(Field):
    """A switch for a bool field."""


@dataclass(frozen=True, kw_only=True)
class Pick(Field):
    """One workspace reference from ``source`` (a list of the choices state).

    ``none_label`` adds an item that clears the choice (e.g. "Any channel").
    ``fit_by`` and ``fits`` (contact fields only) offer only the fields whose type is in
    ``fits[<the config's fit_by value>]``, and the one chosen already.
    """

    source: str
    none_label: str = ""
    placeholder: str = "Choose…"
    fit_by: str = ""
    fits: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True, kw_only=True)
class PickMany(Field):
    """Several workspace references from ``source``, shown as removable badges."""

    source: str
    placeholder: str = "Add…"


@dataclass(frozen=True, kw_only=True)
class Checks(Field):
    """Several of fixed ``options``: one checkbox each (empty means "any")."""

    options: tuple[tuple[str, str], ...]


@dataclass(frozen=True, kw_only=True)
class Strings(Field):
    """A list of short texts, one input per row."""

    max_items: int | None = None
    placeholder: str = ""
    input_type: str = "text"
    add_label: str = "Add"


@dataclass(frozen=True, kw_only=True)
class Lines(Field):
    """A list of short texts edited in a text area, one per line (saved on blur)."""

    placeholder: str = ""


@dataclass(frozen=True, kw_only=True)
class Rows(Field):
    """A list of small models (options, headers …): one line of ``columns`` per item."""

    columns: tuple[Field, ...]
    max_items: int | None = None
    add_label: str = "Add"
    item_label: str = "Item"


@dataclass(frozen=True, kw_only=True)
class Duration(Field):
    """Whole seconds, edited as an amount and a unit (minutes, hours, days)."""

    low: int = 60
    high: int = 7 * 86_400


@dataclass(frozen=True, kw_only=True)
class Custom(Field):
    """A hand-written editor (``renderer`` in ``drawer_widgets.CUSTOM``) for a whole subtree."""

    renderer: str


Form = tuple[Field, ...]


def covered_keys(form: Iterable[Field]) -> set[str]:
    """The config keys a form edits."""
    return {field.key for field in form}


def shown_at(path: str, form: Iterable[Field], prefix: str = "config") -> str | None:
    """Where the form shows an issue about ``path``: the path of the issue line under the
    control concerned, or None when no control of the form concerns it.

    Lists edited as one control (badges, checkboxes, lines) show their items' issues
    under the whole list; a rows editor shows them under the row or the row's column;
    a custom editor shows every path of its subtree where it is.
    """
    parts = path.split(".")
    if len(parts) < 2 or parts[0] != prefix:
        return None
    for field in form:
        if field.key != parts[1]:
            continue
        here = f"{prefix}.{field.key}"
        rest = parts[2:]
        if isinstance(field, Custom):
            return path
        if isinstance(field, Rows | Strings) and rest and rest[0].isdigit():
            row = f"{here}.{rest[0]}"
            if isinstance(field, Rows) and len(rest) > 1:
                columns = {column.key for column in field.columns}
                return f"{row}.{rest[1]}" if rest[1] in columns else row
            return row
        return here
    return None
