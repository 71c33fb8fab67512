"""Editing the contact from the Messages module's contact panel. Each edit fires the event
a workflow step's edit would (contact field updated, tag updated, lifecycle updated), so
published workflows with those triggers start.

Decisions:

* Values are checked like the Update Contact Field step checks a literal
  (:func:`~wfstudio.domain.steps.update_contact_field.fits_field_type`); an empty value
  clears the field. Numbers are stored as numbers, checkboxes (On/Off, true/false, any
  case) as JSON booleans.
* An edit that changes nothing fires nothing.
* Bot status is the standard field ``bot_status``: switching it fires "field updated".
"""

from __future__ import annotations

from pydantic import JsonValue

from wfstudio.domain.checkbox import parse_checkbox
from wfstudio.domain.refs import STANDARD_FIELD_LABELS, STANDARD_FIELDS, FieldType
from wfstudio.domain.steps.update_contact_field import fits_field_type
from wfstudio.domain.text import excerpt
from wfstudio.runtime.events import Event, FieldChanged, LifecycleChanged, TagChanged
from wfstudio.runtime.runner import Handled, Runtime
from wfstudio.services.checked_text import storable
from wfstudio.services.errors import NotFound, Refused
from wfstudio.services.inbox_common import load_actor, load_contact
from wfstudio.services.workspace_lists import list_options
from wfstudio.store import repo
from wfstudio.store.db import session_scope
from wfstudio.store.tables import Tag, Workspace

MAX_VALUE_CHARS = 1000


async def update_field(
    runtime: Runtime, *, user_id: int | None, contact_id: int, key: str, value: str
) -> Handled:
    """Set a standard or custom field to ``value`` ("" clears it)."""
    with session_scope(runtime.engine) as session:
        actor = load_actor(session, user_id)
        contact = load_contact(session, actor, contact_id)
        custom = {
            f.key: (f.label, f.type)
            for f in repo.workspace_fields(session=session, workspace_id=contact.workspace_id)
        }
        if key in STANDARD_FIELDS:
            label, field_type = STANDARD_FIELD_LABELS[key], STANDARD_FIELDS[key]
        elif key in custom:
            label, field_type = custom[key][0], custom[key][1]  # type: ignore[assignment]
        else:
            raise NotFound("This contact field does not exist (any more).")
        new = _typed(value, field_type, label)
        if key in STANDARD_FIELDS:
            old = getattr(contact, key)
            setattr(contact, key, bool(new) if key == "bot_status" else new)
        else:
            old = contact.custom_fields.get(key)
            contact.custom_fields = {**contact.custom_fields, key: new}
        if old == new:
            return Handled()
        session.add(contact)
    return await runtime.dispatch(
        FieldChanged(contact_id=contact_id, field_key=key, old_value=old, new_value=new)
    )


async def set_bot_status(
    runtime: Runtime, *, user_id: int | None, contact_id: int, on: bool
) -> Handled:
    """Switch the contact's Bot status."""
    return await update_field(
        runtime,
        user_id=user_id,
        contact_id=contact_id,
        key="bot_status",
        value="true" if on else "false",
    )


def _typed(value: str, field_type: FieldType, label: str) -> JsonValue:
    text = storable(value, label).strip()
    if len(text) > MAX_VALUE_CHARS:
        raise Refused(f"{label}: at most {MAX_VALUE_CHARS} characters.")
    if not fits_field_type(field_type, text):
        raise Refused(f"{label}: “{excerpt(text)}” is not a valid {field_type}.")
    if not text:
        return False if field_type == "checkbox" else None
    if field_type == "number":
        number = float(text.replace(",", ""))
        return int(number) if number.is_integer() else number
    if field_type == "checkbox":
        return parse_checkbox(text)
    if field_type == "email":
        return text.lower()
    return text


async def set_tag(
    runtime: Runtime, *, user_id: int | None, contact_id: int, tag: str, present: bool
) -> Handled:
    """Add (``present``) or remove a tag of the workspace on the contact."""
    with session_scope(runtime.engine) as session:
        actor = load_actor(session, user_id)
        contact = load_contact(session, actor, contact_id)
        if present and (
            repo.get_by_key(session=session, table=Tag, workspace_id=actor.workspace_id, key=tag)
            is None
        ):
            raise NotFound("This tag does not exist (any more).")
        if present == (tag in contact.tags):
            return Handled()
        contact.tags = [*contact.tags, tag] if present else [t for t in contact.tags if t != tag]
        session.add(contact)
    event: Event = TagChanged(
        contact_id=contact_id, tag=tag, action="added" if present else "removed"
    )
    return await runtime.dispatch(event)


async def set_lifecycle(
    runtime: Runtime, *, user_id: int | None, contact_id: int, stage: str
) -> Handled:
    """Move the contact to lifecycle ``stage`` ("" clears it)."""
    with session_scope(runtime.engine) as session:
        actor = load_actor(session, user_id)
        contact = load_contact(session, actor, contact_id)
        workspace = session.get(Workspace, contact.workspace_id)
        assert workspace is not None
        if stage and stage not in {o.key for o in list_options(workspace.lifecycle_stages)}:
            raise NotFound("This lifecycle stage does not exist (any more).")
        old = contact.lifecycle_stage
        if (old or "") == stage:
            return Handled()
        contact.lifecycle_stage = stage or None
        session.add(contact)
    return await runtime.dispatch(
        LifecycleChanged(contact_id=contact_id, old_stage=old, new_stage=stage or None)
    )
