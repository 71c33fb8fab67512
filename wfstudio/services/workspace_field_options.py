"""The options of a custom contact field of type ``list``: the choices a contact's value
is picked from (the Settings page edits them)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from wfstudio.services.errors import Refused
from wfstudio.services.workspace_rules import (
    clean_name,
    load_row,
    require_settings_editor,
)
from wfstudio.services.workspace_views import FieldView
from wfstudio.store.db import Engine, session_scope
from wfstudio.store.tables import ContactField

MAX_FIELD_OPTIONS = 100


def field_view(row: ContactField) -> FieldView:
    return FieldView(row.key, row.label, row.type, options=tuple(row.options))


def valid_options(type: str, options: Iterable[str]) -> list[str]:
    """A list field's choices: trimmed, non-empty, distinct ignoring case; none for
    fields of other types."""
    clean: list[str] = []
    for option in options:
        text = clean_name(str(option), "option")
        if text.casefold() in {o.casefold() for o in clean}:
            raise Refused(f'The option "{text}" is listed twice.')
        clean.append(text)
    if clean and type != "list":
        raise Refused("Only a field of type list has options.")
    if len(clean) > MAX_FIELD_OPTIONS:
        raise Refused(f"A list field has at most {MAX_FIELD_OPTIONS} options.")
    return clean


def set_field_options(
    engine: Engine,
    *,
    workspace_id: int,
    key: str,
    options: Sequence[str],
    actor_id: int | None = None,
) -> FieldView:
    """Replace the options of a ``list`` field. Contacts keep the values they have."""
    with session_scope(engine) as session:
        require_settings_editor(session, workspace_id, actor_id)
        row = load_row(session, ContactField, workspace_id, key, "field")
        if row.type != "list":
            raise Refused(f'"{row.label}" is a {row.type} field: only list fields have options.')
        row.options = valid_options(row.type, options)
        session.add(row)
        session.flush()
        return field_view(row)
