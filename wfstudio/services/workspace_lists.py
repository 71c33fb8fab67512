"""What the workspace says about contacts and conversations: custom contact fields and
tags (rows), lifecycle stages and closing categories (ordered ``{"key", "label"}`` lists
on the workspace row)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal

from wfstudio.domain.refs import FIELD_TYPES, STANDARD_FIELD_LABELS, STANDARD_FIELDS
from wfstudio.services.errors import NotFound, Refused
from wfstudio.services.workspace_field_options import field_view, valid_options
from wfstudio.services.workspace_rules import (
    load_row,
    load_workspace,
    new_key,
    new_name,
    rename_row,
    require_settings_editor,
    rows,
    slug,
    unique_key,
)
from wfstudio.services.workspace_views import FieldView, Option
from wfstudio.store import repo_admin
from wfstudio.store.db import Engine, Session, session_scope
from wfstudio.store.tables import ContactField, Tag, Workspace

RESERVED_FIELD_KEYS = frozenset({"id", "name"})
"""Contact values that are not fields but that ``$contact.<key>`` already means."""
ListName = Literal["lifecycle_stages", "closing_categories"]

# --- contact fields ---------------------------------------------------------------------


def _require_custom_label(label: str, key: str = "") -> None:
    """Refuses a label or new key that a standard or built-in contact value has."""
    standard = {text.casefold() for text in STANDARD_FIELD_LABELS.values()}
    if key in STANDARD_FIELDS or label.strip().casefold() in standard:
        raise Refused(f'"{label}" is a standard field: every contact has it already.')
    if key in RESERVED_FIELD_KEYS:
        raise Refused(f'"{label}" would clash with $contact.{key}: choose another label.')


def insert_field(
    session: Session,
    workspace_id: int,
    *,
    label: str,
    type: str,
    options: Sequence[str] = (),
) -> ContactField:
    """Add a custom contact field; its key is a ``snake_case`` form of the label."""
    if type not in FIELD_TYPES:
        raise Refused(f'"{type}" is not a field type: choose {", ".join(FIELD_TYPES)}.')
    checked_options = valid_options(type, options)
    fields = rows(session, ContactField, workspace_id)
    label = new_name(label, "field", fields, attr="label")
    base = slug(label, "_") or "field"
    _require_custom_label(label, base)
    taken = [*STANDARD_FIELDS, *(f.key for f in fields)]
    row = ContactField(
        workspace_id=workspace_id,
        key=unique_key(base, taken, "_"),
        label=label,
        type=type,
        options=checked_options,
    )
    session.add(row)
    session.flush()
    return row


def add_field(
    engine: Engine,
    *,
    workspace_id: int,
    label: str,
    type: str = "text",
    options: Sequence[str] = (),
    actor_id: int | None = None,
) -> FieldView:
    """Add a custom contact field of one of ``FIELD_TYPES`` (text, number, date, …);
    a ``list`` field may come with its ``options``."""
    with session_scope(engine) as session:
        load_workspace(session, workspace_id)
        require_settings_editor(session, workspace_id, actor_id)
        row = insert_field(session, workspace_id, label=label, type=type, options=options)
        return field_view(row)


def rename_field(
    engine: Engine, *, workspace_id: int, key: str, label: str, actor_id: int | None = None
) -> FieldView:
    """Change a custom field's label (its key and type stay)."""
    with session_scope(engine) as session:
        require_settings_editor(session, workspace_id, actor_id)
        _require_custom_label(label)
        row = rename_row(session, ContactField, workspace_id, key, label, "field")
        return field_view(row)


def remove_field(
    engine: Engine, *, workspace_id: int, key: str, actor_id: int | None = None
) -> None:
    """Remove a custom field and every contact's value of it (standard fields stay)."""
    with session_scope(engine) as session:
        require_settings_editor(session, workspace_id, actor_id)
        if key in STANDARD_FIELDS:
            raise Refused(
                f'"{STANDARD_FIELD_LABELS[key]}" is a standard field: it cannot be removed.'
            )
        row = load_row(session, ContactField, workspace_id, key, "field")
        for contact in repo_admin.workspace_contacts(session=session, workspace_id=workspace_id):
            if key in contact.custom_fields:
                contact.custom_fields = {k: v for k, v in contact.custom_fields.items() if k != key}
                session.add(contact)
        session.delete(row)


# --- tags -------------------------------------------------------------------------------


def insert_tag(session: Session, workspace_id: int, *, label: str) -> Tag:
    tags = rows(session, Tag, workspace_id)
    label = new_name(label, "tag", tags, attr="label")
    tag = Tag(
        workspace_id=workspace_id, key=new_key(label, (t.key for t in tags), "tag"), label=label
    )
    session.add(tag)
    session.flush()
    return tag


def add_tag(
    engine: Engine, *, workspace_id: int, label: str, actor_id: int | None = None
) -> Option:
    with session_scope(engine) as session:
        load_workspace(session, workspace_id)
        require_settings_editor(session, workspace_id, actor_id)
        tag = insert_tag(session, workspace_id, label=label)
        return Option(tag.key, tag.label)


def rename_tag(
    engine: Engine, *, workspace_id: int, key: str, label: str, actor_id: int | None = None
) -> Option:
    with session_scope(engine) as session:
        require_settings_editor(session, workspace_id, actor_id)
        tag = rename_row(session, Tag, workspace_id, key, label, "tag")
        return Option(tag.key, tag.label)


def remove_tag(engine: Engine, *, workspace_id: int, key: str, actor_id: int | None = None) -> None:
    """Remove a tag from the workspace and from every contact that has it."""
    with session_scope(engine) as session:
        require_settings_editor(session, workspace_id, actor_id)
        tag = load_row(session, Tag, workspace_id, key, "tag")
        for contact in repo_admin.workspace_contacts(session=session, workspace_id=workspace_id):
            if key in contact.tags:
                contact.tags = [t for t in contact.tags if t != key]
                session.add(contact)
        session.delete(tag)


# --- lifecycle stages and closing categories (lists on the workspace) -------------------

_LIST_WHAT: Mapping[ListName, str] = {
    "lifecycle_stages": "lifecycle stage",
    "closing_categories": "closing category",
}


def list_options(items: Iterable[Any]) -> tuple[Option, ...]:
    """The ``{"key", "label"}`` items of a workspace list (a bare string is its own label)."""
    found = []
    for item in items:
        key, label = (
            (item.get("key"), item.get("label")) if isinstance(item, dict) else (item, item)
        )
        if isinstance(key, str) and key:
            label = label if isinstance(label, str) and label else key
            found.append(Option(key, str(label)))
    return tuple(found)


def _store(workspace: Workspace, name: ListName, items: Iterable[Option]) -> None:
    setattr(workspace, name, [{"key": o.key, "label": o.label} for o in items])


def add_list_item(workspace: Workspace, name: ListName, label: str) -> Option:
    """Append ``label`` to one of the workspace's keyed lists (the caller flushes)."""
    what = _LIST_WHAT[name]
    items = list_options(getattr(workspace, name))
    label = new_name(label, what, items, attr="label")
    option = Option(new_key(label, (o.key for o in items), "item"), label)
    setattr(workspace, name, [*getattr(workspace, name), {"key": option.key, "label": label}])
    return option


def _add_item(
    engine: Engine, workspace_id: int, name: ListName, label: str, actor_id: int | None
) -> Option:
    with session_scope(engine) as session:
        workspace = load_workspace(session, workspace_id)
        require_settings_editor(session, workspace_id, actor_id)
        option = add_list_item(workspace, name, label)
        session.add(workspace)
        return option


def _items(workspace: Workspace, name: ListName, key: str) -> tuple[Option, ...]:
    """The items of a workspace list, or :class:`NotFound` when none has ``key``."""
    items = list_options(getattr(workspace, name))
    if key not in {o.key for o in items}:
        raise NotFound(f'The {_LIST_WHAT[name]} "{key}" does not exist (any more).')
    return items


def _rename_item(
    engine: Engine, workspace_id: int, name: ListName, key: str, label: str, actor_id: int | None
) -> Option:
    with session_scope(engine) as session:
        workspace = load_workspace(session, workspace_id)
        require_settings_editor(session, workspace_id, actor_id)
        items = _items(workspace, name, key)
        label = new_name(label, _LIST_WHAT[name], items, attr="label", exclude=key)
        _store(workspace, name, (Option(o.key, label if o.key == key else o.label) for o in items))
        session.add(workspace)
        return Option(key, label)


def _remove_item(
    engine: Engine, workspace_id: int, name: ListName, key: str, actor_id: int | None
) -> None:
    with session_scope(engine) as session:
        workspace = load_workspace(session, workspace_id)
        require_settings_editor(session, workspace_id, actor_id)
        _store(workspace, name, (o for o in _items(workspace, name, key) if o.key != key))
        session.add(workspace)
        if name == "lifecycle_stages":
            repo_admin.clear_lifecycle_stage(session=session, workspace_id=workspace_id, key=key)


def add_lifecycle_stage(
    engine: Engine, *, workspace_id: int, label: str, actor_id: int | None = None
) -> Option:
    """Append a lifecycle stage (stages keep the order they were added in)."""
    return _add_item(engine, workspace_id, "lifecycle_stages", label, actor_id)


def rename_lifecycle_stage(
    engine: Engine, *, workspace_id: int, key: str, label: str, actor_id: int | None = None
) -> Option:
    return _rename_item(engine, workspace_id, "lifecycle_stages", key, label, actor_id)


def remove_lifecycle_stage(
    engine: Engine, *, workspace_id: int, key: str, actor_id: int | None = None
) -> None:
    """Remove a stage; contacts in it are left without a stage."""
    _remove_item(engine, workspace_id, "lifecycle_stages", key, actor_id)


def add_closing_category(
    engine: Engine, *, workspace_id: int, label: str, actor_id: int | None = None
) -> Option:
    return _add_item(engine, workspace_id, "closing_categories", label, actor_id)


def rename_closing_category(
    engine: Engine, *, workspace_id: int, key: str, label: str, actor_id: int | None = None
) -> Option:
    return _rename_item(engine, workspace_id, "closing_categories", key, label, actor_id)


def remove_closing_category(
    engine: Engine, *, workspace_id: int, key: str, actor_id: int | None = None
) -> None:
    """Remove a category; closed conversations keep it (they are history)."""
    _remove_item(engine, workspace_id, "closing_categories", key, actor_id)
